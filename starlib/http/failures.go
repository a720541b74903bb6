package http

import (
	"fmt"
	"strings"
	"syscall"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// connectionObject stands for the urllib3 connection object that appears
// in some exception messages; Locust's failure table rewrites the address
// to 0x.... anyway.
const connectionObject = "<urllib3.connection.HTTPConnection object at 0x....>"

// poolName is urllib3's connection pool as its messages name it:
// HTTPConnectionPool(host='127.0.0.1', port=8080).
func poolName(out *outgoing) string {
	kind := "HTTPConnectionPool"
	if out.scheme == "https" {
		kind = "HTTPSConnectionPool"
	}
	return fmt.Sprintf("%s(host=%s, port=%s)", kind, pyrt.QuoteString(out.hostname), portOf(out.hostport))
}

func portOf(hostport string) string {
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 {
		return hostport[i+1:]
	}
	return hostport
}

func errnoOf(te *transportError, fallback syscall.Errno) syscall.Errno {
	if te.errno != 0 {
		return te.errno
	}
	return fallback
}

// osErrorFor makes the OSError subclass Python raises for an errno.
func (e *Exceptions) osErrorFor(errno syscall.Errno) *pyrt.Instance {
	cls := pyrt.OSError
	switch errno {
	case syscall.ECONNREFUSED:
		cls = pyrt.ConnectionRefused
	case syscall.ECONNRESET:
		cls = pyrt.ConnectionReset
	case syscall.EPIPE:
		cls = e.BrokenPipeError
	case syscall.ECONNABORTED:
		cls = e.ConnectionAbortedError
	case syscall.ETIMEDOUT:
		cls = pyrt.TimeoutError
	}
	return oserror(cls, int(errno), strerror(errno))
}

// requestsFailure turns a transport failure into what requests raises
// (outer, the response's .error) and what Locust reports after unwrapping
// ConnectionError, MaxRetryError, NewConnectionError and ProtocolError
// through __context__ (cause; nil when outer itself is reported). The
// texts follow requests 2.32 / urllib3 2.x.
func (s *Session) requestsFailure(te *transportError, out *outgoing) (outer, cause *pyrt.Instance) {
	e := s.exc
	pool := poolName(out)
	maxRetry := func(caused string) *pyrt.Instance {
		return newMsgExc(e.MaxRetryError, fmt.Sprintf("%s: Max retries exceeded with url: %s (Caused by %s)", pool, out.requestURI, caused))
	}
	connName := fmt.Sprintf("HTTPConnection(host=%s, port=%s)", pyrt.QuoteString(out.hostname), portOf(out.hostport))
	aborted := func(inner *pyrt.Instance) (*pyrt.Instance, *pyrt.Instance) {
		pe := newExc(e.ProtocolError, starlark.String("Connection aborted."), inner)
		o := newExc(e.ConnectionError, pe)
		o.SetFieldDirect("__context__", pe)
		return o, inner
	}
	switch te.kind {
	case errRefused, errErrno, errAborted:
		if te.ph != phaseConnect && te.kind != errRefused {
			return aborted(e.osErrorFor(errnoOf(te, syscall.ECONNABORTED)))
		}
		inner := e.osErrorFor(errnoOf(te, syscall.ECONNREFUSED))
		nce := newMsgExc(e.NewConnectionError, fmt.Sprintf("%s: Failed to establish a new connection: [Errno %d] %s",
			connName, int(errnoOf(te, syscall.ECONNREFUSED)), strerror(errnoOf(te, syscall.ECONNREFUSED))))
		mr := maxRetry("NewConnectionError(" + pyrt.QuoteString(pyrt.Str(pyrt.ExcArgs(nce)[0])) + ")")
		o := newExc(e.ConnectionError, mr)
		return o, inner
	case errDNS:
		inner := oserror(e.Gaierror, -2, "Name or service not known")
		mr := maxRetry(fmt.Sprintf("NameResolutionError(%s)", pyrt.QuoteString(fmt.Sprintf(
			"%s: Failed to resolve '%s' ([Errno -2] Name or service not known)", connectionObject, out.hostname))))
		return newExc(e.ConnectionError, mr), inner
	case errConnectTimeout:
		inner := newExc(e.ConnectTimeoutError, literal(connectionObject),
			starlark.String(fmt.Sprintf("Connection to %s timed out. (connect timeout=%s)", out.hostname, out.connectTimeoutText)))
		mr := maxRetry(pyrt.Repr(inner))
		return newExc(e.ConnectTimeout, mr), inner
	case errReadTimeout:
		rte := newMsgExc(e.ReadTimeoutError, fmt.Sprintf("%s: Read timed out. (read timeout=%s)", pool, out.timeoutText))
		return newExc(e.ReadTimeout, rte), nil
	case errBodyTimeout:
		rte := newMsgExc(e.ReadTimeoutError, pool+": Read timed out.")
		return newExc(e.ConnectionError, rte), rte
	case errClosed:
		return aborted(newMsgExc(e.RemoteDisconnected, "Remote end closed connection without response"))
	case errReset, errBrokenPipe:
		inner := e.osErrorFor(errnoOf(te, syscall.ECONNRESET))
		if te.ph == phaseBody {
			msg := "Connection broken: " + pyrt.Repr(inner)
			return newExc(e.ChunkedEncodingError, newExc(e.ProtocolError, starlark.String(msg), inner)), nil
		}
		return aborted(inner)
	case errIncomplete:
		ir := fmt.Sprintf("IncompleteRead(%d bytes read)", te.read)
		if te.expected > 0 {
			ir = fmt.Sprintf("IncompleteRead(%d bytes read, %d more expected)", te.read, te.expected)
		}
		pe := newExc(e.ProtocolError, starlark.String("Connection broken: "+ir), literal(ir))
		return newExc(e.ChunkedEncodingError, pe), nil
	case errCert:
		inner := newExc(e.SSLCertError, starlark.MakeInt(1), starlark.String("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "+goErrText(te)))
		mr := maxRetry(fmt.Sprintf("SSLError(%s)", pyrt.Repr(inner)))
		return newExc(e.SSLError, mr), inner
	case errTLS:
		inner := newMsgExc(e.SSLSocketError, goErrText(te))
		return newExc(e.SSLError, maxRetry(fmt.Sprintf("SSLError(%s)", pyrt.Repr(inner)))), inner
	case errTooManyRedirects:
		return newMsgExc(e.TooManyRedirects, fmt.Sprintf("Exceeded %d redirects.", s.maxRedirects)), nil
	case errDecode:
		return newMsgExc(e.ContentDecodingError, "Received response with content-encoding, but failed to decode it: "+goErrText(te)), nil
	}
	return newMsgExc(e.ConnectionError, goErrText(te)), nil
}

// fastFailure is what geventhttpclient raises for a transport failure,
// which FastHttpSession reports as is.
func (s *Session) fastFailure(te *transportError, out *outgoing, origURL string) *pyrt.Instance {
	e := s.exc
	switch te.kind {
	case errRefused, errErrno, errAborted:
		return e.osErrorFor(errnoOf(te, syscall.ECONNREFUSED))
	case errReset, errBrokenPipe:
		return e.osErrorFor(errnoOf(te, syscall.ECONNRESET))
	case errClosed:
		return newMsgExc(e.HTTPConnectionClosed, "connection closed.")
	case errConnectTimeout, errReadTimeout, errBodyTimeout:
		return newMsgExc(pyrt.TimeoutError, "timed out")
	case errDNS:
		return oserror(e.Gaierror, -2, "Name or service not known")
	case errIncomplete:
		return newMsgExc(e.HTTPParseError, "connection closed before end of the body")
	case errCert:
		return newExc(e.SSLCertError, starlark.MakeInt(1), starlark.String("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "+goErrText(te)))
	case errTLS:
		return newMsgExc(e.SSLSocketError, goErrText(te))
	case errTooManyRedirects:
		return newGeventError(e.RetriesExceeded, origURL, fmt.Sprintf("Redirection limit reached (%d)", s.maxRedirects))
	case errDecode:
		return newMsgExc(e.ZlibError, "Error -3 while decompressing data: "+goErrText(te))
	case errBadResponse:
		return newMsgExc(e.HTTPParseError, goErrText(te))
	}
	return newMsgExc(pyrt.ConnectionError, goErrText(te))
}

func goErrText(te *transportError) string {
	if te.err == nil {
		return "transport error"
	}
	return te.err.Error()
}

// httpErrorText is requests' raise_for_status message, or "" when the
// status is not an error (requests treats only 400-599 as errors).
func httpErrorText(status int, reason, url string) string {
	switch {
	case status >= 400 && status < 500:
		return fmt.Sprintf("%d Client Error: %s for url: %s", status, reason, url)
	case status >= 500 && status < 600:
		return fmt.Sprintf("%d Server Error: %s for url: %s", status, reason, url)
	}
	return ""
}

// fastValidStatus is LocustUserAgent.valid_response_codes.
func fastValidStatus(code int) bool {
	switch code {
	case 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 301, 302, 303, 304, 307, 308:
		return true
	}
	return false
}
