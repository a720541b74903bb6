package runner

import (
	"testing"
	"time"
)

// TestTrimmer walks the trimmer through a ramp, a quiet spell and renewed
// activity: it trims once per quiet spell, only after trimQuiet without a
// collection, its own collections do not count as activity, and a
// collection of the process's own re-arms it.
func TestTrimmer(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(1000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	steps := []struct {
		at     float64
		cycles uint64
		trim   bool   // tick's answer
		after  uint64 // when trimming: the count after the forced collections
	}{
		{0, 5, false, 0},     // first look
		{0.5, 9, false, 0},   // busy: the process collects on its own
		{1, 12, false, 0},    // still busy
		{1.5, 12, false, 0},  // quiet for 0.5 s
		{2, 12, true, 15},    // quiet for 1 s: trim
		{2.5, 15, false, 0},  // our own collections are not activity
		{3.5, 15, false, 0},  // and one trim per quiet spell
		{30, 15, false, 0},   // however long it stays quiet
		{30.5, 16, false, 0}, // the process collected: activity again
		{31, 16, false, 0},
		{31.5, 16, true, 19}, // a new quiet spell, a new trim
		{40, 19, false, 0},
	}
	var tr trimmer
	for _, s := range steps {
		got := tr.tick(at(s.at), s.cycles)
		if got != s.trim {
			t.Fatalf("at %vs with %d cycles: trim = %v, want %v", s.at, s.cycles, got, s.trim)
		}
		if got {
			tr.collected(at(s.at), s.after)
		}
	}
}
