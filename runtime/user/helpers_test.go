package user

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// events is a concurrency-safe log of what the fixture saw.
type events struct {
	mu  sync.Mutex
	all []string
}

func (e *events) add(format string, args ...any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.all = append(e.all, fmt.Sprintf(format, args...))
}

func (e *events) list() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.all...)
}

func (e *events) count(s string) int {
	n := 0
	for _, x := range e.list() {
		if x == s {
			n++
		}
	}
	return n
}

// hooks scripts one scope (by class or set name) of the fixture.
type hooks struct {
	onStart func(ctx context.Context) error
	onStop  func(ctx context.Context) error
	// wait, when set, is the scope's own wait_time.
	wait *time.Duration
}

// fixture builds hand-written scopes that record every call, standing in
// for the Starlark layer.
type fixture struct {
	ev     events
	hooks  map[string]hooks
	closed atomic.Int32
	cancel atomic.Int32
	// stopCtxErr records, per on_stop call, whether its context was
	// already done: on_stop must get a live context.
	stopCtxDone atomic.Int32
	// onCancel, when set, runs inside every instance's Cancel.
	onCancel func()
}

func newFixture() *fixture { return &fixture{hooks: map[string]hooks{}} }

type scope struct {
	f    *fixture
	name string
}

func (s *scope) OnStart(ctx context.Context) error {
	s.f.ev.add("%s.on_start", s.name)
	if h := s.f.hooks[s.name].onStart; h != nil {
		return h(ctx)
	}
	return nil
}

func (s *scope) OnStop(ctx context.Context) error {
	s.f.ev.add("%s.on_stop", s.name)
	if ctx.Err() != nil {
		s.f.stopCtxDone.Add(1)
	}
	if h := s.f.hooks[s.name].onStop; h != nil {
		return h(ctx)
	}
	return nil
}

func (s *scope) WaitTime(ctx context.Context) (time.Duration, bool, error) {
	s.f.ev.add("wait(%s)", s.name)
	if w := s.f.hooks[s.name].wait; w != nil {
		return *w, true, nil
	}
	return 0, false, nil
}

func (s *scope) Enter(ctx context.Context, ts *TaskSet) (Scope, error) {
	return &scope{f: s.f, name: ts.Name}, nil
}

type instance struct {
	scope
	cancelled atomic.Value // string
}

func (i *instance) Close() { i.f.closed.Add(1) }

func (i *instance) Cancel(reason string) {
	i.cancelled.Store(reason)
	i.f.cancel.Add(1)
	if i.f.onCancel != nil {
		i.f.onCancel()
	}
}

// class makes a Class whose instances are fixture scopes named name.
func (f *fixture) class(name string, root ...Weighted) *Class {
	return &Class{
		Name:   name,
		Weight: 1,
		Root:   &TaskSet{Name: name, Tasks: root},
		New: func(ctx context.Context, id int) (Instance, error) {
			return &instance{scope: scope{f: f, name: name}}, nil
		},
	}
}

// task makes a weighted task that records "<scope>.<name>" and then runs fn.
func (f *fixture) task(name string, weight int, fn func(ctx context.Context) error) Weighted {
	return Weighted{Weight: weight, Task: TaskFunc{TaskName: name, Fn: func(ctx context.Context, s Scope) error {
		f.ev.add("%s.%s", s.(interface{ scopeName() string }).scopeName(), name)
		if fn != nil {
			return fn(ctx)
		}
		return nil
	}}}
}

func (s *scope) scopeName() string { return s.name }

// set makes a weighted nested task set.
func set(name string, weight int, sequential bool, tasks ...Weighted) Weighted {
	return Weighted{Weight: weight, Set: &TaskSet{Name: name, Sequential: sequential, Tasks: tasks}}
}

// limit returns a Gate that lets n tasks through, then stops the user.
func limit(n int) func() bool {
	var left atomic.Int64
	left.Store(int64(n))
	return func() bool { return left.Add(-1) >= 0 }
}

// logRecord is one captured log line.
type logRecord struct {
	Level  slog.Level
	Msg    string
	Logger string
}

// logCapture is a slog.Handler keeping every record.
type logCapture struct {
	mu   *sync.Mutex
	recs *[]logRecord
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

func (c *logCapture) records() []logRecord {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]logRecord(nil), *c.recs...)
}

// find returns the records whose message contains sub.
func (c *logCapture) find(sub string) []logRecord {
	var out []logRecord
	for _, r := range c.records() {
		if strings.Contains(r.Msg, sub) {
			out = append(out, r)
		}
	}
	return out
}

// tracedErr is a script-like error with a traceback.
type tracedErr struct{ msg, tb string }

func (e *tracedErr) Error() string     { return "ValueError: " + e.msg }
func (e *tracedErr) Message() string   { return e.msg }
func (e *tracedErr) Traceback() string { return e.tb }

func mustPlan(t testing.TB, c *Class) *Plan {
	t.Helper()
	p, err := NewPlan(c)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func dur(d time.Duration) *time.Duration { return &d }
