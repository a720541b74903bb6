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
// halves an idle goroutine's stack once — and then waits until the process
// collects on its own again. Busy processes are left alone.
const (
	trimCheck  = 500 * time.Millisecond // how often the trimmer looks
	trimQuiet  = time.Second            // no collection for this long: the process is quiet
	trimRounds = 3                      // collections per quiet spell (16 → 8 → 4 KB stacks)
)

// gcCycles is the number of completed collections so far.
func gcCycles(s []metrics.Sample) uint64 {
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// trimmer decides when to collect; it is pure so that it can be tested
// without a garbage collector.
type trimmer struct {
	seen  uint64    // collections counted at the last look
	since time.Time // when seen last changed
	done  bool      // this quiet spell has been trimmed
}

// tick is one look at time now with cycles collections so far; it reports
// whether to trim (collect trimRounds times) now.
func (t *trimmer) tick(now time.Time, cycles uint64) bool {
	if cycles != t.seen || t.since.IsZero() {
		t.seen, t.since, t.done = cycles, now, false
		return false
	}
	if t.done || now.Sub(t.since) < trimQuiet {
		return false
	}
	t.done = true
	return true
}

// collected records the collections the trimmer forced, so that they are
// not mistaken for the process's own.
func (t *trimmer) collected(now time.Time, cycles uint64) { t.seen, t.since = cycles, now }

// trimLoop runs the trimmer until ctx ends; it closes done when it returns.
// It uses the wall clock whatever the runner's clock: memory is real.
func trimLoop(ctx context.Context, done chan<- struct{}) {
	defer close(done)
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	tk := time.NewTicker(trimCheck)
	defer tk.Stop()
	var t trimmer
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tk.C:
			if t.tick(now, gcCycles(s)) {
				for range trimRounds {
					debug.FreeOSMemory()
				}
				t.collected(time.Now(), gcCycles(s))
			}
		}
	}
}
