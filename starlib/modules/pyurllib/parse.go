package pyurllib

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

const schemeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."

var (
	usesParams   = set("", "ftp", "hdl", "prospero", "http", "imap", "https", "shttp", "rtsp", "rtspu", "sip", "sips", "mms", "sftp", "tel")
	usesNetloc   = set("", "ftp", "http", "gopher", "nntp", "telnet", "imap", "wais", "file", "mms", "https", "shttp", "snews", "prospero", "rtsp", "rtspu", "rsync", "svn", "svn+ssh", "sftp", "nfs", "git", "git+ssh", "ws", "wss")
	usesRelative = set("", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https", "shttp", "mms", "prospero", "rtsp", "rtspu", "sftp", "svn", "svn+ssh", "ws", "wss")
)

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Split is urlsplit's result.
type Split struct{ Scheme, Netloc, Path, Query, Fragment string }

// URLSplit is urllib.parse.urlsplit.
func URLSplit(url, scheme string, allowFragments bool) (Split, error) {
	url = strings.TrimLeft(url, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	for _, c := range []string{"\t", "\r", "\n"} {
		url = strings.ReplaceAll(url, c, "")
		scheme = strings.ReplaceAll(scheme, c, "")
	}
	var s Split
	s.Scheme = scheme
	if i := strings.IndexByte(url, ':'); i > 0 {
		c := url[0]
		if c < 0x80 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') && strings.Trim(url[:i], schemeChars) == "" {
			s.Scheme, url = strings.ToLower(url[:i]), url[i+1:]
		}
	}
	if strings.HasPrefix(url, "//") {
		delim := len(url)
		for _, c := range "/?#" {
			if w := strings.IndexRune(url[2:], c); w >= 0 && w+2 < delim {
				delim = w + 2
			}
		}
		s.Netloc, url = url[2:delim], url[delim:]
		if strings.Contains(s.Netloc, "[") != strings.Contains(s.Netloc, "]") {
			return s, pyrt.NewError(pyrt.ValueError, "Invalid IPv6 URL")
		}
	}
	if allowFragments {
		url, s.Fragment, _ = strings.Cut(url, "#")
	}
	url, s.Query, _ = strings.Cut(url, "?")
	s.Path = url
	return s, nil
}

// URLUnsplit is urllib.parse.urlunsplit.
func URLUnsplit(s Split) string {
	url := s.Path
	if s.Netloc != "" || (s.Scheme != "" && usesNetloc[s.Scheme] && !strings.HasPrefix(url, "//")) {
		if url != "" && url[0] != '/' {
			url = "/" + url
		}
		url = "//" + s.Netloc + url
	}
	if s.Scheme != "" {
		url = s.Scheme + ":" + url
	}
	if s.Query != "" {
		url += "?" + s.Query
	}
	if s.Fragment != "" {
		url += "#" + s.Fragment
	}
	return url
}

// splitParams separates ;params from the last path segment.
func splitParams(path string) (string, string) {
	var i int
	if j := strings.LastIndexByte(path, '/'); j >= 0 {
		i = strings.IndexByte(path[j:], ';')
		if i < 0 {
			return path, ""
		}
		i += j
	} else {
		i = strings.IndexByte(path, ';')
	}
	return path[:i], path[i+1:]
}

// Parsed is urlparse's result.
type Parsed struct {
	Split
	Params string
}

// URLParse is urllib.parse.urlparse.
func URLParse(url, scheme string, allowFragments bool) (Parsed, error) {
	s, err := URLSplit(url, scheme, allowFragments)
	if err != nil {
		return Parsed{}, err
	}
	p := Parsed{Split: s}
	if usesParams[s.Scheme] && strings.Contains(s.Path, ";") {
		p.Path, p.Params = splitParams(s.Path)
	}
	return p, nil
}

// URLUnparse is urllib.parse.urlunparse.
func URLUnparse(p Parsed) string {
	s := p.Split
	if p.Params != "" {
		s.Path += ";" + p.Params
	}
	return URLUnsplit(s)
}

// URLJoin is urllib.parse.urljoin.
func URLJoin(base, url string, allowFragments bool) (string, error) {
	if base == "" {
		return url, nil
	}
	if url == "" {
		return base, nil
	}
	b, err := URLParse(base, "", allowFragments)
	if err != nil {
		return "", err
	}
	u, err := URLParse(url, b.Scheme, allowFragments)
	if err != nil {
		return "", err
	}
	if u.Scheme != b.Scheme || !usesRelative[u.Scheme] {
		return url, nil
	}
	if usesNetloc[u.Scheme] {
		if u.Netloc != "" {
			return URLUnparse(u), nil
		}
		u.Netloc = b.Netloc
	}
	if u.Path == "" && u.Params == "" {
		u.Path, u.Params = b.Path, b.Params
		if u.Query == "" {
			u.Query = b.Query
		}
		return URLUnparse(u), nil
	}
	baseParts := strings.Split(b.Path, "/")
	if baseParts[len(baseParts)-1] != "" {
		baseParts = baseParts[:len(baseParts)-1]
	}
	var segments []string
	if strings.HasPrefix(u.Path, "/") {
		segments = strings.Split(u.Path, "/")
	} else {
		segments = append(append([]string(nil), baseParts...), strings.Split(u.Path, "/")...)
		if len(segments) > 2 {
			mid := segments[1 : len(segments)-1]
			kept := []string{segments[0]}
			for _, s := range mid {
				if s != "" {
					kept = append(kept, s)
				}
			}
			segments = append(kept, segments[len(segments)-1])
		}
	}
	var resolved []string
	for _, seg := range segments {
		switch seg {
		case "..":
			if len(resolved) > 0 {
				resolved = resolved[:len(resolved)-1]
			}
		case ".":
		default:
			resolved = append(resolved, seg)
		}
	}
	if last := segments[len(segments)-1]; last == "." || last == ".." {
		resolved = append(resolved, "")
	}
	u.Path = strings.Join(resolved, "/")
	if u.Path == "" {
		u.Path = "/"
	}
	return URLUnparse(u), nil
}

// netlocAttr serves hostname, port, username and password.
func netlocAttr(netloc, name string) (starlark.Value, bool, error) {
	userinfo, hostinfo, hasInfo := "", netloc, false
	if i := strings.LastIndexByte(netloc, '@'); i >= 0 {
		userinfo, hostinfo, hasInfo = netloc[:i], netloc[i+1:], true
	}
	var hostname, port string
	if i := strings.IndexByte(hostinfo, '['); i >= 0 {
		bracketed := hostinfo[i+1:]
		hostname, port, _ = strings.Cut(bracketed, "]")
		_, port, _ = strings.Cut(port, ":")
		hostname, _, _ = strings.Cut(hostname, "%")
	} else {
		hostname, port, _ = strings.Cut(hostinfo, ":")
	}
	switch name {
	case "hostname":
		if hostname == "" {
			return starlark.None, true, nil
		}
		return starlark.String(strings.ToLower(hostname)), true, nil
	case "port":
		if port == "" {
			return starlark.None, true, nil
		}
		n, err := strconv.Atoi(port)
		if err != nil || strings.Trim(port, "0123456789") != "" {
			return nil, true, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Port could not be cast to integer value as %s", pyrt.QuoteString(port)))
		}
		if n < 0 || n > 65535 {
			return nil, true, pyrt.NewError(pyrt.ValueError, "Port out of range 0-65535")
		}
		return starlark.MakeInt(n), true, nil
	case "username", "password":
		if !hasInfo {
			return starlark.None, true, nil
		}
		user, pass, hasPass := strings.Cut(userinfo, ":")
		if name == "username" {
			return starlark.String(user), true, nil
		}
		if !hasPass {
			return starlark.None, true, nil
		}
		return starlark.String(pass), true, nil
	}
	return nil, false, nil
}

func strs(nt *modules.NamedTuple) []string {
	t := nt.Tuple()
	out := make([]string, len(t))
	for i, v := range t {
		out[i] = pyrt.Str(v)
	}
	return out
}

// The result types (immutable after construction).
var (
	splitResult = &modules.NamedTupleType{Typename: "SplitResult", Fields: []string{"scheme", "netloc", "path", "query", "fragment"}, Module: "urllib.parse",
		Extra: func(nt *modules.NamedTuple, name string) (starlark.Value, bool, error) {
			if name == "geturl" {
				return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
					f := strs(nt)
					return starlark.String(URLUnsplit(Split{f[0], f[1], f[2], f[3], f[4]})), nil
				}), true, nil
			}
			return netlocAttr(pyrt.Str(nt.Field("netloc")), name)
		}}
	parseResult = &modules.NamedTupleType{Typename: "ParseResult", Fields: []string{"scheme", "netloc", "path", "params", "query", "fragment"}, Module: "urllib.parse",
		Extra: func(nt *modules.NamedTuple, name string) (starlark.Value, bool, error) {
			if name == "geturl" {
				return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
					f := strs(nt)
					return starlark.String(URLUnparse(Parsed{Split{f[0], f[1], f[2], f[4], f[5]}, f[3]})), nil
				}), true, nil
			}
			return netlocAttr(pyrt.Str(nt.Field("netloc")), name)
		}}
	defragResult = &modules.NamedTupleType{Typename: "DefragResult", Fields: []string{"url", "fragment"}, Module: "urllib.parse"}
)

func sv(s string) starlark.Value { return starlark.String(s) }

func parts(th *starlark.Thread, v starlark.Value, n int, name string) ([]string, error) {
	items, err := modules.Elements(th, v)
	if err != nil {
		return nil, err
	}
	if len(items) != n {
		return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("not enough values to unpack (expected %d, got %d)", n, len(items)))
	}
	out := make([]string, n)
	for i, it := range items {
		s, ok := it.(starlark.String)
		if !ok {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() argument items must be str", name))
		}
		out[i] = string(s)
	}
	return out, nil
}
