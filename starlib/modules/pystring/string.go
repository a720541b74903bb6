// Package pystring is Python's string module: the character-class
// constants, capwords and Template.
//
// Script-level API:
//
//	string.ascii_letters, ascii_lowercase, ascii_uppercase, digits, hexdigits,
//	octdigits, punctuation, printable, whitespace
//	string.capwords(s, sep=None)
//	string.Template(template): substitute(mapping={}, **kw), safe_substitute(...),
//	  template, get_identifiers(), is_valid()
package pystring

import (
	"fmt"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

const (
	lower       = "abcdefghijklmnopqrstuvwxyz"
	upper       = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits      = "0123456789"
	punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	whitespace  = " \t\n\r\x0b\x0c"
)

// Module builds the string module.
func Module(*modules.Env) (starlark.Value, error) {
	return modules.NewModule("string", starlark.StringDict{
		"ascii_letters":   starlark.String(lower + upper),
		"ascii_lowercase": starlark.String(lower),
		"ascii_uppercase": starlark.String(upper),
		"digits":          starlark.String(digits),
		"hexdigits":       starlark.String(digits + "abcdefABCDEF"),
		"octdigits":       starlark.String("01234567"),
		"punctuation":     starlark.String(punctuation),
		"whitespace":      starlark.String(whitespace),
		"printable":       starlark.String(digits + lower + upper + punctuation + whitespace),
		"capwords": starlark.NewBuiltin("capwords", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var s string
			var sep starlark.Value = starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kw, "s", &s, "sep?", &sep); err != nil {
				return nil, err
			}
			var words []string
			join := " "
			if sp, ok := sep.(starlark.String); ok {
				words = strings.Split(s, string(sp))
				join = string(sp)
			} else {
				words = strings.Fields(s)
			}
			for i, w := range words {
				if w != "" {
					words[i] = strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
				}
			}
			return starlark.String(strings.Join(words, join)), nil
		}),
		"Template": starlark.NewBuiltin("Template", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &s); err != nil {
				return nil, err
			}
			return &Template{text: s}, nil
		}),
	}), nil
}

// Template is string.Template: $name and ${name} placeholders, $$ for $.
type Template struct{ text string }

var _ starlark.HasAttrs = (*Template)(nil)

// String is Python's default repr.
func (t *Template) String() string { return "<string.Template object>" }

// Type returns "Template".
func (t *Template) Type() string { return "Template" }

// Freeze does nothing: templates are immutable.
func (t *Template) Freeze() {}

// Truth is true.
func (t *Template) Truth() starlark.Bool { return true }

// Hash hashes the text.
func (t *Template) Hash() (uint32, error) { return starlark.String(t.text).Hash() }

// AttrNames lists the API.
func (t *Template) AttrNames() []string {
	return []string{"get_identifiers", "is_valid", "safe_substitute", "substitute", "template"}
}

func isIdentStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isIdent(c byte) bool      { return isIdentStart(c) || c >= '0' && c <= '9' }

type piece struct {
	lit, name string
	bad       int // position of an invalid placeholder, else -1
	raw       string
}

func (t *Template) parse() []piece {
	s := t.text
	var out []piece
	var lit strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' {
			lit.WriteByte(s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '$':
			lit.WriteByte('$')
			i++
		case i+1 < len(s) && isIdentStart(s[i+1]):
			j := i + 1
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			out = append(out, piece{lit: lit.String(), name: s[i+1 : j], bad: -1, raw: s[i:j]})
			lit.Reset()
			i = j - 1
		case i+1 < len(s) && s[i+1] == '{':
			end := strings.IndexByte(s[i:], '}')
			name := ""
			if end > 0 {
				name = s[i+2 : i+end]
			}
			ok := name != "" && isIdentStart(name[0])
			for k := 0; ok && k < len(name); k++ {
				ok = isIdent(name[k])
			}
			if !ok {
				out = append(out, piece{lit: lit.String(), bad: i, raw: "$"})
				lit.Reset()
				continue
			}
			out = append(out, piece{lit: lit.String(), name: name, bad: -1, raw: s[i : i+end+1]})
			lit.Reset()
			i += end
		default:
			out = append(out, piece{lit: lit.String(), bad: i, raw: "$"})
			lit.Reset()
		}
	}
	out = append(out, piece{lit: lit.String(), bad: -1})
	return out
}

func (t *Template) lineCol(pos int) (int, int) {
	before := t.text[:pos]
	line := strings.Count(before, "\n") + 1
	col := pos - strings.LastIndexByte(before, '\n')
	return line, col
}

func (t *Template) substitute(th *starlark.Thread, safe bool, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, pyrt.NewError(pyrt.TypeError, "Too many positional arguments")
	}
	lookup := func(name string) (starlark.Value, bool, error) {
		for _, kv := range kw {
			if string(kv[0].(starlark.String)) == name {
				return kv[1], true, nil
			}
		}
		if len(args) == 1 {
			m, ok := args[0].(starlark.Mapping)
			if !ok {
				return nil, false, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object is not subscriptable", modules.TypeName(args[0])))
			}
			v, found, err := m.Get(starlark.String(name))
			if err != nil && !safe {
				return nil, false, nil
			}
			return v, found && err == nil, nil
		}
		return nil, false, nil
	}
	var b strings.Builder
	for _, p := range t.parse() {
		b.WriteString(p.lit)
		switch {
		case p.bad >= 0:
			if !safe {
				line, col := t.lineCol(p.bad)
				return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Invalid placeholder in string: line %d, col %d", line, col))
			}
			b.WriteString(p.raw)
		case p.name != "":
			v, ok, err := lookup(p.name)
			if err != nil {
				return nil, err
			}
			if !ok {
				if !safe {
					return nil, pyrt.NewErrorArgs(pyrt.KeyError, starlark.String(p.name))
				}
				b.WriteString(p.raw)
				continue
			}
			b.WriteString(pyrt.StrThread(th, v))
		}
	}
	return starlark.String(b.String()), nil
}

// Attr returns the template API.
func (t *Template) Attr(name string) (starlark.Value, error) {
	switch name {
	case "template":
		return starlark.String(t.text), nil
	case "substitute", "safe_substitute":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return t.substitute(th, name == "safe_substitute", args, kw)
		}), nil
	case "get_identifiers":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			seen := map[string]bool{}
			var out []starlark.Value
			for _, p := range t.parse() {
				if p.name != "" && !seen[p.name] {
					seen[p.name] = true
					out = append(out, starlark.String(p.name))
				}
			}
			return starlark.NewList(out), nil
		}), nil
	case "is_valid":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			for _, p := range t.parse() {
				if p.bad >= 0 {
					return starlark.False, nil
				}
			}
			return starlark.True, nil
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'Template' object has no attribute '%s'", name))
}
