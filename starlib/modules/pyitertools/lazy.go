// Package pyitertools is Python's itertools module. cycle, count and
// repeat(x) are lazy iterators usable with next() and for loops (they lock
// themselves, so a module-level cycle can feed every user); the functions
// that transform one input (chain, islice, accumulate, takewhile,
// dropwhile, filterfalse, starmap, compress, pairwise) stay lazy when that
// input is lazy; everything else returns a list.
//
// Script-level API:
//
//	itertools.cycle(it), count(start=0, step=1), repeat(obj, times=None),
//	chain(*its), chain.from_iterable(its), islice(it, stop) / islice(it, start, stop, step=1),
//	product(*its, repeat=1), permutations(it, r=None), combinations(it, r),
//	combinations_with_replacement(it, r), zip_longest(*its, fillvalue=None),
//	groupby(it, key=None) → [(key, [items])], accumulate(it, func=None, *, initial=None),
//	takewhile(pred, it), dropwhile(pred, it), filterfalse(pred, it), compress(data, selectors),
//	starmap(func, it), pairwise(it), tee(it, n=2)
package pyitertools

import (
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// source yields the items of an input one at a time, on the caller's
// thread.
type source func(th *starlark.Thread) (starlark.Value, bool, error)

// sourceOf reads v lazily when it is a Go iterator and eagerly otherwise.
func sourceOf(th *starlark.Thread, v starlark.Value) (source, bool, error) {
	if n, ok := v.(modules.Nexter); ok {
		return n.NextValue, true, nil
	}
	items, err := modules.Elements(th, v)
	if err != nil {
		return nil, false, err
	}
	i := 0
	return func(*starlark.Thread) (starlark.Value, bool, error) {
		if i >= len(items) {
			return nil, false, nil
		}
		i++
		return items[i-1], true, nil
	}, false, nil
}

// result returns a lazy iterator over next when the input was lazy, or
// drains it into a list.
func result(th *starlark.Thread, name string, lazy bool, next source) (starlark.Value, error) {
	if lazy {
		return modules.NewIter("itertools."+name, next), nil
	}
	var out []starlark.Value
	for {
		v, ok, err := next(th)
		if err != nil {
			return nil, err
		}
		if !ok {
			return starlark.NewList(out), nil
		}
		out = append(out, v)
	}
}

func cycle(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value
	if err := starlark.UnpackPositionalArgs("cycle", args, kw, 1, &it); err != nil {
		return nil, err
	}
	src, _, err := sourceOf(th, it)
	if err != nil {
		return nil, err
	}
	var saved []starlark.Value
	exhausted := false
	i := 0
	return modules.NewIter("itertools.cycle", func(th *starlark.Thread) (starlark.Value, bool, error) {
		if !exhausted {
			v, ok, err := src(th)
			if err != nil {
				return nil, false, err
			}
			if ok {
				saved = append(saved, pyrt.Share(v))
				return v, true, nil
			}
			exhausted = true
		}
		if len(saved) == 0 {
			return nil, false, nil
		}
		v := saved[i%len(saved)]
		i++
		return v, true, nil
	}), nil
}

func count(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var start, step starlark.Value = starlark.MakeInt(0), starlark.MakeInt(1)
	if err := starlark.UnpackArgs("count", args, kw, "start?", &start, "step?", &step); err != nil {
		return nil, err
	}
	for _, v := range []starlark.Value{start, step} {
		if _, err := modules.Float(v, "count"); err != nil {
			return nil, pyrt.NewError(pyrt.TypeError, "a number is required")
		}
	}
	cur := start
	return modules.NewIter("itertools.count", func(*starlark.Thread) (starlark.Value, bool, error) {
		v := cur
		next, err := starlark.Binary(syntax.PLUS, cur, step)
		if err != nil {
			return nil, false, err
		}
		cur = next
		return v, true, nil
	}), nil
}

func repeat(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var obj, times starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs("repeat", args, kw, "object", &obj, "times?", &times); err != nil {
		return nil, err
	}
	if times == starlark.None {
		return modules.NewIter("itertools.repeat", func(*starlark.Thread) (starlark.Value, bool, error) {
			return obj, true, nil
		}), nil
	}
	n, err := modules.Int(times, "repeat")
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, max(0, n))
	for i := range out {
		out[i] = obj
	}
	return starlark.NewList(out), nil
}

// chainType is itertools.chain: callable, with a from_iterable attribute.
type chainType struct{}

func (chainType) String() string        { return "<class 'itertools.chain'>" }
func (chainType) Type() string          { return "type" }
func (chainType) Freeze()               {}
func (chainType) Truth() starlark.Bool  { return true }
func (chainType) Hash() (uint32, error) { return 0x636861, nil }
func (chainType) Name() string          { return "chain" }
func (chainType) AttrNames() []string   { return []string{"from_iterable"} }
func (c chainType) Attr(name string) (starlark.Value, error) {
	if name != "from_iterable" {
		return nil, nil
	}
	return starlark.NewBuiltin("from_iterable", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var its starlark.Value
		if err := starlark.UnpackPositionalArgs("from_iterable", args, kw, 1, &its); err != nil {
			return nil, err
		}
		outer, lazy, err := sourceOf(th, its)
		if err != nil {
			return nil, err
		}
		return chainOf(th, outer, lazy)
	}), nil
}

func (c chainType) CallInternal(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	if len(kw) > 0 {
		return nil, pyrt.NewError(pyrt.TypeError, "chain() takes no keyword arguments")
	}
	lazy := false
	for _, a := range args {
		if _, ok := a.(modules.Nexter); ok {
			lazy = true
		}
	}
	i := 0
	outer := func(*starlark.Thread) (starlark.Value, bool, error) {
		if i >= len(args) {
			return nil, false, nil
		}
		i++
		return args[i-1], true, nil
	}
	return chainOf(th, outer, lazy)
}

func chainOf(th *starlark.Thread, outer source, lazy bool) (starlark.Value, error) {
	var cur source
	return result(th, "chain", lazy, func(th *starlark.Thread) (starlark.Value, bool, error) {
		for {
			if cur != nil {
				v, ok, err := cur(th)
				if err != nil || ok {
					return v, ok, err
				}
			}
			it, ok, err := outer(th)
			if err != nil || !ok {
				return nil, false, err
			}
			if cur, _, err = sourceOf(th, it); err != nil {
				return nil, false, err
			}
		}
	})
}
