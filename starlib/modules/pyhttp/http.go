// Package pyhttp is the part of Python's http package locustfiles touch:
// status codes by name and the http.client switches people copy from the
// requests documentation to debug traffic.
//
// Script-level API:
//
//	http.HTTPStatus.OK (200), .NOT_FOUND (404), ... every name CPython 3.11
//	    has, as plain ints; HTTPStatus(404) checks a code and returns it
//	http.client.HTTPConnection.debuglevel = 1   accepted, does nothing
//	http.client.responses[404]                 "Not Found"
//
// HTTPStatus members are ints, not IntEnum members: comparisons with
// status codes, formatting and dict keys behave as in Python 3.11, but
// .value, .name, .phrase and .description do not exist. Connections
// cannot be opened: use self.client, which gust measures.
package pyhttp

import (
	"fmt"
	"sort"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// statuses are CPython 3.11's HTTPStatus members: code, name, phrase.
var statuses = [...]struct {
	code         int
	name, phrase string
}{
	{100, "CONTINUE", "Continue"},
	{101, "SWITCHING_PROTOCOLS", "Switching Protocols"},
	{102, "PROCESSING", "Processing"},
	{103, "EARLY_HINTS", "Early Hints"},
	{200, "OK", "OK"},
	{201, "CREATED", "Created"},
	{202, "ACCEPTED", "Accepted"},
	{203, "NON_AUTHORITATIVE_INFORMATION", "Non-Authoritative Information"},
	{204, "NO_CONTENT", "No Content"},
	{205, "RESET_CONTENT", "Reset Content"},
	{206, "PARTIAL_CONTENT", "Partial Content"},
	{207, "MULTI_STATUS", "Multi-Status"},
	{208, "ALREADY_REPORTED", "Already Reported"},
	{226, "IM_USED", "IM Used"},
	{300, "MULTIPLE_CHOICES", "Multiple Choices"},
	{301, "MOVED_PERMANENTLY", "Moved Permanently"},
	{302, "FOUND", "Found"},
	{303, "SEE_OTHER", "See Other"},
	{304, "NOT_MODIFIED", "Not Modified"},
	{305, "USE_PROXY", "Use Proxy"},
	{307, "TEMPORARY_REDIRECT", "Temporary Redirect"},
	{308, "PERMANENT_REDIRECT", "Permanent Redirect"},
	{400, "BAD_REQUEST", "Bad Request"},
	{401, "UNAUTHORIZED", "Unauthorized"},
	{402, "PAYMENT_REQUIRED", "Payment Required"},
	{403, "FORBIDDEN", "Forbidden"},
	{404, "NOT_FOUND", "Not Found"},
	{405, "METHOD_NOT_ALLOWED", "Method Not Allowed"},
	{406, "NOT_ACCEPTABLE", "Not Acceptable"},
	{407, "PROXY_AUTHENTICATION_REQUIRED", "Proxy Authentication Required"},
	{408, "REQUEST_TIMEOUT", "Request Timeout"},
	{409, "CONFLICT", "Conflict"},
	{410, "GONE", "Gone"},
	{411, "LENGTH_REQUIRED", "Length Required"},
	{412, "PRECONDITION_FAILED", "Precondition Failed"},
	{413, "REQUEST_ENTITY_TOO_LARGE", "Request Entity Too Large"},
	{414, "REQUEST_URI_TOO_LONG", "Request-URI Too Long"},
	{415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type"},
	{416, "REQUESTED_RANGE_NOT_SATISFIABLE", "Requested Range Not Satisfiable"},
	{417, "EXPECTATION_FAILED", "Expectation Failed"},
	{418, "IM_A_TEAPOT", "I'm a Teapot"},
	{421, "MISDIRECTED_REQUEST", "Misdirected Request"},
	{422, "UNPROCESSABLE_ENTITY", "Unprocessable Entity"},
	{423, "LOCKED", "Locked"},
	{424, "FAILED_DEPENDENCY", "Failed Dependency"},
	{425, "TOO_EARLY", "Too Early"},
	{426, "UPGRADE_REQUIRED", "Upgrade Required"},
	{428, "PRECONDITION_REQUIRED", "Precondition Required"},
	{429, "TOO_MANY_REQUESTS", "Too Many Requests"},
	{431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large"},
	{451, "UNAVAILABLE_FOR_LEGAL_REASONS", "Unavailable For Legal Reasons"},
	{500, "INTERNAL_SERVER_ERROR", "Internal Server Error"},
	{501, "NOT_IMPLEMENTED", "Not Implemented"},
	{502, "BAD_GATEWAY", "Bad Gateway"},
	{503, "SERVICE_UNAVAILABLE", "Service Unavailable"},
	{504, "GATEWAY_TIMEOUT", "Gateway Timeout"},
	{505, "HTTP_VERSION_NOT_SUPPORTED", "HTTP Version Not Supported"},
	{506, "VARIANT_ALSO_NEGOTIATES", "Variant Also Negotiates"},
	{507, "INSUFFICIENT_STORAGE", "Insufficient Storage"},
	{508, "LOOP_DETECTED", "Loop Detected"},
	{510, "NOT_EXTENDED", "Not Extended"},
	{511, "NETWORK_AUTHENTICATION_REQUIRED", "Network Authentication Required"},
}

// Module returns the http package: HTTPStatus and the client submodule.
func Module(env *modules.Env) (starlark.Value, error) {
	client, err := ClientModule(env)
	if err != nil {
		return nil, err
	}
	return modules.NewModule("http", starlark.StringDict{
		"HTTPStatus": newStatusEnum(),
		"client":     client,
	}), nil
}

// ClientModule returns http.client: an HTTPConnection class whose
// debuglevel a script may set (it changes nothing: gust logs requests at
// --loglevel DEBUG) and the responses table of reason phrases.
func ClientModule(*modules.Env) (starlark.Value, error) {
	refuse := starlark.NewBuiltin("__init__", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return nil, pyrt.NewError(pyrt.RuntimeError, "http.client connections cannot be opened in gust: make requests with self.client in an HttpUser, so gust measures them")
	})
	conn := pyrt.MustClass("HTTPConnection", nil, map[string]starlark.Value{"debuglevel": starlark.MakeInt(0), "__init__": refuse})
	conn.SetModule("http.client")
	https := pyrt.MustClass("HTTPSConnection", []*pyrt.Class{conn}, nil)
	https.SetModule("http.client")
	responses := starlark.NewDict(len(statuses))
	for _, s := range statuses {
		if err := responses.SetKey(starlark.MakeInt(s.code), starlark.String(s.phrase)); err != nil {
			return nil, fmt.Errorf("http.client.responses: %w", err)
		}
	}
	return modules.NewModule("http.client", starlark.StringDict{
		"HTTPConnection":  conn,
		"HTTPSConnection": https,
		"responses":       responses,
	}), nil
}

// statusEnum is http.HTTPStatus: member names read as ints, and calling it
// with a code returns the code when it is a known status.
type statusEnum struct{}

var (
	_ starlark.HasAttrs = statusEnum{}
	_ starlark.Callable = statusEnum{}
)

func newStatusEnum() statusEnum { return statusEnum{} }

func (statusEnum) String() string        { return "<enum 'HTTPStatus'>" }
func (statusEnum) Type() string          { return "EnumType" }
func (statusEnum) Freeze()               {}
func (statusEnum) Truth() starlark.Bool  { return true }
func (statusEnum) Hash() (uint32, error) { return starlark.String("HTTPStatus").Hash() }
func (statusEnum) Name() string          { return "HTTPStatus" }

// Attr returns the code of a member name.
func (statusEnum) Attr(name string) (starlark.Value, error) {
	for _, s := range statuses {
		if s.name == name {
			return starlark.MakeInt(s.code), nil
		}
	}
	// Enum's own wording: the bare member name.
	return nil, pyrt.NewError(pyrt.AttributeError, name)
}

// AttrNames lists the member names.
func (statusEnum) AttrNames() []string {
	out := make([]string, 0, len(statuses))
	for _, s := range statuses {
		out = append(out, s.name)
	}
	sort.Strings(out)
	return out
}

// CallInternal is HTTPStatus(code).
func (statusEnum) CallInternal(_ *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code starlark.Value
	if err := starlark.UnpackPositionalArgs("HTTPStatus", args, kwargs, 1, &code); err != nil {
		return nil, err
	}
	if n, err := starlark.AsInt32(code); err == nil {
		for _, s := range statuses {
			if s.code == n {
				return starlark.MakeInt(n), nil
			}
		}
	}
	return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("%s is not a valid HTTPStatus", pyrt.Repr(code)))
}
