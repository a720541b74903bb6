package pyrt

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
)

// This file holds the constructors of the built-in types: str, int, float,
// bool, bytes, list, tuple, dict, set.

func builtinStr(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, encoding, errs starlark.Value
	if err := starlark.UnpackArgs("str", args, kwargs, "object?", &v, "encoding?", &encoding, "errors?", &errs); err != nil {
		return nil, err
	}
	if v == nil {
		return starlark.String(""), nil
	}
	if b, ok := v.(starlark.Bytes); ok && encoding != nil {
		return decodeBytes(b, encoding, errs)
	}
	if s, ok := v.(starlark.String); ok {
		return s, nil
	}
	if inst, ok := v.(*Instance); ok {
		s, err := inst.Str(th)
		return starlark.String(s), err
	}
	return starlark.String(StrThread(th, v)), nil
}

func builtinRepr(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("repr", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	if inst, ok := v.(*Instance); ok {
		s, err := inst.Repr(th)
		return starlark.String(s), err
	}
	return starlark.String(ReprThread(th, v)), nil
}

func builtinAscii(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("ascii", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	return starlark.String(asciiEscape(ReprThread(th, v))), nil
}

// asciiEscape escapes non-ASCII characters as Python's ascii() does.
func asciiEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	return b.String()
}

func builtinInt(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, base starlark.Value
	if err := starlark.UnpackArgs("int", args, kwargs, "x?", &v, "base?", &base); err != nil {
		return nil, err
	}
	if v == nil {
		return starlark.MakeInt(0), nil
	}
	if base != nil {
		b, err := starlark.AsInt32(base)
		if err != nil {
			return nil, NewError(TypeError, fmt.Sprintf("'%s' object cannot be interpreted as an integer", TypeName(base)))
		}
		s, ok := v.(starlark.String)
		if !ok {
			return nil, NewError(TypeError, "int() can't convert non-string with explicit base")
		}
		return ParseInt(string(s), b)
	}
	return ToInt(th, v)
}

// ToInt converts v as Python's int(v) does.
func ToInt(th *starlark.Thread, v starlark.Value) (starlark.Value, error) {
	switch x := v.(type) {
	case starlark.Int:
		return x, nil
	case starlark.Bool:
		if x {
			return starlark.MakeInt(1), nil
		}
		return starlark.MakeInt(0), nil
	case starlark.Float:
		f := float64(x)
		if math.IsInf(f, 0) {
			return nil, NewError(OverflowError, "cannot convert float infinity to integer")
		}
		if math.IsNaN(f) {
			return nil, NewError(ValueError, "cannot convert float NaN to integer")
		}
		return starlark.NumberToInt(starlark.Float(math.Trunc(f)))
	case starlark.String:
		return ParseInt(string(x), 10)
	case starlark.Bytes:
		return ParseInt(string(x), 10)
	case *Instance:
		for _, name := range []string{"__int__", "__index__"} {
			if m, _ := x.class.Lookup(name); m != nil {
				return x.callMethod(th, m)
			}
		}
	}
	return nil, NewError(TypeError, fmt.Sprintf("int() argument must be a string, a bytes-like object or a real number, not '%s'", TypeName(v)))
}

// ParseInt parses s as Python's int(s, base) does: surrounding whitespace,
// a sign, underscores between digits, and 0x/0o/0b prefixes (required to
// match the base, or any of them with base 0).
func ParseInt(s string, base int) (starlark.Value, error) {
	bad := func() error {
		return NewError(ValueError, fmt.Sprintf("invalid literal for int() with base %d: %s", base, QuoteString(s)))
	}
	if base != 0 && (base < 2 || base > 36) {
		return nil, NewError(ValueError, "int() base must be >= 2 and <= 36, or 0")
	}
	t := strings.TrimSpace(s)
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	b := base
	if len(t) > 1 && t[0] == '0' {
		p := t[1] | 0x20
		switch {
		case p == 'x' && (base == 16 || base == 0):
			b, t = 16, t[2:]
		case p == 'o' && (base == 8 || base == 0):
			b, t = 8, t[2:]
		case p == 'b' && (base == 2 || base == 0):
			b, t = 2, t[2:]
		}
		if len(t) > 0 && t[0] == '_' && b != base {
			t = t[1:]
		}
	}
	if b == 0 {
		b = 10
		if strings.Trim(t, "0_") == "" && t != "" {
			t = "0"
		} else if len(t) > 1 && t[0] == '0' {
			return nil, bad()
		}
	}
	if t == "" || t[0] == '_' || t[len(t)-1] == '_' || strings.Contains(t, "__") {
		return nil, bad()
	}
	t = strings.ReplaceAll(t, "_", "")
	n, ok := new(big.Int).SetString(t, b)
	if !ok {
		return nil, bad()
	}
	if neg {
		n.Neg(n)
	}
	return starlark.MakeBigInt(n), nil
}

func builtinFloat(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("float", args, kwargs, 0, &v); err != nil {
		return nil, err
	}
	if v == nil {
		return starlark.Float(0), nil
	}
	return ToFloat(th, v)
}

// ToFloat converts v as Python's float(v) does.
func ToFloat(th *starlark.Thread, v starlark.Value) (starlark.Value, error) {
	switch x := v.(type) {
	case starlark.Float:
		return x, nil
	case starlark.Int:
		f, err := starlark.AsFloat(x)
		if !err {
			return nil, NewError(OverflowError, "int too large to convert to float")
		}
		return starlark.Float(f), nil
	case starlark.Bool:
		if x {
			return starlark.Float(1), nil
		}
		return starlark.Float(0), nil
	case starlark.String:
		return parseFloat(string(x))
	case starlark.Bytes:
		return parseFloat(string(x))
	case *Instance:
		if m, _ := x.class.Lookup("__float__"); m != nil {
			return x.callMethod(th, m)
		}
	}
	return nil, NewError(TypeError, fmt.Sprintf("float() argument must be a string or a real number, not '%s'", TypeName(v)))
}

func parseFloat(s string) (starlark.Value, error) {
	t := strings.TrimSpace(s)
	lower := strings.ToLower(strings.TrimLeft(t, "+-"))
	switch lower {
	case "inf", "infinity", "nan":
		f, _ := strconv.ParseFloat(strings.Replace(strings.ToLower(t), "infinity", "inf", 1), 64)
		return starlark.Float(f), nil
	}
	valid := t != "" && !strings.HasPrefix(lower, "0x") && !strings.Contains(t, "__") &&
		!strings.HasPrefix(t, "_") && !strings.HasSuffix(t, "_")
	if valid {
		if f, err := strconv.ParseFloat(strings.ReplaceAll(t, "_", ""), 64); err == nil || isRangeErr(err) {
			return starlark.Float(f), nil
		}
	}
	return nil, NewError(ValueError, fmt.Sprintf("could not convert string to float: %s", QuoteString(s)))
}

func isRangeErr(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

func builtinBool(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value = starlark.False
	if err := starlark.UnpackPositionalArgs("bool", args, kwargs, 0, &v); err != nil {
		return nil, err
	}
	return v.Truth(), nil
}

func builtinBytes(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, encoding, errs starlark.Value
	if err := starlark.UnpackArgs("bytes", args, kwargs, "source?", &v, "encoding?", &encoding, "errors?", &errs); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case nil:
		return starlark.Bytes(""), nil
	case starlark.String:
		if encoding == nil {
			return nil, NewError(TypeError, "string argument without an encoding")
		}
		return encodeString(string(x), encoding, errs)
	case starlark.Bytes:
		return x, nil
	case starlark.Int:
		n, err := starlark.AsInt32(x)
		if err != nil || n < 0 {
			return nil, NewError(ValueError, "negative count")
		}
		return starlark.Bytes(make([]byte, n)), nil
	}
	elems, err := ToSlice(th, v)
	if err != nil {
		return nil, err
	}
	buf := make([]byte, len(elems))
	for i, e := range elems {
		n, err := starlark.AsInt32(e)
		if err != nil || n < 0 || n > 255 {
			return nil, NewError(ValueError, "bytes must be in range(0, 256)")
		}
		buf[i] = byte(n)
	}
	return starlark.Bytes(buf), nil
}

func builtinList(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("list", args, kwargs, 0, &v); err != nil {
		return nil, err
	}
	if v == nil {
		return starlark.NewList(nil), nil
	}
	elems, err := ToSlice(th, v)
	if err != nil {
		return nil, err
	}
	return starlark.NewList(elems), nil
}

func builtinTuple(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("tuple", args, kwargs, 0, &v); err != nil {
		return nil, err
	}
	if v == nil {
		return starlark.Tuple(nil), nil
	}
	if t, ok := v.(starlark.Tuple); ok {
		return t, nil
	}
	elems, err := ToSlice(th, v)
	if err != nil {
		return nil, err
	}
	return starlark.Tuple(elems), nil
}

func builtinSet(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("set", args, kwargs, 0, &v); err != nil {
		return nil, err
	}
	s := starlark.NewSet(0)
	if v == nil {
		return s, nil
	}
	elems, err := ToSlice(th, v)
	if err != nil {
		return nil, err
	}
	for _, e := range elems {
		if err := s.Insert(e); err != nil {
			return nil, hashErr(e, err)
		}
	}
	return s, nil
}

// hashErr rewrites an unhashable-key error in Python's words.
func hashErr(v starlark.Value, err error) error {
	if _, herr := v.Hash(); herr != nil {
		return NewError(TypeError, fmt.Sprintf("unhashable type: '%s'", TypeName(v)))
	}
	return err
}

func builtinDict(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, NewError(TypeError, fmt.Sprintf("dict expected at most 1 argument, got %d", len(args)))
	}
	pairs, err := dictPairs(th, args, kwargs)
	if err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(pairs))
	for _, kv := range pairs {
		if err := d.SetKey(kv[0], kv[1]); err != nil {
			return nil, hashErr(kv[0], err)
		}
	}
	return d, nil
}

// dictPairs reads the arguments of dict(...) and dict.update(...): an
// optional mapping or iterable of pairs, then keyword arguments.
func dictPairs(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) ([]starlark.Tuple, error) {
	var out []starlark.Tuple
	if len(args) == 1 {
		switch m := args[0].(type) {
		case starlark.IterableMapping:
			out = append(out, m.Items()...)
		case *SharedDict:
			out = append(out, m.Items()...)
		default:
			if inst, ok := m.(*Instance); ok {
				if keys, _ := inst.class.Lookup("keys"); keys != nil {
					kv, err := inst.callMethod(th, keys)
					if err != nil {
						return nil, err
					}
					ks, err := ToSlice(th, kv)
					if err != nil {
						return nil, err
					}
					for _, k := range ks {
						v, _, err := inst.Get(k)
						if err != nil {
							return nil, err
						}
						out = append(out, starlark.Tuple{k, v})
					}
					break
				}
			}
			elems, err := ToSlice(th, args[0])
			if err != nil {
				return nil, err
			}
			for i, e := range elems {
				pair, err := ToSlice(th, e)
				if err != nil {
					return nil, NewError(TypeError, fmt.Sprintf("cannot convert dictionary update sequence element #%d to a sequence", i))
				}
				if len(pair) != 2 {
					return nil, NewError(ValueError, fmt.Sprintf("dictionary update sequence element #%d has length %d; 2 is required", i, len(pair)))
				}
				out = append(out, starlark.Tuple{pair[0], pair[1]})
			}
		}
	}
	for _, kv := range kwargs {
		out = append(out, starlark.Tuple{kv[0], kv[1]})
	}
	return out, nil
}

func dictFromkeys(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var keys starlark.Value
	var v starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs("fromkeys", args, kwargs, 1, &keys, &v); err != nil {
		return nil, err
	}
	ks, err := ToSlice(th, keys)
	if err != nil {
		return nil, err
	}
	d := starlark.NewDict(len(ks))
	for _, k := range ks {
		if err := d.SetKey(k, v); err != nil {
			return nil, hashErr(k, err)
		}
	}
	return d, nil
}
