package pyrt

import (
	"fmt"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
)

// FormatString implements Python's str.format: {} {0} {name} fields with
// .attr and [key] accessors, !r/!s/!a conversions, format specs with nested
// {fields}, and {{ }} escapes.
func FormatString(th *starlark.Thread, format string, args starlark.Tuple, kwargs []starlark.Tuple) (string, error) {
	f := &strFormatter{th: th, args: args, kwargs: kwargs}
	return f.format(format, 2)
}

type strFormatter struct {
	th     *starlark.Thread
	args   starlark.Tuple
	kwargs []starlark.Tuple
	auto   int  // next automatic field number
	manual bool // a numbered field was used
	autoed bool // an automatic field was used
}

func (f *strFormatter) format(s string, depth int) (string, error) {
	if depth < 0 {
		return "", NewError(ValueError, "Max string recursion exceeded")
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '{':
			if i+1 < len(s) && s[i+1] == '{' {
				b.WriteByte('{')
				i++
				continue
			}
			end, err := matchBrace(s, i)
			if err != nil {
				return "", err
			}
			out, err := f.field(s[i+1:end], depth)
			if err != nil {
				return "", err
			}
			b.WriteString(out)
			i = end
		case '}':
			if i+1 < len(s) && s[i+1] == '}' {
				b.WriteByte('}')
				i++
				continue
			}
			return "", NewError(ValueError, "Single '}' encountered in format string")
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// matchBrace finds the '}' closing the field that starts at s[start]=='{'.
func matchBrace(s string, start int) (int, error) {
	depth := 0
	for j := start; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j, nil
			}
		case '[':
			// Keys may contain braces: skip to ']'.
			if k := strings.IndexByte(s[j:], ']'); k > 0 && depth == 1 {
				j += k
			}
		}
	}
	if strings.IndexByte(s[start+1:], '}') < 0 {
		return 0, NewError(ValueError, "expected '}' before end of string")
	}
	return 0, NewError(ValueError, "unmatched '{' in format spec")
}

func (f *strFormatter) field(body string, depth int) (string, error) {
	name, conv, spec := body, "", ""
	// The field name ends at the first '!' or ':' outside brackets.
	for j := 0; j < len(body); j++ {
		switch body[j] {
		case '[':
			if k := strings.IndexByte(body[j:], ']'); k > 0 {
				j += k
			}
		case '!':
			name = body[:j]
			rest := body[j+1:]
			conv = rest
			if k := strings.IndexByte(rest, ':'); k >= 0 {
				conv, spec = rest[:k], rest[k+1:]
			}
			if len(conv) != 1 {
				return "", NewError(ValueError, "expected ':' after conversion specifier")
			}
			j = len(body)
		case ':':
			name, spec = body[:j], body[j+1:]
			j = len(body)
		}
	}
	v, err := f.lookup(name)
	if err != nil {
		return "", err
	}
	if strings.IndexByte(spec, '{') >= 0 {
		spec, err = f.format(spec, depth-1)
		if err != nil {
			return "", err
		}
	}
	return FormatField(f.th, v, conv, spec)
}

func (f *strFormatter) lookup(name string) (starlark.Value, error) {
	first := name
	rest := ""
	if k := strings.IndexAny(name, ".["); k >= 0 {
		first, rest = name[:k], name[k:]
	}
	var v starlark.Value
	switch {
	case first == "":
		if f.manual {
			return nil, NewError(ValueError, "cannot switch from manual field specification to automatic field numbering")
		}
		f.autoed = true
		if f.auto >= len(f.args) {
			return nil, NewError(IndexError, fmt.Sprintf("Replacement index %d out of range for positional args tuple", f.auto))
		}
		v = f.args[f.auto]
		f.auto++
	case isDigits(first):
		if f.autoed {
			return nil, NewError(ValueError, "cannot switch from automatic field numbering to manual field specification")
		}
		f.manual = true
		n, _ := strconv.Atoi(first)
		if n >= len(f.args) {
			return nil, NewError(IndexError, fmt.Sprintf("Replacement index %d out of range for positional args tuple", n))
		}
		v = f.args[n]
	default:
		for _, kv := range f.kwargs {
			if string(kv[0].(starlark.String)) == first {
				v = kv[1]
				break
			}
		}
		if v == nil {
			return nil, NewErrorArgs(KeyError, starlark.String(first))
		}
	}
	for rest != "" {
		switch rest[0] {
		case '.':
			end := strings.IndexAny(rest[1:], ".[")
			attr := rest[1:]
			if end >= 0 {
				attr, rest = rest[1:1+end], rest[1+end:]
			} else {
				rest = ""
			}
			a, err := GetAttr(f.th, v, attr)
			if err != nil {
				return nil, err
			}
			v = a
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return nil, NewError(ValueError, "Missing ']' in format string")
			}
			key := rest[1:end]
			rest = rest[end+1:]
			var k starlark.Value = starlark.String(key)
			if isDigits(key) {
				n, _ := strconv.Atoi(key)
				k = starlark.MakeInt(n)
			}
			r, err := GetItem(f.th, v, k)
			if err != nil {
				return nil, err
			}
			v = r
		default:
			return nil, NewError(ValueError, "Only '.' or '[' may follow ']' in format field specifier")
		}
	}
	return v, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
