package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gust-load/gust/examples/shop/shopserver"
	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/logs"
	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
)

// runBackend is the Backend the CLI would build, here over a real runner
// with Go-built user classes whose tasks GET the demo shop, real
// statistics and a real history sampler. It records the swarm requests it
// gets, for the tests to inspect.
type runBackend struct {
	r       *runner.Runner
	st      *stats.Stats
	hist    *history.Sampler
	ring    *logs.Ring
	classes []*user.Class
	client  *http.Client
	host    atomic.Pointer[string]

	mu       sync.Mutex
	requests []SwarmRequest
	onState  func(runner.State)

	cancel context.CancelFunc
	done   chan struct{}
}

// shopClasses are two user classes: ShopUser browses (with a 404 and a task
// exception now and then), AdminUser looks at the dashboard.
func (b *runBackend) shopClasses(wait time.Duration) []*user.Class {
	get := func(taskName, path, name string) user.Task {
		return user.TaskFunc{TaskName: taskName, Fn: func(ctx context.Context, _ user.Scope) error {
			b.get(ctx, path, name)
			return nil
		}}
	}
	var n atomic.Int64
	product := user.TaskFunc{TaskName: "product", Fn: func(ctx context.Context, _ user.Scope) error {
		id := n.Add(1)
		b.get(ctx, "/products/p"+strconv.FormatInt(id%5, 10), "/products/[id]")
		if id%7 == 0 {
			return tracedError{msg: "KeyError('price')", tb: "  File \"locustfile.py\", line 12, in product\n    price = item[\"price\"]"}
		}
		return nil
	}}
	newUser := func(context.Context, int) (user.Instance, error) { return &shopUser{wait: wait}, nil }
	return []*user.Class{
		{Name: "ShopUser", Weight: 3, New: newUser, Root: &user.TaskSet{Name: "ShopUser", Tasks: []user.Weighted{
			{Weight: 3, Task: get("browse", "/products", "/products")},
			{Weight: 1, Task: product},
			{Weight: 1, Task: get("missing", "/missing", "/missing")},
		}}},
		{Name: "AdminUser", Weight: 1, New: newUser, Root: &user.TaskSet{Name: "AdminUser", Tasks: []user.Weighted{
			{Weight: 1, Task: get("dashboard", "/admin/dashboard", "/admin/dashboard")},
		}}},
	}
}

// get requests the shop and records the request as Locust's HttpUser would.
func (b *runBackend) get(ctx context.Context, path, name string) {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *b.host.Load()+path, nil)
	if err != nil {
		return
	}
	rec := stats.Request{Method: "GET", Name: name, StartTime: start}
	resp, err := b.client.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return // interrupted by a stop: Locust does not log it either
		}
		rec.Error = fmt.Sprintf("ConnectionError(%q)", err.Error())
	} else {
		n, _ := io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		rec.ResponseLength = n
		if resp.StatusCode >= 400 {
			rec.Error = fmt.Sprintf("HTTPError('%d Client Error: %s for url: %s')", resp.StatusCode, http.StatusText(resp.StatusCode), name)
		}
	}
	rec.ResponseTime = time.Since(start)
	b.st.Record(&rec)
}

type shopUser struct{ wait time.Duration }

func (u *shopUser) OnStart(context.Context) error { return nil }
func (u *shopUser) OnStop(context.Context) error  { return nil }
func (u *shopUser) WaitTime(context.Context) (time.Duration, bool, error) {
	return u.wait, true, nil
}
func (u *shopUser) Enter(context.Context, *user.TaskSet) (user.Scope, error) {
	return nil, errors.New("no nested task sets")
}
func (u *shopUser) Close() {}

type tracedError struct{ msg, tb string }

func (e tracedError) Error() string     { return e.msg }
func (e tracedError) Message() string   { return e.msg }
func (e tracedError) Traceback() string { return e.tb }

// newRunBackend starts the demo shop and a runner over it; everything stops
// at the test's cleanup. sample is the history interval.
func newRunBackend(t *testing.T, wait, sample time.Duration) *runBackend {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	shopURL, stopShop, err := shopserver.Start(ctx, "127.0.0.1:0", shopserver.Options{NoBaseLatency: true})
	if err != nil {
		cancel()
		t.Fatalf("start shop: %v", err)
	}
	b := &runBackend{
		st:     stats.New(clock.Real{}),
		hist:   history.New(0),
		ring:   logs.NewRing(500),
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}, Timeout: 10 * time.Second},
		done:   make(chan struct{}),
		cancel: cancel,
	}
	b.host.Store(&shopURL)
	b.classes = b.shopClasses(wait)
	logger := logs.Named(newLogger(b.ring), "locust.runners")
	r, err := runner.New(b.classes, runner.Options{
		Logger: logger,
		Exception: func(msg, tb string) {
			b.st.RecordException("local", msg, tb)
		},
		Hooks: runner.Hooks{
			TestStart: func() { b.st.Clear(); b.hist.Clear() },
			StateChange: func(s runner.State) {
				b.mu.Lock()
				f := b.onState
				b.mu.Unlock()
				if f != nil {
					f(s)
				}
			},
		},
	})
	if err != nil {
		cancel()
		stopShop()
		t.Fatalf("runner: %v", err)
	}
	b.r = r
	go func() {
		defer close(b.done)
		b.hist.Run(ctx, clock.Real{}, sample, func(time.Time) (history.Point, bool) {
			st := b.r.State()
			if st == runner.StateReady || st == runner.StateStopped {
				return history.Point{}, false
			}
			return history.FromSnapshot(b.st.Snapshot(), b.r.UserCount()), true
		})
	}()
	t.Cleanup(func() {
		_ = b.r.Quit()
		cancel()
		<-b.done
		stopShop()
		b.client.CloseIdleConnections()
	})
	return b
}

func newLogger(ring *logs.Ring) *slog.Logger {
	return slog.New(logs.NewHandler(io.Discard, logs.Options{Ring: ring, Host: "test"}))
}

func (b *runBackend) setOnState(f func(runner.State)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.onState = f
}

func (b *runBackend) swarms() []SwarmRequest {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]SwarmRequest(nil), b.requests...)
}

func (b *runBackend) Start(req SwarmRequest) error {
	b.mu.Lock()
	b.requests = append(b.requests, req)
	b.mu.Unlock()
	if req.Shape {
		return errors.New("the test backend has no shape")
	}
	if req.Host != "" {
		h := req.Host
		b.host.Store(&h)
	}
	return b.r.Start(req.Users, req.SpawnRate, req.UserClasses)
}

func (b *runBackend) Stop() error { return b.r.Stop() }

func (b *runBackend) ResetStats() {
	b.st.Reset()
	b.st.ResetExceptions()
	b.hist.Clear()
}

func (b *runBackend) Snapshot() *stats.Snapshot { return b.st.Snapshot() }
func (b *runBackend) State() runner.State       { return b.r.State() }
func (b *runBackend) UserCount() int            { return b.r.UserCount() }
func (b *runBackend) Logs() []string            { return b.ring.Lines() }
func (b *runBackend) History() []history.Point  { return b.hist.Points() }

func (b *runBackend) TaskRatios() (user.RatioList, user.RatioList) {
	counts := b.r.UserClassesCount()
	if b.r.State() == runner.StateStopped {
		counts = b.r.TargetUserClassesCount()
	}
	return user.TaskRatios(b.classes, counts, false), user.TaskRatios(b.classes, counts, true)
}
