package http

import (
	"crypto/tls"
	"io"
	"log"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

func TestTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		_, _ = w.Write([]byte("secure"))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshakes are expected
	srv.StartTLS()
	defer srv.Close()

	// HttpUser verifies certificates by default (requests' verify=True).
	h := newHarness(t, srv.URL, requestsFlavour)
	h.mustRun(`
r = client.get("/")
check(r.status_code == 0)
ok = client.get("/", verify=False)
check(ok.text == "secure", ok.text)
`)
	if got := h.events[0].errText; !strings.HasPrefix(got, "SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed") {
		t.Errorf("verified request: %q", got)
	}
	if h.events[1].errText != "" {
		t.Errorf("verify=False: %q", h.events[1].errText)
	}

	// FastHttpUser skips verification by default (insecure=True).
	f := newHarness(t, srv.URL, fastFlavour)
	f.mustRun(`check(client.get("/").text == "secure")`)

	// With insecure=False it verifies, and trusts roots given to the pool.
	pool := NewPool(PoolOptions{TLS: &tls.Config{RootCAs: srv.Client().Transport.(*nethttp.Transport).TLSClientConfig.RootCAs}})
	fo := DefaultFastOptions()
	fo.Insecure = false
	var errs []string
	s, err := pool.NewFastHTTPSession(Config{BaseURL: srv.URL, OnRequest: func(_ *starlark.Thread, ev *Event) error {
		errs = append(errs, ev.Request.Error)
		return nil
	}}, fo)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	th := &starlark.Thread{}
	if _, err := starlark.Call(th, mustAttr(t, s, "get"), starlark.Tuple{starlark.String("/")}, nil); err != nil {
		t.Fatal(err)
	}
	strict, _ := NewPool(PoolOptions{}).NewFastHTTPSession(Config{BaseURL: srv.URL, OnRequest: func(_ *starlark.Thread, ev *Event) error {
		errs = append(errs, ev.Request.Error)
		return nil
	}}, fo)
	defer strict.Close()
	if _, err := starlark.Call(th, mustAttr(t, strict, "get"), starlark.Tuple{starlark.String("/")}, nil); err != nil {
		t.Fatal(err)
	}
	if len(errs) != 2 || errs[0] != "" || !strings.HasPrefix(errs[1], "SSLCertVerificationError(1,") {
		t.Fatalf("fast verified: %q", errs)
	}
}

func mustAttr(t *testing.T, v starlark.HasAttrs, name string) starlark.Value {
	t.Helper()
	a, err := v.Attr(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestNestedRequestFromListener checks a request made by a request
// listener (re-entering the session while it reports) works and leaves
// the outer call intact.
func TestNestedRequestFromListener(t *testing.T) {
	tg := newTarget(t)
	pool := NewPool(PoolOptions{})
	var s *Session
	var names []string
	nested := false
	s, err := pool.NewHTTPSession(Config{BaseURL: tg.url(), OnRequest: func(th *starlark.Thread, ev *Event) error {
		names = append(names, ev.Request.Name)
		if !nested {
			nested = true
			get, _ := s.Attr("get")
			_, err := starlark.Call(th, get, starlark.Tuple{starlark.String("/inner")}, []starlark.Tuple{{starlark.String("name"), starlark.String("inner")}})
			return err
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	get, _ := s.Attr("get")
	v, err := starlark.Call(&starlark.Thread{}, get, starlark.Tuple{starlark.String("/outer")}, []starlark.Tuple{{starlark.String("name"), starlark.String("outer")}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names, ","); got != "outer,inner" {
		t.Fatalf("names %s", got)
	}
	if r := v.(*Response); r.meta.name != "outer" || r.req.requestURI != "/outer" {
		t.Fatalf("outer response changed: %s %s", r.meta.name, r.req.requestURI)
	}
}
