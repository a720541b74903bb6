package usage

import (
	"runtime"
	"testing"
	"time"
)

// TestSample: CPU spent between two samples shows as a positive share of
// a core, and the resident memory is at least the heap the test holds.
func TestSample(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("resident memory is read from /proc")
	}
	m := NewMonitor()
	start := cpuTime()
	x := 0
	for cpuTime()-start < 50*time.Millisecond { // spin until 50 ms of CPU are used
		for i := range 100_000 {
			x += i
		}
	}
	hold := make([]byte, 32<<20)
	for i := range hold {
		hold[i] = byte(i)
	}
	cpu, rss := m.Sample()
	if cpu <= 0 {
		t.Errorf("cpu %v%% after spinning (x=%d)", cpu, x)
	}
	if rss < int64(len(hold)) {
		t.Errorf("resident %d bytes while holding %d", rss, len(hold))
	}
	runtime.KeepAlive(hold)
}
