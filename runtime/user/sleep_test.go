package user

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSleep(t *testing.T) {
	t.Parallel()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name   string
		ctx    func() context.Context
		d      time.Duration
		cancel bool // cancel the context while sleeping
		want   error
	}{
		{"time is up", context.Background, time.Millisecond, false, nil},
		{"no wait", context.Background, 0, false, nil},
		{"negative", context.Background, -time.Second, false, nil},
		{"cancelled before", func() context.Context { return cancelled }, time.Hour, false, context.Canceled},
		{"cancelled before, no wait", func() context.Context { return cancelled }, 0, false, context.Canceled},
		{"cancelled while sleeping", context.Background, time.Hour, true, context.Canceled},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(c.ctx())
			defer cancel()
			if c.cancel {
				go cancel()
			}
			if err := sleep(ctx, c.d); !errors.Is(err, c.want) {
				t.Fatalf("sleep = %v, want %v", err, c.want)
			}
		})
	}
}
