package runner

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gust-load/gust/runtime/pyrepr"
	"github.com/gust-load/gust/runtime/shape"
	"github.com/gust-load/gust/runtime/user"
)

// LevelCritical is Python's CRITICAL level, used for Locust's "Unhandled
// exception in greenlet" lines.
const LevelCritical = slog.LevelError + 4

type cmdKind int

const (
	cmdStart cmdKind = iota
	cmdStartShape
	cmdStop
	cmdQuit
)

// command is a public method call handed to the control goroutine.
type command struct {
	kind    cmdKind
	users   int
	rate    float64
	classes []int
	reply   chan error
}

type evKind int

const (
	evSpawned evKind = iota
	evShapeStage
	evShapeEnd
	evRunTime
)

// event is a message from a goroutine the runner owns (spawner, shape,
// run-time timer) to the control goroutine.
type event struct {
	kind   evKind
	from   *task
	counts map[string]int
	stage  shape.Stage
	reply  chan error
}

// task is a goroutine the control goroutine owns.
type task struct {
	cancel context.CancelFunc
	done   chan struct{}
}

// startTask runs f on a new goroutine under a child of parent.
func startTask(parent context.Context, f func(ctx context.Context, t *task)) *task {
	ctx, cancel := context.WithCancel(parent)
	t := &task{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(t.done)
		f(ctx, t)
	}()
	return t
}

// stop cancels the task and waits for it; a nil task is a no-op.
func (t *task) stop() {
	if t != nil {
		t.cancel()
		<-t.done
	}
}

// send delivers ev to the control goroutine unless ctx ends first.
func (r *Runner) send(ctx context.Context, ev event) bool {
	select {
	case r.events <- ev:
		return true
	case <-ctx.Done():
		return false
	}
}

// loop is the control goroutine: every state change happens here, one at a
// time, and every hook runs here.
func (r *Runner) loop() {
	defer close(r.loopDone)
	defer func() {
		r.rootCancel() // the trimmer ends with the control goroutine
		<-r.trimDone
	}()
	for {
		select {
		case c := <-r.cmds:
			switch c.kind {
			case cmdStart:
				c.reply <- r.doStart(c.users, c.rate, c.classes)
			case cmdStartShape:
				r.doStartShape()
				c.reply <- nil
			case cmdStop:
				r.doStop()
				c.reply <- nil
			case cmdQuit:
				r.doQuit()
				c.reply <- nil
				return
			}
		case ev := <-r.events:
			if r.handleEvent(ev) {
				return
			}
		case msg := <-r.stopTestC:
			r.log.Error(msg, "logger", logRunners)
			r.log.Warn("Stopping Locust...", "logger", logRunners)
			if r.opts.Headless {
				r.doQuit()
				return
			}
			r.doStop()
		case <-r.iterDoneC:
			r.info(logRoot, "Last user stopped, quitting runner")
			r.doQuit()
			return
		case <-r.stopReqC:
			r.doStop()
		case <-r.quitReqC:
			r.doQuit()
			return
		}
	}
}

// handleEvent handles an event; it returns true when the runner has quit.
func (r *Runner) handleEvent(ev event) (quit bool) {
	switch ev.kind {
	case evSpawned:
		if ev.from != r.spawner {
			return false // a ramp that was replaced meanwhile
		}
		<-r.spawner.done
		r.spawner = nil
		r.mu.Lock()
		r.target = ev.counts
		r.mu.Unlock()
		total := 0
		for _, n := range ev.counts {
			total += n
		}
		r.setState(StateRunning)
		r.hook(func() {
			if f := r.opts.Hooks.SpawningComplete; f != nil {
				f(total)
			}
		})
	case evShapeStage:
		if ev.from != r.shapeTask {
			ev.reply <- ErrQuit
			return false
		}
		st := ev.stage
		idx, err := r.classIndexes(st.Classes)
		if err == nil {
			if st.Users < 0 || !(st.SpawnRate > 0) {
				err = fmt.Errorf("runner: shape stage needs users >= 0 and a positive spawn rate, got %d users at %v", st.Users, st.SpawnRate)
			} else {
				err = r.doStart(st.Users, st.SpawnRate, idx)
			}
		}
		ev.reply <- err
	case evShapeEnd:
		if ev.from != r.shapeTask {
			return false
		}
		<-r.shapeTask.done
		r.shapeTask = nil
		if r.opts.Headless {
			r.doStop()
			r.info(logMain, "Shape test completed, shutting down")
			r.doQuit()
			return true
		}
		r.doStop()
	case evRunTime:
		if ev.from != r.runTimer {
			return false
		}
		if r.opts.Headless {
			r.info(logMain, "--run-time limit reached, shutting down")
			r.doQuit()
			return true
		}
		r.info(logMain, "--run-time limit reached, stopping test")
		r.doStop()
	}
	return false
}

// doStart is Locust's LocalRunner.start/_start.
func (r *Runner) doStart(users int, rate float64, classes []int) error {
	if rate > 100 {
		r.log.Warn("Your selected spawn rate is very high (>100), and this is known to sometimes cause issues. Do you really need to ramp up that fast?", "logger", logRunners)
	}
	r.spawner.stop()
	r.spawner = nil
	if st := r.State(); st != StateRunning && st != StateSpawning {
		r.beginTest(users)
	}
	r.setState(StateSpawning)
	if r.disp == nil {
		dc := make([]dispatchClass, len(r.classes))
		for i, c := range r.classes {
			dc[i] = dispatchClass{name: c.Name, weight: c.Weight, fixedCount: c.FixedCount}
		}
		r.disp = newDispatcher(dc)
	}
	r.info(logRunners, fmt.Sprintf("Ramping to %d users at a rate of %.2f per second", users, rate))
	r.disp.newDispatch(users, rate, classes)
	d, runCtx := r.disp, r.runCtx
	r.spawner = startTask(runCtx, func(ctx context.Context, t *task) { r.spawn(ctx, runCtx, d, t) })
	return nil
}

// beginTest starts a test run from ready or stopped.
func (r *Runner) beginTest(users int) {
	r.iterations.Store(0)
	r.iterReached.Store(false)
	r.iterDoneSent.Store(false)
	// A StopTest or iteration end raised while the previous test was
	// stopping belongs to that test, not to this one.
	select {
	case <-r.stopTestC:
	default:
	}
	select {
	case <-r.iterDoneC:
	default:
	}
	r.runCtx, r.runCancel = context.WithCancel(r.rootCtx)
	if r.shapeTask == nil {
		fixed := 0
		for _, c := range r.classes {
			fixed += c.FixedCount
		}
		if fixed > users {
			r.info(logMain, fmt.Sprintf("Total fixed_count of User classes (%d) is greater than the specified number of users (%d), so not all will be spawned.", fixed, users))
		}
	}
	r.hook(func() {
		if f := r.opts.Hooks.TestStart; f != nil {
			f()
		}
	})
	if r.opts.RunTime > 0 && r.shapeTask == nil {
		r.info(logMain, fmt.Sprintf("Run time limit set to %s seconds", pySeconds(r.opts.RunTime)))
		limit := r.opts.RunTime
		r.runTimer = startTask(r.runCtx, func(ctx context.Context, t *task) {
			if r.clock.Sleep(ctx, limit) == nil {
				r.send(ctx, event{kind: evRunTime, from: t})
			}
		})
	}
}

// spawn is the spawner goroutine: it paces the dispatch iterations of one
// ramp, then reports the ramp complete.
func (r *Runner) spawn(ctx, runCtx context.Context, d *dispatcher, t *task) {
	if d.done() {
		if !r.apply(ctx, runCtx, d.counts) {
			return
		}
	} else {
		for {
			t0 := r.clock.Now()
			last := d.step()
			if !r.apply(ctx, runCtx, d.counts) {
				return
			}
			if d.done() {
				break // no sleep after the last iteration
			}
			if r.clock.Sleep(ctx, d.wait-r.clock.Now().Sub(t0)) != nil {
				return
			}
			if last {
				break
			}
		}
	}
	if ctx.Err() != nil {
		return
	}
	counts := r.UserClassesCount()
	r.info(logRunners, "All users spawned: "+formatCounts(counts))
	r.send(ctx, event{kind: evSpawned, from: t, counts: counts})
}

// doStop is Locust's Runner.stop.
func (r *Runner) doStop() {
	if r.State() == StateStopped {
		return
	}
	r.hook(func() {
		if f := r.opts.Hooks.TestStopping; f != nil {
			f()
		}
	})
	r.setState(StateCleanup)
	r.spawner.stop()
	r.spawner = nil
	r.shapeTask.stop()
	r.shapeTask = nil
	r.runTimer.stop()
	r.runTimer = nil
	r.mu.Lock()
	victims := r.reg.everyone()
	r.mu.Unlock()
	r.stopUsers(r.rootCtx, victims)
	if r.runCancel != nil {
		r.runCancel()
		r.runCancel = nil
	}
	r.disp = nil
	r.setState(StateStopped)
	r.hook(func() {
		if f := r.opts.Hooks.TestStop; f != nil {
			f()
		}
	})
}

// doQuit is Locust's Runner.quit: stop, then end every runner goroutine.
func (r *Runner) doQuit() {
	r.doStop()
	r.rootCancel()
	close(r.done)
}

// doStartShape is Locust's start_shape.
func (r *Runner) doStartShape() {
	if r.shapeTask != nil {
		r.info(logRunners, "There is an ongoing shape test running. Editing is disabled")
		return
	}
	r.info(logRunners, "Shape test starting.")
	r.setState(StateReady)
	start := r.clock.Now()
	r.shapeTask = startTask(r.rootCtx, func(ctx context.Context, t *task) { r.runShape(ctx, t, start) })
}

// runShape is Locust's shape_worker: tick about once a second, re-target
// when the tick changes, end the test when the shape says so.
func (r *Runner) runShape(ctx context.Context, t *task, start time.Time) {
	r.info(logRunners, "Shape worker starting")
	var last shape.Stage
	started := false
	for {
		t0 := r.clock.Now()
		var (
			st shape.Stage
			ok bool
		)
		err := protect(func() (err error) { st, ok, err = r.opts.Shape.Tick(t0.Sub(start)); return err })
		if err != nil {
			r.log.Log(ctx, LevelCritical, "Unhandled exception in greenlet: shape tick: "+err.Error(), "logger", logRunners)
			if f := r.opts.Hooks.Unhandled; f != nil {
				f(fmt.Errorf("shape tick: %w", err))
			}
			return
		}
		if !ok {
			r.info(logRunners, "Shape test stopping")
			r.send(ctx, event{kind: evShapeEnd, from: t})
			return
		}
		if !started || !st.Equal(last) {
			r.info(logRunners, fmt.Sprintf("Shape test updating to %d users at %.2f spawn rate", st.Users, st.SpawnRate))
			reply := make(chan error, 1)
			if !r.send(ctx, event{kind: evShapeStage, from: t, stage: st, reply: reply}) {
				return
			}
			select {
			case err := <-reply:
				if err != nil {
					r.log.Error(err.Error(), "logger", logRunners)
				}
			case <-ctx.Done():
				return
			}
			last, started = st, true
		}
		if r.clock.Sleep(ctx, max(time.Second-r.clock.Now().Sub(t0), 0)) != nil {
			return
		}
	}
}

// iterationGate is the user's Gate under an iteration limit
// (locust-plugins' -i).
func (r *Runner) iterationGate() bool {
	limit := r.opts.Iterations
	for {
		n := r.iterations.Load()
		if n >= limit {
			if r.iterReached.CompareAndSwap(false, true) {
				r.info(logRoot, fmt.Sprintf("Iteration limit reached (%d), stopping Users at the start of their next task run", limit))
			}
			return false
		}
		if r.iterations.CompareAndSwap(n, n+1) {
			return true
		}
	}
}

// userStopTest is the users' StopTest callback.
func (r *Runner) userStopTest(err error) {
	msg := err.Error()
	var t user.Traced
	if errors.As(err, &t) {
		msg = t.Message()
	}
	select {
	case r.stopTestC <- msg:
	default: // a stop is already on its way
	}
}

// formatCounts is Locust's _format_user_classes_count_for_log:
// json.dumps of the counts sorted by class name, then the total.
func formatCounts(counts map[string]int) string {
	names := make([]string, 0, len(counts))
	total := 0
	for n, c := range counts {
		names = append(names, n)
		total += c
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteByte('{')
	for i, n := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pyrepr.JSONString(n))
		b.WriteString(": ")
		b.WriteString(strconv.Itoa(counts[n]))
	}
	fmt.Fprintf(&b, "} (%d total users)", total)
	return b.String()
}

// protect runs f and turns a panic into an error.
func protect(f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	return f()
}
