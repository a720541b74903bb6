package pyre

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func builtin(name string, f func(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return f(th, args, kw)
	})
}

// Attr returns the match methods and attributes.
func (m *Match) Attr(name string) (starlark.Value, error) {
	n := m.pat.re.NumSubexp()
	spanOf := func(args starlark.Tuple, kw []starlark.Tuple) (int, int, error) {
		var g starlark.Value = starlark.MakeInt(0)
		if err := starlark.UnpackPositionalArgs(name, args, kw, 0, &g); err != nil {
			return 0, 0, err
		}
		i, err := m.groupIndex(g)
		if err != nil {
			return 0, 0, err
		}
		a, b := m.idx[2*i], m.idx[2*i+1]
		if a < 0 {
			return -1, -1, nil
		}
		return charIndex(m.s, a), charIndex(m.s, b), nil
	}
	switch name {
	case "group":
		return builtin(name, func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			if len(kw) > 0 {
				return nil, pyrt.NewError(pyrt.TypeError, "group() takes no keyword arguments")
			}
			if len(args) == 0 {
				return m.group(0, starlark.None), nil
			}
			out := make(starlark.Tuple, len(args))
			for j, a := range args {
				i, err := m.groupIndex(a)
				if err != nil {
					return nil, err
				}
				out[j] = m.group(i, starlark.None)
			}
			if len(out) == 1 {
				return out[0], nil
			}
			return out, nil
		}), nil
	case "groups":
		return builtin(name, func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var def starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kw, "default?", &def); err != nil {
				return nil, err
			}
			out := make(starlark.Tuple, n)
			for i := range out {
				out[i] = m.group(i+1, def)
			}
			return out, nil
		}), nil
	case "groupdict":
		return builtin(name, func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var def starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kw, "default?", &def); err != nil {
				return nil, err
			}
			d := starlark.NewDict(n)
			for i, gname := range m.pat.re.SubexpNames() {
				if gname != "" {
					_ = d.SetKey(starlark.String(gname), m.group(i, def))
				}
			}
			return d, nil
		}), nil
	case "start", "end", "span":
		return builtin(name, func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			a, b, err := spanOf(args, kw)
			if err != nil {
				return nil, err
			}
			switch name {
			case "start":
				return starlark.MakeInt(a), nil
			case "end":
				return starlark.MakeInt(b), nil
			}
			return starlark.Tuple{starlark.MakeInt(a), starlark.MakeInt(b)}, nil
		}), nil
	case "expand":
		return builtin(name, func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var tmpl string
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &tmpl); err != nil {
				return nil, err
			}
			parts, err := m.pat.parseTemplate(tmpl)
			if err != nil {
				return nil, err
			}
			return starlark.String(expand(parts, m)), nil
		}), nil
	case "string":
		return starlark.String(m.s), nil
	case "re":
		return m.pat, nil
	case "pos":
		return starlark.MakeInt(m.pos), nil
	case "endpos":
		return starlark.MakeInt(m.end), nil
	case "lastindex", "lastgroup":
		last, lastEnd := -1, -1
		for i := 1; i <= n; i++ {
			if m.idx[2*i] >= 0 && m.idx[2*i+1] > lastEnd {
				last, lastEnd = i, m.idx[2*i+1]
			}
		}
		if last < 0 {
			return starlark.None, nil
		}
		if name == "lastindex" {
			return starlark.MakeInt(last), nil
		}
		if g := m.pat.re.SubexpNames()[last]; g != "" {
			return starlark.String(g), nil
		}
		return starlark.None, nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'re.Match' object has no attribute '%s'", name))
}

// AttrNames lists the match API.
func (m *Match) AttrNames() []string {
	return []string{"end", "endpos", "expand", "group", "groupdict", "groups", "lastgroup", "lastindex", "pos", "re", "span", "start", "string"}
}

// tmplPart is a literal or a group reference in a sub() template.
type tmplPart struct {
	lit   string
	group int // -1 for literals
}

// parseTemplate parses Python's replacement syntax: \1, \g<1>, \g<name>
// and the usual character escapes.
func (p *Pattern) parseTemplate(t string) ([]tmplPart, error) {
	var parts []tmplPart
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			parts = append(parts, tmplPart{lit: lit.String(), group: -1})
			lit.Reset()
		}
	}
	ngroups := p.re.NumSubexp()
	ref := func(i, pos int) error {
		if i > ngroups {
			return p.kit.errorf("invalid group reference %d at position %d", i, pos)
		}
		flush()
		parts = append(parts, tmplPart{group: i})
		return nil
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c != '\\' {
			lit.WriteByte(c)
			continue
		}
		if i+1 >= len(t) {
			return nil, p.kit.errorf("bad escape (end of pattern) at position %d", i)
		}
		n := t[i+1]
		switch {
		case n == 'g':
			end := strings.IndexByte(t[i:], '>')
			if i+2 >= len(t) || t[i+2] != '<' || end < 0 {
				return nil, p.kit.errorf("missing < at position %d", i+2)
			}
			name := t[i+3 : i+end]
			if num, err := strconv.Atoi(name); err == nil {
				if err := ref(num, i+3); err != nil {
					return nil, err
				}
			} else {
				gi := p.re.SubexpIndex(name)
				if gi < 0 {
					return nil, pyrt.NewError(pyrt.IndexError, fmt.Sprintf("unknown group name '%s'", name))
				}
				if err := ref(gi, i+3); err != nil {
					return nil, err
				}
			}
			i += end
		case n >= '0' && n <= '9':
			j := i + 2
			if j < len(t) && t[j] >= '0' && t[j] <= '9' {
				j++
			}
			num, _ := strconv.Atoi(t[i+1 : j])
			if n == '0' {
				lit.WriteByte(0)
				i++
				continue
			}
			if err := ref(num, i+1); err != nil {
				return nil, err
			}
			i = j - 1
		default:
			esc := map[byte]string{'n': "\n", 't': "\t", 'r': "\r", 'a': "\a", 'b': "\b", 'f': "\f", 'v': "\v", '\\': "\\"}
			if s, ok := esc[n]; ok {
				lit.WriteString(s)
			} else if (n >= 'a' && n <= 'z') || (n >= 'A' && n <= 'Z') {
				return nil, p.kit.errorf("bad escape \\%c at position %d", n, i)
			} else {
				lit.WriteByte('\\')
				lit.WriteByte(n)
			}
			i++
		}
	}
	flush()
	return parts, nil
}

func expand(parts []tmplPart, m *Match) string {
	var b strings.Builder
	for _, p := range parts {
		if p.group < 0 {
			b.WriteString(p.lit)
			continue
		}
		if a := m.idx[2*p.group]; a >= 0 {
			b.WriteString(m.s[a:m.idx[2*p.group+1]])
		}
	}
	return b.String()
}

// find returns all matches (leftmost-first, non-overlapping) as Match
// values, up to limit (0: all). Python 3.7+ also allows an empty match
// right after a non-empty one, which Go's FindAll skips; those are added
// back when the pattern's match at that point does not depend on the text
// before it (no ^, \A, \b, \B).
func (p *Pattern) find(s string, pos, endpos, limit int) []*Match {
	lo, hi := byteOffset(s, pos), byteOffset(s, endpos)
	if hi < lo {
		return nil
	}
	all := p.re.FindAllStringSubmatchIndex(s[lo:hi], -1)
	contextFree := !strings.Contains(p.src, "^") && !strings.Contains(p.src, `\A`) &&
		!strings.Contains(p.src, `\b`) && !strings.Contains(p.src, `\B`)
	var anchored *regexp.Regexp
	if contextFree {
		anchored, _ = p.anchors()
	}
	var out []*Match
	add := func(idx []int, shift int) bool {
		for k := range idx {
			if idx[k] >= 0 {
				idx[k] += shift
			}
		}
		out = append(out, &Match{pat: p, s: s, idx: idx, pos: pos, end: endpos})
		return limit > 0 && len(out) >= limit
	}
	for i, idx := range all {
		if add(idx, lo) {
			break
		}
		e := idx[1]
		if !contextFree || idx[0] == e || (i+1 < len(all) && all[i+1][0]+lo == e) {
			continue
		}
		if extra := anchored.FindStringSubmatchIndex(s[e:hi]); extra != nil && extra[1] == 0 {
			if add(extra, e) {
				break
			}
		}
	}
	return out
}

// sub implements Pattern.sub/subn.
func (p *Pattern) sub(th *starlark.Thread, repl starlark.Value, s string, count int) (string, int, error) {
	var parts []tmplPart
	fn, isFn := repl.(starlark.Callable)
	if !isFn {
		r, ok := repl.(starlark.String)
		if !ok {
			return "", 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("expected str instance, %s found", modules.TypeName(repl)))
		}
		var err error
		if parts, err = p.parseTemplate(string(r)); err != nil {
			return "", 0, err
		}
	}
	matches := p.find(s, 0, maxsize, max(count, 0))
	var b strings.Builder
	last := 0
	for _, m := range matches {
		b.WriteString(s[last:m.idx[0]])
		if isFn {
			v, err := starlark.Call(th, fn, starlark.Tuple{m}, nil)
			if err != nil {
				return "", 0, err
			}
			str, ok := v.(starlark.String)
			if !ok {
				return "", 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("expected str instance, %s found", modules.TypeName(v)))
			}
			b.WriteString(string(str))
		} else {
			b.WriteString(expand(parts, m))
		}
		last = m.idx[1]
	}
	b.WriteString(s[last:])
	return b.String(), len(matches), nil
}
