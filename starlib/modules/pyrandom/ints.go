package pyrandom

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"sort"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// below returns a uniform int in [0, n) for n > 0 of any size.
func below(r *rand.Rand, n *big.Int) *big.Int {
	if n.IsUint64() {
		return new(big.Int).SetUint64(r.Uint64N(n.Uint64()))
	}
	// Rejection sampling over n's bit length.
	bits := n.BitLen()
	for {
		v := new(big.Int)
		for done := 0; done < bits; done += 64 {
			v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(r.Uint64()))
		}
		v.Rsh(v, uint(((bits+63)/64)*64-bits))
		if v.Cmp(n) < 0 {
			return v
		}
	}
}

// intArg accepts ints and integral floats (deprecated in Python 3.10 but
// still accepted by 3.11).
func intArg(v starlark.Value, pos int) (*big.Int, error) {
	switch x := v.(type) {
	case starlark.Int:
		return x.BigInt(), nil
	case starlark.Bool:
		if x {
			return big.NewInt(1), nil
		}
		return big.NewInt(0), nil
	case starlark.Float:
		f := float64(x)
		if f == math.Trunc(f) && !math.IsInf(f, 0) {
			b, _ := big.NewFloat(f).Int(nil)
			return b, nil
		}
		return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("non-integer arg %d for randrange()", pos))
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object cannot be interpreted as an integer", modules.TypeName(v)))
}

// small returns v as an int64 when it is an int within ±2^62, the range
// where randrange's arithmetic cannot overflow.
func small(v starlark.Value) (int64, bool) {
	i, ok := v.(starlark.Int)
	if !ok {
		return 0, false
	}
	n, ok := i.Int64()
	return n, ok && n > -(1<<62) && n < 1<<62
}

func randrange(r *rand.Rand, start, stop, step starlark.Value) (starlark.Value, error) {
	if a, ok := small(start); ok {
		if b, ok := small(stop); ok {
			if s, ok := small(step); ok && s == 1 && b > a {
				return starlark.MakeInt64(a + r.Int64N(b-a)), nil
			}
		}
	}
	a, err := intArg(start, 1)
	if err != nil {
		return nil, err
	}
	if stop == starlark.None {
		if a.Sign() <= 0 {
			return nil, pyrt.NewError(pyrt.ValueError, "empty range for randrange()")
		}
		return starlark.MakeBigInt(below(r, a)), nil
	}
	b, err := intArg(stop, 2)
	if err != nil {
		return nil, err
	}
	s, err := intArg(step, 3)
	if err != nil {
		return nil, err
	}
	width := new(big.Int).Sub(b, a)
	if s.Sign() == 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "zero step for randrange()")
	}
	// n = ceil(width / step) for the step's sign.
	n := new(big.Int)
	if s.Sign() > 0 {
		n.Add(width, s).Sub(n, big.NewInt(1)).Div(n, s)
	} else {
		n.Add(width, s).Add(n, big.NewInt(1)).Div(n, s)
	}
	if n.Sign() <= 0 {
		return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("empty range for randrange() (%s, %s, %s)", a, b, width))
	}
	v := below(r, n)
	v.Mul(v, s).Add(v, a)
	return starlark.MakeBigInt(v), nil
}

func fRandrange(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var start, stop, step starlark.Value = nil, starlark.None, starlark.MakeInt(1)
	if err := starlark.UnpackArgs(b.Name(), args, kw, "start", &start, "stop?", &stop, "step?", &step); err != nil {
		return nil, err
	}
	return randrange(r, start, stop, step)
}

func fRandint(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var av, bv starlark.Value
	if err := starlark.UnpackArgs(b.Name(), args, kw, "a", &av, "b", &bv); err != nil {
		return nil, err
	}
	if lo, ok := small(av); ok {
		if hi, ok := small(bv); ok && hi >= lo {
			return starlark.MakeInt64(lo + r.Int64N(hi-lo+1)), nil
		}
	}
	hi, err := intArg(bv, 2)
	if err != nil {
		return nil, err
	}
	return randrange(r, av, starlark.MakeBigInt(new(big.Int).Add(hi, big.NewInt(1))), starlark.MakeInt(1))
}

// population returns the elements of a sequence argument (str yields its
// characters); sets and dicts are refused as Python 3.11 does.
func population(th *starlark.Thread, v starlark.Value) ([]starlark.Value, error) {
	switch x := v.(type) {
	case *starlark.Set, *starlark.Dict:
		return nil, pyrt.NewError(pyrt.TypeError, "Population must be a sequence.  For dicts or sets, use sorted(d).")
	case starlark.Indexable:
		if _, ok := v.(starlark.String); !ok {
			out := make([]starlark.Value, x.Len())
			for i := range out {
				out[i] = x.Index(i)
			}
			return out, nil
		}
	}
	return modules.Elements(th, v)
}

func fChoice(r *rand.Rand, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var seq starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &seq); err != nil {
		return nil, err
	}
	if l, ok := seq.(starlark.Indexable); ok {
		if _, isStr := seq.(starlark.String); !isStr {
			n := l.Len()
			if n == 0 {
				return nil, pyrt.NewError(pyrt.IndexError, "Cannot choose from an empty sequence")
			}
			return l.Index(r.IntN(n)), nil
		}
	}
	items, err := population(th, seq)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, pyrt.NewError(pyrt.IndexError, "Cannot choose from an empty sequence")
	}
	return items[r.IntN(len(items))], nil
}

func floats(th *starlark.Thread, v starlark.Value) ([]float64, error) {
	items, err := modules.Elements(th, v)
	if err != nil {
		return nil, err
	}
	out := make([]float64, len(items))
	for i, it := range items {
		if out[i], err = floatArg(it, "weight"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func fChoices(r *rand.Rand, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var popv, weights, cum starlark.Value = nil, starlark.None, starlark.None
	k := 1
	if err := starlark.UnpackArgs(b.Name(), args, kw, "population", &popv, "weights?", &weights, "cum_weights?", &cum, "k?", &k); err != nil {
		return nil, err
	}
	pop, err := population(th, popv)
	if err != nil {
		return nil, err
	}
	out := make([]starlark.Value, 0, max(k, 0))
	if weights == starlark.None && cum == starlark.None {
		for i := 0; i < k; i++ {
			if len(pop) == 0 {
				return nil, pyrt.NewError(pyrt.IndexError, "list index out of range")
			}
			out = append(out, pop[r.IntN(len(pop))])
		}
		return starlark.NewList(out), nil
	}
	if weights != starlark.None && cum != starlark.None {
		return nil, pyrt.NewError(pyrt.TypeError, "Cannot specify both weights and cumulative weights")
	}
	var cw []float64
	if cum != starlark.None {
		if cw, err = floats(th, cum); err != nil {
			return nil, err
		}
	} else {
		w, err := floats(th, weights)
		if err != nil {
			return nil, err
		}
		total := 0.0
		for _, x := range w {
			total += x
			cw = append(cw, total)
		}
	}
	if len(cw) != len(pop) {
		return nil, pyrt.NewError(pyrt.ValueError, "The number of weights does not match the population")
	}
	if len(cw) == 0 {
		return nil, pyrt.NewError(pyrt.IndexError, "list index out of range")
	}
	total := cw[len(cw)-1]
	if total <= 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "Total of weights must be greater than zero")
	}
	if math.IsInf(total, 0) || math.IsNaN(total) {
		return nil, pyrt.NewError(pyrt.ValueError, "Total of weights must be finite")
	}
	for i := 0; i < k; i++ {
		x := r.Float64() * total
		j := sort.Search(len(cw)-1, func(n int) bool { return cw[n] > x })
		out = append(out, pop[j])
	}
	return starlark.NewList(out), nil
}

func fSample(r *rand.Rand, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var popv, counts starlark.Value = nil, starlark.None
	var k int
	if err := starlark.UnpackArgs(b.Name(), args, kw, "population", &popv, "k", &k, "counts?", &counts); err != nil {
		return nil, err
	}
	pop, err := population(th, popv)
	if err != nil {
		return nil, err
	}
	if counts != starlark.None {
		cs, err := modules.Elements(th, counts)
		if err != nil {
			return nil, err
		}
		if len(cs) != len(pop) {
			return nil, pyrt.NewError(pyrt.ValueError, "The number of counts does not match the population")
		}
		var expanded []starlark.Value
		for i, c := range cs {
			n, err := modules.Int(c, "counts")
			if err != nil {
				return nil, pyrt.NewError(pyrt.TypeError, "Counts must be integers")
			}
			if n < 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "Counts must be non-negative")
			}
			for j := int64(0); j < n; j++ {
				expanded = append(expanded, pop[i])
			}
		}
		pop = expanded
	}
	if k < 0 || k > len(pop) {
		return nil, pyrt.NewError(pyrt.ValueError, "Sample larger than population or is negative")
	}
	idx := make([]int, len(pop))
	for i := range idx {
		idx[i] = i
	}
	out := make([]starlark.Value, k)
	for i := 0; i < k; i++ {
		j := i + r.IntN(len(idx)-i)
		idx[i], idx[j] = idx[j], idx[i]
		out[i] = pop[idx[i]]
	}
	return starlark.NewList(out), nil
}

func fShuffle(r *rand.Rand, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &x); err != nil {
		return nil, err
	}
	l, ok := x.(starlark.HasSetIndex)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object does not support item assignment", modules.TypeName(x)))
	}
	for i := l.Len() - 1; i > 0; i-- {
		j := r.IntN(i + 1)
		a, c := l.Index(i), l.Index(j)
		if err := l.SetIndex(i, c); err != nil {
			return nil, err
		}
		if err := l.SetIndex(j, a); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}
