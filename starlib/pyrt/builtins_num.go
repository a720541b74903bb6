package pyrt

import (
	"fmt"
	"math"
	"math/big"
	"strconv"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// This file holds the numeric builtins and operators: abs, round, divmod,
// pow (and **), and the arithmetic helpers that accept bools as ints.

// numeric converts bools to ints, as Python's arithmetic does.
func numeric(v starlark.Value) starlark.Value {
	if b, ok := v.(starlark.Bool); ok {
		if b {
			return starlark.MakeInt(1)
		}
		return starlark.MakeInt(0)
	}
	return v
}

// binary is starlark.Binary with bools treated as ints and Python's error
// text for unsupported operand types.
func binary(op syntax.Token, x, y starlark.Value) (starlark.Value, error) {
	r, err := starlark.Binary(op, x, y)
	if err == nil {
		return r, nil
	}
	_, xb := x.(starlark.Bool)
	_, yb := y.(starlark.Bool)
	if xb || yb {
		if r, err2 := starlark.Binary(op, numeric(x), numeric(y)); err2 == nil {
			return r, nil
		}
	}
	return nil, err
}

func builtinAbs(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("abs", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	switch x := numeric(v).(type) {
	case starlark.Int:
		if x.Sign() < 0 {
			return starlark.MakeInt(0).Sub(x), nil
		}
		return x, nil
	case starlark.Float:
		return starlark.Float(math.Abs(float64(x))), nil
	case *Instance:
		if m, _ := x.class.Lookup("__abs__"); m != nil {
			return x.callMethod(th, m)
		}
	}
	return nil, NewError(TypeError, fmt.Sprintf("bad operand type for abs(): '%s'", TypeName(v)))
}

func builtinRound(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var nd starlark.Value = starlark.None
	if err := starlark.UnpackArgs("round", args, kwargs, "number", &v, "ndigits?", &nd); err != nil {
		return nil, err
	}
	return Round(th, v, nd)
}

// Round is Python's round(x, ndigits): round-half-even on the exact binary
// value, an int when ndigits is None.
func Round(th *starlark.Thread, v, nd starlark.Value) (starlark.Value, error) {
	digits, hasDigits := 0, nd != starlark.None
	if hasDigits {
		n, err := starlark.AsInt32(nd)
		if err != nil {
			return nil, NewError(TypeError, fmt.Sprintf("'%s' object cannot be interpreted as an integer", TypeName(nd)))
		}
		digits = n
	}
	switch x := numeric(v).(type) {
	case starlark.Int:
		if !hasDigits || digits >= 0 {
			return x, nil
		}
		// Round to a multiple of 10**-digits, half to even.
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-digits)), nil)
		n := x.BigInt()
		q, r := new(big.Int).DivMod(n, p, new(big.Int))
		twice := new(big.Int).Mul(r, big.NewInt(2))
		if c := twice.Cmp(p); c > 0 || c == 0 && q.Bit(0) == 1 {
			q.Add(q, big.NewInt(1))
		}
		return starlark.MakeBigInt(q.Mul(q, p)), nil
	case starlark.Float:
		f := float64(x)
		if !hasDigits {
			if math.IsInf(f, 0) {
				return nil, NewError(OverflowError, "cannot convert float infinity to integer")
			}
			if math.IsNaN(f) {
				return nil, NewError(ValueError, "cannot convert float NaN to integer")
			}
			return starlark.NumberToInt(starlark.Float(math.RoundToEven(f)))
		}
		if math.IsInf(f, 0) || math.IsNaN(f) || f == 0 {
			return x, nil
		}
		if digits > 300 {
			return x, nil
		}
		if digits < -308 {
			return starlark.Float(math.Copysign(0, f)), nil
		}
		if digits >= 0 {
			// strconv rounds the exact binary value half-to-even, as
			// CPython's correctly rounded dtoa does.
			r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', digits, 64), 64)
			return starlark.Float(r), nil
		}
		p := math.Pow(10, float64(-digits))
		r := math.RoundToEven(f/p) * p
		return starlark.Float(r), nil
	case *Instance:
		if m, _ := x.class.Lookup("__round__"); m != nil {
			if hasDigits {
				return x.callMethod(th, m, nd)
			}
			return x.callMethod(th, m)
		}
	}
	return nil, NewError(TypeError, fmt.Sprintf("type %s doesn't define __round__ method", TypeName(v)))
}

func builtinDivmod(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, b starlark.Value
	if err := starlark.UnpackPositionalArgs("divmod", args, kwargs, 2, &a, &b); err != nil {
		return nil, err
	}
	q, err := binary(syntax.SLASHSLASH, a, b)
	if err != nil {
		return nil, err
	}
	r, err := binary(syntax.PERCENT, a, b)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple{q, r}, nil
}

func builtinPow(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var a, b, m starlark.Value
	if err := starlark.UnpackArgs("pow", args, kwargs, "base", &a, "exp", &b, "mod?", &m); err != nil {
		return nil, err
	}
	if m != nil && m != starlark.None {
		x, ok1 := numeric(a).(starlark.Int)
		y, ok2 := numeric(b).(starlark.Int)
		z, ok3 := numeric(m).(starlark.Int)
		if !ok1 || !ok2 || !ok3 {
			return nil, NewError(TypeError, "pow() 3rd argument not allowed unless all arguments are integers")
		}
		if z.Sign() == 0 {
			return nil, NewError(ValueError, "pow() 3rd argument cannot be 0")
		}
		mod := z.BigInt()
		r := new(big.Int).Exp(x.BigInt(), y.BigInt(), new(big.Int).Abs(mod))
		if r.Sign() != 0 && mod.Sign() < 0 {
			r.Add(r, mod)
		}
		return starlark.MakeBigInt(r), nil
	}
	return Pow(a, b)
}

// Pow is Python's a ** b.
func Pow(a, b starlark.Value) (starlark.Value, error) {
	x, y := numeric(a), numeric(b)
	switch xv := x.(type) {
	case starlark.Int:
		switch yv := y.(type) {
		case starlark.Int:
			if yv.Sign() >= 0 {
				e := yv.BigInt()
				if e.BitLen() > 32 {
					return nil, NewError(OverflowError, "exponent too large")
				}
				return starlark.MakeBigInt(new(big.Int).Exp(xv.BigInt(), e, nil)), nil
			}
			fx, _ := starlark.AsFloat(xv)
			fy, _ := starlark.AsFloat(yv)
			if fx == 0 {
				return nil, NewError(ZeroDivisionError, "0.0 cannot be raised to a negative power")
			}
			return starlark.Float(math.Pow(fx, fy)), nil
		case starlark.Float:
			fx, _ := starlark.AsFloat(xv)
			return floatPow(fx, float64(yv))
		}
	case starlark.Float:
		if fy, ok := starlark.AsFloat(y); ok {
			return floatPow(float64(xv), fy)
		}
	case *Instance:
		if m, _ := xv.class.Lookup("__pow__"); m != nil {
			return xv.callMethod(xv.thread(), m, b)
		}
	}
	if yi, ok := y.(*Instance); ok {
		if m, _ := yi.class.Lookup("__rpow__"); m != nil {
			return yi.callMethod(yi.thread(), m, a)
		}
	}
	return nil, NewError(TypeError, fmt.Sprintf("unsupported operand type(s) for ** or pow(): '%s' and '%s'", TypeName(a), TypeName(b)))
}

func floatPow(x, y float64) (starlark.Value, error) {
	if x == 0 && y < 0 {
		return nil, NewError(ZeroDivisionError, "0.0 cannot be raised to a negative power")
	}
	if x < 0 && y != math.Trunc(y) {
		return nil, NewError(ValueError, "math domain error: negative number raised to a fractional power (complex results are not supported)")
	}
	r := math.Pow(x, y)
	if math.IsInf(r, 0) && !math.IsInf(x, 0) && !math.IsInf(y, 0) {
		return nil, NewError(OverflowError, "(34, 'Numerical result out of range')")
	}
	return starlark.Float(r), nil
}
