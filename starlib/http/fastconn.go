package http

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"

	"github.com/valyala/fasthttp"
)

// fastTransport is the FastHttpUser transport: one keep-alive connection
// per host, owned by the user and driven directly with fasthttp's request
// writer and response parser. It starts no goroutine (fasthttp's HostClient
// starts a connection cleaner per client) and holds no buffer while idle:
// bufio readers and writers come from the Pool for the length of an
// exchange, so an idle connected user costs its socket and this struct.
//
// HttpUser uses it too, with precise set (see exact.go): net/http's reader
// and writer goroutines per connection cost about 20 KB per idle user and
// a goroutine hand-off per request.
type fastTransport struct {
	pool           *Pool
	conns          []*fastConn // most recently used last
	connectTimeout time.Duration
	networkTimeout time.Duration
	insecure       bool
	// precise gives requests' (and net/http's) failure details: the socket
	// error behind a missing response head, IncompleteRead byte counts, a
	// read timeout per socket read, and no reuse of an idle connection the
	// server has closed for a request that cannot be repeated.
	precise bool
	// owned is the user's own context (Config.UserContext). Its end is
	// announced by interrupt, so exchanges on it are not watched: a watch
	// gives the context a table of children and a channel, about 600
	// bytes per idle user. busy and dialing are what interrupt aborts.
	owned   context.Context
	busy    atomic.Pointer[fastConn]           // the connection in use on owned
	dialing atomic.Pointer[context.CancelFunc] // cancels a dial on owned
}

// maxFastConns bounds the hosts a user keeps a connection to.
const maxFastConns = 4

// fastConn is one connection and the context its deadline watches.
type fastConn struct {
	scheme, hostport string
	c                net.Conn
	ctx              context.Context
	stop             func() bool
	insecure         bool // TLS without verification: not reused for a verified request
	used             bool // it has served a response: a failure may be a stale keep-alive
}

func (fc *fastConn) close() {
	if fc.stop != nil {
		fc.stop()
	}
	_ = fc.c.Close()
}

// watch makes a cancellation of ctx interrupt any blocked read or write on
// the connection (registered once per connection and context, not per
// request).
func (fc *fastConn) watch(ctx context.Context) {
	if fc.ctx == ctx {
		return
	}
	fc.unwatch()
	fc.ctx = ctx
	c := fc.c
	fc.stop = context.AfterFunc(ctx, func() { _ = c.SetDeadline(time.Unix(1, 0)) })
}

// unwatch stops watching a context.
func (fc *fastConn) unwatch() {
	if fc.stop != nil {
		fc.stop()
		fc.stop, fc.ctx = nil, nil
	}
}

// use readies fc for I/O on behalf of ctx: a watch on ctx, or, for the
// owned context, publication to interrupt. The caller calls done after the
// I/O, and checks ctx once more after setting the connection's deadline
// (see interrupt).
func (t *fastTransport) use(fc *fastConn, ctx context.Context) {
	if t.owned != nil && ctx == t.owned {
		fc.unwatch()
		t.busy.Store(fc)
		return
	}
	fc.watch(ctx)
}

func (t *fastTransport) done() { t.busy.Store(nil) }

// interrupt aborts I/O on the owned context, whose end the caller has
// made visible (cancelled it) first. Either interrupt sees the connection
// published by use and moves its deadline to the past, or the exchange's
// check of the context after setting its deadline sees the cancellation.
func (t *fastTransport) interrupt() {
	if c := t.dialing.Load(); c != nil {
		(*c)()
	}
	if fc := t.busy.Load(); fc != nil {
		_ = fc.c.SetDeadline(time.Unix(1, 0))
	}
}

// take removes and returns a kept connection for out's scheme and host, or
// nil. A connection made without certificate checks serves only requests
// that skip them too.
func (t *fastTransport) take(out *outgoing) *fastConn {
	insecure := out.scheme == "https" && (t.insecure || out.insecure)
	for i, fc := range t.conns {
		if fc.scheme == out.scheme && fc.hostport == out.hostport && fc.insecure == insecure {
			t.conns = append(t.conns[:i], t.conns[i+1:]...)
			if fc.ctx != nil && fc.ctx.Err() != nil {
				// The context it watched was cancelled (a user stopped mid-
				// exchange, then its on_stop makes a request): its deadline
				// may be set in the past, so it is unusable.
				fc.close()
				return nil
			}
			return fc
		}
	}
	return nil
}

func (t *fastTransport) put(fc *fastConn) {
	if len(t.conns) >= maxFastConns {
		t.conns[0].close()
		t.conns = append(t.conns[:0], t.conns[1:]...)
	}
	t.conns = append(t.conns, fc)
}

func (t *fastTransport) close() {
	for _, fc := range t.conns {
		fc.close()
	}
	t.conns = nil
}

func (t *fastTransport) dial(ctx context.Context, out *outgoing) (*fastConn, error) {
	if t.owned != nil && ctx == t.owned {
		// A private context, cancelled by interrupt: dialing on the
		// owned one would give it a table of children for good.
		dctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		t.dialing.Store(&cancel)
		defer t.dialing.Store(nil)
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ctx = dctx
	}
	d := net.Dialer{Timeout: t.connectTimeout}
	if out.connectTimeout > 0 {
		d.Timeout = out.connectTimeout
	}
	c, err := d.DialContext(ctx, "tcp", out.hostport)
	if err != nil {
		return nil, err
	}
	insecure := false
	if out.scheme == "https" {
		insecure = t.insecure || out.insecure
		cfg := t.pool.tlsConfig(insecure).Clone()
		cfg.ServerName = out.hostname
		tc := tls.Client(c, cfg)
		hctx := ctx
		if d.Timeout > 0 {
			var cancel context.CancelFunc
			hctx, cancel = context.WithTimeout(ctx, d.Timeout)
			defer cancel()
		}
		if err := tc.HandshakeContext(hctx); err != nil {
			_ = c.Close()
			return nil, err
		}
		c = tc
	}
	return &fastConn{scheme: out.scheme, hostport: out.hostport, insecure: insecure, c: c}, nil
}

func (t *fastTransport) roundTrip(ctx context.Context, out *outgoing, in *incoming) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	fc := t.take(out)
	if fc != nil && t.precise && !idempotent(out.method) && !fc.alive() {
		// urllib3 drops a pooled connection that became readable while
		// idle (the server closed it) rather than risk a request that
		// cannot be repeated on it.
		fc.close()
		fc = nil
	}
	for attempt := 0; ; attempt++ {
		if fc == nil {
			var err error
			fc, err = t.dial(ctx, out)
			if err != nil {
				if cerr := ctx.Err(); cerr != nil {
					return cerr
				}
				return classify(err, phaseConnect)
			}
		}
		t.use(fc, ctx)
		ph, err := t.exchange(ctx, fc, out, in)
		t.done()
		if err == nil {
			return nil
		}
		fc.close()
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		// A kept-alive connection the server closed while idle fails on
		// first use; try once more on a fresh one (like net/http: after a
		// failed write, or when no response byte came back for a method
		// that is safe to repeat).
		stale := fc.used && attempt == 0 && (ph == phaseWrite || (ph == phaseHead && idempotent(out.method) && isClosedErr(err)))
		if !stale {
			return classify(err, ph)
		}
		fc = nil
	}
}

func isClosedErr(err error) bool {
	if isTimeout(err) {
		return false
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

// isSmallBuffer reports a response head larger than the read buffer (kept
// out of line: the errors.As target would otherwise be allocated on every
// exchange).
func isSmallBuffer(err error) bool {
	var small *fasthttp.ErrSmallBuffer
	return errors.As(err, &small)
}

func idempotent(method string) bool {
	switch method {
	case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE":
		return true
	}
	return false
}

// exchange writes the request and reads the response head (and body unless
// streaming) on fc. On success fc is back in the pool of connections (or
// held by the stream); on error the caller closes it.
func (t *fastTransport) exchange(ctx context.Context, fc *fastConn, out *outgoing, in *incoming) (phase, error) {
	req := fasthttp.AcquireRequest()
	defer fasthttp.ReleaseRequest(req)
	h := &req.Header
	h.DisableNormalizing()
	h.SetNoDefaultContentType(true)
	h.SetMethod(out.method)
	h.SetRequestURI(out.requestURI)
	h.SetHost(out.host)
	for _, f := range out.headers {
		if strings.EqualFold(f.name, "Content-Length") {
			continue
		}
		if strings.EqualFold(f.name, "Host") {
			h.SetHost(f.value)
			continue
		}
		h.Add(f.name, f.value)
	}
	if out.hasBody {
		req.SetBodyRaw(out.body)
	}
	timeout := t.networkTimeout
	if out.readTimeout > 0 {
		timeout = out.readTimeout
	}
	var deadline time.Time
	if timeout > 0 {
		deadline = time.Now().Add(timeout)
	}
	if err := fc.c.SetDeadline(deadline); err != nil {
		return phaseWrite, err
	}
	if err := ctx.Err(); err != nil {
		return phaseWrite, err // interrupted before the deadline was set
	}
	start := time.Now()
	bw := t.pool.writer(fc.c)
	err := req.Write(bw)
	if err == nil {
		err = bw.Flush()
	}
	t.pool.putWriter(bw)
	if err != nil {
		return phaseWrite, err
	}

	br := t.pool.reader(t.source(ctx, fc, out))
	if t.precise {
		// fasthttp reports any failure before the first byte as io.EOF;
		// requests names the socket error (a reset, say).
		if _, err := br.Peek(1); err != nil {
			t.pool.putReader(br)
			return phaseHead, err
		}
	}
	resp := fasthttp.AcquireResponse()
	rh := &resp.Header
	rh.DisableNormalizing()
	rh.SetNoDefaultContentType(true)
	// rd is br, or a larger reader stacked on it for a response head that
	// does not fit br (the pooled buffers stay small).
	rd := br
	err = rh.Read(rd)
	for n := 0; err == nil && rh.StatusCode() >= 100 && rh.StatusCode() < 200 && rh.StatusCode() != 101; n++ {
		if n > 100 {
			err = &transportError{kind: errBadResponse, err: errors.New("too many 1xx responses")}
			break
		}
		err = rh.Read(rd)
	}
	if err != nil && isSmallBuffer(err) {
		rd = bufio.NewReaderSize(br, maxHeadSize)
		err = rh.Read(rd)
	}
	if err != nil {
		t.pool.putReader(br)
		fasthttp.ReleaseResponse(resp)
		return phaseHead, err
	}
	fc.used = true
	*in = incoming{
		status:     rh.StatusCode(),
		reason:     statusText(rh.StatusCode(), rh.StatusMessage()),
		header:     respHeader{raw: copyFastHeader(rh)},
		headerTime: time.Since(start),
	}
	if out.stream {
		in.stream = &fastStream{t: t, fc: fc, br: br, rd: rd, resp: resp, method: out.method}
		return phaseBody, nil
	}
	st := fastStream{t: t, fc: fc, br: br, rd: rd, resp: resp, method: out.method}
	body, err := st.read()
	if err != nil {
		return phaseBody, err
	}
	in.body = body
	return phaseBody, nil
}

// statusText returns the reason phrase, sharing the standard strings.
func statusText(code int, msg []byte) string {
	if std := fasthttp.StatusMessage(code); string(msg) == std {
		return std
	}
	return string(msg)
}

// fastStream is a response whose body is still on the connection.
type fastStream struct {
	t      *fastTransport
	fc     *fastConn
	br     *bufio.Reader // the pooled reader
	rd     *bufio.Reader // what to read from: br or a reader on top of it
	resp   *fasthttp.Response
	method string
	done   bool
}

// read reads and decodes the body, then returns the connection to the
// transport (or closes it when the response ends the connection). On error
// the connection is left for the caller to close.
func (s *fastStream) read() (string, error) {
	s.done = true
	rh := &s.resp.Header
	code := rh.StatusCode()
	cl := rh.ContentLength()
	keep := !rh.ConnectionClose() && cl != -2
	var body string
	if s.method != "HEAD" && code != 204 && code != 304 {
		if s.t.precise && cl >= 0 {
			// Read here rather than in fasthttp, which forgets how much
			// of a short body arrived (requests' IncompleteRead says).
			raw, err := readFixed(s.rd, int64(cl))
			if err != nil {
				s.release()
				return "", err
			}
			body, err := s.decoded(raw, true)
			if err != nil {
				s.release()
				return "", err
			}
			return body, s.finish(keep)
		}
		if err := s.resp.ReadBody(s.rd, 0); err != nil {
			s.release()
			return "", err
		}
		if cl == -1 {
			if err := rh.ReadTrailer(s.rd); err != nil {
				s.release()
				return "", err
			}
		}
		var err error
		body, err = s.decoded(s.resp.Body(), false)
		if err != nil {
			s.release()
			return "", err
		}
	}
	return body, s.finish(keep)
}

// decoded undoes the body's content-coding. owned says raw is not a pooled
// buffer, so that the text may share its memory.
func (s *fastStream) decoded(raw []byte, owned bool) (string, error) {
	if enc := s.resp.Header.ContentEncoding(); len(enc) > 0 {
		dec, err := decodeBody(string(enc), raw)
		if err != nil {
			return "", err
		}
		if len(dec) == 0 {
			return "", nil
		}
		if len(raw) == 0 || &dec[0] != &raw[0] {
			owned = true // decoded into a new buffer
		}
		raw = dec
	}
	if owned && len(raw) > 0 {
		// raw is never written again: the string may share it.
		return unsafe.String(&raw[0], len(raw)), nil
	}
	return string(raw), nil
}

// finish returns the connection to the transport, or closes it when the
// response ends it or left bytes behind; it always returns nil.
func (s *fastStream) finish(keep bool) error {
	if s.rd.Buffered() > 0 || s.br.Buffered() > 0 {
		keep = false
	}
	s.release()
	if keep {
		s.t.put(s.fc)
	} else {
		s.fc.close()
	}
	return nil
}

func (s *fastStream) release() {
	if s.br != nil {
		s.t.pool.putReader(s.br)
		fasthttp.ReleaseResponse(s.resp)
		s.br, s.rd, s.resp = nil, nil, nil
	}
}

func (s *fastStream) readAll(ctx context.Context) (string, error) {
	if s.done {
		return "", errors.New("stream already consumed")
	}
	s.t.use(s.fc, ctx)
	defer s.t.done()
	if s.t.networkTimeout > 0 {
		_ = s.fc.c.SetDeadline(time.Now().Add(s.t.networkTimeout))
	}
	if err := ctx.Err(); err != nil {
		s.close()
		return "", err
	}
	b, err := s.read()
	if err != nil {
		s.fc.close()
		if cerr := ctx.Err(); cerr != nil {
			return "", cerr
		}
		return "", classify(err, phaseBody)
	}
	return b, nil
}

func (s *fastStream) close() {
	if s.done {
		return
	}
	s.done = true
	s.release()
	s.fc.close()
}

// fastHeader is a copy of a fasthttp response head in one string:
// name NUL value NUL ..., scanned on lookup.
type fastHeader string

func copyFastHeader(rh *fasthttp.ResponseHeader) fastHeader {
	n := 0
	for k, v := range rh.All() {
		n += len(k) + len(v) + 2
	}
	var b strings.Builder
	b.Grow(n)
	for k, v := range rh.All() {
		b.Write(k)
		b.WriteByte(0)
		b.Write(v)
		b.WriteByte(0)
	}
	return fastHeader(b.String())
}

// each calls f for every field until it returns false.
func (h fastHeader) each(f func(name, value string) bool) {
	s := string(h)
	for len(s) > 0 {
		i := strings.IndexByte(s, 0)
		name := s[:i]
		s = s[i+1:]
		j := strings.IndexByte(s, 0)
		value := s[:j]
		s = s[j+1:]
		if !f(name, value) {
			return
		}
	}
}

func (h fastHeader) get(name string) (string, bool) {
	var vals []string
	h.each(func(n, v string) bool {
		if strings.EqualFold(n, name) {
			vals = append(vals, v)
		}
		return true
	})
	switch len(vals) {
	case 0:
		return "", false
	case 1:
		return vals[0], true
	}
	return strings.Join(vals, ", "), true
}

func (h fastHeader) all(name string) []string {
	var vals []string
	h.each(func(n, v string) bool {
		if strings.EqualFold(n, name) {
			vals = append(vals, v)
		}
		return true
	})
	return vals
}

// fields returns the headers, repeated names joined with ", " in the
// position of their first occurrence (as requests' headers read).
func (h fastHeader) fields() []field {
	var out []field
	h.each(func(n, v string) bool {
		if i := findField(out, n); i >= 0 {
			out[i].value += ", " + v
		} else {
			out = append(out, field{n, v})
		}
		return true
	})
	return out
}
