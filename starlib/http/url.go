package http

import (
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"

	"github.com/gust-load/gust/starlib/pyrt"
)

// absoluteURL is Locust's absolute_http_url_regexp.
var absoluteURL = regexp.MustCompile(`(?i)^https?://`)

// buildURL joins the base URL and a path exactly as Locust does: plain
// concatenation unless the path is an absolute http(s) URL.
func (s *Session) buildURL(path string) string {
	if len(path) >= 7 && (path[0] == 'h' || path[0] == 'H') && absoluteURL.MatchString(path) {
		return path
	}
	return s.baseURL + path
}

// stripAuth is requests' should_strip_auth.
func stripAuth(old, new *outgoing) bool {
	if old.hostname != new.hostname {
		return true
	}
	op, np := portOf(old.hostport), portOf(new.hostport)
	if old.scheme == "http" && op == "80" && new.scheme == "https" && np == "443" {
		return false
	}
	return op != np || old.scheme != new.scheme
}

func pathOnly(requestURI string) string {
	if i := strings.IndexByte(requestURI, '?'); i >= 0 {
		return requestURI[:i]
	}
	return requestURI
}

// urlParts is an absolute URL split as Python's urlsplit does.
type urlParts struct {
	scheme, netloc, path, query, fragment string
	hasQuery                              bool
}

func isSchemeChar(c byte, first bool) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || !first && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')
}

func splitURL(s string) urlParts {
	var p urlParts
	if i := strings.IndexByte(s, ':'); i > 0 {
		ok := true
		for j := 0; j < i; j++ {
			if !isSchemeChar(s[j], j == 0) {
				ok = false
				break
			}
		}
		if ok {
			p.scheme = strings.ToLower(s[:i])
			s = s[i+1:]
		}
	}
	if strings.HasPrefix(s, "//") {
		s = s[2:]
		j := strings.IndexAny(s, "/?#")
		if j < 0 {
			p.netloc, s = s, ""
		} else {
			p.netloc, s = s[:j], s[j:]
		}
	}
	if k := strings.IndexByte(s, '#'); k >= 0 {
		p.fragment, s = s[k+1:], s[:k]
	}
	if k := strings.IndexByte(s, '?'); k >= 0 {
		p.query, s, p.hasQuery = s[k+1:], s[:k], true
	}
	p.path = s
	return p
}

// setTarget fills the URL fields of out from an absolute URL (already
// requoted), checking it the way requests does.
func (s *Session) setTarget(out *outgoing, raw string) error {
	e := s.exc
	lower := strings.ToLower(raw)
	if strings.Contains(raw, ":") && !strings.HasPrefix(lower, "http") {
		return raise(newMsgExc(e.InvalidSchema, "No connection adapters were found for "+pyrt.QuoteString(raw)))
	}
	p := splitURL(raw)
	if p.scheme == "" {
		return raise(newMsgExc(e.MissingSchema, fmt.Sprintf("Invalid URL %s: No scheme supplied. Perhaps you meant https://%s?", pyrt.QuoteString(raw), raw)))
	}
	if p.scheme != "http" && p.scheme != "https" {
		return raise(newMsgExc(e.InvalidSchema, "No connection adapters were found for "+pyrt.QuoteString(raw)))
	}
	if c := &s.target; c.scheme != p.scheme || c.netloc != p.netloc || c.netloc == "" {
		if err := c.parse(e, raw, p.scheme, p.netloc); err != nil {
			return err
		}
	}
	out.scheme, out.hostname, out.host, out.hostport = s.target.scheme, s.target.hostname, s.target.host, s.target.hostport
	path := p.path
	if path == "" {
		path = "/"
	}
	out.requestURI = path
	if p.hasQuery && p.query != "" {
		out.requestURI = path + "?" + p.query
	}
	out.url = raw
	return nil
}

// targetCache is the parsed form of the last scheme and netloc: a user
// mostly talks to one host, so parsing it once saves work and allocations
// on every request.
type targetCache struct {
	scheme, netloc           string
	hostname, host, hostport string
}

func (c *targetCache) parse(e *Exceptions, raw, scheme, netloc string) error {
	hostport := netloc
	if i := strings.LastIndexByte(hostport, '@'); i >= 0 {
		hostport = hostport[i+1:]
	}
	host, port := hostport, ""
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return raise(newMsgExc(e.InvalidURL, "Failed to parse: "+raw))
		}
		host, port = host[1:end], strings.TrimPrefix(host[end+1:], ":")
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host, port = host[:i], host[i+1:]
	}
	if host == "" {
		return raise(newMsgExc(e.InvalidURL, fmt.Sprintf("Invalid URL %s: No host supplied", pyrt.QuoteString(raw))))
	}
	if port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
			return raise(newMsgExc(e.InvalidURL, "Failed to parse: "+raw))
		}
	}
	hostname := strings.ToLower(host)
	hp := hostname
	if strings.Contains(hp, ":") {
		hp = "[" + hp + "]"
	}
	c.host = hp
	if port == "" || port == defaultPort(scheme) {
		c.hostport = net.JoinHostPort(hostname, defaultPort(scheme))
	} else {
		c.hostport = net.JoinHostPort(hostname, port)
		c.host = hp + ":" + port
	}
	c.scheme, c.netloc, c.hostname = scheme, netloc, hostname
	return nil
}

func joinURL(p urlParts, query string) string {
	var b strings.Builder
	if p.scheme != "" {
		b.WriteString(p.scheme)
		b.WriteByte(':')
	}
	if p.netloc != "" || p.scheme == "http" || p.scheme == "https" {
		b.WriteString("//")
		b.WriteString(p.netloc)
	}
	b.WriteString(p.path)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	if p.fragment != "" {
		b.WriteByte('#')
		b.WriteString(p.fragment)
	}
	return b.String()
}

// needsQuote reports whether a URL has characters requote_uri changes.
func needsQuote(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}' || c == '%' {
			return true
		}
	}
	return false
}
