package stats

import (
	"fmt"
	"math/rand"
	"runtime"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

// A long run with many names must reach a steady memory use: nothing may
// grow with the run's length (no raw samples, no per-second maps). The
// response times take 200 distinct values so that the histograms fill their
// buckets early; what remains is what would grow with time.
func TestMemoryIsBounded(t *testing.T) {
	if testing.Short() || raceOn {
		t.Skip("records 800k samples in one goroutine: nothing for the race detector")
	}
	const names = 500
	c := clock.NewFake(testStart)
	s := New(c)
	rec := s.Recorder()
	r := rand.New(rand.NewSource(5))
	keys := make([]string, names)
	for i := range keys {
		keys[i] = fmt.Sprintf("/endpoint/%d", i)
	}
	run := func(from, to int) {
		for sec := from; sec < to; sec++ {
			for i := 0; i < 4*names; i++ {
				rec.Record(&Request{
					Method: "GET", Name: keys[i%names],
					ResponseTime: time.Duration(1+r.Intn(200)) * 137 * time.Microsecond,
					StartTime:    testStart.Add(time.Duration(sec)*time.Second + time.Duration(i)*100*time.Microsecond),
					Error:        []string{"", "", "", "", "", "", "", "", "", "E('boom')"}[i%10],
				})
			}
			if sec%5 == 0 {
				c.Advance(5 * time.Second)
				s.Snapshot()
			}
		}
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	run(0, 100)
	mid := heap()
	run(100, 400)
	end := heap()
	t.Logf("%d names: %.1f MB after 100 s, %.1f MB after 400 s (%.0f bytes per entry)",
		names, float64(mid-before)/1e6, float64(end-before)/1e6, float64(end-before)/names)
	if end > mid && end-mid > 1<<20 {
		t.Errorf("memory grew by %d bytes between second 100 and 400", end-mid)
	}
	runtime.KeepAlive(s)
}
