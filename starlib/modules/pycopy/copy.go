// Package pycopy is Python's copy module: copy(x) and deepcopy(x). Copies
// of frozen (module-level) containers are ordinary mutable containers,
// which is the usual reason a locustfile calls deepcopy on a template.
//
// Script-level API:
//
//	copy.copy(x), copy.deepcopy(x, memo=None), copy.Error
package pycopy

import (
	"fmt"
	"reflect"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// maxDepth bounds recursion like CPython's recursion limit.
const maxDepth = 1000

type copier struct {
	th   *starlark.Thread
	deep bool
	memo map[uintptr]starlark.Value
}

func ptr(v starlark.Value) (uintptr, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		return rv.Pointer(), true
	}
	return 0, false
}

// Copy returns a shallow (deep=false) or deep copy of v.
func Copy(th *starlark.Thread, v starlark.Value, deep bool) (starlark.Value, error) {
	c := &copier{th: th, deep: deep, memo: map[uintptr]starlark.Value{}}
	return c.copy(v, 0)
}

func (c *copier) elem(depth int) func(starlark.Value) (starlark.Value, error) {
	if !c.deep {
		return func(v starlark.Value) (starlark.Value, error) { return v, nil }
	}
	return func(v starlark.Value) (starlark.Value, error) { return c.copy(v, depth+1) }
}

func (c *copier) copy(v starlark.Value, depth int) (starlark.Value, error) {
	if depth > maxDepth {
		return nil, pyrt.NewError(pyrt.RecursionError, "maximum recursion depth exceeded while copying")
	}
	if p, ok := ptr(v); ok {
		if done, ok := c.memo[p]; ok {
			return done, nil
		}
	}
	elem := c.elem(depth)
	var out starlark.Value
	switch x := v.(type) {
	case starlark.NoneType, starlark.Bool, starlark.Int, starlark.Float, starlark.String, starlark.Bytes,
		*starlark.Function, *starlark.Builtin, *pyrt.Class:
		return v, nil
	case starlark.Tuple:
		if !c.deep {
			return v, nil
		}
		t := make(starlark.Tuple, len(x))
		for i, e := range x {
			var err error
			if t[i], err = elem(e); err != nil {
				return nil, err
			}
		}
		return t, nil
	case *starlark.List:
		l := starlark.NewList(nil)
		c.remember(v, l)
		for i := 0; i < x.Len(); i++ {
			e, err := elem(x.Index(i))
			if err != nil {
				return nil, err
			}
			_ = l.Append(e)
		}
		return l, nil
	case *starlark.Dict:
		d := starlark.NewDict(x.Len())
		c.remember(v, d)
		if err := c.fillDict(d, x.Items(), elem); err != nil {
			return nil, err
		}
		return d, nil
	case *starlark.Set:
		s := starlark.NewSet(x.Len())
		it := x.Iterate()
		defer it.Done()
		var e starlark.Value
		for it.Next(&e) {
			ce, err := elem(e)
			if err != nil {
				return nil, err
			}
			if err := s.Insert(ce); err != nil {
				return nil, err
			}
		}
		return s, nil
	case modules.Copier:
		r, err := x.CopyValue(elem)
		if err != nil {
			return nil, err
		}
		c.remember(v, r)
		return r, nil
	case *pyrt.Instance:
		return c.instance(x, depth)
	}
	// Shared containers and other Go mappings/sequences copy into plain
	// Python containers, as copying a list or dict does in Python.
	switch v.Type() {
	case "dict", "shared_dict":
		if m, ok := v.(starlark.IterableMapping); ok {
			d := starlark.NewDict(0)
			c.remember(v, d)
			return d, c.fillDict(d, m.Items(), elem)
		}
	case "list", "shared_list", "set", "shared_set":
		items, err := modules.Elements(c.th, v)
		if err != nil {
			return nil, err
		}
		for i, e := range items {
			if items[i], err = elem(e); err != nil {
				return nil, err
			}
		}
		if v.Type() == "set" || v.Type() == "shared_set" {
			s := starlark.NewSet(len(items))
			for _, e := range items {
				if err := s.Insert(e); err != nil {
					return nil, err
				}
			}
			out = s
		} else {
			out = starlark.NewList(items)
		}
		return out, nil
	}
	if _, err := v.Hash(); err == nil {
		// Immutable Go values (datetime, UUID, Pattern) copy to themselves.
		return v, nil
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("cannot copy '%s' object", modules.TypeName(v)))
}

func (c *copier) remember(orig, cp starlark.Value) {
	if p, ok := ptr(orig); ok {
		c.memo[p] = cp
	}
}

func (c *copier) fillDict(d *starlark.Dict, items []starlark.Tuple, elem func(starlark.Value) (starlark.Value, error)) error {
	for _, kv := range items {
		k := kv[0]
		if c.deep {
			var err error
			if k, err = elem(k); err != nil {
				return err
			}
		}
		v, err := elem(kv[1])
		if err != nil {
			return err
		}
		if err := d.SetKey(k, v); err != nil {
			return err
		}
	}
	return nil
}

func (c *copier) instance(x *pyrt.Instance, depth int) (starlark.Value, error) {
	hook := "__copy__"
	var args starlark.Tuple
	if c.deep {
		hook = "__deepcopy__"
		args = starlark.Tuple{starlark.NewDict(0)}
	}
	if m, _ := x.Class().Lookup(hook); m != nil {
		bound, err := pyrt.Bind(x, x.Class(), m)
		if err != nil {
			return nil, err
		}
		return starlark.Call(c.th, bound, args, nil)
	}
	if x.Native != nil {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("cannot copy '%s' object (it holds gust runtime state)", x.Class().Name()))
	}
	n := pyrt.NewInstance(x.Class())
	n.SetOwner(c.th)
	c.remember(x, n)
	elem := c.elem(depth)
	for _, name := range x.FieldNames() {
		v, _ := x.Field(name)
		cv, err := elem(v)
		if err != nil {
			return nil, err
		}
		n.SetFieldDirect(name, cv)
	}
	return n, nil
}

// Module builds the copy module.
func Module(*modules.Env) (starlark.Value, error) {
	errCls := pyrt.MustClass("Error", []*pyrt.Class{pyrt.Exception}, nil)
	errCls.SetModule("copy")
	return modules.NewModule("copy", starlark.StringDict{
		"copy": starlark.NewBuiltin("copy", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var x starlark.Value
			if err := starlark.UnpackPositionalArgs("copy", args, kw, 1, &x); err != nil {
				return nil, err
			}
			return Copy(th, x, false)
		}),
		"deepcopy": starlark.NewBuiltin("deepcopy", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var x, memo starlark.Value = nil, starlark.None
			if err := starlark.UnpackArgs("deepcopy", args, kw, "x", &x, "memo?", &memo); err != nil {
				return nil, err
			}
			return Copy(th, x, true)
		}),
		"Error": errCls,
	}), nil
}
