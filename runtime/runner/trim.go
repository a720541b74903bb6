package runner

import (
	"context"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// Memory trimming. A ramp leaves garbage behind — pooled buffers of the
// users' first requests, stacks grown by their first task — and when the
// users then wait (wait_time = constant(600)) the process allocates almost
// nothing, so no garbage collection runs to free it: Go collects when the
// heap grows, and otherwise every two minutes. Once the process has gone
// quiet the trimmer collects a few times in a row — pooled buffers need two
// collections (to the pool's victim cache, then out), and each collection
// halves an idle goroutine's stack once — and then waits for new activity:
// a collection of the process's own, or trimAlloc bytes allocated (a ramp
// in small steps may not trigger a collection). Busy processes are left
// alone.
const (
	trimCheck  = 500 * time.Millisecond // how often the trimmer looks
	trimQuiet  = time.Second            // no activity for this long: the process is quiet
	trimRounds = 3                      // collections per quiet spell (16 → 8 → 4 KB stacks)
	trimAlloc  = 1 << 20                // bytes allocated that count as activity
)

// gcState reads the collections completed and the bytes allocated so far.
func gcState(s []metrics.Sample) (cycles, allocs uint64) {
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		cycles = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindUint64 {
		allocs = s[1].Value.Uint64()
	}
	return cycles, allocs
}

// trimmer decides when to collect; it is pure so that it can be tested
// without a garbage collector.
type trimmer struct {
	seen   uint64    // collections counted at the last activity
	allocs uint64    // bytes allocated at the last activity
	since  time.Time // the last activity
	done   bool      // this quiet spell has been trimmed
}

// tick is one look at time now with cycles collections completed and
// allocs bytes allocated so far; it reports whether to trim (collect
// trimRounds times) now.
func (t *trimmer) tick(now time.Time, cycles, allocs uint64) bool {
	if t.since.IsZero() || cycles != t.seen || allocs-t.allocs >= trimAlloc {
		t.seen, t.allocs, t.since, t.done = cycles, allocs, now, false
		return false
	}
	if t.done || now.Sub(t.since) < trimQuiet {
		return false
	}
	t.done = true
	return true
}

// collected records the collections the trimmer forced (and what they
// allocated), so that they are not mistaken for the process's activity.
func (t *trimmer) collected(now time.Time, cycles, allocs uint64) {
	t.seen, t.allocs, t.since = cycles, allocs, now
}

// trimLoop runs the trimmer until ctx ends; it closes done when it returns.
// It uses the wall clock whatever the runner's clock: memory is real.
func trimLoop(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/gc/heap/allocs:bytes"}}
	tk := time.NewTicker(trimCheck)
	defer tk.Stop()
	var t trimmer
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tk.C:
			cycles, allocs := gcState(s)
			if t.tick(now, cycles, allocs) {
				for range trimRounds {
					debug.FreeOSMemory()
				}
				cycles, allocs = gcState(s)
				t.collected(time.Now(), cycles, allocs)
			}
		}
	}
}
