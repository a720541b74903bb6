package http

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.starlark.net/starlark"
)

// The with-statement is lowered elsewhere; these snippets call __enter__
// and __exit__ the way the lowering's helper does.

func TestCatchResponse(t *testing.T) {
	tg := newTarget(t)
	cases := []struct {
		name    string
		src     string
		events  int
		errText string
	}{
		{"success on 404", `
r = client.get("/status/404", catch_response=True)
check(same(r.__enter__(), r))
r.success()
check(r.__exit__(None, None, None) == True)
`, 1, ""},
		{"failure on 200", `
r = client.get("/json", catch_response=True)
r.__enter__()
r.failure("too slow")
check(r.__exit__(None, None, None) == True)
`, 1, "CatchResponseError('too slow')"},
		{"failure with an exception", `
r = client.get("/json", catch_response=True)
r.__enter__()
r.failure(ValueError("bad value"))
r.__exit__(None, None, None)
`, 1, "ValueError('bad value')"},
		{"status rules when undecided", `
r = client.get("/status/404", catch_response=True, name="nf")
r.__enter__()
r.__exit__(None, None, None)
`, 1, "HTTPError('404 Client Error: Not Found for url: nf')"},
		{"undecided success", `
r = client.get("/json", catch_response=True)
r.__enter__()
r.__exit__(None, None, None)
`, 1, ""},
		{"ResponseError in the block is a failure, suppressed", `
class_ = ResponseError
r = client.get("/json", catch_response=True)
r.__enter__()
e = class_("no token")
check(r.__exit__(class_, e, None) == True)
`, 1, "ResponseError('no token')"},
		{"other exception propagates unreported", `
r = client.get("/json", catch_response=True)
r.__enter__()
check(r.__exit__(RuntimeError, RuntimeError("reschedule"), None) == False)
`, 0, ""},
		{"CatchResponseError raised in the block is not a ResponseError", `
r = client.get("/json", catch_response=True)
r.__enter__()
check(r.__exit__(CatchResponseError, CatchResponseError("x"), None) == False)
`, 0, ""},
		{"manual result with an exception: reported, propagates", `
r = client.get("/json", catch_response=True)
r.__enter__()
r.failure("decided")
check(r.__exit__(RuntimeError, RuntimeError("later"), None) == False)
`, 1, "CatchResponseError('decided')"},
		{"catch_response without with is never reported", `
r = client.get("/json", catch_response=True)
`, 0, ""},
		{"raise_for_status respects failure()", `
r = client.get("/json", catch_response=True)
r.__enter__()
r.failure("nope")
check(pyrepr(catching(r.raise_for_status)) == "CatchResponseError('nope')")
r2 = client.get("/status/404", catch_response=True)
r2.__enter__()
r2.success()
check(catching(r2.raise_for_status) == None)
r2.__exit__(None, None, None)
r.__exit__(None, None, None)
`, 2, ""},
	}
	for _, c := range cases {
		for _, f := range flavours {
			t.Run(f.String()+"/"+c.name, func(t *testing.T) {
				h := newHarness(t, tg.url(), f)
				h.mustRun(c.src)
				if len(h.events) != c.events {
					t.Fatalf("%d events, want %d: %+v", len(h.events), c.events, h.events)
				}
				if c.events == 1 {
					want := c.errText
					if f == fastFlavour && strings.HasPrefix(want, "HTTPError") {
						want = "LocustBadStatusCode(code=404)"
					}
					if h.events[0].errText != want {
						t.Fatalf("error %q, want %q", h.events[0].errText, want)
					}
				}
			})
		}
	}
}

func TestCatchResponseMisuse(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	h.mustRun(`
plain = client.get("/json")
e = catching(plain.__enter__)
check(isinst(e, LocustError), e)
check(pystr(e) == "In order to use a with-block for requests, you must also pass catch_response=True", pystr(e))
p2 = client.get("/json")
e = catching(p2.success)
check(pystr(e).startswith("Tried to set status on a request that has not yet been made."), pystr(e))
early = client.get("/json", catch_response=True)
e = catching(lambda: early.failure("x"))
check(pystr(e).endswith("response.failure(...)"), pystr(e))
e = catching(early.success)
check(pystr(e).endswith("response.success()"), pystr(e))
`)
	f := newHarness(t, tg.url(), fastFlavour)
	f.mustRun(`
plain = client.get("/json")
check(same(plain.__enter__(), plain))
check(plain.__exit__(None, None, None) == False)
e = catching(plain.success)
check(pystr(e).startswith("If you want to change the state of the request, you must pass catch_response=True."), pystr(e))
check(type(plain) == "FastResponse" and type(client.get("/json", catch_response=True)) == "ResponseContextManager")
`)
	if len(f.events) != 1 {
		t.Fatalf("fast events %+v", f.events)
	}
}

func TestCatchResponseConnectionError(t *testing.T) {
	addr := closedPort(t)
	for _, f := range flavours {
		h := newHarness(t, "http://"+addr, f)
		h.mustRun(`
r = client.get("/x", catch_response=True)
r.__enter__()
check(r.status_code == 0)
r.__exit__(None, None, None)
`)
		if ev := h.only(); ev.errText != "ConnectionRefusedError(111, 'Connection refused')" {
			t.Fatalf("%s: %q", f, ev.errText)
		}
	}
}

func TestRenameRequest(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	h.mustRun(`
cm = client.rename_request("grouped")
cm.__enter__()
client.get("/a?x=1")
client.get("/b", name="explicit")
cm.__exit__(None, None, None)
client.get("/c")
`)
	var names []string
	for _, ev := range h.events {
		names = append(names, ev.name)
	}
	if got := strings.Join(names, ","); got != "grouped,explicit,/c" {
		t.Fatalf("names %s", got)
	}
}

func TestEventFields(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	h.mustRun(`r = client.post("/json", context={"k": "v"})`)
	ev := h.only()
	if ev.length != int64(len(`{"a": [1, 2.5, "\u00e9"], "b": null}`)) {
		t.Errorf("length %d", ev.length)
	}
	if ev.response != h.vars["r"] || ev.exception != starlark.None {
		t.Errorf("response/exception %v %v", ev.response, ev.exception)
	}
	if d, ok := ev.context.(*starlark.Dict); !ok || d.Len() != 1 {
		t.Errorf("context %v", ev.context)
	}
	if ev.start.IsZero() || ev.rt <= 0 {
		t.Errorf("timing %v %v", ev.start, ev.rt)
	}
	h.mustRun(`
m = r.request_meta
check(m["request_type"] == "POST" and m["name"] == "/json" and m["response_length"] > 0 and m["exception"] == None)
`)
}

// TestWithHelper drives catch_response through pyrt.With, the helper the
// lowered with-statement calls.
func TestWithHelper(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		h := newHarness(t, tg.url(), f)
		h.mustRun(`
def decide(r):
    if r.status_code == 404:
        r.success()
with_(client.get("/status/404", catch_response=True), decide)

def bad_token(r):
    raise_(ResponseError("no token"))
with_(client.get("/json", catch_response=True), bad_token)

def other(r):
    raise_(ValueError("boom"))
e = catching(lambda: with_(client.get("/json", catch_response=True), other))
check(pyrepr(e) == "ValueError('boom')")

cm = client.rename_request("renamed")
with_(cm, lambda _: client.get("/json"))
`)
		var got []string
		for _, ev := range h.events {
			got = append(got, ev.name+"|"+ev.errText)
		}
		want := "/status/404||/json|ResponseError('no token')|renamed|"
		if strings.Join(got, "|") != want {
			t.Errorf("%s: %q, want %q", f, strings.Join(got, "|"), want)
		}
	}
}

// TestWithBlockOfStoppedUser checks a with-block interrupted by the user's
// stop reports nothing (Locust's killed greenlet).
func TestWithBlockOfStoppedUser(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	ctx, cancel := context.WithCancel(context.Background())
	h.ctx = ctx
	h.stop = cancel
	_, err := h.run(`
def body(r):
    stop_user()
    client.get("/slow?ms=5000")
with_(client.get("/json", catch_response=True), body)
`)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if len(h.events) != 0 {
		t.Fatalf("events of a stopped user: %+v", h.events)
	}
}

// TestRequestAfterStop: a user stopped while idle (its kept-alive
// connection watches the cancelled context) or in the middle of a request
// runs its on_stop, whose request goes through on a fresh context — a
// connection whose deadline was pushed into the past must not be reused.
func TestRequestAfterStop(t *testing.T) {
	for _, f := range flavours {
		for _, midRequest := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/mid-request=%v", f, midRequest), func(t *testing.T) {
				tg := newTarget(t)
				h := newHarness(t, tg.url(), f)
				ctx, cancel := context.WithCancel(context.Background())
				h.ctx = ctx
				h.stop = cancel
				h.mustRun(`client.get("/json")`) // a kept-alive connection
				if midRequest {
					go func() {
						time.Sleep(50 * time.Millisecond)
						cancel()
					}()
					if _, err := h.run(`client.get("/slow?ms=5000")`); !errors.Is(err, context.Canceled) {
						t.Fatalf("interrupted request: err %v", err)
					}
				} else {
					// Stopped while idle: the hook that interrupts the
					// connection runs asynchronously, possibly during the
					// next exchange — the race a real stop meets.
					cancel()
				}
				h.ctx = context.Background() // on_stop's fresh context
				for i := 0; i < 20; i++ {
					h.events = nil
					h.mustRun(`r = client.get("/json")`)
					if ev := h.only(); ev.errText != "" {
						t.Fatalf("request %d after the stop failed: %s", i, ev.errText)
					}
				}
			})
		}
	}
}
