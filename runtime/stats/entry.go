package stats

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// ringSize is the number of per-second slots an entry keeps. Locust's
// current rates read seconds L−12 … L−3 and its current percentiles reach
// back to second t−17 (see windowStart), so 24 seconds cover both with room
// for partials that reach the entry a little late (shards fold them
// in at least at every snapshot).
const ringSize = 24

// windowSeconds is Locust's CURRENT_RESPONSE_TIME_PERCENTILE_WINDOW.
const windowSeconds = 10

// nsSum is an exact 128-bit sum of nanoseconds, so that a 24-hour run at any
// rate cannot overflow and merged totals equal recorded ones bit for bit.
type nsSum struct{ Hi, Lo uint64 }

func (s *nsSum) add(ns uint64) {
	var c uint64
	s.Lo, c = bits.Add64(s.Lo, ns, 0)
	s.Hi += c
}

func (s *nsSum) addSum(o nsSum) {
	var c uint64
	s.Lo, c = bits.Add64(s.Lo, o.Lo, 0)
	s.Hi += o.Hi + c
}

// ms returns the sum in milliseconds.
func (s nsSum) ms() float64 {
	return (float64(s.Hi)*(1<<64) + float64(s.Lo)) / 1e6
}

// slot holds one second of an entry: request and failure counts for the
// current rates and a histogram for the current percentiles.
type slot struct {
	sec          int64 // Unix second; meaningful only if valid
	valid        bool
	merged       bool // hist is already part of the entry's cumulative histogram
	reqs, fails  int64
	minNs, maxNs int64 // of the timed samples; minNs is MaxInt64 when none
	hist         *hdr.PackedHistogram
}

func (sl *slot) reset(sec int64) {
	sl.sec, sl.valid, sl.merged = sec, true, false
	sl.reqs, sl.fails = 0, 0
	sl.minNs, sl.maxNs = math.MaxInt64, 0
	if sl.hist != nil {
		sl.hist.Reset() // keeps its storage: a busy slot does not reallocate
	}
}

// liveEntry is the mutable statistics of one (method, name) or of the
// Aggregated total; Stats.mu guards it.
type liveEntry struct {
	method, name string

	numRequests, numNone, numFailures int64
	sum                               nsSum
	minNs, maxNs                      int64 // minNs is MaxInt64 while nothing is timed
	contentLength                     int64
	startNs, lastNs                   int64
	hasLast                           bool
	// startFromSamples: the entry was created by a request and not reset
	// since, so its start is its earliest request (shards fold out of order).
	startFromSamples bool
	// firstSec is the second of the earliest sample since the start.
	firstSec int64
	hasFirst bool

	// cumulative holds every timed request except those in unmerged slots
	// (the newest second): a completed second is merged in once, when the
	// next second starts.
	cumulative *hdr.PackedHistogram
	ring       [ringSize]slot
	newestSec  int64
	hasNewest  bool

	// runSeconds, kept when keepSeconds is set (Stats.KeepRunSeconds),
	// counts the requests and failures of every second since the start,
	// ascending: Locust's num_reqs_per_sec and num_fail_per_sec.
	keepSeconds bool
	runSeconds  []SecondCount

	// version counts changes; with cacheFrom it lets Snapshot reuse the
	// previous immutable Entry of an idle entry.
	version   uint64
	cache     *Entry
	cacheVer  uint64
	cacheFrom int64
	cacheOK   bool
}

func newLiveEntry(method, name string, startNs int64) *liveEntry {
	e := &liveEntry{method: method, name: name, cumulative: newHist()}
	e.reset(startNs)
	return e
}

func (e *liveEntry) reset(startNs int64) {
	e.numRequests, e.numNone, e.numFailures = 0, 0, 0
	e.sum = nsSum{}
	e.minNs, e.maxNs = math.MaxInt64, 0
	e.contentLength = 0
	e.startNs, e.lastNs, e.hasLast = startNs, 0, false
	e.startFromSamples = false
	e.hasFirst = false
	e.cumulative.Reset()
	for i := range e.ring {
		e.ring[i].valid = false
		if e.ring[i].hist != nil {
			e.ring[i].hist.Reset()
		}
	}
	e.hasNewest = false
	e.runSeconds = nil
	e.version++
	e.cache = nil
}

// countRunSecond adds a partial's counts to runSeconds. Partials arrive
// about in time order, so this is an append or an update of the last
// second; a late one is inserted in place.
func (e *liveEntry) countRunSecond(sec, reqs, fails int64) {
	n := len(e.runSeconds)
	i := n
	if n > 0 && e.runSeconds[n-1].Unix >= sec {
		i, _ = slices.BinarySearchFunc(e.runSeconds, sec, func(c SecondCount, t int64) int { return cmp.Compare(c.Unix, t) })
	}
	if i < n && e.runSeconds[i].Unix == sec {
		e.runSeconds[i].Requests += reqs
		e.runSeconds[i].Failures += fails
		return
	}
	e.runSeconds = slices.Insert(e.runSeconds, i, SecondCount{Unix: sec, Requests: reqs, Failures: fails})
}

// absorb adds a shard's partial (Locust's log and log_error for each of its
// requests, all in one second). scratch is an empty histogram to drain the
// partial's count table into; absorb leaves it empty.
func (e *liveEntry) absorb(p *partial, scratch *hdr.PackedHistogram) {
	e.version++
	e.numRequests += p.reqs
	e.numNone += p.none
	e.numFailures += p.fails
	e.contentLength += p.length
	e.sum.addSum(p.sum)
	e.minNs = min(e.minNs, p.minNs)
	e.maxNs = max(e.maxNs, p.maxNs)
	if !e.hasLast || p.lastAt > e.lastNs {
		e.lastNs, e.hasLast = p.lastAt, true
	}
	if e.startFromSamples && p.firstAt < e.startNs {
		e.startNs = p.firstAt
	}
	if !e.hasFirst || p.sec < e.firstSec {
		e.firstSec, e.hasFirst = p.sec, true
	}
	if e.keepSeconds {
		e.countRunSecond(p.sec, p.reqs, p.fails)
	}
	sl := e.slotFor(p.sec)
	if sl != nil {
		sl.reqs += p.reqs
		sl.fails += p.fails
		sl.minNs = min(sl.minNs, p.minNs)
		sl.maxNs = max(sl.maxNs, p.maxNs)
	}
	if p.table.n == 0 {
		return
	}
	// Draining in bucket order into an empty histogram only appends; the
	// merges after it are linear.
	p.table.drainInto(scratch)
	defer scratch.Reset()
	if sl == nil { // too late for the ring: only the cumulative figures
		e.cumulative.Merge(scratch)
		return
	}
	if sl.hist == nil {
		sl.hist = newHist()
	}
	sl.hist.Merge(scratch)
	if sl.merged { // a completed second: cumulative has had its merge
		e.cumulative.Merge(scratch)
	}
}

// slotFor returns the slot of second sec, recycling an old one, or nil if
// sec is so old that its place holds a newer second.
func (e *liveEntry) slotFor(sec int64) *slot {
	if !e.hasNewest || sec > e.newestSec {
		// A new second starts: fold the completed ones into cumulative.
		for i := range e.ring {
			sl := &e.ring[i]
			if sl.valid && !sl.merged && sl.sec < sec {
				e.mergeSlot(sl)
			}
		}
		e.newestSec, e.hasNewest = sec, true
	}
	sl := &e.ring[ringIndex(sec)]
	if sl.valid && sl.sec == sec {
		return sl
	}
	if sl.valid && sl.sec > sec {
		return nil
	}
	if sl.valid && !sl.merged {
		e.mergeSlot(sl)
	}
	sl.reset(sec)
	// A late second that is already complete goes straight into cumulative
	// too, since the merge at its end has passed.
	sl.merged = sec < e.newestSec
	return sl
}

func (e *liveEntry) mergeSlot(sl *slot) {
	if sl.hist != nil {
		e.cumulative.Merge(sl.hist)
	}
	sl.merged = true
}

// hadSamples reports whether second sec logged any request.
func (e *liveEntry) hadSamples(sec int64) bool {
	sl := &e.ring[ringIndex(sec)]
	return sl.valid && sl.sec == sec && sl.reqs > 0
}

// windowStart is where the current-percentile window of a snapshot taken
// during second t starts, following Locust's response-times cache: Locust
// copies an entry's histogram under key s−1 at the first request of each
// new second s (not at the first request since the start), and under key
// c when the entry is created or reset during second c. The window is
// everything after the copy whose key is found first among t−10, t−11,
// t−9, t−12, t−8 … t−18, t−2: the seconds after k for a per-second copy,
// from c on for the start copy. ok is false when none exists (Locust's
// None). So the window is about 10 s while requests flow, and keeps the
// last busy second for a while after they stop, as Locust's does.
func (e *liveEntry) windowStart(t int64) (from int64, ok bool) {
	startSec := floorDiv(e.startNs, 1e9)
	try := func(k int64) (int64, bool) {
		if e.hasFirst && k+1 > e.firstSec && e.hadSamples(k+1) {
			return k + 1, true
		}
		if k == startSec {
			return k, true
		}
		return 0, false
	}
	if from, ok := try(t - windowSeconds); ok {
		return from, true
	}
	for i := int64(1); i <= 8; i++ {
		if from, ok := try(t - windowSeconds - i); ok {
			return from, true
		}
		if from, ok := try(t - windowSeconds + i); ok {
			return from, true
		}
	}
	return 0, false
}

// snapshot returns an immutable copy of the entry for a snapshot taken
// during second t, reusing the previous one when nothing it shows changed.
func (e *liveEntry) snapshot(t int64) *Entry {
	from, ok := e.windowStart(t)
	if e.cache != nil && e.cacheVer == e.version && e.cacheFrom == from && e.cacheOK == ok {
		return e.cache
	}
	out := &Entry{
		Method:             e.method,
		Name:               e.name,
		NumRequests:        e.numRequests,
		NumNoneRequests:    e.numNone,
		NumFailures:        e.numFailures,
		TotalContentLength: e.contentLength,
		StartTime:          unixTime(e.startNs),
		sum:                e.sum,
		minNs:              e.minNs,
		maxNs:              e.maxNs,
		hist:               e.cumulative.Clone(),
		window:             window{minNs: math.MaxInt64, ok: ok},
	}
	if e.hasLast {
		out.LastRequest = unixTime(e.lastNs)
	}
	for i := range e.ring {
		sl := &e.ring[i]
		if !sl.valid {
			continue
		}
		if !sl.merged && sl.hist != nil {
			out.hist.Merge(sl.hist)
		}
		if sl.reqs > 0 && sl.sec > e.newestSec-ringSize {
			out.PerSecond = append(out.PerSecond, SecondCount{Unix: sl.sec, Requests: sl.reqs, Failures: sl.fails})
		}
		if ok && sl.sec >= from && sl.hist != nil && sl.hist.TotalCount() > 0 {
			if out.window.hist == nil {
				out.window.hist = newHist()
			}
			out.window.hist.Merge(sl.hist)
			out.window.minNs = min(out.window.minNs, sl.minNs)
			out.window.maxNs = max(out.window.maxNs, sl.maxNs)
		}
	}
	sortSeconds(out.PerSecond)
	e.cache, e.cacheVer, e.cacheFrom, e.cacheOK = out, e.version, from, ok
	return out
}

// ringIndex is the slot of second sec.
func ringIndex(sec int64) int {
	i := sec % ringSize
	if i < 0 {
		i += ringSize
	}
	return int(i)
}

// floorDiv divides rounding towards minus infinity, so instants before 1970
// still fall into the right second.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
