package pyrt

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/pyrepr"
)

// Repr returns Python's repr(v): single-quoted strings, True/False/None,
// floats with the shortest round-tripping digits, containers recursively.
// Script-defined __repr__ methods run on a temporary thread; use ReprThread
// where a thread is at hand.
func Repr(v starlark.Value) string {
	var b strings.Builder
	writeRepr(&b, nil, v, 0)
	return b.String()
}

// ReprThread is Repr running script-defined __repr__ methods on th.
func ReprThread(th *starlark.Thread, v starlark.Value) string {
	var b strings.Builder
	writeRepr(&b, th, v, 0)
	return b.String()
}

// Str returns Python's str(v): strings unquoted, everything else as repr
// (instances through __str__).
func Str(v starlark.Value) string { return StrThread(nil, v) }

// StrThread is Str running script-defined __str__ methods on th.
func StrThread(th *starlark.Thread, v starlark.Value) string {
	switch x := v.(type) {
	case starlark.String:
		return string(x)
	case *Instance:
		if th == nil {
			return x.String()
		}
		s, err := x.Str(th)
		if err != nil {
			return x.DefaultRepr()
		}
		return s
	case starlark.NoneType, starlark.Bool, starlark.Int, starlark.Float, starlark.Bytes,
		*starlark.List, starlark.Tuple, *starlark.Dict, *starlark.Set:
		return ReprThread(th, v)
	case PyStrer:
		return x.PyStr()
	case PyReprer:
		// Go-defined values whose String is their Python str.
		return v.String()
	}
	return ReprThread(th, v)
}

func writeRepr(b *strings.Builder, th *starlark.Thread, v starlark.Value, depth int) {
	if depth > 100 {
		b.WriteString("...")
		return
	}
	switch x := v.(type) {
	case starlark.NoneType:
		b.WriteString("None")
	case starlark.Bool:
		if x {
			b.WriteString("True")
		} else {
			b.WriteString("False")
		}
	case starlark.String:
		b.WriteString(QuoteString(string(x)))
	case starlark.Bytes:
		b.WriteString(bytesRepr(string(x)))
	case starlark.Int:
		b.WriteString(x.String())
	case starlark.Float:
		b.WriteString(FloatRepr(float64(x)))
	case *starlark.List:
		b.WriteByte('[')
		for i := 0; i < x.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, th, x.Index(i), depth+1)
		}
		b.WriteByte(']')
	case starlark.Tuple:
		b.WriteByte('(')
		for i, e := range x {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, th, e, depth+1)
		}
		if len(x) == 1 {
			b.WriteByte(',')
		}
		b.WriteByte(')')
	case *starlark.Dict:
		b.WriteByte('{')
		for i, kv := range x.Items() {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, th, kv[0], depth+1)
			b.WriteString(": ")
			writeRepr(b, th, kv[1], depth+1)
		}
		b.WriteByte('}')
	case *starlark.Set:
		if x.Len() == 0 {
			b.WriteString("set()")
			return
		}
		b.WriteByte('{')
		iter := x.Iterate()
		defer iter.Done()
		var e starlark.Value
		for i := 0; iter.Next(&e); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeRepr(b, th, e, depth+1)
		}
		b.WriteByte('}')
	case *Instance:
		if th == nil {
			if s, ok, err := x.callDunderString(x.thread(), "__repr__"); ok && err == nil {
				b.WriteString(s)
				return
			}
			b.WriteString(x.DefaultRepr())
			return
		}
		s, err := x.Repr(th)
		if err != nil {
			s = x.DefaultRepr()
		}
		b.WriteString(s)
	case PyReprer:
		b.WriteString(x.PyRepr())
	case *starlark.Function:
		b.WriteString("<function " + x.Name() + ">")
	case *starlark.Builtin:
		b.WriteString("<built-in function " + x.Name() + ">")
	default:
		s := v.String()
		if v.Type() == "range" && !strings.Contains(s, ",") {
			// Python always shows the start: range(0, 3).
			s = "range(0, " + strings.TrimPrefix(s, "range(")
		}
		b.WriteString(s)
	}
}

// PyReprer is implemented by Go values whose Python repr differs from their
// Starlark String (datetime values, shared containers, module objects). For
// such values str() uses String() unless they also implement PyStrer.
type PyReprer interface {
	PyRepr() string
}

// PyStrer is implemented by Go values whose Python str differs from both
// their String and their PyRepr.
type PyStrer interface {
	PyStr() string
}

// PyFormatter is implemented by Go values with their own format-spec
// language (Python's __format__), such as datetime's strftime codes in
// f"{d:%Y-%m-%d}". The f-string and str.format helpers call it.
type PyFormatter interface {
	PyFormat(spec string) (string, error)
}

// QuoteString quotes s as Python's repr does: single quotes unless the text
// contains a single quote and no double quote; \n, \t, \r, \\ and
// non-printable characters escaped.
func QuoteString(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatInt(int64(s[i])|0x100, 16)[1:])
			i++
			continue
		}
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteByte(q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatInt(int64(r)|0x100, 16)[1:])
		default:
			b.WriteRune(r)
		}
		i += size
	}
	b.WriteByte(q)
	return b.String()
}

// FloatRepr formats f as Python's repr(float): the shortest digits that read
// back to f, always with a decimal point or exponent ("33.0", "1e-05",
// "1e+16", "inf", "nan").
func FloatRepr(f float64) string { return pyrepr.Float(f) }

// bytesRepr is Python's repr of a bytes value: ASCII printable characters
// as themselves, everything else as \xNN escapes.
func bytesRepr(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	var b strings.Builder
	b.WriteString("b")
	b.WriteByte(q)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			b.WriteString(`\\`)
		case c == q:
			b.WriteByte('\\')
			b.WriteByte(q)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20 || c >= 0x7f:
			b.WriteString(`\x`)
			b.WriteString(strconv.FormatInt(int64(c)|0x100, 16)[1:])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte(q)
	return b.String()
}
