package pycollections

import (
	"fmt"
	"sort"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

type dictMethod func(x *Dict, th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)

var dictMethods = map[string]dictMethod{
	"get": func(x *Dict, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var k, d starlark.Value = nil, starlark.None
		if err := starlark.UnpackPositionalArgs("get", args, kw, 1, &k, &d); err != nil {
			return nil, err
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		if v, found, _ := x.d.Get(k); found {
			return v, nil
		}
		return d, nil
	},
	"keys": func(x *Dict, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		items := x.Items()
		out := make([]starlark.Value, len(items))
		for i, kv := range items {
			out[i] = kv[0]
		}
		return starlark.NewList(out), nil
	},
	"values": func(x *Dict, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		items := x.Items()
		out := make([]starlark.Value, len(items))
		for i, kv := range items {
			out[i] = kv[1]
		}
		return starlark.NewList(out), nil
	},
	"items": func(x *Dict, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return listOf(x.Items()), nil
	},
	"pop": func(x *Dict, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var k, d starlark.Value
		if err := starlark.UnpackPositionalArgs("pop", args, kw, 1, &k, &d); err != nil {
			return nil, err
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		v, found, err := x.d.Delete(k)
		if err != nil {
			return nil, err
		}
		if !found {
			if d != nil {
				return d, nil
			}
			return nil, pyrt.NewErrorArgs(pyrt.KeyError, k)
		}
		return v, nil
	},
	"__delitem__": func(x *Dict, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var k starlark.Value
		if err := starlark.UnpackPositionalArgs("__delitem__", args, kw, 1, &k); err != nil {
			return nil, err
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		if _, found, err := x.d.Delete(k); err != nil || !found {
			if err != nil {
				return nil, err
			}
			if x.kind == kindCounter {
				return starlark.None, nil
			}
			return nil, pyrt.NewErrorArgs(pyrt.KeyError, k)
		}
		return starlark.None, nil
	},
	"popitem": func(x *Dict, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		last := true
		if err := starlark.UnpackArgs("popitem", args, kw, "last?", &last); err != nil {
			return nil, err
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		items := x.d.Items()
		if len(items) == 0 {
			msg := "popitem(): dictionary is empty"
			if x.kind == kindOrdered {
				msg = "dictionary is empty"
			}
			return nil, pyrt.NewErrorArgs(pyrt.KeyError, starlark.String(msg))
		}
		kv := items[len(items)-1]
		if !last {
			kv = items[0]
		}
		_, _, _ = x.d.Delete(kv[0])
		return kv, nil
	},
	"setdefault": func(x *Dict, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var k, d starlark.Value = nil, starlark.None
		if err := starlark.UnpackPositionalArgs("setdefault", args, kw, 1, &k, &d); err != nil {
			return nil, err
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		if v, found, _ := x.d.Get(k); found {
			return v, nil
		}
		d = x.share(d)
		return d, x.d.SetKey(k, d)
	},
	"clear": func(x *Dict, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		x.mu.Lock()
		defer x.mu.Unlock()
		return starlark.None, x.d.Clear()
	},
	"copy": func(x *Dict, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return x.CopyValue(func(v starlark.Value) (starlark.Value, error) { return v, nil })
	},
	"update": func(x *Dict, th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, x.update(th, args, kw, 1)
	},
	"subtract": func(x *Dict, th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, x.update(th, args, kw, -1)
	},
	"most_common": func(x *Dict, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var n starlark.Value = starlark.None
		if err := starlark.UnpackArgs("most_common", args, kw, "n?", &n); err != nil {
			return nil, err
		}
		items := sortCounts(x.Items())
		if n != starlark.None {
			k, err := modules.Int(n, "most_common")
			if err != nil {
				return nil, err
			}
			items = items[:max(0, min(int(k), len(items)))]
		}
		return listOf(items), nil
	},
	"elements": func(x *Dict, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		var out []starlark.Value
		for _, kv := range x.Items() {
			n, _ := modules.Int(kv[1], "elements")
			for i := int64(0); i < n; i++ {
				out = append(out, kv[0])
			}
		}
		return starlark.NewList(out), nil
	},
	"total": func(x *Dict, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		var sum starlark.Value = starlark.MakeInt(0)
		for _, kv := range x.Items() {
			var err error
			if sum, err = starlark.Binary(syntax.PLUS, sum, kv[1]); err != nil {
				return nil, err
			}
		}
		return sum, nil
	},
	"move_to_end": func(x *Dict, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var k starlark.Value
		last := true
		if err := starlark.UnpackArgs("move_to_end", args, kw, "key", &k, "last?", &last); err != nil {
			return nil, err
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		v, found, err := x.d.Delete(k)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, pyrt.NewErrorArgs(pyrt.KeyError, k)
		}
		if last {
			return starlark.None, x.d.SetKey(k, v)
		}
		rest := x.d.Items()
		nd := starlark.NewDict(len(rest) + 1)
		_ = nd.SetKey(k, v)
		for _, kv := range rest {
			_ = nd.SetKey(kv[0], kv[1])
		}
		x.d = nd
		return starlark.None, nil
	},
}

var counterOnly = map[string]bool{"subtract": true, "most_common": true, "elements": true, "total": true}

// update adds pairs (dict.update) or, for a Counter, counts elements and
// adds (sign 1) or subtracts (sign -1) counts.
func (x *Dict) update(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple, sign int) error {
	if len(args) > 1 {
		return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("update expected at most 1 argument, got %d", len(args)))
	}
	var pairs []starlark.Tuple
	if len(args) == 1 {
		switch src := args[0].(type) {
		case starlark.IterableMapping:
			pairs = src.Items()
		default:
			items, err := modules.Elements(th, src)
			if err != nil {
				return err
			}
			for _, it := range items {
				if x.kind == kindCounter {
					pairs = append(pairs, starlark.Tuple{it, starlark.MakeInt(1)})
					continue
				}
				kv, err := modules.Elements(th, it)
				if err != nil || len(kv) != 2 {
					return pyrt.NewError(pyrt.ValueError, "dictionary update sequence element has wrong length; 2 is required")
				}
				pairs = append(pairs, starlark.Tuple(kv))
			}
		}
	}
	pairs = append(pairs, kw...)
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, kv := range pairs {
		v := kv[1]
		if x.kind == kindCounter {
			old, found, err := x.d.Get(kv[0])
			if err != nil {
				return err
			}
			if !found {
				old = starlark.MakeInt(0)
			}
			op := syntax.PLUS
			if sign < 0 {
				op = syntax.MINUS
			}
			if v, err = starlark.Binary(op, old, v); err != nil {
				return err
			}
		}
		if err := x.d.SetKey(kv[0], x.share(v)); err != nil {
			return err
		}
	}
	return nil
}

// Attr returns the dict methods.
func (x *Dict) Attr(name string) (starlark.Value, error) {
	switch name {
	case "default_factory":
		if x.kind == kindDefault {
			return x.factory, nil
		}
	case "move_to_end":
		if x.kind != kindOrdered {
			break
		}
		fallthrough
	default:
		m, ok := dictMethods[name]
		if !ok || counterOnly[name] && x.kind != kindCounter {
			break
		}
		return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return m(x, th, args, kw)
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", x.Type(), name))
}

// AttrNames lists the methods.
func (x *Dict) AttrNames() []string {
	var out []string
	for k := range dictMethods {
		if counterOnly[k] && x.kind != kindCounter || k == "move_to_end" && x.kind != kindOrdered {
			continue
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Binary implements Counter arithmetic: + - | & keep positive counts.
func (x *Dict) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	o, ok := y.(*Dict)
	if !ok || x.kind != kindCounter || o.kind != kindCounter {
		return nil, nil
	}
	a, b := x, o
	if side == starlark.Right {
		a, b = o, x
	}
	out := newDict(kindCounter)
	get := func(d *Dict, k starlark.Value) float64 {
		d.mu.Lock()
		defer d.mu.Unlock()
		v, found, _ := d.d.Get(k)
		if !found {
			return 0
		}
		return count(v)
	}
	keys := append(a.Items(), b.Items()...)
	for _, kv := range keys {
		k := kv[0]
		if has, _ := out.Has(k); has {
			continue
		}
		ca, cb := get(a, k), get(b, k)
		var r float64
		switch op {
		case syntax.PLUS:
			r = ca + cb
		case syntax.MINUS:
			r = ca - cb
		case syntax.PIPE:
			r = max(ca, cb)
		case syntax.AMP:
			r = min(ca, cb)
		default:
			return nil, nil
		}
		if r > 0 {
			_ = out.d.SetKey(k, starlark.MakeInt64(int64(r)))
		}
	}
	return out, nil
}
