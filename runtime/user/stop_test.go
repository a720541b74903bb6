package user

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

// started runs u in a goroutine and returns its result channel.
func started(ctx context.Context, u *User) <-chan error {
	done := make(chan error, 1)
	go func() { done <- u.Run(ctx) }()
	return done
}

func TestGracefulStopWhileWaiting(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	clk := clock.NewFake(time.Unix(0, 0))
	f := newFixture()
	f.hooks["U"] = hooks{wait: dur(10 * time.Second)}
	u := New(mustPlan(t, f.class("U", set("S", 1, false, f.task("a", 1, nil)))), 1, Options{Clock: clk})
	done := started(ctx, u)
	if err := clk.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	u.Stop() // no Advance: the sleeping user must stop at once
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := []string{"U.on_start", "S.on_start", "S.a", "wait(S)", "wait(U)", "S.on_stop", "U.on_stop"}
	if got := f.ev.list(); !slices.Equal(got, want) {
		t.Fatalf("events %q, want %q", got, want)
	}
	if f.stopCtxDone.Load() != 0 || f.cancel.Load() != 0 {
		t.Fatalf("graceful stop cancelled something: on_stop ctx done %d, Cancel %d", f.stopCtxDone.Load(), f.cancel.Load())
	}
}

func TestGracefulStopFinishesTheTask(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	f := newFixture()
	entered, release := make(chan struct{}), make(chan struct{})
	taskCtxErr := make(chan error, 1)
	cls := f.class("U", set("S", 1, false, f.task("slow", 1, func(ctx context.Context) error {
		close(entered)
		<-release
		taskCtxErr <- ctx.Err()
		return nil
	})))
	u := New(mustPlan(t, cls), 1, Options{})
	done := started(ctx, u)
	<-entered
	u.Stop()
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-taskCtxErr; err != nil {
		t.Fatalf("graceful stop cancelled the running task: %v", err)
	}
	// The task finished, then StopUser before the next wait: no wait(...) event.
	want := []string{"U.on_start", "S.on_start", "S.slow", "S.on_stop", "U.on_stop"}
	if got := f.ev.list(); !slices.Equal(got, want) {
		t.Fatalf("events %q, want %q", got, want)
	}
}

func TestKillInterruptsTaskAndStillRunsOnStop(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	f := newFixture()
	entered := make(chan struct{})
	cls := f.class("U", set("S", 1, false, set("T", 1, false, f.task("block", 1, func(ctx context.Context) error {
		close(entered)
		<-ctx.Done()
		return ctx.Err()
	}))))
	u := New(mustPlan(t, cls), 1, Options{Exception: func(msg, tb string) { t.Errorf("kill recorded as exception %q", msg) }})
	done := started(ctx, u)
	<-entered
	u.Kill("stopping")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := []string{"U.on_start", "S.on_start", "T.on_start", "T.block", "T.on_stop", "S.on_stop", "U.on_stop"}
	if got := f.ev.list(); !slices.Equal(got, want) {
		t.Fatalf("events %q, want %q", got, want)
	}
	if n := f.stopCtxDone.Load(); n != 0 {
		t.Fatalf("%d on_stop hooks got a cancelled context", n)
	}
	if n := f.cancel.Load(); n != 1 {
		t.Fatalf("Canceler.Cancel called %d times, want 1", n)
	}
}

// TestKillCancelsBeforeOnStop: the on_stop hooks that follow a kill start
// only once Kill has cancelled the script code; a Cancel that landed while
// they run would cancel them too. The fixture's Cancel dawdles, and the
// task returns as soon as its context is cancelled, so without the
// ordering the user's on_stop would start inside Cancel.
func TestKillCancelsBeforeOnStop(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	f := newFixture()
	entered := make(chan struct{})
	onStopStarted := make(chan struct{})
	f.hooks["U"] = hooks{onStop: func(context.Context) error { close(onStopStarted); return nil }}
	f.onCancel = func() {
		select {
		case <-onStopStarted:
			t.Error("on_stop started while Kill was cancelling the script")
		case <-time.After(100 * time.Millisecond):
		}
	}
	u := New(mustPlan(t, f.class("U", f.task("block", 1, func(ctx context.Context) error {
		close(entered)
		<-ctx.Done()
		return ctx.Err()
	}))), 1, Options{})
	done := started(ctx, u)
	<-entered
	u.Kill("stopping")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if want := []string{"U.on_start", "U.block", "U.on_stop"}; !slices.Equal(f.ev.list(), want) {
		t.Fatalf("events %q, want %q", f.ev.list(), want)
	}
}

func TestKillWhileWaitingDoesNotCancelScript(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	clk := clock.NewFake(time.Unix(0, 0))
	f := newFixture()
	f.hooks["U"] = hooks{wait: dur(time.Minute)}
	u := New(mustPlan(t, f.class("U", f.task("a", 1, nil))), 1, Options{Clock: clk})
	done := started(ctx, u)
	if err := clk.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	u.Kill("stop")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if want := []string{"U.on_start", "U.a", "wait(U)", "U.on_stop"}; !slices.Equal(f.ev.list(), want) {
		t.Fatalf("events %q, want %q", f.ev.list(), want)
	}
	if f.cancel.Load() != 0 {
		t.Fatal("Cancel called on a user parked in its wait")
	}
}

// On_stop after a kill is bounded: a hook that blocks on its context ends
// when HookTimeout passes.
func TestOnStopAfterKillIsBounded(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	f := newFixture()
	hookErr := make(chan error, 1)
	f.hooks["U"] = hooks{onStop: func(ctx context.Context) error {
		<-ctx.Done()
		hookErr <- ctx.Err()
		return nil
	}}
	entered := make(chan struct{})
	cls := f.class("U", f.task("block", 1, func(ctx context.Context) error { close(entered); <-ctx.Done(); return nil }))
	u := New(mustPlan(t, cls), 1, Options{HookTimeout: time.Millisecond})
	done := started(ctx, u)
	<-entered
	u.Kill("x")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := <-hookErr; err != context.DeadlineExceeded {
		t.Fatalf("on_stop context ended with %v, want deadline exceeded", err)
	}
}

func TestKillBeforeRunRunsNothing(t *testing.T) {
	t.Parallel()
	f := newFixture()
	u := New(mustPlan(t, f.class("U", f.task("a", 1, nil))), 1, Options{})
	u.Kill("early")
	if err := u.Run(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if ev := f.ev.list(); len(ev) != 0 {
		t.Fatalf("events %q, want none", ev)
	}
}

func TestParentContextCancelActsAsKill(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(testCtx(t))
	f := newFixture()
	entered := make(chan struct{})
	cls := f.class("U", f.task("block", 1, func(ctx context.Context) error { close(entered); <-ctx.Done(); return ctx.Err() }))
	done := started(ctx, New(mustPlan(t, cls), 1, Options{}))
	<-entered
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := f.ev.list(); !slices.Equal(got, []string{"U.on_start", "U.block", "U.on_stop"}) {
		t.Fatalf("events %q", got)
	}
}
