package shopserver

import (
	"sync"
	"sync/atomic"
)

// OverflowKey is the key under which requests are counted once the number of distinct
// "METHOD path" keys has reached Options.MaxCountedPaths. A load test that requests a fresh path
// every time (a new cart id per journey) would otherwise grow the counts without bound.
const OverflowKey = "* (more paths than MaxCountedPaths)"

// reqKey is the counting key. A struct of two strings, rather than one concatenated string,
// lets the hot path look a key up without building (and allocating) "METHOD path".
type reqKey struct {
	method, path string
}

// requestCounts counts requests by method and path. Reads of an existing key are lock-free
// (sync.Map's read path only loads), and the increment is one atomic add, so counting costs no
// lock on the paths a benchmark hits repeatedly. A reset replaces the whole value (see Server),
// so there is never a lock held across all keys either.
type requestCounts struct {
	m        sync.Map // reqKey → *atomic.Int64
	keys     atomic.Int64
	overflow atomic.Int64
	limit    int64
}

func newRequestCounts(limit int) *requestCounts {
	return &requestCounts{limit: int64(limit)}
}

// add counts one request. Past the key limit, new keys go to OverflowKey; the limit may be
// overshot by the number of requests racing to insert at that moment, which is harmless.
func (c *requestCounts) add(method, path string) {
	k := reqKey{method, path}
	if v, ok := c.m.Load(k); ok {
		v.(*atomic.Int64).Add(1)
		return
	}
	if c.keys.Load() >= c.limit {
		c.overflow.Add(1)
		return
	}
	v, loaded := c.m.LoadOrStore(k, new(atomic.Int64))
	if !loaded {
		c.keys.Add(1)
	}
	v.(*atomic.Int64).Add(1)
}

// snapshot returns the counts keyed by "METHOD path".
func (c *requestCounts) snapshot() map[string]int64 {
	out := make(map[string]int64, c.keys.Load()+1)
	c.m.Range(func(k, v any) bool {
		rk := k.(reqKey)
		out[rk.method+" "+rk.path] = v.(*atomic.Int64).Load()
		return true
	})
	if n := c.overflow.Load(); n > 0 {
		out[OverflowKey] = n
	}
	return out
}
