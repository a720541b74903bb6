package stats

import (
	"math"
	"sync"
)

// Recording happens in shards. Each shard keeps, under its own lock, a
// partial per (name, method) it has seen — counters and a count table of
// the current second — and a partial for the total, so a Record touches
// only memory of its shard. A partial is folded into the shared entries,
// under Stats.mu, when its second ends, when its table fills up and when a
// snapshot is taken: about once a second per shard and row instead of once
// per request.

// recentBits sizes each shard's direct-mapped partial cache (128 slots).
const recentBits = 7

// tableMax bounds a partial's count table: a partial that reaches this
// many distinct buckets within a second (a table of 128 KB) is folded
// early. Big enough that a busy row folds about once a second, since every
// fold sorts its buckets.
const tableMax = 8192

// idleSnapshots is how many snapshots a partial may stay empty before its
// shard lets it go, so memory follows the rows in use.
const idleSnapshots = 3

// shard is one recording lane. The padding keeps two shards' locks off one
// cache line.
type shard struct {
	mu     sync.Mutex
	recent [1 << recentBits]*partial
	parts  map[entryKey]*partial
	total  partial
	errs   map[errorKey]*errPartial
	_      [64]byte
}

func newShard() *shard {
	return &shard{parts: map[entryKey]*partial{}, errs: map[errorKey]*errPartial{}}
}

// partial is what a shard has recorded for one row since the last fold,
// all within one second.
type partial struct {
	key  entryKey
	e    *liveEntry // resolved at the first fold; gen tells if still current
	gen  uint64
	has  bool // holds at least one request
	sec  int64
	idle int

	reqs, none, fails, length int64
	sum                       nsSum
	minNs, maxNs              int64 // of timed requests; minNs is MaxInt64 when none
	firstAt, lastAt           int64
	table                     countTable
}

// errPartial counts one (method, name, error) in a shard since the last fold.
type errPartial struct {
	n               int64
	firstAt, lastAt int64
	idle            int
}

// add records one request; the caller has checked that sec is p's second.
func (p *partial) add(req *Request, at, sec int64, failed bool) {
	if !p.has {
		p.has, p.sec = true, sec
		p.firstAt, p.lastAt = at, at
		p.minNs, p.maxNs = math.MaxInt64, 0
	}
	p.reqs++
	p.length += req.ResponseLength
	p.firstAt = min(p.firstAt, at)
	p.lastAt = max(p.lastAt, at)
	if failed {
		p.fails++
	}
	rt := int64(req.ResponseTime)
	if rt < 0 {
		p.none++
		return
	}
	p.sum.add(uint64(rt))
	p.minNs = min(p.minNs, rt)
	p.maxNs = max(p.maxNs, rt)
	p.table.add(bucketIndex(micros(rt)))
}

// clearData empties p after a fold, keeping its table's storage.
func (p *partial) clearData() {
	p.has = false
	p.reqs, p.none, p.fails, p.length = 0, 0, 0, 0
	p.sum = nsSum{}
	p.table.reset()
}

// lookup returns the shard's partial for (name, method), creating it. A
// direct-mapped cache indexed by a few bytes of the name answers most
// look-ups without hashing the strings: comparing them is nearly free when
// they are the very same strings, as names from one call site are.
func (sh *shard) lookup(name, method string) *partial {
	n := len(name)
	h := uint32(n)
	if n > 0 {
		h |= uint32(name[n-1])<<8 | uint32(name[n/2])<<16 | uint32(name[(n-1)*3/4])<<24
	}
	if len(method) > 0 {
		h ^= uint32(method[0]) * 0x01000193
	}
	slot := &sh.recent[(h*0x9E3779B1)>>(32-recentBits)]
	if p := *slot; p != nil && p.key.name == name && p.key.method == method {
		return p
	}
	k := entryKey{name, method}
	p := sh.parts[k]
	if p == nil {
		p = &partial{key: k}
		sh.parts[k] = p
	}
	*slot = p
	return p
}

// put records req, finished at Unix ns at, in the shard; sh.mu is held.
func (s *Stats) put(sh *shard, req *Request, at int64) {
	sec := floorDiv(at, 1e9)
	failed := req.Error != ""
	p := sh.lookup(req.Name, req.Method)
	p.add(req, at, s.partialSecond(sh, p, sec), failed)
	t := &sh.total
	t.add(req, at, s.partialSecond(sh, t, sec), failed)
	if failed {
		k := errorKey{req.Method, req.Name, req.Error}
		ep := sh.errs[k]
		if ep == nil {
			ep = &errPartial{firstAt: at, lastAt: at}
			sh.errs[k] = ep
		}
		if ep.n == 0 {
			ep.firstAt, ep.lastAt = at, at
		}
		ep.n++
		ep.firstAt = min(ep.firstAt, at)
		ep.lastAt = max(ep.lastAt, at)
	}
}

// partialSecond returns the second p counts a request of second sec in,
// folding p first when sec is newer or its table is full. A request dated
// before p's second counts in p's second: Locust dates a request when it
// logs it, so its per-second counts only move forward, and requests that
// finish within microseconds of a second's end reach the shard in any
// order. Without this, such stragglers would fold p back and forth.
func (s *Stats) partialSecond(sh *shard, p *partial, sec int64) int64 {
	if !p.has {
		return sec
	}
	if sec > p.sec || p.table.n >= tableMax {
		s.fold(sh, p)
		return sec
	}
	return p.sec
}

// fold moves one partial into the shared entries; sh.mu is held.
func (s *Stats) fold(sh *shard, p *partial) {
	s.mu.Lock()
	s.absorbLocked(sh, p)
	s.mu.Unlock()
}

// absorbLocked adds a partial to its entry; sh.mu and s.mu are held.
func (s *Stats) absorbLocked(sh *shard, p *partial) {
	if !p.has {
		return
	}
	e := s.total
	if p != &sh.total {
		if p.e == nil || p.gen != s.gen {
			p.e, p.gen = s.entryLocked(p.key, p.firstAt), s.gen
		}
		e = p.e
	}
	e.absorb(p, s.scratch)
	p.clearData()
}

// entryLocked finds or creates the entry for k; s.mu is held.
func (s *Stats) entryLocked(k entryKey, at int64) *liveEntry {
	e := s.entries[k]
	if e == nil {
		e = newLiveEntry(k.method, k.name, at)
		e.startFromSamples = true
		e.keepSeconds = s.keepSeconds
		s.entries[k] = e
	}
	return e
}

// foldShardLocked folds everything a shard holds and lets go of partials
// idle for idleSnapshots snapshots; sh.mu and s.mu are held.
func (s *Stats) foldShardLocked(sh *shard) {
	dropped := false
	for k, p := range sh.parts {
		if p.has {
			s.absorbLocked(sh, p)
			p.idle = 0
		} else if p.idle++; p.idle > idleSnapshots {
			delete(sh.parts, k)
			dropped = true
		}
	}
	if dropped {
		clear(sh.recent[:])
	}
	s.absorbLocked(sh, &sh.total)
	for k, ep := range sh.errs {
		if ep.n == 0 {
			if ep.idle++; ep.idle > idleSnapshots {
				delete(sh.errs, k)
			}
			continue
		}
		s.addErrorLocked(k, ep)
		ep.n, ep.idle = 0, 0
	}
}

// dropLocked discards what a shard holds (a reset or clear); sh.mu is held.
func (sh *shard) dropLocked(forget bool) {
	for _, p := range sh.parts {
		p.clearData()
	}
	sh.total.clearData()
	for _, ep := range sh.errs {
		ep.n = 0
	}
	if forget { // the entries are gone: start afresh
		sh.parts = map[entryKey]*partial{}
		sh.errs = map[errorKey]*errPartial{}
		clear(sh.recent[:])
	}
}
