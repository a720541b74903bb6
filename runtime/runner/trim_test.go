package runner

import (
	"testing"
	"time"
)

// TestTrimmer walks the trimmer through a ramp, a quiet spell and renewed
// activity: it collects only after trimQuiet without a collection, at most
// trimRounds times, its own collections do not count as activity, and a
// collection of the process's own re-arms it.
func TestTrimmer(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(1000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	type step struct {
		at      float64
		cycles  uint64
		collect bool   // tick's answer
		after   uint64 // when collect: the count after the forced collection
	}
	steps := []step{
		{0, 5, false, 0},  // first look
		{1, 9, false, 0},  // busy: the process collects on its own
		{2, 12, false, 0}, // still busy
		{3, 12, false, 0}, // quiet for 1 s
		{4, 12, true, 13}, // quiet for 2 s: collect
		{5, 13, false, 0}, // our own collection is not activity, but quiet restarts
		{6, 13, true, 14}, // second round
		{7, 14, false, 0},
		{8, 14, true, 15}, // third round
		{9, 15, false, 0},
		{10, 15, false, 0}, // rounds used up
		{30, 15, false, 0}, // however long it stays quiet
		{31, 16, false, 0}, // the process collected: activity again
		{32, 16, false, 0},
		{33, 16, true, 17}, // a new quiet spell, a new round
	}
	var tr trimmer
	for _, s := range steps {
		got := tr.tick(at(s.at), s.cycles)
		if got != s.collect {
			t.Fatalf("at %vs with %d cycles: collect = %v, want %v", s.at, s.cycles, got, s.collect)
		}
		if got {
			tr.collected(at(s.at), s.after)
		}
	}
}
