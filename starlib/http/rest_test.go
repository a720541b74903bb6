package http

import (
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func TestRest(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), fastFlavour)
	h.vars = starlark.StringDict{"AssertionError": pyrt.AssertionError}
	h.mustRun(`
def ok(r):
    check(r.js == {"a": [1, 2.5, "é"], "b": None}, r.js)
with_(client.rest("GET", "/json"), ok)

def asserts(r):
    raise_(AssertionError("wrong,"))
with_(client.rest("POST", "/json", json={"x": 1}), asserts)

def boom(r):
    raise_(ValueError("boom"))
with_(client.rest("GET", "/json"), boom)

with_(client.rest("GET", "/utf8"), lambda r: None)
with_(client.rest_("GET", "/json?a=1"), lambda r: None)
`)
	if len(h.events) != 5 {
		t.Fatalf("events %+v", h.events)
	}
	if got := h.events[0].errText; got != "" {
		t.Errorf("ok: %q", got)
	}
	if got := h.events[1].errText; !strings.HasPrefix(got, `CatchResponseError('wrong, response was {"a": [1, 2.5, "\\u00e9"], "b": null}')`) {
		t.Errorf("assert: %q", got)
	}
	if got := h.events[2].errText; !strings.HasPrefix(got, "CatchResponseError('ValueError: boom at ") || !strings.HasSuffix(got, `. Response was {"a": [1, 2.5, "\\u00e9"], "b": null}')`) {
		t.Errorf("exception: %q", got)
	}
	if got := h.events[3].errText; !strings.HasPrefix(got, "CatchResponseError('Could not parse response as JSON. café") || !strings.Contains(got, "response code 200, error Expecting value: line 1 column 1 (char 0)") {
		t.Errorf("json: %q", got)
	}
	if got := h.events[4].name; got != "/json?a=1&_=..." {
		t.Errorf("rest_ name %q", got)
	}
	if last := tg.last(); !strings.HasPrefix(last.URI, "/json?a=1&_=") || header(last, "Content-Type") != "application/json" || header(last, "Accept") != "application/json" {
		t.Errorf("rest_ request %+v", last)
	}
}
