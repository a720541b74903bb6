package http

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

// do performs one request call: prepare, send (following redirects),
// measure, and report unless the script asked for catch_response.
func (s *Session) do(th *starlark.Thread, a *reqArgs) (starlark.Value, error) {
	ctx := thread.Context(th)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.closeStreams()
	name := ""
	if given(a.name) && bool(a.name.Truth()) {
		name = pyrt.StrThread(th, a.name)
	} else if s.requestName != "" {
		name = s.requestName
	}
	built := s.buildURL(a.url)
	r := &Response{s: s, catch: a.catch}
	if err := s.prepare(th, a, built, &r.req); err != nil {
		return nil, err
	}
	start := time.Now()
	final, err := s.send(ctx, a, r, built)
	if err != nil {
		return nil, err
	}
	if final.stream != nil {
		s.streams = append(s.streams, final)
	}
	m := &final.meta
	m.method, m.start, m.context = a.method, start, a.context
	if m.context == nil {
		m.context = starlark.None
	}
	if s.fast {
		m.url = built
		if name == "" {
			name = a.url
		}
	} else {
		first := final
		if len(final.history) > 0 {
			first = final.history[0]
		}
		m.url = first.req.url
		if name == "" {
			name = first.req.requestURI
		}
	}
	m.name = name
	if final.stream != nil {
		if cl, ok := final.header("content-length"); ok {
			m.length, _ = strconv.ParseInt(strings.TrimSpace(cl), 10, 64)
		}
	} else {
		m.length = int64(len(final.body))
	}
	m.rt = time.Since(start)
	if !final.catch {
		final.exception = final.statusFailure()
		if err := final.report(th); err != nil {
			return nil, err
		}
	}
	return final, nil
}

// send performs the exchanges of one call: the request, then the
// redirects it is allowed to follow. Transport failures become an error
// response; only a stopped user (cancellation) is returned as an error.
func (s *Session) send(ctx context.Context, a *reqArgs, r *Response, built string) (*Response, error) {
	follow := s.fast || a.fn != mHead
	if a.allowRedirects != nil {
		follow = bool(a.allowRedirects.Truth())
	}
	cur := r
	for hops := 0; ; hops++ {
		in := &cur.in
		err := s.tr.roundTrip(ctx, &cur.req, in)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				if ctx.Err() != nil {
					return nil, err
				}
			}
			return s.failed(cur, classify(err, phaseHead), built), nil
		}
		cur.fill(in)
		if cur.stream != nil && follow && s.isRedirect(cur) {
			b, err := cur.stream.readAll(ctx)
			cur.stream = nil
			if err != nil {
				if ctx.Err() != nil {
					return nil, ctx.Err()
				}
				return s.failed(cur, classify(err, phaseBody), built), nil
			}
			cur.body = b
		}
		s.extractCookies(cur)
		if s.fast && !fastValidStatus(cur.status) {
			cur.errVal = s.exc.newBadStatus(cur.req.url, cur.status)
			cur.errVal.SetFieldDirect("response", cur)
			return cur, nil
		}
		if !follow || !s.isRedirect(cur) || (s.fast && s.maxRedirects <= 0) {
			return cur, nil
		}
		if hops >= s.maxRedirects {
			return s.failed(cur, &transportError{kind: errTooManyRedirects}, built), nil
		}
		next := &Response{s: s, catch: cur.catch}
		if err := s.redirect(&cur.req, &next.req, cur); err != nil {
			return s.failed(cur, &transportError{kind: errOther, err: err}, built), nil
		}
		next.history = append(cur.history[:len(cur.history):len(cur.history)], cur)
		cur = next
	}
}

// failed turns a transport failure into the error response Locust's
// clients return: status 0, no content, .error set.
func (s *Session) failed(r *Response, te *transportError, built string) *Response {
	if r.stream != nil {
		r.stream.close()
		r.stream = nil
	}
	r.status, r.reason, r.body, r.hdr, r.hdrs = 0, "", "", respHeader{}, nil
	r.noContent, r.errorResp = true, true
	r.history = nil
	if s.fast {
		r.errVal = s.fastFailure(te, &r.req, built)
	} else {
		r.errVal, r.errCause = s.requestsFailure(te, &r.req)
		r.errVal.SetFieldDirect("request", &PreparedRequest{r: r})
	}
	return r
}

func (s *Session) isRedirect(r *Response) bool {
	switch r.status {
	case 301, 302, 303, 307, 308:
		_, ok := r.header("location")
		return ok
	}
	return false
}

// extractCookies stores the response's cookies in the session jar and
// remembers them as the response's own (r.cookies).
func (s *Session) extractCookies(r *Response) {
	if !r.hdr.present() {
		return
	}
	lines := r.hdr.all("Set-Cookie")
	if len(lines) == 0 {
		return
	}
	now := time.Now()
	path := r.req.requestURI
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	for _, line := range lines {
		if c := s.jar.extract(line, r.req.hostname, path, now); c != nil {
			r.setCookies = append(r.setCookies, c)
		}
	}
}

// redirect prepares the request that follows response r of request prev,
// as requests' resolve_redirects (HttpUser) or geventhttpclient's
// CompatRequest.redirect (FastHttpUser) do.
func (s *Session) redirect(prev, next *outgoing, r *Response) error {
	loc, _ := r.header("location")
	base, err := url.Parse(prev.url)
	if err != nil {
		return err
	}
	if strings.HasPrefix(loc, "//") {
		loc = base.Scheme + ":" + loc
	}
	ref, err := url.Parse(requoteURI(loc))
	if err != nil {
		return fmt.Errorf("invalid redirect location %q: %w", loc, err)
	}
	target := base.ResolveReference(ref)
	if target.Fragment == "" && base.Fragment != "" {
		target.Fragment = base.Fragment
	}
	*next = *prev
	if err := s.setTarget(next, target.String()); err != nil {
		return err
	}
	method := prev.method
	dropBody := false
	switch r.status {
	case 301:
		if s.fast || method == "POST" {
			dropBody = true
		}
	case 302, 303:
		dropBody = true
	}
	if dropBody && method != "HEAD" {
		next.method = "GET"
	}
	hs := make([]field, 0, len(prev.headers))
	sameOrigin := prev.scheme == next.scheme && prev.hostport == next.hostport
	for _, f := range prev.headers {
		switch strings.ToLower(f.name) {
		case "cookie":
			continue
		case "content-length", "content-type", "transfer-encoding", "content-encoding":
			if dropBody {
				continue
			}
		case "authorization":
			if s.fast && !sameOrigin || !s.fast && stripAuth(prev, next) {
				continue
			}
		}
		hs = append(hs, f)
	}
	if dropBody {
		next.body, next.hasBody = nil, false
	}
	if c := s.jar.header(next.hostname, pathOnly(next.requestURI), next.scheme == "https", s.extraCookies, time.Now()); c != "" {
		hs = append(hs, field{"Cookie", c})
	}
	next.headers = hs
	return nil
}
