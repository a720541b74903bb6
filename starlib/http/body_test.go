package http

import (
	"regexp"
	"strings"
	"testing"
)

// The expected wire bytes below were captured from python-requests 2.34
// (urllib3 2.7) against a recording socket server, so HttpUser sends what
// Locust's HttpUser sends.

func header(e echo, name string) string {
	v := e.Headers[name]
	return strings.Join(v, ", ")
}

func TestRequestsBodiesAndQuery(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	cases := []struct {
		src, uri, body, ctype, clen string
	}{
		{`client.get("/a b/é?x=1 2&y=%41%2F", params={"p": ["1", 2], "q": None, "r": "a b&c"})`,
			"/a%20b/%C3%A9?x=1%202&y=A%2F&p=1&p=2&r=a+b%26c", "", "", ""},
		{`client.get("/p", params=[("k", "v"), ("k", "w")])`, "/p?k=v&k=w", "", "", ""},
		{`client.get("/p?z=1", params="raw=1&s")`, "/p?z=1&raw=1&s", "", "", ""},
		{`client.post("/form", data={"a": "1 2", "b": [1, 2.5, True], "c": None})`,
			"/form", "a=1+2&b=1&b=2.5&b=True", "application/x-www-form-urlencoded", "22"},
		{`client.post("/json", json={"a": [1, 2.0, "é", None, True], "b": {"c": 1e20}})`,
			"/json", `{"a": [1, 2.0, "\u00e9", null, true], "b": {"c": 1e+20}}`, "application/json", "56"},
		{`client.post("/str", data="héllo")`, "/str", "héllo", "", "6"},
		{`client.put("/bytes", b"\x00\x01")`, "/bytes", "\x00\x01", "", "2"},
		{`client.delete("/del")`, "/del", "", "", "0"},
		{`client.post("/empty")`, "/empty", "", "", "0"},
		{`client.post("/both", data={"d": "1"}, json={"j": 1})`, "/both", "d=1", "application/x-www-form-urlencoded", "3"},
		{`client.post("/ct", data="x", headers={"Content-Type": "text/csv"})`, "/ct", "x", "text/csv", "1"},
	}
	for _, c := range cases {
		h.mustRun(c.src)
		e := tg.last()
		if e.URI != c.uri || e.Body != c.body || header(e, "Content-Type") != c.ctype || header(e, "Content-Length") != c.clen {
			t.Errorf("%s:\n got uri=%q body=%q ct=%q cl=%q\nwant uri=%q body=%q ct=%q cl=%q", c.src,
				e.URI, e.Body, header(e, "Content-Type"), header(e, "Content-Length"), c.uri, c.body, c.ctype, c.clen)
		}
	}
	_, err := h.run(`client.post("/nan", json=float("nan"))`)
	if err == nil || !strings.Contains(err.Error(), "InvalidJSONError") && !strings.Contains(err.Error(), "Out of range float") {
		t.Errorf("json=nan: %v", err)
	}
}

var boundaryRe = regexp.MustCompile(`[0-9a-f]{32}`)

func TestMultipart(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newHarness(t, tg.url(), f)
			h.mustRun(`client.post("/files", data={"k": "v"}, files={"f": ("name.txt", "content", "text/plain"), "g": "raw", "h": (None, "plain"), "i": ("x.bin", b"\x00\x01", "application/octet-stream", {"X-Extra": "1"}), "n": ("skip", None)})`)
			e := tg.last()
			ct := header(e, "Content-Type")
			b := boundaryRe.FindString(ct)
			if b == "" || ct != "multipart/form-data; boundary="+b {
				t.Fatalf("content type %q", ct)
			}
			want := "--B\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n" +
				"--B\r\nContent-Disposition: form-data; name=\"f\"; filename=\"name.txt\"\r\nContent-Type: text/plain\r\n\r\ncontent\r\n" +
				"--B\r\nContent-Disposition: form-data; name=\"g\"; filename=\"g\"\r\n\r\nraw\r\n" +
				"--B\r\nContent-Disposition: form-data; name=\"h\"\r\n\r\nplain\r\n" +
				"--B\r\nContent-Disposition: form-data; name=\"i\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\nX-Extra: 1\r\n\r\n\x00\x01\r\n" +
				"--B--\r\n"
			if got := strings.ReplaceAll(e.Body, b, "B"); got != want {
				t.Fatalf("multipart body:\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func TestDefaultAndMergedHeaders(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	h.mustRun(`
client.headers["X-Session"] = "s"
client.headers.update({"x-session": "s2", "X-Other": "o"})
check(client.headers["X-SESSION"] == "s2")
check(client.headers.get("nope", "d") == "d")
check("x-other" in client.headers)
client.get("/h", headers={"X-A": "1", "Accept": None}, cookies={"c1": "v1"}, auth=("user", "pässword"))
`)
	e := tg.last()
	checks := map[string]string{
		"User-Agent":      requestsUserAgent,
		"Accept-Encoding": "gzip, deflate",
		"Accept":          "",
		"Connection":      "keep-alive",
		"X-Session":       "s2",
		"X-Other":         "o",
		"X-A":             "1",
		"Cookie":          "c1=v1",
		"Authorization":   "Basic dXNlcjpw5HNzd29yZA==",
	}
	for k, want := range checks {
		if got := header(e, k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}

	f := newHarness(t, tg.url(), fastFlavour)
	f.mustRun(`
client.post("/fj", json={"a": 1})
`)
	e = tg.last()
	for k, want := range map[string]string{
		"User-Agent": geventUserAgent, "Accept-Encoding": "gzip, deflate, br",
		"Content-Type": "application/json", "Accept": "application/json",
	} {
		if got := header(e, k); got != want {
			t.Errorf("fast %s = %q, want %q", k, got, want)
		}
	}
	if e.Body != `{"a": 1}` {
		t.Errorf("fast json body %q", e.Body)
	}
	f.mustRun(`client.post("/ff", data={"a": "1 2"})`)
	if e := tg.last(); e.Body != "a=1+2" || header(e, "Content-Type") != "application/x-www-form-urlencoded; charset=utf-8" {
		t.Errorf("fast form: %q %q", e.Body, header(e, "Content-Type"))
	}
	f.mustRun(`client.post("/fs", data="héllo")`)
	if e := tg.last(); e.Body != "héllo" || header(e, "Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("fast str: %q %q", e.Body, header(e, "Content-Type"))
	}
}

func TestRequestObject(t *testing.T) {
	tg := newTarget(t)
	h := newHarness(t, tg.url(), requestsFlavour)
	h.mustRun(`
r = client.post("/obj?q=1", data="body", headers={"X-T": "t"})
q = r.request
check(q.method == "POST" and q.url == "` + tg.url() + `/obj?q=1" and q.path_url == "/obj?q=1", q.url)
check(q.body == "body")
check(q.headers["x-t"] == "t")
r2 = client.post("/obj", json=[1])
check(r2.request.body == b"[1]", r2.request.body)
check(client.get("/obj").request.body == None)
`)
}
