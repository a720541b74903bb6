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
// heap grows, and otherwise every two minutes. The trimmer collects after
// the process has gone quiet, a few times, since each collection frees the
// pools' victims and halves idle goroutines' stacks one step at a time. Busy
// processes collect on their own and are left alone.
const (
	trimCheck  = time.Second     // how often the trimmer looks
	trimQuiet  = 2 * time.Second // no collection for this long: the process is quiet
	trimRounds = 3               // collections per quiet spell (16 → 8 → 4 KB stacks)
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
	seen   uint64    // collections counted at the last look
	since  time.Time // when seen last changed
	rounds int       // collections forced since the process went quiet
}

// tick is one look at time now with cycles collections so far; it reports
// whether to collect now.
func (t *trimmer) tick(now time.Time, cycles uint64) bool {
	if cycles != t.seen || t.since.IsZero() {
		t.seen, t.since, t.rounds = cycles, now, 0
		return false
	}
	if t.rounds >= trimRounds || now.Sub(t.since) < trimQuiet {
		return false
	}
	t.rounds++
	return true
}

// collected records the collection the trimmer forced, so that it is not
// mistaken for the process's own.
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
				debug.FreeOSMemory()
				t.collected(time.Now(), gcCycles(s))
			}
		}
	}
}
