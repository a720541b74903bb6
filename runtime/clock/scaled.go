package clock

import (
	"context"
	"time"
)

// Scaled is a clock that runs Factor times faster than the wall clock: a
// test can run minutes of a load test — think times, run-time limits,
// current-rate windows — in seconds, with real goroutines and real sockets.
// Unlike Fake it needs no driver: time simply flows faster.
type Scaled struct {
	start  time.Time // wall-clock origin
	base   time.Time // what Now returns at the origin
	factor float64
}

// NewScaled returns a clock that starts at the current time and runs factor
// times faster than the wall clock (factor >= 1).
func NewScaled(factor float64) *Scaled {
	if factor < 1 {
		factor = 1
	}
	now := time.Now()
	return &Scaled{start: now, base: now, factor: factor}
}

// Now returns the scaled time.
func (s *Scaled) Now() time.Time {
	return s.base.Add(time.Duration(float64(time.Since(s.start)) * s.factor))
}

// real converts a scaled duration into wall-clock time.
func (s *Scaled) real(d time.Duration) time.Duration {
	return time.Duration(float64(d) / s.factor)
}

// Sleep waits d of scaled time, or until ctx is done.
func (s *Scaled) Sleep(ctx context.Context, d time.Duration) error {
	return Real{}.Sleep(ctx, s.real(d))
}

// NewTicker fires every d of scaled time, delivering scaled times.
func (s *Scaled) NewTicker(d time.Duration) Ticker {
	rd := s.real(d)
	if rd <= 0 {
		rd = time.Nanosecond
	}
	t := &scaledTicker{t: time.NewTicker(rd), c: make(chan time.Time, 1), done: make(chan struct{}), s: s}
	go t.run()
	return t
}

type scaledTicker struct {
	t    *time.Ticker
	c    chan time.Time
	done chan struct{}
	s    *Scaled
}

func (t *scaledTicker) run() {
	for {
		select {
		case <-t.done:
			return
		case <-t.t.C:
			select {
			case t.c <- t.s.Now():
			default: // drop a tick the reader has not taken, as time.Ticker does
			}
		}
	}
}

func (t *scaledTicker) C() <-chan time.Time { return t.c }

func (t *scaledTicker) Stop() {
	t.t.Stop()
	select {
	case <-t.done:
	default:
		close(t.done)
	}
}
