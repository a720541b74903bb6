package http

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// recorded is a copy of one Event the session reported.
type recorded struct {
	method, name, url, errText string
	length                     int64
	rt                         time.Duration
	start                      time.Time
	exception                  starlark.Value
	response                   starlark.Value
	context                    starlark.Value
}

// harness runs Starlark snippets against one session, with the session
// predeclared as `client` and the events it reports recorded.
type harness struct {
	t      *testing.T
	pool   *Pool
	s      *Session
	events []recorded
	ctx    context.Context
	// hookErr, when set, is returned by the request hook.
	hookErr error
	// vars are the globals of earlier snippets, visible to later ones.
	vars starlark.StringDict
	// stop, when set, is what the script's stop_user() calls.
	stop func()
}

type flavour int

const (
	requestsFlavour flavour = iota
	fastFlavour
	// netFlavour is HttpUser on net/http, the transport it uses when
	// the environment names a proxy.
	netFlavour
)

func (f flavour) String() string {
	switch f {
	case fastFlavour:
		return "FastHttpUser"
	case netFlavour:
		return "HttpUser(net/http)"
	}
	return "HttpUser"
}

var flavours = []flavour{requestsFlavour, fastFlavour, netFlavour}

func newHarness(t *testing.T, base string, f flavour) *harness {
	t.Helper()
	h := &harness{t: t, pool: NewPool(PoolOptions{}), ctx: context.Background()}
	h.pool.envProxy = f == netFlavour
	cfg := Config{BaseURL: base, OnRequest: h.record}
	var err error
	if f == fastFlavour {
		fo := DefaultFastOptions()
		fo.NetworkTimeout, fo.ConnectionTimeout = 5*time.Second, 5*time.Second
		h.s, err = h.pool.NewFastHTTPSession(cfg, fo)
	} else {
		h.s, err = h.pool.NewHTTPSession(cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.s.Close() })
	return h
}

func (h *harness) record(_ *starlark.Thread, ev *Event) error {
	h.events = append(h.events, recorded{
		method: ev.Request.Method, name: ev.Request.Name, url: ev.URL, errText: ev.Request.Error,
		length: ev.Request.ResponseLength, rt: ev.Request.ResponseTime, start: ev.Request.StartTime,
		exception: ev.Exception, response: ev.Response, context: ev.Context,
	})
	return h.hookErr
}

// run executes src with client and helpers predeclared.
func (h *harness) run(src string) (starlark.StringDict, error) {
	h.t.Helper()
	th := &starlark.Thread{Name: "user"}
	thread.SetContext(th, h.ctx)
	pre := starlark.StringDict{
		"client": h.s,
		"pyrepr": starlark.NewBuiltin("pyrepr", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(pyrt.ReprThread(th, args[0])), nil
		}),
		"pystr": starlark.NewBuiltin("pystr", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(pyrt.StrThread(th, args[0])), nil
		}),
		"isinst": starlark.NewBuiltin("isinst", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bool(pyrt.IsInstance(args[0], args[1].(*pyrt.Class))), nil
		}),
		"raise_": starlark.NewBuiltin("raise_", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return nil, &pyrt.Error{Value: args[0].(*pyrt.Instance)}
		}),
		"catching": starlark.NewBuiltin("catching", catching),
		"check":    starlark.NewBuiltin("check", check),
		"stop_user": starlark.NewBuiltin("stop_user", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			h.stop()
			return starlark.None, nil
		}),
		"with_": starlark.NewBuiltin("with_", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return pyrt.With(th, args[0], args[1])
		}),
		"same": starlark.NewBuiltin("same", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bool(args[0] == args[1]), nil
		}),
	}
	for n, c := range h.pool.Exceptions().LocustNames() {
		pre[n] = c
	}
	for n, c := range h.pool.Exceptions().RequestsNames() {
		pre[n] = c
	}
	for n, c := range h.pool.Exceptions().FastHTTPNames() {
		pre[n] = c
	}
	for n, v := range h.vars {
		pre[n] = v
	}
	pre["ValueError"] = pyrt.ValueError
	pre["RuntimeError"] = pyrt.RuntimeError
	pre["JSONDecodeError"] = pyrt.JSONDecodeError
	pre["RequestsJSONDecodeError"] = h.pool.Exceptions().RequestsJSONDecodeError
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true}
	g, err := starlark.ExecFileOptions(opts, th, "locustfile.py", src, pre)
	if h.vars == nil {
		h.vars = starlark.StringDict{}
	}
	for n, v := range g {
		h.vars[n] = v
	}
	return g, err
}

// mustRun runs src and fails the test on error.
func (h *harness) mustRun(src string) starlark.StringDict {
	h.t.Helper()
	g, err := h.run(src)
	if err != nil {
		if ee, ok := err.(*starlark.EvalError); ok {
			h.t.Fatalf("script failed: %s", ee.Backtrace())
		}
		h.t.Fatalf("script failed: %v", err)
	}
	return g
}

// check(cond, *msg) fails the script when cond is false: the tests'
// stand-in for assert.
func check(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, fmt.Errorf("check needs a condition")
	}
	if args[0].Truth() {
		return starlark.None, nil
	}
	var parts []string
	for _, a := range args[1:] {
		parts = append(parts, pyrt.StrThread(th, a))
	}
	return nil, fmt.Errorf("check failed: %s", strings.Join(parts, " "))
}

// catching(fn) calls fn and returns the Python repr of the exception it
// raised, or None: the tests' stand-in for try/except.
func catching(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	_, err := starlark.Call(th, args[0], nil, nil)
	if err == nil {
		return starlark.None, nil
	}
	exc, ok := pyrt.FromError(err)
	if !ok {
		return nil, err
	}
	return exc.Value, nil
}

func (h *harness) only() recorded {
	h.t.Helper()
	if len(h.events) != 1 {
		h.t.Fatalf("got %d events, want 1: %+v", len(h.events), h.events)
	}
	return h.events[0]
}

// echo is what the test server's /echo reports about a request.
type echo struct {
	Method  string              `json:"method"`
	URI     string              `json:"uri"`
	Host    string              `json:"host"`
	Headers map[string][]string `json:"headers"`
	Body    string              `json:"body"`
}

// target is the test server: a handler switching on the path so that
// paths such as //x arrive unchanged (a ServeMux would clean them).
type target struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []echo
	hits map[string]int
	done chan struct{} // closed when the test ends: stalled handlers return
}

func newTarget(t *testing.T) *target {
	t.Helper()
	tg := &target{hits: map[string]int{}, done: make(chan struct{})}
	tg.srv = httptest.NewServer(nethttp.HandlerFunc(tg.serve))
	t.Cleanup(tg.srv.Close)
	t.Cleanup(func() { close(tg.done) })
	return tg
}

func (tg *target) url() string { return tg.srv.URL }

func (tg *target) last() echo {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	if len(tg.seen) == 0 {
		return echo{}
	}
	return tg.seen[len(tg.seen)-1]
}

func (tg *target) serve(w nethttp.ResponseWriter, r *nethttp.Request) {
	body, _ := io.ReadAll(r.Body)
	e := echo{Method: r.Method, URI: r.RequestURI, Host: r.Host, Headers: r.Header, Body: string(body)}
	tg.mu.Lock()
	tg.seen = append(tg.seen, e)
	tg.hits[r.URL.Path]++
	tg.mu.Unlock()
	q := r.URL.Query()
	path := r.URL.Path
	switch {
	case strings.HasPrefix(path, "/status/"):
		code, _ := strconv.Atoi(strings.TrimPrefix(path, "/status/"))
		w.WriteHeader(code)
		_, _ = io.WriteString(w, "status body")
	case path == "/redirect":
		code := 302
		if c := q.Get("code"); c != "" {
			code, _ = strconv.Atoi(c)
		}
		if c := q.Get("cookie"); c != "" {
			nethttp.SetCookie(w, &nethttp.Cookie{Name: c, Value: "r", Path: "/"})
		}
		w.Header().Set("Location", q.Get("to"))
		w.WriteHeader(code)
	case path == "/loop":
		w.Header().Set("Location", "/loop")
		w.WriteHeader(302)
	case path == "/setcookie":
		for k, v := range q {
			nethttp.SetCookie(w, &nethttp.Cookie{Name: k, Value: v[0], Path: "/"})
		}
		_, _ = io.WriteString(w, "ok")
	case path == "/slow":
		ms, _ := strconv.Atoi(q.Get("ms"))
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
		case <-r.Context().Done():
			return
		case <-tg.done:
			return
		}
		_, _ = io.WriteString(w, "slow")
	case path == "/json":
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"a": [1, 2.5, "\u00e9"], "b": null}`)
	case path == "/latin":
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("caf\xe9"))
	case path == "/utf8":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "café\nline2\r\nline3")
	case path == "/gzip":
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/plain")
		zw := gzip.NewWriter(w)
		_, _ = io.WriteString(zw, strings.Repeat("gzipped ", 100))
		_ = zw.Close()
	case path == "/chunked":
		fl, _ := w.(nethttp.Flusher)
		for i := range 3 {
			fmt.Fprintf(w, "part%d;", i)
			fl.Flush()
		}
	case path == "/empty":
		w.WriteHeader(204)
	case path == "/close":
		hj, _ := w.(nethttp.Hijacker)
		c, _, _ := hj.Hijack()
		_ = c.Close()
	case path == "/reset":
		hj, _ := w.(nethttp.Hijacker)
		c, _, _ := hj.Hijack()
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = c.Close()
	case path == "/short":
		hj, _ := w.(nethttp.Hijacker)
		c, bw, _ := hj.Hijack()
		_, _ = bw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
		_ = bw.Flush()
		_ = c.Close()
	case path == "/stall":
		hj, _ := w.(nethttp.Hijacker)
		c, bw, _ := hj.Hijack()
		_, _ = bw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
		_ = bw.Flush()
		select {
		case <-tg.done:
		case <-time.After(5 * time.Second):
		}
		_ = c.Close()
	case path == "/bigheader":
		w.Header().Set("X-Big", strings.Repeat("v", 6000))
		w.Header().Set("X-Bigger", strings.Repeat("w", 20000))
		_, _ = io.WriteString(w, "ok")
	case path == "/teapot":
		w.WriteHeader(418)
	case path == "/created":
		w.WriteHeader(299)
	default:
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(e)
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// silentServer accepts connections and never answers (read timeouts); it
// is closed with the test.
func silentServer(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, _ = io.Copy(io.Discard, bufio.NewReader(c))
			}()
		}
	}()
	t.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return l.Addr().String()
}

func pyReprForTest(v starlark.Value) string { return pyrt.Repr(v) }
