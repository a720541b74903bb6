package pytime

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
	"go.uber.org/goleak"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import time",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"time": m, "type": starlark.Universe["type"]}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// time.sleep returns as soon as the user's context is cancelled, with an
// error that is cancellation (never caught by except).
func TestSleepInterruptedByContext(t *testing.T) {
	defer goleak.VerifyNone(t)
	mod, _ := Module(modtest.TestEnv(t.TempDir()))
	th := &starlark.Thread{}
	ctx, cancel := context.WithCancel(context.Background())
	thread.SetContext(th, ctx)
	done := make(chan error, 1)
	go func() {
		_, err := starlark.ExecFileOptions(modtest.Options, th, "s.py", "time.sleep(3600)", starlark.StringDict{"time": mod})
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !pyrt.IsCancellation(err) {
			t.Fatalf("sleep returned %v, want a cancellation", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("time.sleep(3600) ignored the cancelled context")
	}
}

// A sleep on an already-cancelled context does not start.
func TestSleepCancelledBefore(t *testing.T) {
	th := &starlark.Thread{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	thread.SetContext(th, ctx)
	if err := Sleep(th, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}

// time.time reads the injected clock.
func TestTimeUsesEnvClock(t *testing.T) {
	env := modtest.TestEnv(t.TempDir())
	env.Now = func() time.Time { return time.Unix(1234567890, 500000000) }
	out, err := modtest.Run(env, spec(), "p(time.time(), time.time_ns())\np(time.gmtime())")
	if err != nil {
		t.Fatal(err)
	}
	want := "1234567890.5 1234567890500000000\ntime.struct_time(tm_year=2009, tm_mon=2, tm_mday=13, tm_hour=23, tm_min=31, tm_sec=30, tm_wday=4, tm_yday=44, tm_isdst=0)\n"
	if out != want {
		t.Errorf("got %q, want %q", out, want)
	}
}
