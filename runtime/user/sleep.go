package user

import (
	"context"
	"time"
)

// alarm is how a user waits between tasks on the wall clock. The user
// parks on one channel receive rather than a select: with select's frames
// a waiting user's stack stays at 8 KB after the task that grew it, without
// them the garbage collector halves it to 4 KB (docs/design/005-performance.md),
// 40 MB at 10,000 waiting users. Its channel, timer and watch on the user's
// context are made once per user, not per wait, and a graceful stop rings
// it directly, so waits need no context of their own.
type alarm struct {
	c       chan struct{} // one pending ring at most
	timer   *time.Timer   // made by the first wait
	watch   bool          // the end of the wait's context rings the alarm
	unwatch func() bool   // stops watching the context; set by the first wait
}

// newAlarm makes an alarm; watch makes waits end with their context, not
// only on a ring.
func newAlarm(watch bool) *alarm { return &alarm{c: make(chan struct{}, 1), watch: watch} }

// ring wakes the waiting user, or the next wait if none is waiting (a stop
// rung while a task runs; the loop checks for a stop before waiting again).
func (a *alarm) ring() {
	select {
	case a.c <- struct{}{}:
	default:
	}
}

// sleep waits for d, a ring or (if it watches) the end of ctx, and returns
// ctx's error.
func (a *alarm) sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 || ctx.Err() != nil {
		return ctx.Err()
	}
	if a.watch && a.unwatch == nil {
		a.unwatch = context.AfterFunc(ctx, a.ring)
	}
	if a.timer == nil {
		a.timer = time.AfterFunc(d, a.ring)
	} else {
		a.timer.Reset(d)
	}
	<-a.c
	a.timer.Stop()
	return ctx.Err()
}

// stop releases the timer and the watch when the user ends.
func (a *alarm) stop() {
	if a.timer != nil {
		a.timer.Stop()
	}
	if a.unwatch != nil {
		a.unwatch()
	}
}
