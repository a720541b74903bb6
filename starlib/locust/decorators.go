package locust

import (
	"fmt"
	"sort"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/wait"
	"github.com/gust-load/gust/starlib/pyrt"
)

// TaskFunc is what @task and @tag return: the decorated function with its
// task weight and tags. It stays callable (MyUser.index(u) works) and binds
// to instances like a method.
type TaskFunc struct {
	Fn starlark.Callable
	// Weight is the @task weight; 0 means the function is only tagged.
	Weight int
	Tags   []string
}

var (
	_ starlark.Callable = (*TaskFunc)(nil)
	_ pyrt.Descriptor   = (*TaskFunc)(nil)
	_ starlark.HasAttrs = (*TaskFunc)(nil)
)

// Name returns the function's name.
func (t *TaskFunc) Name() string { return t.Fn.Name() }

// pyName is the function's Python name (a lowered method is named
// "Class.method" in Starlark).
func (t *TaskFunc) pyName() string { return pyrt.PythonFuncName(t.Fn.Name()) }

// String reads like the function's repr.
func (t *TaskFunc) String() string { return "<function " + t.pyName() + ">" }

// Type returns "function", as the decorated object is a function in Python.
func (t *TaskFunc) Type() string { return "function" }

// Freeze freezes the function.
func (t *TaskFunc) Freeze() { t.Fn.Freeze() }

// Truth is true.
func (t *TaskFunc) Truth() starlark.Bool { return true }

// Hash hashes the function, so tasks can be dict keys.
func (t *TaskFunc) Hash() (uint32, error) { return t.Fn.Hash() }

// CallInternal calls the function.
func (t *TaskFunc) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return starlark.Call(th, t.Fn, args, kwargs)
}

// BindTo binds the task to an instance like a method.
func (t *TaskFunc) BindTo(self starlark.Value, _ *pyrt.Class) (starlark.Value, error) {
	return &pyrt.BoundMethod{Self: self, Fn: t}, nil
}

// Attr exposes Locust's markers: locust_task_weight and locust_tag_set.
func (t *TaskFunc) Attr(name string) (starlark.Value, error) {
	switch name {
	case "locust_task_weight":
		if t.Weight == 0 {
			return nil, nil
		}
		return starlark.MakeInt(t.Weight), nil
	case "locust_tag_set":
		return tagSetValue(t.Tags), nil
	case "__name__":
		return starlark.String(t.pyName()), nil
	}
	if ha, ok := t.Fn.(starlark.HasAttrs); ok {
		return ha.Attr(name)
	}
	return nil, nil
}

// AttrNames lists the markers.
func (t *TaskFunc) AttrNames() []string {
	return []string{"__name__", "locust_tag_set", "locust_task_weight"}
}

func tagSetValue(tags []string) starlark.Value {
	s := starlark.NewSet(len(tags))
	for _, tg := range tags {
		_ = s.Insert(starlark.String(tg))
	}
	return s
}

// taskBuiltin implements @task, @task(weight) and @task() on functions and
// on nested TaskSet classes.
func taskBuiltin(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var arg starlark.Value = starlark.MakeInt(1)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "weight?", &arg); err != nil {
		return nil, err
	}
	if isDecoratable(arg) {
		return applyTask(arg, 1)
	}
	w, err := weightOf(arg)
	if err != nil {
		return nil, err
	}
	return starlark.NewBuiltin("task", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) != 1 || len(kwargs) != 0 {
			return nil, pyrt.NewError(pyrt.TypeError, "task decorator takes exactly one function")
		}
		return applyTask(args[0], w)
	}), nil
}

func isDecoratable(v starlark.Value) bool {
	switch v.(type) {
	case *pyrt.Class, *TaskFunc:
		return true
	}
	_, ok := v.(starlark.Callable)
	return ok
}

func weightOf(v starlark.Value) (int, error) {
	n, err := starlark.AsInt32(v)
	if err != nil {
		return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("task weight must be an int, not %s", v.Type()))
	}
	if n < 0 {
		return 0, pyrt.NewError(pyrt.ValueError, "task weight must not be negative")
	}
	return n, nil
}

func applyTask(v starlark.Value, weight int) (starlark.Value, error) {
	switch x := v.(type) {
	case *TaskFunc:
		return &TaskFunc{Fn: x.Fn, Weight: weight, Tags: x.Tags}, nil
	case *pyrt.Class:
		if err := x.SetField("locust_task_weight", starlark.MakeInt(weight)); err != nil {
			return nil, err
		}
		return x, nil
	case starlark.Callable:
		return &TaskFunc{Fn: x, Weight: weight}, nil
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("@task cannot decorate %s", v.Type()))
}

// tagBuiltin implements @tag("a", "b") on tasks and TaskSet classes.
func tagBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(kwargs) > 0 {
		return nil, pyrt.NewError(pyrt.TypeError, "tag() takes no keyword arguments")
	}
	if len(args) == 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "No tag name was supplied")
	}
	var tags []string
	for _, a := range args {
		s, ok := starlark.AsString(a)
		if !ok {
			if isDecoratable(a) {
				return nil, pyrt.NewError(pyrt.ValueError, "No tag name was supplied")
			}
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("tag names must be strings, not %s", a.Type()))
		}
		tags = append(tags, s)
	}
	return starlark.NewBuiltin("tag", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		if len(args) != 1 {
			return nil, pyrt.NewError(pyrt.TypeError, "tag decorator takes exactly one function or class")
		}
		switch x := args[0].(type) {
		case *TaskFunc:
			return &TaskFunc{Fn: x.Fn, Weight: x.Weight, Tags: mergeTags(x.Tags, tags)}, nil
		case *pyrt.Class:
			old := classTags(x)
			if err := x.SetField("locust_tag_set", tagSetValue(mergeTags(old, tags))); err != nil {
				return nil, err
			}
			return x, nil
		case starlark.Callable:
			return &TaskFunc{Fn: x, Tags: mergeTags(nil, tags)}, nil
		}
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("@tag cannot decorate %s", args[0].Type()))
	}), nil
}

func mergeTags(a, b []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range append(append([]string(nil), a...), b...) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// classTags reads the tags set by @tag on a TaskSet class (own attribute).
func classTags(c *pyrt.Class) []string {
	v, ok := c.Own("locust_tag_set")
	if !ok {
		return nil
	}
	return stringsOf(v)
}

func stringsOf(v starlark.Value) []string {
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil
	}
	iter := it.Iterate()
	defer iter.Done()
	var out []string
	var x starlark.Value
	for iter.Next(&x) {
		if s, ok := starlark.AsString(x); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// WaitTime is the value of between(1, 3), constant(2), constant_pacing(4)
// and constant_throughput(2): a wait strategy the engine applies in Go. As a
// class attribute it binds like a method, so self.wait_time() also works.
type WaitTime struct {
	Strategy wait.Strategy
}

var (
	_ starlark.Callable = (*WaitTime)(nil)
	_ pyrt.Descriptor   = (*WaitTime)(nil)
)

// Name returns the strategy's name.
func (w *WaitTime) Name() string { return "wait_time_func" }

// String spells the declaration, e.g. between(1, 3).
func (w *WaitTime) String() string { return "<function " + w.Strategy.String() + ">" }

// Type returns "function".
func (w *WaitTime) Type() string { return "function" }

// Freeze does nothing: the value is immutable.
func (w *WaitTime) Freeze() {}

// Truth is true.
func (w *WaitTime) Truth() starlark.Bool { return true }

// Hash hashes by identity.
func (w *WaitTime) Hash() (uint32, error) { return uint32(len(w.Strategy.String())), nil }

// BindTo returns a bound method, as a Python function would.
func (w *WaitTime) BindTo(self starlark.Value, _ *pyrt.Class) (starlark.Value, error) {
	return &pyrt.BoundMethod{Self: self, Fn: w}, nil
}

// CallInternal returns one wait in seconds (a stateless draw; the engine
// keeps per-instance pacing state itself).
func (w *WaitTime) CallInternal(th *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	rt := runtimeOf(th)
	f := w.Strategy.Bind(rt.clock(), randOf(th))
	return starlark.Float(f().Seconds()), nil
}

func waitBuiltin(kind string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var a, c starlark.Value
		var err error
		switch kind {
		case "between":
			err = starlark.UnpackArgs(b.Name(), args, kwargs, "min_wait", &a, "max_wait", &c)
		case "constant":
			err = starlark.UnpackArgs(b.Name(), args, kwargs, "wait_time", &a)
		case "constant_pacing":
			err = starlark.UnpackArgs(b.Name(), args, kwargs, "wait_time", &a)
		case "constant_throughput":
			err = starlark.UnpackArgs(b.Name(), args, kwargs, "task_runs_per_second", &a)
		}
		if err != nil {
			return nil, err
		}
		x, ok := starlark.AsFloat(a)
		if !ok {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() argument must be a number, not %s", kind, a.Type()))
		}
		switch kind {
		case "between":
			y, ok := starlark.AsFloat(c)
			if !ok {
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("between() argument must be a number, not %s", c.Type()))
			}
			return &WaitTime{Strategy: wait.Between(x, y)}, nil
		case "constant":
			return &WaitTime{Strategy: wait.Constant(x)}, nil
		case "constant_pacing":
			return &WaitTime{Strategy: wait.ConstantPacing(x)}, nil
		}
		if x <= 0 {
			return nil, pyrt.NewError(pyrt.ValueError, "constant_throughput() needs a rate above 0")
		}
		return &WaitTime{Strategy: wait.ConstantThroughput(x)}, nil
	}
}
