package runner

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/shape"
	"github.com/gust-load/gust/runtime/user"
)

func waitDone(t *testing.T, r *Runner, what string) {
	t.Helper()
	select {
	case <-r.Done():
	case <-testCtx(t).Done():
		t.Fatalf("runner did not quit after %s (state %s)", what, r.State())
	}
}

func TestIterationLimit(t *testing.T) {
	t.Parallel()
	c := &counters{}
	log, logs := newLogCapture()
	count := taskOf("count", func(context.Context) error { c.tasks.Add(1); return nil })
	r := mustNew(t, []*user.Class{class("A", 1, 0, c, nil, count)}, Options{Iterations: 25, Logger: log, Headless: false})
	if err := r.Start(5, 100, nil); err != nil {
		t.Fatal(err)
	}
	waitDone(t, r, "the iteration limit")
	if n := c.tasks.Load(); n != 25 {
		t.Fatalf("%d tasks ran, want exactly 25", n)
	}
	if c.onStart.Load() != 5 || c.onStop.Load() != 5 {
		t.Fatalf("on_start %d on_stop %d, want 5 each", c.onStart.Load(), c.onStop.Load())
	}
	for _, line := range []string{"Iteration limit reached (25), stopping Users at the start of their next task run", "Last user stopped, quitting runner"} {
		if !logs.has(slog.LevelInfo, "root", line) {
			t.Errorf("missing INFO root %q", line)
		}
	}
	if r.State() != StateStopped {
		t.Fatalf("state %s", r.State())
	}
}

// Nested task sets count an iteration for entering the set and one for each
// task inside, as locust-plugins wraps every execute_task.
func TestIterationsCountSetEntries(t *testing.T) {
	t.Parallel()
	c := &counters{}
	inner := &user.TaskSet{Name: "S", Tasks: []user.Weighted{taskOf("t", func(context.Context) error { c.tasks.Add(1); return nil })}}
	cls := class("A", 1, 0, c, nil, user.Weighted{Weight: 1, Set: inner})
	r := mustNew(t, []*user.Class{cls}, Options{Iterations: 10})
	if err := r.Start(1, 1, nil); err != nil {
		t.Fatal(err)
	}
	waitDone(t, r, "the iteration limit")
	if n := c.tasks.Load(); n != 9 {
		t.Fatalf("%d tasks inside the set, want 9 (1 of 10 iterations is entering the set)", n)
	}
}

func TestStopTest(t *testing.T) {
	t.Parallel()
	for _, headless := range []bool{true, false} {
		c := &counters{}
		log, logs := newLogCapture()
		rec := newRecorder()
		stopper := taskOf("stop", func(context.Context) error {
			return errors.Join(errors.New("wrapped"), &user.Signal{C: user.StopTest})
		})
		r := mustNew(t, []*user.Class{class("A", 1, 0, c, dur(time.Hour), stopper)}, Options{Headless: headless, Logger: log, Hooks: rec.hooks()})
		if err := r.Start(1, 1, nil); err != nil {
			t.Fatal(err)
		}
		if headless {
			waitDone(t, r, "StopTest")
		} else {
			eventually(t, "the test to stop", func() bool { return slices.Contains(rec.list(), "test_stop") })
			select {
			case <-r.Done():
				t.Fatal("StopTest quit a runner with a web UI")
			default:
			}
		}
		if r.State() != StateStopped || c.onStop.Load() != 1 {
			t.Fatalf("headless=%v: state %s, on_stop %d", headless, r.State(), c.onStop.Load())
		}
		if !logs.has(slog.LevelWarn, "locust.runners", "Stopping Locust...") || len(logs.find("wrapped")) != 1 {
			t.Fatalf("headless=%v: missing StopTest log lines", headless)
		}
	}
}

// A task calling the script's runner.quit() ends the run.
func TestRequestQuitFromATask(t *testing.T) {
	t.Parallel()
	c := &counters{}
	var r *Runner
	ready := make(chan struct{})
	quitter := taskOf("quit", func(ctx context.Context) error {
		<-ready
		r.RequestQuit()
		<-ctx.Done() // the quit interrupts this very task
		return nil
	})
	r = mustNew(t, []*user.Class{class("A", 1, 0, c, nil, quitter)}, Options{})
	close(ready)
	if err := r.Start(2, 100, nil); err != nil {
		t.Fatal(err)
	}
	waitDone(t, r, "RequestQuit")
	// The second user may be stopped before it ever ran: then it runs
	// neither hook, like a greenlet killed before it started.
	if c.onStop.Load() != c.onStart.Load() || c.onStop.Load() == 0 {
		t.Fatalf("on_start %d on_stop %d", c.onStart.Load(), c.onStop.Load())
	}
}

func TestRequestStop(t *testing.T) {
	t.Parallel()
	c := &counters{}
	rec := newRecorder()
	r := mustNew(t, []*user.Class{class("A", 1, 0, c, nil, parked(c))}, Options{Hooks: rec.hooks()})
	if err := r.Start(2, 100, nil); err != nil {
		t.Fatal(err)
	}
	<-rec.spawn
	r.RequestStop()
	r.RequestStop() // coalesced
	eventually(t, "the stop", func() bool { return r.State() == StateStopped })
	// A stopped runner starts again: a new test.
	if err := r.Start(1, 100, nil); err != nil {
		t.Fatal(err)
	}
	<-rec.spawn
	if got := slices.DeleteFunc(rec.list(), func(s string) bool { return s != "test_start" && s != "test_stop" }); !slices.Equal(got, []string{"test_start", "test_stop", "test_start"}) {
		t.Fatalf("hooks %q", got)
	}
}

func TestRunTime(t *testing.T) {
	t.Parallel()
	for _, headless := range []bool{true, false} {
		ctx := testCtx(t)
		clk := newFake()
		c := &counters{}
		log, logs := newLogCapture()
		rec := newRecorder()
		r := mustNew(t, []*user.Class{class("A", 1, 0, c, nil, parked(c))},
			Options{Clock: clk, Logger: log, RunTime: time.Minute, Headless: headless, Hooks: rec.hooks()})
		if err := r.Start(3, 100, nil); err != nil {
			t.Fatal(err)
		}
		<-rec.spawn
		eventually(t, "users in their task", func() bool { return c.tasks.Load() == 3 })
		if err := clk.BlockUntil(ctx, 1); err != nil { // the run-time timer
			t.Fatal(err)
		}
		clk.Advance(59 * time.Second)
		if r.State() != StateRunning {
			t.Fatalf("stopped before the run time: %s", r.State())
		}
		clk.Advance(time.Second)
		if headless {
			waitDone(t, r, "the run time")
			if !logs.has(slog.LevelInfo, "locust.main", "--run-time limit reached, shutting down") {
				t.Fatal("missing run-time line")
			}
		} else {
			eventually(t, "the stop", func() bool { return r.State() == StateStopped })
			if !logs.has(slog.LevelInfo, "locust.main", "--run-time limit reached, stopping test") {
				t.Fatal("missing run-time line")
			}
		}
		if !logs.has(slog.LevelInfo, "locust.main", "Run time limit set to 60 seconds") {
			t.Fatal("missing run-time setting line")
		}
		if c.onStop.Load() != 3 {
			t.Fatalf("on_stop %d", c.onStop.Load())
		}
	}
}

// seedStepShape is /work/shared/locustfiles/seed_step_shape.py's StepLoadShape.
var seedStepShape = shape.Steps{
	{Until: 30 * time.Second, Stage: shape.Stage{Users: 50, SpawnRate: 10}},
	{Until: 60 * time.Second, Stage: shape.Stage{Users: 100, SpawnRate: 10}},
	{Until: 90 * time.Second, Stage: shape.Stage{Users: 150, SpawnRate: 10}},
	{Until: 210 * time.Second, Stage: shape.Stage{Users: 150, SpawnRate: 10}},
	{Until: 240 * time.Second, Stage: shape.Stage{Users: 75, SpawnRate: 10}},
	{Until: 300 * time.Second, Stage: shape.Stage{Users: 0, SpawnRate: 10}},
}

// TestStepShape runs the seed step shape for its full 300 s on a fake
// clock, checking the user count at every second against the stages ramped
// at 10 users/s, and that the run ends at 300 s.
func TestStepShape(t *testing.T) {
	t.Parallel()
	clk := newFake()
	c := &counters{}
	log, logs := newLogCapture()
	rec := newRecorder()
	r := mustNew(t, []*user.Class{class("ShapeUser", 1, 0, c, nil, parked(c))},
		Options{Clock: clk, Logger: log, Shape: seedStepShape, Headless: true, Hooks: rec.hooks()})
	if err := r.StartShape(); err != nil {
		t.Fatal(err)
	}
	users := 0
	for sec := 0; sec < 300; sec++ {
		st, _, _ := seedStepShape.Tick(time.Duration(sec) * time.Second)
		switch {
		case users < st.Users:
			users = min(users+10, st.Users)
		case users > st.Users:
			users = max(users-10, st.Users)
		}
		// The shape loop always sleeps; the spawner too while ramping.
		sleepers := 1
		if users != st.Users {
			sleepers = 2
		}
		eventually(t, "second "+time.Duration(sec*int(time.Second)).String(), func() bool {
			return r.UserCount() == users && clk.Sleepers() == sleepers && c.onStart.Load()-c.onStop.Load() == int64(users) &&
				(users != st.Users || r.State() == StateRunning)
		})
		clk.Advance(time.Second)
	}
	waitDone(t, r, "the shape's end")
	if got := clk.Now().Sub(epoch); got != 300*time.Second {
		t.Fatalf("ended at %v", got)
	}
	var updates []string
	for _, l := range logs.find("Shape test updating") {
		updates = append(updates, l.Msg)
	}
	want := []string{
		"Shape test updating to 50 users at 10.00 spawn rate",
		"Shape test updating to 100 users at 10.00 spawn rate",
		"Shape test updating to 150 users at 10.00 spawn rate",
		"Shape test updating to 75 users at 10.00 spawn rate",
		"Shape test updating to 0 users at 10.00 spawn rate",
	}
	if !slices.Equal(updates, want) {
		t.Fatalf("updates %q", updates)
	}
	for _, line := range []string{"Shape test starting.", "Shape test stopping"} {
		if !logs.has(slog.LevelInfo, "locust.runners", line) {
			t.Errorf("missing %q", line)
		}
	}
	if !logs.has(slog.LevelInfo, "locust.main", "Shape test completed, shutting down") {
		t.Error("missing the completion line")
	}
	if c.onStart.Load() != 150 || c.onStop.Load() != 150 {
		t.Fatalf("on_start %d on_stop %d, want 150 each", c.onStart.Load(), c.onStop.Load())
	}
	if n := len(slices.DeleteFunc(rec.list(), func(s string) bool { return s != "test_start" })); n != 1 {
		t.Fatalf("test_start fired %d times", n)
	}
}

func TestShapeEdgeCases(t *testing.T) {
	t.Parallel()
	t.Run("a second StartShape is refused", func(t *testing.T) {
		t.Parallel()
		clk := newFake()
		c := &counters{}
		log, logs := newLogCapture()
		r := mustNew(t, []*user.Class{class("A", 1, 0, c, nil, parked(c))}, Options{Clock: clk, Logger: log, Shape: seedStepShape})
		if err := r.StartShape(); err != nil {
			t.Fatal(err)
		}
		if err := r.StartShape(); err != nil {
			t.Fatal(err)
		}
		if !logs.has(slog.LevelInfo, "locust.runners", "There is an ongoing shape test running. Editing is disabled") {
			t.Fatal("missing refusal line")
		}
	})
	t.Run("a failing tick stops ticking and is unhandled", func(t *testing.T) {
		t.Parallel()
		c := &counters{}
		unhandled := make(chan error, 1)
		bad := shape.Func(func(time.Duration) (shape.Stage, bool, error) { return shape.Stage{}, false, errors.New("tick broke") })
		r := mustNew(t, []*user.Class{class("A", 1, 0, c, nil, parked(c))},
			Options{Shape: bad, Hooks: Hooks{Unhandled: func(err error) { unhandled <- err }}})
		if err := r.StartShape(); err != nil {
			t.Fatal(err)
		}
		if err := <-unhandled; err == nil || err.Error() != "shape tick: tick broke" {
			t.Fatalf("unhandled = %v", err)
		}
		if r.State() != StateReady {
			t.Fatalf("state %s", r.State())
		}
	})
	t.Run("a shape ending in UI mode stops without quitting", func(t *testing.T) {
		t.Parallel()
		c := &counters{}
		rec := newRecorder()
		once := shape.Func(func(rt time.Duration) (shape.Stage, bool, error) { return shape.Stage{}, false, nil })
		r := mustNew(t, []*user.Class{class("A", 1, 0, c, nil, parked(c))}, Options{Shape: once, Hooks: rec.hooks()})
		if err := r.StartShape(); err != nil {
			t.Fatal(err)
		}
		eventually(t, "the stop", func() bool { return slices.Contains(rec.list(), "test_stop") })
		select {
		case <-r.Done():
			t.Fatal("quit in UI mode")
		default:
		}
	})
	t.Run("StartShape without a shape", func(t *testing.T) {
		t.Parallel()
		r := mustNew(t, []*user.Class{class("A", 1, 0, &counters{}, nil)}, Options{})
		if err := r.StartShape(); err == nil {
			t.Fatal("accepted")
		}
	})
}
