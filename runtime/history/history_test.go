package history

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/stats"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func at(sec int) Point {
	return Point{Time: epoch.Add(time.Duration(sec) * time.Second), UserCount: sec}
}

// users returns the UserCount of each point, which the tests set to the
// point's second so that the kept samples can be named.
func users(ps []Point) []int {
	out := make([]int, len(ps))
	for i, p := range ps {
		out[i] = p.UserCount
	}
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSamplerHalving(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		max, adds  int
		want       []int
		resolution int
	}{
		{"under the limit", 4, 4, []int{0, 1, 2, 3}, 1},
		{"first halving", 4, 5, []int{0, 2, 4}, 2},
		{"between halvings only every second sample", 4, 6, []int{0, 2, 4}, 2},
		{"full again", 4, 7, []int{0, 2, 4, 6}, 2},
		{"second halving", 4, 9, []int{0, 4, 8}, 4},
		{"long run stays bounded", 4, 1000, []int{0, 256, 512, 768}, 256},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := New(tc.max)
			for i := range tc.adds {
				s.Add(at(i))
			}
			if got := users(s.Points()); !equalInts(got, tc.want) {
				t.Errorf("points = %v, want %v", got, tc.want)
			}
			if got := s.Resolution(); got != tc.resolution {
				t.Errorf("resolution = %d, want %d", got, tc.resolution)
			}
			if s.Len() > tc.max {
				t.Errorf("len %d over max %d", s.Len(), tc.max)
			}
		})
	}
}

func TestSamplerDefaultsAndClear(t *testing.T) {
	t.Parallel()
	s := New(0)
	if s.max != DefaultMaxPoints {
		t.Fatalf("max = %d, want %d", s.max, DefaultMaxPoints)
	}
	if _, ok := s.Last(); ok {
		t.Fatal("Last of an empty sampler is ok")
	}
	for i := range 3 * DefaultMaxPoints {
		s.Add(at(i))
	}
	if s.Len() > DefaultMaxPoints || s.Len() < DefaultMaxPoints/2 {
		t.Fatalf("len = %d, want between %d and %d", s.Len(), DefaultMaxPoints/2, DefaultMaxPoints)
	}
	s.Clear()
	if s.Len() != 0 || s.Resolution() != 1 {
		t.Fatalf("after Clear: len %d, resolution %d", s.Len(), s.Resolution())
	}
	s.Add(at(7))
	s.Add(at(8))
	if last, ok := s.Last(); !ok || last.UserCount != 8 {
		t.Fatalf("Last = %+v, %v; want the second point", last, ok)
	}
}

func TestSamplerIgnoresOlderPoints(t *testing.T) {
	t.Parallel()
	s := New(10)
	s.Add(at(5))
	s.Add(at(3))
	s.Add(at(5))
	if got := users(s.Points()); !equalInts(got, []int{5, 5}) {
		t.Fatalf("points = %v, want [5 5]", got)
	}
}

func TestPointsIsACopy(t *testing.T) {
	t.Parallel()
	s := New(10)
	s.Add(at(1))
	ps := s.Points()
	ps[0].UserCount = 99
	if got := s.Points()[0].UserCount; got != 1 {
		t.Fatalf("changing the copy changed the sampler: %d", got)
	}
}

// TestConcurrentReadWrite is for the race detector: readers see a
// consistent, bounded history while a writer records.
func TestConcurrentReadWrite(t *testing.T) {
	t.Parallel()
	s := New(64)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range 5000 {
			s.Add(at(i))
		}
	}()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				ps := s.Points()
				if len(ps) > 64 {
					t.Errorf("len %d over 64", len(ps))
					return
				}
				for i := 1; i < len(ps); i++ {
					if !ps[i].Time.After(ps[i-1].Time) {
						t.Errorf("points out of order at %d", i)
						return
					}
				}
				s.Last()
			}
		}()
	}
	wg.Wait()
}

func TestFromSnapshot(t *testing.T) {
	t.Parallel()
	c := clock.NewFake(epoch)
	st := stats.New(c)
	// 20 seconds of 10 requests a second at 10 and 30 ms, one failure a
	// second: enough for a current-percentile window and current rates.
	for sec := range 20 {
		for i := range 10 {
			rt := 10 * time.Millisecond
			if i%2 == 1 {
				rt = 30 * time.Millisecond
			}
			req := &stats.Request{Method: "GET", Name: "/", ResponseTime: rt, ResponseLength: 100,
				StartTime: epoch.Add(time.Duration(sec)*time.Second + time.Duration(i)*time.Millisecond)}
			if i == 0 {
				req.Error = "boom"
			}
			st.Record(req)
		}
		c.Advance(time.Second)
		st.Snapshot() // lets the entries keep their per-second window copies
	}
	snap := st.Snapshot()
	p := FromSnapshot(snap, 7)
	if p.UserCount != 7 || !p.Time.Equal(snap.Time) {
		t.Errorf("users %d time %v, want 7 and %v", p.UserCount, p.Time, snap.Time)
	}
	if p.CurrentRPS != 10 || p.CurrentFailPerSec != 1 {
		t.Errorf("current rates %v, %v; want 10 and 1", p.CurrentRPS, p.CurrentFailPerSec)
	}
	if !p.HasPercentiles || p.ResponseTimeP50 != 30 || p.ResponseTimeP95 != 30 {
		t.Errorf("percentiles %v %v (ok %v), want 30 and 30", p.ResponseTimeP50, p.ResponseTimeP95, p.HasPercentiles)
	}
	if p.TotalAvgResponseTime != 20 {
		t.Errorf("average %v, want 20", p.TotalAvgResponseTime)
	}

	empty := FromSnapshot(stats.New(c).Snapshot(), 0)
	if empty.HasPercentiles || empty.CurrentRPS != 0 || empty.TotalAvgResponseTime != 0 {
		t.Errorf("empty snapshot gave %+v", empty)
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	c := clock.NewFake(epoch)
	s := New(100)
	ctx, cancel := context.WithCancel(context.Background())
	calls := make(chan time.Time)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx, c, time.Second, func(now time.Time) (Point, bool) {
			calls <- now
			// Odd seconds are "not running": nothing is recorded.
			sec := int(now.Sub(epoch) / time.Second)
			return at(sec), sec%2 == 0
		})
	}()
	for c.Tickers() == 0 {
		time.Sleep(time.Millisecond)
	}
	for range 4 {
		c.Advance(time.Second)
		<-calls
	}
	cancel()
	<-done
	if got := users(s.Points()); !equalInts(got, []int{2, 4}) {
		t.Fatalf("points = %v, want [2 4]", got)
	}
}
