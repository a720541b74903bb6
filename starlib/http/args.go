package http

import (
	"fmt"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// reqArgs are the arguments of one request call. The session keeps one
// and reuses it, so parsing a call allocates nothing.
type reqArgs struct {
	method  string
	url     string
	name    starlark.Value
	catch   bool
	context starlark.Value
	params  starlark.Value
	data    starlark.Value
	json    starlark.Value
	headers starlark.Value
	cookies starlark.Value
	files   starlark.Value
	auth    starlark.Value
	timeout starlark.Value
	verify  starlark.Value
	// allowRedirects is nil when not given (the method's default applies).
	allowRedirects starlark.Value
	stream         bool
	// fn is the session method called (mGet...mRequest): head() alone
	// defaults allow_redirects to False.
	fn int
}

func (a *reqArgs) reset() { *a = reqArgs{} }

// Positional parameters per method and client (the signatures of
// HttpSession and FastHttpSession).
var (
	posURL      = []string{"url"}
	posPost     = []string{"url", "data", "json"}
	posPut      = []string{"url", "data"}
	posRequests = []string{"method", "url", "name", "catch_response", "context"}
	posFast     = []string{"method", "url", "name", "data", "catch_response", "stream", "headers", "auth", "json", "allow_redirects", "context"}
)

func positional(fast bool, m int) []string {
	switch m {
	case mPost:
		return posPost
	case mPut, mPatch:
		return posPut
	case mRequest:
		if fast {
			return posFast
		}
		return posRequests
	}
	return posURL
}

// parse reads the call's arguments into a.
func (a *reqArgs) parse(s *Session, m int, args starlark.Tuple, kwargs []starlark.Tuple) error {
	fname := methodNames[m]
	a.fn = m
	pos := positional(s.fast, m)
	if len(args) > len(pos) {
		return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() takes %d positional arguments but %d were given", fname, len(pos)+1, len(args)+1))
	}
	if m != mRequest {
		a.method = httpMethods[m]
	}
	hasMethod, hasURL := m != mRequest, false
	for i, v := range args {
		if err := a.set(fname, pos[i], v); err != nil {
			return err
		}
		hasMethod = hasMethod || pos[i] == "method"
		hasURL = hasURL || pos[i] == "url"
	}
	for _, kv := range kwargs {
		k, _ := starlark.AsString(kv[0])
		for i := range args {
			if pos[i] == k {
				return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() got multiple values for argument '%s'", fname, k))
			}
		}
		if k == "method" && m != mRequest {
			return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() got an unexpected keyword argument 'method'", fname))
		}
		if err := a.set(fname, k, kv[1]); err != nil {
			return err
		}
		hasMethod = hasMethod || k == "method"
		hasURL = hasURL || k == "url"
	}
	if !hasMethod {
		return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() missing 1 required positional argument: 'method'", fname))
	}
	if !hasURL {
		return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() missing 1 required positional argument: 'url'", fname))
	}
	return nil
}

// urlArg reads the url argument: str, or bytes decoded as UTF-8.
func urlArg(fname string, v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		return string(x), nil
	case starlark.Bytes:
		return string(x), nil
	}
	return "", pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() url must be a str, not %s", fname, v.Type()))
}

// set stores one named argument.
func (a *reqArgs) set(fname, k string, v starlark.Value) error {
	switch k {
	case "method":
		method, ok := starlark.AsString(v)
		if !ok {
			return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() method must be a str, not %s", fname, v.Type()))
		}
		a.method = method
	case "url":
		u, err := urlArg(fname, v)
		if err != nil {
			return err
		}
		a.url = u
	case "name":
		a.name = v
	case "catch_response":
		a.catch = bool(v.Truth())
	case "context":
		a.context = v
	case "params":
		a.params = v
	case "data":
		a.data = v
	case "json":
		a.json = v
	case "headers":
		a.headers = v
	case "cookies":
		a.cookies = v
	case "files":
		a.files = v
	case "auth":
		a.auth = v
	case "timeout":
		a.timeout = v
	case "allow_redirects":
		a.allowRedirects = v
	case "stream":
		a.stream = bool(v.Truth())
	case "verify":
		a.verify = v
	case "proxies", "cert", "hooks":
		// Accepted for compatibility; gust uses the environment's proxies
		// and has no client certificates or response hooks.
	default:
		return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() got an unexpected keyword argument '%s'", fname, k))
	}
	return nil
}

// given reports whether an optional argument was passed and is not None.
func given(v starlark.Value) bool { return v != nil && v != starlark.None }
