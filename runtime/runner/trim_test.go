package runner

import (
	"testing"
	"time"
)

// TestTrimmer walks the trimmer through a ramp, a quiet spell and renewed
// activity: it trims once per quiet spell, only after trimQuiet without a
// collection or trimAlloc bytes allocated; its own collections do not count
// as activity; a collection of the process's own, or enough allocation
// without one (a ramp in small steps), re-arms it.
func TestTrimmer(t *testing.T) {
	t.Parallel()
	t0 := time.Unix(1000, 0)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	const mb = 1 << 20
	steps := []struct {
		at             float64
		cycles, allocs uint64
		trim           bool   // tick's answer
		after          uint64 // when trimming: the collections after it
	}{
		{0, 5, 10 * mb, false, 0},        // first look
		{0.5, 9, 40 * mb, false, 0},      // busy: the process collects on its own
		{1, 12, 70 * mb, false, 0},       // still busy
		{1.5, 12, 70*mb + 100, false, 0}, // quiet for 0.5 s (a little allocation is quiet)
		{2, 12, 70*mb + 200, true, 15},   // quiet for 1 s: trim
		{2.5, 15, 70*mb + 300, false, 0}, // our own collections are not activity
		{3.5, 15, 70*mb + 400, false, 0}, // and one trim per quiet spell
		{30, 15, 70*mb + 500, false, 0},  // however long it stays quiet
		{30.5, 15, 72 * mb, false, 0},    // 2 MB allocated without a collection: activity
		{31, 15, 72 * mb, false, 0},      // quiet for 0.5 s
		{31.5, 15, 72 * mb, true, 18},    // a new quiet spell, a new trim
		{32, 18, 72 * mb, false, 0},      //
		{32.5, 19, 72 * mb, false, 0},    // the process collected: activity again
		{33, 19, 72*mb + 10, false, 0},   //
		{33.5, 19, 72*mb + 20, true, 22}, // and another trim
		{40, 22, 72*mb + 30, false, 0},   //
	}
	var tr trimmer
	for _, s := range steps {
		got := tr.tick(at(s.at), s.cycles, s.allocs)
		if got != s.trim {
			t.Fatalf("at %vs with %d cycles, %d bytes: trim = %v, want %v", s.at, s.cycles, s.allocs, got, s.trim)
		}
		if got {
			tr.collected(at(s.at), s.after, s.allocs)
		}
	}
}
