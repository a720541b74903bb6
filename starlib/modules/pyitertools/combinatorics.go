package pyitertools

import (
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// maxResults bounds the combinatoric functions, which build lists.
const maxResults = 10_000_000

func tooMany() error {
	return pyrt.NewError(pyrt.OverflowError, "itertools result too large for gust (it builds a list; more than 10 million items)")
}

func product(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	rep := 1
	for _, kv := range kw {
		if string(kv[0].(starlark.String)) != "repeat" {
			return nil, pyrt.NewError(pyrt.TypeError, "product() got an unexpected keyword argument")
		}
		n, err := modules.Int(kv[1], "product")
		if err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, pyrt.NewError(pyrt.ValueError, "repeat argument cannot be negative")
		}
		rep = int(n)
	}
	var pools [][]starlark.Value
	for _, a := range args {
		items, err := modules.Elements(th, a)
		if err != nil {
			return nil, err
		}
		pools = append(pools, items)
	}
	var all [][]starlark.Value
	for i := 0; i < rep; i++ {
		all = append(all, pools...)
	}
	result := [][]starlark.Value{{}}
	for _, pool := range all {
		if len(result)*len(pool) > maxResults {
			return nil, tooMany()
		}
		var next [][]starlark.Value
		for _, r := range result {
			for _, x := range pool {
				next = append(next, append(append([]starlark.Value(nil), r...), x))
			}
		}
		result = next
	}
	out := make([]starlark.Value, len(result))
	for i, r := range result {
		out[i] = starlark.Tuple(r)
	}
	return starlark.NewList(out), nil
}

func rArg(name string, th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple, required bool) ([]starlark.Value, int, error) {
	var it, rv starlark.Value = nil, starlark.None
	spec := "r?"
	if required {
		spec = "r"
	}
	if err := starlark.UnpackArgs(name, args, kw, "iterable", &it, spec, &rv); err != nil {
		return nil, 0, err
	}
	pool, err := modules.Elements(th, it)
	if err != nil {
		return nil, 0, err
	}
	r := len(pool)
	if rv != starlark.None {
		n, err := modules.Int(rv, name)
		if err != nil {
			return nil, 0, err
		}
		if n < 0 {
			return nil, 0, pyrt.NewError(pyrt.ValueError, "r must be non-negative")
		}
		r = int(n)
	}
	return pool, r, nil
}

func emit(pool []starlark.Value, idx []int) starlark.Tuple {
	t := make(starlark.Tuple, len(idx))
	for i, j := range idx {
		t[i] = pool[j]
	}
	return t
}

func permutations(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	pool, r, err := rArg("permutations", th, args, kw, false)
	if err != nil {
		return nil, err
	}
	n := len(pool)
	var out []starlark.Value
	if r > n {
		return starlark.NewList(nil), nil
	}
	used := make([]bool, n)
	idx := make([]int, 0, r)
	var rec func() error
	rec = func() error {
		if len(idx) == r {
			if len(out) >= maxResults {
				return tooMany()
			}
			out = append(out, emit(pool, idx))
			return nil
		}
		for i := 0; i < n; i++ {
			if !used[i] {
				used[i] = true
				idx = append(idx, i)
				if err := rec(); err != nil {
					return err
				}
				idx = idx[:len(idx)-1]
				used[i] = false
			}
		}
		return nil
	}
	if err := rec(); err != nil {
		return nil, err
	}
	return starlark.NewList(out), nil
}

func combos(name string, repl bool) func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		pool, r, err := rArg(name, th, args, kw, true)
		if err != nil {
			return nil, err
		}
		n := len(pool)
		var out []starlark.Value
		idx := make([]int, 0, r)
		var rec func(start int) error
		rec = func(start int) error {
			if len(idx) == r {
				if len(out) >= maxResults {
					return tooMany()
				}
				out = append(out, emit(pool, idx))
				return nil
			}
			for i := start; i < n; i++ {
				idx = append(idx, i)
				next := i + 1
				if repl {
					next = i
				}
				if err := rec(next); err != nil {
					return err
				}
				idx = idx[:len(idx)-1]
			}
			return nil
		}
		if r <= n || repl && n > 0 || r == 0 {
			if err := rec(0); err != nil {
				return nil, err
			}
		}
		return starlark.NewList(out), nil
	}
}

func zipLongest(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var fill starlark.Value = starlark.None
	for _, kv := range kw {
		if string(kv[0].(starlark.String)) != "fillvalue" {
			return nil, pyrt.NewError(pyrt.TypeError, "zip_longest() got an unexpected keyword argument")
		}
		fill = kv[1]
	}
	var cols [][]starlark.Value
	longest := 0
	for _, a := range args {
		items, err := modules.Elements(th, a)
		if err != nil {
			return nil, err
		}
		cols = append(cols, items)
		longest = max(longest, len(items))
	}
	out := make([]starlark.Value, longest)
	for i := range out {
		t := make(starlark.Tuple, len(cols))
		for j, c := range cols {
			if i < len(c) {
				t[j] = c[i]
			} else {
				t[j] = fill
			}
		}
		out[i] = t
	}
	return starlark.NewList(out), nil
}

func groupby(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var it, key starlark.Value = nil, starlark.None
	if err := starlark.UnpackArgs("groupby", args, kw, "iterable", &it, "key?", &key); err != nil {
		return nil, err
	}
	items, err := modules.Elements(th, it)
	if err != nil {
		return nil, err
	}
	var out []starlark.Value
	var curKey starlark.Value
	var group []starlark.Value
	flush := func() {
		if group != nil {
			out = append(out, starlark.Tuple{curKey, starlark.NewList(group)})
		}
	}
	for _, v := range items {
		k := v
		if key != starlark.None {
			if k, err = starlark.Call(th, key, starlark.Tuple{v}, nil); err != nil {
				return nil, err
			}
		}
		if group != nil {
			if eq, err := starlark.Equal(k, curKey); err != nil {
				return nil, err
			} else if eq {
				group = append(group, v)
				continue
			}
		}
		flush()
		curKey, group = k, []starlark.Value{v}
	}
	flush()
	return starlark.NewList(out), nil
}

func tee(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var it starlark.Value
	n := 2
	if err := starlark.UnpackPositionalArgs("tee", args, kw, 1, &it, &n); err != nil {
		return nil, err
	}
	if n < 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "n must be >= 0")
	}
	items, err := modules.Elements(th, it)
	if err != nil {
		return nil, err
	}
	out := make(starlark.Tuple, n)
	for i := range out {
		j := 0
		out[i] = modules.NewIter("itertools._tee", func(*starlark.Thread) (starlark.Value, bool, error) {
			if j >= len(items) {
				return nil, false, nil
			}
			j++
			return items[j-1], true, nil
		})
	}
	return out, nil
}

// Module builds the itertools module.
func Module(*modules.Env) (starlark.Value, error) {
	return modules.NewModule("itertools", starlark.StringDict{
		"cycle":                         starlark.NewBuiltin("cycle", cycle),
		"count":                         starlark.NewBuiltin("count", count),
		"repeat":                        starlark.NewBuiltin("repeat", repeat),
		"chain":                         chainType{},
		"islice":                        starlark.NewBuiltin("islice", islice),
		"product":                       starlark.NewBuiltin("product", product),
		"permutations":                  starlark.NewBuiltin("permutations", permutations),
		"combinations":                  starlark.NewBuiltin("combinations", combos("combinations", false)),
		"combinations_with_replacement": starlark.NewBuiltin("combinations_with_replacement", combos("combinations_with_replacement", true)),
		"zip_longest":                   starlark.NewBuiltin("zip_longest", zipLongest),
		"groupby":                       starlark.NewBuiltin("groupby", groupby),
		"accumulate":                    starlark.NewBuiltin("accumulate", accumulate),
		"takewhile":                     starlark.NewBuiltin("takewhile", predFn("takewhile")),
		"dropwhile":                     starlark.NewBuiltin("dropwhile", predFn("dropwhile")),
		"filterfalse":                   starlark.NewBuiltin("filterfalse", predFn("filterfalse")),
		"starmap":                       starlark.NewBuiltin("starmap", starmap),
		"compress":                      starlark.NewBuiltin("compress", compress),
		"pairwise":                      starlark.NewBuiltin("pairwise", pairwise),
		"tee":                           starlark.NewBuiltin("tee", tee),
	}), nil
}
