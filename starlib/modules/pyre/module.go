package pyre

import (
	"fmt"
	"math"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

const maxsize = math.MaxInt32

func strArg(v starlark.Value) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyrt.NewError(pyrt.TypeError, fmt.Sprintf("expected string or bytes-like object, got '%s'", modules.TypeName(v)))
	}
	return string(s), nil
}

func orNone(m *Match) starlark.Value {
	if m == nil {
		return starlark.None
	}
	return m
}

// matchAt runs match (anchored at pos), fullmatch or search.
func (p *Pattern) matchAt(kind string, s string, pos, endpos int) *Match {
	if endpos > maxsize {
		endpos = maxsize
	}
	pos = max(pos, 0)
	lo, hi := byteOffset(s, pos), byteOffset(s, endpos)
	if hi < lo {
		return nil
	}
	anchored, full := p.anchors()
	re := p.re
	switch kind {
	case "match":
		re = anchored
	case "fullmatch":
		re = full
	}
	idx := re.FindStringSubmatchIndex(s[lo:hi])
	if idx == nil {
		return nil
	}
	for k := range idx {
		if idx[k] >= 0 {
			idx[k] += lo
		}
	}
	return &Match{pat: p, s: s, idx: idx, pos: pos, end: min(endpos, charIndex(s, len(s)))}
}

func (p *Pattern) findall(s string, pos, endpos int) starlark.Value {
	ms := p.find(s, pos, endpos, 0)
	out := make([]starlark.Value, len(ms))
	n := p.re.NumSubexp()
	for i, m := range ms {
		switch n {
		case 0:
			out[i] = m.group(0, starlark.String(""))
		case 1:
			out[i] = m.group(1, starlark.String(""))
		default:
			t := make(starlark.Tuple, n)
			for g := range t {
				t[g] = m.group(g+1, starlark.String(""))
			}
			out[i] = t
		}
	}
	return starlark.NewList(out)
}

func (p *Pattern) split(s string, maxsplit int) starlark.Value {
	var out []starlark.Value
	last := 0
	n := p.re.NumSubexp()
	for _, m := range p.find(s, 0, maxsize, max(maxsplit, 0)) {
		out = append(out, starlark.String(s[last:m.idx[0]]))
		for g := 1; g <= n; g++ {
			out = append(out, m.group(g, starlark.None))
		}
		last = m.idx[1]
	}
	out = append(out, starlark.String(s[last:]))
	return starlark.NewList(out)
}

// Attr returns the pattern methods and attributes.
func (p *Pattern) Attr(name string) (starlark.Value, error) {
	switch name {
	case "pattern":
		return starlark.String(p.pattern), nil
	case "flags":
		return starlark.MakeInt(p.flags), nil
	case "groups":
		return starlark.MakeInt(p.re.NumSubexp()), nil
	case "groupindex":
		d := starlark.NewDict(0)
		for i, n := range p.re.SubexpNames() {
			if n != "" {
				_ = d.SetKey(starlark.String(n), starlark.MakeInt(i))
			}
		}
		return d, nil
	case "match", "search", "fullmatch", "findall", "finditer":
		return builtin(name, func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var sv starlark.Value
			pos, endpos := 0, maxsize
			if err := starlark.UnpackArgs(name, args, kw, "string", &sv, "pos?", &pos, "endpos?", &endpos); err != nil {
				return nil, err
			}
			s, err := strArg(sv)
			if err != nil {
				return nil, err
			}
			return p.run(name, s, pos, endpos), nil
		}), nil
	case "sub", "subn":
		return builtin(name, func(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var repl, sv starlark.Value
			count := 0
			if err := starlark.UnpackArgs(name, args, kw, "repl", &repl, "string", &sv, "count?", &count); err != nil {
				return nil, err
			}
			return p.subValue(th, name, repl, sv, count)
		}), nil
	case "split":
		return builtin(name, func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var sv starlark.Value
			maxsplit := 0
			if err := starlark.UnpackArgs(name, args, kw, "string", &sv, "maxsplit?", &maxsplit); err != nil {
				return nil, err
			}
			s, err := strArg(sv)
			if err != nil {
				return nil, err
			}
			return p.split(s, maxsplit), nil
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'re.Pattern' object has no attribute '%s'", name))
}

// AttrNames lists the pattern API.
func (p *Pattern) AttrNames() []string {
	return []string{"findall", "finditer", "flags", "fullmatch", "groupindex", "groups", "match", "pattern", "search", "split", "sub", "subn"}
}

func (p *Pattern) run(kind, s string, pos, endpos int) starlark.Value {
	switch kind {
	case "findall":
		return p.findall(s, pos, endpos)
	case "finditer":
		ms := p.find(s, pos, endpos, 0)
		out := make([]starlark.Value, len(ms))
		for i, m := range ms {
			out[i] = m
		}
		return starlark.NewList(out)
	}
	return orNone(p.matchAt(kind, s, pos, endpos))
}

func (p *Pattern) subValue(th *starlark.Thread, name string, repl, sv starlark.Value, count int) (starlark.Value, error) {
	s, err := strArg(sv)
	if err != nil {
		return nil, err
	}
	out, n, err := p.sub(th, repl, s, count)
	if err != nil {
		return nil, err
	}
	if name == "subn" {
		return starlark.Tuple{starlark.String(out), starlark.MakeInt(n)}, nil
	}
	return starlark.String(out), nil
}

func (k *kit) pattern(v starlark.Value, flags int) (*Pattern, error) {
	switch x := v.(type) {
	case *Pattern:
		if flags != 0 {
			return nil, pyrt.NewError(pyrt.ValueError, "cannot process flags argument with a compiled pattern")
		}
		return x, nil
	case starlark.String:
		return k.compile(string(x), flags)
	case starlark.Bytes:
		return nil, pyrt.NewError(pyrt.TypeError, "gust's re module works on str patterns only; decode bytes first")
	}
	return nil, pyrt.NewError(pyrt.TypeError, "first argument must be string or compiled pattern")
}

// Module builds the re module.
func Module(*modules.Env) (starlark.Value, error) {
	errCls := pyrt.MustClass("error", []*pyrt.Class{pyrt.Exception}, nil)
	errCls.SetModule("re")
	k := &kit{errCls: errCls, cache: map[cacheKey]*Pattern{}}
	m := starlark.StringDict{
		"error": errCls,
		"compile": builtin("compile", func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var pv starlark.Value
			flags := 0
			if err := starlark.UnpackArgs("compile", args, kw, "pattern", &pv, "flags?", &flags); err != nil {
				return nil, err
			}
			return k.pattern(pv, flags)
		}),
		"escape": builtin("escape", func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackArgs("escape", args, kw, "pattern", &s); err != nil {
				return nil, err
			}
			return starlark.String(Escape(s)), nil
		}),
		"purge": builtin("purge", func(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			k.mu.Lock()
			k.cache = map[cacheKey]*Pattern{}
			k.mu.Unlock()
			return starlark.None, nil
		}),
	}
	for _, name := range []string{"match", "search", "fullmatch", "findall", "finditer"} {
		name := name
		m[name] = builtin(name, func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var pv, sv starlark.Value
			flags := 0
			if err := starlark.UnpackArgs(name, args, kw, "pattern", &pv, "string", &sv, "flags?", &flags); err != nil {
				return nil, err
			}
			p, err := k.pattern(pv, flags)
			if err != nil {
				return nil, err
			}
			s, err := strArg(sv)
			if err != nil {
				return nil, err
			}
			return p.run(name, s, 0, maxsize), nil
		})
	}
	for _, name := range []string{"sub", "subn"} {
		name := name
		m[name] = builtin(name, func(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var pv, repl, sv starlark.Value
			count, flags := 0, 0
			if err := starlark.UnpackArgs(name, args, kw, "pattern", &pv, "repl", &repl, "string", &sv, "count?", &count, "flags?", &flags); err != nil {
				return nil, err
			}
			p, err := k.pattern(pv, flags)
			if err != nil {
				return nil, err
			}
			return p.subValue(th, name, repl, sv, count)
		})
	}
	m["split"] = builtin("split", func(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var pv, sv starlark.Value
		maxsplit, flags := 0, 0
		if err := starlark.UnpackArgs("split", args, kw, "pattern", &pv, "string", &sv, "maxsplit?", &maxsplit, "flags?", &flags); err != nil {
			return nil, err
		}
		p, err := k.pattern(pv, flags)
		if err != nil {
			return nil, err
		}
		s, err := strArg(sv)
		if err != nil {
			return nil, err
		}
		return p.split(s, maxsplit), nil
	})
	for name, v := range map[string]int{"IGNORECASE": flagIgnoreCase, "I": flagIgnoreCase, "MULTILINE": flagMultiline, "M": flagMultiline,
		"DOTALL": flagDotAll, "S": flagDotAll, "VERBOSE": flagVerbose, "X": flagVerbose, "ASCII": flagASCII, "A": flagASCII,
		"UNICODE": flagUnicode, "U": flagUnicode, "NOFLAG": 0} {
		m[name] = starlark.MakeInt(v)
	}
	return modules.NewModule("re", m), nil
}
