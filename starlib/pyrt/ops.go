package pyrt

import (
	"fmt"
	"reflect"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// opTokens maps the operator text the lowering passes to augmented
// assignment helpers onto Starlark tokens (read-only).
var opTokens = map[string]syntax.Token{
	"+": syntax.PLUS, "-": syntax.MINUS, "*": syntax.STAR, "/": syntax.SLASH,
	"//": syntax.SLASHSLASH, "%": syntax.PERCENT, "&": syntax.AMP, "|": syntax.PIPE,
	"^": syntax.CIRCUMFLEX, "<<": syntax.LTLT, ">>": syntax.GTGT,
}

// BinaryOp applies a Python binary operator given as text ("+", "**", ...)
// with Python's semantics where Starlark differs (**, % on strings, bools).
func BinaryOp(th *starlark.Thread, op string, x, y starlark.Value) (starlark.Value, error) {
	switch op {
	case "**":
		return Pow(x, y)
	case "%":
		return Mod(th, x, y)
	case "@":
		return MatMul(th, x, y)
	}
	tok, ok := opTokens[op]
	if !ok {
		return nil, fmt.Errorf("unknown operator %q", op)
	}
	return binary(tok, x, y)
}

// inplace is x op= y on a value: lists extend in place (so aliases see the
// change, as in Python); everything else computes a new value.
func inplace(th *starlark.Thread, op string, x, y starlark.Value) (starlark.Value, error) {
	if op == "+" {
		switch l := x.(type) {
		case *starlark.List:
			vals, err := ToSlice(th, y)
			if err != nil {
				return nil, NewError(TypeError, fmt.Sprintf("'%s' object is not iterable", TypeName(y)))
			}
			for _, v := range vals {
				if err := l.Append(v); err != nil {
					return nil, frozenErr(err)
				}
			}
			return l, nil
		case *SharedList:
			vals, err := ToSlice(th, y)
			if err != nil {
				return nil, NewError(TypeError, fmt.Sprintf("'%s' object is not iterable", TypeName(y)))
			}
			l.Extend(vals)
			return l, nil
		}
	}
	return BinaryOp(th, op, x, y)
}

// AugItem implements obj[key] op= value, atomically when obj is shared
// (`seen["requests"] += 1` from many users loses no update).
func AugItem(th *starlark.Thread, obj, key starlark.Value, op string, value starlark.Value) error {
	f := func(old starlark.Value) (starlark.Value, error) { return inplace(th, op, old, value) }
	switch x := obj.(type) {
	case *SharedDict:
		return x.Update(key, f)
	case *SharedList:
		return x.Update(key, f)
	}
	old, err := GetItem(th, obj, key)
	if err != nil {
		return err
	}
	nv, err := f(old)
	if err != nil {
		return err
	}
	return SetItem(obj, key, nv)
}

// SetItem implements obj[key] = v.
func SetItem(obj, key, v starlark.Value) error {
	switch x := obj.(type) {
	case starlark.HasSetKey:
		return x.SetKey(key, v)
	case starlark.HasSetIndex:
		i, err := starlark.AsInt32(key)
		if err != nil {
			return NewError(TypeError, fmt.Sprintf("%s indices must be integers or slices, not %s", TypeName(obj), TypeName(key)))
		}
		n := x.Len()
		if i < 0 {
			i += n
		}
		if i < 0 || i >= n {
			return NewError(IndexError, TypeName(obj)+" assignment index out of range")
		}
		return x.SetIndex(i, v)
	}
	return NewError(TypeError, fmt.Sprintf("'%s' object does not support item assignment", TypeName(obj)))
}

// AugAttr implements obj.name op= value, atomically for instance fields and
// class attributes.
func AugAttr(th *starlark.Thread, obj starlark.Value, name, op string, value starlark.Value) error {
	f := func(old starlark.Value) (starlark.Value, error) { return inplace(th, op, old, value) }
	switch x := obj.(type) {
	case *Instance:
		if cv, _ := x.class.Lookup(name); cv != nil {
			if _, isProp := cv.(*Property); isProp {
				break
			}
		}
		ok, err := x.UpdateField(name, f)
		if ok || err != nil {
			return err
		}
	case *Class:
		return x.UpdateAttr(name, f)
	}
	old, err := GetAttr(th, obj, name)
	if err != nil {
		return err
	}
	nv, err := f(old)
	if err != nil {
		return err
	}
	return SetAttr(obj, name, nv)
}

// DelItem implements del obj[key].
func DelItem(th *starlark.Thread, obj, key starlark.Value) error {
	switch x := obj.(type) {
	case *starlark.Dict:
		_, found, err := x.Delete(key)
		if err != nil {
			return hashErr(key, frozenErr(err))
		}
		if !found {
			return NewErrorArgs(KeyError, key)
		}
		return nil
	case *SharedDict:
		_, found, err := x.Delete(key)
		if err != nil {
			return err
		}
		if !found {
			if x.globals {
				return NewError(NameError, fmt.Sprintf("name %s is not defined", QuoteString(Str(key))))
			}
			return NewErrorArgs(KeyError, key)
		}
		return nil
	case *Cells:
		name, _ := starlark.AsString(key)
		if !x.Delete(name) {
			return NewError(UnboundLocalError, fmt.Sprintf("cannot access local variable '%s' where it is not associated with a value", name))
		}
		return nil
	case *starlark.List:
		i, err := listIndexArg(x.Len(), key, "list assignment index out of range")
		if err != nil {
			return err
		}
		elems := listElems(x)
		_, rest, _ := popAt(elems, i)
		return replaceList(x, rest)
	case *SharedList:
		x.mu.Lock()
		defer x.mu.Unlock()
		i, err := listIndexArg(len(x.elems), key, "list assignment index out of range")
		if err != nil {
			return err
		}
		_, x.elems, _ = popAt(x.elems, i)
		return nil
	case *Instance:
		m, _ := x.class.Lookup("__delitem__")
		if m == nil {
			break
		}
		_, err := x.callMethod(th, m, key)
		return err
	case starlark.HasAttrs:
		// Go-implemented containers of the standard modules (Counter,
		// OrderedDict, deque) offer __delitem__ as a method.
		if m, err := x.Attr("__delitem__"); err == nil && m != nil {
			_, err := starlark.Call(th, m, starlark.Tuple{key}, nil)
			return err
		}
	}
	return NewError(TypeError, fmt.Sprintf("'%s' object does not support item deletion", TypeName(obj)))
}

func listIndexArg(n int, key starlark.Value, msg string) (int, error) {
	i, err := starlark.AsInt32(key)
	if err != nil {
		return 0, NewError(TypeError, fmt.Sprintf("list indices must be integers or slices, not %s", TypeName(key)))
	}
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return 0, NewError(IndexError, msg)
	}
	return i, nil
}

// DelSlice implements del obj[lo:hi:step] for lists.
func DelSlice(obj, lo, hi, step starlark.Value) error {
	var elems []starlark.Value
	switch x := obj.(type) {
	case *starlark.List:
		elems = listElems(x)
	case *SharedList:
		elems = x.Snapshot()
	default:
		return NewError(TypeError, fmt.Sprintf("'%s' object does not support item deletion", TypeName(obj)))
	}
	sel, err := sliceIndices(len(elems), lo, hi, step)
	if err != nil {
		return err
	}
	drop := make(map[int]bool, len(sel))
	for _, i := range sel {
		drop[i] = true
	}
	var rest []starlark.Value
	for i, e := range elems {
		if !drop[i] {
			rest = append(rest, e)
		}
	}
	switch x := obj.(type) {
	case *starlark.List:
		return replaceList(x, rest)
	case *SharedList:
		x.mu.Lock()
		x.elems = rest
		x.mu.Unlock()
	}
	return nil
}

// sliceIndices lists the indices a Python slice lo:hi:step selects in a
// sequence of length n.
func sliceIndices(n int, lo, hi, stepV starlark.Value) ([]int, error) {
	step := 1
	if stepV != starlark.None {
		s, err := starlark.AsInt32(stepV)
		if err != nil {
			return nil, NewError(TypeError, "slice indices must be integers or None")
		}
		if s == 0 {
			return nil, NewError(ValueError, "slice step cannot be zero")
		}
		step = s
	}
	bound := func(v starlark.Value, def int) (int, error) {
		if v == starlark.None {
			return def, nil
		}
		i, err := starlark.AsInt32(v)
		if err != nil {
			return 0, NewError(TypeError, "slice indices must be integers or None")
		}
		if i < 0 {
			i += n
		}
		return i, nil
	}
	var out []int
	if step > 0 {
		l, err := bound(lo, 0)
		if err != nil {
			return nil, err
		}
		h, err := bound(hi, n)
		if err != nil {
			return nil, err
		}
		for i := max(l, 0); i < min(h, n); i += step {
			out = append(out, i)
		}
		return out, nil
	}
	l, err := bound(lo, n-1)
	if err != nil {
		return nil, err
	}
	h, err := bound(hi, -1)
	if err != nil {
		return nil, err
	}
	if hi != starlark.None && h < 0 {
		h = -1
	}
	for i := min(l, n-1); i > h && i >= 0; i += step {
		out = append(out, i)
	}
	return out, nil
}

// Is implements Python's `is`: identity for objects, value identity for
// None, booleans, numbers and strings (which CPython interns in the cases
// scripts rely on).
func Is(a, b starlark.Value) bool {
	switch x := a.(type) {
	case starlark.NoneType, starlark.Bool:
		return a == b
	case starlark.Int:
		y, ok := b.(starlark.Int)
		if !ok {
			return false
		}
		c, _ := x.Cmp(y, 1)
		return c == 0
	case starlark.Float:
		y, ok := b.(starlark.Float)
		return ok && x == y
	case starlark.String:
		y, ok := b.(starlark.String)
		return ok && x == y
	case starlark.Bytes:
		y, ok := b.(starlark.Bytes)
		return ok && x == y
	case starlark.Tuple:
		y, ok := b.(starlark.Tuple)
		if !ok || len(x) != len(y) {
			return false
		}
		return len(x) == 0 || &x[0] == &y[0]
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || !ta.Comparable() {
		return false
	}
	return a == b
}

// Unpack implements starred assignment `a, *b, c = x`: it returns a tuple
// of before + 1 + after values, the middle one a list.
func Unpack(th *starlark.Thread, x starlark.Value, before, after int) (starlark.Value, error) {
	elems, err := ToSlice(th, x)
	if err != nil {
		return nil, NewError(TypeError, fmt.Sprintf("cannot unpack non-iterable %s object", TypeName(x)))
	}
	if len(elems) < before+after {
		return nil, NewError(ValueError, fmt.Sprintf("not enough values to unpack (expected at least %d, got %d)", before+after, len(elems)))
	}
	out := make(starlark.Tuple, 0, before+after+1)
	out = append(out, elems[:before]...)
	out = append(out, starlark.NewList(append([]starlark.Value(nil), elems[before:len(elems)-after]...)))
	out = append(out, elems[len(elems)-after:]...)
	return out, nil
}

// Has lets `x in obj` use __contains__, then iteration, as Python does.
func (i *Instance) Has(y starlark.Value) (bool, error) {
	th := i.thread()
	if m, _ := i.class.Lookup("__contains__"); m != nil {
		r, err := i.callMethod(th, m, y)
		if err != nil {
			return false, err
		}
		return bool(r.Truth()), nil
	}
	elems, err := iterInstance(th, i)
	if err != nil {
		return false, NewError(TypeError, fmt.Sprintf("argument of type '%s' is not iterable", i.class.name))
	}
	for _, e := range elems {
		if eq, err := Equal(e, y); err != nil || eq {
			return eq, err
		}
	}
	return false, nil
}

// Equal is Python's == : like starlark.Equal, but a shared container
// equals the plain container with the same contents (a module-level
// EXPECTED dict compared with response.json()).
func Equal(x, y starlark.Value) (bool, error) {
	eq, err := starlark.Equal(x, y)
	if err != nil || eq || !isContainer(x) || !isContainer(y) {
		return eq, err
	}
	px, py := Plain(x), Plain(y)
	if identical(px, x) && identical(py, y) {
		return false, nil
	}
	return starlark.Equal(px, py)
}

func isContainer(v starlark.Value) bool {
	switch v.(type) {
	case *starlark.List, *starlark.Dict, *starlark.Set, starlark.Tuple, *SharedList, *SharedDict, *SharedSet:
		return true
	}
	return false
}

// MatMul implements a @ b: Python's numeric types have no @, so only
// instances with __matmul__ (or the right operand's __rmatmul__) take it;
// anything else is the TypeError CPython raises when the line runs.
func MatMul(th *starlark.Thread, x, y starlark.Value) (starlark.Value, error) {
	if xi, ok := x.(*Instance); ok {
		if m, _ := xi.class.Lookup("__matmul__"); m != nil {
			r, err := xi.callMethod(th, m, y)
			if err != nil || r != NotImplemented {
				return r, err
			}
		}
	}
	if yi, ok := y.(*Instance); ok {
		if m, _ := yi.class.Lookup("__rmatmul__"); m != nil {
			r, err := yi.callMethod(th, m, x)
			if err != nil || r != NotImplemented {
				return r, err
			}
		}
	}
	return nil, NewError(TypeError, fmt.Sprintf("unsupported operand type(s) for @: '%s' and '%s'", TypeName(x), TypeName(y)))
}
