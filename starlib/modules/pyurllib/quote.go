// Package pyurllib is Python's urllib.parse (and the urllib package that
// holds it) for locustfiles.
//
// Script-level API:
//
//	urllib.parse.quote(string, safe='/'), quote_plus(string, safe=''), unquote(string),
//	unquote_plus(string), quote_from_bytes, unquote_to_bytes,
//	urlencode(query, doseq=False, safe='', quote_via=quote_plus),
//	urlparse(url, scheme='', allow_fragments=True) → ParseResult, urlsplit → SplitResult
//	  (named fields; .hostname, .port, .username, .password, .geturl()),
//	urlunparse(parts), urlunsplit(parts), urljoin(base, url), urldefrag(url),
//	parse_qs(qs, keep_blank_values=False), parse_qsl(qs, keep_blank_values=False)
package pyurllib

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

const alwaysSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"

// QuoteBytes percent-encodes every byte outside the always-safe set and
// safe, as urllib.parse.quote does.
func QuoteBytes(b []byte, safe string) string {
	var out strings.Builder
	for _, c := range b {
		if strings.IndexByte(alwaysSafe, c) >= 0 || (c < 0x80 && strings.IndexByte(safe, c) >= 0) {
			out.WriteByte(c)
		} else {
			fmt.Fprintf(&out, "%%%02X", c)
		}
	}
	return out.String()
}

// Quote is quote(s, safe).
func Quote(s, safe string) string { return QuoteBytes([]byte(s), safe) }

// QuotePlus is quote_plus(s, safe): spaces become '+'.
func QuotePlus(s, safe string) string {
	if !strings.Contains(s, " ") {
		return Quote(s, safe)
	}
	return strings.ReplaceAll(Quote(s, safe+" "), " ", "+")
}

func unhex(c byte) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// UnquoteBytes decodes %XX escapes; malformed ones stay as they are.
func UnquoteBytes(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if h, l := unhex(s[i+1]), unhex(s[i+2]); h >= 0 && l >= 0 {
				out = append(out, byte(h<<4|l))
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

// Unquote decodes %XX escapes as UTF-8, replacing invalid sequences with
// U+FFFD (errors='replace').
func Unquote(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := UnquoteBytes(s)
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

// text reads a str or bytes argument as bytes.
func text(v starlark.Value, what string) ([]byte, error) {
	switch x := v.(type) {
	case starlark.String:
		return []byte(x), nil
	case starlark.Bytes:
		return []byte(x), nil
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() argument must be str or bytes, not '%s'", what, modules.TypeName(v)))
}

func quoteFn(name, defSafe string, plus bool) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var sv, safev, enc, errs starlark.Value = nil, starlark.String(defSafe), starlark.None, starlark.None
		if err := starlark.UnpackArgs(name, args, kw, "string", &sv, "safe?", &safev, "encoding?", &enc, "errors?", &errs); err != nil {
			return nil, err
		}
		if name == "quote_from_bytes" {
			if _, ok := sv.(starlark.Bytes); !ok {
				return nil, pyrt.NewError(pyrt.TypeError, "quote_from_bytes() expected bytes")
			}
		}
		data, err := text(sv, name)
		if err != nil {
			return nil, pyrt.NewError(pyrt.TypeError, "quote() doesn't support '"+modules.TypeName(sv)+"' objects")
		}
		safeb, err := text(safev, name)
		if err != nil {
			return nil, err
		}
		safe := string(safeb)
		if plus && strings.IndexByte(string(data), ' ') >= 0 {
			return starlark.String(strings.ReplaceAll(QuoteBytes(data, safe+" "), " ", "+")), nil
		}
		return starlark.String(QuoteBytes(data, safe)), nil
	})
}

func unquoteFn(name string, plus, toBytes bool) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var sv, enc, errs starlark.Value = nil, starlark.None, starlark.None
		if err := starlark.UnpackArgs(name, args, kw, "string", &sv, "encoding?", &enc, "errors?", &errs); err != nil {
			return nil, err
		}
		data, err := text(sv, name)
		if err != nil {
			return nil, err
		}
		s := string(data)
		if plus {
			s = strings.ReplaceAll(s, "+", " ")
		}
		if toBytes {
			return starlark.Bytes(UnquoteBytes(s)), nil
		}
		if _, isBytes := sv.(starlark.Bytes); isBytes && name == "unquote" {
			return starlark.String(Unquote(s)), nil
		}
		return starlark.String(Unquote(s)), nil
	})
}

// ParseQSL is parse_qsl.
func ParseQSL(qs string, keepBlank, strict bool, sep string) ([][2]string, error) {
	var out [][2]string
	if qs == "" {
		return nil, nil
	}
	for _, nv := range strings.Split(qs, sep) {
		if nv == "" && !strict {
			continue
		}
		name, value, ok := strings.Cut(nv, "=")
		if !ok {
			if strict {
				return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("bad query field: %s", pyrt.QuoteString(nv)))
			}
			if !keepBlank {
				continue
			}
		}
		if value != "" || keepBlank {
			out = append(out, [2]string{Unquote(strings.ReplaceAll(name, "+", " ")), Unquote(strings.ReplaceAll(value, "+", " "))})
		}
	}
	return out, nil
}

func parseQS(name string, asDict bool) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var qsv, enc, errs, maxf starlark.Value = nil, starlark.None, starlark.None, starlark.None
		keep, strict, sep := false, false, "&"
		if err := starlark.UnpackArgs(name, args, kw, "qs", &qsv, "keep_blank_values?", &keep, "strict_parsing?", &strict,
			"encoding?", &enc, "errors?", &errs, "max_num_fields?", &maxf, "separator?", &sep); err != nil {
			return nil, err
		}
		data, err := text(qsv, name)
		if err != nil {
			return nil, err
		}
		pairs, err := ParseQSL(string(data), keep, strict, sep)
		if err != nil {
			return nil, err
		}
		if maxf != starlark.None {
			n, err := modules.Int(maxf, name)
			if err != nil {
				return nil, err
			}
			if int64(len(pairs)) > n {
				return nil, pyrt.NewError(pyrt.ValueError, "Max number of fields exceeded")
			}
		}
		if !asDict {
			out := make([]starlark.Value, len(pairs))
			for i, p := range pairs {
				out[i] = starlark.Tuple{starlark.String(p[0]), starlark.String(p[1])}
			}
			return starlark.NewList(out), nil
		}
		d := starlark.NewDict(len(pairs))
		for _, p := range pairs {
			k := starlark.String(p[0])
			v, found, _ := d.Get(k)
			if !found {
				v = starlark.NewList(nil)
				_ = d.SetKey(k, v)
			}
			_ = v.(*starlark.List).Append(starlark.String(p[1]))
		}
		return d, nil
	})
}

// urlencode implements urlencode(query, doseq, safe, quote_via).
func urlencode(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var query, enc, errs, via starlark.Value = nil, starlark.None, starlark.None, starlark.None
	doseq := false
	var safev starlark.Value = starlark.String("")
	if err := starlark.UnpackArgs("urlencode", args, kw, "query", &query, "doseq?", &doseq, "safe?", &safev,
		"encoding?", &enc, "errors?", &errs, "quote_via?", &via); err != nil {
		return nil, err
	}
	safeb, err := text(safev, "urlencode")
	if err != nil {
		return nil, err
	}
	safe := string(safeb)
	q := func(v starlark.Value) (string, error) {
		if via != starlark.None {
			r, err := starlark.Call(th, via, starlark.Tuple{v, starlark.String(safe)}, nil)
			if err != nil {
				return "", err
			}
			return pyrt.StrThread(th, r), nil
		}
		switch x := v.(type) {
		case starlark.Bytes:
			return strings.ReplaceAll(QuoteBytes([]byte(x), safe+" "), " ", "+"), nil
		case starlark.String:
			return QuotePlus(string(x), safe), nil
		}
		return QuotePlus(pyrt.StrThread(th, v), safe), nil
	}
	var pairs []starlark.Tuple
	if m, ok := query.(starlark.IterableMapping); ok {
		pairs = m.Items()
	} else {
		items, err := modules.Elements(th, query)
		if err != nil || query.Type() == "string" {
			return nil, pyrt.NewError(pyrt.TypeError, "not a valid non-string sequence or mapping object")
		}
		for _, it := range items {
			kv, err := modules.Elements(th, it)
			if err != nil || len(kv) != 2 {
				return nil, pyrt.NewError(pyrt.TypeError, "not a valid non-string sequence or mapping object")
			}
			pairs = append(pairs, starlark.Tuple(kv))
		}
	}
	var parts []string
	for _, kv := range pairs {
		k, err := q(kv[0])
		if err != nil {
			return nil, err
		}
		v := kv[1]
		switch x := v.(type) {
		case starlark.String, starlark.Bytes:
		default:
			if doseq {
				if _, isIter := x.(starlark.Iterable); isIter {
					elems, err := modules.Elements(th, x)
					if err != nil {
						return nil, err
					}
					for _, e := range elems {
						s, err := q(e)
						if err != nil {
							return nil, err
						}
						parts = append(parts, k+"="+s)
					}
					continue
				}
			}
		}
		s, err := q(v)
		if err != nil {
			return nil, err
		}
		parts = append(parts, k+"="+s)
	}
	return starlark.String(strings.Join(parts, "&")), nil
}
