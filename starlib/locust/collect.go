package locust

import (
	"context"
	"fmt"
	"sort"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/pyrt"
)

// Locustfile is what the engine needs from loaded locustfiles: the runnable
// user classes, and the load shape if one is defined.
type Locustfile struct {
	// Classes are the runnable user classes, in the order they were found.
	Classes []*user.Class
	// Script maps class names to the script classes.
	Script map[string]*pyrt.Class
	// Shape is the first LoadTestShape subclass found (nil when none).
	Shape *Shape
}

// setClass returns the script class of an engine task set.
func (rt *Runtime) setClass(ts *user.TaskSet) *pyrt.Class {
	c, _ := ts.Source.(*pyrt.Class)
	return c
}

// Collect finds the user classes and the shape among the globals of one or
// more loaded locustfiles (in file order), applying a --host override to
// every user class as Locust does. Duplicate class names across files are
// an error unless they are the same class.
func (rt *Runtime) Collect(globals []starlark.StringDict, host string) (*Locustfile, error) {
	lf := &Locustfile{Script: map[string]*pyrt.Class{}}
	conv := &converter{rt: rt, sets: map[*pyrt.Class]*user.TaskSet{}}
	for _, g := range globals {
		names := make([]string, 0, len(g))
		for n := range g {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			cls, ok := g[n].(*pyrt.Class)
			if !ok || isAbstract(cls) {
				continue
			}
			switch kindOf(cls) {
			case kindUser:
				if prev, dup := lf.Script[cls.Name()]; dup {
					if prev != cls {
						return nil, fmt.Errorf("Duplicate user class names: %s is defined in more than one locustfile", cls.Name())
					}
					continue
				}
				lf.Script[cls.Name()] = cls
				rt.mu.Lock()
				rt.userClasses = append(rt.userClasses, cls)
				rt.mu.Unlock()
				if host != "" {
					if err := cls.SetField("host", starlark.String(host)); err != nil {
						return nil, err
					}
				}
				uc, err := conv.userClass(cls)
				if err != nil {
					return nil, err
				}
				lf.Classes = append(lf.Classes, uc)
			case kindShape:
				if lf.Shape == nil {
					lf.Shape = rt.newShape(cls)
				}
			}
		}
	}
	return lf, nil
}

// isAbstract reads the class's own abstract attribute: Locust's metaclass
// sets abstract = False on every class that does not say otherwise.
func isAbstract(c *pyrt.Class) bool {
	v, ok := c.Own("abstract")
	return ok && bool(v.Truth())
}

type converter struct {
	rt   *Runtime
	sets map[*pyrt.Class]*user.TaskSet
}

func (cv *converter) userClass(cls *pyrt.Class) (*user.Class, error) {
	weight, err := numberAttr(cls, "weight")
	if err != nil {
		return nil, err
	}
	fixed, err := numberAttr(cls, "fixed_count")
	if err != nil {
		return nil, err
	}
	hostV, err := cls.Attr("host")
	if err != nil {
		return nil, err
	}
	host, _ := starlark.AsString(hostV)
	root, err := cv.taskSet(cls, true)
	if err != nil {
		return nil, err
	}
	rt := cv.rt
	return &user.Class{
		Name:       cls.Name(),
		Weight:     weight,
		FixedCount: int(fixed),
		Host:       host,
		Root:       root,
		New: func(ctx context.Context, id int) (user.Instance, error) {
			return rt.newVU(ctx, cls, id)
		},
	}, nil
}

func numberAttr(cls *pyrt.Class, name string) (float64, error) {
	v, err := cls.Attr(name)
	if err != nil {
		return 0, err
	}
	f, ok := starlark.AsFloat(v)
	if !ok {
		return 0, fmt.Errorf("%s.%s must be a number, not %s", cls.Name(), name, v.Type())
	}
	return f, nil
}

// taskSet converts the tasks of a user or TaskSet class (memoised, so a
// set used in several places converts once and recursive sets terminate).
func (cv *converter) taskSet(cls *pyrt.Class, root bool) (*user.TaskSet, error) {
	if !root {
		if ts, ok := cv.sets[cls]; ok {
			return ts, nil
		}
	}
	ts := &user.TaskSet{Name: cls.Name(), Sequential: !root && cls.IsSubclass(cv.rt.classes.SequentialTaskSet), Source: cls}
	if !root {
		cv.sets[cls] = ts
	}
	entries, err := cv.rt.tasksOf(cls)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		w := user.Weighted{Weight: e.count}
		switch x := e.val.(type) {
		case *pyrt.Class:
			if kindOf(x) != kindTaskSet {
				return nil, fmt.Errorf("%s: tasks may hold functions and TaskSet classes, not the class %s", cls.Name(), x.Name())
			}
			sub, err := cv.taskSet(x, false)
			if err != nil {
				return nil, err
			}
			w.Set = sub
			w.Tags = classTags(x)
		case *TaskFunc:
			w.Task = &scriptTask{name: pyrt.PythonFuncName(x.Name()), fn: x}
			w.Tags = x.Tags
		case starlark.Callable:
			w.Task = &scriptTask{name: pyrt.PythonFuncName(x.Name()), fn: x}
		default:
			return nil, fmt.Errorf("%s: task %s is not callable", cls.Name(), e.val.String())
		}
		ts.Tasks = append(ts.Tasks, w)
	}
	return ts, nil
}

type taskEntry struct {
	val   starlark.Value
	count int
}

// tasksOf follows Locust's get_tasks_from_base_classes: the tasks of the
// bases, then the class's own tasks attribute (list, list of (task, weight)
// tuples, or dict of task → weight), then its @task methods and @task
// nested TaskSet classes in definition order.
func (rt *Runtime) tasksOf(cls *pyrt.Class) ([]taskEntry, error) {
	var out []taskEntry
	for _, b := range cls.Bases() {
		if b.Native != nil { // a Go base class: no tasks
			continue
		}
		if k := kindOf(b); k != kindUser && k != kindTaskSet {
			continue
		}
		bt, err := rt.tasksOf(b)
		if err != nil {
			return nil, err
		}
		out = append(out, bt...)
	}
	if v, ok := cls.Own("tasks"); ok && v != starlark.None {
		own, err := tasksAttr(cls, pyrt.Plain(v))
		if err != nil {
			return nil, err
		}
		out = append(out, own...)
	}
	for _, n := range cls.OwnNames() {
		v, _ := cls.Own(n)
		switch x := v.(type) {
		case *TaskFunc:
			if x.Weight > 0 {
				out = append(out, taskEntry{x, x.Weight})
			}
		case *pyrt.Class:
			if wv, ok := x.Own("locust_task_weight"); ok {
				n, err := starlark.AsInt32(wv)
				if err == nil && n > 0 {
					out = append(out, taskEntry{x, n})
				}
			}
		}
	}
	return out, nil
}

func tasksAttr(cls *pyrt.Class, v starlark.Value) ([]taskEntry, error) {
	var out []taskEntry
	if m, ok := v.(starlark.IterableMapping); ok {
		for _, kv := range m.Items() {
			n, err := starlark.AsInt32(kv[1])
			if err != nil {
				return nil, fmt.Errorf("%s.tasks: the weight of %s must be an int", cls.Name(), kv[0].String())
			}
			out = append(out, taskEntry{kv[0], n})
		}
		return out, nil
	}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, fmt.Errorf("%s.tasks must be a list or a dict, not %s", cls.Name(), v.Type())
	}
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		if t, ok := x.(starlark.Tuple); ok && len(t) == 2 {
			n, err := starlark.AsInt32(t[1])
			if err != nil {
				return nil, fmt.Errorf("%s.tasks: the weight of %s must be an int", cls.Name(), t[0].String())
			}
			out = append(out, taskEntry{t[0], n})
			continue
		}
		out = append(out, taskEntry{x, 1})
	}
	return out, nil
}

// NeedsHost reports whether a user class makes an HTTP client (HttpUser,
// FastHttpUser) and so needs a host.
func NeedsHost(cls *pyrt.Class) bool { return clientKindOf(cls) != NoClient }
