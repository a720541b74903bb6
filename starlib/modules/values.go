package modules

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// TypeName returns Python's type(v).__name__ for v, the name Python's own
// error messages use ("str", "NoneType", "builtin_function_or_method").
func TypeName(v starlark.Value) string {
	switch x := v.(type) {
	case nil:
		return "NoneType"
	case starlark.NoneType:
		return "NoneType"
	case starlark.String:
		return "str"
	case *starlark.Function:
		return "function"
	case *starlark.Builtin:
		return "builtin_function_or_method"
	case *pyrt.Instance:
		return x.Class().Name()
	case *pyrt.Class:
		return "type"
	}
	return v.Type()
}

// Float converts a Python number (int, float or bool) to float64, raising
// TypeError naming the function otherwise.
func Float(v starlark.Value, what string) (float64, error) {
	switch x := v.(type) {
	case starlark.Float:
		return float64(x), nil
	case starlark.Int:
		f, _ := new(big.Float).SetInt(x.BigInt()).Float64()
		if math.IsInf(f, 0) {
			return 0, pyrt.NewError(pyrt.OverflowError, "int too large to convert to float")
		}
		return f, nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s must be real number, not %s", what, TypeName(v)))
}

// Int converts a Python int (or bool) to int64, raising TypeError or
// OverflowError as Python does.
func Int(v starlark.Value, what string) (int64, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return 0, pyrt.NewError(pyrt.OverflowError, "Python int too large to convert to C long")
		}
		return n, nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s: '%s' object cannot be interpreted as an integer", what, TypeName(v)))
}

// BytesLike returns the bytes of a bytes-like value. A str is refused with
// Python's message: Python separates text from bytes and so does gust.
func BytesLike(v starlark.Value) ([]byte, error) {
	switch x := v.(type) {
	case starlark.Bytes:
		return []byte(string(x)), nil
	case starlark.String:
		return nil, pyrt.NewError(pyrt.TypeError, "a bytes-like object is required, not 'str'")
	case BytesValuer:
		return x.BytesValue(), nil
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("a bytes-like object is required, not '%s'", TypeName(v)))
}

// BytesValuer is implemented by Go values that stand for bytes (BytesIO's
// buffer view).
type BytesValuer interface {
	BytesValue() []byte
}

// Chars splits a string into its code points as one-character strings, the
// way Python iterates a str (Starlark strings are not iterable).
func Chars(s string) []starlark.Value {
	out := make([]starlark.Value, 0, utf8.RuneCountInString(s))
	for _, r := range s {
		out = append(out, starlark.String(string(r)))
	}
	return out
}

// Nexter is implemented by Go iterators that Python's next() advances
// (itertools.cycle, csv.reader, file objects). ok is false when exhausted.
type Nexter interface {
	NextValue(th *starlark.Thread) (v starlark.Value, ok bool, err error)
}

// maxCollect bounds how many items Elements takes from a lazy iterator, so
// list(itertools.count()) fails instead of eating the memory.
const maxCollect = 10_000_000

// Elements returns the items Python's iter(v) would yield: code points of a
// str, ints of bytes, elements of any Starlark iterable, and what a lazy
// Go iterator yields until it is exhausted.
func Elements(th *starlark.Thread, v starlark.Value) ([]starlark.Value, error) {
	switch x := v.(type) {
	case starlark.String:
		return Chars(string(x)), nil
	case starlark.Bytes:
		out := make([]starlark.Value, len(x))
		for i := 0; i < len(x); i++ {
			out[i] = starlark.MakeInt(int(x[i]))
		}
		return out, nil
	case Nexter:
		var out []starlark.Value
		for {
			e, ok, err := x.NextValue(th)
			if err != nil {
				return nil, err
			}
			if !ok {
				return out, nil
			}
			if len(out) >= maxCollect {
				return nil, pyrt.NewError(pyrt.OverflowError, "iterator yields too many items (infinite iterator?)")
			}
			out = append(out, e)
		}
	case starlark.Iterable:
		var out []starlark.Value
		if n := starlark.Len(v); n > 0 {
			out = make([]starlark.Value, 0, n)
		}
		it := x.Iterate()
		defer it.Done()
		var e starlark.Value
		for it.Next(&e) {
			out = append(out, e)
		}
		return out, nil
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object is not iterable", TypeName(v)))
}

// Next implements Python's next(it): Go iterators advance, values with a
// __next__ attribute are called. ok is false when the iterator is exhausted
// (StopIteration).
func Next(th *starlark.Thread, v starlark.Value) (starlark.Value, bool, error) {
	if n, ok := v.(Nexter); ok {
		return n.NextValue(th)
	}
	if ha, ok := v.(starlark.HasAttrs); ok {
		if m, err := ha.Attr("__next__"); err == nil && m != nil {
			r, err := starlark.Call(th, m, nil, nil)
			if err != nil {
				var pe *pyrt.Error
				if errors.As(err, &pe) && pe.Class().IsSubclass(pyrt.StopIteration) {
					return nil, false, nil
				}
				return nil, false, err
			}
			return r, true, nil
		}
	}
	return nil, false, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object is not an iterator", TypeName(v)))
}

// StopIteration returns the error a __next__ method raises when exhausted.
func StopIteration() error { return pyrt.NewErrorArgs(pyrt.StopIteration) }

// Call calls a script callable with positional arguments.
func Call(th *starlark.Thread, fn starlark.Value, args ...starlark.Value) (starlark.Value, error) {
	return starlark.Call(th, fn, starlark.Tuple(args), nil)
}

// PathLike is implemented by values that stand for a file system path
// (pathlib.Path), accepted wherever Python accepts os.PathLike.
type PathLike interface {
	FSPath() string
}

// PathArg returns the path a str or path-like argument names.
func PathArg(v starlark.Value, what string) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		return string(x), nil
	case PathLike:
		return x.FSPath(), nil
	}
	return "", pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s: path should be string or os.PathLike, not %s", what, TypeName(v)))
}

// Copier is implemented by Go containers that copy.copy and copy.deepcopy
// can duplicate. elem copies one contained value (itself for a shallow
// copy, a deep copy otherwise).
type Copier interface {
	CopyValue(elem func(starlark.Value) (starlark.Value, error)) (starlark.Value, error)
}

// PyTypeRepr is how Python shows a type used as a value (defaultdict's
// factory): "<class 'list'>" for the builtin constructors.
func PyTypeRepr(v starlark.Value) string {
	if b, ok := v.(*starlark.Builtin); ok {
		switch b.Name() {
		case "list", "dict", "int", "float", "str", "set", "tuple", "bool", "bytes", "frozenset":
			return "<class '" + b.Name() + "'>"
		}
	}
	return pyrt.Repr(v)
}
