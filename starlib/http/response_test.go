package http

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

func TestResponseAttributes(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newHarness(t, tg.url(), f)
			h.mustRun(`
r = client.get("/json")
check(r.status_code == 200 and r.ok and r.reason == "OK")
check(r.headers["content-type"] == "application/json" and r.headers.get("CONTENT-TYPE") == "application/json")
check("Content-Type" in r.headers and "X-Nope" not in r.headers)
check(r.encoding == "utf-8", r.encoding)
check(r.json() == {"a": [1, 2.5, "é"], "b": None}, r.json())
check(r.content == b'{"a": [1, 2.5, "\\u00e9"], "b": null}', r.content)
check(r.elapsed.total_seconds() >= 0 and r.elapsed.microseconds >= 0)
check(r.url == "` + tg.url() + `/json")

t = client.get("/utf8")
check(t.text == "café\nline2\r\nline3", t.text)
check(t.iter_lines() == [b"caf\xc3\xa9", b"line2", b"line3"], t.iter_lines())
check(t.iter_lines(decode_unicode=True, delimiter="\n") == ["café", "line2\r", "line3"])
check(len(t.iter_content(chunk_size=4)) == 5)

l = client.get("/latin")
check(l.encoding == "ISO-8859-1" and l.text == "café", l.text)
l.encoding = "utf-8"
check(l.text == "caf\ufffd", l.text)

z = client.get("/gzip")
check(z.text == "gzipped " * 100 and z.headers["Content-Encoding"] == "gzip")

c = client.get("/chunked")
check(c.text == "part0;part1;part2;")

e = client.get("/empty")
check(e.status_code == 204 and e.content == b"")

bad = client.get("/utf8")
err = catching(bad.json)
check(isinst(err, JSONDecodeError), pyrepr(err))
check(pystr(err) == "Expecting value: line 1 column 1 (char 0)", pystr(err))
`)
			var lengths []int64
			for _, ev := range h.events {
				lengths = append(lengths, ev.length)
			}
			// gzip: the decoded length, as len(response.content).
			if lengths[3] != int64(len(strings.Repeat("gzipped ", 100))) {
				t.Errorf("gzip length %d", lengths[3])
			}
		})
	}
	h := newHarness(t, tg.url(), requestsFlavour)
	h.mustRun(`
err = catching(client.get("/utf8").json)
check(isinst(err, RequestsJSONDecodeError) and isinst(err, RequestException), pyrepr(err))
check(err.lineno == 1 and err.colno == 1 and err.pos == 0)
check(pyrepr(client.get("/json")) == "<Response [200]>")
`)
}

func TestStream(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newHarness(t, tg.url(), f)
			h.mustRun(`
r = client.get("/utf8", stream=True)
check(r.status_code == 200)
check(r.text == "café\nline2\r\nline3")
check(r.content == b"caf\xc3\xa9\nline2\r\nline3")
u = client.get("/utf8", stream=True)
client.get("/json")
e = catching(lambda: u.content)
check(isinst(e, RuntimeError), pyrepr(e))
`)
			if ev := h.events[0]; ev.length != int64(len("café\nline2\r\nline3")) {
				t.Errorf("stream length from content-length: %d", ev.length)
			}
			if f == fastFlavour {
				h.mustRun(`check(client.iter_lines("/utf8") == ["café", "line2\r", "line3"], client.iter_lines("/utf8"))`)
			}
		})
	}
}

// TestTimingCoversServerDelay checks the reported time covers the server's
// delay (a lower bound the server guarantees) and grows with it.
func TestTimingCoversServerDelay(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		h := newHarness(t, tg.url(), f)
		h.mustRun(`
client.get("/slow?ms=1")
client.get("/slow?ms=60")
`)
		fast, slow := h.events[0], h.events[1]
		if slow.rt < 60*time.Millisecond {
			t.Errorf("%s: response time %v shorter than the server's 60ms delay", f, slow.rt)
		}
		if !slow.start.After(fast.start) {
			t.Errorf("%s: start times not increasing: %v then %v", f, fast.start, slow.start)
		}
	}
}

// TestStoppedUserInterruptsRequest checks that cancelling the user's
// context ends a blocked request with the cancellation, unreported.
func TestStoppedUserInterruptsRequest(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		h := newHarness(t, tg.url(), f)
		ctx, cancel := context.WithCancel(context.Background())
		h.ctx = ctx
		timer := time.AfterFunc(50*time.Millisecond, cancel)
		_, err := h.run(`client.get("/slow?ms=5000")`)
		timer.Stop()
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err %v, want context.Canceled", f, err)
		}
		if len(h.events) != 0 {
			t.Errorf("%s: a stopped request was reported: %+v", f, h.events)
		}
	}
}

func TestLongHeaderLine(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		h := newHarness(t, tg.url(), f)
		h.mustRun(`
r = client.get("/bigheader")
check(r.status_code == 200 and len(r.headers["x-big"]) == 6000 and len(r.headers["x-bigger"]) == 20000 and r.text == "ok")
check(client.get("/json").json()["b"] == None)
`)
	}
}

func TestKeepAliveReuse(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		h := newHarness(t, tg.url(), f)
		h.mustRun(`
for i in range(5):
    client.get("/json")
`)
		if len(h.events) != 5 {
			t.Fatalf("%s: %d events", f, len(h.events))
		}
	}
	// A closed keep-alive connection is replaced transparently.
	h := newHarness(t, tg.url(), fastFlavour)
	h.mustRun(`client.get("/json")`)
	tg.srv.CloseClientConnections()
	h.mustRun(`r = client.get("/json")`)
	if ev := h.events[1]; ev.errText != "" {
		t.Fatalf("request after the server closed the idle connection failed: %q", ev.errText)
	}
	if r := h.vars["r"].(*Response); r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
}

func TestResponseValueProtocol(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), fastFlavour)
	g := h.mustRun(`r = client.get("/json")`)
	r := g["r"].(*Response)
	if r.Type() != "FastResponse" || !bool(r.Truth()) {
		t.Fatalf("type %s truth %v", r.Type(), r.Truth())
	}
	for _, name := range r.AttrNames() {
		if _, err := r.Attr(name); err != nil && name != "request_meta" {
			t.Errorf("Attr(%s): %v", name, err)
		}
	}
	if _, err := r.Attr("nope"); err == nil {
		t.Error("unknown attribute did not fail")
	}
	var _ starlark.Value = r
}
