package pymath

import (
	"math"
	"math/big"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func pos(x float64) bool    { return x > 0 }
func nonneg(x float64) bool { return x >= 0 || math.IsNaN(x) }

// Module builds the math module.
func Module(*modules.Env) (starlark.Value, error) {
	m := starlark.StringDict{
		"pi": starlark.Float(math.Pi), "e": starlark.Float(math.E), "tau": starlark.Float(2 * math.Pi),
		"inf": starlark.Float(math.Inf(1)), "nan": starlark.Float(math.NaN()),
		"sqrt":     f1("sqrt", math.Sqrt, nonneg, false),
		"exp":      f1("exp", math.Exp, nil, false),
		"expm1":    f1("expm1", math.Expm1, nil, false),
		"log2":     f1("log2", math.Log2, func(x float64) bool { return pos(x) || math.IsNaN(x) || math.IsInf(x, 1) }, true),
		"log10":    f1("log10", math.Log10, func(x float64) bool { return pos(x) || math.IsNaN(x) || math.IsInf(x, 1) }, true),
		"log1p":    f1("log1p", math.Log1p, func(x float64) bool { return x > -1 || math.IsNaN(x) }, true),
		"fabs":     f1("fabs", math.Abs, nil, false),
		"sin":      f1("sin", math.Sin, nil, false),
		"cos":      f1("cos", math.Cos, nil, false),
		"tan":      f1("tan", math.Tan, nil, false),
		"asin":     f1("asin", math.Asin, nil, false),
		"acos":     f1("acos", math.Acos, nil, false),
		"atan":     f1("atan", math.Atan, nil, false),
		"sinh":     f1("sinh", math.Sinh, nil, false),
		"cosh":     f1("cosh", math.Cosh, nil, false),
		"tanh":     f1("tanh", math.Tanh, nil, false),
		"asinh":    f1("asinh", math.Asinh, nil, false),
		"acosh":    f1("acosh", math.Acosh, nil, false),
		"atanh":    f1("atanh", math.Atanh, func(x float64) bool { return x > -1 && x < 1 || math.IsNaN(x) }, false),
		"erf":      f1("erf", math.Erf, nil, false),
		"erfc":     f1("erfc", math.Erfc, nil, false),
		"gamma":    f1("gamma", math.Gamma, func(x float64) bool { return !(x <= 0 && x == math.Trunc(x)) }, false),
		"lgamma":   f1("lgamma", func(x float64) float64 { v, _ := math.Lgamma(x); return v }, func(x float64) bool { return !(x <= 0 && x == math.Trunc(x)) }, false),
		"degrees":  f1("degrees", func(x float64) float64 { return x * 180 / math.Pi }, nil, false),
		"radians":  f1("radians", func(x float64) float64 { return x * math.Pi / 180 }, nil, false),
		"atan2":    f2("atan2", math.Atan2),
		"hypot":    f2("hypot", math.Hypot),
		"copysign": f2("copysign", math.Copysign),
		"fmod": f2("fmod", func(x, y float64) float64 {
			if y == 0 {
				return math.NaN()
			}
			return math.Mod(x, y)
		}),
		"pow": f2("pow", func(x, y float64) float64 {
			if x == 0 && y < 0 {
				return math.NaN()
			}
			return math.Pow(x, y)
		}),
		"floor":     rounding("floor", math.Floor),
		"ceil":      rounding("ceil", math.Ceil),
		"trunc":     rounding("trunc", math.Trunc),
		"factorial": intFn("factorial", func(a []*big.Int) (*big.Int, error) { return factorial(a[0]) }, 1, 1),
		"gcd": intFn("gcd", func(a []*big.Int) (*big.Int, error) {
			g := new(big.Int)
			for _, n := range a {
				g.GCD(nil, nil, g, new(big.Int).Abs(n))
			}
			return g, nil
		}, 0, -1),
		"lcm": intFn("lcm", func(a []*big.Int) (*big.Int, error) {
			l := big.NewInt(1)
			for _, n := range a {
				if n.Sign() == 0 {
					return big.NewInt(0), nil
				}
				g := new(big.Int).GCD(nil, nil, l, new(big.Int).Abs(n))
				l.Mul(l, new(big.Int).Abs(n)).Div(l, g)
			}
			return l, nil
		}, 0, -1),
		"isqrt": intFn("isqrt", func(a []*big.Int) (*big.Int, error) {
			if a[0].Sign() < 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "isqrt() argument must be nonnegative")
			}
			return new(big.Int).Sqrt(a[0]), nil
		}, 1, 1),
		"comb": intFn("comb", func(a []*big.Int) (*big.Int, error) {
			if a[0].Sign() < 0 || a[1].Sign() < 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "n must be a non-negative integer")
			}
			if a[1].Cmp(a[0]) > 0 {
				return big.NewInt(0), nil
			}
			return new(big.Int).Binomial(a[0].Int64(), a[1].Int64()), nil
		}, 2, 2),
		"perm": intFn("perm", func(a []*big.Int) (*big.Int, error) {
			n := a[0].Int64()
			k := n
			if len(a) > 1 {
				k = a[1].Int64()
			}
			if n < 0 || k < 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "n must be a non-negative integer")
			}
			if k > n {
				return big.NewInt(0), nil
			}
			return new(big.Int).MulRange(n-k+1, n), nil
		}, 1, 2),
	}
	m["log"] = starlark.NewBuiltin("log", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var xv, bv starlark.Value
		if err := starlark.UnpackPositionalArgs("log", args, kw, 1, &xv, &bv); err != nil {
			return nil, err
		}
		x, err := logOf(xv)
		if err != nil {
			return nil, err
		}
		if bv == nil {
			return starlark.Float(x), nil
		}
		base, err := logOf(bv)
		if err != nil {
			return nil, err
		}
		if base == 0 {
			return nil, pyrt.NewError(pyrt.ZeroDivisionError, "float division by zero")
		}
		return starlark.Float(x / base), nil
	})
	m["isnan"] = pred("isnan", math.IsNaN)
	m["isinf"] = pred("isinf", func(x float64) bool { return math.IsInf(x, 0) })
	m["isfinite"] = pred("isfinite", func(x float64) bool { return !math.IsInf(x, 0) && !math.IsNaN(x) })
	m["isclose"] = starlark.NewBuiltin("isclose", isclose)
	m["modf"] = starlark.NewBuiltin("modf", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs("modf", args, kw, 1, &v); err != nil {
			return nil, err
		}
		x, err := num(v)
		if err != nil {
			return nil, err
		}
		i, f := math.Modf(x)
		if math.IsInf(x, 0) {
			f = math.Copysign(0, x)
		}
		return starlark.Tuple{starlark.Float(f), starlark.Float(i)}, nil
	})
	m["frexp"] = starlark.NewBuiltin("frexp", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs("frexp", args, kw, 1, &v); err != nil {
			return nil, err
		}
		x, err := num(v)
		if err != nil {
			return nil, err
		}
		f, e := math.Frexp(x)
		return starlark.Tuple{starlark.Float(f), starlark.MakeInt(e)}, nil
	})
	m["ldexp"] = starlark.NewBuiltin("ldexp", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		var e int
		if err := starlark.UnpackPositionalArgs("ldexp", args, kw, 2, &v, &e); err != nil {
			return nil, err
		}
		x, err := num(v)
		if err != nil {
			return nil, err
		}
		return checked([]float64{x}, math.Ldexp(x, e), false)
	})
	m["fsum"] = starlark.NewBuiltin("fsum", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs("fsum", args, kw, 1, &v); err != nil {
			return nil, err
		}
		items, err := modules.Elements(th, v)
		if err != nil {
			return nil, err
		}
		// Neumaier's compensated sum (Python uses exact partials; the
		// results agree for ordinary inputs).
		var sum, c float64
		for _, it := range items {
			x, err := num(it)
			if err != nil {
				return nil, err
			}
			t := sum + x
			if math.Abs(sum) >= math.Abs(x) {
				c += (sum - t) + x
			} else {
				c += (x - t) + sum
			}
			sum = t
		}
		return starlark.Float(sum + c), nil
	})
	m["prod"] = starlark.NewBuiltin("prod", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		var start starlark.Value = starlark.MakeInt(1)
		if err := starlark.UnpackArgs("prod", args, kw, "iterable", &v, "start?", &start); err != nil {
			return nil, err
		}
		items, err := modules.Elements(th, v)
		if err != nil {
			return nil, err
		}
		acc := start
		for _, it := range items {
			if acc, err = starlark.Binary(syntax.STAR, acc, it); err != nil {
				return nil, err
			}
		}
		return acc, nil
	})
	m["dist"] = starlark.NewBuiltin("dist", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var pv, qv starlark.Value
		if err := starlark.UnpackPositionalArgs("dist", args, kw, 2, &pv, &qv); err != nil {
			return nil, err
		}
		p, err := modules.Elements(th, pv)
		if err != nil {
			return nil, err
		}
		q, err := modules.Elements(th, qv)
		if err != nil {
			return nil, err
		}
		if len(p) != len(q) {
			return nil, pyrt.NewError(pyrt.ValueError, "both points must have the same number of dimensions")
		}
		var s float64
		for i := range p {
			a, err := num(p[i])
			if err != nil {
				return nil, err
			}
			c, err := num(q[i])
			if err != nil {
				return nil, err
			}
			s += (a - c) * (a - c)
		}
		return starlark.Float(math.Sqrt(s)), nil
	})
	return modules.NewModule("math", m), nil
}

func logOf(v starlark.Value) (float64, error) {
	if i, ok := v.(starlark.Int); ok {
		if i.Sign() <= 0 {
			return 0, domain()
		}
		// Big ints: log of mantissa plus exponent, as Python does.
		b := i.BigInt()
		if b.BitLen() > 1000 {
			shift := b.BitLen() - 64
			m, _ := new(big.Float).SetInt(new(big.Int).Rsh(b, uint(shift))).Float64()
			return math.Log(m) + float64(shift)*math.Ln2, nil
		}
	}
	x, err := num(v)
	if err != nil {
		return 0, err
	}
	if x <= 0 {
		return 0, domain()
	}
	return math.Log(x), nil
}

func pred(name string, f func(float64) bool) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &v); err != nil {
			return nil, err
		}
		x, err := num(v)
		if err != nil {
			return nil, err
		}
		return starlark.Bool(f(x)), nil
	})
}

func isclose(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var av, bv starlark.Value
	var relv, absv starlark.Value = starlark.Float(1e-9), starlark.Float(0)
	if err := starlark.UnpackArgs("isclose", args, kw, "a", &av, "b", &bv, "rel_tol?", &relv, "abs_tol?", &absv); err != nil {
		return nil, err
	}
	var vals [4]float64
	for i, v := range []starlark.Value{av, bv, relv, absv} {
		x, err := num(v)
		if err != nil {
			return nil, err
		}
		vals[i] = x
	}
	a, c, rel, abs := vals[0], vals[1], vals[2], vals[3]
	if rel < 0 || abs < 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "tolerances must be non-negative")
	}
	if a == c {
		return starlark.True, nil
	}
	if math.IsInf(a, 0) || math.IsInf(c, 0) {
		return starlark.False, nil
	}
	d := math.Abs(c - a)
	return starlark.Bool(d <= math.Abs(rel*c) || d <= math.Abs(rel*a) || d <= abs), nil
}
