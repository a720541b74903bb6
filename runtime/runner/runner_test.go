package runner

import (
	"context"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gust-load/gust/runtime/user"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestNewValidates(t *testing.T) {
	t.Parallel()
	c := &counters{}
	if _, err := New([]*user.Class{class("A", 0, 0, c, nil)}, Options{}); !errors.Is(err, ErrNoUsers) || err.Error() != "There are no users with weight > 0." {
		t.Fatalf("New with only weight-0 classes = %v", err)
	}
	if _, err := New([]*user.Class{class("A", 1, 0, c, nil), class("A", 1, 0, c, nil)}, Options{}); err == nil {
		t.Fatal("New accepted two classes with one name")
	}
	r := mustNew(t, []*user.Class{class("B", 1, 0, c, nil), class("Zero", 0, 0, c, nil), class("A", 0, 2, c, nil)}, Options{})
	var names []string
	for _, cl := range r.Classes() {
		names = append(names, cl.Name)
	}
	if !slices.Equal(names, []string{"A", "B"}) {
		t.Fatalf("classes = %q, want A, B (weight 0 dropped, sorted)", names)
	}
	for _, bad := range []struct {
		users   int
		rate    float64
		classes []string
	}{{-1, 1, nil}, {1, 0, nil}, {1, -2, nil}, {1, 1, []string{"Nope"}}} {
		if err := r.Start(bad.users, bad.rate, bad.classes); err == nil {
			t.Errorf("Start(%d, %v, %q) accepted", bad.users, bad.rate, bad.classes)
		}
	}
	if r.State() != StateReady {
		t.Fatalf("state %s after rejected starts", r.State())
	}
}

// TestRampAndStop spawns 10 users at 5/s over two classes on a fake clock,
// then stops them: counts, hooks, states, log lines, on_start/on_stop.
func TestRampAndStop(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	clk := newFake()
	c := &counters{}
	rec := newRecorder()
	log, logs := newLogCapture()
	r := mustNew(t, []*user.Class{class("B", 1, 0, c, nil, parked(c)), class("A", 3, 0, c, nil, parked(c))},
		Options{Clock: clk, Logger: log, Hooks: rec.hooks()})

	if err := r.Start(10, 5, nil); err != nil {
		t.Fatal(err)
	}
	if err := clk.BlockUntil(ctx, 1); err != nil { // the spawner, between iterations
		t.Fatal(err)
	}
	if got := r.UserClassesCount(); !maps.Equal(got, map[string]int{"A": 4, "B": 1}) {
		t.Fatalf("after the first iteration: %v, want A=4 B=1 (ABAAA)", got)
	}
	if r.State() != StateSpawning {
		t.Fatalf("state %s, want spawning", r.State())
	}
	clk.Advance(time.Second)
	if n := <-rec.spawn; n != 10 {
		t.Fatalf("spawning_complete(%d), want 10", n)
	}
	if got := r.UserClassesCount(); !maps.Equal(got, map[string]int{"A": 7, "B": 3}) {
		t.Fatalf("after the ramp: %v, want A=7 B=3 (ABAAABAAAB)", got)
	}
	eventually(t, "10 users in their task", func() bool { return c.tasks.Load() == 10 })
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if r.State() != StateStopped || r.UserCount() != 0 {
		t.Fatalf("after Stop: state %s, %d users", r.State(), r.UserCount())
	}
	if c.onStart.Load() != 10 || c.onStop.Load() != 10 || c.closed.Load() != 10 {
		t.Fatalf("on_start %d, on_stop %d, close %d; want 10 each", c.onStart.Load(), c.onStop.Load(), c.closed.Load())
	}
	if c.stopCtxDone.Load() != 0 {
		t.Fatalf("%d on_stop hooks got a cancelled context", c.stopCtxDone.Load())
	}
	want := []string{"test_start", "state:spawning", "state:running", "spawning_complete", "test_stopping", "state:cleanup", "state:stopped", "test_stop"}
	if got := rec.list(); !slices.Equal(got, want) {
		t.Fatalf("hooks %q, want %q", got, want)
	}
	for _, line := range []string{"Ramping to 10 users at a rate of 5.00 per second", `All users spawned: {"A": 7, "B": 3} (10 total users)`} {
		if !logs.has(slog.LevelInfo, "locust.runners", line) {
			t.Errorf("missing INFO locust.runners %q", line)
		}
	}
	if err := r.Quit(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	default:
		t.Fatal("Done not closed after Quit")
	}
	if err := r.Start(1, 1, nil); !errors.Is(err, ErrQuit) {
		t.Fatalf("Start after Quit = %v, want ErrQuit", err)
	}
}

// TestRetarget edits the user count of a running test up and down.
func TestRetarget(t *testing.T) {
	t.Parallel()
	c := &counters{}
	rec := newRecorder()
	r := mustNew(t, []*user.Class{class("A", 3, 0, c, nil, parked(c)), class("B", 1, 0, c, nil, parked(c))}, Options{Hooks: rec.hooks()})
	steps := []struct {
		users int
		want  map[string]int
	}{
		{10, map[string]int{"A": 7, "B": 3}},
		{4, map[string]int{"A": 3, "B": 1}}, // the last six of ABAAABAAAB go first
		{12, map[string]int{"A": 9, "B": 3}},
		{12, map[string]int{"A": 9, "B": 3}},
		{0, map[string]int{"A": 0, "B": 0}},
	}
	for _, st := range steps {
		if err := r.Start(st.users, 100, nil); err != nil {
			t.Fatal(err)
		}
		if n := <-rec.spawn; n != st.users {
			t.Fatalf("spawning_complete(%d), want %d", n, st.users)
		}
		// A user killed before its goroutine ran never runs on_start nor
		// on_stop (a killed greenlet that never started): let them start.
		eventually(t, "users to start", func() bool { return c.onStart.Load()-c.onStop.Load() == int64(st.users) })
		if got := r.UserClassesCount(); !maps.Equal(got, st.want) {
			t.Fatalf("Start(%d): %v, want %v", st.users, got, st.want)
		}
		if got := r.TargetUserClassesCount(); !maps.Equal(got, st.want) {
			t.Fatalf("Start(%d): target %v, want %v", st.users, got, st.want)
		}
	}
	if n := slices.Index(rec.list(), "test_start"); n != 0 || len(slices.DeleteFunc(rec.list(), func(s string) bool { return s != "test_start" })) != 1 {
		t.Fatalf("test_start fired other than once: %q", rec.list())
	}
	// 10 + 8 spawned, all stopped again
	if c.onStart.Load() != 18 || c.onStop.Load() != 18 {
		t.Fatalf("on_start %d on_stop %d, want 18 each", c.onStart.Load(), c.onStop.Load())
	}
	if r.State() != StateRunning {
		t.Fatalf("state %s, want running with 0 users", r.State())
	}
}

func TestFixedCountMessage(t *testing.T) {
	t.Parallel()
	c := &counters{}
	log, logs := newLogCapture()
	rec := newRecorder()
	r := mustNew(t, []*user.Class{class("F", 1, 3, c, nil, parked(c)), class("G", 1, 1, c, nil, parked(c)), class("W", 1, 0, c, nil, parked(c))},
		Options{Logger: log, Hooks: rec.hooks()})
	if err := r.Start(3, 100, nil); err != nil {
		t.Fatal(err)
	}
	<-rec.spawn
	if got := r.UserClassesCount(); !maps.Equal(got, map[string]int{"F": 2, "G": 1, "W": 0}) {
		t.Fatalf("counts %v", got)
	}
	if !logs.has(slog.LevelInfo, "locust.main", "Total fixed_count of User classes (4) is greater than the specified number of users (3), so not all will be spawned.") {
		t.Fatal("missing fixed_count message")
	}
}

// A user that ends by itself (StopUser) is not respawned.
func TestStoppedUserIsNotRespawned(t *testing.T) {
	t.Parallel()
	c := &counters{}
	rec := newRecorder()
	quitter := class("Q", 1, 0, c, nil, taskOf("quit", func(context.Context) error { return &user.Signal{C: user.StopUser} }))
	r := mustNew(t, []*user.Class{quitter}, Options{Hooks: rec.hooks()})
	if err := r.Start(3, 100, nil); err != nil {
		t.Fatal(err)
	}
	<-rec.spawn
	eventually(t, "users to stop themselves", func() bool { return c.onStop.Load() == 3 })
	eventually(t, "user count to drop", func() bool { return r.UserCount() == 0 })
	if r.State() != StateRunning {
		t.Fatalf("state %s", r.State())
	}
	if c.onStart.Load() != 3 {
		t.Fatalf("on_start %d: users were respawned", c.onStart.Load())
	}
}

// Task errors reach the exceptions sink and the user goes on; a failing
// factory is an unhandled error and its user simply does not run.
func TestErrorsReachTheirSinks(t *testing.T) {
	t.Parallel()
	c := &counters{}
	type exc struct{ msg, tb string }
	excs := make(chan exc, 10)
	unhandled := make(chan error, 10)
	runs := 0
	flaky := taskOf("flaky", func(ctx context.Context) error {
		runs++ // one user: no race
		if runs <= 3 {
			return errors.New("boom")
		}
		<-ctx.Done()
		return nil
	})
	broken := &user.Class{Name: "Broken", Weight: 1, New: func(context.Context, int) (user.Instance, error) {
		return nil, errors.New("no host")
	}}
	rec := newRecorder()
	r := mustNew(t, []*user.Class{class("A", 1, 0, c, nil, flaky), broken}, Options{
		Exception: func(msg, tb string) { excs <- exc{msg, tb} },
		Hooks:     Hooks{Unhandled: func(err error) { unhandled <- err }, SpawningComplete: rec.hooks().SpawningComplete},
	})
	if err := r.Start(2, 100, nil); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if e := <-excs; e != (exc{"boom", ""}) {
			t.Fatalf("exception %+v", e)
		}
	}
	if err := <-unhandled; err == nil || err.Error() != "create user Broken 2: no host" {
		t.Fatalf("unhandled = %v", err)
	}
	eventually(t, "the broken user to go", func() bool { return r.UserClassesCount()["Broken"] == 0 })
	if r.UserClassesCount()["A"] != 1 {
		t.Fatalf("counts %v", r.UserClassesCount())
	}
}
