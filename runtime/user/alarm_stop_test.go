package user

import (
	"context"
	"slices"
	"testing"
	"time"
)

// waiting blocks until u is parked in a wait (bounded: the test fails
// after ten seconds).
func waiting(t *testing.T, u *User) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for u.state.Load() != stateWaiting {
		if time.Now().After(deadline) {
			t.Fatal("the user never waited")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestWallClockWaitEnds: a user waiting an hour on the wall clock (its
// alarm) ends at once on a graceful stop, an interrupt, or the end of its
// parent context, with the same hooks as with any other clock.
func TestWallClockWaitEnds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		stopsFirst bool
		end        func(u *User, cancel context.CancelFunc)
		onStop     []string
	}{
		{"graceful stop", false, func(u *User, _ context.CancelFunc) { u.Stop() }, []string{"S.on_stop", "U.on_stop"}},
		{"interrupt", false, func(u *User, _ context.CancelFunc) { u.Kill("stopped") }, []string{"S.on_stop", "U.on_stop"}},
		{"parent context", false, func(_ *User, cancel context.CancelFunc) { cancel() }, []string{"S.on_stop", "U.on_stop"}},
		{"graceful stop, StopsFirst", true, func(u *User, _ context.CancelFunc) { u.Stop() }, []string{"S.on_stop", "U.on_stop"}},
		{"interrupt, StopsFirst", true, func(u *User, _ context.CancelFunc) { u.Kill("stopped") }, []string{"S.on_stop", "U.on_stop"}},
		{"interrupt then parent context, StopsFirst", true, func(u *User, cancel context.CancelFunc) { u.Kill("stopped"); cancel() }, []string{"S.on_stop", "U.on_stop"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(testCtx(t))
			defer cancel()
			f := newFixture()
			f.hooks["U"] = hooks{wait: dur(time.Hour)}
			u := New(mustPlan(t, f.class("U", set("S", 1, false, f.task("a", 1, nil)))), 1, Options{StopsFirst: c.stopsFirst})
			done := started(ctx, u)
			waiting(t, u)
			c.end(u, cancel)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			want := append([]string{"U.on_start", "S.on_start", "S.a", "wait(S)", "wait(U)"}, c.onStop...)
			if got := f.ev.list(); !slices.Equal(got, want) {
				t.Fatalf("events %q, want %q", got, want)
			}
			if f.cancel.Load() != 0 {
				t.Fatalf("a waiting user's script was cancelled %d times", f.cancel.Load())
			}
		})
	}
}

// TestStopsFirstWaitIgnoresContext: with StopsFirst, a user waiting on the
// wall clock does not watch its context (the caller promised a Stop or
// Kill first), and the Stop that follows ends it.
func TestStopsFirstWaitIgnoresContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(testCtx(t))
	defer cancel()
	f := newFixture()
	f.hooks["U"] = hooks{wait: dur(time.Hour)}
	u := New(mustPlan(t, f.class("U", f.task("a", 1, nil))), 1, Options{StopsFirst: true})
	done := started(ctx, u)
	waiting(t, u)
	cancel()
	select {
	case err := <-done:
		t.Fatalf("the user ended (%v) on its context alone", err)
	case <-time.After(50 * time.Millisecond):
	}
	u.Stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
