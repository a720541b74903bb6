package http

import (
	"fmt"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Exceptions holds the exception classes the HTTP clients raise and report:
// Locust's (locust.exception), requests' (requests.exceptions), and the
// lower-level classes whose repr Locust writes into its failures table
// (urllib3's, http.client's, socket's, geventhttpclient's).
//
// The classes are made once per loaded program (NewExceptions) rather than
// kept in package variables, so that a script assigning a class attribute
// cannot leak into another run. The locust module re-exports them; every
// session of the program must be made from a Pool built with the same
// Exceptions, or isinstance checks in scripts would not match.
type Exceptions struct {
	// locust.exception
	LocustError, ResponseError, CatchResponseError *pyrt.Class

	// requests.exceptions
	RequestException, HTTPError, ConnectionError, ProxyError, SSLError, Timeout,
	ConnectTimeout, ReadTimeout, URLRequired, TooManyRedirects, MissingSchema,
	InvalidSchema, InvalidURL, InvalidHeader, ChunkedEncodingError,
	ContentDecodingError, InvalidJSONError, RequestsJSONDecodeError *pyrt.Class

	// urllib3.exceptions, http.client, socket and builtins not in pyrt: the
	// causes Locust unwraps a requests.ConnectionError to.
	ProtocolError, MaxRetryError, NewConnectionError, NameResolutionError,
	ReadTimeoutError, ConnectTimeoutError, RemoteDisconnected, Gaierror,
	BrokenPipeError, ConnectionAbortedError, SSLSocketError, SSLCertError,
	ZlibError *pyrt.Class

	// geventhttpclient and locust.contrib.fasthttp (FastHttpUser)
	GeventConnectionError, LocustBadStatusCode, RetriesExceeded,
	HTTPConnectionClosed, HTTPParseError *pyrt.Class
}

// NewExceptions makes a fresh set of the clients' exception classes.
func NewExceptions() *Exceptions {
	e := &Exceptions{}
	mk := func(module, name string, bases ...*pyrt.Class) *pyrt.Class {
		c := pyrt.MustClass(name, bases, nil)
		c.SetModule(module)
		return c
	}
	const le, rq, u3 = "locust.exception", "requests.exceptions", "urllib3.exceptions"
	e.LocustError = mk(le, "LocustError", pyrt.Exception)
	e.ResponseError = mk(le, "ResponseError", pyrt.Exception)
	e.CatchResponseError = mk(le, "CatchResponseError", pyrt.Exception)

	e.RequestException = mk(rq, "RequestException", pyrt.OSError)
	e.HTTPError = mk(rq, "HTTPError", e.RequestException)
	// requests.ConnectionError is not a builtins.ConnectionError in Python;
	// gust makes it one so that `except ConnectionError` catches transport
	// errors whichever name a script imported.
	e.ConnectionError = mk(rq, "ConnectionError", e.RequestException, pyrt.ConnectionError)
	e.ProxyError = mk(rq, "ProxyError", e.ConnectionError)
	e.SSLError = mk(rq, "SSLError", e.ConnectionError)
	e.Timeout = mk(rq, "Timeout", e.RequestException)
	e.ConnectTimeout = mk(rq, "ConnectTimeout", e.ConnectionError, e.Timeout)
	e.ReadTimeout = mk(rq, "ReadTimeout", e.Timeout)
	e.URLRequired = mk(rq, "URLRequired", e.RequestException)
	e.TooManyRedirects = mk(rq, "TooManyRedirects", e.RequestException)
	e.MissingSchema = mk(rq, "MissingSchema", e.RequestException, pyrt.ValueError)
	e.InvalidSchema = mk(rq, "InvalidSchema", e.RequestException, pyrt.ValueError)
	e.InvalidURL = mk(rq, "InvalidURL", e.RequestException, pyrt.ValueError)
	e.InvalidHeader = mk(rq, "InvalidHeader", e.RequestException, pyrt.ValueError)
	e.ChunkedEncodingError = mk(rq, "ChunkedEncodingError", e.RequestException)
	e.ContentDecodingError = mk(rq, "ContentDecodingError", e.RequestException)
	e.InvalidJSONError = mk(rq, "InvalidJSONError", e.RequestException)
	e.RequestsJSONDecodeError = mk(rq, "JSONDecodeError", e.InvalidJSONError, pyrt.JSONDecodeError)

	e.ProtocolError = mk(u3, "ProtocolError", pyrt.Exception)
	e.MaxRetryError = mk(u3, "MaxRetryError", pyrt.Exception)
	e.ConnectTimeoutError = mk(u3, "ConnectTimeoutError", pyrt.TimeoutError)
	e.NewConnectionError = mk(u3, "NewConnectionError", e.ConnectTimeoutError)
	e.NameResolutionError = mk(u3, "NameResolutionError", e.NewConnectionError)
	e.ReadTimeoutError = mk(u3, "ReadTimeoutError", pyrt.TimeoutError)
	e.RemoteDisconnected = mk("http.client", "RemoteDisconnected", pyrt.ConnectionReset)
	e.Gaierror = mk("socket", "gaierror", pyrt.OSError)
	e.BrokenPipeError = mk("builtins", "BrokenPipeError", pyrt.ConnectionError)
	e.ConnectionAbortedError = mk("builtins", "ConnectionAbortedError", pyrt.ConnectionError)
	e.SSLSocketError = mk("ssl", "SSLError", pyrt.OSError)
	e.SSLCertError = mk("ssl", "SSLCertVerificationError", e.SSLSocketError, pyrt.ValueError)
	e.ZlibError = mk("zlib", "error", pyrt.Exception)

	gc := pyrt.MustClass("ConnectionError", []*pyrt.Class{pyrt.Exception}, map[string]starlark.Value{
		"__str__":  starlark.NewBuiltin("__str__", geventErrStr),
		"__repr__": starlark.NewBuiltin("__repr__", geventErrRepr),
	})
	gc.SetModule("geventhttpclient.useragent")
	e.GeventConnectionError = gc
	e.LocustBadStatusCode = mk("locust.contrib.fasthttp", "LocustBadStatusCode", gc)
	e.RetriesExceeded = mk("geventhttpclient.useragent", "RetriesExceeded", gc)
	e.HTTPParseError = mk("geventhttpclient.response", "HTTPParseError", pyrt.Exception)
	e.HTTPConnectionClosed = mk("geventhttpclient.response", "HTTPConnectionClosed", e.HTTPParseError)
	return e
}

// LocustNames lists the classes the locust module exports (also as
// locust.exception.*).
func (e *Exceptions) LocustNames() map[string]*pyrt.Class {
	return map[string]*pyrt.Class{
		"LocustError":        e.LocustError,
		"ResponseError":      e.ResponseError,
		"CatchResponseError": e.CatchResponseError,
	}
}

// RequestsNames lists requests.exceptions by name, for a `requests` /
// `requests.exceptions` module.
func (e *Exceptions) RequestsNames() map[string]*pyrt.Class {
	return map[string]*pyrt.Class{
		"RequestException":     e.RequestException,
		"HTTPError":            e.HTTPError,
		"ConnectionError":      e.ConnectionError,
		"ProxyError":           e.ProxyError,
		"SSLError":             e.SSLError,
		"Timeout":              e.Timeout,
		"ConnectTimeout":       e.ConnectTimeout,
		"ReadTimeout":          e.ReadTimeout,
		"URLRequired":          e.URLRequired,
		"TooManyRedirects":     e.TooManyRedirects,
		"MissingSchema":        e.MissingSchema,
		"InvalidSchema":        e.InvalidSchema,
		"InvalidURL":           e.InvalidURL,
		"InvalidHeader":        e.InvalidHeader,
		"ChunkedEncodingError": e.ChunkedEncodingError,
		"ContentDecodingError": e.ContentDecodingError,
		"InvalidJSONError":     e.InvalidJSONError,
		"JSONDecodeError":      e.RequestsJSONDecodeError,
	}
}

// FastHTTPNames lists the classes of locust.contrib.fasthttp and
// geventhttpclient a script may import.
func (e *Exceptions) FastHTTPNames() map[string]*pyrt.Class {
	return map[string]*pyrt.Class{
		"LocustBadStatusCode":  e.LocustBadStatusCode,
		"RetriesExceeded":      e.RetriesExceeded,
		"HTTPConnectionClosed": e.HTTPConnectionClosed,
		"HTTPParseError":       e.HTTPParseError,
	}
}

// newExc makes an exception instance of cls with the given args.
func newExc(cls *pyrt.Class, args ...starlark.Value) *pyrt.Instance {
	inst := pyrt.NewInstance(cls)
	inst.SetFieldDirect("args", starlark.Tuple(args))
	return inst
}

// newMsgExc makes an exception instance with one message argument.
func newMsgExc(cls *pyrt.Class, msg string) *pyrt.Instance {
	return newExc(cls, starlark.String(msg))
}

// raise turns an exception instance into the Go error that raises it.
func raise(inst *pyrt.Instance) error { return &pyrt.Error{Value: inst} }

// oserror makes an OSError-family instance the way Python builds them,
// args (errno, strerror) plus the errno and strerror attributes.
func oserror(cls *pyrt.Class, errno int, strerror string) *pyrt.Instance {
	inst := newExc(cls, starlark.MakeInt(errno), starlark.String(strerror))
	inst.SetFieldDirect("errno", starlark.MakeInt(errno))
	inst.SetFieldDirect("strerror", starlark.String(strerror))
	return inst
}

// newBadStatus makes LocustBadStatusCode(url, code=N) as geventhttpclient
// raises it: args is (url,), code and url are attributes.
func (e *Exceptions) newBadStatus(url string, code int) *pyrt.Instance {
	inst := newExc(e.LocustBadStatusCode, starlark.String(url))
	inst.SetFieldDirect("url", starlark.String(url))
	inst.SetFieldDirect("code", starlark.MakeInt(code))
	inst.SetFieldDirect("kw_text", starlark.String(fmt.Sprintf("code=%d", code)))
	return inst
}

// newGeventError makes a geventhttpclient ConnectionError subclass with a
// URL and a message (RetriesExceeded(url, "Redirection limit reached (30)")).
func newGeventError(cls *pyrt.Class, url, msg string) *pyrt.Instance {
	inst := newExc(cls, starlark.String(url), starlark.String(msg))
	inst.SetFieldDirect("url", starlark.String(url))
	inst.SetFieldDirect("kw_text", starlark.String(""))
	return inst
}

func geventSelf(b *starlark.Builtin, args starlark.Tuple) (*pyrt.Instance, error) {
	if len(args) != 1 {
		return nil, pyrt.NewError(pyrt.TypeError, b.Name()+"() takes exactly one argument")
	}
	inst, ok := args[0].(*pyrt.Instance)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, b.Name()+"() requires an exception")
	}
	return inst, nil
}

func fieldStr(inst *pyrt.Instance, name string) string {
	v, ok := inst.Field(name)
	if !ok {
		return ""
	}
	return pyrt.Str(v)
}

// geventErrStr is geventhttpclient's ConnectionError.__str__:
// "URL <url>: <text>" where text is the message and the keyword part.
func geventErrStr(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	inst, err := geventSelf(b, args)
	if err != nil {
		return nil, err
	}
	a := pyrt.ExcArgs(inst)
	text := ""
	if len(a) == 2 {
		text = pyrt.Str(a[1])
	} else if len(a) > 2 {
		text = pyrt.Str(a[1]) + ": " + pyrt.Repr(a[2:])
	}
	if kw := fieldStr(inst, "kw_text"); kw != "" {
		if text != "" {
			text += ", "
		}
		text += kw
	}
	url := fieldStr(inst, "url")
	if text == "" {
		return starlark.String("URL " + url), nil
	}
	return starlark.String("URL " + url + ": " + text), nil
}

// geventErrRepr is the repr Locust reports: the class name and args, the
// keyword part appended; LocustBadStatusCode drops the URL argument, so a
// 404 reads LocustBadStatusCode(code=404) whatever the URL.
func geventErrRepr(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	inst, err := geventSelf(b, args)
	if err != nil {
		return nil, err
	}
	a := pyrt.ExcArgs(inst)
	name := inst.Class().Name()
	kw := fieldStr(inst, "kw_text")
	if name == "LocustBadStatusCode" && kw != "" && len(a) >= 1 {
		a = a[1:]
	}
	parts := ""
	for i, x := range a {
		if i > 0 {
			parts += ", "
		}
		parts += pyrt.Repr(x)
	}
	if kw != "" {
		if parts != "" {
			parts += ", "
		}
		parts += kw
	}
	return starlark.String(name + "(" + parts + ")"), nil
}

// literal is a value whose Python repr is fixed text: it stands for
// objects gust does not model (urllib3 connection objects, IncompleteRead)
// inside the args of the exceptions Locust reports.
type literal string

func (l literal) String() string        { return string(l) }
func (l literal) PyRepr() string        { return string(l) }
func (l literal) Type() string          { return "object" }
func (l literal) Freeze()               {}
func (l literal) Truth() starlark.Bool  { return true }
func (l literal) Hash() (uint32, error) { return starlark.String(l).Hash() }
