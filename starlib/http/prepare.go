package http

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/modules/pyjson"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// prepare builds the first request of a call: URL (with params), headers,
// cookies, auth, body and timeouts.
func (s *Session) prepare(th *starlark.Thread, a *reqArgs, built string, out *outgoing) error {
	out.method = strings.ToUpper(a.method)
	raw := built
	enc, err := encodeParams(th, a.params)
	if err != nil {
		return err
	}
	if !s.fast || enc != "" || needsQuote(raw) {
		p := splitURL(raw)
		if !s.fast && p.path == "" && p.netloc != "" {
			p.path = "/"
		}
		q := p.query
		if enc != "" {
			if q != "" {
				q += "&" + enc
			} else {
				q = enc
			}
		}
		raw = joinURL(p, q)
		raw = requoteURI(raw)
	}
	if err := s.setTarget(out, raw); err != nil {
		return err
	}
	if err := s.prepareBody(th, a, out); err != nil {
		return err
	}
	if err := s.prepareHeaders(th, a, out); err != nil {
		return err
	}
	return s.prepareTimeouts(a, out)
}

// prepareBody encodes data=, json= and files= as the client's Python
// counterpart does, recording the content type it implies.
func (s *Session) prepareBody(th *starlark.Thread, a *reqArgs, out *outgoing) error {
	out.ctype = ""
	dataGiven := given(a.data) && bool(a.data.Truth())
	if !dataGiven && given(a.json) {
		opts := pyjson.DefaultOptions()
		opts.AllowNaN = s.fast
		text, err := pyjson.Encode(th, a.json, opts)
		if err != nil {
			var pe *pyrt.Error
			if !s.fast && errors.As(err, &pe) && pe.Class().IsSubclass(pyrt.ValueError) {
				return raise(newExc(s.exc.InvalidJSONError, pe.Value))
			}
			return err
		}
		out.body, out.hasBody, out.ctype = []byte(text), true, "application/json"
		out.jsonBody = true
	}
	if given(a.files) {
		body, ctype, err := encodeMultipart(th, a.files, a.data)
		if err != nil {
			return err
		}
		out.body, out.hasBody, out.ctype, out.textBody = body, true, ctype, false
		return nil
	}
	if !dataGiven {
		return nil
	}
	switch x := a.data.(type) {
	case starlark.String:
		out.body, out.hasBody, out.textBody = textBody(string(x)), true, true
		if s.fast {
			out.ctype = "text/plain; charset=utf-8"
		}
	case starlark.Bytes:
		out.body, out.hasBody = []byte(x), true
		if s.fast {
			out.ctype = "application/octet-stream"
		}
	case starlark.IterableMapping, *starlark.List, starlark.Tuple:
		form, err := encodeForm(th, a.data, !s.fast)
		if err != nil {
			return err
		}
		out.body, out.hasBody = []byte(form), true
		out.ctype = "application/x-www-form-urlencoded"
		if s.fast {
			out.ctype += "; charset=utf-8"
		}
	default:
		b, err := readFileObject(th, a.data)
		if err != nil {
			return err
		}
		out.body, out.hasBody = b, true
	}
	return nil
}

// prepareHeaders merges the session's headers with the call's, then adds
// the body's content type, cookies and Authorization.
func (s *Session) prepareHeaders(th *starlark.Thread, a *reqArgs, out *outgoing) error {
	hb := headerBuilder{fs: s.headers.snapshot()}
	if given(a.headers) {
		pairs, err := pairsOf(a.headers, "headers")
		if err != nil {
			return err
		}
		for _, kv := range pairs {
			name, ok := starlark.AsString(kv[0])
			if !ok {
				return pyrt.NewError(pyrt.TypeError, "header names must be str")
			}
			if kv[1] == starlark.None {
				hb.del(name)
				continue
			}
			v, err := headerValue(name, kv[1])
			if err != nil {
				return err
			}
			hb.set(name, v, true)
		}
	}
	if s.fast {
		hb.set("Accept-Encoding", "gzip, deflate, br", false)
		if out.jsonBody {
			hb.set("Content-Type", "application/json", false)
			hb.set("Accept", "application/json", false)
		}
		if given(a.files) {
			hb.set("Content-Type", out.ctype, true)
		}
	}
	if out.ctype != "" {
		hb.set("Content-Type", out.ctype, false)
	}
	extra, err := s.requestCookies(th, a.cookies)
	if err != nil {
		return err
	}
	s.extraCookies = extra
	if findField(hb.fs, "Cookie") < 0 {
		if c := s.jar.header(out.hostname, pathOnly(out.requestURI), out.scheme == "https", extra, time.Now()); c != "" {
			hb.set("Cookie", c, true)
		}
	}
	auth, err := s.authHeader(a.auth, out)
	if err != nil {
		return err
	}
	if auth != "" {
		hb.set("Authorization", auth, true)
	}
	out.headers = hb.fs
	return nil
}

// headerBuilder merges headers onto the session's (shared, read-only)
// list, copying it on the first change only.
type headerBuilder struct {
	fs    []field
	owned bool
}

func (b *headerBuilder) own() {
	if !b.owned {
		b.fs = append(make([]field, 0, len(b.fs)+4), b.fs...)
		b.owned = true
	}
}

// set adds or (with override) replaces a header.
func (b *headerBuilder) set(name, value string, override bool) {
	i := findField(b.fs, name)
	if i >= 0 && !override {
		return
	}
	b.own()
	if i >= 0 {
		b.fs[i] = field{name, value}
	} else {
		b.fs = append(b.fs, field{name, value})
	}
}

func (b *headerBuilder) del(name string) {
	if i := findField(b.fs, name); i >= 0 {
		b.own()
		b.fs = append(b.fs[:i], b.fs[i+1:]...)
	}
}

// requestCookies reads the cookies= argument (a dict, pairs or a jar).
func (s *Session) requestCookies(th *starlark.Thread, v starlark.Value) ([]*cookie, error) {
	if !given(v) {
		return nil, nil
	}
	if c, ok := v.(*Cookies); ok {
		return append([]*cookie(nil), c.j.cookies...), nil
	}
	pairs, err := pairsOf(v, "cookies")
	if err != nil {
		return nil, err
	}
	out := make([]*cookie, 0, len(pairs))
	for _, kv := range pairs {
		if kv[1] == starlark.None {
			continue
		}
		out = append(out, &cookie{name: formValue(th, kv[0]), value: formValue(th, kv[1]), path: "/"})
	}
	return out, nil
}

// authHeader is the Authorization value of a call: auth= first, then the
// session's auth, then user:pass@ in the host or URL.
func (s *Session) authHeader(auth starlark.Value, out *outgoing) (string, error) {
	if !given(auth) {
		auth = s.auth
	}
	if given(auth) {
		t, ok := auth.(starlark.Indexable)
		if !ok || t.Len() != 2 || !isTupleOrList(auth) {
			return "", pyrt.NewError(pyrt.TypeError, "auth must be a (user, password) tuple")
		}
		return basicAuth(formValue(nil, t.Index(0)), formValue(nil, t.Index(1))), nil
	}
	if s.urlAuth != "" {
		return s.urlAuth, nil
	}
	if p := splitURL(out.url); strings.Contains(p.netloc, "@") {
		ui := p.netloc[:strings.LastIndexByte(p.netloc, '@')]
		user, pass, _ := strings.Cut(ui, ":")
		u, _ := url.PathUnescape(user)
		pw, _ := url.PathUnescape(pass)
		return basicAuth(u, pw), nil
	}
	return "", nil
}

// prepareTimeouts reads timeout= (a number or a (connect, read) tuple) and
// verify=.
func (s *Session) prepareTimeouts(a *reqArgs, out *outgoing) error {
	verify := s.verify
	if a.verify != nil {
		verify = a.verify
	}
	out.insecure = !bool(verify.Truth())
	out.stream = a.stream
	if !given(a.timeout) {
		return nil
	}
	conv := func(v starlark.Value) (time.Duration, string, error) {
		if v == starlark.None {
			return 0, "None", nil
		}
		f, ok := starlark.AsFloat(v)
		if !ok {
			return 0, "", pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Timeout value connect was %s, but it must be an int, float or None.", pyrt.Repr(v)))
		}
		if f <= 0 {
			return 0, "", pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Attempted to set connect timeout to %s, but the timeout cannot be set to a value less than or equal to 0.", pyrt.Repr(v)))
		}
		return time.Duration(f * float64(time.Second)), pyrt.Repr(v), nil
	}
	if t, ok := a.timeout.(starlark.Tuple); ok {
		if t.Len() != 2 {
			return pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Invalid timeout %s. Pass a (connect, read) timeout tuple, or a single float to set both timeouts to the same value.", pyrt.Repr(t)))
		}
		c, ctext, err := conv(t[0])
		if err != nil {
			return err
		}
		r, rtext, err := conv(t[1])
		if err != nil {
			return err
		}
		out.connectTimeout, out.readTimeout, out.timeoutText = c, r, rtext
		if out.readTimeout == 0 {
			out.timeoutText = ctext
		}
		out.connectTimeoutText = ctext
		return nil
	}
	d, text, err := conv(a.timeout)
	if err != nil {
		return err
	}
	out.connectTimeout, out.readTimeout, out.timeoutText, out.connectTimeoutText = d, d, text, text
	return nil
}
