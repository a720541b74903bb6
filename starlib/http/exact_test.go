package http

import (
	"fmt"
	"io"
	"log"
	"net"
	nethttp "net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// requestsFlavours are HttpUser's two transports.
var requestsFlavours = []flavour{requestsFlavour, netFlavour}

// TestClosedIdleConnectionNotReused: a server that closes a kept-alive
// connection while it is idle (without Connection: close) must not fail
// the next request when that request cannot be repeated: requests (urllib3)
// and net/http both start it on a fresh connection.
//
// Both only know of the close once it has reached the client (urllib3 peeks
// at the socket, net/http's reader goroutine sees EOF), so the test waits
// for that before the second request rather than racing the FIN.
func TestClosedIdleConnectionNotReused(t *testing.T) {
	idle := make(chan net.Conn, 1)
	srv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		if r.URL.Path != "/first" {
			body, _ := io.ReadAll(r.Body)
			_, _ = w.Write(body)
			return
		}
		hj, _ := w.(nethttp.Hijacker)
		c, bw, err := hj.Hijack()
		if err != nil {
			return
		}
		_, _ = bw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		_ = bw.Flush()
		_ = c.(*net.TCPConn).CloseWrite() // the FIN; the test closes the rest
		idle <- c
	}))
	defer srv.Close()
	for _, f := range requestsFlavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newHarness(t, srv.URL, f)
			h.mustRun(`check(client.get("/first").text == "ok")`)
			c := <-idle
			waitClientSawClose(t, h, f, c)
			_ = c.Close()
			h.mustRun(`
r = client.post("/echo", data="payload")
check(r.status_code == 200 and r.text == "payload", r.error)
`)
		})
	}
}

// waitClientSawClose waits (at most 10 s) until the session's transport
// has seen the server's FIN on its idle connection, whose server end is c:
// net/http's reader closes the connection (the server reads EOF), the
// precise transport's peek finds it readable.
func waitClientSawClose(t *testing.T, h *harness, f flavour, c net.Conn) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	if f == netFlavour {
		_ = c.SetReadDeadline(deadline)
		if _, err := io.Copy(io.Discard, c); err != nil {
			t.Fatalf("net/http never closed its end of the idle connection: %v", err)
		}
		return
	}
	ft, ok := h.s.tr.(*fastTransport)
	if !ok || len(ft.conns) != 1 {
		t.Fatalf("want one idle connection in the precise transport, have %T", h.s.tr)
	}
	for ft.conns[0].alive() {
		if time.Now().After(deadline) {
			t.Fatal("the client never saw the server's FIN")
		}
		time.Sleep(time.Millisecond)
	}
}

// TestReadTimeoutPerRead: requests' read timeout bounds each socket read,
// so a body that trickles in with pauses shorter than the timeout succeeds
// even when the whole response takes longer than it.
func TestReadTimeoutPerRead(t *testing.T) {
	srv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		w.Header().Set("Content-Length", "5")
		fl, _ := w.(nethttp.Flusher)
		for range 5 {
			_, _ = w.Write([]byte("x"))
			fl.Flush()
			time.Sleep(150 * time.Millisecond)
		}
	}))
	t.Cleanup(srv.Close) // after the parallel subtests
	for _, f := range requestsFlavours {
		t.Run(f.String(), func(t *testing.T) {
			t.Parallel()
			h := newHarness(t, srv.URL, f)
			h.mustRun(`
r = client.get("/", timeout=0.4)
check(r.text == "xxxxx", r.error)
`)
		})
	}
}

// TestUnverifiedConnectionNotReusedVerified: a connection opened with
// verify=False must not carry a later request that verifies.
func TestUnverifiedConnectionNotReusedVerified(t *testing.T) {
	srv := httptest.NewUnstartedServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		_, _ = w.Write([]byte("secure"))
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	defer srv.Close()
	for _, f := range requestsFlavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newHarness(t, srv.URL, f)
			h.mustRun(`
ok = client.get("/", verify=False)
check(ok.text == "secure", ok.error)
r = client.get("/")
check(r.status_code == 0)
`)
			if got := h.events[1].errText; !strings.HasPrefix(got, "SSLCertVerificationError(1,") {
				t.Errorf("verified request after an unverified one: %q", got)
			}
		})
	}
}

// TestProxyEnvironmentSelectsNetHTTP: with a proxy in the environment,
// HttpUser keeps net/http, which reads the proxy variables as requests does.
func TestProxyEnvironmentSelectsNetHTTP(t *testing.T) {
	cases := []struct {
		env  string
		want string
	}{
		{"", "*http.fastTransport"},
		{"http://127.0.0.1:9", "*http.netTransport"},
	}
	for _, c := range cases {
		t.Setenv("HTTP_PROXY", c.env)
		t.Setenv("http_proxy", "")
		t.Setenv("HTTPS_PROXY", "")
		t.Setenv("https_proxy", "")
		s, err := NewPool(PoolOptions{}).NewHTTPSession(Config{BaseURL: "http://127.0.0.1:1"})
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%T", s.tr); got != c.want {
			t.Errorf("HTTP_PROXY=%q: transport %s, want %s", c.env, got, c.want)
		}
		_ = s.Close()
	}
}
