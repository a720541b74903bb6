package user

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/gust-load/gust/runtime/clock"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func sig(c Control, resched bool) func(context.Context) error {
	return func(context.Context) error { return &Signal{C: c, Reschedule: resched} }
}

func seqRoot(c *Class) *Class {
	c.Root.Sequential = true
	return c
}

// TestControlSignals runs one user whose tasks raise each control signal and
// compares the exact sequence of hooks, tasks and waits with Locust's.
func TestControlSignals(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	tests := []struct {
		name string
		// build returns the class; f records events.
		build      func(f *fixture) *Class
		gate       int // tasks allowed before StopUser; 0 = no gate
		want       []string
		wantErr    bool
		exceptions int
		stopTests  int
	}{
		{
			name:  "plain tasks wait after each",
			build: func(f *fixture) *Class { return f.class("U", f.task("a", 1, nil)) },
			gate:  2,
			want:  []string{"U.on_start", "U.a", "wait(U)", "U.a", "wait(U)", "U.on_stop"},
		},
		{
			name:  "RescheduleTask ends the task, then waits",
			build: func(f *fixture) *Class { return f.class("U", f.task("a", 1, sig(RescheduleTask, false))) },
			gate:  2,
			want:  []string{"U.on_start", "U.a", "wait(U)", "U.a", "wait(U)", "U.on_stop"},
		},
		{
			name:  "RescheduleTaskImmediately skips the wait",
			build: func(f *fixture) *Class { return f.class("U", f.task("a", 1, sig(RescheduleTaskImmediately, false))) },
			gate:  3,
			want:  []string{"U.on_start", "U.a", "U.a", "U.a", "U.on_stop"},
		},
		{
			name:  "StopUser runs on_stop and ends the user",
			build: func(f *fixture) *Class { return f.class("U", f.task("a", 1, sig(StopUser, false))) },
			want:  []string{"U.on_start", "U.a", "U.on_stop"},
		},
		{
			name:      "StopTest runs on_stop and reports the test stop",
			build:     func(f *fixture) *Class { return f.class("U", f.task("a", 1, sig(StopTest, false))) },
			want:      []string{"U.on_start", "U.a", "U.on_stop"},
			stopTests: 1,
		},
		{
			name: "StopUser in a nested set runs every on_stop, innermost first",
			build: func(f *fixture) *Class {
				return f.class("U", set("S", 1, true, f.task("a", 1, nil), set("T", 1, false, f.task("b", 1, sig(StopUser, false)))))
			},
			want: []string{"U.on_start", "S.on_start", "S.a", "wait(S)", "wait(U)", "T.on_start", "T.b", "T.on_stop", "S.on_stop", "U.on_stop"},
		},
		{
			name: "InterruptTaskSet(reschedule=True): parent picks its next task at once",
			build: func(f *fixture) *Class {
				return seqRoot(f.class("U", set("S", 1, true, f.task("t1", 1, nil), f.task("intr", 1, sig(InterruptTaskSet, true)))))
			},
			gate: 5,
			want: []string{"U.on_start", "S.on_start", "S.t1", "wait(S)", "wait(U)", "S.intr", "S.on_stop",
				"S.on_start", "S.t1", "wait(S)", "wait(U)", "S.on_stop", "U.on_stop"},
		},
		{
			name: "InterruptTaskSet(reschedule=False): parent waits first",
			build: func(f *fixture) *Class {
				return seqRoot(f.class("U", set("S", 1, true, f.task("t1", 1, nil), f.task("intr", 1, sig(InterruptTaskSet, false)))))
			},
			gate: 5,
			want: []string{"U.on_start", "S.on_start", "S.t1", "wait(S)", "wait(U)", "S.intr", "S.on_stop", "wait(U)",
				"S.on_start", "S.t1", "wait(S)", "wait(U)", "S.on_stop", "U.on_stop"},
		},
		{
			name: "InterruptTaskSet in a set's on_start leaves without its on_stop",
			build: func(f *fixture) *Class {
				f.hooks["S"] = hooks{onStart: sig(InterruptTaskSet, false)}
				return seqRoot(f.class("U", set("S", 1, false, f.task("never", 1, nil)), f.task("a", 1, nil)))
			},
			gate: 3,
			want: []string{"U.on_start", "S.on_start", "wait(U)", "U.a", "wait(U)", "S.on_start", "wait(U)", "U.on_stop"},
		},
		{
			name: "a set's own wait_time wins over the user's",
			build: func(f *fixture) *Class {
				f.hooks["S"] = hooks{wait: dur(0)}
				return f.class("U", set("S", 1, false, f.task("a", 1, nil)))
			},
			gate: 3,
			want: []string{"U.on_start", "S.on_start", "S.a", "wait(S)", "S.a", "wait(S)", "S.on_stop", "U.on_stop"},
		},
		{
			name:    "InterruptTaskSet on the user's own task ends the user without on_stop",
			build:   func(f *fixture) *Class { return f.class("U", f.task("a", 1, sig(InterruptTaskSet, true))) },
			want:    []string{"U.on_start", "U.a"},
			wantErr: true,
		},
		{
			name: "a task error is recorded and the user goes on after a wait",
			build: func(f *fixture) *Class {
				return f.class("U", f.task("a", 1, func(context.Context) error { return boom }))
			},
			gate:       2,
			want:       []string{"U.on_start", "U.a", "wait(U)", "U.a", "wait(U)", "U.on_stop"},
			exceptions: 2,
		},
		{
			name: "an error in the user's on_start ends it without on_stop and is not recorded",
			build: func(f *fixture) *Class {
				f.hooks["U"] = hooks{onStart: func(context.Context) error { return boom }}
				return f.class("U", f.task("a", 1, nil))
			},
			want:    []string{"U.on_start"},
			wantErr: true,
		},
		{
			name: "StopUser in the user's on_start runs on_stop",
			build: func(f *fixture) *Class {
				f.hooks["U"] = hooks{onStart: sig(StopUser, false)}
				return f.class("U", f.task("a", 1, nil))
			},
			want: []string{"U.on_start", "U.on_stop"},
		},
		{
			name: "an error in a set's on_start is a task error of the parent",
			build: func(f *fixture) *Class {
				f.hooks["S"] = hooks{onStart: func(context.Context) error { return boom }}
				return f.class("U", set("S", 1, false, f.task("never", 1, nil)))
			},
			gate:       2,
			want:       []string{"U.on_start", "S.on_start", "wait(U)", "S.on_start", "wait(U)", "U.on_stop"},
			exceptions: 2,
		},
		{
			name: "an error in a set's on_stop after an interrupt is logged, the interrupt goes on",
			build: func(f *fixture) *Class {
				f.hooks["S"] = hooks{onStop: func(context.Context) error { return boom }}
				return seqRoot(f.class("U", set("S", 1, false, f.task("intr", 1, sig(InterruptTaskSet, true)))))
			},
			gate: 3,
			want: []string{"U.on_start", "S.on_start", "S.intr", "S.on_stop", "S.on_start", "S.on_stop", "U.on_stop"},
		},
		{
			name: "weight 0 tasks never run",
			build: func(f *fixture) *Class {
				return f.class("U", f.task("zero", 0, nil), f.task("a", 1, nil))
			},
			gate: 2,
			want: []string{"U.on_start", "U.a", "wait(U)", "U.a", "wait(U)", "U.on_stop"},
		},
		{
			name: "a panic in a task is recorded like an error",
			build: func(f *fixture) *Class {
				return f.class("U", f.task("a", 1, func(context.Context) error { panic("kaput") }))
			},
			gate:       1,
			want:       []string{"U.on_start", "U.a", "wait(U)", "U.on_stop"},
			exceptions: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture()
			c := tt.build(f)
			var exceptions, stopTests atomic.Int32
			opts := Options{
				Rand:      rand.New(rand.NewPCG(1, 2)),
				Exception: func(msg, tb string) { exceptions.Add(1) },
				StopTest:  func(error) { stopTests.Add(1) },
			}
			if tt.gate > 0 {
				opts.Gate = limit(tt.gate)
			}
			err := New(mustPlan(t, c), 1, opts).Run(testCtx(t))
			if (err != nil) != tt.wantErr {
				t.Fatalf("Run() = %v, want error %v", err, tt.wantErr)
			}
			if got := f.ev.list(); !slices.Equal(got, tt.want) {
				t.Fatalf("events:\n got %q\nwant %q", got, tt.want)
			}
			if got := exceptions.Load(); int(got) != tt.exceptions {
				t.Errorf("exceptions recorded = %d, want %d", got, tt.exceptions)
			}
			if got := stopTests.Load(); int(got) != tt.stopTests {
				t.Errorf("StopTest reports = %d, want %d", got, tt.stopTests)
			}
			if got := f.closed.Load(); got != 1 {
				t.Errorf("Close called %d times, want 1", got)
			}
		})
	}
}

func TestTaskErrorIsReportedWithTraceback(t *testing.T) {
	t.Parallel()
	f := newFixture()
	terr := &tracedErr{msg: "bad value", tb: "  File \"locustfile.py\", line 9, in a\n"}
	c := f.class("U", f.task("a", 1, func(context.Context) error { return terr }))
	log, logs := newLogCapture()
	type exc struct{ msg, tb string }
	var got []exc
	var scopes []string
	opts := Options{
		Logger:    log,
		Gate:      limit(1),
		Exception: func(msg, tb string) { got = append(got, exc{msg, tb}) },
		TaskError: func(s Scope, err error) {
			scopes = append(scopes, s.(*instance).name)
			if !errors.Is(err, terr) {
				t.Errorf("TaskError got %v", err)
			}
		},
	}
	if err := New(mustPlan(t, c), 1, opts).Run(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	if want := []exc{{"bad value", terr.tb}}; !slices.Equal(got, want) {
		t.Fatalf("exceptions = %q, want %q", got, want)
	}
	if !slices.Equal(scopes, []string{"U"}) {
		t.Fatalf("TaskError scopes = %q", scopes)
	}
	recs := logs.find("bad value")
	want := logRecord{Level: slog.LevelError, Msg: "bad value\n" + terr.tb, Logger: "locust.user.task"}
	if len(recs) != 1 || recs[0] != want {
		t.Fatalf("log records = %+v, want [%+v]", recs, want)
	}
}

func TestOnStartErrorIsLoggedNotRecorded(t *testing.T) {
	t.Parallel()
	f := newFixture()
	f.hooks["U"] = hooks{onStart: func(context.Context) error { return &tracedErr{msg: "no login", tb: "  File x\n"} }}
	log, logs := newLogCapture()
	err := New(mustPlan(t, f.class("U", f.task("a", 1, nil))), 1, Options{
		Logger:    log,
		Exception: func(string, string) { t.Error("on_start error recorded as an exception") },
	}).Run(testCtx(t))
	if err == nil {
		t.Fatal("Run() = nil, want the on_start error")
	}
	recs := logs.find("no login")
	if len(recs) != 1 || recs[0].Level != slog.LevelError || recs[0].Logger != "locust.user.users" || recs[0].Msg != "no login\n  File x\n" {
		t.Fatalf("log = %+v", recs)
	}
}

func TestRootInterruptIsLoggedClearly(t *testing.T) {
	t.Parallel()
	f := newFixture()
	log, logs := newLogCapture()
	err := New(mustPlan(t, f.class("Walker", f.task("a", 1, sig(InterruptTaskSet, false)))), 1, Options{Logger: log}).Run(testCtx(t))
	var ri *rootInterrupt
	if !errors.As(err, &ri) {
		t.Fatalf("Run() = %v, want a root interrupt", err)
	}
	recs := logs.find("InterruptTaskSet raised by a task declared directly on user class Walker")
	if len(recs) != 1 || recs[0].Level != slog.LevelError {
		t.Fatalf("log = %+v", logs.records())
	}
}

func TestWeightedTaskMix(t *testing.T) {
	t.Parallel()
	f := newFixture()
	var a, b, c atomic.Int64
	count := func(n *atomic.Int64) func(context.Context) error {
		return func(context.Context) error { n.Add(1); return nil }
	}
	cls := f.class("U", f.task("a", 6, count(&a)), f.task("b", 3, count(&b)), f.task("c", 1, count(&c)))
	const n = 20000
	err := New(mustPlan(t, cls), 1, Options{Rand: rand.New(rand.NewPCG(7, 7)), Gate: limit(n)}).Run(testCtx(t))
	if err != nil {
		t.Fatal(err)
	}
	// Binomial standard deviations are 69, 65 and 42: allow about 4.
	for _, tc := range []struct {
		name string
		got  int64
		want float64
	}{{"a", a.Load(), 0.6 * n}, {"b", b.Load(), 0.3 * n}, {"c", c.Load(), 0.1 * n}} {
		if d := float64(tc.got) - tc.want; d > 280 || d < -280 {
			t.Errorf("task %s ran %d times, want %.0f ± 280", tc.name, tc.got, tc.want)
		}
	}
}

func TestSequentialOrderUsesWeightAsRepeat(t *testing.T) {
	t.Parallel()
	f := newFixture()
	f.hooks["S"] = hooks{wait: dur(0)}
	cls := f.class("U", set("S", 1, true, f.task("a", 2, nil), f.task("b", 1, nil), f.task("z", 0, nil), f.task("c", 1, nil)))
	if err := New(mustPlan(t, cls), 1, Options{Gate: limit(9)}).Run(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	var seq []string
	for _, e := range f.ev.list() {
		if name, ok := strings.CutPrefix(e, "S."); ok && !strings.HasPrefix(name, "on_") {
			seq = append(seq, name)
		}
	}
	if want := []string{"a", "a", "b", "c", "a", "a", "b", "c"}; !slices.Equal(seq, want) {
		t.Fatalf("order = %q, want %q", seq, want)
	}
}

func TestNoTasksIsAnExceptionEachLoop(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	clk := clock.NewFake(time.Unix(0, 0))
	f := newFixture()
	f.hooks["Empty"] = hooks{wait: dur(time.Second)}
	var mu sync.Mutex
	var msgs []string
	u := New(mustPlan(t, f.class("Empty")), 1, Options{Clock: clk, Exception: func(msg, tb string) {
		mu.Lock()
		msgs = append(msgs, msg)
		mu.Unlock()
	}})
	done := make(chan error, 1)
	go func() { done <- u.Run(ctx) }()
	for range 3 {
		if err := clk.BlockUntil(ctx, 1); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	if err := clk.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	u.Stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	want := "No tasks defined on Empty. Use the @task decorator or set the 'tasks' attribute of the User (or mark it as abstract = True if you only intend to subclass it)"
	if len(msgs) != 4 || msgs[0] != want {
		t.Fatalf("exceptions = %q, want 4 × %q", msgs, want)
	}
}

// formattedErr also renders the whole Python traceback.
type formattedErr struct{ tracedErr }

func (e *formattedErr) Format() string {
	return "Traceback (most recent call last):\n" + e.tb + "ValueError: " + e.msg + "\n"
}

// TestTaskErrorLogsFullTraceback: like Locust's "%s\n%s" % (e,
// traceback.format_exc()), the log line carries the whole traceback when
// the error can render it; the exceptions table keeps only the stack lines.
func TestTaskErrorLogsFullTraceback(t *testing.T) {
	t.Parallel()
	f := newFixture()
	terr := &formattedErr{tracedErr{msg: "bad value", tb: "  File \"locustfile.py\", line 3, in a\n    int(x)\n"}}
	c := f.class("U", f.task("a", 1, func(context.Context) error { return terr }))
	log, logs := newLogCapture()
	var tbs []string
	opts := Options{Logger: log, Gate: limit(1), Exception: func(_, tb string) { tbs = append(tbs, tb) }}
	if err := New(mustPlan(t, c), 1, opts).Run(testCtx(t)); err != nil {
		t.Fatal(err)
	}
	want := "bad value\nTraceback (most recent call last):\n  File \"locustfile.py\", line 3, in a\n    int(x)\nValueError: bad value"
	if recs := logs.find("bad value"); len(recs) != 1 || recs[0].Msg != want {
		t.Fatalf("log records = %+v, want message %q", recs, want)
	}
	if len(tbs) != 1 || tbs[0] != terr.tb {
		t.Fatalf("exceptions table traceback = %q", tbs)
	}
}
