package pyrt

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// strMethod returns the Python implementation of a str method whose
// Starlark counterpart is missing or differs.
func strMethod(name string) methodFn {
	switch name {
	case "encode":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var enc, errs starlark.Value
			if err := starlark.UnpackArgs("encode", args, kwargs, "encoding?", &enc, "errors?", &errs); err != nil {
				return nil, err
			}
			return encodeString(string(recv.(starlark.String)), enc, errs)
		}
	case "zfill":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var w int
			if err := starlark.UnpackPositionalArgs("zfill", args, kwargs, 1, &w); err != nil {
				return nil, err
			}
			s := string(recv.(starlark.String))
			n := utf8.RuneCountInString(s)
			if n >= w {
				return recv, nil
			}
			sign := ""
			if s != "" && (s[0] == '+' || s[0] == '-') {
				sign, s = s[:1], s[1:]
			}
			return starlark.String(sign + strings.Repeat("0", w-n) + s), nil
		}
	case "center", "ljust", "rjust":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var w int
			fill := " "
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &w, &fill); err != nil {
				return nil, err
			}
			if utf8.RuneCountInString(fill) != 1 {
				return nil, NewError(TypeError, "The fill character must be exactly one character long")
			}
			s := string(recv.(starlark.String))
			r, _ := utf8.DecodeRuneInString(fill)
			switch name {
			case "ljust":
				return starlark.String(pad("", s, w, r, '<')), nil
			case "rjust":
				return starlark.String(pad("", s, w, r, '>')), nil
			}
			// Python's center puts the extra fill on the right when the
			// padding is odd and the width is even... per its formula.
			n := utf8.RuneCountInString(s)
			if n >= w {
				return recv, nil
			}
			marg := w - n
			left := marg/2 + (marg & w & 1)
			return starlark.String(strings.Repeat(fill, left) + s + strings.Repeat(fill, marg-left)), nil
		}
	case "casefold":
		return strUnary(func(s string) starlark.Value {
			return starlark.String(strings.ReplaceAll(strings.ToLower(s), "ß", "ss"))
		})
	case "swapcase":
		return strUnary(func(s string) starlark.Value {
			return starlark.String(strings.Map(func(r rune) rune {
				if unicode.IsUpper(r) {
					return unicode.ToLower(r)
				}
				return unicode.ToUpper(r)
			}, s))
		})
	case "isnumeric", "isdecimal":
		return strUnary(func(s string) starlark.Value {
			if s == "" {
				return starlark.False
			}
			for _, r := range s {
				if name == "isdecimal" && !unicode.Is(unicode.Nd, r) || !unicode.IsNumber(r) {
					return starlark.False
				}
			}
			return starlark.True
		})
	case "isascii":
		return strUnary(func(s string) starlark.Value {
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 {
					return starlark.False
				}
			}
			return starlark.True
		})
	case "isidentifier":
		return strUnary(func(s string) starlark.Value {
			if s == "" {
				return starlark.False
			}
			for i, r := range s {
				if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
					return starlark.False
				}
			}
			return starlark.True
		})
	case "isprintable":
		return strUnary(func(s string) starlark.Value {
			for _, r := range s {
				if !unicode.IsPrint(r) {
					return starlark.False
				}
			}
			return starlark.True
		})
	case "expandtabs":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			size := 8
			if err := starlark.UnpackArgs("expandtabs", args, kwargs, "tabsize?", &size); err != nil {
				return nil, err
			}
			var b strings.Builder
			col := 0
			for _, r := range string(recv.(starlark.String)) {
				switch r {
				case '\t':
					if size > 0 {
						n := size - col%size
						b.WriteString(strings.Repeat(" ", n))
						col += n
					}
				case '\n', '\r':
					b.WriteRune(r)
					col = 0
				default:
					b.WriteRune(r)
					col++
				}
			}
			return starlark.String(b.String()), nil
		}
	case "format":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s, err := FormatString(th, string(recv.(starlark.String)), args, kwargs)
			return starlark.String(s), err
		}
	case "format_map":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var m starlark.Value
			if err := starlark.UnpackPositionalArgs("format_map", args, kwargs, 1, &m); err != nil {
				return nil, err
			}
			pairs, err := dictPairs(th, starlark.Tuple{m}, nil)
			if err != nil {
				return nil, err
			}
			s, err := FormatString(th, string(recv.(starlark.String)), nil, pairs)
			return starlark.String(s), err
		}
	case "translate":
		return strTranslate
	case "splitlines":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var keep starlark.Value = starlark.False
			if err := starlark.UnpackArgs("splitlines", args, kwargs, "keepends?", &keep); err != nil {
				return nil, err
			}
			return splitLines(string(recv.(starlark.String)), bool(keep.Truth())), nil
		}
	case "join":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var it starlark.Value
			if err := starlark.UnpackPositionalArgs("join", args, kwargs, 1, &it); err != nil {
				return nil, err
			}
			elems, err := ToSlice(th, it)
			if err != nil {
				return nil, NewError(TypeError, "can only join an iterable")
			}
			parts := make([]string, len(elems))
			for i, e := range elems {
				s, ok := e.(starlark.String)
				if !ok {
					return nil, NewError(TypeError, fmt.Sprintf("sequence item %d: expected str instance, %s found", i, TypeName(e)))
				}
				parts[i] = string(s)
			}
			return starlark.String(strings.Join(parts, string(recv.(starlark.String)))), nil
		}
	case "split", "rsplit":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var sep starlark.Value = starlark.None
			maxsplit := -1
			if err := starlark.UnpackArgs(name, args, kwargs, "sep?", &sep, "maxsplit?", &maxsplit); err != nil {
				return nil, err
			}
			if s, ok := sep.(starlark.String); ok && s == "" {
				return nil, NewError(ValueError, "empty separator")
			}
			m, _ := starlark.String("").Attr(name)
			return starlark.Call(th, m.(*starlark.Builtin).BindReceiver(recv), starlark.Tuple{sep, starlark.MakeInt(maxsplit)}, nil)
		}
	}
	return strSearchMethod(name)
}

func strUnary(f func(s string) starlark.Value) methodFn {
	return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) > 0 || len(kwargs) > 0 {
			return nil, NewError(TypeError, "method takes no arguments")
		}
		return f(string(recv.(starlark.String))), nil
	}
}

// encodeString implements str.encode for the encodings scripts use.
func encodeString(s string, enc, errs starlark.Value) (starlark.Value, error) {
	name := "utf-8"
	if e, ok := enc.(starlark.String); ok {
		name = normEncoding(string(e))
	}
	strict := errs == nil || errs == starlark.None || errs == starlark.String("strict")
	switch name {
	case "utf-8":
		return starlark.Bytes(s), nil
	case "ascii", "latin-1":
		limit := rune(0x7f)
		if name == "latin-1" {
			limit = 0xff
		}
		buf := make([]byte, 0, len(s))
		for i, r := range []rune(s) {
			if r > limit {
				if strict {
					return nil, NewError(UnicodeEncodeError, fmt.Sprintf("'%s' codec can't encode character %s in position %d: ordinal not in range(%d)", name, charRepr(r), i, limit+1))
				}
				if errs == starlark.String("replace") {
					buf = append(buf, '?')
				}
				continue
			}
			buf = append(buf, byte(r))
		}
		return starlark.Bytes(buf), nil
	}
	return nil, NewError(LookupError, "unknown encoding: "+name)
}

// decodeBytes implements bytes.decode.
func decodeBytes(b starlark.Bytes, enc, errs starlark.Value) (starlark.Value, error) {
	name := "utf-8"
	if e, ok := enc.(starlark.String); ok {
		name = normEncoding(string(e))
	}
	strict := errs == nil || errs == starlark.None || errs == starlark.String("strict")
	switch name {
	case "utf-8":
		s := string(b)
		if utf8.ValidString(s) {
			return starlark.String(s), nil
		}
		if strict {
			for i := 0; i < len(s); {
				r, n := utf8.DecodeRuneInString(s[i:])
				if r == utf8.RuneError && n == 1 {
					return nil, NewError(UnicodeDecodeError, fmt.Sprintf("'utf-8' codec can't decode byte 0x%02x in position %d: invalid start byte", s[i], i))
				}
				i += n
			}
		}
		return starlark.String(strings.ToValidUTF8(s, "\uFFFD")), nil
	case "ascii", "latin-1":
		var sb strings.Builder
		for i := 0; i < len(b); i++ {
			c := b[i]
			if name == "ascii" && c >= 0x80 {
				if strict {
					return nil, NewError(UnicodeDecodeError, fmt.Sprintf("'ascii' codec can't decode byte 0x%02x in position %d: ordinal not in range(128)", c, i))
				}
				sb.WriteRune('\uFFFD')
				continue
			}
			sb.WriteRune(rune(c))
		}
		return starlark.String(sb.String()), nil
	}
	return nil, NewError(LookupError, "unknown encoding: "+name)
}

func normEncoding(e string) string {
	switch strings.ToLower(strings.ReplaceAll(e, "_", "-")) {
	case "utf-8", "utf8", "u8":
		return "utf-8"
	case "ascii", "us-ascii":
		return "ascii"
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1":
		return "latin-1"
	}
	return e
}

func bytesMethod(name string) methodFn {
	switch name {
	case "decode":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var enc, errs starlark.Value
			if err := starlark.UnpackArgs("decode", args, kwargs, "encoding?", &enc, "errors?", &errs); err != nil {
				return nil, err
			}
			return decodeBytes(recv.(starlark.Bytes), enc, errs)
		}
	case "hex":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(hex.EncodeToString([]byte(recv.(starlark.Bytes)))), nil
		}
	}
	return nil
}

// strMaketrans is str.maketrans(x[, y[, z]]).
func strMaketrans(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, y, z starlark.Value
	if err := starlark.UnpackPositionalArgs("maketrans", args, kwargs, 1, &x, &y, &z); err != nil {
		return nil, err
	}
	d := starlark.NewDict(0)
	if y == nil {
		pairs, err := dictPairs(th, starlark.Tuple{x}, nil)
		if err != nil {
			return nil, err
		}
		for _, kv := range pairs {
			k := kv[0]
			if s, ok := k.(starlark.String); ok {
				r, _ := utf8.DecodeRuneInString(string(s))
				k = starlark.MakeInt(int(r))
			}
			_ = d.SetKey(k, kv[1])
		}
		return d, nil
	}
	xs, ok1 := x.(starlark.String)
	ys, ok2 := y.(starlark.String)
	if !ok1 || !ok2 || utf8.RuneCountInString(string(xs)) != utf8.RuneCountInString(string(ys)) {
		return nil, NewError(ValueError, "the first two maketrans arguments must have equal length")
	}
	yr := []rune(string(ys))
	for i, r := range []rune(string(xs)) {
		_ = d.SetKey(starlark.MakeInt(int(r)), starlark.MakeInt(int(yr[i])))
	}
	if zs, ok := z.(starlark.String); ok {
		for _, r := range string(zs) {
			_ = d.SetKey(starlark.MakeInt(int(r)), starlark.None)
		}
	}
	return d, nil
}

func strTranslate(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var table starlark.Value
	if err := starlark.UnpackPositionalArgs("translate", args, kwargs, 1, &table); err != nil {
		return nil, err
	}
	var b strings.Builder
	for _, r := range string(recv.(starlark.String)) {
		v, err := GetItem(th, table, starlark.MakeInt(int(r)))
		if err != nil {
			if exc, ok := FromError(err); ok && exc.Class().IsSubclass(LookupError) {
				b.WriteRune(r)
				continue
			}
			return nil, err
		}
		switch t := v.(type) {
		case starlark.NoneType:
		case starlark.String:
			b.WriteString(string(t))
		case starlark.Int:
			n, _ := starlark.AsInt32(t)
			b.WriteRune(rune(n))
		default:
			return nil, NewError(TypeError, "character mapping must return integer, None or str")
		}
	}
	return starlark.String(b.String()), nil
}

// charRepr is Python's repr of a one-character string in codec errors.
func charRepr(r rune) string {
	if r <= 0xff {
		return fmt.Sprintf(`'\x%02x'`, r)
	}
	return fmt.Sprintf(`'\u%04x'`, r)
}

// splitLines is Python's str.splitlines: \n, \r, \r\n and the other
// Unicode line boundaries end a line.
func splitLines(s string, keep bool) *starlark.List {
	var out []starlark.Value
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		end := -1
		switch r {
		case '\n', '\v', '\f', 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029:
			end = i + n
		case '\r':
			end = i + n
			if end < len(s) && s[end] == '\n' {
				end++
			}
		}
		if end < 0 {
			i += n
			continue
		}
		if keep {
			out = append(out, starlark.String(s[start:end]))
		} else {
			out = append(out, starlark.String(s[start:i]))
		}
		start, i = end, end
	}
	if start < len(s) {
		out = append(out, starlark.String(s[start:]))
	}
	return starlark.NewList(out)
}
