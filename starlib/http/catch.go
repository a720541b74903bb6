package http

import (
	"fmt"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

// Locust's LocustError messages for misused catch_response.
const (
	msgWithoutCatch = "In order to use a with-block for requests, you must also pass catch_response=True"
	msgNotEntered   = "Tried to set status on a request that has not yet been made. Make sure you use a with-block, like this:\n\nwith self.client.request(..., catch_response=True) as response:\n    response.%s"
	msgFastNoCatch  = "If you want to change the state of the request, you must pass catch_response=True. See http://docs.locust.io/en/stable/writing-a-locustfile.html#validating-responses"
)

// responseMethods are the response's methods, bound to a response on
// lookup. The table is built once and never changed.
var responseMethods = map[string]*starlark.Builtin{
	"json":             starlark.NewBuiltin("json", respJSON),
	"raise_for_status": starlark.NewBuiltin("raise_for_status", respRaiseForStatus),
	"success":          starlark.NewBuiltin("success", respSuccess),
	"failure":          starlark.NewBuiltin("failure", respFailure),
	"iter_content":     starlark.NewBuiltin("iter_content", respIterContent),
	"iter_lines":       starlark.NewBuiltin("iter_lines", respIterLines),
	"close":            starlark.NewBuiltin("close", respClose),
	"__enter__":        starlark.NewBuiltin("__enter__", respEnter),
	"__exit__":         starlark.NewBuiltin("__exit__", respExit),
}

func recv(b *starlark.Builtin) *Response { return b.Receiver().(*Response) }

func respJSON(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 0 {
		return nil, pyrt.NewError(pyrt.TypeError, "json() takes no positional arguments")
	}
	return recv(b).jsonValue(th, kwargs)
}

func respRaiseForStatus(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.None, recv(b).raiseForStatus(th)
}

func (r *Response) checkManual(what string) error {
	if r.s.fast && !r.catch {
		return raise(newMsgExc(r.s.exc.LocustError, msgFastNoCatch))
	}
	if !r.entered {
		return raise(newMsgExc(r.s.exc.LocustError, fmt.Sprintf(msgNotEntered, what)))
	}
	return nil
}

func respSuccess(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	r := recv(b)
	if err := r.checkManual("success()"); err != nil {
		return nil, err
	}
	r.manual = starlark.True
	return starlark.None, nil
}

func respFailure(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var exc starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &exc); err != nil {
		return nil, err
	}
	r := recv(b)
	if err := r.checkManual("failure(...)"); err != nil {
		return nil, err
	}
	if inst, ok := exc.(*pyrt.Instance); ok && inst.Class().IsSubclass(pyrt.Exception) {
		r.manual = inst
	} else {
		r.manual = newExc(r.s.exc.CatchResponseError, exc)
	}
	return starlark.None, nil
}

// respEnter is __enter__ (see Response.Enter).
func respEnter(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	return recv(b).Enter(th)
}

// respExit is __exit__(type, value, traceback) (see Response.Exit).
func respExit(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var typ, value, tb starlark.Value = starlark.None, starlark.None, starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0, &typ, &value, &tb); err != nil {
		return nil, err
	}
	suppress, err := recv(b).exit(th, value)
	if err != nil {
		return nil, err
	}
	return starlark.Bool(suppress), nil
}

var _ pyrt.ContextManager = (*Response)(nil)

// Enter starts a with-block: it returns the response itself. Without
// catch_response it raises LocustError (a FastResponse allows the block,
// as geventhttpclient's response does, with no effect).
func (r *Response) Enter(th *starlark.Thread) (starlark.Value, error) {
	r.s.th = th
	if !r.catch {
		if r.s.fast {
			return r, nil
		}
		r.entered = true
		return nil, raise(newMsgExc(r.s.exc.LocustError, msgWithoutCatch))
	}
	r.entered = true
	return r, nil
}

// Exit ends the with-block (exc is nil when the block completed): it
// decides and reports the request as Locust's ResponseContextManager does,
// and returns true to suppress the block's exception (a ResponseError).
func (r *Response) Exit(th *starlark.Thread, exc *pyrt.Error) (bool, error) {
	var value starlark.Value = starlark.None
	if exc != nil {
		value = exc.Value
	}
	return r.exit(th, value)
}

func (r *Response) exit(th *starlark.Thread, value starlark.Value) (bool, error) {
	if !r.catch || r.reported {
		return false, nil
	}
	if thread.Context(th).Err() != nil {
		// The user is stopping: like a killed greenlet, the block's
		// request goes unreported.
		return false, nil
	}
	if r.manual != nil {
		r.exception = nil
		if inst, ok := r.manual.(*pyrt.Instance); ok {
			r.exception = inst
		}
		if err := r.report(th); err != nil {
			return false, err
		}
		return value == starlark.None, nil
	}
	if value != starlark.None {
		if inst, ok := value.(*pyrt.Instance); ok && inst.Class().IsSubclass(r.s.exc.ResponseError) {
			r.exception = inst
			return true, r.report(th)
		}
		return false, nil
	}
	r.exception = r.statusFailure()
	return true, r.report(th)
}

// report fires the session's request hook once for the response.
func (r *Response) report(th *starlark.Thread) error {
	if r.reported {
		return nil
	}
	r.reported = true
	s := r.s
	if s.onRequest == nil {
		return nil
	}
	// Events are pooled like argument records (a listener's own request
	// gets another one while this one is delivered).
	ev, ok := s.pool.events.Get().(*Event)
	if !ok {
		ev = new(Event)
	}
	defer func() { *ev = Event{}; s.pool.events.Put(ev) }()
	m := &r.meta
	*ev = Event{
		URL:       m.url,
		Response:  r,
		Context:   m.context,
		Exception: starlark.None,
	}
	ev.Request.Method = m.method
	ev.Request.Name = m.name
	ev.Request.ResponseTime = m.rt
	ev.Request.ResponseLength = m.length
	ev.Request.StartTime = m.start
	if r.exception != nil {
		ev.Exception = r.exception
		ev.Request.Error = pyrt.ReprThread(th, r.exception)
	}
	return s.onRequest(th, ev)
}

func respClose(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
		return nil, err
	}
	r := recv(b)
	if r.stream != nil {
		r.abandonStream()
		for i, x := range r.s.streams {
			if x == r {
				r.s.streams = append(r.s.streams[:i], r.s.streams[i+1:]...)
				break
			}
		}
	}
	return starlark.None, nil
}

// respIterContent is iter_content(chunk_size, decode_unicode) as a list:
// requests' defaults (1 byte, bytes) for HttpUser, FastResponse's (1024,
// decoded to str) for FastHttpUser.
func respIterContent(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	r := recv(b)
	size := starlark.Value(starlark.MakeInt(1))
	decode := starlark.Value(starlark.False)
	decodeName := "decode_unicode"
	if r.s.fast {
		size, decode, decodeName = starlark.MakeInt(1024), starlark.True, "decode_content"
	}
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "chunk_size?", &size, decodeName+"?", &decode); err != nil {
		return nil, err
	}
	if err := r.load(); err != nil {
		return nil, err
	}
	n := len(r.body)
	if size != starlark.None {
		k, err := starlark.AsInt32(size)
		if err != nil || k <= 0 {
			return nil, pyrt.NewError(pyrt.TypeError, "chunk_size must be an int or None")
		}
		n = k
	}
	var out []starlark.Value
	body := r.body
	if r.noContent {
		body = ""
	}
	for len(body) > 0 {
		k := min(n, len(body))
		chunk := body[:k]
		body = body[k:]
		if decode.Truth() {
			if r.s.fast && !isValidUTF8(chunk) {
				out = append(out, starlark.Bytes(chunk))
				continue
			}
			out = append(out, starlark.String(decodeText(chunk, "")))
		} else {
			out = append(out, starlark.Bytes(chunk))
		}
	}
	return starlark.NewList(out), nil
}

// respIterLines is iter_lines(chunk_size=512, decode_unicode=False,
// delimiter=None) as a list: lines split as bytes.splitlines() does, or on
// the delimiter.
func respIterLines(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var size, decode, delim starlark.Value = starlark.MakeInt(512), starlark.False, starlark.None
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "chunk_size?", &size, "decode_unicode?", &decode, "delimiter?", &delim); err != nil {
		return nil, err
	}
	r := recv(b)
	if err := r.load(); err != nil {
		return nil, err
	}
	d, hasDelim := starlark.AsString(delim)
	return r.lines(th, d, hasDelim && d != "", bool(decode.Truth()))
}

// lines splits the body into lines: on delim when byDelim (keeping a
// trailing empty piece, as requests does), else as splitlines().
func (r *Response) lines(_ *starlark.Thread, delim string, byDelim, decode bool) (starlark.Value, error) {
	if err := r.load(); err != nil {
		return nil, err
	}
	var parts []string
	switch {
	case r.body == "":
	case byDelim:
		parts = strings.Split(r.body, delim)
	default:
		parts = splitLines(r.body)
	}
	out := make([]starlark.Value, len(parts))
	for i, p := range parts {
		if decode {
			out[i] = starlark.String(decodeText(p, ""))
		} else {
			out[i] = starlark.Bytes(p)
		}
	}
	return starlark.NewList(out), nil
}

// splitLines is bytes.splitlines(): \n, \r\n and \r end lines.
func splitLines(s string) []string {
	var out []string
	for len(s) > 0 {
		i := strings.IndexAny(s, "\r\n")
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i])
		if s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n' {
			i++
		}
		s = s[i+1:]
	}
	return out
}

func isValidUTF8(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// elapsed is requests' Response.elapsed, a datetime.timedelta from sending
// the request to the response head.
type elapsed struct{ us int64 }

var _ starlark.HasAttrs = elapsed{}

func elapsedValue(d time.Duration) elapsed { return elapsed{us: d.Microseconds()} }

// String is str(timedelta): H:MM:SS.ffffff.
func (e elapsed) String() string {
	s, us := e.us/1e6, e.us%1e6
	out := fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	if us != 0 {
		out += fmt.Sprintf(".%06d", us)
	}
	return out
}

// PyRepr is repr(timedelta).
func (e elapsed) PyRepr() string {
	days, secs, us := e.us/86400e6, e.us/1e6%86400, e.us%1e6
	var parts []string
	if days != 0 {
		parts = append(parts, fmt.Sprintf("days=%d", days))
	}
	if secs != 0 {
		parts = append(parts, fmt.Sprintf("seconds=%d", secs))
	}
	if us != 0 {
		parts = append(parts, fmt.Sprintf("microseconds=%d", us))
	}
	if len(parts) == 0 {
		return "datetime.timedelta(0)"
	}
	return "datetime.timedelta(" + strings.Join(parts, ", ") + ")"
}

// Type returns the Python class name.
func (e elapsed) Type() string { return "timedelta" }

// Freeze does nothing: the value is immutable.
func (e elapsed) Freeze() {}

// Truth is true for a non-zero duration.
func (e elapsed) Truth() starlark.Bool { return e.us != 0 }

// Hash hashes the duration.
func (e elapsed) Hash() (uint32, error) { return uint32(e.us) ^ uint32(e.us>>32), nil }

// AttrNames lists the timedelta attributes.
func (e elapsed) AttrNames() []string {
	return []string{"days", "microseconds", "seconds", "total_seconds"}
}

// Attr returns days, seconds, microseconds or total_seconds().
func (e elapsed) Attr(name string) (starlark.Value, error) {
	switch name {
	case "days":
		return starlark.MakeInt64(e.us / 86400e6), nil
	case "seconds":
		return starlark.MakeInt64(e.us / 1e6 % 86400), nil
	case "microseconds":
		return starlark.MakeInt64(e.us % 1e6), nil
	case "total_seconds":
		return starlark.NewBuiltin("total_seconds", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 0); err != nil {
				return nil, err
			}
			return starlark.Float(float64(e.us) / 1e6), nil
		}), nil
	}
	return nil, nil
}
