package http

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"
)

func TestRedirects(t *testing.T) {
	tg := newTarget(t)
	to := func(target string, code string) string {
		return "/redirect?code=" + code + "&to=" + url.QueryEscape(target)
	}
	t.Run("names and URL before the redirect", func(t *testing.T) {
		for _, f := range flavours {
			h := newHarness(t, tg.url(), f)
			h.mustRun(`
r = client.get("` + to("/final?z=1", "302") + `")
check(r.status_code == 200, r.status_code)
check(r.url == "` + tg.url() + `/final?z=1", r.url)
check(len(r.history) == 1 and r.history[0].status_code == 302)
`)
			ev := h.only()
			wantName := "/redirect?code=302&to=%2Ffinal%3Fz%3D1"
			if ev.name != wantName || ev.url != tg.url()+wantName {
				t.Errorf("%s: name %q url %q", f, ev.name, ev.url)
			}
			if tg.last().URI != "/final?z=1" {
				t.Errorf("%s: final request %q", f, tg.last().URI)
			}
		}
	})
	t.Run("method and body rules", func(t *testing.T) {
		cases := []struct {
			f              flavour
			code, method   string
			wantM, wantBod string
		}{
			{requestsFlavour, "302", "post", "GET", ""},
			{requestsFlavour, "303", "put", "GET", ""},
			{requestsFlavour, "301", "post", "GET", ""},
			{requestsFlavour, "301", "put", "PUT", "data"},
			{requestsFlavour, "307", "post", "POST", "data"},
			{requestsFlavour, "308", "patch", "PATCH", "data"},
			{fastFlavour, "301", "put", "GET", ""},
			{fastFlavour, "307", "post", "POST", "data"},
		}
		for _, c := range cases {
			h := newHarness(t, tg.url(), c.f)
			h.mustRun(`client.` + c.method + `("` + to("/after", c.code) + `", data="data")`)
			if e := tg.last(); e.URI != "/after" || e.Method != c.wantM || e.Body != c.wantBod {
				t.Errorf("%s %s %s: got %s %s body %q", c.f, c.code, c.method, e.Method, e.URI, e.Body)
			}
		}
	})
	t.Run("allow_redirects and head", func(t *testing.T) {
		h := newHarness(t, tg.url(), requestsFlavour)
		h.mustRun(`
r = client.get("` + to("/after", "302") + `", allow_redirects=False)
check(r.status_code == 302 and r.is_redirect and len(r.history) == 0)
h = client.head("` + to("/after", "302") + `")
check(h.status_code == 302)
h2 = client.head("` + to("/after", "302") + `", allow_redirects=True)
check(h2.status_code == 200)
r2 = client.request("HEAD", "` + to("/after", "302") + `")
check(r2.status_code == 200)
`)
		f := newHarness(t, tg.url(), fastFlavour)
		f.mustRun(`
h = client.head("` + to("/after", "302") + `")
check(h.status_code == 200, h.status_code)
`)
	})
	t.Run("cookies set on a redirect are sent after it", func(t *testing.T) {
		for _, f := range flavours {
			h := newHarness(t, tg.url(), f)
			h.mustRun(`client.get("/redirect?code=302&cookie=rc&to=%2Fafter")`)
			if got := header(tg.last(), "Cookie"); got != "rc=r" {
				t.Errorf("%s: cookie after redirect %q", f, got)
			}
		}
	})
	t.Run("Authorization is dropped on another host", func(t *testing.T) {
		other := newTarget(t)
		otherURL := strings.Replace(other.url(), "127.0.0.1", "localhost", 1)
		for _, f := range flavours {
			h := newHarness(t, tg.url(), f)
			h.mustRun(`client.get("` + to(otherURL+"/x", "302") + `", auth=("u", "p"))`)
			if got := header(other.last(), "Authorization"); got != "" {
				t.Errorf("%s: Authorization leaked to another host: %q", f, got)
			}
			h.mustRun(`client.get("` + to("/same", "302") + `", auth=("u", "p"))`)
			want := "Basic " + base64.StdEncoding.EncodeToString([]byte("u:p"))
			if got := header(tg.last(), "Authorization"); got != want {
				t.Errorf("%s: Authorization on the same host: %q", f, got)
			}
		}
	})
}

func TestCookiesPerUser(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			a := newHarness(t, tg.url(), f)
			b := newHarness(t, tg.url(), f)
			a.mustRun(`
r = client.get("/setcookie?session=alice")
check(r.cookies["session"] == "alice" and r.cookies.get("nope") == None)
check(client.cookies["session"] == "alice" and "session" in client.cookies and len(client.cookies) == 1)
client.get("/who")
`)
			if got := header(tg.last(), "Cookie"); got != "session=alice" {
				t.Fatalf("user a sent %q", got)
			}
			b.mustRun(`client.get("/who")`)
			if got := header(tg.last(), "Cookie"); got != "" {
				t.Fatalf("user b got user a's cookie: %q", got)
			}
			a.mustRun(`
client.cookies["extra"] = "1"
client.cookies.set("other", "2")
check(sorted(client.cookies.keys()) == ["extra", "other", "session"], client.cookies.keys())
check(client.cookies.get_dict()["other"] == "2")
client.get("/who", cookies={"session": "override"})
`)
			if got := header(tg.last(), "Cookie"); got != "extra=1; other=2; session=override" && got != "session=override; extra=1; other=2" {
				t.Fatalf("merged cookies %q", got)
			}
			a.mustRun(`
client.cookies.clear()
check(len(client.cookies) == 0)
client.get("/who")
`)
			if got := header(tg.last(), "Cookie"); got != "" {
				t.Fatalf("cleared jar still sent %q", got)
			}
		})
	}
}
