package http

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/modules/pyjson"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

// absoluteURL is Locust's absolute_http_url_regexp.
var absoluteURL = regexp.MustCompile(`(?i)^https?://`)

// buildURL joins the base URL and a path exactly as Locust does: plain
// concatenation unless the path is an absolute http(s) URL.
func (s *Session) buildURL(path string) string {
	if len(path) >= 7 && (path[0] == 'h' || path[0] == 'H') && absoluteURL.MatchString(path) {
		return path
	}
	return s.baseURL + path
}

// do performs one request call: prepare, send (following redirects),
// measure, and report unless the script asked for catch_response.
func (s *Session) do(th *starlark.Thread, a *reqArgs) (starlark.Value, error) {
	ctx := thread.Context(th)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.closeStreams()
	name := ""
	if given(a.name) && bool(a.name.Truth()) {
		name = pyrt.StrThread(th, a.name)
	} else if s.requestName != "" {
		name = s.requestName
	}
	built := s.buildURL(a.url)
	r := &Response{s: s, catch: a.catch}
	if err := s.prepare(th, a, built, &r.req); err != nil {
		return nil, err
	}
	start := time.Now()
	final, err := s.send(ctx, a, r, built)
	if err != nil {
		return nil, err
	}
	if final.stream != nil {
		s.streams = append(s.streams, final)
	}
	m := &final.meta
	m.method, m.start, m.context = a.method, start, a.context
	if m.context == nil {
		m.context = starlark.None
	}
	if s.fast {
		m.url = built
		if name == "" {
			name = a.url
		}
	} else {
		first := final
		if len(final.history) > 0 {
			first = final.history[0]
		}
		m.url = first.req.url
		if name == "" {
			name = first.req.requestURI
		}
	}
	m.name = name
	if final.stream != nil {
		if cl, ok := final.header("content-length"); ok {
			m.length, _ = strconv.ParseInt(strings.TrimSpace(cl), 10, 64)
		}
	} else {
		m.length = int64(len(final.body))
	}
	m.rt = time.Since(start)
	if !final.catch {
		final.exception = final.statusFailure()
		if err := final.report(th); err != nil {
			return nil, err
		}
	}
	return final, nil
}

// send performs the exchanges of one call: the request, then the
// redirects it is allowed to follow. Transport failures become an error
// response; only a stopped user (cancellation) is returned as an error.
func (s *Session) send(ctx context.Context, a *reqArgs, r *Response, built string) (*Response, error) {
	follow := s.fast || a.fn != mHead
	if a.allowRedirects != nil {
		follow = bool(a.allowRedirects.Truth())
	}
	cur := r
	for hops := 0; ; hops++ {
		in := &cur.in
		err := s.tr.roundTrip(ctx, &cur.req, in)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				if ctx.Err() != nil {
					return nil, err
				}
			}
			return s.failed(cur, classify(err, phaseHead), built), nil
		}
		cur.fill(in)
		if cur.stream != nil && follow && s.isRedirect(cur) {
			b, err := cur.stream.readAll(ctx)
			cur.stream = nil
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return s.failed(cur, classify(err, phaseBody), built), nil
			}
			cur.body = b
		}
		s.extractCookies(cur)
		if s.fast && !fastValidStatus(cur.status) {
			cur.errVal = s.exc.newBadStatus(cur.req.url, cur.status)
			cur.errVal.SetFieldDirect("response", cur)
			return cur, nil
		}
		if !follow || !s.isRedirect(cur) || (s.fast && s.maxRedirects <= 0) {
			return cur, nil
		}
		if hops >= s.maxRedirects {
			return s.failed(cur, &transportError{kind: errTooManyRedirects}, built), nil
		}
		next := &Response{s: s, catch: cur.catch}
		if err := s.redirect(&cur.req, &next.req, cur); err != nil {
			return s.failed(cur, &transportError{kind: errOther, err: err}, built), nil
		}
		next.history = append(cur.history[:len(cur.history):len(cur.history)], cur)
		cur = next
	}
}

// failed turns a transport failure into the error response Locust's
// clients return: status 0, no content, .error set.
func (s *Session) failed(r *Response, te *transportError, built string) *Response {
	if r.stream != nil {
		r.stream.close()
		r.stream = nil
	}
	r.status, r.reason, r.body, r.hdr, r.hdrs = 0, "", "", respHeader{}, nil
	r.noContent, r.errorResp = true, true
	r.history = nil
	if s.fast {
		r.errVal = s.fastFailure(te, &r.req, built)
	} else {
		r.errVal, r.errCause = s.requestsFailure(te, &r.req)
		r.errVal.SetFieldDirect("request", &PreparedRequest{r: r})
	}
	return r
}

func (s *Session) isRedirect(r *Response) bool {
	switch r.status {
	case 301, 302, 303, 307, 308:
		_, ok := r.header("location")
		return ok
	}
	return false
}

// extractCookies stores the response's cookies in the session jar and
// remembers them as the response's own (r.cookies).
func (s *Session) extractCookies(r *Response) {
	if !r.hdr.present() {
		return
	}
	lines := r.hdr.all("Set-Cookie")
	if len(lines) == 0 {
		return
	}
	now := time.Now()
	path := r.req.requestURI
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	for _, line := range lines {
		if c := s.jar.extract(line, r.req.hostname, path, now); c != nil {
			r.setCookies = append(r.setCookies, c)
		}
	}
}

// redirect prepares the request that follows response r of request prev,
// as requests' resolve_redirects (HttpUser) or geventhttpclient's
// CompatRequest.redirect (FastHttpUser) do.
func (s *Session) redirect(prev, next *outgoing, r *Response) error {
	loc, _ := r.header("location")
	base, err := url.Parse(prev.url)
	if err != nil {
		return err
	}
	if strings.HasPrefix(loc, "//") {
		loc = base.Scheme + ":" + loc
	}
	ref, err := url.Parse(requoteURI(loc))
	if err != nil {
		return fmt.Errorf("invalid redirect location %q: %w", loc, err)
	}
	target := base.ResolveReference(ref)
	if target.Fragment == "" && base.Fragment != "" {
		target.Fragment = base.Fragment
	}
	*next = *prev
	if err := s.setTarget(next, target.String()); err != nil {
		return err
	}
	method := prev.method
	dropBody := false
	switch r.status {
	case 301:
		if s.fast || method == "POST" {
			dropBody = true
		}
	case 302, 303:
		dropBody = true
	}
	if dropBody && method != "HEAD" {
		next.method = "GET"
	}
	hs := make([]field, 0, len(prev.headers))
	sameOrigin := prev.scheme == next.scheme && prev.hostport == next.hostport
	for _, f := range prev.headers {
		switch strings.ToLower(f.name) {
		case "cookie":
			continue
		case "content-length", "content-type", "transfer-encoding", "content-encoding":
			if dropBody {
				continue
			}
		case "authorization":
			if s.fast && !sameOrigin || !s.fast && stripAuth(prev, next) {
				continue
			}
		}
		hs = append(hs, f)
	}
	if dropBody {
		next.body, next.hasBody = nil, false
	}
	if c := s.jar.header(next.hostname, pathOnly(next.requestURI), next.scheme == "https", s.extraCookies, time.Now()); c != "" {
		hs = append(hs, field{"Cookie", c})
	}
	next.headers = hs
	return nil
}

// stripAuth is requests' should_strip_auth.
func stripAuth(old, new *outgoing) bool {
	if old.hostname != new.hostname {
		return true
	}
	op, np := portOf(old.hostport), portOf(new.hostport)
	if old.scheme == "http" && op == "80" && new.scheme == "https" && np == "443" {
		return false
	}
	return op != np || old.scheme != new.scheme
}

func pathOnly(requestURI string) string {
	if i := strings.IndexByte(requestURI, '?'); i >= 0 {
		return requestURI[:i]
	}
	return requestURI
}

// urlParts is an absolute URL split as Python's urlsplit does.
type urlParts struct {
	scheme, netloc, path, query, fragment string
	hasQuery                              bool
}

func isSchemeChar(c byte, first bool) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || !first && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')
}

func splitURL(s string) urlParts {
	var p urlParts
	if i := strings.IndexByte(s, ':'); i > 0 {
		ok := true
		for j := 0; j < i; j++ {
			if !isSchemeChar(s[j], j == 0) {
				ok = false
				break
			}
		}
		if ok {
			p.scheme = strings.ToLower(s[:i])
			s = s[i+1:]
		}
	}
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		j := strings.IndexAny(s, "/?#")
		if j < 0 {
			p.netloc, s = s, ""
		} else {
			p.netloc, s = s[:j], s[j:]
		}
	}
	if k := strings.IndexByte(s, '#'); k >= 0 {
		p.fragment, s = s[k+1:], s[:k]
	}
	if k := strings.IndexByte(s, '?'); k >= 0 {
		p.query, s, p.hasQuery = s[k+1:], s[:k], true
	}
	p.path = s
	return p
}

// setTarget fills the URL fields of out from an absolute URL (already
// requoted), checking it the way requests does.
func (s *Session) setTarget(out *outgoing, raw string) error {
	e := s.exc
	lower := strings.ToLower(raw)
	if strings.Contains(raw, ":") && !strings.HasPrefix(lower, "http") {
		return raise(newMsgExc(e.InvalidSchema, "No connection adapters were found for "+pyrt.QuoteString(raw)))
	}
	p := splitURL(raw)
	if p.scheme == "" {
		return raise(newMsgExc(e.MissingSchema, fmt.Sprintf("Invalid URL %s: No scheme supplied. Perhaps you meant https://%s?", pyrt.QuoteString(raw), raw)))
	}
	if p.scheme != "http" && p.scheme != "https" {
		return raise(newMsgExc(e.InvalidSchema, "No connection adapters were found for "+pyrt.QuoteString(raw)))
	}
	if c := &s.target; c.scheme != p.scheme || c.netloc != p.netloc || c.netloc == "" {
		if err := c.parse(e, raw, p.scheme, p.netloc); err != nil {
			return err
		}
	}
	out.scheme, out.hostname, out.host, out.hostport = s.target.scheme, s.target.hostname, s.target.host, s.target.hostport
	path := p.path
	if path == "" {
		path = "/"
	}
	out.requestURI = path
	if p.hasQuery && p.query != "" {
		out.requestURI = path + "?" + p.query
	}
	out.url = raw
	return nil
}

// targetCache is the parsed form of the last scheme and netloc: a user
// mostly talks to one host, so parsing it once saves work and allocations
// on every request.
type targetCache struct {
	scheme, netloc           string
	hostname, host, hostport string
}

func (c *targetCache) parse(e *Exceptions, raw, scheme, netloc string) error {
	hostport := netloc
	if i := strings.LastIndexByte(hostport, '@'); i >= 0 {
		hostport = hostport[i+1:]
	}
	host, port := hostport, ""
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return raise(newMsgExc(e.InvalidURL, "Failed to parse: "+raw))
		}
		host, port = host[1:end], strings.TrimPrefix(host[end+1:], ":")
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i+1:]
	}
	if host == "" {
		return raise(newMsgExc(e.InvalidURL, fmt.Sprintf("Invalid URL %s: No host supplied", pyrt.QuoteString(raw))))
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return raise(newMsgExc(e.InvalidURL, "Failed to parse: "+raw))
		}
	}
	hostname := strings.ToLower(host)
	hp := hostname
	if strings.Contains(hp, ":") {
		hp = "[" + hp + "]"
	}
	c.host = hp
	if port == "" || port == defaultPort(scheme) {
		c.hostport = net.JoinHostPort(hostname, defaultPort(scheme))
	} else {
		c.hostport = net.JoinHostPort(hostname, port)
		c.host = hp + ":" + port
	}
	c.scheme, c.netloc, c.hostname = scheme, netloc, hostname
	return nil
}

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

func joinURL(p urlParts, query string) string {
	var b strings.Builder
	if p.scheme != "" {
		b.WriteString(p.scheme)
		b.WriteByte(':')
	}
	if p.netloc != "" || p.scheme == "http" || p.scheme == "https" {
		b.WriteString("//")
		b.WriteString(p.netloc)
	}
	b.WriteString(p.path)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	if p.fragment != "" {
		b.WriteByte('#')
		b.WriteString(p.fragment)
	}
	return b.String()
}

// needsQuote reports whether a URL has characters requote_uri changes.
func needsQuote(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}' || c == '%' {
			return true
		}
	}
	return false
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
