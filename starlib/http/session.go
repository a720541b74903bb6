package http

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Event is one finished request, as Locust's request event reports it. The
// session passes it to Config.OnRequest on the user's thread; it is only
// valid during that call (the session reuses it), so a listener that keeps
// anything copies it.
type Event struct {
	// Request is the statistics record: method as given, name, response
	// time (send to last body byte, including redirects), length, start
	// time, and Error (empty on success, else the exception's repr, e.g.
	// "HTTPError('404 Client Error: Not Found for url: /missing')").
	Request stats.Request
	// URL is the full URL of the first request (before redirects).
	URL string
	// Response is the script's response object.
	Response starlark.Value
	// Context is the context= argument of the call (None when absent).
	// Locust reports {**user.context(), **context}; the locust module, which
	// owns user.context(), merges it.
	Context starlark.Value
	// Exception is None on success, else the exception instance.
	Exception starlark.Value
}

// Config configures one user's session.
type Config struct {
	// BaseURL is the user's host ("" when none: relative URLs then fail as
	// in Locust). "user:pass@" in it becomes HTTP Basic auth.
	BaseURL string
	// OnRequest is called on the user's thread for every finished request
	// (after the with-block for catch_response=True). An error it returns
	// (a listener's exception) is raised into the script. Nil to ignore.
	OnRequest func(th *starlark.Thread, ev *Event) error
	// UserContext, when set, is the context of the user's own calls, and
	// the caller promises to call Session.Interrupt after cancelling it
	// while a call may be in progress (gust's engine kills a user that
	// way). Requests on it are then not watched, which spares the
	// context a table of children: about 600 bytes per connected idle
	// user. Requests on any other context are watched as usual.
	UserContext context.Context
}

// FastOptions are FastHttpUser's class attributes that shape its client.
type FastOptions struct {
	// NetworkTimeout bounds each exchange on a connection (write, response
	// head and body); ConnectionTimeout bounds connecting. Zero for none.
	NetworkTimeout, ConnectionTimeout time.Duration
	// MaxRedirects is how many redirects are followed.
	MaxRedirects int
	// Insecure skips TLS certificate verification (Locust's default).
	Insecure bool
	// DefaultHeaders are added to every request (default_headers).
	DefaultHeaders [][2]string
}

// DefaultFastOptions returns Locust's FastHttpUser defaults.
func DefaultFastOptions() FastOptions {
	return FastOptions{NetworkTimeout: 60 * time.Second, ConnectionTimeout: 60 * time.Second, MaxRedirects: 30, Insecure: true}
}

// User-Agent strings of the Python clients gust stands in for; servers and
// scripts that look at them see what they saw with Locust.
const (
	requestsUserAgent = "python-requests/2.32.3"
	geventUserAgent   = "python/gevent-http-client-2.3.1"
)

// Session is one virtual user's HTTP client (self.client): Locust's
// HttpSession for HttpUser, or its FastHttpSession for FastHttpUser. It has
// its own cookie jar, default headers and keep-alive connections, and is
// used by its user's goroutine only.
type Session struct {
	pool      *Pool
	exc       *Exceptions
	tr        transport
	onRequest func(th *starlark.Thread, ev *Event) error

	baseURL      string
	urlAuth      string         // Authorization value from user:pass@host
	auth         starlark.Value // session.auth as the script set it (None)
	headers      *Headers
	jar          jar
	cookies      *Cookies
	requestName  string // rename_request
	verify       starlark.Value
	maxRedirects int

	target targetCache
	// extraCookies are the cookies= of the call in progress (they also
	// apply to its redirects).
	extraCookies []*cookie

	methods [numMethods]*starlark.Builtin
	streams []*Response // responses with unread streamed bodies
	extra   map[string]starlark.Value
	fast    bool
	closed  bool
	id      uint32
	// th is the user's thread, recorded at each call: attribute reads that
	// block (the content of a streamed response) watch its context.
	th *starlark.Thread
}

var (
	_ starlark.HasAttrs    = (*Session)(nil)
	_ starlark.HasSetField = (*Session)(nil)
)

// NewHTTPSession makes an HttpUser's client: requests semantics on the
// lean connection FastHttpUser uses (net/http when a proxy is configured).
func (p *Pool) NewHTTPSession(cfg Config) (*Session, error) {
	s := &Session{pool: p, exc: p.exc, onRequest: cfg.OnRequest, auth: starlark.None,
		verify: starlark.True, maxRedirects: 30, id: p.ids.Add(1)}
	s.tr = p.requestsTransport(cfg.UserContext)
	s.headers = newHeaders([]field{
		{"User-Agent", requestsUserAgent},
		{"Accept-Encoding", "gzip, deflate"},
		{"Accept", "*/*"},
		{"Connection", "keep-alive"},
	})
	if err := s.setBase(cfg.BaseURL); err != nil {
		return nil, err
	}
	return s, nil
}

// NewFastHTTPSession makes a FastHttpUser's client: FastHttpSession
// semantics on a lean fasthttp-based connection per user.
func (p *Pool) NewFastHTTPSession(cfg Config, fo FastOptions) (*Session, error) {
	s := &Session{pool: p, exc: p.exc, fast: true, onRequest: cfg.OnRequest, auth: starlark.None,
		verify: starlark.Bool(!fo.Insecure), maxRedirects: fo.MaxRedirects, id: p.ids.Add(1)}
	s.tr = &fastTransport{pool: p, connectTimeout: fo.ConnectionTimeout, networkTimeout: fo.NetworkTimeout, insecure: fo.Insecure, owned: cfg.UserContext}
	s.jar.insecureSecure = true
	// FastHttpSession adds Accept-Encoding to each request unless given;
	// holding it in the defaults sends the same bytes without copying the
	// header list per request.
	hs := []field{{"User-Agent", geventUserAgent}, {"Accept-Encoding", "gzip, deflate, br"}}
	for _, kv := range fo.DefaultHeaders {
		if i := findField(hs, kv[0]); i >= 0 {
			hs[i] = field{kv[0], kv[1]}
		} else {
			hs = append(hs, field{kv[0], kv[1]})
		}
	}
	s.headers = newHeaders(hs)
	if err := s.setBase(cfg.BaseURL); err != nil {
		return nil, err
	}
	return s, nil
}

// setBase stores the base URL, turning user:pass@ into Basic auth.
func (s *Session) setBase(base string) error {
	s.baseURL, s.urlAuth = base, ""
	if !strings.Contains(base, "@") {
		return nil
	}
	u, err := url.Parse(base)
	if err != nil || u.User == nil {
		return nil
	}
	pass, ok := u.User.Password()
	if u.User.Username() == "" || !ok || pass == "" {
		return nil
	}
	s.urlAuth = basicAuth(u.User.Username(), pass)
	u.User = nil
	s.baseURL = u.String()
	return nil
}

// basicAuth renders an HTTP Basic Authorization value; like requests, it
// encodes str credentials as Latin-1 when they fit.
func basicAuth(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString(latin1(user+":"+pass))
}

func latin1(s string) []byte {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		if r > 0xff {
			return []byte(s)
		}
		out = append(out, byte(r))
	}
	return out
}

// Interrupt aborts a request in progress on Config.UserContext, which the
// caller has cancelled; it may be called from any goroutine.
func (s *Session) Interrupt() { s.tr.interrupt() }

// Close releases the session's connections and unread bodies. The engine
// calls it when the user stops; the session must not be used afterwards.
func (s *Session) Close() error {
	s.closeStreams()
	s.tr.close()
	s.closed = true
	return nil
}

// closeStreams abandons streamed bodies the script did not read before its
// next request (their connections cannot be reused).
func (s *Session) closeStreams() {
	for _, r := range s.streams {
		r.abandonStream()
	}
	clear(s.streams)
	s.streams = s.streams[:0]
}

// String is Python's default repr of the client.
func (s *Session) String() string {
	if s.fast {
		return "<locust.contrib.fasthttp.FastHttpSession object>"
	}
	return "<locust.clients.HttpSession object>"
}

// Type returns the Python class name.
func (s *Session) Type() string {
	if s.fast {
		return "FastHttpSession"
	}
	return "HttpSession"
}

// Freeze does nothing: a session belongs to one user and is never shared.
func (s *Session) Freeze() {}

// Truth is true.
func (s *Session) Truth() starlark.Bool { return true }

// Hash hashes by identity.
func (s *Session) Hash() (uint32, error) { return s.id, nil }

// Method indexes of the session's builtins, made once per session on first
// use.
const (
	mGet = iota
	mPost
	mPut
	mPatch
	mDelete
	mHead
	mOptions
	mRequest
	mRenameRequest
	mClose
	mIterLines
	mRest
	mRestStamp
	numMethods
)

var methodNames = [numMethods]string{"get", "post", "put", "patch", "delete", "head", "options", "request", "rename_request", "close", "iter_lines", "rest", "rest_"}

// httpMethods are the wire methods of get..options.
var httpMethods = [mRequest]string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// AttrNames lists the client's attributes.
func (s *Session) AttrNames() []string {
	names := append([]string(nil), methodNames[:]...)
	return append(names, "auth", "base_url", "cookiejar", "cookies", "headers", "max_redirects", "request_name", "verify")
}

// Attr returns a method (the same builtin every time) or an attribute.
func (s *Session) Attr(name string) (starlark.Value, error) {
	for i, n := range methodNames {
		if n == name {
			if i >= mIterLines && !s.fast {
				break // FastHttpSession's own methods
			}
			if s.methods[i] == nil {
				s.methods[i] = starlark.NewBuiltin(n, s.call)
			}
			return s.methods[i], nil
		}
	}
	switch name {
	case "base_url":
		return starlark.String(s.baseURL), nil
	case "headers":
		return s.headers, nil
	case "cookies", "cookiejar":
		if s.cookies == nil {
			s.cookies = &Cookies{j: &s.jar, now: time.Now}
		}
		return s.cookies, nil
	case "auth":
		return s.auth, nil
	case "verify":
		return s.verify, nil
	case "max_redirects":
		return starlark.MakeInt(s.maxRedirects), nil
	case "request_name":
		if s.requestName == "" {
			return starlark.None, nil
		}
		return starlark.String(s.requestName), nil
	}
	if v, ok := s.extra[name]; ok {
		return v, nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", s.Type(), name))
}

// SetField implements assignments to the client's settable attributes;
// other names are stored as plain attributes, as on a Python object.
func (s *Session) SetField(name string, v starlark.Value) error {
	switch name {
	case "base_url":
		str, ok := starlark.AsString(v)
		if !ok {
			return pyrt.NewError(pyrt.TypeError, "base_url must be a str")
		}
		return s.setBase(str)
	case "headers":
		pairs, err := pairsOf(v, "headers")
		if err != nil {
			return err
		}
		h := newHeaders(nil)
		for _, kv := range pairs {
			if err := h.SetKey(kv[0], kv[1]); err != nil {
				return err
			}
		}
		s.headers = h
		return nil
	case "auth":
		s.auth = v
		return nil
	case "verify":
		s.verify = v
		return nil
	case "max_redirects":
		n, err := starlark.AsInt32(v)
		if err != nil {
			return pyrt.NewError(pyrt.TypeError, "max_redirects must be an int")
		}
		s.maxRedirects = n
		return nil
	case "cookies", "cookiejar", "request_name":
		return pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("attribute '%s' of '%s' objects is not writable", name, s.Type()))
	}
	for _, n := range methodNames {
		if n == name {
			return pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("attribute '%s' of '%s' objects is not writable", name, s.Type()))
		}
	}
	if s.extra == nil {
		s.extra = map[string]starlark.Value{}
	}
	s.extra[name] = v
	return nil
}

// call is the body of every session builtin.
func (s *Session) call(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (v starlark.Value, err error) {
	defer func() {
		// A bug here must fail the task, not crash the process.
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("internal error in the HTTP client (%s): %v", b.Name(), p)
		}
	}()
	s.th = th
	m := -1
	for i, n := range methodNames {
		if n == b.Name() {
			m = i
			break
		}
	}
	switch m {
	case mRenameRequest:
		var name string
		if err := starlark.UnpackPositionalArgs("rename_request", args, kwargs, 1, &name); err != nil {
			return nil, err
		}
		return &renameCM{s: s, name: name}, nil
	case mClose:
		if err := starlark.UnpackPositionalArgs("close", args, kwargs, 0); err != nil {
			return nil, err
		}
		s.closeStreams()
		s.tr.close()
		return starlark.None, nil
	case mIterLines:
		return s.iterLines(th, args, kwargs)
	case mRest, mRestStamp:
		return s.restCall(th, m == mRestStamp, args, kwargs)
	}
	if s.closed {
		return nil, pyrt.NewError(pyrt.RuntimeError, "the HTTP session of this user is closed")
	}
	a := s.acquireArgs()
	defer s.releaseArgs(a)
	if err := a.parse(s, m, args, kwargs); err != nil {
		return nil, err
	}
	return s.do(th, a)
}

// acquireArgs returns an argument record for one call. The records are
// pooled rather than kept in each session: an idle user then carries none
// (they are a quarter of a Session), and a call made by a request listener
// during another call gets its own.
func (s *Session) acquireArgs() *reqArgs {
	if a, ok := s.pool.args.Get().(*reqArgs); ok {
		return a
	}
	return new(reqArgs)
}

func (s *Session) releaseArgs(a *reqArgs) {
	a.reset()
	s.pool.args.Put(a)
}

// iterLines is FastHttpSession.iter_lines(url, method="GET", **kwargs): the
// body's lines of a streamed request (as a list), after raise_for_status.
func (s *Session) iterLines(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 1 {
		return nil, pyrt.NewError(pyrt.TypeError, "iter_lines() missing 1 required positional argument: 'url'")
	}
	method := starlark.Value(starlark.String("GET"))
	rest := kwargs[:0:0]
	for _, kv := range kwargs {
		if k, _ := starlark.AsString(kv[0]); k == "method" {
			method = kv[1]
			continue
		}
		rest = append(rest, kv)
	}
	if len(args) > 1 {
		method = args[1]
	}
	rest = append(rest, starlark.Tuple{starlark.String("stream"), starlark.True})
	a := s.acquireArgs()
	err := a.parse(s, mRequest, starlark.Tuple{method, args[0]}, rest)
	var v starlark.Value
	if err == nil {
		v, err = s.do(th, a)
	}
	s.releaseArgs(a)
	if err != nil {
		return nil, err
	}
	r := v.(*Response)
	if err := r.raiseForStatus(th); err != nil {
		return nil, err
	}
	if err := r.load(); err != nil {
		return nil, err
	}
	// Locust splits on "\n" and yields a last, unterminated line only when
	// it is not empty.
	parts := strings.Split(decodeText(r.body, ""), "\n")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	out := make([]starlark.Value, len(parts))
	for i, p := range parts {
		out[i] = starlark.String(p)
	}
	return starlark.NewList(out), nil
}

// renameCM is the context manager of rename_request(name): requests inside
// the block are reported under name unless they pass name= themselves.
type renameCM struct {
	s    *Session
	name string
}

func (r *renameCM) String() string        { return "<contextlib._GeneratorContextManager object>" }
func (r *renameCM) Type() string          { return "_GeneratorContextManager" }
func (r *renameCM) Freeze()               {}
func (r *renameCM) Truth() starlark.Bool  { return true }
func (r *renameCM) Hash() (uint32, error) { return starlark.String(r.name).Hash() }
func (r *renameCM) AttrNames() []string   { return []string{"__enter__", "__exit__"} }

var _ pyrt.ContextManager = (*renameCM)(nil)

// Enter names the block's requests.
func (r *renameCM) Enter(*starlark.Thread) (starlark.Value, error) {
	r.s.requestName = r.name
	return starlark.None, nil
}

// Exit ends the naming; exceptions propagate.
func (r *renameCM) Exit(*starlark.Thread, *pyrt.Error) (bool, error) {
	r.s.requestName = ""
	return false, nil
}

// Attr returns __enter__ and __exit__, for scripts that call them.
func (r *renameCM) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__enter__":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return r.Enter(th)
		}), nil
	case "__exit__":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			_, err := r.Exit(th, nil)
			return starlark.False, err
		}), nil
	}
	return nil, nil
}
