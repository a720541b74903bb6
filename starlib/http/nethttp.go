package http

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"io"
	"net"
	nethttp "net/http"
	"net/http/httptrace"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
)

// netTransport is the HttpUser transport when the environment names an
// HTTP(S) proxy (net/http reads those variables as requests does): a
// net/http Transport per user, so that, as with requests.Session, every
// user has its own keep-alive connections. A second Transport skipping TLS
// verification is made on first use of verify=False.
//
// Without a proxy HttpUser uses fastTransport in precise mode instead: an
// idle keep-alive connection of net/http keeps a read and a write goroutine
// (8 KB of stacks) and their buffers, about 21 KB per idle connected user
// with 2 KB/1 KB buffers (TestIdleMemory) against about 3 KB, and every
// request pays a hand-off between goroutines.
type netTransport struct {
	pool     *Pool
	verified *nethttp.Transport
	insecure *nethttp.Transport
}

type ctxKey int

const connectTimeoutKey ctxKey = 0

// identityCoding makes net/http send Content-Length: 0 (read-only).
var identityCoding = []string{"identity"}

// errReadDeadline is the cancellation cause of a read timeout.
var errReadDeadline = errors.New("read timeout")

func newNetTransport(p *Pool) *netTransport { return &netTransport{pool: p} }

func (t *netTransport) transport(insecure bool) *nethttp.Transport {
	tp := &t.verified
	if insecure {
		tp = &t.insecure
	}
	if *tp == nil {
		*tp = &nethttp.Transport{
			Proxy:               nethttp.ProxyFromEnvironment,
			DialContext:         t.dial,
			TLSClientConfig:     t.pool.tlsConfig(insecure),
			DisableCompression:  true,
			MaxIdleConnsPerHost: 10,
			// Each keep-alive connection holds both buffers while idle;
			// smaller ones than net/http's 4 KB default keep an idle user
			// cheaper (long header lines still parse: they are joined).
			ReadBufferSize:  2 << 10,
			WriteBufferSize: 1 << 10,
		}
	}
	return *tp
}

func (t *netTransport) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := net.Dialer{KeepAlive: 30 * time.Second}
	if to, ok := ctx.Value(connectTimeoutKey).(time.Duration); ok && to > 0 {
		d.Timeout = to
	}
	return d.DialContext(ctx, network, addr)
}

// interrupt has nothing to do: net/http watches every request's context.
func (t *netTransport) interrupt() {}

func (t *netTransport) close() {
	for _, tr := range []*nethttp.Transport{t.verified, t.insecure} {
		if tr != nil {
			tr.CloseIdleConnections()
		}
	}
}

// readTimer enforces requests' timeouts on one exchange: it carries the
// connect timeout to the dialer and cancels the exchange when the time
// between sending the request and the response head, or between two body
// reads, exceeds the read timeout.
type readTimer struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	timer  *time.Timer // nil without a read timeout
	d      time.Duration
}

func (r *readTimer) arm() {
	if r != nil && r.timer != nil {
		r.timer.Reset(r.d)
	}
}

// disarm pauses the timer between the response head and a body read.
func (r *readTimer) disarm() {
	if r != nil && r.timer != nil {
		r.timer.Stop()
	}
}

func (r *readTimer) stop() {
	if r != nil {
		r.disarm()
		r.cancel(nil)
	}
}

func (r *readTimer) expired() bool {
	return r != nil && context.Cause(r.ctx) == errReadDeadline
}

func (t *netTransport) roundTrip(ctx context.Context, out *outgoing, in *incoming) error {
	parent := ctx
	var rt *readTimer
	if out.connectTimeout > 0 || out.readTimeout > 0 {
		cctx, cancel := context.WithCancelCause(ctx)
		rt = &readTimer{ctx: cctx, cancel: cancel, d: out.readTimeout}
		ctx = context.WithValue(cctx, connectTimeoutKey, out.connectTimeout)
		if out.readTimeout > 0 {
			rt.timer = time.AfterFunc(time.Hour, func() { cancel(errReadDeadline) })
			rt.timer.Stop()
			ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
				WroteRequest: func(httptrace.WroteRequestInfo) { rt.arm() },
			})
		}
	}
	var body io.Reader
	if out.hasBody && len(out.body) > 0 {
		body = bytes.NewReader(out.body)
	}
	req, err := nethttp.NewRequestWithContext(ctx, out.method, out.url, body)
	if err != nil {
		rt.stop()
		return &transportError{kind: errOther, err: err}
	}
	if body == nil && out.method != "GET" && out.method != "HEAD" {
		// requests sends Content-Length: 0 for a bodiless DELETE or
		// OPTIONS; net/http does so only for an explicit identity coding
		// with a (empty) body.
		req.Body, req.TransferEncoding = nethttp.NoBody, identityCoding
	}
	req.Header = make(nethttp.Header, len(out.headers))
	for _, f := range out.headers {
		if strings.EqualFold(f.name, "Host") {
			req.Host = f.value
			continue
		}
		req.Header[nethttp.CanonicalHeaderKey(f.name)] = []string{f.value}
	}
	start := time.Now()
	resp, err := t.transport(out.insecure).RoundTrip(req)
	headerTime := time.Since(start)
	if err != nil {
		expired := rt.expired()
		rt.stop()
		if perr := parent.Err(); perr != nil {
			return perr
		}
		if expired {
			return &transportError{kind: errReadTimeout, err: err}
		}
		ph := phaseHead
		var oe *net.OpError
		if errors.As(err, &oe) && oe.Op == "dial" {
			ph = phaseConnect
		}
		return classify(err, ph)
	}
	rt.disarm()
	*in = incoming{
		status:     resp.StatusCode,
		reason:     strings.TrimPrefix(resp.Status, strconv.Itoa(resp.StatusCode)+" "),
		header:     respHeader{m: goHeader(resp.Header)},
		headerTime: headerTime,
	}
	ns := &netStream{parent: parent, body: resp.Body, enc: resp.Header.Get("Content-Encoding"), length: resp.ContentLength, rt: rt}
	if out.stream {
		in.stream = ns
		return nil
	}
	b, err := ns.readAll(parent)
	if err != nil {
		return err
	}
	in.body = b
	return nil
}

// netStream is a net/http response body not read yet.
type netStream struct {
	parent context.Context
	body   io.ReadCloser
	enc    string
	length int64
	rt     *readTimer
}

func (s *netStream) readAll(ctx context.Context) (string, error) {
	b, err := s.readBytes(ctx)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func (s *netStream) readBytes(ctx context.Context) ([]byte, error) {
	defer s.close()
	size := 512
	if s.length > 0 && s.length < 64<<20 {
		size = int(s.length)
	}
	buf := make([]byte, 0, size)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		s.rt.arm()
		n, err := s.body.Read(buf[len(buf):cap(buf)])
		s.rt.disarm()
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			if perr := ctx.Err(); perr != nil {
				return nil, perr
			}
			if s.rt.expired() {
				return nil, &transportError{kind: errBodyTimeout, err: err}
			}
			te := classify(err, phaseBody)
			if te.kind == errIncomplete {
				te.read = int64(len(buf))
				if s.length > 0 {
					te.expected = s.length - int64(len(buf))
				}
			}
			return nil, te
		}
	}
	return decodeBody(s.enc, buf)
}

func (s *netStream) close() {
	_ = s.body.Close()
	s.rt.stop()
}

// goHeader adapts net/http's header map.
type goHeader nethttp.Header

func (h goHeader) get(name string) (string, bool) {
	v, ok := nethttp.Header(h)[nethttp.CanonicalHeaderKey(name)]
	if !ok {
		return "", false
	}
	if len(v) == 1 {
		return v[0], true
	}
	return strings.Join(v, ", "), true
}

func (h goHeader) all(name string) []string { return nethttp.Header(h).Values(name) }

func (h goHeader) fields() []field { return sortedFields(h) }

// decodeBody undoes a Content-Encoding (gzip, deflate, br, zstd; a list is
// undone right to left), as requests and geventhttpclient return the
// decoded content.
func decodeBody(enc string, b []byte) ([]byte, error) {
	if enc == "" || len(b) == 0 {
		return b, nil
	}
	codings := strings.Split(enc, ",")
	for i := len(codings) - 1; i >= 0; i-- {
		c := strings.ToLower(strings.TrimSpace(codings[i]))
		var err error
		switch c {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			b, err = readAllFrom(gzip.NewReader(bytes.NewReader(b)))
		case "deflate":
			// Servers send zlib-wrapped or raw deflate under this name.
			if zr, zerr := zlib.NewReader(bytes.NewReader(b)); zerr == nil {
				b, err = readAllFrom(zr, nil)
			} else {
				b, err = readAllFrom(flate.NewReader(bytes.NewReader(b)), nil)
			}
		case "br":
			b, err = fasthttp.AppendUnbrotliBytes(nil, b)
		case "zstd":
			b, err = fasthttp.AppendUnzstdBytes(nil, b)
		default:
			continue
		}
		if err != nil {
			return nil, &transportError{kind: errDecode, err: &decodeError{coding: c, err: err}}
		}
	}
	return b, nil
}

// decodeError names the content-coding that failed.
type decodeError struct {
	coding string
	err    error
}

func (e *decodeError) Error() string { return e.coding + ": " + e.err.Error() }

func readAllFrom(r io.Reader, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
