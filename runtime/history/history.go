// Package history keeps the chart history of a run: one Point a second
// (users, current requests and failures per second, current median and 95th
// percentile, average response time) for the whole run, which the web UI
// sends to a page when it connects and the HTML report draws.
//
// Memory is bounded: past MaxPoints the Sampler halves its resolution
// (keeping every other point, then one sample in two, in four, ...) instead
// of forgetting the start of the run, as the web UI's own chart buffer does.
// A Sampler is safe to read while it records.
//
// The package depends on the statistics only through FromSnapshot; it knows
// nothing of the web server.
package history

import (
	"context"
	"math"
	"sync"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/stats"
)

// DefaultMaxPoints is the capacity before the resolution halves: two hours
// at one point a second. The history then always holds between half and all
// of it, which bounds both memory (about 80 bytes a point) and the size of
// the web UI's "history" message (about 200 bytes of JSON a point).
const DefaultMaxPoints = 7200

// Point is one sample of the run, Locust's stats.history entry.
type Point struct {
	// Time is when the sample was taken.
	Time time.Time
	// UserCount is the number of running users.
	UserCount int
	// CurrentRPS and CurrentFailPerSec are the Aggregated current rates
	// (about the last 10 seconds, ending 3 s before the newest request).
	CurrentRPS        float64
	CurrentFailPerSec float64
	// ResponseTimeP50 and ResponseTimeP95 are the Aggregated current
	// response-time percentiles in milliseconds (Locust's
	// PERCENTILES_TO_CHART, 0.5 and 0.95); meaningful only when
	// HasPercentiles is true — early in a run there is no window yet and
	// Locust reports None.
	ResponseTimeP50 float64
	ResponseTimeP95 float64
	HasPercentiles  bool
	// TotalAvgResponseTime is the whole-run average response time in
	// milliseconds, rounded to 2 decimals as Locust's history does.
	TotalAvgResponseTime float64
}

// ChartPercentiles returns the percentiles a Point carries, Locust's
// PERCENTILES_TO_CHART (a fresh slice each call: the package keeps no
// mutable state).
func ChartPercentiles() []float64 { return []float64{0.5, 0.95} }

// FromSnapshot makes the point of a statistics snapshot, dated at the
// snapshot's time, with userCount running users.
func FromSnapshot(s *stats.Snapshot, userCount int) Point {
	p := Point{Time: s.Time, UserCount: userCount}
	if s.Total == nil {
		return p
	}
	p.CurrentRPS = s.CurrentRPS(s.Total)
	p.CurrentFailPerSec = s.CurrentFailPerSec(s.Total)
	var pct [2]int64
	p.HasPercentiles = s.Total.CurrentPercentiles(ChartPercentiles(), pct[:])
	p.ResponseTimeP50, p.ResponseTimeP95 = float64(pct[0]), float64(pct[1])
	p.TotalAvgResponseTime = math.Round(s.Total.AvgResponseTime()*100) / 100
	return p
}

// Sampler holds a run's points. The zero value is not usable; make one with
// New. All methods are safe for concurrent use.
type Sampler struct {
	mu     sync.RWMutex
	max    int
	stride int64 // one offered sample in stride is kept
	seq    int64 // samples offered since the last Clear
	points []Point
	seqs   []int64 // seqs[i] is the sequence number of points[i]
}

// New returns an empty sampler that holds at most maxPoints points before
// halving its resolution; maxPoints < 2 means DefaultMaxPoints.
func New(maxPoints int) *Sampler {
	if maxPoints < 2 {
		maxPoints = DefaultMaxPoints
	}
	return &Sampler{max: maxPoints, stride: 1}
}

// Add offers one sample. Samples are numbered as they come; with a
// resolution of n only every n-th is kept, so the kept points stay evenly
// spaced. A sample older than the newest kept point is ignored.
func (s *Sampler) Add(p Point) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.points); n > 0 && p.Time.Before(s.points[n-1].Time) {
		return
	}
	seq := s.seq
	s.seq++
	if seq%s.stride != 0 {
		return
	}
	s.points = append(s.points, p)
	s.seqs = append(s.seqs, seq)
	if len(s.points) > s.max {
		s.halveLocked()
	}
}

// halveLocked doubles the stride and keeps the points that fall on it; the
// first point of the run always does.
func (s *Sampler) halveLocked() {
	s.stride *= 2
	kept := 0
	for i, q := range s.seqs {
		if q%s.stride == 0 {
			s.points[kept] = s.points[i]
			s.seqs[kept] = q
			kept++
		}
	}
	clear(s.points[kept:])
	s.points = s.points[:kept]
	s.seqs = s.seqs[:kept]
}

// Points returns a copy of the kept points, oldest first.
func (s *Sampler) Points() []Point {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return append([]Point(nil), s.points...)
}

// Len returns how many points are kept.
func (s *Sampler) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.points)
}

// Resolution returns how many offered samples each kept point stands for:
// 1 until the first halving, then 2, 4, ...
func (s *Sampler) Resolution() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return int(s.stride)
}

// Last returns the newest kept point; ok is false when there is none.
func (s *Sampler) Last() (p Point, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if len(s.points) == 0 {
		return Point{}, false
	}
	return s.points[len(s.points)-1], true
}

// Clear drops every point and restores full resolution: Locust clears its
// history when a new test starts and when the statistics are reset.
func (s *Sampler) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.points, s.seqs = nil, nil
	s.seq, s.stride = 0, 1
}

// Run calls sample every interval on clock c and adds the points it
// returns with ok true (Locust records only while a test is on: sample
// returns false in the ready and stopped states). It returns when ctx is
// done; the caller owns the goroutine that runs it.
func (s *Sampler) Run(ctx context.Context, c clock.Clock, interval time.Duration, sample func(now time.Time) (Point, bool)) {
	if c == nil {
		c = clock.Real{}
	}
	t := c.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C():
			if p, ok := sample(now); ok {
				s.Add(p)
			}
		}
	}
}
