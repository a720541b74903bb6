package http

import (
	"fmt"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// TestFailureRules checks which responses Locust counts as failures and
// the exact error text its failures table keys them by.
func TestFailureRules(t *testing.T) {
	tg := newTarget(t)
	port := tg.srv.Listener.Addr().String()[strings.LastIndexByte(tg.srv.Listener.Addr().String(), ':')+1:]
	pool := fmt.Sprintf("HTTPConnectionPool(host='127.0.0.1', port=%s)", port)
	cases := []struct {
		f          flavour
		src        string
		wantErr    string // "" for success
		wantStatus int
	}{
		{requestsFlavour, `client.get("/status/404")`, "HTTPError('404 Client Error: Not Found for url: /status/404')", 404},
		{requestsFlavour, `client.get("/status/404?id=1", name="/status/[id]")`, "HTTPError('404 Client Error: Not Found for url: /status/[id]')", 404},
		{requestsFlavour, `client.get("/status/500")`, "HTTPError('500 Server Error: Internal Server Error for url: /status/500')", 500},
		{requestsFlavour, `client.get("/teapot")`, `HTTPError("418 Client Error: I'm a teapot for url: /teapot")`, 418},
		{requestsFlavour, `client.get("/status/302", allow_redirects=False)`, "", 302},
		{requestsFlavour, `client.get("/status/103")`, "", 200},
		{requestsFlavour, `client.get("/created")`, "", 299},
		{requestsFlavour, `client.get("/slow?ms=2000", timeout=0.2)`, `ReadTimeout(ReadTimeoutError("` + pool + `: Read timed out. (read timeout=0.2)"))`, 0},
		{requestsFlavour, `client.get("/slow?ms=2000", timeout=(5, 0.2))`, `ReadTimeout(ReadTimeoutError("` + pool + `: Read timed out. (read timeout=0.2)"))`, 0},
		{requestsFlavour, `client.get("/stall", timeout=0.2)`, `ReadTimeoutError("` + pool + `: Read timed out.")`, 0},
		{requestsFlavour, `client.get("/close")`, "RemoteDisconnected('Remote end closed connection without response')", 0},
		{requestsFlavour, `client.get("/reset")`, "ConnectionResetError(104, 'Connection reset by peer')", 0},
		{fastFlavour, `client.get("/reset")`, "HTTPConnectionClosed('connection closed.')", 0},
		{requestsFlavour, `client.get("/short")`, "ChunkedEncodingError(ProtocolError('Connection broken: IncompleteRead(3 bytes read, 97 more expected)', IncompleteRead(3 bytes read, 97 more expected)))", 0},
		{requestsFlavour, `client.get("/loop")`, "TooManyRedirects('Exceeded 30 redirects.')", 0},
		{fastFlavour, `client.get("/status/404")`, "LocustBadStatusCode(code=404)", 404},
		{fastFlavour, `client.get("/status/500", name="x")`, "LocustBadStatusCode(code=500)", 500},
		{fastFlavour, `client.get("/created")`, "LocustBadStatusCode(code=299)", 299},
		{fastFlavour, `client.get("/status/305")`, "LocustBadStatusCode(code=305)", 305},
		{fastFlavour, `client.get("/empty")`, "", 204},
		{fastFlavour, `client.get("/status/302", allow_redirects=False)`, "", 302},
		{fastFlavour, `client.get("/slow?ms=2000", timeout=0.2)`, "TimeoutError('timed out')", 0},
		{fastFlavour, `client.get("/close")`, "HTTPConnectionClosed('connection closed.')", 0},
		{fastFlavour, `client.get("/loop")`, "RetriesExceeded('" + tg.url() + "/loop', 'Redirection limit reached (30)')", 0},
	}
	for _, c := range cases {
		if c.f == requestsFlavour { // the same rules on the proxy transport
			n := c
			n.f = netFlavour
			cases = append(cases, n)
		}
	}
	for _, c := range cases {
		t.Run(c.f.String()+" "+c.src, func(t *testing.T) {
			h := newHarness(t, tg.url(), c.f)
			g := h.mustRun("r = " + c.src)
			ev := h.only()
			if ev.errText != c.wantErr {
				t.Errorf("error %q\n want %q", ev.errText, c.wantErr)
			}
			if (ev.exception == starlark.None) != (c.wantErr == "") {
				t.Errorf("exception %v with error text %q", ev.exception, ev.errText)
			}
			r := g["r"].(*Response)
			if r.status != c.wantStatus {
				t.Errorf("status %d, want %d", r.status, c.wantStatus)
			}
			if c.wantStatus == 0 {
				h.mustRun(`
check(r.status_code == 0 and r.content == None and r.error != None)
check(not r.ok or "` + c.f.String() + `" == "FastHttpUser")
`)
			}
		})
	}
}

func TestConnectionRefused(t *testing.T) {
	addr := closedPort(t)
	port := addr[strings.LastIndexByte(addr, ':')+1:]
	h := newHarness(t, "http://"+addr, requestsFlavour)
	h.mustRun(`
r = client.get("/x")
check(r.status_code == 0 and r.content == None and r.text == "" and r.url == None, r.status_code)
e = catching(r.raise_for_status)
check(isinst(e, ConnectionError))
`)
	ev := h.only()
	if ev.errText != "ConnectionRefusedError(111, 'Connection refused')" || ev.name != "/x" || ev.url != "http://"+addr+"/x" {
		t.Fatalf("event %+v", ev)
	}
	g := h.mustRun(`e = pyrepr(client.get("/y").error)`)
	want := fmt.Sprintf(`ConnectionError(MaxRetryError('HTTPConnectionPool(host=\'127.0.0.1\', port=%s): Max retries exceeded with url: /y (Caused by NewConnectionError("HTTPConnection(host=\'127.0.0.1\', port=%s): Failed to establish a new connection: [Errno 111] Connection refused"))'))`, port, port)
	if got := string(g["e"].(starlark.String)); got != want {
		t.Fatalf("r.error:\n%s\nwant\n%s", got, want)
	}

	f := newHarness(t, "http://"+addr, fastFlavour)
	f.mustRun(`
r = client.get("/x")
check(r.status_code == 0 and r.content == None and r.text == None and r.headers == None)
check(pyrepr(r.error) == "ConnectionRefusedError(111, 'Connection refused')")
e = catching(r.raise_for_status)
check(pyrepr(e) == "ConnectionRefusedError(111, 'Connection refused')")
`)
	if ev := f.only(); ev.errText != "ConnectionRefusedError(111, 'Connection refused')" || ev.name != "/x" {
		t.Fatalf("fast event %+v", ev)
	}
}

func TestReadTimeoutOnSilentServer(t *testing.T) {
	addr := silentServer(t)
	for _, f := range flavours {
		h := newHarness(t, "http://"+addr, f)
		h.mustRun(`client.get("/x", timeout=0.1)`)
		ev := h.only()
		if !strings.Contains(ev.errText, "timed out") {
			t.Errorf("%s: %q", f, ev.errText)
		}
	}
}

func TestRaiseForStatusAndHTTPErrorResponse(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	h.mustRun(`
r = client.get("/status/404", name="named")
e = catching(r.raise_for_status)
check(isinst(e, HTTPError) and isinst(e, RequestException))
check(pystr(e) == "404 Client Error: Not Found for url: ` + tg.url() + `/status/404", pystr(e))
check(same(e.response, r))
check(r.error == None and not r.ok and not r)
ok = client.get("/json")
check(ok.ok and ok and catching(ok.raise_for_status) == None)
`)
	if len(h.events) != 2 || h.events[0].errText != "HTTPError('404 Client Error: Not Found for url: named')" {
		t.Fatalf("events %+v", h.events)
	}
}

func TestHookErrorPropagates(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	h.hookErr = fmt.Errorf("listener failed")
	if _, err := h.run(`client.get("/x")`); err == nil || !strings.Contains(err.Error(), "listener failed") {
		t.Fatalf("hook error not raised: %v", err)
	}
}
