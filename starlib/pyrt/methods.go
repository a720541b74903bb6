package pyrt

import (
	"fmt"
	"sort"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// methodFn is a Python method of a built-in type: recv is the receiver.
type methodFn func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error)

// IsPythonMethod reports whether a method name has Python behaviour that
// differs from go.starlark.net's for some built-in type, so the lowering must
// route `x.name(...)` through __callm (and a bare `x.name` through __getm).
// Every other method call stays a native Starlark call.
func IsPythonMethod(name string) bool {
	switch name {
	// str
	case "encode", "zfill", "center", "ljust", "rjust", "casefold", "swapcase",
		"isnumeric", "isdecimal", "isidentifier", "isprintable", "isascii", "expandtabs",
		"format", "format_map", "translate", "join", "split", "rsplit", "splitlines",
		"find", "rfind", "rindex":
		return true
	// list, dict, set, bytes, numbers
	case "sort", "reverse", "copy", "extend", "remove", "pop", "popitem", "index", "count", "union",
		"intersection", "difference", "symmetric_difference", "issubset", "issuperset",
		"isdisjoint", "intersection_update", "difference_update", "update", "discard",
		"decode", "hex", "is_integer", "bit_length", "add":
		return true
	}
	return false
}

// pythonMethod finds the Python implementation of name for a built-in
// receiver, or nil when the native (or the receiver's own) method applies.
func pythonMethod(recv starlark.Value, name string) methodFn {
	switch recv.(type) {
	case starlark.String:
		return strMethod(name)
	case *starlark.List:
		return listMethod(name)
	case starlark.Tuple:
		switch name {
		case "count":
			return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				return listCount(recv.(starlark.Tuple), args, kwargs)
			}
		case "index":
			return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
				r, err := listIndex(recv.(starlark.Tuple), args, kwargs)
				if err != nil {
					if e, ok := err.(*Error); ok && e.Value.class == ValueError {
						return nil, NewError(ValueError, "tuple.index(x): x not in tuple")
					}
				}
				return r, err
			}
		}
		return nil
	case *starlark.Dict:
		return dictMethod(name)
	case *starlark.Set:
		return setMethodFn(name)
	case starlark.Bytes:
		return bytesMethod(name)
	case starlark.Int, starlark.Float, starlark.Bool:
		return numberMethod(name)
	}
	return nil
}

// CallMethod calls recv.name(*args, **kwargs) with Python semantics for
// built-in receivers (the __callm helper).
func CallMethod(th *starlark.Thread, recv starlark.Value, name string, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if fn := pythonMethod(recv, name); fn != nil {
		return fn(th, recv, args, kwargs)
	}
	m, err := GetAttr(th, recv, name)
	if err != nil {
		return nil, err
	}
	return starlark.Call(th, m, args, kwargs)
}

// GetAttr implements Python's getattr(v, name) with Python's error text:
// Python methods of built-in types come first, then the value's own
// attributes.
func GetAttr(th *starlark.Thread, v starlark.Value, name string) (starlark.Value, error) {
	if fn := pythonMethod(v, name); fn != nil {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return fn(th, b.Receiver(), args, kwargs)
		}).BindReceiver(v), nil
	}
	if name == "__class__" {
		return TypeOf(v), nil
	}
	if ha, ok := v.(starlark.HasAttrs); ok {
		r, err := ha.Attr(name)
		if err != nil {
			if _, ok := err.(starlark.NoSuchAttrError); !ok {
				return nil, err
			}
		} else if r != nil {
			return r, nil
		}
	}
	switch name {
	case "__name__", "__qualname__":
		if c, ok := v.(starlark.Callable); ok {
			if name == "__name__" {
				return starlark.String(PythonFuncName(c.Name())), nil
			}
			return starlark.String(c.Name()), nil
		}
	case "__doc__":
		return starlark.None, nil
	}
	return nil, noAttr(v, name)
}

func noAttr(v starlark.Value, name string) error {
	if _, ok := v.(*Class); ok {
		return NewError(AttributeError, fmt.Sprintf("type object '%s' has no attribute '%s'", TypeName(v), name))
	}
	if v.Type() == "module" {
		return NewError(AttributeError, fmt.Sprintf("module '%s' has no attribute '%s'", moduleName(v), name))
	}
	return NewError(AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", TypeName(v), name))
}

func moduleName(v starlark.Value) string {
	if c, ok := v.(interface{ Name() string }); ok {
		return c.Name()
	}
	s := v.String()
	if len(s) > 9 && s[:8] == "<module " {
		return trimQuotes(s[8 : len(s)-1])
	}
	return s
}

func trimQuotes(s string) string {
	if len(s) >= 2 && (s[0] == '\'' || s[0] == '"') {
		return s[1 : len(s)-1]
	}
	return s
}

// GetItem implements v[k] through the interpreter's own rules.
func GetItem(th *starlark.Thread, v, k starlark.Value) (starlark.Value, error) {
	switch x := v.(type) {
	case starlark.Mapping:
		r, found, err := x.Get(k)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, NewErrorArgs(KeyError, k)
		}
		return r, nil
	case starlark.Indexable:
		i, err := starlark.AsInt32(k)
		if err != nil {
			return nil, NewError(TypeError, fmt.Sprintf("%s indices must be integers or slices, not %s", TypeName(v), TypeName(k)))
		}
		n := x.Len()
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return nil, NewError(IndexError, TypeName(v)+" index out of range")
		}
		return x.Index(i), nil
	}
	return nil, NewError(TypeError, fmt.Sprintf("'%s' object is not subscriptable", TypeName(v)))
}

func listMethod(name string) methodFn {
	switch name {
	case "sort":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			l := recv.(*starlark.List)
			elems := listElems(l)
			if err := sortValues(th, "sort", elems, args, kwargs); err != nil {
				return nil, err
			}
			return starlark.None, replaceList(l, elems)
		}
	case "reverse":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("reverse", args, kwargs, 0); err != nil {
				return nil, err
			}
			l := recv.(*starlark.List)
			elems := listElems(l)
			reverseValues(elems)
			return starlark.None, replaceList(l, elems)
		}
	case "copy":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.NewList(listElems(recv.(*starlark.List))), nil
		}
	case "count":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return listCount(listElems(recv.(*starlark.List)), args, kwargs)
		}
	case "index":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return listIndex(listElems(recv.(*starlark.List)), args, kwargs)
		}
	case "extend":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs("extend", args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			vals, err := ToSlice(th, v)
			if err != nil {
				return nil, err
			}
			l := recv.(*starlark.List)
			for _, e := range vals {
				if err := l.Append(e); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		}
	case "remove":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs("remove", args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			l := recv.(*starlark.List)
			elems := listElems(l)
			for i, e := range elems {
				if eq, err := Equal(e, v); err != nil {
					return nil, err
				} else if eq {
					_, rest, _ := popAt(elems, i)
					return starlark.None, replaceList(l, rest)
				}
			}
			return nil, NewError(ValueError, "list.remove(x): x not in list")
		}
	case "pop":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			i := -1
			if err := starlark.UnpackPositionalArgs("pop", args, kwargs, 0, &i); err != nil {
				return nil, err
			}
			l := recv.(*starlark.List)
			v, rest, err := popAt(listElems(l), i)
			if err != nil {
				return nil, err
			}
			return v, replaceList(l, rest)
		}
	}
	return nil
}

func listElems(l *starlark.List) []starlark.Value {
	out := make([]starlark.Value, l.Len())
	for i := range out {
		out[i] = l.Index(i)
	}
	return out
}

// replaceList stores elems into l (which must stay the same object).
func replaceList(l *starlark.List, elems []starlark.Value) error {
	if err := l.Clear(); err != nil {
		return frozenErr(err)
	}
	for _, e := range elems {
		if err := l.Append(e); err != nil {
			return err
		}
	}
	return nil
}

func frozenErr(err error) error {
	return NewError(RuntimeError, err.Error())
}

func dictMethod(name string) methodFn {
	switch name {
	case "copy":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
				return nil, err
			}
			d := recv.(*starlark.Dict)
			out := starlark.NewDict(d.Len())
			for _, kv := range d.Items() {
				_ = out.SetKey(kv[0], kv[1])
			}
			return out, nil
		}
	case "pop":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var k, def starlark.Value
			if err := starlark.UnpackPositionalArgs("pop", args, kwargs, 1, &k, &def); err != nil {
				return nil, err
			}
			v, found, err := recv.(*starlark.Dict).Delete(k)
			if err != nil {
				return nil, err
			}
			if !found {
				if def != nil {
					return def, nil
				}
				return nil, NewErrorArgs(KeyError, k)
			}
			return v, nil
		}
	case "popitem":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs("popitem", args, kwargs, 0); err != nil {
				return nil, err
			}
			d := recv.(*starlark.Dict)
			items := d.Items()
			if len(items) == 0 {
				return nil, NewError(KeyError, "popitem(): dictionary is empty")
			}
			last := items[len(items)-1]
			if _, _, err := d.Delete(last[0]); err != nil {
				return nil, err
			}
			return last, nil
		}
	case "update":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 1 {
				return nil, NewError(TypeError, fmt.Sprintf("update expected at most 1 argument, got %d", len(args)))
			}
			pairs, err := dictPairs(th, args, kwargs)
			if err != nil {
				return nil, err
			}
			d := recv.(*starlark.Dict)
			for _, kv := range pairs {
				if err := d.SetKey(kv[0], kv[1]); err != nil {
					return nil, hashErr(kv[0], err)
				}
			}
			return starlark.None, nil
		}
	}
	return nil
}

func numberMethod(name string) methodFn {
	switch name {
	case "is_integer":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			f, ok := recv.(starlark.Float)
			if !ok {
				return starlark.True, nil
			}
			return starlark.Bool(float64(f) == float64(int64(f))), nil
		}
	case "bit_length":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			n, ok := recv.(starlark.Int)
			if !ok {
				return nil, noAttr(recv, name)
			}
			b := n.BigInt()
			return starlark.MakeInt(b.Abs(b).BitLen()), nil
		}
	}
	return nil
}

// sortValues sorts elems in place as Python's list.sort(key=, reverse=)
// does: stable, comparing keys with <.
func sortValues(th *starlark.Thread, fname string, elems []starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
	var key starlark.Value = starlark.None
	var reverse starlark.Value = starlark.False
	if len(args) > 0 {
		return NewError(TypeError, fname+"() takes no positional arguments")
	}
	if err := starlark.UnpackArgs(fname, nil, kwargs, "key?", &key, "reverse?", &reverse); err != nil {
		return err
	}
	keys := elems
	if key != starlark.None {
		keys = make([]starlark.Value, len(elems))
		for i, e := range elems {
			k, err := starlark.Call(th, key, starlark.Tuple{e}, nil)
			if err != nil {
				return err
			}
			keys[i] = k
		}
	}
	idx := make([]int, len(elems))
	for i := range idx {
		idx[i] = i
	}
	var cmpErr error
	rev := bool(reverse.Truth())
	sort.SliceStable(idx, func(a, b int) bool {
		if cmpErr != nil {
			return false
		}
		x, y := keys[idx[a]], keys[idx[b]]
		if rev {
			x, y = y, x
		}
		lt, err := Less(x, y)
		if err != nil {
			cmpErr = err
		}
		return lt
	})
	if cmpErr != nil {
		return cmpErr
	}
	out := make([]starlark.Value, len(elems))
	for i, j := range idx {
		out[i] = elems[j]
	}
	copy(elems, out)
	return nil
}

// Less is Python's x < y with Python's TypeError for unorderable types.
func Less(x, y starlark.Value) (bool, error) {
	lt, err := starlark.Compare(syntax.LT, x, y)
	if err != nil {
		if _, ok := err.(*Error); ok {
			return false, err
		}
		return false, NewError(TypeError, fmt.Sprintf("'<' not supported between instances of '%s' and '%s'", TypeName(x), TypeName(y)))
	}
	return lt, nil
}
