package http

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/modules/pyjson"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

// Response is what a request call returns: requests' Response wrapped in
// Locust's ResponseContextManager (HttpUser), or FastHttpSession's
// FastResponse / ResponseContextManager / ErrorResponse (FastHttpUser).
// Text, JSON and headers are decoded on first use only.
//
// Script API: status_code, ok, reason, url, headers, cookies, content,
// text, encoding (settable), elapsed, history, request, error,
// is_redirect, is_permanent_redirect, request_meta; json(**kw),
// raise_for_status(), iter_content(chunk_size, decode_unicode),
// iter_lines(...) (lists), close(); with catch_response=True also
// success(), failure(exc), __enter__ and __exit__.
type Response struct {
	s      *Session
	req    outgoing // the request that got this response
	status int
	reason string
	hdr    respHeader
	hdrs   *Headers
	in     incoming // the transport's result, filled in place
	body   string
	stream bodyStream // an unread stream=True body
	// noContent: content is None (an error response); consumed: a streamed
	// body was abandoned before being read.
	noContent, consumed, errorResp bool
	elapsed                        time.Duration
	history                        []*Response
	setCookies                     []*cookie
	cookieView                     *Cookies
	encoding                       starlark.Value // nil until computed
	text                           starlark.Value // cached text
	// errVal is .error: requests' exception, or the exception
	// geventhttpclient raised (LocustBadStatusCode for a bad status).
	// errCause is what Locust reports for a requests ConnectionError: the
	// exception it unwraps to.
	errVal, errCause *pyrt.Instance

	catch, entered, reported bool
	manual                   starlark.Value // nil, True or the failure exception
	exception                *pyrt.Instance // what was (or will be) reported
	meta                     requestMeta
	extra                    map[string]starlark.Value
	frozen                   bool
}

// requestMeta is what the request event reports.
type requestMeta struct {
	method, name, url string
	start             time.Time
	rt                time.Duration
	length            int64
	context           starlark.Value
}

var (
	_ starlark.HasAttrs    = (*Response)(nil)
	_ starlark.HasSetField = (*Response)(nil)
)

// fill copies what the transport read into the response.
func (r *Response) fill(in *incoming) {
	r.status, r.reason, r.hdr, r.body, r.stream, r.elapsed = in.status, in.reason, in.header, in.body, in.stream, in.headerTime
}

// header looks a response header up without building the script value.
func (r *Response) header(name string) (string, bool) {
	if !r.hdr.present() {
		return "", false
	}
	return r.hdr.get(name)
}

// String is requests' repr, <Response [200]>.
func (r *Response) String() string {
	if r.s.fast {
		return fmt.Sprintf("<locust.contrib.fasthttp.%s object [%d]>", r.Type(), r.status)
	}
	return fmt.Sprintf("<Response [%d]>", r.status)
}

// Type returns the Python class name.
func (r *Response) Type() string {
	switch {
	case r.catch || !r.s.fast:
		return "ResponseContextManager"
	case r.errorResp:
		return "ErrorResponse"
	}
	return "FastResponse"
}

// Freeze makes the response read-only (it may then be shared).
func (r *Response) Freeze() { r.frozen = true }

// Truth is requests' bool(response), which is response.ok; a FastResponse
// is always true.
func (r *Response) Truth() starlark.Bool {
	if r.s.fast {
		return true
	}
	return r.ok()
}

// Hash hashes by identity.
func (r *Response) Hash() (uint32, error) {
	return uint32(r.meta.start.UnixNano()) ^ uint32(r.status), nil
}

// ok is requests' Response.ok without raising: false for an error response
// and for 400-599 (FastResponse: status < 400).
func (r *Response) ok() starlark.Bool {
	if r.s.fast {
		return r.status < 400
	}
	return r.errVal == nil && httpErrorText(r.status, "", "") == ""
}

var responseAttrs = []string{
	"__enter__", "__exit__", "apparent_encoding", "close", "content", "cookies", "elapsed",
	"encoding", "error", "failure", "headers", "history", "is_permanent_redirect", "is_redirect",
	"iter_content", "iter_lines", "json", "ok", "raise_for_status", "reason", "request",
	"request_meta", "status_code", "success", "text", "url",
}

// AttrNames lists the response's attributes.
func (r *Response) AttrNames() []string { return responseAttrs }

// Attr returns an attribute, decoding lazily.
func (r *Response) Attr(name string) (starlark.Value, error) {
	if m, ok := responseMethods[name]; ok {
		return m.BindReceiver(r), nil
	}
	switch name {
	case "status_code":
		return starlark.MakeInt(r.status), nil
	case "ok":
		return r.ok(), nil
	case "reason":
		if r.errorResp {
			return starlark.None, nil
		}
		return starlark.String(r.reason), nil
	case "url":
		if r.errorResp && !r.s.fast {
			return starlark.None, nil
		}
		return starlark.String(r.req.url), nil
	case "headers":
		return r.headersValue(), nil
	case "cookies":
		if r.cookieView == nil {
			r.cookieView = &Cookies{j: &jar{cookies: r.setCookies}, now: time.Now}
		}
		return r.cookieView, nil
	case "content":
		if err := r.load(); err != nil {
			return nil, err
		}
		if r.noContent {
			return starlark.None, nil
		}
		return starlark.Bytes(r.body), nil
	case "text":
		return r.textValue()
	case "encoding":
		return r.encodingValue(), nil
	case "apparent_encoding":
		return starlark.String("utf-8"), nil
	case "elapsed":
		return elapsedValue(r.elapsed), nil
	case "history":
		l := make([]starlark.Value, len(r.history))
		for i, h := range r.history {
			l[i] = h
		}
		return starlark.NewList(l), nil
	case "request":
		return &PreparedRequest{r: r}, nil
	case "error":
		if r.errVal == nil {
			return starlark.None, nil
		}
		return r.errVal, nil
	case "is_redirect":
		return starlark.Bool(r.s.isRedirect(r)), nil
	case "is_permanent_redirect":
		_, loc := r.header("location")
		return starlark.Bool(loc && (r.status == 301 || r.status == 308)), nil
	case "request_meta":
		return r.requestMetaDict(), nil
	}
	if v, ok := r.extra[name]; ok {
		return v, nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", r.Type(), name))
}

// SetField allows r.encoding = ... and plain attributes, as on a Python
// object.
func (r *Response) SetField(name string, v starlark.Value) error {
	if r.frozen {
		return pyrt.NewError(pyrt.TypeError, "cannot modify a frozen response")
	}
	switch name {
	case "encoding":
		if _, ok := v.(starlark.String); !ok && v != starlark.None {
			return pyrt.NewError(pyrt.TypeError, "encoding must be a str or None")
		}
		r.encoding, r.text = v, nil
		return nil
	case "status_code", "ok", "content", "text", "headers", "url", "history", "request", "elapsed":
		return pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("can't set attribute '%s'", name))
	}
	if r.extra == nil {
		r.extra = map[string]starlark.Value{}
	}
	r.extra[name] = v
	return nil
}

func (r *Response) headersValue() starlark.Value {
	if r.errorResp && r.s.fast {
		return starlark.None
	}
	if r.hdrs == nil {
		src := r.hdr
		r.hdrs = lazyHeaders(func() []field {
			if !src.present() {
				return nil
			}
			return src.fields()
		})
		r.hdrs.readOnly = true
	}
	return r.hdrs
}

// load reads a streamed body on first access to the content.
func (r *Response) load() error {
	if r.consumed {
		return pyrt.NewError(pyrt.RuntimeError, "The content for this response was already consumed")
	}
	if r.stream == nil {
		return nil
	}
	st := r.stream
	r.stream = nil
	for i, x := range r.s.streams {
		if x == r {
			r.s.streams = append(r.s.streams[:i], r.s.streams[i+1:]...)
			break
		}
	}
	ctx := thread.Context(r.s.th)
	b, err := st.readAll(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return err
		}
		te := classify(err, phaseBody)
		if r.s.fast {
			return raise(r.s.fastFailure(te, &r.req, r.req.url))
		}
		outer, _ := r.s.requestsFailure(te, &r.req)
		return raise(outer)
	}
	r.body = b
	return nil
}

// encodingName is requests' get_encoding_from_headers.
func (r *Response) encodingValue() starlark.Value {
	if r.encoding != nil {
		return r.encoding
	}
	r.encoding = starlark.None
	ct, ok := r.header("content-type")
	if !ok || ct == "" {
		return r.encoding
	}
	parts := strings.Split(ct, ";")
	for _, p := range parts[1:] {
		k, v, found := strings.Cut(strings.TrimSpace(p), "=")
		if found && strings.EqualFold(strings.TrimSpace(k), "charset") {
			r.encoding = starlark.String(strings.Trim(strings.TrimSpace(v), `'"`))
			return r.encoding
		}
	}
	mt := strings.ToLower(parts[0])
	switch {
	case strings.Contains(mt, "text"):
		r.encoding = starlark.String("ISO-8859-1")
	case strings.Contains(mt, "application/json"):
		r.encoding = starlark.String("utf-8")
	}
	return r.encoding
}

func (r *Response) textValue() (starlark.Value, error) {
	if err := r.load(); err != nil {
		return nil, err
	}
	if r.noContent {
		if r.s.fast {
			return starlark.None, nil
		}
		return starlark.String(""), nil
	}
	if r.text == nil {
		enc, _ := starlark.AsString(r.encodingValue())
		r.text = starlark.String(decodeText(r.body, enc))
	}
	return r.text, nil
}

// decodeText decodes body as Python's str(content, encoding, "replace")
// for the encodings web servers declare; anything else reads as UTF-8.
func decodeText(body, enc string) string {
	switch strings.ReplaceAll(strings.ToLower(enc), "_", "-") {
	case "iso-8859-1", "latin-1", "latin1", "iso8859-1", "l1", "windows-1252", "cp1252":
		if isASCII(body) {
			return body
		}
		var b strings.Builder
		b.Grow(len(body) * 2)
		for i := 0; i < len(body); i++ {
			b.WriteRune(rune(body[i]))
		}
		return b.String()
	case "ascii", "us-ascii":
		if isASCII(body) {
			return body
		}
		var b strings.Builder
		for i := 0; i < len(body); i++ {
			if body[i] < 0x80 {
				b.WriteByte(body[i])
			} else {
				b.WriteRune(utf8.RuneError)
			}
		}
		return b.String()
	}
	if utf8.ValidString(body) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRuneInString(body[i:])
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// jsonValue is response.json(**kwargs).
func (r *Response) jsonValue(th *starlark.Thread, kwargs []starlark.Tuple) (starlark.Value, error) {
	var hooks pyjson.Hooks
	hooks.Object, hooks.ObjectPairs, hooks.Float, hooks.Int, hooks.Constant = starlark.None, starlark.None, starlark.None, starlark.None, starlark.None
	for _, kv := range kwargs {
		k, _ := starlark.AsString(kv[0])
		switch k {
		case "object_hook":
			hooks.Object = kv[1]
		case "object_pairs_hook":
			hooks.ObjectPairs = kv[1]
		case "parse_float":
			hooks.Float = kv[1]
		case "parse_int":
			hooks.Int = kv[1]
		case "parse_constant":
			hooks.Constant = kv[1]
		default:
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("json() got an unexpected keyword argument '%s'", k))
		}
	}
	tv, err := r.textValue()
	if err != nil {
		return nil, err
	}
	text, ok := tv.(starlark.String)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, "the JSON object must be str, bytes or bytearray, not NoneType")
	}
	v, err := pyjson.Decode(th, string(text), hooks)
	if err == nil || r.s.fast {
		return v, err
	}
	var pe *pyrt.Error
	if errors.As(err, &pe) && pe.Class() == pyrt.JSONDecodeError {
		// requests raises its own JSONDecodeError, a subclass of json's.
		inst := pyrt.NewInstance(r.s.exc.RequestsJSONDecodeError)
		for _, f := range []string{"args", "msg", "doc", "pos", "lineno", "colno"} {
			if fv, ok := pe.Value.Field(f); ok {
				inst.SetFieldDirect(f, fv)
			}
		}
		return nil, raise(inst)
	}
	return nil, err
}

// raiseForStatus is raise_for_status(): a manual failure() first, then the
// transport error, then (HttpUser) requests' 4xx/5xx HTTPError.
func (r *Response) raiseForStatus(th *starlark.Thread) error {
	if r.manual != nil {
		if inst, ok := r.manual.(*pyrt.Instance); ok {
			return raise(inst)
		}
		return nil
	}
	if r.errVal != nil {
		return raise(r.errVal)
	}
	if r.s.fast {
		return nil
	}
	if msg := httpErrorText(r.status, r.reason, r.req.url); msg != "" {
		return raise(r.httpError(msg))
	}
	return nil
}

func (r *Response) httpError(msg string) *pyrt.Instance {
	e := newMsgExc(r.s.exc.HTTPError, msg)
	e.SetFieldDirect("response", r)
	e.SetFieldDirect("request", &PreparedRequest{r: r})
	return e
}

// statusFailure is the exception Locust reports for the response when no
// manual success()/failure() decided: the (unwrapped) transport error, or
// an HTTPError naming the stats name for 400-599 (HttpUser), or None.
func (r *Response) statusFailure() *pyrt.Instance {
	if r.errVal != nil {
		if r.errCause != nil {
			return r.errCause
		}
		return r.errVal
	}
	if r.s.fast {
		return nil
	}
	if msg := httpErrorText(r.status, r.reason, r.meta.name); msg != "" {
		return r.httpError(msg)
	}
	return nil
}

// abandonStream closes an unread streamed body.
func (r *Response) abandonStream() {
	if r.stream != nil {
		r.stream.close()
		r.stream = nil
		r.consumed = true
	}
}

// requestMetaDict is Locust's response.request_meta.
func (r *Response) requestMetaDict() *starlark.Dict {
	d := starlark.NewDict(9)
	exc := starlark.Value(starlark.None)
	if r.exception != nil {
		exc = r.exception
	}
	_ = d.SetKey(starlark.String("request_type"), starlark.String(r.meta.method))
	_ = d.SetKey(starlark.String("response_time"), starlark.Float(float64(r.meta.rt)/float64(time.Millisecond)))
	_ = d.SetKey(starlark.String("name"), starlark.String(r.meta.name))
	_ = d.SetKey(starlark.String("context"), r.meta.context)
	_ = d.SetKey(starlark.String("response"), r)
	_ = d.SetKey(starlark.String("exception"), exc)
	_ = d.SetKey(starlark.String("start_time"), starlark.Float(float64(r.meta.start.UnixNano())/1e9))
	_ = d.SetKey(starlark.String("url"), starlark.String(r.meta.url))
	_ = d.SetKey(starlark.String("response_length"), starlark.MakeInt64(r.meta.length))
	return d
}

// PreparedRequest is response.request: method, url, headers, body,
// path_url of the request that got the response.
type PreparedRequest struct{ r *Response }

var _ starlark.HasAttrs = (*PreparedRequest)(nil)

// String is requests' repr.
func (p *PreparedRequest) String() string { return "<PreparedRequest [" + p.r.req.method + "]>" }

// Type returns the Python class name.
func (p *PreparedRequest) Type() string { return "PreparedRequest" }

// Freeze does nothing: the request is read-only.
func (p *PreparedRequest) Freeze() {}

// Truth is true.
func (p *PreparedRequest) Truth() starlark.Bool { return true }

// Hash hashes the URL.
func (p *PreparedRequest) Hash() (uint32, error) { return starlark.String(p.r.req.url).Hash() }

// AttrNames lists the attributes.
func (p *PreparedRequest) AttrNames() []string {
	return []string{"body", "headers", "method", "path_url", "url"}
}

// Attr returns an attribute.
func (p *PreparedRequest) Attr(name string) (starlark.Value, error) {
	q := &p.r.req
	switch name {
	case "method":
		return starlark.String(q.method), nil
	case "url":
		return starlark.String(q.url), nil
	case "path_url":
		return starlark.String(q.requestURI), nil
	case "headers":
		h := newHeaders(q.headers)
		h.shared, h.readOnly = true, true
		return h, nil
	case "body":
		switch {
		case !q.hasBody:
			return starlark.None, nil
		case q.textBody:
			return starlark.String(q.body), nil
		}
		return starlark.Bytes(q.body), nil
	}
	return nil, nil
}
