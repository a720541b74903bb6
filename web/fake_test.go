package web

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
)

// epoch is the fixed start of synthetic runs.
var epoch = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// fakeBackend is a Backend with fixed, deterministic content, for golden
// files and for shapes that a real run would take long to produce (500
// names, an hour of history). It records what the server asks of it.
type fakeBackend struct {
	mu       sync.Mutex
	snap     *stats.Snapshot
	state    runner.State
	users    int
	points   []history.Point
	classes  []*user.Class
	logs     []string
	starts   []SwarmRequest
	stops    int
	resets   int
	startErr error
}

func (f *fakeBackend) Start(req SwarmRequest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.starts = append(f.starts, req)
	if f.startErr != nil {
		return f.startErr
	}
	f.state = runner.StateRunning
	f.users = req.Users
	return nil
}

func (f *fakeBackend) Stop() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stops++
	f.state = runner.StateStopped
	f.users = 0
	return nil
}

func (f *fakeBackend) ResetStats() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.resets++
}

func (f *fakeBackend) Snapshot() *stats.Snapshot {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.snap
}

func (f *fakeBackend) State() runner.State {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.state
}

func (f *fakeBackend) UserCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.users
}

func (f *fakeBackend) TaskRatios() (user.RatioList, user.RatioList) {
	counts := map[string]int{}
	for _, c := range f.classes {
		counts[c.Name] = 2
	}
	return user.TaskRatios(f.classes, counts, false), user.TaskRatios(f.classes, counts, true)
}

func (f *fakeBackend) Logs() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.logs...)
}

func (f *fakeBackend) History() []history.Point {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]history.Point(nil), f.points...)
}

func (f *fakeBackend) calls() (starts []SwarmRequest, stops, resets int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]SwarmRequest(nil), f.starts...), f.stops, f.resets
}

func noop(context.Context, user.Scope) error { return nil }

// syntheticClasses are two classes with a nested task set, for /tasks.
func syntheticClasses() []*user.Class {
	task := func(name string) user.Task { return user.TaskFunc{TaskName: name, Fn: noop} }
	return []*user.Class{
		{Name: "WebsiteUser", Weight: 3, Root: &user.TaskSet{Name: "WebsiteUser", Tasks: []user.Weighted{
			{Weight: 2, Task: task("index")},
			{Weight: 1, Set: &user.TaskSet{Name: "Checkout", Tasks: []user.Weighted{{Weight: 1, Task: task("pay")}}}},
		}}},
		{Name: "ApiUser", Weight: 1, Root: &user.TaskSet{Name: "ApiUser", Tasks: []user.Weighted{
			{Weight: 1, Task: task("list_items")},
		}}},
	}
}

// syntheticStats records a deterministic 20-second run over names
// distinct names on a fake clock: steady traffic, some failures, and
// exceptions.
func syntheticStats(names, errorsPerName int) *stats.Snapshot {
	c := clock.NewFake(epoch)
	st := stats.New(c)
	for sec := range 20 {
		for i := range names {
			name := "/"
			if i > 0 {
				name = fmt.Sprintf("/item/%04d", i)
			}
			method := "GET"
			if i%3 == 2 {
				method = "POST"
			}
			for k := range 3 {
				req := &stats.Request{
					Method: method, Name: name,
					ResponseTime:   time.Duration(5+(i%7)*10+k*3) * time.Millisecond,
					ResponseLength: int64(100 + i%50),
					StartTime:      epoch.Add(time.Duration(sec)*time.Second + time.Duration(i*3+k)*time.Microsecond),
				}
				if k == 2 && sec%4 == 0 {
					req.Error = fmt.Sprintf("HTTPError('500 Server Error: Internal Server Error for url: %s')", name)
					if errorsPerName > 1 {
						req.Error = fmt.Sprintf("HTTPError('%d Server Error for url: %s')", 500+sec%errorsPerName, name)
					}
				}
				st.Record(req)
			}
		}
		c.Advance(time.Second)
		st.Snapshot() // keeps the per-second window copies, as the web tick does
	}
	st.RecordException("local", "KeyError('price')", "  File \"locustfile.py\", line 12, in product\n    price = item[\"price\"]")
	st.RecordException("local", "KeyError('price')", "  File \"locustfile.py\", line 12, in product\n    price = item[\"price\"]")
	st.RecordException("local", "ValueError('bad <json>')", "  File \"locustfile.py\", line 30, in parse\n    json.loads(body)")
	return st.Snapshot()
}

// syntheticHistory is one point a second for n seconds.
func syntheticHistory(n int) []history.Point {
	out := make([]history.Point, n)
	for i := range out {
		out[i] = history.Point{
			Time:                 epoch.Add(time.Duration(i) * time.Second),
			UserCount:            min(i/2, 50),
			CurrentRPS:           float64(min(i, 100)) * 1.5,
			CurrentFailPerSec:    float64(i%10) / 10,
			ResponseTimeP50:      float64(20 + i%13),
			ResponseTimeP95:      float64(80 + i%29),
			HasPercentiles:       i >= 3,
			TotalAvgResponseTime: 31.25,
		}
	}
	return out
}

func newFakeBackend() *fakeBackend {
	return &fakeBackend{
		snap:    syntheticStats(4, 1),
		state:   runner.StateReady,
		points:  syntheticHistory(5),
		classes: syntheticClasses(),
		logs:    []string{"[2026-03-04 05:06:07,000] test/INFO/locust.main: Starting gust"},
	}
}

var errFake = errors.New("fake start failure")
