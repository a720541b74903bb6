// Package runner is gust's local load runner, Locust's LocalRunner: it
// spawns and stops users at a rate, distributes them over user classes as
// Locust's UsersDispatcher does, applies run limits (run time, iteration
// count, StopTest, a load shape) and stops users gracefully or at once.
//
// A Runner owns every goroutine it starts: one control goroutine serialises
// start, stop, quit and the events of a run; a spawner goroutine paces a
// ramp; a shape goroutine ticks a load shape; each user is one goroutine.
// They hang off one context tree (runner → test run → user), so Quit leaves
// nothing behind. Hooks run on the control goroutine, one at a time.
//
// The package does not know the script language, nor the statistics
// package: exceptions go to a func, events to Go callbacks.
package runner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/shape"
	"github.com/gust-load/gust/runtime/user"
)

// State is the runner state, with Locust's names (the web UI shows them).
type State string

// Runner states. A local runner uses cleanup while stopping; stopping is the
// master's name for the same moment and is listed for completeness.
const (
	StateReady    State = "ready"
	StateSpawning State = "spawning"
	StateRunning  State = "running"
	StateCleanup  State = "cleanup"
	StateStopping State = "stopping"
	StateStopped  State = "stopped"
)

// Locust's logger names, carried in the "logger" attribute of log records.
const (
	logRunners = "locust.runners"
	logMain    = "locust.main"
	logRoot    = "root"
)

// ErrQuit is returned by calls made after the runner has quit.
var ErrQuit = errors.New("runner: quit")

// ErrNoUsers is New's error when no class has a weight or a fixed count.
var ErrNoUsers = errors.New("There are no users with weight > 0.")

// Hooks are Go callbacks for the run's events, Locust's events of the same
// names. They run on the runner's control goroutine, one at a time, and
// must not call the blocking Runner methods (Start, StartShape, Stop, Quit);
// RequestStop and RequestQuit are safe.
type Hooks struct {
	// TestStart fires when a test starts from ready or stopped, before
	// any user is spawned (where Locust clears the statistics).
	TestStart func()
	// TestStopping fires when a stop begins, before users are stopped.
	TestStopping func()
	// TestStop fires once every user has stopped.
	TestStop func()
	// SpawningComplete fires when a ramp reaches its target, with the
	// number of users then running.
	SpawningComplete func(userCount int)
	// StateChange fires on every state change.
	StateChange func(State)
	// Unhandled is told about errors Locust logs as unhandled greenlet
	// exceptions (a failing shape tick, a user factory error), which
	// make the process exit with code 2.
	Unhandled func(error)
}

// Options configure a Runner. Every field is optional.
type Options struct {
	// Clock times ramps, waits, run time and shape ticks (default
	// clock.Real).
	Clock clock.Clock
	// Logger receives Locust's log lines, each with a "logger" attribute
	// naming Locust's logger (default: discarded).
	Logger *slog.Logger
	// StopTimeout is Locust's --stop-timeout: 0 interrupts users at once
	// on stop; more lets them finish their task first, that long at most.
	StopTimeout time.Duration
	// RunTime, when positive, stops the test that long after it starts:
	// quit in headless mode, stop otherwise. It is ignored with a shape.
	RunTime time.Duration
	// Iterations, when positive, is locust-plugins' -i: users stop at the
	// start of their next task once that many tasks have started in
	// total, and the runner quits when the last one has stopped.
	Iterations int64
	// Headless makes run-time, StopTest and shape ends quit the runner
	// rather than stop the test.
	Headless bool
	// Shape, when set, drives the test through StartShape.
	Shape shape.Shape
	// Seed seeds the per-user random sources (task choice), each user
	// getting its own stream; 0 picks a random seed.
	Seed uint64
	// Exception records an unexpected task error (message, traceback) in
	// the exceptions table.
	Exception func(msg, traceback string)
	// TaskError is told about each unexpected task error with its scope
	// (Locust's user_error event).
	TaskError func(s user.Scope, err error)
	// HookTimeout bounds on_stop hooks that run after a user was
	// interrupted (default user.DefaultHookTimeout).
	HookTimeout time.Duration
	// KillWait bounds how long a stop waits for interrupted users to
	// return; a Go task that ignores its context would otherwise hang
	// the stop (default 30 s, wall clock).
	KillWait time.Duration
	// Hooks are the event callbacks.
	Hooks Hooks
}

// Runner runs users of a fixed set of classes. Make it with New.
type Runner struct {
	opts    Options
	clock   clock.Clock
	log     *slog.Logger
	classes []*user.Class // sorted by name, weight or fixed count > 0
	plans   []*user.Plan
	byName  map[string]int
	seed    uint64

	rootCtx    context.Context
	rootCancel context.CancelFunc
	cmds       chan command
	events     chan event
	// Coalescing signals from user goroutines and script code: a
	// non-blocking send never holds up a user.
	stopTestC chan string
	iterDoneC chan struct{}
	stopReqC  chan struct{}
	quitReqC  chan struct{}
	done      chan struct{}
	loopDone  chan struct{}
	trimDone  chan struct{} // closed when the memory trimmer has returned
	exitMu    sync.Mutex
	exitC     chan struct{} // closed and replaced at each user exit

	// Owned by the control goroutine.
	disp      *dispatcher
	spawner   *task
	shapeTask *task
	runTimer  *task
	runCtx    context.Context
	runCancel context.CancelFunc
	target    map[string]int

	// Iteration limit state, touched by user goroutines.
	iterations   atomic.Int64
	iterReached  atomic.Bool
	iterDoneSent atomic.Bool

	mu      sync.Mutex // guards the fields below
	state   State
	reg     registry
	nextID  int
	usersWG sync.WaitGroup
}

// New makes a runner for classes and starts its control goroutine; Quit
// ends it. Classes with neither weight nor fixed count are dropped, as
// Locust does; if none remain, New fails with ErrNoUsers.
func New(classes []*user.Class, opts Options) (*Runner, error) {
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.KillWait <= 0 {
		opts.KillWait = 30 * time.Second
	}
	var kept []*user.Class
	for _, c := range classes {
		if c == nil {
			return nil, errors.New("runner: nil user class")
		}
		if c.Weight > 0 || c.FixedCount > 0 {
			kept = append(kept, c)
		}
	}
	if len(kept) == 0 {
		return nil, ErrNoUsers
	}
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Name < kept[j].Name })
	r := &Runner{
		opts:      opts,
		clock:     opts.Clock,
		log:       opts.Logger,
		classes:   kept,
		byName:    map[string]int{},
		seed:      opts.Seed,
		cmds:      make(chan command),
		events:    make(chan event),
		stopTestC: make(chan string, 1),
		iterDoneC: make(chan struct{}, 1),
		stopReqC:  make(chan struct{}, 1),
		quitReqC:  make(chan struct{}, 1),
		done:      make(chan struct{}),
		loopDone:  make(chan struct{}),
		trimDone:  make(chan struct{}),
		exitC:     make(chan struct{}),
		state:     StateReady,
	}
	if r.seed == 0 {
		r.seed = rand.Uint64() | 1
	}
	for i, c := range kept {
		if _, dup := r.byName[c.Name]; dup {
			return nil, fmt.Errorf("runner: two user classes named %s", c.Name)
		}
		r.byName[c.Name] = i
		p, err := user.NewPlan(c)
		if err != nil {
			return nil, fmt.Errorf("runner: %w", err)
		}
		r.plans = append(r.plans, p)
	}
	r.reg.init(len(kept))
	r.rootCtx, r.rootCancel = context.WithCancel(context.Background())
	go trimLoop(r.rootCtx, r.trimDone)
	go r.loop()
	return r, nil
}

// Classes returns the runner's user classes in name order.
func (r *Runner) Classes() []*user.Class { return slices.Clone(r.classes) }

// Start starts a test with users users spawned at rate per second, or,
// while one runs, re-targets it from the current counts. classes limits the
// weighted classes used (nil = all). It returns once the ramp has begun.
func (r *Runner) Start(users int, rate float64, classes []string) error {
	if users < 0 {
		return fmt.Errorf("runner: negative user count %d", users)
	}
	if !(rate > 0) || math.IsInf(rate, 0) {
		return fmt.Errorf("runner: spawn rate must be a positive number, got %v", rate)
	}
	idx, err := r.classIndexes(classes)
	if err != nil {
		return err
	}
	return r.call(command{kind: cmdStart, users: users, rate: rate, classes: idx})
}

// StartShape starts the test driven by Options.Shape. A shape already
// running is left alone, with Locust's message.
func (r *Runner) StartShape() error {
	if r.opts.Shape == nil {
		return errors.New("runner: no load shape")
	}
	return r.call(command{kind: cmdStartShape})
}

// Stop stops the test: test_stopping, users stopped per StopTimeout, then
// test_stop; the state ends as stopped. It returns when that is done.
func (r *Runner) Stop() error { return r.call(command{kind: cmdStop}) }

// Quit stops the test and ends the runner; Done is closed when it returns.
func (r *Runner) Quit() error {
	err := r.call(command{kind: cmdQuit})
	<-r.done
	if errors.Is(err, ErrQuit) {
		return nil
	}
	return err
}

// RequestStop asks for a stop without waiting: safe from user goroutines
// (a script's runner.stop()) and hooks.
func (r *Runner) RequestStop() {
	select {
	case r.stopReqC <- struct{}{}:
	default:
	}
}

// RequestQuit asks for a quit without waiting: safe from user goroutines (a
// script's runner.quit()) and hooks.
func (r *Runner) RequestQuit() {
	select {
	case r.quitReqC <- struct{}{}:
	default:
	}
}

// Done is closed once the runner has quit.
func (r *Runner) Done() <-chan struct{} { return r.done }

// State returns the current state.
func (r *Runner) State() State {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.state
}

// UserCount returns how many users are running (including users finishing
// their task during a graceful stop), Locust's runner.user_count.
func (r *Runner) UserCount() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.reg.total
}

// UserClassesCount returns the running users per class, every class listed.
func (r *Runner) UserClassesCount() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.classes))
	for i, c := range r.classes {
		out[c.Name] = r.reg.alive[i]
	}
	return out
}

// TargetUserClassesCount returns the per-class counts reached by the last
// completed ramp (Locust's target_user_classes_count).
func (r *Runner) TargetUserClassesCount() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make(map[string]int, len(r.target))
	for k, v := range r.target {
		out[k] = v
	}
	return out
}

func (r *Runner) classIndexes(names []string) ([]int, error) {
	if names == nil {
		return nil, nil
	}
	idx := make([]int, 0, len(names))
	for _, n := range names {
		i, ok := r.byName[n]
		if !ok {
			return nil, fmt.Errorf("runner: unknown user class %q", n)
		}
		idx = append(idx, i)
	}
	return idx, nil
}

// call sends a command to the control goroutine and waits for its answer.
func (r *Runner) call(c command) error {
	c.reply = make(chan error, 1)
	select {
	case r.cmds <- c:
	case <-r.loopDone:
		return ErrQuit
	}
	// The control goroutine answers every command it takes, even the one
	// that makes it quit, so the answer is all there is to wait for.
	return <-c.reply
}

// setState changes the state and tells the StateChange hook; control
// goroutine only.
func (r *Runner) setState(s State) {
	r.mu.Lock()
	changed := r.state != s
	r.state = s
	r.mu.Unlock()
	if changed {
		r.hook(func() {
			if f := r.opts.Hooks.StateChange; f != nil {
				f(s)
			}
		})
	}
}

// hook runs a callback, turning a panic into a logged unhandled error.
func (r *Runner) hook(f func()) {
	defer func() {
		if p := recover(); p != nil {
			err := fmt.Errorf("panic in event hook: %v", p)
			r.log.Error("Uncaught exception in event handler: "+err.Error(), "logger", logRunners)
			if u := r.opts.Hooks.Unhandled; u != nil {
				u(err)
			}
		}
	}()
	f()
}

func (r *Runner) info(logger, msg string) { r.log.Info(msg, "logger", logger) }
