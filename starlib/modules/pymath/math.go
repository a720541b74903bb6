// Package pymath is Python's math module for locustfiles.
//
// Script-level API:
//
//	math.pi, e, tau, inf, nan
//	ceil, floor, trunc (return int), sqrt, isqrt, exp, expm1, log(x, base=e), log2, log10,
//	log1p, pow, fabs, fmod, modf, frexp, ldexp, copysign, hypot, dist, sin, cos, tan,
//	asin, acos, atan, atan2, sinh, cosh, tanh, asinh, acosh, atanh, degrees, radians,
//	isnan, isinf, isfinite, isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0), factorial,
//	gcd, lcm, comb, perm, fsum, prod, erf, erfc, gamma, lgamma
package pymath

import (
	"fmt"
	"math"
	"math/big"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func domain() error   { return pyrt.NewError(pyrt.ValueError, "math domain error") }
func rangeErr() error { return pyrt.NewError(pyrt.OverflowError, "math range error") }

func num(v starlark.Value) (float64, error) {
	switch x := v.(type) {
	case starlark.Int, starlark.Float, starlark.Bool:
		return modules.Float(x, "")
	}
	return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("must be real number, not %s", modules.TypeName(v)))
}

// checked applies Python's error rules to a libm result: NaN from a finite
// input is a domain error, infinity from a finite input a range error.
func checked(in []float64, out float64, overflowIsDomain bool) (starlark.Value, error) {
	finite := true
	for _, x := range in {
		if math.IsNaN(x) {
			return starlark.Float(out), nil
		}
		if math.IsInf(x, 0) {
			finite = false
		}
	}
	if finite && math.IsNaN(out) {
		return nil, domain()
	}
	if finite && math.IsInf(out, 0) {
		if overflowIsDomain {
			return nil, domain()
		}
		return nil, rangeErr()
	}
	return starlark.Float(out), nil
}

func f1(name string, f func(float64) float64, domainCheck func(float64) bool, overflowIsDomain bool) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &v); err != nil {
			return nil, err
		}
		x, err := num(v)
		if err != nil {
			return nil, err
		}
		if domainCheck != nil && !domainCheck(x) {
			return nil, domain()
		}
		return checked([]float64{x}, f(x), overflowIsDomain)
	})
}

func f2(name string, f func(float64, float64) float64) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var a, c starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kw, 2, &a, &c); err != nil {
			return nil, err
		}
		x, err := num(a)
		if err != nil {
			return nil, err
		}
		y, err := num(c)
		if err != nil {
			return nil, err
		}
		return checked([]float64{x, y}, f(x, y), false)
	})
}

// toInt implements floor/ceil/trunc results.
func toInt(f float64) (starlark.Value, error) {
	switch {
	case math.IsNaN(f):
		return nil, pyrt.NewError(pyrt.ValueError, "cannot convert float NaN to integer")
	case math.IsInf(f, 0):
		return nil, pyrt.NewError(pyrt.OverflowError, "cannot convert float infinity to integer")
	}
	return starlark.NumberToInt(starlark.Float(f))
}

func rounding(name string, f func(float64) float64) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &v); err != nil {
			return nil, err
		}
		switch x := v.(type) {
		case starlark.Int:
			return x, nil
		case starlark.Bool:
			return starlark.MakeInt(map[bool]int{false: 0, true: 1}[bool(x)]), nil
		}
		x, err := num(v)
		if err != nil {
			return nil, err
		}
		return toInt(f(x))
	})
}

func bigArg(v starlark.Value, name string) (*big.Int, error) {
	switch x := v.(type) {
	case starlark.Int:
		return x.BigInt(), nil
	case starlark.Bool:
		if x {
			return big.NewInt(1), nil
		}
		return big.NewInt(0), nil
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object cannot be interpreted as an integer", modules.TypeName(v)))
}

func intFn(name string, f func(args []*big.Int) (*big.Int, error), minArgs, maxArgs int) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if len(kw) > 0 {
			return nil, pyrt.NewError(pyrt.TypeError, name+"() takes no keyword arguments")
		}
		if len(args) < minArgs || maxArgs >= 0 && len(args) > maxArgs {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() takes %d arguments (%d given)", name, minArgs, len(args)))
		}
		ints := make([]*big.Int, len(args))
		for i, a := range args {
			n, err := bigArg(a, name)
			if err != nil {
				return nil, err
			}
			ints[i] = n
		}
		r, err := f(ints)
		if err != nil {
			return nil, err
		}
		return starlark.MakeBigInt(r), nil
	})
}

func factorial(n *big.Int) (*big.Int, error) {
	if n.Sign() < 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "factorial() not defined for negative values")
	}
	if n.Cmp(big.NewInt(100000)) > 0 {
		return nil, pyrt.NewError(pyrt.OverflowError, "factorial() argument should not exceed 100000 in gust")
	}
	return new(big.Int).MulRange(1, n.Int64()), nil
}
