package locust

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/runtime/wait"
	"github.com/gust-load/gust/starlib/http"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
)

const vuKey = "gust.locust.vu"

// VU is one live virtual user: its own interpreter thread, its User
// instance and what the instance owns. Only the user's goroutine uses it,
// except Cancel.
type VU struct {
	scope
	rt      *Runtime
	th      *starlark.Thread
	rec     Recorder
	closers []func()
	// ctx is the user's own context (the one newVU got), which Kill
	// cancels before calling Cancel; interrupters abort what its clients
	// do on it.
	ctx          context.Context
	interrupters []func()

	// cancelMu guards the thread's cancellation and the fields below.
	cancelMu sync.Mutex
	// killed is set by Cancel and cleared where the thread is uncancelled.
	killed bool
	// holds counts request reports in progress: a Cancel meanwhile
	// interrupts I/O at once but cancels the thread (with heldReason)
	// only when the last one ends.
	holds      int
	heldReason string
}

var (
	_ user.Instance = (*VU)(nil)
	_ user.Canceler = (*VU)(nil)
)

func vuOf(th *starlark.Thread) *VU {
	if th == nil {
		return nil
	}
	vu, _ := th.Local(vuKey).(*VU)
	return vu
}

// newVU makes the live user of a script class: a thread, then the
// instance, calling the class with the environment (User.__init__ makes
// the client).
func (rt *Runtime) newVU(ctx context.Context, cls *pyrt.Class, id int) (*VU, error) {
	th := &starlark.Thread{Name: fmt.Sprintf("%s-%d", cls.Name(), id)}
	vu := &VU{rt: rt, th: th, ctx: ctx}
	vu.scope = scope{vu: vu, cls: cls}
	th.SetLocal(runtimeKey, rt)
	th.SetLocal(vuKey, vu)
	thread.SetContext(th, ctx)
	thread.SetLogger(th, rt.cfg.Logger)
	var src rand.Source
	if rt.cfg.Seed != 0 {
		src = rand.NewPCG(rt.cfg.Seed, uint64(id))
	} else {
		src = rand.NewPCG(rand.Uint64(), rand.Uint64())
	}
	thread.SetRand(th, rand.New(src))
	pyrt.LimitSteps(th, rt.cfg.StepBudget)
	out := rt.cfg.Stdout
	th.Print = func(_ *starlark.Thread, msg string) { _, _ = io.WriteString(out, msg+"\n") }
	if rt.cfg.Recorder != nil {
		vu.rec = rt.cfg.Recorder()
	}
	v, err := starlark.Call(th, cls, starlark.Tuple{rt.env}, nil)
	if err != nil {
		vu.Close()
		return nil, rt.wrapError(err)
	}
	inst, ok := v.(*pyrt.Instance)
	if !ok {
		vu.Close()
		return nil, fmt.Errorf("%s() did not return an instance", cls.Name())
	}
	inst.SetOwner(th)
	vu.inst = inst
	return vu, nil
}

// Cancel interrupts script code running on the user's thread.
func (vu *VU) Cancel(reason string) {
	vu.cancelMu.Lock()
	defer vu.cancelMu.Unlock()
	vu.killed = true
	if vu.holds > 0 {
		vu.heldReason = reason
	} else {
		vu.th.Cancel(reason)
	}
	for _, f := range vu.interrupters {
		f()
	}
}

// Close releases the user's client.
func (vu *VU) Close() {
	for i := len(vu.closers) - 1; i >= 0; i-- {
		vu.closers[i]()
	}
	vu.closers = nil
}

// Instance returns the script's User instance.
func (vu *VU) Instance() *pyrt.Instance { return vu.inst }

// call runs a script callable on the user's thread with ctx as the
// context blocking builtins watch.
func (vu *VU) call(ctx context.Context, fn starlark.Value, args starlark.Tuple) (starlark.Value, error) {
	thread.SetContext(vu.th, ctx)
	// A call that ran out of steps left the thread cancelled: re-arm it,
	// unless the user is being stopped (Kill cancels ctx, then the thread).
	vu.cancelMu.Lock()
	if ctx.Err() == nil {
		vu.th.Uncancel()
		vu.killed = false
	}
	vu.cancelMu.Unlock()
	vu.th.Steps = 0
	v, err := starlark.Call(vu.th, fn, args, nil)
	if err != nil {
		return nil, vu.rt.wrapError(err)
	}
	return v, nil
}

// onRequest records a finished request and fires the request event's
// script listeners.
//
// Locust records a request in a listener of the same event and kills a
// user only where its greenlet yields, so a listener counts exactly what
// the statistics record: a user killed while its request was in flight
// reports nothing, and one killed during the report is cancelled after
// it (I/O a listener does is still interrupted at once).
func (vu *VU) onRequest(th *starlark.Thread, ev *http.Event) error {
	vu.cancelMu.Lock()
	if vu.killed {
		vu.cancelMu.Unlock()
		return nil // the cancelled thread stops at its next step
	}
	vu.holds++
	vu.cancelMu.Unlock()
	defer vu.releaseHold()
	if vu.rec != nil {
		vu.rec.Record(&ev.Request)
	}
	return vu.rt.fireRequestListeners(th, vu.inst, ev)
}

// releaseHold ends a request report, applying a Cancel that came during it.
func (vu *VU) releaseHold() {
	vu.cancelMu.Lock()
	defer vu.cancelMu.Unlock()
	vu.holds--
	if vu.holds == 0 && vu.heldReason != "" {
		vu.th.Cancel(vu.heldReason)
		vu.heldReason = ""
	}
}

// onRequestNoUser serves clients made outside a virtual user.
func (rt *Runtime) onRequestNoUser(th *starlark.Thread, ev *http.Event) error {
	if rt.cfg.Recorder != nil {
		rt.cfg.Recorder().Record(&ev.Request)
	}
	return rt.fireRequestListeners(th, nil, ev)
}

func (rt *Runtime) fireRequestListeners(th *starlark.Thread, inst *pyrt.Instance, ev *http.Event) error {
	h := rt.events.hooks["request"]
	if !h.HasListeners() {
		return nil
	}
	var rtime starlark.Value = starlark.None
	if ev.Request.ResponseTime >= 0 {
		rtime = starlark.Float(float64(ev.Request.ResponseTime) / 1e6)
	}
	ctxv, err := requestContext(th, inst, ev.Context)
	if err != nil {
		return err
	}
	exc := ev.Exception
	if exc == nil {
		exc = starlark.None
	}
	resp := ev.Response
	if resp == nil {
		resp = starlark.None
	}
	var start starlark.Value = starlark.None
	if !ev.Request.StartTime.IsZero() {
		start = starlark.Float(float64(ev.Request.StartTime.UnixNano()) / 1e9)
	}
	args := Kwargs("request_type", starlark.String(ev.Request.Method), "name", starlark.String(ev.Request.Name),
		"response_time", rtime, "response_length", starlark.MakeInt64(ev.Request.ResponseLength),
		"response", resp, "context", ctxv, "exception", exc, "start_time", start, "url", starlark.String(ev.URL))
	return h.FireOn(th, args)
}

// recordFromKwargs records a request fired by a script with
// events.request.fire(request_type=..., name=..., response_time=...,
// response_length=..., exception=...), as custom clients do.
func (rt *Runtime) recordFromKwargs(th *starlark.Thread, kwargs []starlark.Tuple) {
	r := stats.Request{ResponseTime: -1, StartTime: rt.cfg.Clock.Now()}
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		v := kv[1]
		switch k {
		case "request_type":
			r.Method = pyrt.Str(v)
		case "name":
			r.Name = pyrt.Str(v)
		case "response_time":
			if f, ok := starlark.AsFloat(v); ok && !math.IsNaN(f) {
				r.ResponseTime = time.Duration(f * 1e6)
			}
		case "response_length":
			if n, err := starlark.AsInt32(v); err == nil {
				r.ResponseLength = int64(n)
			}
		case "exception":
			if v != starlark.None {
				r.Error = errorText(v)
			}
		}
	}
	if vu := vuOf(th); vu != nil && vu.rec != nil {
		vu.rec.Record(&r)
	} else if rt.cfg.Recorder != nil {
		rt.cfg.Recorder().Record(&r)
	}
}

// errorText is the failures-table text of a script exception value: its
// repr, or the string itself.
func errorText(v starlark.Value) string {
	if s, ok := starlark.AsString(v); ok {
		return s
	}
	if inst, ok := v.(*pyrt.Instance); ok {
		s, err := inst.Repr(&starlark.Thread{Name: "repr"})
		if err == nil {
			return s
		}
	}
	return pyrt.Repr(v)
}

// scope is a live user or task set instance, implementing user.Scope.
type scope struct {
	vu     *VU
	inst   *pyrt.Instance
	cls    *pyrt.Class
	parent *scope

	waitSrc *WaitTime
	waitFn  wait.Func
}

var _ user.Scope = (*scope)(nil)

// OnStart runs on_start.
func (s *scope) OnStart(ctx context.Context) error { return s.hook(ctx, "on_start") }

// OnStop runs on_stop, also after the user was interrupted.
func (s *scope) OnStop(ctx context.Context) error {
	s.vu.cancelMu.Lock()
	s.vu.th.Uncancel()
	s.vu.killed = false
	s.vu.cancelMu.Unlock()
	return s.hook(ctx, "on_stop")
}

func (s *scope) hook(ctx context.Context, name string) error {
	fn, err := s.inst.Attr(name)
	if err != nil {
		return err
	}
	if b, ok := fn.(*pyrt.BoundMethod); ok {
		if _, isGo := b.Fn.(*starlark.Builtin); isGo {
			return nil // the base class's no-op
		}
	}
	_, err = s.vu.call(ctx, fn, nil)
	return err
}

// WaitTime evaluates the scope's wait_time: a wait strategy runs in Go with
// per-instance state; a script function is called. A task set without its
// own wait_time defers to its parent.
func (s *scope) WaitTime(ctx context.Context) (time.Duration, bool, error) {
	var raw starlark.Value
	if v, ok := s.inst.Field("wait_time"); ok {
		raw = v
	} else {
		v, _ := s.cls.Lookup("wait_time")
		if v == nil {
			return 0, false, nil
		}
		raw = v
	}
	if wt, ok := raw.(*WaitTime); ok {
		if s.waitSrc != wt {
			s.waitSrc = wt
			s.waitFn = wt.Strategy.Bind(s.vu.rt.cfg.Clock, thread.Rand(s.vu.th))
		}
		return s.waitFn(), true, nil
	}
	fn, err := pyrt.Bind(s.inst, s.cls, raw)
	if err != nil {
		return 0, true, err
	}
	v, err := s.vu.call(ctx, fn, nil)
	if err != nil {
		return 0, true, err
	}
	f, ok := starlark.AsFloat(v)
	if !ok {
		return 0, true, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("wait_time() must return a number, not %s", v.Type()))
	}
	return wait.Seconds(f), true, nil
}

// Enter instantiates a nested task set: TaskSetClass(parent).
func (s *scope) Enter(ctx context.Context, ts *user.TaskSet) (user.Scope, error) {
	cls := s.vu.rt.setClass(ts)
	if cls == nil {
		return nil, fmt.Errorf("task set %s has no class", ts.Name)
	}
	v, err := s.vu.call(ctx, cls, starlark.Tuple{s.inst})
	if err != nil {
		return nil, err
	}
	inst, ok := v.(*pyrt.Instance)
	if !ok {
		return nil, fmt.Errorf("%s() did not return an instance", cls.Name())
	}
	inst.SetOwner(s.vu.th)
	return &scope{vu: s.vu, inst: inst, cls: cls, parent: s}, nil
}

// scriptTask is a task from a locustfile: a decorated method, a function
// in a tasks list, or any callable; it is called with the scope's
// instance, as Locust calls task(self).
type scriptTask struct {
	name string
	fn   starlark.Value
}

// Name returns the task's function name.
func (t *scriptTask) Name() string { return t.name }

// Identity is the function behind the task: the same function reached
// from two task lists is one task for --equal-weights.
func (t *scriptTask) Identity() any { return t.fn }

// Run calls the task on the user's thread.
func (t *scriptTask) Run(ctx context.Context, s user.Scope) error {
	sc, ok := s.(*scope)
	if !ok {
		if vu, ok := s.(*VU); ok {
			sc = &vu.scope
		} else {
			return fmt.Errorf("task %s: unexpected scope %T", t.name, s)
		}
	}
	_, err := sc.vu.call(ctx, t.fn, starlark.Tuple{sc.inst})
	return err
}

// requestContext is Locust's {**user.context(), **context}: the user's
// context() (when the class overrides it) merged with the call's context=.
func requestContext(th *starlark.Thread, inst *pyrt.Instance, call starlark.Value) (starlark.Value, error) {
	out := starlark.NewDict(0)
	if inst != nil {
		fn, err := inst.Attr("context")
		if err == nil {
			if b, ok := fn.(*pyrt.BoundMethod); !ok || !isGoBuiltin(b.Fn) {
				v, err := starlark.Call(th, fn, nil, nil)
				if err != nil {
					return nil, err
				}
				if m, ok := v.(starlark.IterableMapping); ok {
					for _, kv := range m.Items() {
						_ = out.SetKey(kv[0], kv[1])
					}
				}
			}
		}
	}
	if m, ok := call.(starlark.IterableMapping); ok {
		for _, kv := range m.Items() {
			_ = out.SetKey(kv[0], kv[1])
		}
	}
	return out, nil
}

func isGoBuiltin(v starlark.Value) bool {
	_, ok := v.(*starlark.Builtin)
	return ok
}

// FireUserError fires events.user_error for an unexpected error of a task
// that ran in scope s, as Locust's TaskSet.run does: user_instance is the
// scope's instance (the user, or the task set the task belongs to),
// exception the Python exception (None when the error is not one), and tb
// the traceback as text, where Locust passes a traceback object. It runs
// on the user's goroutine; listener errors are logged as Locust logs them.
func (rt *Runtime) FireUserError(s user.Scope, err error) {
	h := rt.events.hooks["user_error"]
	if !h.HasListeners() {
		return
	}
	var sc *scope
	switch x := s.(type) {
	case *scope:
		sc = x
	case *VU:
		sc = &x.scope
	default:
		return
	}
	var exc starlark.Value = starlark.None
	tb := ""
	var se *pyrt.ScriptError
	if errors.As(rt.wrapError(err), &se) {
		tb = se.Traceback()
		if se.Exc != nil {
			exc = se.Exc.Value
		}
	}
	_ = h.FireOn(sc.vu.th, Kwargs("user_instance", starlark.Value(sc.inst), "exception", exc, "tb", starlark.String(tb)))
}
