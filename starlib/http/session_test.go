package http

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// TestURLJoiningAndNames checks Locust's joining rules (plain
// concatenation, absolute URLs as given) and the statistics names of both
// clients (HttpUser: path and query of the first request; FastHttpUser: the
// URL argument as given).
func TestURLJoiningAndNames(t *testing.T) {
	tg := newTarget(t)
	host := strings.TrimPrefix(tg.url(), "http://")
	cases := []struct {
		base, path string
		wantURI    string // what the server saw
		wantURL    string // event URL
		nameReq    string // HttpUser name
		nameFast   string // FastHttpUser name
	}{
		{tg.url(), "/x", "/x", tg.url() + "/x", "/x", "/x"},
		{tg.url() + "/", "/x", "//x", tg.url() + "//x", "//x", "/x"},
		{tg.url() + "/api", "/x", "/api/x", tg.url() + "/api/x", "/api/x", "/x"},
		{tg.url() + "/api", "x", "/apix", tg.url() + "/apix", "/apix", "x"},
		{tg.url(), "/missing?id=1", "/missing?id=1", tg.url() + "/missing?id=1", "/missing?id=1", "/missing?id=1"},
		{"http://unused.invalid", tg.url() + "/abs", "/abs", tg.url() + "/abs", "/abs", tg.url() + "/abs"},
		{"", "HTTP://" + host + "/upper", "/upper", "http://" + host + "/upper", "/upper", "HTTP://" + host + "/upper"},
		{tg.url(), "", "/", tg.url() + "/", "/", ""},
	}
	for _, c := range cases {
		for _, f := range flavours {
			t.Run(fmt.Sprintf("%s/%s+%s", f, c.base, c.path), func(t *testing.T) {
				h := newHarness(t, c.base, f)
				h.mustRun(fmt.Sprintf("r = client.get(%q)", c.path))
				ev := h.only()
				if got := tg.last().URI; got != c.wantURI {
					t.Errorf("server saw %q, want %q", got, c.wantURI)
				}
				want := c.nameReq
				if f == fastFlavour {
					want = c.nameFast
				}
				if ev.name != want {
					t.Errorf("name = %q, want %q", ev.name, want)
				}
				wantURL := c.wantURL
				if f == fastFlavour {
					wantURL = c.base + c.path
					if strings.HasPrefix(strings.ToLower(c.path), "http") {
						wantURL = c.path
					}
				}
				if ev.url != wantURL {
					t.Errorf("url = %q, want %q", ev.url, wantURL)
				}
				if ev.method != "GET" || ev.errText != "" {
					t.Errorf("event %+v", ev)
				}
			})
		}
	}
}

func TestBasicAuthFromHost(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			base := strings.Replace(tg.url(), "http://", "http://user:s3cret@", 1)
			h := newHarness(t, base, f)
			h.mustRun(`
r = client.get("/a")
check(client.base_url == "` + tg.url() + `", client.base_url)
`)
			want := "Basic " + base64.StdEncoding.EncodeToString([]byte("user:s3cret"))
			if got := tg.last().Headers["Authorization"]; len(got) != 1 || got[0] != want {
				t.Fatalf("Authorization = %q, want %q", got, want)
			}
			h.mustRun(`client.get("/b", auth=("other", "pw"))`)
			want = "Basic " + base64.StdEncoding.EncodeToString([]byte("other:pw"))
			if got := tg.last().Headers["Authorization"]; got[0] != want {
				t.Fatalf("auth= override: %q, want %q", got, want)
			}
		})
	}
}

func TestRequestMethodsAndRequestMethodName(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newHarness(t, tg.url(), f)
			h.mustRun(`
client.get("/m")
client.post("/m")
client.put("/m")
client.patch("/m")
client.delete("/m")
client.head("/m")
client.options("/m")
client.request("get", "/m")
client.request(method="PURGE", url="/m")
`)
			var got []string
			for _, ev := range h.events {
				got = append(got, ev.method)
			}
			want := "GET POST PUT PATCH DELETE HEAD OPTIONS get PURGE"
			if strings.Join(got, " ") != want {
				t.Fatalf("methods %v, want %s", got, want)
			}
			if m := tg.last().Method; m != "PURGE" {
				t.Fatalf("wire method %q", m)
			}
		})
	}
}

func TestArgumentErrors(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	cases := map[string]string{
		`client.get()`:                        "missing 1 required positional argument: 'url'",
		`client.get("/x", bogus=1)`:           "got an unexpected keyword argument 'bogus'",
		`client.get("/x", url="/y")`:          "got multiple values for argument 'url'",
		`client.post("/x", "d", {}, "extra")`: "takes 4 positional arguments but 5 were given",
		`client.request("/x")`:                "missing 1 required positional argument: 'url'",
		`client.get("/x", timeout=(1, 2, 3))`: "Invalid timeout (1, 2, 3)",
		`client.get("/x", timeout="soon")`:    "must be an int, float or None",
	}
	for src, want := range cases {
		_, err := h.run(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", src, err, want)
		}
	}
	if len(h.events) != 0 {
		t.Fatalf("argument errors reported requests: %+v", h.events)
	}
}

func TestInvalidURLsRaise(t *testing.T) {
	cases := []struct{ base, path, want string }{
		{"", "/x", `MissingSchema("Invalid URL '/x': No scheme supplied. Perhaps you meant https:///x?")`},
		{"http://", "/x", `InvalidURL("Invalid URL 'http:///x': No host supplied")`},
		{"ftp://h", "/x", `InvalidSchema("No connection adapters were found for 'ftp://h/x'")`},
		{"http://h:abc", "/x", `InvalidURL('Failed to parse: http://h:abc/x')`},
	}
	for _, c := range cases {
		h := newHarness(t, c.base, requestsFlavour)
		g := h.mustRun(fmt.Sprintf(`e = catching(lambda: client.get(%q))`, c.path))
		if got := reprOf(g["e"]); got != c.want {
			t.Errorf("%s%s: %s, want %s", c.base, c.path, got, c.want)
		}
		if len(h.events) != 0 {
			t.Errorf("%s%s: invalid URL was reported as a request", c.base, c.path)
		}
	}
}

func reprOf(v starlark.Value) string {
	if v == nil {
		return "<nil>"
	}
	return pyReprForTest(v)
}

func TestSessionAttributes(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newHarness(t, tg.url(), f)
			h.mustRun(`
check(same(client.get, client.get))
client.base_url = "http://elsewhere.invalid"
check(client.base_url == "http://elsewhere.invalid")
client.base_url = "` + tg.url() + `"
client.my_attr = 5
check(client.my_attr == 5)
e = catching(lambda: client.nothing)
check("has no attribute 'nothing'" in pystr(e), pystr(e))
`)
		})
	}
}
