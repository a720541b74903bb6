package stats

import (
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/gust-load/gust/runtime/clock"
)

// shardBuffer is how many samples a shard holds before it folds them into
// the entries. Bigger amortises the shared lock better; smaller bounds the
// memory (about 80 bytes a sample) and the time a flush holds the lock.
const shardBuffer = 256

// recentBits sizes the entry cache of lookup (128 entries).
const recentBits = 7

// Stats collects request statistics for a run. Recording goes through
// shards, each with its own lock and sample buffer, so concurrent users do
// not wait on one mutex: a shard takes the shared lock only to fold in a
// full buffer (once per shardBuffer samples) and when a snapshot is taken.
// All methods are safe for concurrent use.
type Stats struct {
	clock  clock.Clock
	shards []*shard
	next   atomic.Uint32 // round-robin shard for new Recorders

	mu         sync.Mutex // guards everything below
	entries    map[entryKey]*liveEntry
	recent     [1 << recentBits]*liveEntry // direct-mapped cache in front of entries, see lookup
	total      *liveEntry
	errors     map[errorKey]*liveError
	exceptions map[string]*liveException
	seq        uint64
}

type entryKey struct{ name, method string }

// shard is one recording lane. The padding keeps two shards' locks off one
// cache line.
type shard struct {
	mu  sync.Mutex
	n   int
	buf [shardBuffer]sample
	_   [64]byte
}

// New returns empty statistics whose start time is c.Now(). c dates every
// request that carries no StartTime, every reset and every snapshot.
func New(c clock.Clock) *Stats {
	n := 1
	for n < 2*runtime.GOMAXPROCS(0) {
		n <<= 1
	}
	n = min(max(n, 4), 64)
	s := &Stats{clock: c, shards: make([]*shard, n)}
	for i := range s.shards {
		s.shards[i] = &shard{}
	}
	s.clearLocked(c.Now().UnixNano())
	return s
}

// Recorder is a recording handle bound to one shard. Give each user
// goroutine its own (Stats.Recorder) so that users spread over the shards.
// A Recorder may also be shared; it is safe for concurrent use.
type Recorder struct {
	s  *Stats
	sh *shard
}

// Recorder returns a new handle; successive handles use successive shards.
func (s *Stats) Recorder() *Recorder {
	i := s.next.Add(1)
	return &Recorder{s: s, sh: s.shards[int(i)&(len(s.shards)-1)]}
}

// Record logs one finished request (Locust's request event: log_request and,
// for a failure, log_error). It does not allocate.
func (r *Recorder) Record(req *Request) {
	at := r.s.finishTime(req)
	r.sh.mu.Lock()
	r.s.put(r.sh, req, at)
	r.sh.mu.Unlock()
}

// Record logs one finished request without a handle, on the first free shard
// from a start chosen by the request's time; Recorder.Record avoids the probing.
func (s *Stats) Record(req *Request) {
	at := s.finishTime(req)
	mask := uint64(len(s.shards) - 1)
	h := uint64(at) * 0x9E3779B97F4A7C15 >> 32 // spread nanoseconds over shards
	for i := uint64(0); i <= mask; i++ {
		sh := s.shards[(h+i)&mask]
		if sh.mu.TryLock() {
			s.put(sh, req, at)
			sh.mu.Unlock()
			return
		}
	}
	sh := s.shards[h&mask]
	sh.mu.Lock()
	s.put(sh, req, at)
	sh.mu.Unlock()
}

// finishTime dates a request by when it finished, the moment Locust logs
// it: StartTime + ResponseTime, or the clock when StartTime is unset. This
// keeps the clock (a vDSO call or worse) off the recording path.
func (s *Stats) finishTime(req *Request) int64 {
	if req.StartTime.IsZero() {
		return s.clock.Now().UnixNano()
	}
	at := req.StartTime.UnixNano()
	if req.ResponseTime > 0 {
		at += int64(req.ResponseTime)
	}
	return at
}

// put appends to the shard's buffer, folding it in when full; sh.mu is held.
func (s *Stats) put(sh *shard, req *Request, at int64) {
	sh.buf[sh.n] = sample{
		method: req.Method,
		name:   req.Name,
		err:    req.Error,
		rt:     int64(req.ResponseTime),
		length: req.ResponseLength,
		at:     at,
	}
	if req.ResponseTime < 0 {
		sh.buf[sh.n].rt = -1
	}
	sh.n++
	if sh.n == len(sh.buf) {
		s.mu.Lock()
		s.flushLocked(sh)
		s.mu.Unlock()
	}
}

// flushLocked folds a shard's samples into the entries; sh.mu and s.mu are
// held (always in that order).
func (s *Stats) flushLocked(sh *shard) {
	for i := 0; i < sh.n; i++ {
		sm := &sh.buf[i]
		e := s.lookup(sm)
		e.add(sm)
		s.total.add(sm)
		if sm.err != "" {
			s.addErrorLocked(sm)
		}
	}
	sh.n = 0
}

// lookup finds or creates the entry of a sample; s.mu is held. A small
// direct-mapped cache, indexed by a few bytes of the name rather than a hash
// of all of it, answers most look-ups: comparing the cached strings is
// nearly free when they are the very same strings, as names from one call
// site are.
func (s *Stats) lookup(sm *sample) *liveEntry {
	n := len(sm.name)
	h := uint32(n)
	if n > 0 {
		h |= uint32(sm.name[n-1])<<8 | uint32(sm.name[n/2])<<16 | uint32(sm.name[(n-1)*3/4])<<24
	}
	if len(sm.method) > 0 {
		h ^= uint32(sm.method[0]) * 0x01000193
	}
	h = (h * 0x9E3779B1) >> (32 - recentBits)
	slot := &s.recent[h]
	if e := *slot; e != nil && e.name == sm.name && e.method == sm.method {
		return e
	}
	k := entryKey{sm.name, sm.method}
	e := s.entries[k]
	if e == nil {
		e = newSampleEntry(sm)
		s.entries[k] = e
	}
	*slot = e
	return e
}

func (s *Stats) addErrorLocked(sm *sample) {
	k := errorKey{sm.method, sm.name, sm.err}
	le := s.errors[k]
	if le == nil {
		text := normalizeError(sm.err)
		if text != sm.err { // group by the normalised text
			k.text = text
			le = s.errors[k]
		}
		if le == nil {
			s.seq++
			le = &liveError{errorKey: k, firstNs: sm.at, lastNs: sm.at, seq: s.seq,
				key: errorKeyHash(sm.method, sm.name, text)}
			s.errors[k] = le
		}
		if text != sm.err {
			// Remember the raw text too, so the next identical error skips
			// the normalisation; both keys share one row.
			s.errors[errorKey{sm.method, sm.name, sm.err}] = le
		}
	}
	le.occurrences++
	le.firstNs = min(le.firstNs, sm.at)
	le.lastNs = max(le.lastNs, sm.at)
}

// flushAll folds every shard's buffered samples into the entries.
func (s *Stats) flushAll() {
	for _, sh := range s.shards {
		sh.mu.Lock()
		if sh.n > 0 {
			s.mu.Lock()
			s.flushLocked(sh)
			s.mu.Unlock()
		}
		sh.mu.Unlock()
	}
}

// dropBuffered discards samples not yet folded in: they belong before a
// reset or clear.
func (s *Stats) dropBuffered() {
	for _, sh := range s.shards {
		sh.mu.Lock()
		clear(sh.buf[:sh.n]) // release the strings
		sh.n = 0
		sh.mu.Unlock()
	}
}

// RecordException counts a task exception (Locust's runner.log_exception):
// grouped by traceback, keeping the first message, adding node to the set of
// nodes where it happened (LocalNode in a standalone run).
func (s *Stats) RecordException(node, message, traceback string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	le := s.exceptions[traceback]
	if le == nil {
		s.seq++
		le = &liveException{message: message, traceback: traceback, nodes: map[string]struct{}{},
			firstNs: s.clock.Now().UnixNano(), seq: s.seq}
		s.exceptions[traceback] = le
	}
	le.count++
	le.nodes[node] = struct{}{}
}

// Reset is Locust's reset_all (--reset-stats, the web UI's reset): every
// entry and the total are zeroed with their start time set to now, and the
// errors are cleared; entries stay (as zero rows) and exceptions stay —
// call ResetExceptions too for the web UI's reset, as Locust clears
// runner.exceptions there.
func (s *Stats) Reset() {
	s.dropBuffered()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now().UnixNano()
	for _, e := range s.entries {
		e.reset(now)
	}
	s.total.reset(now)
	s.errors = map[errorKey]*liveError{}
}

// ResetExceptions clears the exceptions table.
func (s *Stats) ResetExceptions() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.exceptions = map[string]*liveException{}
}

// Clear is Locust's clear_all, run when a new test starts: entries, errors
// and exceptions are dropped and the start time is now.
func (s *Stats) Clear() {
	s.dropBuffered()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clearLocked(s.clock.Now().UnixNano())
}

func (s *Stats) clearLocked(now int64) {
	s.entries = map[entryKey]*liveEntry{}
	s.recent = [len(s.recent)]*liveEntry{}
	s.total = newLiveEntry("", "Aggregated", now)
	s.errors = map[errorKey]*liveError{}
	s.exceptions = map[string]*liveException{}
}

// Snapshot folds in every buffered sample and returns the statistics as an
// immutable value. Entries that did not change since the previous snapshot
// are shared with it rather than copied.
func (s *Stats) Snapshot() *Snapshot {
	s.flushAll()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock.Now()
	t := floorDiv(now.UnixNano(), 1e9)
	snap := &Snapshot{
		Time:    now.UTC(),
		Entries: make([]*Entry, 0, len(s.entries)),
		Total:   s.total.snapshot(t),
	}
	for _, e := range s.entries {
		snap.Entries = append(snap.Entries, e.snapshot(t))
	}
	sortEntries(snap.Entries)

	errs := make([]*liveError, 0, len(s.errors))
	seen := make(map[*liveError]bool, len(s.errors))
	for _, le := range s.errors {
		if !seen[le] { // a row can be stored under its raw and normalised text
			seen[le] = true
			errs = append(errs, le)
		}
	}
	sort.Slice(errs, func(i, j int) bool {
		if errs[i].firstNs != errs[j].firstNs {
			return errs[i].firstNs < errs[j].firstNs
		}
		return errs[i].seq < errs[j].seq
	})
	for _, le := range errs {
		snap.Errors = append(snap.Errors, &Error{
			Method: le.method, Name: le.name, Error: le.text, Occurrences: le.occurrences,
			FirstSeen: unixTime(le.firstNs), LastSeen: unixTime(le.lastNs), Key: le.key,
		})
	}

	exc := make([]*liveException, 0, len(s.exceptions))
	for _, le := range s.exceptions {
		exc = append(exc, le)
	}
	sort.Slice(exc, func(i, j int) bool {
		if exc[i].firstNs != exc[j].firstNs {
			return exc[i].firstNs < exc[j].firstNs
		}
		return exc[i].seq < exc[j].seq
	})
	for _, le := range exc {
		nodes := make([]string, 0, len(le.nodes))
		for n := range le.nodes {
			nodes = append(nodes, n)
		}
		sort.Strings(nodes)
		snap.Exceptions = append(snap.Exceptions, &Exception{
			Count: le.count, Message: le.message, Traceback: le.traceback, Nodes: nodes,
			FirstSeen: unixTime(le.firstNs),
		})
	}
	return snap
}
