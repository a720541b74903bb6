package user

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

// Locust's logger names, carried in the "logger" attribute of every record
// so the console can print them as Locust does.
const (
	logTask  = "locust.user.task"
	logUsers = "locust.user.users"
	logRoot  = "root"
)

// DefaultHookTimeout bounds on_stop hooks that run after a user was
// interrupted: the user's own context is cancelled by then, so they get a
// fresh one that cannot keep a stopping test alive for ever.
const DefaultHookTimeout = 10 * time.Second

// Options configure how a User runs. Every field is optional.
type Options struct {
	// Clock times the waits between tasks (default clock.Real).
	Clock clock.Clock
	// Rand is the user's own random source for weighted task choice.
	// Users must not share one (default: a randomly seeded source).
	Rand *rand.Rand
	// Logger receives Locust's log lines (default: discarded).
	Logger *slog.Logger
	// Exception records an unexpected task error in the exceptions table:
	// the message and traceback of a Traced error, or err.Error() and "".
	Exception func(msg, traceback string)
	// TaskError is told about each unexpected task error with the scope
	// that ran the task (Locust's user_error event).
	TaskError func(s Scope, err error)
	// StopTest is called once when a StopTest signal ends the user.
	StopTest func(err error)
	// Gate is asked before each task runs and before each nested task set
	// is entered; false stops the user as StopUser would. It implements
	// locust-plugins' iteration limit.
	Gate func() bool
	// HookTimeout bounds the on_stop hooks run after an interrupt
	// (default DefaultHookTimeout).
	HookTimeout time.Duration
	// StopsFirst promises that the caller calls Stop or Kill before it
	// cancels the context given to Run, as the runner does. A user
	// waiting on the wall clock then does not watch that context, which
	// saves a watch per user (about 130 bytes, and the context's table of
	// children for users without sockets).
	StopsFirst bool
}

// Run states, for deciding whether an interrupt must also cancel script
// code (a user parked in a wait runs no script code).
const (
	stateRunning int32 = iota
	stateWaiting
)

// User is one virtual user: one goroutine runs Run, other goroutines may
// call Stop and Kill.
type User struct {
	plan *Plan
	id   int
	opts Options

	stopping atomic.Bool
	state    atomic.Int32

	mu         sync.Mutex
	kill       context.CancelFunc // cancels the whole run: Locust's GreenletExit
	wake       context.CancelFunc // ends waits only: a graceful stop
	killed     bool               // Kill was called, perhaps before Run
	killReason string
	inst       Instance
	// unwinding is set when on_stop hooks start after a kill; Kill no
	// longer cancels script code then.
	unwinding bool
}

// New makes a user of plan's class with the given id; Run starts it.
func New(plan *Plan, id int, opts Options) *User {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Rand == nil {
		opts.Rand = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.HookTimeout <= 0 {
		opts.HookTimeout = DefaultHookTimeout
	}
	return &User{plan: plan, id: id, opts: opts}
}

// ID returns the id given to New.
func (u *User) ID() int { return u.id }

// Class returns the user's class.
func (u *User) Class() *Class { return u.plan.class }

// Stop asks the user to stop gracefully, as Locust's stop(force=False) with
// a stop_timeout: a user waiting between tasks stops at once; a user in a
// task finishes it and stops before its next wait or task. In both cases the
// on_stop hooks of its open task sets and of the user run.
func (u *User) Stop() {
	u.stopping.Store(true)
	u.mu.Lock()
	wake := u.wake
	u.mu.Unlock()
	if wake != nil {
		wake()
	}
}

// Kill interrupts the user at once, even in the middle of a task: its
// context is cancelled and, if it is running script code, an instance that
// implements Canceler is cancelled with reason. The on_stop hooks still run,
// with a fresh context bounded by Options.HookTimeout, as Locust runs them
// on GreenletExit; an instance must therefore accept OnStop after Cancel.
func (u *User) Kill(reason string) {
	u.stopping.Store(true)
	// u.mu is held throughout, so that a Cancel never lands after the
	// user has begun running its on_stop hooks (see hookCtx): they would
	// be cancelled too.
	u.mu.Lock()
	defer u.mu.Unlock()
	u.killed = true
	u.killReason = reason
	waiting := u.state.Load() == stateWaiting // read before waking it
	if u.kill != nil {
		u.kill()
		u.wake() // a waiting user wakes even when its wait does not watch the context
	}
	if c, ok := u.inst.(Canceler); ok && !waiting && !u.unwinding {
		c.Cancel(reason)
	}
}

// errKilled stands for Locust's GreenletExit: the user was interrupted.
var errKilled = errors.New("user interrupted")

var errStopUser = &Signal{C: StopUser}

// Run runs the user's whole life on the calling goroutine: make the
// instance, on_start, the task loop, on_stop, Close. It returns nil when the
// user ended normally (stopped, killed, StopUser, StopTest) and the error
// that ended it otherwise (a failing factory or on_start, or an error that
// escaped the task loop); those are logged here already.
func (u *User) Run(ctx context.Context) error {
	// Run stays on the stack while the user waits between tasks, so it
	// keeps a small frame: the work is in begin and end, which return
	// before the loop starts or after it ends (a parked user's stack can
	// then shrink to 4 KB; see docs/design/005-performance.md).
	l, err := u.begin(ctx)
	if l == nil {
		return err
	}
	defer l.close()
	return u.end(l, l.live())
}

// begin makes the user's contexts and instance and registers them for Stop
// and Kill. A nil loop means the user ends at once, with the error Run
// returns (its contexts are cancelled already).
//
//go:noinline
func (u *User) begin(parent context.Context) (l *loop, err error) {
	ctx, kill := context.WithCancel(parent)
	var (
		waitCtx context.Context
		wake    context.CancelFunc
		al      *alarm
	)
	if _, real := u.opts.Clock.(clock.Real); real {
		al = newAlarm(!u.opts.StopsFirst)
		waitCtx, wake = ctx, al.ring
	} else {
		waitCtx, wake = context.WithCancel(ctx)
	}
	defer func() {
		if l == nil {
			wake()
			kill()
		}
	}()
	u.mu.Lock()
	u.kill, u.wake = kill, wake
	if u.killed {
		kill()
	}
	if u.stopping.Load() {
		wake()
	}
	u.mu.Unlock()
	if ctx.Err() != nil {
		return nil, nil // stopped before it started: Locust never runs a killed greenlet
	}

	cls := u.plan.class
	var inst Instance
	err = protect(func() (err error) { inst, err = cls.New(ctx, u.id); return err })
	if err == nil && inst == nil {
		err = errors.New("factory returned no instance")
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, nil
		}
		if c, _ := ControlOf(err); c == StopTest {
			u.stopTest(err)
			return nil, nil
		}
		msg, tb := describe(err)
		u.opts.Logger.Error(joinTB(msg, tb), "logger", logUsers)
		return nil, &CreateError{Class: cls.Name, ID: u.id, Err: err}
	}
	u.mu.Lock()
	u.inst = inst
	killed, reason := u.killed, u.killReason
	u.mu.Unlock()
	if killed {
		if c, ok := inst.(Canceler); ok {
			c.Cancel(reason)
		}
		inst.Close()
		return nil, nil
	}
	return &loop{u: u, ctx: ctx, waitCtx: waitCtx, inst: inst, kill: kill, wake: wake, alarm: al}, nil
}

// close ends the user's life: the instance is closed, then its contexts
// cancelled (the order of Run's former deferred calls).
func (l *loop) close() {
	l.inst.Close()
	l.wake()
	l.kill()
	if l.alarm != nil {
		l.alarm.stop()
	}
}

// live runs on_start, then the root task set until the user leaves it.
func (l *loop) live() error {
	err := protect(func() error { return l.inst.OnStart(l.ctx) })
	if err == nil {
		err = l.runSet(l.inst, l.u.plan.root, true)
	}
	return err
}

// end handles what ended the user's loop: on_stop for a stop, a log line
// for an error escaping it; it returns Run's result.
//
//go:noinline
func (u *User) end(l *loop, err error) error {
	cls := u.plan.class
	c, _ := ControlOf(err)
	switch {
	case l.killed(err) || c == StopUser || c == StopTest:
		l.userOnStop()
		if c == StopTest {
			u.stopTest(err)
		}
		return nil
	case errors.As(err, new(*rootInterrupt)):
		u.opts.Logger.Error(err.Error(), "logger", logUsers)
		return err
	default:
		// An error in on_start, or one that escaped the root task set:
		// Locust logs it and the greenlet dies without on_stop. It is
		// not an exception of the exceptions table.
		msg, tb := describe(err)
		u.opts.Logger.Error(joinTB(msg, tb), "logger", logUsers)
		return fmt.Errorf("user %s %d: %w", cls.Name, u.id, err)
	}
}

func (u *User) stopTest(err error) {
	if u.opts.StopTest != nil {
		u.opts.StopTest(err)
	}
}

// CreateError is Run's error when the class's factory failed: Locust's
// spawning greenlet dies with such an error, which counts as unhandled.
type CreateError struct {
	Class string
	ID    int
	Err   error
}

// Error describes the failure.
func (e *CreateError) Error() string {
	return fmt.Sprintf("create user %s %d: %v", e.Class, e.ID, e.Err)
}

// Unwrap returns the factory's error.
func (e *CreateError) Unwrap() error { return e.Err }

// rootInterrupt is the error that ends a user whose own task (not a task
// set's) raised InterruptTaskSet. Locust turns it into RescheduleTask, which
// escapes User.run and kills the greenlet without on_stop.
type rootInterrupt struct {
	class string
	cause error
}

func (e *rootInterrupt) Error() string {
	return fmt.Sprintf("InterruptTaskSet raised by a task declared directly on user class %s: interrupting only works inside a TaskSet, so the user stops here (its on_stop does not run, as in Locust)", e.class)
}

func (e *rootInterrupt) Unwrap() error { return e.cause }

// loop is the state of one running user's task loop.
type loop struct {
	u       *User
	ctx     context.Context // cancelled by Kill
	waitCtx context.Context // cancelled by Stop and Kill (ctx itself with an alarm)
	inst    Instance
	kill    context.CancelFunc // cancels ctx
	wake    context.CancelFunc // ends a wait: rings the alarm or cancels waitCtx
	alarm   *alarm             // how waits on the wall clock park; nil for other clocks
}

// killed reports whether err ends the user because it was interrupted:
// whatever a task returns once its context is cancelled is only the echo
// of the interrupt, not a failure to record.
func (l *loop) killed(err error) bool {
	return err != nil && (errors.Is(err, errKilled) || l.ctx.Err() != nil)
}

// stopKind reports whether err unwinds the whole user: StopUser, StopTest
// or an interrupt. Task sets run their on_stop on the way out.
func (l *loop) stopKind(err error) bool {
	if l.killed(err) {
		return true
	}
	c, _ := ControlOf(err)
	return c == StopUser || c == StopTest
}

// hookCtx is the context for an on_stop hook: the user's own while it is
// alive, a fresh bounded one once it has been interrupted.
func (l *loop) hookCtx() (context.Context, context.CancelFunc) {
	if l.ctx.Err() == nil {
		return l.ctx, func() {}
	}
	l.u.mu.Lock()
	l.u.unwinding = true
	l.u.mu.Unlock()
	return context.WithTimeout(context.WithoutCancel(l.ctx), l.u.opts.HookTimeout)
}

func (l *loop) userOnStop() {
	ctx, cancel := l.hookCtx()
	defer cancel()
	if err := protect(func() error { return l.inst.OnStop(ctx) }); err != nil {
		msg, tb := describe(err)
		l.u.opts.Logger.Error(joinTB(msg, tb), "logger", logUsers)
	}
}

// setOnStop runs a task set's on_stop after a stop signal: every error is
// logged, as in Locust's TaskSet.run.
func (l *loop) setOnStop(s Scope) {
	ctx, cancel := l.hookCtx()
	defer cancel()
	if err := protect(func() error { return s.OnStop(ctx) }); err != nil {
		l.logOnStop(err)
	}
}

func (l *loop) logOnStop(err error) {
	msg, tb := describe(err)
	l.u.opts.Logger.Error("Uncaught exception in on_stop: \n"+joinTB(msg, tb), "logger", logRoot)
}

// runSet runs the task set ts in scope s until something makes it leave,
// and returns that: a stop signal (after this set's on_stop), a reschedule
// signal for the parent after an interrupt, or an error escaping the set.
// It mirrors the try/except structure of Locust's TaskSet.run.
func (l *loop) runSet(s Scope, ts *TaskSet, root bool) error {
	pk := l.u.plan.pickers[ts]
	var cur seqCursor
	for {
		err := l.step(s, pk, &cur, root)
		if err == nil {
			continue
		}
		c, resched := ControlOf(err)
		switch {
		case l.stopKind(err):
			if !root {
				l.setOnStop(s)
			}
			return err
		case c == InterruptTaskSet:
			if root {
				return &rootInterrupt{class: l.u.plan.class.Name, cause: err}
			}
			ctx, cancel := l.hookCtx()
			oerr := protect(func() error { return s.OnStop(ctx) })
			cancel()
			if oerr != nil {
				if l.stopKind(oerr) {
					return oerr
				}
				l.logOnStop(oerr)
			}
			if resched {
				return &Signal{C: RescheduleTaskImmediately}
			}
			return &Signal{C: RescheduleTask}
		default:
			l.taskError(s, err)
			if werr := l.wait(s, root); werr != nil {
				if l.stopKind(werr) {
					if !root {
						l.setOnStop(s)
					}
				}
				// A failing wait_time escapes the set, as the second
				// wait() in Locust's except clause does.
				return werr
			}
		}
	}
}

// step is one pass of the loop's try block: check for a stop, pick a task,
// run it, then wait unless told to reschedule at once.
func (l *loop) step(s Scope, pk *picker, cur *seqCursor, root bool) error {
	if l.u.stopping.Load() {
		return errStopUser
	}
	w, err := pk.pick(l.u.opts.Rand, cur)
	if err != nil {
		return err
	}
	if g := l.u.opts.Gate; g != nil && !g() {
		return errStopUser
	}
	err = l.execute(s, w)
	if l.ctx.Err() != nil {
		return errKilled
	}
	switch c, _ := ControlOf(err); {
	case err == nil || c == RescheduleTask:
		return l.wait(s, root)
	case c == RescheduleTaskImmediately:
		return nil
	default:
		return err
	}
}

// execute runs a task, or enters a nested task set and runs it until it is
// left (Locust's execute_task).
func (l *loop) execute(s Scope, w *Weighted) error {
	if w.Task != nil {
		return protect(func() error { return w.Task.Run(l.ctx, s) })
	}
	var child Scope
	err := protect(func() (err error) { child, err = s.Enter(l.ctx, w.Set); return err })
	if err != nil {
		return err
	}
	if err := protect(func() error { return child.OnStart(l.ctx) }); err != nil {
		// InterruptTaskSet in on_start means "leave at once", without
		// the set's on_stop; anything else propagates to this set.
		if c, resched := ControlOf(err); c == InterruptTaskSet && !l.killed(err) {
			if resched {
				return &Signal{C: RescheduleTaskImmediately}
			}
			return &Signal{C: RescheduleTask}
		}
		return err
	}
	return l.runSet(child, w.Set, false)
}

// wait sleeps for the scope's wait time in Go, outside script code. A
// graceful stop wakes it and turns into StopUser; an interrupt into
// errKilled.
func (l *loop) wait(s Scope, root bool) error {
	if l.u.stopping.Load() {
		return errStopUser
	}
	d, err := l.waitTime(s, root)
	if err != nil {
		if l.ctx.Err() != nil {
			return errKilled
		}
		return err
	}
	l.u.state.Store(stateWaiting)
	var serr error
	if l.alarm != nil {
		serr = l.alarm.sleep(l.waitCtx, d)
	} else {
		serr = l.u.opts.Clock.Sleep(l.waitCtx, d)
	}
	l.u.state.Store(stateRunning)
	switch {
	case l.ctx.Err() != nil:
		return errKilled
	case l.u.stopping.Load():
		return errStopUser
	case serr != nil:
		return fmt.Errorf("wait: %w", serr)
	}
	return nil
}

// waitTime asks the scope for its wait_time, then the user: Locust's
// TaskSet.wait_time falls back to the user's wait_time, not to the parent
// set's. No wait_time at all means 0, User's default constant(0).
func (l *loop) waitTime(s Scope, root bool) (time.Duration, error) {
	var (
		d  time.Duration
		ok bool
	)
	err := protect(func() (err error) { d, ok, err = s.WaitTime(l.ctx); return err })
	if err != nil || ok || root {
		return max(d, 0), err
	}
	err = protect(func() (err error) { d, ok, err = l.inst.WaitTime(l.ctx); return err })
	return max(d, 0), err
}

// taskError records an unexpected task error and logs it, as Locust's
// user_error listener and the ERROR line on locust.user.task do.
func (l *loop) taskError(s Scope, err error) {
	msg, tb := describe(err)
	if f := l.u.opts.TaskError; f != nil {
		f(s, err)
	}
	if f := l.u.opts.Exception; f != nil {
		f(msg, tb)
	}
	// Locust logs "%s\n%s" % (e, traceback.format_exc()): the message, then
	// the whole Python traceback when the error can render one.
	var f Formatted
	if errors.As(err, &f) {
		l.u.opts.Logger.Error(msg+"\n"+strings.TrimRight(f.Format(), "\n"), "logger", logTask)
		return
	}
	l.u.opts.Logger.Error(joinTB(msg, tb), "logger", logTask)
}

// describe returns the message and traceback of err for the exceptions
// table: a Traced error's own, otherwise err.Error() and no traceback.
func describe(err error) (msg, traceback string) {
	var t Traced
	if errors.As(err, &t) {
		return t.Message(), t.Traceback()
	}
	return err.Error(), ""
}

// joinTB formats Locust's "%s\n%s" log line.
func joinTB(msg, tb string) string {
	if tb == "" {
		return msg
	}
	return msg + "\n" + tb
}

// PanicError is a panic in a task or hook turned into an error, so one
// misbehaving user cannot bring the process down.
type PanicError struct {
	Value any
	Stack string
}

// Error describes the panic.
func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Message is the panic text, for the exceptions table.
func (e *PanicError) Message() string { return e.Error() }

// Traceback is the Go stack of the panic.
func (e *PanicError) Traceback() string { return e.Stack }

// protect runs f and turns a panic into a *PanicError.
func protect(f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &PanicError{Value: r, Stack: string(debug.Stack())}
		}
	}()
	return f()
}
