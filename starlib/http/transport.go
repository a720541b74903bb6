package http

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"
)

// transport performs one HTTP/1.1 exchange: no redirects, no cookies, no
// retries beyond a stale keep-alive connection. Sessions keep one per user
// behind this small interface so that the HTTP implementation (net/http for
// HttpUser, a lean fasthttp-based connection for FastHttpUser) can change
// without touching the script API.
type transport interface {
	// roundTrip sends out and reads the response head into in, and the
	// body unless out.stream is set. It watches ctx: a cancelled context
	// aborts the exchange and roundTrip returns ctx's error unchanged. (in
	// is the caller's, so that an exchange allocates no result struct.)
	roundTrip(ctx context.Context, out *outgoing, in *incoming) error
	// close closes idle connections and releases buffers; the session
	// calls it when the user stops.
	close()
	// interrupt aborts an exchange on the session's user context, which
	// the caller has cancelled (Session.Interrupt).
	interrupt()
}

// outgoing is one request as it goes on the wire.
type outgoing struct {
	method     string // upper case
	url        string // absolute URL as requested
	scheme     string // "http" or "https"
	hostname   string // lower-case host, without port or brackets
	hostport   string // host:port to dial
	host       string // Host header value (the URL's netloc without userinfo)
	requestURI string // path and query as sent
	headers    []field
	body       []byte
	hasBody    bool   // a body was given (even empty)
	ctype      string // the content type the body implies ("" for none)
	jsonBody   bool   // the body came from json=
	textBody   bool   // the body came from a str (r.request.body is a str)
	// connectTimeout and readTimeout are zero for none.
	connectTimeout time.Duration
	readTimeout    time.Duration
	// timeoutText and connectTimeoutText are the read and connect timeouts
	// as the script wrote them, for error messages ("0.5").
	timeoutText        string
	connectTimeoutText string
	insecure           bool
	stream             bool
}

// defaultPort is the port a scheme implies.
func defaultPort(scheme string) string {
	if scheme == "https" {
		return "443"
	}
	return "80"
}

// incoming is a response as the transport read it.
type incoming struct {
	status int
	reason string
	header respHeader
	body   string
	// stream is set instead of body for stream=True requests.
	stream bodyStream
	// headerTime is the time from sending to the response head.
	headerTime time.Duration
}

// respHeader holds response headers in the transport's own form (a
// net/http map, or one string copied from fasthttp) and answers lookups
// without building a script value: most responses are never asked for
// their headers.
type respHeader struct {
	m   goHeader
	raw fastHeader
}

func (h respHeader) present() bool { return h.m != nil || h.raw != "" }

func (h respHeader) get(name string) (string, bool) {
	if h.m != nil {
		return h.m.get(name)
	}
	return h.raw.get(name)
}

func (h respHeader) all(name string) []string {
	if h.m != nil {
		return h.m.all(name)
	}
	return h.raw.all(name)
}

func (h respHeader) fields() []field {
	if h.m != nil {
		return h.m.fields()
	}
	return h.raw.fields()
}

// bodyStream is an unread response body.
type bodyStream interface {
	// readAll reads the rest of the body (decoded) and releases the
	// connection.
	readAll(ctx context.Context) (string, error)
	// close abandons the body.
	close()
}

// errKind classifies a transport failure; each client flavour turns it
// into the exception its Python counterpart raises.
type errKind int

const (
	errOther errKind = iota
	errRefused
	errReset
	errBrokenPipe
	errAborted
	errClosed         // the server closed the connection before a response
	errConnectTimeout // no connection within the connect timeout
	errReadTimeout    // no response head within the read timeout
	errBodyTimeout    // the body stalled beyond the read timeout
	errIncomplete     // the body ended before its length
	errDNS
	errTLS
	errCert
	errErrno // another OS error with an errno
	errTooManyRedirects
	errDecode // the body's content-encoding could not be decoded
	errBadResponse
)

// transportError is a classified transport failure.
type transportError struct {
	kind     errKind
	ph       phase
	errno    syscall.Errno
	read     int64 // errIncomplete: bytes read
	expected int64 // errIncomplete: bytes missing
	err      error
}

func (e *transportError) Error() string {
	if e.err != nil {
		return e.err.Error()
	}
	return "transport error"
}

func (e *transportError) Unwrap() error { return e.err }

// phase says where in the exchange an error happened.
type phase int

const (
	phaseConnect phase = iota
	phaseWrite
	phaseHead
	phaseBody
)

// classify turns a Go network error into a transportError.
func classify(err error, ph phase) *transportError {
	var te *transportError
	if errors.As(err, &te) {
		return te
	}
	out := &transportError{kind: errOther, ph: ph, err: err}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuth x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var recErr tls.RecordHeaderError
	var errno syscall.Errno
	switch {
	case errors.As(err, &dnsErr):
		out.kind = errDNS
	case errors.As(err, &certErr), errors.As(err, &unknownAuth), errors.As(err, &hostErr):
		out.kind = errCert
	case errors.As(err, &recErr):
		out.kind = errTLS
	case isTimeout(err):
		switch ph {
		case phaseConnect:
			out.kind = errConnectTimeout
		case phaseBody:
			out.kind = errBodyTimeout
		default:
			out.kind = errReadTimeout
		}
	case errors.As(err, &errno):
		out.errno = errno
		switch errno {
		case syscall.ECONNREFUSED:
			out.kind = errRefused
		case syscall.ECONNRESET:
			out.kind = errReset
		case syscall.EPIPE:
			out.kind = errBrokenPipe
		case syscall.ECONNABORTED:
			out.kind = errAborted
		default:
			out.kind = errErrno
		}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		if ph == phaseBody {
			out.kind = errIncomplete
		} else {
			out.kind = errClosed
		}
	case strings.Contains(err.Error(), "tls:"):
		out.kind = errTLS
	}
	return out
}

func isTimeout(err error) bool {
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return true
	}
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// strerror is Python's os.strerror for the errnos a load test meets; other
// errnos use Go's text with a capital letter, which matches glibc for most.
func strerror(e syscall.Errno) string {
	switch e {
	case syscall.ECONNREFUSED:
		return "Connection refused"
	case syscall.ECONNRESET:
		return "Connection reset by peer"
	case syscall.EPIPE:
		return "Broken pipe"
	case syscall.ECONNABORTED:
		return "Software caused connection abort"
	case syscall.ETIMEDOUT:
		return "Connection timed out"
	case syscall.EHOSTUNREACH:
		return "No route to host"
	case syscall.ENETUNREACH:
		return "Network is unreachable"
	case syscall.EADDRNOTAVAIL:
		return "Cannot assign requested address"
	case syscall.EMFILE:
		return "Too many open files"
	}
	s := e.Error()
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
