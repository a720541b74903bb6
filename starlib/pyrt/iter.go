package pyrt

import (
	"fmt"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// ToSlice iterates v the way Python's for loop does and collects the
// elements: strings yield their characters, bytes their integer values,
// instances go through __iter__ (and __next__ until StopIteration), dicts
// their keys, shared containers a snapshot.
func ToSlice(th *starlark.Thread, v starlark.Value) ([]starlark.Value, error) {
	switch x := v.(type) {
	case starlark.String:
		s := string(x)
		out := make([]starlark.Value, 0, len(s))
		for i := 0; i < len(s); {
			_, n := utf8.DecodeRuneInString(s[i:])
			out = append(out, starlark.String(s[i:i+n]))
			i += n
		}
		return out, nil
	case starlark.Bytes:
		out := make([]starlark.Value, len(x))
		for i := 0; i < len(x); i++ {
			out[i] = starlark.MakeInt(int(x[i]))
		}
		return out, nil
	case *starlark.List:
		out := make([]starlark.Value, x.Len())
		for i := range out {
			out[i] = x.Index(i)
		}
		return out, nil
	case starlark.Tuple:
		return append([]starlark.Value(nil), x...), nil
	case *SharedList:
		return x.Snapshot(), nil
	case *Instance:
		return iterInstance(th, x)
	case *Iterator:
		return x.rest(), nil
	case nexter:
		var out []starlark.Value
		for {
			e, ok, err := x.NextValue(th)
			if err != nil {
				return nil, err
			}
			if !ok {
				return out, nil
			}
			if len(out) >= maxCollect {
				return nil, NewError(OverflowError, "iterator yields too many items (infinite iterator?)")
			}
			out = append(out, e)
		}
	case starlark.Iterable:
		it := x.Iterate()
		defer it.Done()
		var out []starlark.Value
		var e starlark.Value
		for it.Next(&e) {
			out = append(out, e)
		}
		return out, nil
	}
	return nil, notIterable(v)
}

// nexter is implemented by Go iterators (csv.reader, itertools.cycle, file
// objects) that next() advances; the modules package defines the same
// method set as modules.Nexter.
type nexter interface {
	NextValue(th *starlark.Thread) (v starlark.Value, ok bool, err error)
}

// maxCollect bounds how many items are drained from a lazy iterator, so
// list(itertools.count()) fails instead of exhausting memory.
const maxCollect = 10_000_000

func notIterable(v starlark.Value) error {
	return NewError(TypeError, fmt.Sprintf("'%s' object is not iterable", TypeName(v)))
}

// iterInstance iterates an instance through __iter__, or __getitem__ with
// 0, 1, 2... until IndexError.
func iterInstance(th *starlark.Thread, x *Instance) ([]starlark.Value, error) {
	if m, _ := x.class.Lookup("__iter__"); m != nil {
		it, err := x.callMethod(th, m)
		if err != nil {
			return nil, err
		}
		if inst, ok := it.(*Instance); ok {
			next, _ := inst.class.Lookup("__next__")
			if next == nil {
				return nil, NewError(TypeError, fmt.Sprintf("iter() returned non-iterator of type '%s'", inst.class.name))
			}
			var out []starlark.Value
			for {
				v, err := inst.callMethod(th, next)
				if err != nil {
					if exc, ok := FromError(err); ok && exc.Class().IsSubclass(StopIteration) {
						return out, nil
					}
					return nil, err
				}
				out = append(out, v)
			}
		}
		return ToSlice(th, it)
	}
	if m, _ := x.class.Lookup("__getitem__"); m != nil {
		var out []starlark.Value
		for i := 0; ; i++ {
			v, err := x.callMethod(th, m, starlark.MakeInt(i))
			if err != nil {
				if exc, ok := FromError(err); ok && (exc.Class().IsSubclass(IndexError) || exc.Class().IsSubclass(StopIteration)) {
					return out, nil
				}
				return nil, err
			}
			out = append(out, v)
		}
	}
	return nil, notIterable(x)
}

// Iterable returns a value a Starlark for loop can walk with Python's
// semantics: most values come back unchanged (no copy), strings become their
// characters, instances their __iter__ results. The lowering wraps the
// operand of for loops and comprehensions in __iter(x) when it cannot prove
// it already iterable.
func Iterable(th *starlark.Thread, v starlark.Value) (starlark.Value, error) {
	switch v.(type) {
	case *starlark.List, starlark.Tuple, *starlark.Dict, *starlark.Set,
		*SharedList, *SharedDict, *SharedSet, *Iterator:
		return v, nil
	case starlark.String, starlark.Bytes, *Instance:
		elems, err := ToSlice(th, v)
		if err != nil {
			return nil, err
		}
		return starlark.Tuple(elems), nil
	case starlark.Iterable:
		return v, nil
	}
	return nil, notIterable(v)
}

// Iterator is what iter(x) returns: a cursor over a snapshot of x that
// next() advances. Iterating it (for, list) consumes the rest.
type Iterator struct {
	elems []starlark.Value
	pos   int
}

var _ starlark.Iterable = (*Iterator)(nil)

// String is Python-like.
func (it *Iterator) String() string { return fmt.Sprintf("<iterator object at %#x>", identityHash(it)) }

// Type returns "iterator".
func (it *Iterator) Type() string { return "iterator" }

// Freeze does nothing: an iterator is owned by one user.
func (it *Iterator) Freeze() {}

// Truth is true.
func (it *Iterator) Truth() starlark.Bool { return true }

// Hash hashes by identity.
func (it *Iterator) Hash() (uint32, error) { return identityHash(it), nil }

// Iterate consumes the remaining elements.
func (it *Iterator) Iterate() starlark.Iterator {
	return &sliceIterator{elems: it.rest()}
}

func (it *Iterator) rest() []starlark.Value {
	r := it.elems[it.pos:]
	it.pos = len(it.elems)
	return r
}

// Next returns the next element, or false when exhausted.
func (it *Iterator) Next() (starlark.Value, bool) {
	if it.pos >= len(it.elems) {
		return nil, false
	}
	v := it.elems[it.pos]
	it.pos++
	return v, true
}

func builtinIter(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("iter", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	switch v.(type) {
	case *Iterator, nexter:
		return v, nil
	}
	if _, ok := v.(*Instance); !ok && nextAttr(v) != nil {
		return v, nil // a Go iterator with __next__: iter(it) is it
	}
	if inst, ok := v.(*Instance); ok {
		if m, _ := inst.class.Lookup("__iter__"); m != nil {
			r, err := inst.callMethod(th, m)
			if err != nil {
				return nil, err
			}
			if ri, ok := r.(*Instance); ok {
				if n, _ := ri.class.Lookup("__next__"); n != nil {
					return ri, nil
				}
			}
			v = r
		}
	}
	elems, err := ToSlice(th, v)
	if err != nil {
		return nil, err
	}
	return &Iterator{elems: elems}, nil
}

func builtinNext(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it, def starlark.Value
	if err := starlark.UnpackPositionalArgs("next", args, kwargs, 1, &it, &def); err != nil {
		return nil, err
	}
	switch x := it.(type) {
	case *Iterator:
		if v, ok := x.Next(); ok {
			return v, nil
		}
	case *Instance:
		m, _ := x.class.Lookup("__next__")
		if m == nil {
			return nil, NewError(TypeError, fmt.Sprintf("'%s' object is not an iterator", x.class.name))
		}
		v, err := x.callMethod(th, m)
		if err == nil {
			return v, nil
		}
		if exc, ok := FromError(err); !ok || !exc.Class().IsSubclass(StopIteration) || def == nil {
			return nil, err
		}
	case nexter:
		v, ok, err := x.NextValue(th)
		if err != nil {
			return nil, err
		}
		if ok {
			return v, nil
		}
	default:
		m := nextAttr(it)
		if m == nil {
			return nil, NewError(TypeError, fmt.Sprintf("'%s' object is not an iterator", TypeName(it)))
		}
		v, err := starlark.Call(th, m, nil, nil)
		if err == nil {
			return v, nil
		}
		if exc, ok := FromError(err); !ok || !exc.Class().IsSubclass(StopIteration) || def == nil {
			return nil, err
		}
	}
	if def != nil {
		return def, nil
	}
	return nil, NewErrorArgs(StopIteration)
}

// nextAttr returns the __next__ method of a Go value that has one (nil
// otherwise), so iter() and next() take iterators other packages implement
// as they are.
func nextAttr(v starlark.Value) starlark.Value {
	ha, ok := v.(starlark.HasAttrs)
	if !ok {
		return nil
	}
	m, err := ha.Attr("__next__")
	if err != nil || m == nil {
		return nil
	}
	return m
}
