package http

import (
	"fmt"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// restCall is FastHttpUser.rest(method, url, headers=None, **kwargs) and
// rest_(...): a with-block over a catch_response request with JSON headers
// by default, the parsed body in resp.js, a JSON parse error as a failure,
// and an AssertionError or other exception in the block turned into a
// failure instead of propagating. The locust module binds the user's
// rest/rest_ to the session's.
func (s *Session) restCall(th *starlark.Thread, stamp bool, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	fname := "rest"
	if stamp {
		fname = "rest_"
	}
	if len(args) < 2 {
		return nil, pyrt.NewError(pyrt.TypeError, fname+"() missing required positional arguments: 'method' and 'url'")
	}
	method, url := args[0], args[1]
	var headers starlark.Value = starlark.None
	var name starlark.Value = starlark.None
	rest := make([]starlark.Tuple, 0, len(kwargs)+3)
	for _, kv := range kwargs {
		switch k, _ := starlark.AsString(kv[0]); k {
		case "headers":
			headers = kv[1]
		case "name":
			name = kv[1]
		case "catch_response":
			return nil, pyrt.NewError(pyrt.TypeError, fname+"() got multiple values for keyword argument 'catch_response'")
		default:
			rest = append(rest, kv)
		}
	}
	if len(args) > 2 {
		headers = args[2]
	}
	if stamp {
		u, ok := starlark.AsString(url)
		if !ok {
			return nil, pyrt.NewError(pyrt.TypeError, "rest_() url must be a str")
		}
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		if name == starlark.None {
			name = starlark.String(u + sep + "_=...")
		}
		url = starlark.String(fmt.Sprintf("%s%s_=%d", u, sep, time.Now().UnixMilli()))
	}
	h := starlark.NewDict(4)
	if headers != starlark.None {
		pairs, err := pairsOf(headers, "headers")
		if err != nil {
			return nil, err
		}
		for _, kv := range pairs {
			_ = h.SetKey(kv[0], kv[1])
		}
	}
	for _, d := range [...]string{"Content-Type", "Accept"} {
		found := false
		for _, k := range h.Keys() {
			if ks, _ := starlark.AsString(k); strings.EqualFold(ks, d) {
				found = true
			}
		}
		if !found {
			_ = h.SetKey(starlark.String(d), starlark.String("application/json"))
		}
	}
	rest = append(rest, starlark.Tuple{starlark.String("headers"), h}, starlark.Tuple{starlark.String("catch_response"), starlark.True})
	if name != starlark.None {
		rest = append(rest, starlark.Tuple{starlark.String("name"), name})
	}
	return &restCM{s: s, args: starlark.Tuple{method, url}, kwargs: rest}, nil
}

// restCM is the context manager rest() returns; the request is made when
// the block is entered.
type restCM struct {
	s      *Session
	args   starlark.Tuple
	kwargs []starlark.Tuple
	r      *Response
}

var _ pyrt.ContextManager = (*restCM)(nil)

func (c *restCM) String() string        { return "<contextlib._GeneratorContextManager object>" }
func (c *restCM) Type() string          { return "_GeneratorContextManager" }
func (c *restCM) Freeze()               {}
func (c *restCM) Truth() starlark.Bool  { return true }
func (c *restCM) Hash() (uint32, error) { return 0, pyrt.NewError(pyrt.TypeError, "unhashable type") }

// AttrNames lists __enter__ and __exit__.
func (c *restCM) AttrNames() []string { return []string{"__enter__", "__exit__"} }

// Attr returns __enter__ and __exit__, for scripts that call them.
func (c *restCM) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__enter__":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return c.Enter(th)
		}), nil
	case "__exit__":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var typ, value, tb starlark.Value = starlark.None, starlark.None, starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &typ, &value, &tb); err != nil {
				return nil, err
			}
			var exc *pyrt.Error
			if inst, ok := value.(*pyrt.Instance); ok {
				exc = &pyrt.Error{Value: inst}
			}
			suppress, err := c.Exit(th, exc)
			return starlark.Bool(suppress), err
		}), nil
	}
	return nil, nil
}

// Enter sends the request and returns the response, with resp.js set.
func (c *restCM) Enter(th *starlark.Thread) (starlark.Value, error) {
	a := c.s.acquireArgs()
	err := a.parse(c.s, mRequest, c.args, c.kwargs)
	var v starlark.Value
	if err == nil {
		v, err = c.s.do(th, a)
	}
	c.s.releaseArgs(a)
	if err != nil {
		return nil, err
	}
	r := v.(*Response)
	c.r = r
	if _, err := r.Enter(th); err != nil {
		return nil, err
	}
	if r.extra == nil {
		r.extra = map[string]starlark.Value{}
	}
	r.extra["js"] = starlark.None
	if r.noContent {
		r.manual = newExc(c.s.exc.CatchResponseError, starlark.String(errorStr(th, r.errVal)))
		return r, nil
	}
	if r.body == "" {
		return r, nil
	}
	js, err := r.jsonValue(th, nil)
	if err == nil {
		r.extra["js"] = js
		return r, nil
	}
	exc, ok := pyrt.FromError(err)
	if !ok || !exc.Class().IsSubclass(pyrt.JSONDecodeError) {
		return nil, err
	}
	text, _ := r.textValue()
	msg := fmt.Sprintf("Could not parse response as JSON. %s, response code %d, error %s",
		prefix(pyrt.StrThread(th, text), 250), r.status, exc.Message())
	r.manual = newExc(c.s.exc.CatchResponseError, starlark.String(msg))
	return r, nil
}

// Exit turns an AssertionError or other exception of the block into a
// failure, then ends the request's own block (which reports it).
func (c *restCM) Exit(th *starlark.Thread, exc *pyrt.Error) (bool, error) {
	r := c.r
	if r == nil {
		return false, nil
	}
	if exc == nil {
		return r.Exit(th, nil)
	}
	if !exc.Class().IsSubclass(pyrt.Exception) {
		return r.Exit(th, exc)
	}
	short := c.shortText(th)
	if exc.Class().IsSubclass(pyrt.AssertionError) {
		args := pyrt.ExcArgs(exc.Value)
		var failure starlark.Value = starlark.String("Assertion failed")
		if len(args) > 0 {
			failure = args[0]
			if s, ok := args[0].(starlark.String); ok && strings.HasSuffix(string(s), ",") {
				failure = starlark.String(fmt.Sprintf("%s, response was %s", strings.TrimSuffix(string(s), ","), short))
			}
		}
		r.manual = newExc(c.s.exc.CatchResponseError, failure)
	} else {
		var where []string
		for _, fr := range th.CallStack() {
			if fr.Pos.IsValid() && fr.Pos.Filename() != "<builtin>" {
				where = append(where, fmt.Sprintf("%s:%d in %s", fr.Pos.Filename(), fr.Pos.Line, pyrt.PythonFuncName(fr.Name)))
			}
		}
		msg := fmt.Sprintf("%s: %s at %s. Response was %s", exc.Class().Name(), exc.Message(), strings.Join(where, ", "), short)
		r.manual = newExc(c.s.exc.CatchResponseError, starlark.String(msg))
	}
	if _, err := r.Exit(th, nil); err != nil {
		return false, err
	}
	return true, nil
}

// shortText is resp.text[:200] (None for an error response).
func (c *restCM) shortText(th *starlark.Thread) string {
	text, err := c.r.textValue()
	if err != nil {
		return ""
	}
	if s, ok := text.(starlark.String); ok {
		return prefix(string(s), 200)
	}
	return pyrt.StrThread(th, text)
}

// prefix is s[:n] in characters.
func prefix(s string, n int) string {
	i := 0
	for pos := range s {
		if i == n {
			return s[:pos]
		}
		i++
	}
	return s
}

func errorStr(th *starlark.Thread, e *pyrt.Instance) string {
	if e == nil {
		return "None"
	}
	return pyrt.StrThread(th, e)
}
