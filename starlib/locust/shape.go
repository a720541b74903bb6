package locust

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/shape"
	"github.com/gust-load/gust/starlib/pyrt"
)

// Shape adapts a script's LoadTestShape subclass to the engine's
// shape.Shape. Its tick() runs on a thread of its own.
type Shape struct {
	rt  *Runtime
	cls *pyrt.Class

	once sync.Once
	inst *pyrt.Instance
	th   *starlark.Thread
	err  error
	st   *shapeState
}

var _ shape.Shape = (*Shape)(nil)

type shapeState struct {
	mu       sync.Mutex
	runTime  time.Duration
	tickedAt time.Time
}

func (rt *Runtime) newShape(cls *pyrt.Class) *Shape { return &Shape{rt: rt, cls: cls} }

// Name returns the shape class name.
func (s *Shape) Name() string { return s.cls.Name() }

// UseCommonOptions reports the class's use_common_options: whether -u, -r
// and -t still apply.
func (s *Shape) UseCommonOptions() bool {
	v, err := s.cls.Attr("use_common_options")
	return err == nil && bool(v.Truth())
}

func (s *Shape) init() error {
	s.once.Do(func() {
		s.th = s.rt.NewThread(context.Background(), "shape:"+s.cls.Name())
		v, err := starlark.Call(s.th, s.cls, nil, nil)
		if err != nil {
			s.err = s.rt.wrapError(err)
			return
		}
		inst, ok := v.(*pyrt.Instance)
		if !ok {
			s.err = fmt.Errorf("%s() did not return an instance", s.cls.Name())
			return
		}
		inst.SetOwner(s.th)
		s.st = &shapeState{tickedAt: s.rt.cfg.Clock.Now()}
		inst.Native = s.st
		inst.SetFieldDirect("runner", s.rt.env.runnerValue())
		s.inst = inst
	})
	return s.err
}

// Tick calls the script's tick() with get_run_time() reading runTime.
func (s *Shape) Tick(runTime time.Duration) (shape.Stage, bool, error) {
	if err := s.init(); err != nil {
		return shape.Stage{}, false, err
	}
	s.st.mu.Lock()
	s.st.runTime, s.st.tickedAt = runTime, s.rt.cfg.Clock.Now()
	s.st.mu.Unlock()
	fn, err := s.inst.Attr("tick")
	if err != nil {
		return shape.Stage{}, false, err
	}
	v, err := starlark.Call(s.th, fn, nil, nil)
	if err != nil {
		return shape.Stage{}, false, s.rt.wrapError(err)
	}
	if v == starlark.None {
		return shape.Stage{}, false, nil
	}
	t, ok := v.(starlark.Tuple)
	if !ok || (len(t) != 2 && len(t) != 3) {
		return shape.Stage{}, false, fmt.Errorf("%s.tick() must return (users, spawn_rate), (users, spawn_rate, user_classes) or None, not %s", s.cls.Name(), pyrt.Repr(v))
	}
	users, err := starlark.AsInt32(t[0])
	if err != nil {
		f, ok := starlark.AsFloat(t[0])
		if !ok {
			return shape.Stage{}, false, fmt.Errorf("%s.tick(): user count must be a number, not %s", s.cls.Name(), t[0].Type())
		}
		users = int(f)
	}
	rate, ok := starlark.AsFloat(t[1])
	if !ok {
		return shape.Stage{}, false, fmt.Errorf("%s.tick(): spawn rate must be a number, not %s", s.cls.Name(), t[1].Type())
	}
	st := shape.Stage{Users: users, SpawnRate: rate}
	if len(t) == 3 && t[2] != starlark.None {
		it, ok := t[2].(starlark.Iterable)
		if !ok {
			return shape.Stage{}, false, fmt.Errorf("%s.tick(): user_classes must be a list of User classes", s.cls.Name())
		}
		iter := it.Iterate()
		defer iter.Done()
		var x starlark.Value
		st.Classes = []string{}
		for iter.Next(&x) {
			c, ok := x.(*pyrt.Class)
			if !ok {
				return shape.Stage{}, false, fmt.Errorf("%s.tick(): user_classes must hold User classes, not %s", s.cls.Name(), x.Type())
			}
			st.Classes = append(st.Classes, c.Name())
		}
	}
	return st, true, nil
}

func shapeStateOf(b *starlark.Builtin, args starlark.Tuple) (*pyrt.Instance, *shapeState, error) {
	self, _, err := selfArg(b, args)
	if err != nil {
		return nil, nil, err
	}
	st, _ := self.Native.(*shapeState)
	return self, st, nil
}

// shapeRunTime is LoadTestShape.get_run_time(): seconds since the shape
// started.
func (rt *Runtime) shapeRunTime(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	_, st, err := shapeStateOf(b, args)
	if err != nil {
		return nil, err
	}
	if st == nil {
		return starlark.Float(0), nil
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	d := st.runTime + rt.cfg.Clock.Now().Sub(st.tickedAt)
	return starlark.Float(d.Seconds()), nil
}

// shapeResetTime is LoadTestShape.reset_time().
func (rt *Runtime) shapeResetTime(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	_, st, err := shapeStateOf(b, args)
	if err != nil {
		return nil, err
	}
	if st != nil {
		st.mu.Lock()
		st.runTime, st.tickedAt = 0, rt.cfg.Clock.Now()
		st.mu.Unlock()
	}
	return starlark.None, nil
}

// shapeUserCount is LoadTestShape.get_current_user_count().
func (rt *Runtime) shapeUserCount(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if _, _, err := selfArg(b, args); err != nil {
		return nil, err
	}
	c := rt.controlOrNil()
	if c == nil {
		return starlark.MakeInt(0), nil
	}
	return starlark.MakeInt(c.UserCount()), nil
}
