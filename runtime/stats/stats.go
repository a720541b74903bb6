package stats

import (
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/gust-load/gust/runtime/clock"
)

// Stats collects request statistics for a run. Recording goes through
// shards (see shard.go), each with its own lock and per-row partials, so
// concurrent users neither wait on one mutex nor write the same memory: a
// shard takes the shared lock only to fold a row's partial in, about once a
// second per row, and when a snapshot is taken. All methods are safe for
// concurrent use.
type Stats struct {
	clock  clock.Clock
	shards []*shard
	next   atomic.Uint32 // round-robin shard for new Recorders

	mu         sync.Mutex // guards everything below; taken after a shard's lock
	gen        uint64     // counts Clears: partials re-resolve their entry
	entries    map[entryKey]*liveEntry
	total      *liveEntry
	errors     map[errorKey]*liveError
	exceptions map[string]*liveException
	seq        uint64
	scratch    *hdr.PackedHistogram // fold buffer
	// keepSeconds: entries keep their per-second counts of the whole run
	// (KeepRunSeconds).
	keepSeconds bool
}

type entryKey struct{ name, method string }

// New returns empty statistics whose start time is c.Now(). c dates every
// request that carries no StartTime, every reset and every snapshot.
func New(c clock.Clock) *Stats {
	n := 1
	for n < 2*runtime.GOMAXPROCS(0) {
		n <<= 1
	}
	n = min(max(n, 4), 64)
	s := &Stats{clock: c, shards: make([]*shard, n), scratch: newHist()}
	for i := range s.shards {
		s.shards[i] = newShard()
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

// addErrorLocked adds a shard's count of one error to the failures table;
// s.mu is held.
func (s *Stats) addErrorLocked(k errorKey, ep *errPartial) {
	le := s.errors[k]
	if le == nil {
		text := normalizeError(k.text)
		nk := errorKey{k.method, k.name, text}
		if le = s.errors[nk]; le == nil {
			s.seq++
			le = &liveError{errorKey: nk, firstNs: ep.firstAt, lastNs: ep.lastAt, seq: s.seq,
				key: errorKeyHash(k.method, k.name, text)}
			s.errors[nk] = le
		}
		// The raw text maps to the normalised row too, so the next fold of
		// the same error skips the normalisation.
		s.errors[k] = le
	}
	le.occurrences += ep.n
	le.firstNs = min(le.firstNs, ep.firstAt)
	le.lastNs = max(le.lastNs, ep.lastAt)
}

// lockAll takes every shard's lock and then the shared one, for a
// consistent cut (Reset, Clear); unlockAll releases them.
func (s *Stats) lockAll() {
	for _, sh := range s.shards {
		sh.mu.Lock()
	}
	s.mu.Lock()
}

func (s *Stats) unlockAll() {
	s.mu.Unlock()
	for _, sh := range s.shards {
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
	s.lockAll()
	defer s.unlockAll()
	for _, sh := range s.shards {
		sh.dropLocked(false)
	}
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
	s.lockAll()
	defer s.unlockAll()
	for _, sh := range s.shards {
		sh.dropLocked(true)
	}
	s.clearLocked(s.clock.Now().UnixNano())
}

func (s *Stats) clearLocked(now int64) {
	s.gen++
	s.entries = map[entryKey]*liveEntry{}
	s.total = newLiveEntry("", "Aggregated", now)
	s.total.keepSeconds = s.keepSeconds
	s.errors = map[errorKey]*liveError{}
	s.exceptions = map[string]*liveException{}
}

// KeepRunSeconds makes every entry keep its request and failure counts of
// each second of the run, which Locust's --json output lists
// (num_reqs_per_sec, num_fail_per_sec); SnapshotWithRunSeconds returns
// them. They cost 24 bytes per entry and second with traffic, so they are
// kept only when asked for.
func (s *Stats) KeepRunSeconds() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keepSeconds = true
	s.total.keepSeconds = true
	for _, e := range s.entries {
		e.keepSeconds = true
	}
}

// SnapshotWithRunSeconds is Snapshot with each entry's RunSeconds filled
// in (empty unless KeepRunSeconds was called). It copies them all, so it
// is meant for the end of a run.
func (s *Stats) SnapshotWithRunSeconds() *Snapshot {
	snap := s.Snapshot()
	s.mu.Lock()
	defer s.mu.Unlock()
	withSeconds := func(live *liveEntry, ent *Entry) *Entry {
		if live == nil || len(live.runSeconds) == 0 {
			return ent
		}
		cp := *ent // the cached entry may be shared with other snapshots
		cp.RunSeconds = slices.Clone(live.runSeconds)
		return &cp
	}
	snap.Total = withSeconds(s.total, snap.Total)
	for i, ent := range snap.Entries {
		snap.Entries[i] = withSeconds(s.entries[entryKey{name: ent.Name, method: ent.Method}], ent)
	}
	return snap
}

// Snapshot folds in what every shard holds and returns the statistics as
// an immutable value. Entries that did not change since the previous
// snapshot are shared with it rather than copied.
func (s *Stats) Snapshot() *Snapshot {
	for _, sh := range s.shards {
		sh.mu.Lock()
		s.mu.Lock()
		s.foldShardLocked(sh)
		s.mu.Unlock()
		sh.mu.Unlock()
	}
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
