package pyjson

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Hooks are loads' keyword arguments (each None or a callable).
type Hooks struct {
	Object, ObjectPairs, Float, Int, Constant starlark.Value
}

type decoder struct {
	th    *starlark.Thread
	s     string
	hooks Hooks
}

// DecodeError builds json.JSONDecodeError for a position (a byte offset
// into doc) with Python's "msg: line L column C (char N)" text, where the
// numbers count characters as Python does.
func DecodeError(msg, doc string, off int) *pyrt.Error {
	off = min(off, len(doc))
	pos := utf8.RuneCountInString(doc[:off])
	line := strings.Count(doc[:off], "\n") + 1
	col := pos + 1
	if i := strings.LastIndexByte(doc[:off], '\n'); i >= 0 {
		col = utf8.RuneCountInString(doc[i+1 : off])
		col++
	}
	e := pyrt.NewError(pyrt.JSONDecodeError, fmt.Sprintf("%s: line %d column %d (char %d)", msg, line, col, pos))
	e.Value.SetFieldDirect("msg", starlark.String(msg))
	e.Value.SetFieldDirect("doc", starlark.String(doc))
	e.Value.SetFieldDirect("pos", starlark.MakeInt(pos))
	e.Value.SetFieldDirect("lineno", starlark.MakeInt(line))
	e.Value.SetFieldDirect("colno", starlark.MakeInt(col))
	return e
}

// Decode parses a JSON document as json.loads does.
func Decode(th *starlark.Thread, s string, hooks Hooks) (starlark.Value, error) {
	if strings.HasPrefix(s, "\ufeff") {
		return nil, DecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", s, 0)
	}
	d := &decoder{th: th, s: s, hooks: hooks}
	i := d.ws(0)
	v, end, err := d.value(i, 0)
	if err != nil {
		return nil, err
	}
	end = d.ws(end)
	if end != len(s) {
		return nil, DecodeError("Extra data", s, end)
	}
	return v, nil
}

func (d *decoder) ws(i int) int {
	for i < len(d.s) {
		switch d.s[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func (d *decoder) errf(msg string, i int) error { return DecodeError(msg, d.s, i) }

func hasHook(v starlark.Value) bool { return v != nil && v != starlark.None }

func (d *decoder) value(i, depth int) (starlark.Value, int, error) {
	if depth > maxDepth {
		return nil, i, pyrt.NewError(pyrt.RecursionError, "maximum recursion depth exceeded while decoding a JSON document")
	}
	if i >= len(d.s) {
		return nil, i, d.errf("Expecting value", i)
	}
	switch c := d.s[i]; {
	case c == '"':
		str, end, err := d.str(i + 1)
		return starlark.String(str), end, err
	case c == '{':
		return d.object(i+1, depth)
	case c == '[':
		return d.array(i+1, depth)
	case c == 'n' && strings.HasPrefix(d.s[i:], "null"):
		return starlark.None, i + 4, nil
	case c == 't' && strings.HasPrefix(d.s[i:], "true"):
		return starlark.True, i + 4, nil
	case c == 'f' && strings.HasPrefix(d.s[i:], "false"):
		return starlark.False, i + 5, nil
	case c == 'N' && strings.HasPrefix(d.s[i:], "NaN"):
		return d.constant("NaN", math.NaN(), i+3)
	case c == 'I' && strings.HasPrefix(d.s[i:], "Infinity"):
		return d.constant("Infinity", math.Inf(1), i+8)
	case c == '-' || c >= '0' && c <= '9':
		if v, end, ok, err := d.number(i); ok || err != nil {
			return v, end, err
		}
		if strings.HasPrefix(d.s[i:], "-Infinity") {
			return d.constant("-Infinity", math.Inf(-1), i+9)
		}
	}
	return nil, i, d.errf("Expecting value", i)
}

func (d *decoder) constant(name string, f float64, end int) (starlark.Value, int, error) {
	if hasHook(d.hooks.Constant) {
		v, err := starlark.Call(d.th, d.hooks.Constant, starlark.Tuple{starlark.String(name)}, nil)
		return v, end, err
	}
	return starlark.Float(f), end, nil
}

// number matches -?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)? at i.
func (d *decoder) number(i int) (starlark.Value, int, bool, error) {
	s, j := d.s, i
	if j < len(s) && s[j] == '-' {
		j++
	}
	digits := func(k int) int {
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		return k
	}
	switch {
	case j < len(s) && s[j] == '0':
		j++
	case j < len(s) && s[j] >= '1' && s[j] <= '9':
		j = digits(j)
	default:
		return nil, i, false, nil
	}
	isFloat := false
	if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
		j = digits(j + 1)
		isFloat = true
	}
	if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
		k := j + 1
		if k < len(s) && (s[k] == '+' || s[k] == '-') {
			k++
		}
		if k < len(s) && s[k] >= '0' && s[k] <= '9' {
			j = digits(k)
			isFloat = true
		}
	}
	text := s[i:j]
	if isFloat {
		if hasHook(d.hooks.Float) {
			v, err := starlark.Call(d.th, d.hooks.Float, starlark.Tuple{starlark.String(text)}, nil)
			return v, j, true, err
		}
		f, _ := strconv.ParseFloat(text, 64) // overflow gives ±Inf, as in Python
		return starlark.Float(f), j, true, nil
	}
	if hasHook(d.hooks.Int) {
		v, err := starlark.Call(d.th, d.hooks.Int, starlark.Tuple{starlark.String(text)}, nil)
		return v, j, true, err
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return starlark.MakeInt64(n), j, true, nil
	}
	b, _ := new(big.Int).SetString(text, 10)
	return starlark.MakeBigInt(b), j, true, nil
}

// str scans a string body starting after the opening quote at i-1.
func (d *decoder) str(i int) (string, int, error) {
	s := d.s
	begin := i - 1
	var b strings.Builder
	for {
		j := i
		for j < len(s) && s[j] != '"' && s[j] != '\\' && s[j] >= 0x20 {
			j++
		}
		b.WriteString(s[i:j])
		if j >= len(s) {
			return "", j, d.errf("Unterminated string starting at", begin)
		}
		switch c := s[j]; {
		case c == '"':
			return b.String(), j + 1, nil
		case c < 0x20:
			return "", j, d.errf("Invalid control character at", j)
		}
		// backslash
		if j+1 >= len(s) {
			return "", j, d.errf("Unterminated string starting at", begin)
		}
		esc := s[j+1]
		i = j + 2
		switch esc {
		case '"', '\\', '/':
			b.WriteByte(esc)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(s, j+2)
			if !ok {
				return "", j, d.errf("Invalid \\uXXXX escape", j+1)
			}
			i = j + 6
			if utf16.IsSurrogate(r) && r < 0xdc00 && i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
				if r2, ok := hex4(s, i+2); ok && r2 >= 0xdc00 && r2 <= 0xdfff {
					r = utf16.DecodeRune(r, r2)
					i += 6
				}
			}
			b.WriteRune(r) // a lone surrogate becomes U+FFFD
		default:
			return "", j, d.errf("Invalid \\escape", j)
		}
	}
}

func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	n, err := strconv.ParseUint(s[i:i+4], 16, 32)
	if err != nil || strings.ContainsAny(s[i:i+4], "+-xX_") {
		return 0, false
	}
	return rune(n), true
}

func (d *decoder) object(i, depth int) (starlark.Value, int, error) {
	s := d.s
	var pairs []starlark.Tuple
	i = d.ws(i)
	if i < len(s) && s[i] == '}' {
		return d.finishObject(pairs, i+1)
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return nil, i, d.errf("Expecting property name enclosed in double quotes", i)
		}
		key, end, err := d.str(i + 1)
		if err != nil {
			return nil, end, err
		}
		i = d.ws(end)
		if i >= len(s) || s[i] != ':' {
			return nil, i, d.errf("Expecting ':' delimiter", i)
		}
		i = d.ws(i + 1)
		v, end, err := d.value(i, depth+1)
		if err != nil {
			return nil, end, err
		}
		pairs = append(pairs, starlark.Tuple{starlark.String(key), v})
		i = d.ws(end)
		if i < len(s) && s[i] == '}' {
			return d.finishObject(pairs, i+1)
		}
		if i >= len(s) || s[i] != ',' {
			return nil, i, d.errf("Expecting ',' delimiter", i)
		}
		i = d.ws(i + 1)
	}
}

func (d *decoder) finishObject(pairs []starlark.Tuple, end int) (starlark.Value, int, error) {
	if hasHook(d.hooks.ObjectPairs) {
		l := make([]starlark.Value, len(pairs))
		for k, p := range pairs {
			l[k] = p
		}
		v, err := starlark.Call(d.th, d.hooks.ObjectPairs, starlark.Tuple{starlark.NewList(l)}, nil)
		return v, end, err
	}
	dict := starlark.NewDict(len(pairs))
	for _, p := range pairs {
		if err := dict.SetKey(p[0], p[1]); err != nil {
			return nil, end, err
		}
	}
	if hasHook(d.hooks.Object) {
		v, err := starlark.Call(d.th, d.hooks.Object, starlark.Tuple{dict}, nil)
		return v, end, err
	}
	return dict, end, nil
}

func (d *decoder) array(i, depth int) (starlark.Value, int, error) {
	s := d.s
	var elems []starlark.Value
	i = d.ws(i)
	if i < len(s) && s[i] == ']' {
		return starlark.NewList(elems), i + 1, nil
	}
	for {
		v, end, err := d.value(i, depth+1)
		if err != nil {
			return nil, end, err
		}
		elems = append(elems, v)
		i = d.ws(end)
		if i < len(s) && s[i] == ']' {
			return starlark.NewList(elems), i + 1, nil
		}
		if i >= len(s) || s[i] != ',' {
			return nil, i, d.errf("Expecting ',' delimiter", i)
		}
		i = d.ws(i + 1)
	}
}
