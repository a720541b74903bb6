package runner

import (
	"context"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/user"
)

// stopScenario runs one Busy user stuck in a task until released (or
// interrupted) and one Idle user parked in a 100 s wait, then stops.
type stopScenario struct {
	busy, idle *counters
	entered    chan struct{}
	release    chan struct{}
	taskCtxErr chan error
}

func newStopScenario() *stopScenario {
	return &stopScenario{busy: &counters{}, idle: &counters{}, entered: make(chan struct{}), release: make(chan struct{}), taskCtxErr: make(chan error, 1)}
}

func (s *stopScenario) classes() []*user.Class {
	var once atomic.Bool
	busy := class("Busy", 1, 1, s.busy, dur(100*time.Second), taskOf("work", func(ctx context.Context) error {
		if once.CompareAndSwap(false, true) {
			close(s.entered)
		}
		select {
		case <-s.release:
			s.taskCtxErr <- nil
		case <-ctx.Done():
			s.taskCtxErr <- ctx.Err()
		}
		return nil
	}))
	idle := class("Idle", 1, 1, s.idle, dur(100*time.Second), taskOf("quick", func(context.Context) error { return nil }))
	return []*user.Class{busy, idle}
}

// start spawns both users and waits until Busy is in its task and Idle is
// asleep on the fake clock.
func (s *stopScenario) start(t *testing.T, opts Options) *Runner {
	t.Helper()
	ctx := testCtx(t)
	rec := newRecorder()
	opts.Hooks = rec.hooks()
	r := mustNew(t, s.classes(), opts)
	if err := r.Start(2, 100, nil); err != nil {
		t.Fatal(err)
	}
	<-rec.spawn
	<-s.entered
	if err := opts.Clock.(interface {
		BlockUntil(context.Context, int) error
	}).BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestStopTimeoutLetsTheTaskFinish(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	clk := newFake()
	log, logs := newLogCapture()
	s := newStopScenario()
	r := s.start(t, Options{Clock: clk, Logger: log, StopTimeout: 30 * time.Second})
	stopped := make(chan error, 1)
	go func() { stopped <- r.Stop() }()
	// The sleeping user stops at once, without any time passing.
	eventually(t, "the idle user's on_stop", func() bool { return s.idle.onStop.Load() == 1 })
	// The runner now waits on the clock for the stop timeout; Busy works on.
	if err := clk.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if s.busy.onStop.Load() != 0 || r.UserCount() != 1 {
		t.Fatalf("busy user stopped before its task ended (on_stop %d, users %d)", s.busy.onStop.Load(), r.UserCount())
	}
	close(s.release)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if err := <-s.taskCtxErr; err != nil {
		t.Fatalf("the task was interrupted: %v", err)
	}
	if s.busy.onStop.Load() != 1 {
		t.Fatalf("busy on_stop = %d", s.busy.onStop.Load())
	}
	if len(logs.find("Not all users finished")) != 0 {
		t.Fatal("logged a timeout although every user finished in time")
	}
}

func TestStopTimeoutExpires(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	clk := newFake()
	log, logs := newLogCapture()
	s := newStopScenario()
	r := s.start(t, Options{Clock: clk, Logger: log, StopTimeout: 30 * time.Second})
	stopped := make(chan error, 1)
	go func() { stopped <- r.Stop() }()
	eventually(t, "the idle user's on_stop", func() bool { return s.idle.onStop.Load() == 1 })
	if err := clk.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	clk.Advance(30 * time.Second)
	if err := <-stopped; err != nil {
		t.Fatal(err)
	}
	if err := <-s.taskCtxErr; err == nil {
		t.Fatal("the busy task was not interrupted after the timeout")
	}
	if s.busy.onStop.Load() != 1 || s.busy.stopCtxDone.Load() != 0 {
		t.Fatalf("busy on_stop %d (cancelled ctx %d), want 1 with a live context", s.busy.onStop.Load(), s.busy.stopCtxDone.Load())
	}
	if !logs.has(slog.LevelInfo, "locust.runners", "Not all users finished their tasks & terminated in 30 seconds. Stopping them...") {
		t.Fatal("missing the stop timeout line")
	}
}

func TestNoStopTimeoutInterruptsAtOnce(t *testing.T) {
	t.Parallel()
	clk := newFake()
	s := newStopScenario()
	r := s.start(t, Options{Clock: clk})
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := <-s.taskCtxErr; err == nil {
		t.Fatal("the busy task was not interrupted")
	}
	if s.busy.onStop.Load() != 1 || s.idle.onStop.Load() != 1 {
		t.Fatalf("on_stop busy %d idle %d, want 1 each (Locust runs on_stop on GreenletExit)", s.busy.onStop.Load(), s.idle.onStop.Load())
	}
	if s.busy.stopCtxDone.Load()+s.idle.stopCtxDone.Load() != 0 {
		t.Fatal("on_stop got a cancelled context")
	}
}

// Ramping down with a stop timeout stops the surplus users gracefully.
func TestRampDownWithStopTimeout(t *testing.T) {
	t.Parallel()
	c := &counters{}
	rec := newRecorder()
	clk := newFake()
	r := mustNew(t, []*user.Class{class("A", 1, 0, c, dur(time.Hour), taskOf("t", func(context.Context) error { return nil }))},
		Options{Clock: clk, StopTimeout: time.Minute, Hooks: rec.hooks()})
	if err := r.Start(6, 100, nil); err != nil {
		t.Fatal(err)
	}
	<-rec.spawn
	eventually(t, "users asleep", func() bool { return clk.Sleepers() == 6 })
	if err := r.Start(2, 100, nil); err != nil {
		t.Fatal(err)
	}
	<-rec.spawn // sleeping users stop at once: no clock advance needed
	if r.UserCount() != 2 || c.onStop.Load() != 4 {
		t.Fatalf("users %d, on_stop %d; want 2 and 4", r.UserCount(), c.onStop.Load())
	}
}
