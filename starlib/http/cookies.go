package http

import (
	"fmt"
	"net"
	nethttp "net/http"
	"sort"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// cookie is one stored cookie. domain "" matches every host, as a cookie
// a script sets without a domain does in Python's cookie jar.
type cookie struct {
	name, value string
	domain      string // lower case, without a leading dot
	hostOnly    bool
	path        string
	secure      bool
	httpOnly    bool
	expires     time.Time // zero: a session cookie
	seq         uint64
}

func (c *cookie) expired(now time.Time) bool { return !c.expires.IsZero() && !now.Before(c.expires) }

// jar is a per-user cookie store with RFC 6265 matching, the behaviour of
// Python's http.cookiejar with its default policy for ordinary cookies.
// It is owned by one session and never used from two goroutines.
type jar struct {
	cookies []*cookie
	seq     uint64
	// insecureSecure sends Secure cookies over plain http, as Locust's
	// FastHttpSession does (it marks every request as https for the jar).
	insecureSecure bool
}

// put stores c, replacing a cookie with the same name, domain and path.
func (j *jar) put(c *cookie) {
	j.seq++
	c.seq = j.seq
	for i, o := range j.cookies {
		if o.name == c.name && o.domain == c.domain && o.path == c.path {
			c.seq = o.seq
			j.cookies[i] = c
			return
		}
	}
	j.cookies = append(j.cookies, c)
}

// remove deletes cookies matching name and, when non-empty, domain and path.
func (j *jar) remove(name, domain, path string, anyDomain bool) int {
	n := 0
	kept := j.cookies[:0]
	for _, c := range j.cookies {
		if c.name == name && (anyDomain || c.domain == domain) && (path == "" || c.path == path) {
			n++
			continue
		}
		kept = append(kept, c)
	}
	for i := len(kept); i < len(j.cookies); i++ {
		j.cookies[i] = nil
	}
	j.cookies = kept
	return n
}

// defaultPath is the directory of the request path (RFC 6265 5.1.4).
func defaultPath(p string) string {
	if p == "" || p[0] != '/' {
		return "/"
	}
	i := strings.LastIndexByte(p, '/')
	if i == 0 {
		return "/"
	}
	return p[:i]
}

func domainMatch(host, domain string) bool {
	if host == domain {
		return true
	}
	return strings.HasSuffix(host, domain) && host[len(host)-len(domain)-1] == '.' && net.ParseIP(host) == nil
}

func pathMatch(reqPath, cpath string) bool {
	if reqPath == cpath {
		return true
	}
	if strings.HasPrefix(reqPath, cpath) {
		return strings.HasSuffix(cpath, "/") || reqPath[len(cpath)] == '/'
	}
	return false
}

// extract stores the cookie of one Set-Cookie line received for host and
// path; it returns the cookie when it was stored (not rejected, not a
// deletion).
func (j *jar) extract(line, host, reqPath string, now time.Time) *cookie {
	hc, err := nethttp.ParseSetCookie(line)
	if err != nil {
		return nil
	}
	host = strings.ToLower(host)
	c := &cookie{name: hc.Name, value: hc.Value, secure: hc.Secure, httpOnly: hc.HttpOnly}
	if hc.Quoted {
		c.value = `"` + c.value + `"`
	}
	if d := strings.TrimPrefix(strings.ToLower(hc.Domain), "."); d != "" {
		if !domainMatch(host, d) || (d != host && !strings.Contains(d, ".")) {
			return nil
		}
		c.domain = d
	} else {
		c.domain = host
		c.hostOnly = true
	}
	if hc.Path != "" && hc.Path[0] == '/' {
		c.path = hc.Path
	} else {
		c.path = defaultPath(reqPath)
	}
	switch {
	case hc.MaxAge < 0:
		c.expires = time.Unix(1, 0)
	case hc.MaxAge > 0:
		c.expires = now.Add(time.Duration(hc.MaxAge) * time.Second)
	case !hc.Expires.IsZero():
		c.expires = hc.Expires
	}
	if c.expired(now) {
		j.remove(c.name, c.domain, c.path, false)
		return nil
	}
	j.put(c)
	return c
}

// header renders the Cookie header for a request, or "" when no cookie
// applies. extra are per-request cookies (the cookies= argument), which
// override stored ones of the same name.
func (j *jar) header(host, reqPath string, https bool, extra []*cookie, now time.Time) string {
	if len(j.cookies) == 0 && len(extra) == 0 {
		return ""
	}
	host = strings.ToLower(host)
	if reqPath == "" {
		reqPath = "/"
	}
	var sel []*cookie
	for _, c := range j.cookies {
		if c.expired(now) || (c.secure && !https && !j.insecureSecure) || !pathMatch(reqPath, c.path) {
			continue
		}
		if c.domain != "" {
			if c.hostOnly && c.domain != host {
				continue
			}
			if !c.hostOnly && !domainMatch(host, c.domain) {
				continue
			}
		}
		overridden := false
		for _, e := range extra {
			if e.name == c.name {
				overridden = true
			}
		}
		if !overridden {
			sel = append(sel, c)
		}
	}
	sel = append(sel, extra...)
	if len(sel) == 0 {
		return ""
	}
	sort.SliceStable(sel, func(a, b int) bool { return len(sel[a].path) > len(sel[b].path) })
	var b strings.Builder
	for i, c := range sel {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(c.name)
		b.WriteByte('=')
		b.WriteString(c.value)
	}
	return b.String()
}

// Cookies is the script's view of a cookie jar (requests'
// RequestsCookieJar): the session's jar, or the cookies one response set.
//
// Script API: c[name], c[name] = value, name in c, len(c), for cookie in c,
// c.get(name, default=None, domain=None, path=None), c.set(name, value,
// domain=None, path=None), keys(), values(), items(), get_dict(), update(),
// pop(name[, default]), clear(domain=None, path=None, name=None), copy().
type Cookies struct {
	j      *jar
	now    func() time.Time
	frozen bool
}

var (
	_ starlark.HasSetKey = (*Cookies)(nil)
	_ starlark.Sequence  = (*Cookies)(nil)
	_ starlark.HasAttrs  = (*Cookies)(nil)
)

func (c *Cookies) live() []*cookie {
	now := c.now()
	var out []*cookie
	for _, k := range c.j.cookies {
		if !k.expired(now) {
			out = append(out, k)
		}
	}
	return out
}

// String is the requests repr: <RequestsCookieJar[<Cookie a=1 for h/>]>.
func (c *Cookies) String() string {
	var b strings.Builder
	b.WriteString("<RequestsCookieJar[")
	for i, k := range c.live() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString((&Cookie{k}).String())
	}
	b.WriteString("]>")
	return b.String()
}

// PyRepr is the same as String.
func (c *Cookies) PyRepr() string { return c.String() }

// Type returns the Python class name.
func (c *Cookies) Type() string { return "RequestsCookieJar" }

// Freeze makes the view read-only.
func (c *Cookies) Freeze() { c.frozen = true }

// Truth is true when the jar holds a cookie.
func (c *Cookies) Truth() starlark.Bool { return len(c.live()) > 0 }

// Hash fails: jars are unhashable.
func (c *Cookies) Hash() (uint32, error) {
	return 0, pyrt.NewError(pyrt.TypeError, "unhashable type: 'RequestsCookieJar'")
}

// Len is the number of cookies.
func (c *Cookies) Len() int { return len(c.live()) }

// Iterate yields Cookie objects, as iterating a Python cookie jar does.
func (c *Cookies) Iterate() starlark.Iterator {
	live := c.live()
	vals := make([]starlark.Value, len(live))
	for i, k := range live {
		vals[i] = &Cookie{k}
	}
	return &sliceIter{vals: vals}
}

func (c *Cookies) find(name, domain, path string) (*cookie, bool) {
	for _, k := range c.live() {
		if k.name == name && (domain == "" || k.domain == domain) && (path == "" || k.path == path) {
			return k, true
		}
	}
	return nil, false
}

// Get implements c[name] and `name in c`.
func (c *Cookies) Get(k starlark.Value) (starlark.Value, bool, error) {
	name, ok := starlark.AsString(k)
	if !ok {
		return nil, false, nil
	}
	if ck, found := c.find(name, "", ""); found {
		return starlark.String(ck.value), true, nil
	}
	return nil, false, pyrt.NewErrorArgs(pyrt.KeyError, starlark.String(fmt.Sprintf("name=%s, domain=None, path=None", pyrt.QuoteString(name))))
}

// SetKey implements c[name] = value.
func (c *Cookies) SetKey(k, v starlark.Value) error {
	name, ok := starlark.AsString(k)
	if !ok {
		return pyrt.NewError(pyrt.TypeError, "cookie name must be str")
	}
	return c.set(name, v, "", "/")
}

func (c *Cookies) set(name string, v starlark.Value, domain, path string) error {
	if c.frozen {
		return pyrt.NewError(pyrt.TypeError, "cannot modify frozen cookie jar")
	}
	if v == starlark.None {
		c.j.remove(name, domain, path, domain == "")
		return nil
	}
	val, ok := starlark.AsString(v)
	if !ok {
		val = pyrt.Str(v)
	}
	if path == "" {
		path = "/"
	}
	c.j.put(&cookie{name: name, value: val, domain: strings.TrimPrefix(strings.ToLower(domain), "."), path: path})
	return nil
}

var cookieMethods = []string{"clear", "copy", "get", "get_dict", "items", "keys", "pop", "set", "update", "values"}

// AttrNames lists the jar's methods.
func (c *Cookies) AttrNames() []string { return cookieMethods }

// Attr returns a jar method bound to c.
func (c *Cookies) Attr(name string) (starlark.Value, error) {
	for _, m := range cookieMethods {
		if m == name {
			return starlark.NewBuiltin(name, c.method), nil
		}
	}
	return nil, nil
}

func (c *Cookies) method(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	name := b.Name()
	switch name {
	case "get":
		var n string
		var d starlark.Value = starlark.None
		var domain, path starlark.Value = starlark.None, starlark.None
		if err := starlark.UnpackArgs(name, args, kwargs, "name", &n, "default?", &d, "domain?", &domain, "path?", &path); err != nil {
			return nil, err
		}
		if ck, ok := c.find(n, optStr(domain), optStr(path)); ok {
			return starlark.String(ck.value), nil
		}
		return d, nil
	case "set":
		var n string
		var v starlark.Value
		var domain, path starlark.Value = starlark.None, starlark.None
		if err := starlark.UnpackArgs(name, args, kwargs, "name", &n, "value", &v, "domain?", &domain, "path?", &path); err != nil {
			return nil, err
		}
		return starlark.None, c.set(n, v, optStr(domain), optStr(path))
	case "keys", "values", "items":
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		live := c.live()
		out := make([]starlark.Value, len(live))
		for i, k := range live {
			switch name {
			case "keys":
				out[i] = starlark.String(k.name)
			case "values":
				out[i] = starlark.String(k.value)
			default:
				out[i] = starlark.Tuple{starlark.String(k.name), starlark.String(k.value)}
			}
		}
		return starlark.NewList(out), nil
	case "get_dict":
		var domain, path starlark.Value = starlark.None, starlark.None
		if err := starlark.UnpackArgs(name, args, kwargs, "domain?", &domain, "path?", &path); err != nil {
			return nil, err
		}
		d := starlark.NewDict(len(c.j.cookies))
		ds, ps := optStr(domain), optStr(path)
		for _, k := range c.live() {
			if (ds == "" || k.domain == ds) && (ps == "" || k.path == ps) {
				_ = d.SetKey(starlark.String(k.name), starlark.String(k.value))
			}
		}
		return d, nil
	case "update":
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, new(starlark.Value)); err != nil {
			return nil, err
		}
		if other, ok := args[0].(*Cookies); ok {
			for _, k := range other.live() {
				cp := *k
				c.j.put(&cp)
			}
			return starlark.None, nil
		}
		pairs, err := pairsOf(args[0], "update")
		if err != nil {
			return nil, err
		}
		for _, kv := range pairs {
			if err := c.SetKey(kv[0], kv[1]); err != nil {
				return nil, err
			}
		}
		return starlark.None, nil
	case "pop":
		var n string
		var d starlark.Value
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &n, &d); err != nil {
			return nil, err
		}
		ck, ok := c.find(n, "", "")
		if !ok {
			if d != nil {
				return d, nil
			}
			return nil, pyrt.NewErrorArgs(pyrt.KeyError, starlark.String(n))
		}
		c.j.remove(n, "", "", true)
		return starlark.String(ck.value), nil
	case "clear":
		var domain, path, cname starlark.Value = starlark.None, starlark.None, starlark.None
		if err := starlark.UnpackArgs(name, args, kwargs, "domain?", &domain, "path?", &path, "name?", &cname); err != nil {
			return nil, err
		}
		if c.frozen {
			return nil, pyrt.NewError(pyrt.TypeError, "cannot modify frozen cookie jar")
		}
		ds, ps, ns := optStr(domain), optStr(path), optStr(cname)
		kept := c.j.cookies[:0]
		for _, k := range c.j.cookies {
			if (ds == "" || k.domain == ds) && (ps == "" || k.path == ps) && (ns == "" || k.name == ns) {
				continue
			}
			kept = append(kept, k)
		}
		c.j.cookies = kept
		return starlark.None, nil
	case "copy":
		if err := starlark.UnpackPositionalArgs(name, args, kwargs, 0); err != nil {
			return nil, err
		}
		nj := &jar{seq: c.j.seq, insecureSecure: c.j.insecureSecure}
		for _, k := range c.j.cookies {
			cp := *k
			nj.cookies = append(nj.cookies, &cp)
		}
		return &Cookies{j: nj, now: c.now}, nil
	}
	return nil, fmt.Errorf("cookies: unknown method %s", name)
}

// optStr reads an optional str argument (None reads as "").
func optStr(v starlark.Value) string {
	s, _ := starlark.AsString(v)
	return s
}

// Cookie is one cookie as iterating a jar yields it (http.cookiejar.Cookie).
type Cookie struct{ c *cookie }

var _ starlark.HasAttrs = (*Cookie)(nil)

// String is Python's str of a cookie: <Cookie name=value for domain/path>.
func (k *Cookie) String() string {
	return fmt.Sprintf("<Cookie %s=%s for %s%s>", k.c.name, k.c.value, k.c.domain, k.c.path)
}

// Type returns the Python class name.
func (k *Cookie) Type() string { return "Cookie" }

// Freeze does nothing: the attributes are read-only.
func (k *Cookie) Freeze() {}

// Truth is true.
func (k *Cookie) Truth() starlark.Bool { return true }

// Hash hashes by name.
func (k *Cookie) Hash() (uint32, error) { return starlark.String(k.c.name).Hash() }

// AttrNames lists the cookie's attributes.
func (k *Cookie) AttrNames() []string {
	return []string{"domain", "expires", "name", "path", "secure", "value"}
}

// Attr returns a cookie attribute.
func (k *Cookie) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(k.c.name), nil
	case "value":
		return starlark.String(k.c.value), nil
	case "domain":
		return starlark.String(k.c.domain), nil
	case "path":
		return starlark.String(k.c.path), nil
	case "secure":
		return starlark.Bool(k.c.secure), nil
	case "expires":
		if k.c.expires.IsZero() {
			return starlark.None, nil
		}
		return starlark.MakeInt64(k.c.expires.Unix()), nil
	}
	return nil, nil
}
