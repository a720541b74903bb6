package runner

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/user"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// counters counts what the users of a test did.
type counters struct {
	onStart, onStop, closed, tasks atomic.Int64
	// stopCtxDone counts on_stop calls whose context was already done.
	stopCtxDone atomic.Int64
}

// scope is a hand-built user (or task set) instance.
type scope struct {
	c    *counters
	wait *time.Duration
}

func (s *scope) OnStart(context.Context) error { s.c.onStart.Add(1); return nil }
func (s *scope) OnStop(ctx context.Context) error {
	if ctx.Err() != nil {
		s.c.stopCtxDone.Add(1)
	}
	s.c.onStop.Add(1)
	return nil
}
func (s *scope) WaitTime(context.Context) (time.Duration, bool, error) {
	if s.wait == nil {
		return 0, false, nil
	}
	return *s.wait, true, nil
}
func (s *scope) Enter(context.Context, *user.TaskSet) (user.Scope, error) {
	return &scope{c: s.c}, nil
}
func (s *scope) Close() { s.c.closed.Add(1) }

// class makes a user class whose users count into c and run tasks.
func class(name string, weight float64, fixed int, c *counters, wait *time.Duration, tasks ...user.Weighted) *user.Class {
	return &user.Class{
		Name: name, Weight: weight, FixedCount: fixed,
		Root: &user.TaskSet{Name: name, Tasks: tasks},
		New: func(context.Context, int) (user.Instance, error) {
			return &scope{c: c, wait: wait}, nil
		},
	}
}

func taskOf(name string, fn func(ctx context.Context) error) user.Weighted {
	return user.Weighted{Weight: 1, Task: user.TaskFunc{TaskName: name, Fn: func(ctx context.Context, _ user.Scope) error {
		return fn(ctx)
	}}}
}

// parked is a task that runs until the user is interrupted: the users of
// runner tests stay put without touching the clock.
func parked(c *counters) user.Weighted {
	return taskOf("parked", func(ctx context.Context) error {
		c.tasks.Add(1)
		<-ctx.Done()
		return ctx.Err()
	})
}

func dur(d time.Duration) *time.Duration { return &d }

// eventually waits, bounded, for cond: synchronisation with goroutines the
// test does not control, not a timing assertion.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Microsecond)
	}
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// recorder collects hook calls in order.
type recorder struct {
	mu     sync.Mutex
	events []string
	spawn  chan int
}

func newRecorder() *recorder { return &recorder{spawn: make(chan int, 100)} }

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
}

func (r *recorder) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...)
}

func (r *recorder) hooks() Hooks {
	return Hooks{
		TestStart:        func() { r.add("test_start") },
		TestStopping:     func() { r.add("test_stopping") },
		TestStop:         func() { r.add("test_stop") },
		SpawningComplete: func(n int) { r.add("spawning_complete"); r.spawn <- n },
		StateChange:      func(s State) { r.add("state:" + string(s)) },
	}
}

// logCapture is a slog.Handler keeping every record.
type logCapture struct {
	mu   *sync.Mutex
	recs *[]logRecord
}

type logRecord struct {
	Level  slog.Level
	Msg    string
	Logger string
}

func newLogCapture() (*slog.Logger, *logCapture) {
	c := &logCapture{mu: &sync.Mutex{}, recs: &[]logRecord{}}
	return slog.New(c), c
}

func (c *logCapture) Enabled(context.Context, slog.Level) bool { return true }
func (c *logCapture) Handle(_ context.Context, r slog.Record) error {
	rec := logRecord{Level: r.Level, Msg: r.Message}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "logger" {
			rec.Logger = a.Value.String()
		}
		return true
	})
	c.mu.Lock()
	defer c.mu.Unlock()
	*c.recs = append(*c.recs, rec)
	return nil
}
func (c *logCapture) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *logCapture) WithGroup(string) slog.Handler      { return c }

func (c *logCapture) find(sub string) []logRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []logRecord
	for _, r := range *c.recs {
		if strings.Contains(r.Msg, sub) {
			out = append(out, r)
		}
	}
	return out
}

// has reports whether exactly one record has msg, level and logger.
func (c *logCapture) has(level slog.Level, logger, msg string) bool {
	n := 0
	for _, r := range c.find(msg) {
		if r.Msg == msg && r.Level == level && r.Logger == logger {
			n++
		}
	}
	return n == 1
}

func newFake() *clock.Fake { return clock.NewFake(epoch) }

func mustNew(t testing.TB, classes []*user.Class, opts Options) *Runner {
	t.Helper()
	r, err := New(classes, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Quit() })
	return r
}
