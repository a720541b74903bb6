package pyitertools

import (
	"fmt"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func islice(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	if len(kw) > 0 {
		return nil, pyrt.NewError(pyrt.TypeError, "islice() takes no keyword arguments")
	}
	if len(args) < 2 || len(args) > 4 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("islice expected at most 4 arguments, got %d", len(args)))
	}
	idx := func(v starlark.Value, def int64) (int64, error) {
		if v == starlark.None {
			return def, nil
		}
		n, err := modules.Int(v, "islice")
		if err != nil || n < 0 {
			return 0, pyrt.NewError(pyrt.ValueError, "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
		}
		return n, nil
	}
	var start, stop, step int64 = 0, -1, 1
	var err error
	if len(args) == 2 {
		if stop, err = idx(args[1], -1); err != nil {
			return nil, err
		}
	} else {
		if start, err = idx(args[1], 0); err != nil {
			return nil, err
		}
		if stop, err = idx(args[2], -1); err != nil {
			return nil, err
		}
		if len(args) == 4 {
			if step, err = idx(args[3], 1); err != nil {
				return nil, err
			}
			if step == 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "Step for islice() must be a positive integer or None.")
			}
		}
	}
	src, lazy, err := sourceOf(th, args[0])
	if err != nil {
		return nil, err
	}
	pos, next := int64(0), start
	return result(th, "islice", lazy && stop < 0, func(th *starlark.Thread) (starlark.Value, bool, error) {
		for {
			if stop >= 0 && next >= stop {
				return nil, false, nil
			}
			v, ok, err := src(th)
			if err != nil || !ok {
				return nil, false, err
			}
			pos++
			if pos-1 == next {
				next += step
				return v, true, nil
			}
		}
	})
}

func predCall(th *starlark.Thread, pred, v starlark.Value) (bool, error) {
	if pred == starlark.None {
		return bool(v.Truth()), nil
	}
	r, err := starlark.Call(th, pred, starlark.Tuple{v}, nil)
	if err != nil {
		return false, err
	}
	return bool(r.Truth()), nil
}

func predFn(name string) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var pred, it starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kw, 2, &pred, &it); err != nil {
			return nil, err
		}
		src, lazy, err := sourceOf(th, it)
		if err != nil {
			return nil, err
		}
		done, dropping := false, true
		return result(th, name, lazy, func(th *starlark.Thread) (starlark.Value, bool, error) {
			for !done {
				v, ok, err := src(th)
				if err != nil || !ok {
					return nil, false, err
				}
				t, err := predCall(th, pred, v)
				if err != nil {
					return nil, false, err
				}
				switch name {
				case "takewhile":
					if !t {
						done = true
						return nil, false, nil
					}
					return v, true, nil
				case "dropwhile":
					if dropping && t {
						continue
					}
					dropping = false
					return v, true, nil
				case "filterfalse":
					if !t {
						return v, true, nil
					}
				}
			}
			return nil, false, nil
		})
	}
}

func accumulate(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var it, fn, initial starlark.Value = nil, starlark.None, starlark.None
	if err := starlark.UnpackArgs("accumulate", args, kw, "iterable", &it, "func?", &fn, "initial?", &initial); err != nil {
		return nil, err
	}
	src, lazy, err := sourceOf(th, it)
	if err != nil {
		return nil, err
	}
	var acc starlark.Value
	if initial != starlark.None {
		acc = initial
	}
	first := true
	return result(th, "accumulate", lazy, func(th *starlark.Thread) (starlark.Value, bool, error) {
		if first && acc != nil {
			first = false
			return acc, true, nil
		}
		first = false
		v, ok, err := src(th)
		if err != nil || !ok {
			return nil, false, err
		}
		switch {
		case acc == nil:
			acc = v
		case fn == starlark.None:
			if acc, err = starlark.Binary(syntax.PLUS, acc, v); err != nil {
				return nil, false, err
			}
		default:
			if acc, err = starlark.Call(th, fn, starlark.Tuple{acc, v}, nil); err != nil {
				return nil, false, err
			}
		}
		return acc, true, nil
	})
}

func starmap(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var fn, it starlark.Value
	if err := starlark.UnpackPositionalArgs("starmap", args, kw, 2, &fn, &it); err != nil {
		return nil, err
	}
	src, lazy, err := sourceOf(th, it)
	if err != nil {
		return nil, err
	}
	return result(th, "starmap", lazy, func(th *starlark.Thread) (starlark.Value, bool, error) {
		v, ok, err := src(th)
		if err != nil || !ok {
			return nil, false, err
		}
		a, err := modules.Elements(th, v)
		if err != nil {
			return nil, false, err
		}
		r, err := starlark.Call(th, fn, starlark.Tuple(a), nil)
		return r, err == nil, err
	})
}

func compress(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var data, sel starlark.Value
	if err := starlark.UnpackArgs("compress", args, kw, "data", &data, "selectors", &sel); err != nil {
		return nil, err
	}
	d, lazyD, err := sourceOf(th, data)
	if err != nil {
		return nil, err
	}
	s, lazyS, err := sourceOf(th, sel)
	if err != nil {
		return nil, err
	}
	return result(th, "compress", lazyD && lazyS, func(th *starlark.Thread) (starlark.Value, bool, error) {
		for {
			v, ok, err := d(th)
			if err != nil || !ok {
				return nil, false, err
			}
			t, ok, err := s(th)
			if err != nil || !ok {
				return nil, false, err
			}
			if t.Truth() {
				return v, true, nil
			}
		}
	})
}

func pairwise(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value
	if err := starlark.UnpackPositionalArgs("pairwise", args, kw, 1, &it); err != nil {
		return nil, err
	}
	src, lazy, err := sourceOf(th, it)
	if err != nil {
		return nil, err
	}
	var prev starlark.Value
	return result(th, "pairwise", lazy, func(th *starlark.Thread) (starlark.Value, bool, error) {
		if prev == nil {
			v, ok, err := src(th)
			if err != nil || !ok {
				return nil, false, err
			}
			prev = v
		}
		v, ok, err := src(th)
		if err != nil || !ok {
			return nil, false, err
		}
		pair := starlark.Tuple{prev, v}
		prev = v
		return pair, true, nil
	})
}
