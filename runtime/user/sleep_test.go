package user

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestAlarm(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		d      time.Duration
		before func(a *alarm, cancel context.CancelFunc) // before sleeping
		during func(a *alarm, cancel context.CancelFunc) // from another goroutine
		want   error
	}{
		{name: "time is up", d: time.Millisecond},
		{name: "no wait", d: 0},
		{name: "negative", d: -time.Second},
		{name: "cancelled before", d: time.Hour, before: func(_ *alarm, c context.CancelFunc) { c() }, want: context.Canceled},
		{name: "cancelled before, no wait", d: 0, before: func(_ *alarm, c context.CancelFunc) { c() }, want: context.Canceled},
		{name: "cancelled while sleeping", d: time.Hour, during: func(_ *alarm, c context.CancelFunc) { c() }, want: context.Canceled},
		{name: "rung while sleeping", d: time.Hour, during: func(a *alarm, _ context.CancelFunc) { a.ring() }},
		{name: "rung before: the next wait ends at once", d: time.Hour, before: func(a *alarm, _ context.CancelFunc) { a.ring(); a.ring() }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			a := newAlarm(true)
			defer a.stop()
			if c.before != nil {
				c.before(a, cancel)
			}
			done := make(chan struct{})
			if c.during != nil {
				go func() {
					defer close(done)
					c.during(a, cancel)
				}()
			} else {
				close(done)
			}
			if err := a.sleep(ctx, c.d); !errors.Is(err, c.want) {
				t.Fatalf("sleep = %v, want %v", err, c.want)
			}
			<-done
		})
	}
}

// TestAlarmReuse: one alarm serves many waits, its timer reset each time.
func TestAlarmReuse(t *testing.T) {
	t.Parallel()
	a := newAlarm(true)
	defer a.stop()
	for i := range 5 {
		if err := a.sleep(context.Background(), time.Millisecond); err != nil {
			t.Fatalf("wait %d: %v", i, err)
		}
	}
	if len(a.c) != 0 {
		t.Fatalf("%d rings left after the waits", len(a.c))
	}
}
