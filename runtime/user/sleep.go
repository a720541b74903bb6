package user

import (
	"context"
	"sync/atomic"
	"time"
)

// sleep is clock.Real's Sleep for a user waiting between tasks, parked on
// a plain channel receive rather than a select. The difference is the
// depth of the parked stack: with select's frames a waiting user's stack
// stays at 8 KB after the task that grew it, without them the garbage
// collector can halve it to 4 KB (docs/design/005-performance.md), which
// at 10,000 waiting users is 40 MB.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 || ctx.Err() != nil {
		return ctx.Err()
	}
	w := &waker{c: make(chan struct{})}
	t := time.AfterFunc(d, w.timeUp)
	stop := context.AfterFunc(ctx, w.cancelled)
	<-w.c
	t.Stop()
	stop()
	if w.byCtx {
		return ctx.Err()
	}
	return nil
}

// waker closes c once, for whichever of the timer and the context comes
// first.
type waker struct {
	c     chan struct{}
	fired atomic.Bool
	byCtx bool // written before c is closed, read after
}

func (w *waker) timeUp() {
	if w.fired.CompareAndSwap(false, true) {
		close(w.c)
	}
}

func (w *waker) cancelled() {
	if w.fired.CompareAndSwap(false, true) {
		w.byCtx = true
		close(w.c)
	}
}
