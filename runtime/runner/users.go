package runner

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/gust-load/gust/runtime/user"
)

// member is one running user as the runner tracks it.
type member struct {
	u     *user.User
	class int
	gone  atomic.Bool // the user goroutine has finished (Runner.exits tells when)
	// cand is the user's element in its class's list of users that may
	// still be picked for stopping; nil once it was asked to stop.
	cand *list.Element
	all  *list.Element
}

// registry holds the running users; Runner.mu guards it.
type registry struct {
	alive []int        // running users per class, stopping ones included
	total int          // sum of alive
	cands []*list.List // per class, users not yet asked to stop, oldest first
	all   *list.List   // every running user
}

func (g *registry) init(classes int) {
	g.alive = make([]int, classes)
	g.cands = make([]*list.List, classes)
	for i := range g.cands {
		g.cands[i] = list.New()
	}
	g.all = list.New()
}

func (g *registry) add(m *member) {
	m.cand = g.cands[m.class].PushBack(m)
	m.all = g.all.PushBack(m)
	g.alive[m.class]++
	g.total++
}

func (g *registry) remove(m *member) {
	if m.cand != nil {
		g.cands[m.class].Remove(m.cand)
		m.cand = nil
	}
	g.all.Remove(m.all)
	g.alive[m.class]--
	g.total--
}

// pick takes up to n users of class c for stopping, the most recently
// spawned first.
func (g *registry) pick(c, n int) []*member {
	var out []*member
	for l := g.cands[c]; n > 0 && l.Len() > 0; n-- {
		m := l.Remove(l.Back()).(*member)
		m.cand = nil
		out = append(out, m)
	}
	return out
}

// everyone takes every running user for stopping.
func (g *registry) everyone() []*member {
	out := make([]*member, 0, g.total)
	for e := g.all.Front(); e != nil; e = e.Next() {
		m := e.Value.(*member)
		if m.cand != nil {
			g.cands[m.class].Remove(m.cand)
			m.cand = nil
		}
		out = append(out, m)
	}
	return out
}

// apply spawns and stops users so that each class runs counts[class]:
// spawn first, then stop, as Locust's local runner does (stopping may wait
// for stop_timeout). It returns false if ctx ended during a stop.
func (r *Runner) apply(ctx, runCtx context.Context, counts []int) bool {
	r.mu.Lock()
	var spawn, stop []int
	for c, want := range counts {
		spawn = append(spawn, max(0, want-r.reg.alive[c]))
		stop = append(stop, max(0, r.reg.alive[c]-want))
	}
	r.mu.Unlock()
	for c, n := range spawn {
		r.spawnUsers(runCtx, c, n)
	}
	var victims []*member
	r.mu.Lock()
	for c, n := range stop {
		victims = append(victims, r.reg.pick(c, n)...)
	}
	r.mu.Unlock()
	return r.stopUsers(ctx, victims)
}

// spawnUsers starts n users of class c in the test run of runCtx.
func (r *Runner) spawnUsers(runCtx context.Context, c, n int) {
	if n == 0 {
		return
	}
	r.mu.Lock()
	ms := make([]*member, n)
	for i := range ms {
		r.nextID++
		id := r.nextID
		u := user.New(r.plans[c], id, r.userOptions(id))
		ms[i] = &member{u: u, class: c}
		r.reg.add(ms[i])
	}
	r.usersWG.Add(n)
	r.mu.Unlock()
	for _, m := range ms {
		go r.runUser(runCtx, m)
	}
}

func (r *Runner) userOptions(id int) user.Options {
	o := user.Options{
		Clock:       r.clock,
		Rand:        rand.New(rand.NewPCG(r.seed, uint64(id))),
		Logger:      r.log,
		Exception:   r.opts.Exception,
		TaskError:   r.opts.TaskError,
		StopTest:    r.userStopTest,
		HookTimeout: r.opts.HookTimeout,
		StopsFirst:  true, // stopUsers stops or kills every user before runCancel
	}
	if r.opts.Iterations > 0 {
		o.Gate = r.iterationGate
	}
	return o
}

// runUser is the body of a user goroutine.
func (r *Runner) runUser(ctx context.Context, m *member) {
	defer r.usersWG.Done()
	if err := m.u.Run(ctx); err != nil {
		r.unhandledCreate(err)
	}
	r.mu.Lock()
	r.reg.remove(m)
	left := r.reg.total
	r.mu.Unlock()
	m.gone.Store(true)
	r.exited()
	if left == 0 && r.iterReached.Load() && r.iterDoneSent.CompareAndSwap(false, true) {
		select {
		case r.iterDoneC <- struct{}{}:
		default:
		}
	}
}

// unhandledCreate passes a user factory failure to the Unhandled hook:
// Locust's spawning greenlet dies with it and the exit code becomes 2.
// The user package has logged it already.
func (r *Runner) unhandledCreate(err error) {
	var ce *user.CreateError
	if f := r.opts.Hooks.Unhandled; f != nil && errors.As(err, &ce) {
		f(err)
	}
}

// stopUsers stops ms per Locust's stop semantics and waits for them:
// with no stop timeout they are interrupted at once; otherwise they are
// asked to stop gracefully and interrupted if still busy when the timeout
// ends. It returns false if ctx ended first (the users go on stopping).
func (r *Runner) stopUsers(ctx context.Context, ms []*member) bool {
	if len(ms) == 0 {
		return true
	}
	if r.opts.StopTimeout <= 0 {
		for _, m := range ms {
			m.u.Kill("stopped")
		}
		r.awaitKilled(ms)
		return true
	}
	for _, m := range ms {
		m.u.Stop()
	}
	all, err := r.awaitExit(ctx, ms, r.opts.StopTimeout)
	if err != nil {
		return false
	}
	if !all {
		r.info(logRunners, fmt.Sprintf("Not all users finished their tasks & terminated in %s seconds. Stopping them...", pySeconds(r.opts.StopTimeout)))
		for _, m := range ms {
			m.u.Kill("stop timeout")
		}
		r.awaitKilled(ms)
	}
	return true
}

// awaitExit waits until every member has finished or timeout passes on the
// runner's clock. err is ctx's error if ctx ended first.
func (r *Runner) awaitExit(ctx context.Context, ms []*member, timeout time.Duration) (all bool, err error) {
	wctx, cancel := context.WithCancel(ctx)
	defer cancel() // ends both helper goroutines
	allDone := make(chan struct{})
	go func() {
		for i := 0; ; {
			exits := r.exits() // before the check: a later exit closes it
			i = goneFrom(ms, i)
			if i == len(ms) {
				close(allDone)
				return
			}
			select {
			case <-exits:
			case <-wctx.Done():
				return
			}
		}
	}()
	timedOut := make(chan struct{})
	go func() {
		if r.clock.Sleep(wctx, timeout) == nil {
			close(timedOut)
		}
	}()
	select {
	case <-allDone:
		return true, nil
	case <-timedOut:
		select {
		case <-allDone: // both happened: the users made it
			return true, nil
		default:
			return false, nil
		}
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// awaitKilled waits for interrupted users to return, bounded by KillWait on
// the wall clock: a Go task that ignores its context must not hang a stop.
func (r *Runner) awaitKilled(ms []*member) {
	t := time.NewTimer(r.opts.KillWait)
	defer t.Stop()
	for i := 0; ; {
		exits := r.exits()
		if i = goneFrom(ms, i); i == len(ms) {
			return
		}
		select {
		case <-exits:
		case <-t.C:
			r.log.Warn(fmt.Sprintf("%d users did not return within %s of being interrupted; leaving them behind", len(ms)-i, r.opts.KillWait), "logger", logRunners)
			return
		}
	}
}

// goneFrom returns the index of the first member from i on whose goroutine
// has not finished, or len(ms).
func goneFrom(ms []*member, i int) int {
	for i < len(ms) && ms[i].gone.Load() {
		i++
	}
	return i
}

// exits returns a channel closed at the next user exit. One channel per
// runner, not per user: a member costs no channel (96 bytes per idle user).
func (r *Runner) exits() <-chan struct{} {
	r.exitMu.Lock()
	defer r.exitMu.Unlock()
	return r.exitC
}

// exited tells the waiters of exits that a user goroutine has finished.
func (r *Runner) exited() {
	r.exitMu.Lock()
	close(r.exitC)
	r.exitC = make(chan struct{})
	r.exitMu.Unlock()
}

// pySeconds prints a duration in seconds as Python prints the
// stop_timeout number: "10" for whole seconds, "2.5" otherwise.
func pySeconds(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
}
