// Package pyre is Python's re module for locustfiles, running on Go's RE2
// engine (regexp): linear time, no backreferences and no lookaround. A
// pattern that needs them fails to compile with a re.error that says so.
//
// Script-level API:
//
//	re.compile(pattern, flags=0) → Pattern with match, search, fullmatch, findall,
//	  finditer, sub, subn, split, pattern, flags, groups, groupindex
//	re.match/search/fullmatch/findall/finditer/sub/subn/split(pattern, ..., flags=0)
//	re.escape(s), re.purge()
//	re.IGNORECASE (I), MULTILINE (M), DOTALL (S), VERBOSE (X), ASCII (A), UNICODE (U)
//	Match: group(*g), groups(default=None), groupdict(default=None), start(g=0),
//	  end(g=0), span(g=0), expand(template), m[g], string, re, pos, endpos,
//	  lastindex, lastgroup
//	re.error
//
// finditer returns a list; positions are counted in characters as Python
// does.
package pyre

import (
	"fmt"
	"strings"
)

// Flag values, as in Python.
const (
	flagIgnoreCase = 2
	flagLocale     = 4
	flagMultiline  = 8
	flagDotAll     = 16
	flagUnicode    = 32
	flagVerbose    = 64
	flagASCII      = 256
)

// unsupported explains why RE2 cannot run a construct.
type unsupported struct{ what string }

func (u *unsupported) Error() string {
	return fmt.Sprintf("%s is not supported: gust runs regular expressions on Go's RE2 engine, which has no backreferences or lookaround", u.what)
}

// translate turns a Python pattern into RE2 syntax: it strips verbose-mode
// whitespace and comments, rewrites \Z, {,n} and (?P=name), and rejects
// what RE2 lacks.
func translate(p string, flags int) (string, error) {
	verbose := flags&flagVerbose != 0
	// Inline (?x) at the start turns on verbose mode too.
	if strings.HasPrefix(p, "(?") {
		end := strings.IndexAny(p[2:], ":)")
		if end >= 0 && p[2+end] == ')' && strings.ContainsRune(p[2:2+end], 'x') {
			verbose = true
			fl := strings.ReplaceAll(p[2:2+end], "x", "")
			if fl == "" {
				p = p[3+end:]
			} else {
				p = "(?" + fl + ")" + p[3+end:]
			}
		}
	}
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return "", fmt.Errorf("bad escape (end of pattern) at position %d", i)
			}
			n := p[i+1]
			switch {
			case n == 'Z' && !inClass:
				b.WriteString(`\z`)
			case n >= '1' && n <= '9' && !inClass:
				return "", &unsupported{fmt.Sprintf("backreference \\%c", n)}
			case n == 'u' && i+6 <= len(p):
				b.WriteString(`\x{` + p[i+2:i+6] + `}`)
				i += 4
			case n == 'U' && i+10 <= len(p):
				b.WriteString(`\x{` + p[i+2:i+10] + `}`)
				i += 8
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
			b.WriteByte(c)
		case c == '[':
			inClass = true
			b.WriteByte(c)
			// A ']' right after '[' or '[^' is literal.
			if i+1 < len(p) && p[i+1] == '^' {
				b.WriteByte('^')
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				b.WriteString(`\]`)
				i++
			}
		case verbose && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'):
		case verbose && c == '#':
			for i < len(p) && p[i] != '\n' {
				i++
			}
		case c == '(' && strings.HasPrefix(p[i:], "(?"):
			rest := p[i+2:]
			switch {
			case strings.HasPrefix(rest, "P="):
				return "", &unsupported{"named backreference (?P=...)"}
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"):
				return "", &unsupported{"lookahead (?" + rest[:1] + "...)"}
			case strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
				return "", &unsupported{"lookbehind (?" + rest[:2] + "...)"}
			case strings.HasPrefix(rest, ">"):
				return "", &unsupported{"atomic group (?>...)"}
			case strings.HasPrefix(rest, "("):
				return "", &unsupported{"conditional group (?(...)...)"}
			case strings.HasPrefix(rest, "#"):
				end := strings.IndexByte(rest, ')')
				if end < 0 {
					return "", fmt.Errorf("missing ), unterminated comment at position %d", i)
				}
				i += 2 + end
				continue
			}
			b.WriteByte(c)
		case c == '{' && strings.HasPrefix(p[i:], "{,"):
			// Python's {,n} means {0,n}; RE2 would read it literally.
			end := strings.IndexByte(p[i:], '}')
			digits := ""
			if end > 2 {
				digits = p[i+2 : i+end]
			}
			if end > 2 && strings.Trim(digits, "0123456789") == "" {
				b.WriteString("{0," + digits + "}")
				i += end
				continue
			}
			b.WriteString(`\{`)
		default:
			b.WriteByte(c)
		}
	}
	out := b.String()
	var prefix string
	if flags&flagIgnoreCase != 0 {
		prefix += "i"
	}
	if flags&flagMultiline != 0 {
		prefix += "m"
	}
	if flags&flagDotAll != 0 {
		prefix += "s"
	}
	if prefix != "" {
		out = "(?" + prefix + ")" + out
	}
	return out, nil
}

// Escape is re.escape: backslash before every character that is special in
// a pattern.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 128 && strings.ContainsRune("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
