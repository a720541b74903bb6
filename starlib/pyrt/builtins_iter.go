package pyrt

import (
	"fmt"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// This file holds the builtins that consume iterables. Python's lazy
// iterators (map, filter, zip, enumerate, reversed) return lists here: every
// locustfile use of them is consumed at once.

func builtinSum(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value
	var start starlark.Value = starlark.MakeInt(0)
	if err := starlark.UnpackArgs("sum", args, kwargs, "iterable", &it, "start?", &start); err != nil {
		return nil, err
	}
	if _, ok := start.(starlark.String); ok {
		return nil, NewError(TypeError, "sum() can't sum strings [use ''.join(seq) instead]")
	}
	elems, err := ToSlice(th, it)
	if err != nil {
		return nil, err
	}
	acc := numeric(start)
	for _, e := range elems {
		acc, err = binary(syntax.PLUS, acc, numeric(e))
		if err != nil {
			return nil, NewError(TypeError, fmt.Sprintf("unsupported operand type(s) for +: '%s' and '%s'", TypeName(acc), TypeName(e)))
		}
	}
	return acc, nil
}

func builtinMinMax(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var key, def starlark.Value
	for _, kv := range kwargs {
		switch string(kv[0].(starlark.String)) {
		case "key":
			key = kv[1]
		case "default":
			def = kv[1]
		default:
			return nil, NewError(TypeError, fmt.Sprintf("'%s' is an invalid keyword argument for %s()", kv[0].(starlark.String), b.Name()))
		}
	}
	var elems []starlark.Value
	switch len(args) {
	case 0:
		return nil, NewError(TypeError, fmt.Sprintf("%s expected at least 1 argument, got 0", b.Name()))
	case 1:
		var err error
		if elems, err = ToSlice(th, args[0]); err != nil {
			return nil, err
		}
	default:
		if def != nil {
			return nil, NewError(TypeError, fmt.Sprintf("Cannot specify a default for %s() with multiple positional arguments", b.Name()))
		}
		elems = args
	}
	if len(elems) == 0 {
		if def != nil {
			return def, nil
		}
		return nil, NewError(ValueError, fmt.Sprintf("%s() arg is an empty sequence", b.Name()))
	}
	keyOf := func(v starlark.Value) (starlark.Value, error) {
		if key == nil || key == starlark.None {
			return v, nil
		}
		return starlark.Call(th, key, starlark.Tuple{v}, nil)
	}
	best := elems[0]
	bestKey, err := keyOf(best)
	if err != nil {
		return nil, err
	}
	for _, e := range elems[1:] {
		k, err := keyOf(e)
		if err != nil {
			return nil, err
		}
		var better bool
		if b.Name() == "min" {
			better, err = Less(k, bestKey)
		} else {
			better, err = Less(bestKey, k)
		}
		if err != nil {
			return nil, err
		}
		if better {
			best, bestKey = e, k
		}
	}
	return best, nil
}

func builtinSorted(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, NewError(TypeError, fmt.Sprintf("sorted expected 1 argument, got %d", len(args)))
	}
	elems, err := ToSlice(th, args[0])
	if err != nil {
		return nil, err
	}
	if err := sortValues(th, "sort", elems, nil, kwargs); err != nil {
		return nil, err
	}
	return starlark.NewList(elems), nil
}

func builtinReversed(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("reversed", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	switch v.(type) {
	case *starlark.Dict, *SharedDict, *starlark.Set, *SharedSet:
		return nil, NewError(TypeError, fmt.Sprintf("'%s' object is not reversible", TypeName(v)))
	}
	elems, err := ToSlice(th, v)
	if err != nil {
		return nil, err
	}
	reverseValues(elems)
	return starlark.NewList(elems), nil
}

func builtinEnumerate(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value
	start := 0
	if err := starlark.UnpackArgs("enumerate", args, kwargs, "iterable", &it, "start?", &start); err != nil {
		return nil, err
	}
	elems, err := ToSlice(th, it)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, len(elems))
	for i, e := range elems {
		out[i] = starlark.Tuple{starlark.MakeInt(start + i), e}
	}
	return starlark.NewList(out), nil
}

func builtinZip(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	strict := false
	for _, kv := range kwargs {
		if kv[0].(starlark.String) != "strict" {
			return nil, NewError(TypeError, fmt.Sprintf("zip() got an unexpected keyword argument '%s'", kv[0].(starlark.String)))
		}
		strict = bool(kv[1].Truth())
	}
	if len(args) == 0 {
		return starlark.NewList(nil), nil
	}
	// Lazy iterators (itertools.count/cycle/repeat, csv readers) are
	// advanced in step with the others, as Python does, so zip(names,
	// itertools.repeat(x)) stops with the shortest argument instead of
	// draining an endless one.
	cols := make([]zipSource, len(args))
	for i, a := range args {
		if n, ok := a.(nexter); ok {
			cols[i].lazy = n
			continue
		}
		elems, err := ToSlice(th, a)
		if err != nil {
			return nil, NewError(TypeError, fmt.Sprintf("zip argument #%d must support iteration", i+1))
		}
		cols[i].elems = elems
	}
	var out []starlark.Value
	for r := 0; ; r++ {
		if r >= maxCollect {
			return nil, NewError(OverflowError, "zip() of endless iterators yields too many items")
		}
		t := make(starlark.Tuple, len(cols))
		for c := range cols {
			v, ok, err := cols[c].next(th, r)
			if err != nil {
				return nil, err
			}
			if !ok {
				if strict {
					if err := zipStrictError(th, cols, c, r); err != nil {
						return nil, err
					}
				}
				return starlark.NewList(out), nil
			}
			t[c] = v
		}
		out = append(out, t)
	}
}

// zipSource is one argument of zip: a collected sequence or a lazy iterator.
type zipSource struct {
	elems []starlark.Value
	lazy  nexter
}

func (z *zipSource) next(th *starlark.Thread, r int) (starlark.Value, bool, error) {
	if z.lazy != nil {
		return z.lazy.NextValue(th)
	}
	if r < len(z.elems) {
		return z.elems[r], true, nil
	}
	return nil, false, nil
}

// zipStrictError is Python's message for zip(strict=True) when argument c
// ran out at row r: shorter than argument 1, or (when the first ran out)
// the first later argument that still has items is longer.
func zipStrictError(th *starlark.Thread, cols []zipSource, c, r int) error {
	if c > 0 {
		return NewError(ValueError, fmt.Sprintf("zip() argument %d is shorter than argument%s", c+1, zipPrior(c)))
	}
	for k := 1; k < len(cols); k++ {
		if _, ok, err := cols[k].next(th, r); err != nil {
			return err
		} else if ok {
			return NewError(ValueError, fmt.Sprintf("zip() argument %d is longer than argument%s", k+1, zipPrior(k)))
		}
	}
	return nil
}

func zipPrior(c int) string {
	if c == 1 {
		return " 1"
	}
	return fmt.Sprintf("s 1-%d", c)
}

func builtinMap(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 2 || len(kwargs) > 0 {
		return nil, NewError(TypeError, "map() must have at least two arguments.")
	}
	fn := args[0]
	cols := make([][]starlark.Value, len(args)-1)
	n := -1
	for i, a := range args[1:] {
		elems, err := ToSlice(th, a)
		if err != nil {
			return nil, err
		}
		cols[i] = elems
		if n < 0 || len(elems) < n {
			n = len(elems)
		}
	}
	out := make([]starlark.Value, n)
	for r := 0; r < n; r++ {
		callArgs := make(starlark.Tuple, len(cols))
		for c := range cols {
			callArgs[c] = cols[c][r]
		}
		v, err := starlark.Call(th, fn, callArgs, nil)
		if err != nil {
			return nil, err
		}
		out[r] = v
	}
	return starlark.NewList(out), nil
}

func builtinFilter(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn, it starlark.Value
	if err := starlark.UnpackPositionalArgs("filter", args, kwargs, 2, &fn, &it); err != nil {
		return nil, err
	}
	elems, err := ToSlice(th, it)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	for _, e := range elems {
		keep := e.Truth()
		if fn != starlark.None {
			v, err := starlark.Call(th, fn, starlark.Tuple{e}, nil)
			if err != nil {
				return nil, err
			}
			keep = v.Truth()
		}
		if keep {
			out = append(out, e)
		}
	}
	return starlark.NewList(out), nil
}

func builtinAnyAll(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &it); err != nil {
		return nil, err
	}
	elems, err := ToSlice(th, it)
	if err != nil {
		return nil, err
	}
	want := b.Name() == "any"
	for _, e := range elems {
		if bool(e.Truth()) == want {
			return starlark.Bool(want), nil
		}
	}
	return starlark.Bool(!want), nil
}
