package pyurllib

import (
	"github.com/gust-load/gust/starlib/modules"
	"go.starlark.net/starlark"
)

func urlArgs(name string, args starlark.Tuple, kw []starlark.Tuple) (string, string, bool, error) {
	var url, scheme string
	allow := true
	err := starlark.UnpackArgs(name, args, kw, "url", &url, "scheme?", &scheme, "allow_fragments?", &allow)
	return url, scheme, allow, err
}

// ParseModule builds urllib.parse.
func ParseModule(*modules.Env) (starlark.Value, error) {
	return modules.NewModule("urllib.parse", starlark.StringDict{
		"quote":            quoteFn("quote", "/", false),
		"quote_plus":       quoteFn("quote_plus", "", true),
		"quote_from_bytes": quoteFn("quote_from_bytes", "/", false),
		"unquote":          unquoteFn("unquote", false, false),
		"unquote_plus":     unquoteFn("unquote_plus", true, false),
		"unquote_to_bytes": unquoteFn("unquote_to_bytes", false, true),
		"urlencode":        starlark.NewBuiltin("urlencode", urlencode),
		"parse_qs":         parseQS("parse_qs", true),
		"parse_qsl":        parseQS("parse_qsl", false),
		"SplitResult":      splitResult,
		"ParseResult":      parseResult,
		"urlsplit": starlark.NewBuiltin("urlsplit", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			url, scheme, allow, err := urlArgs(b.Name(), args, kw)
			if err != nil {
				return nil, err
			}
			s, err := URLSplit(url, scheme, allow)
			if err != nil {
				return nil, err
			}
			return splitResult.New(sv(s.Scheme), sv(s.Netloc), sv(s.Path), sv(s.Query), sv(s.Fragment)), nil
		}),
		"urlparse": starlark.NewBuiltin("urlparse", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			url, scheme, allow, err := urlArgs(b.Name(), args, kw)
			if err != nil {
				return nil, err
			}
			p, err := URLParse(url, scheme, allow)
			if err != nil {
				return nil, err
			}
			return parseResult.New(sv(p.Scheme), sv(p.Netloc), sv(p.Path), sv(p.Params), sv(p.Query), sv(p.Fragment)), nil
		}),
		"urlunsplit": starlark.NewBuiltin("urlunsplit", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &v); err != nil {
				return nil, err
			}
			f, err := parts(th, v, 5, b.Name())
			if err != nil {
				return nil, err
			}
			return sv(URLUnsplit(Split{f[0], f[1], f[2], f[3], f[4]})), nil
		}),
		"urlunparse": starlark.NewBuiltin("urlunparse", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &v); err != nil {
				return nil, err
			}
			f, err := parts(th, v, 6, b.Name())
			if err != nil {
				return nil, err
			}
			return sv(URLUnparse(Parsed{Split{f[0], f[1], f[2], f[4], f[5]}, f[3]})), nil
		}),
		"urljoin": starlark.NewBuiltin("urljoin", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var base, url string
			allow := true
			if err := starlark.UnpackArgs(b.Name(), args, kw, "base", &base, "url", &url, "allow_fragments?", &allow); err != nil {
				return nil, err
			}
			s, err := URLJoin(base, url, allow)
			return sv(s), err
		}),
		"urldefrag": starlark.NewBuiltin("urldefrag", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var url string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &url); err != nil {
				return nil, err
			}
			if !containsHash(url) {
				return defragResult.New(sv(url), sv("")), nil
			}
			p, err := URLParse(url, "", true)
			if err != nil {
				return nil, err
			}
			frag := p.Fragment
			p.Fragment = ""
			return defragResult.New(sv(URLUnparse(p)), sv(frag)), nil
		}),
	}), nil
}

func containsHash(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' {
			return true
		}
	}
	return false
}

// Module builds the urllib package, whose parse attribute is urllib.parse.
func Module(env *modules.Env) (starlark.Value, error) {
	p, err := ParseModule(env)
	if err != nil {
		return nil, err
	}
	m := modules.NewModule("urllib", starlark.StringDict{"parse": p})
	m.Hints = map[string]string{
		"request": "make HTTP requests with self.client in an HttpUser, so they are measured",
		"error":   "HTTP errors surface on self.client's responses",
	}
	return m, nil
}
