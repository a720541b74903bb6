package http

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// Expected values in this file come from CPython 3.11 with requests 2.34
// (requests.utils.requote_uri, urllib.parse.urlsplit and urlencode).

func TestRequoteURI(t *testing.T) {
	cases := map[string]string{
		"http://h/a b":                      "http://h/a%20b",
		"http://h/%41%2f%zz":                "http://h/%2541%252f%25zz",
		"http://h/é?q=ü#frag":               "http://h/%C3%A9?q=%C3%BC#frag",
		"http://h/~a_b.c-d!$&'()*+,;=:@":    "http://h/~a_b.c-d!$&'()*+,;=:@",
		"http://h/%":                        "http://h/%",
		"http://h/a%2":                      "http://h/a%2",
		"http://h/[x]{y}|\\^`\"<>":          "http://h/[x]%7By%7D%7C%5C%5E%60%22%3C%3E",
		"http://h/%7E%7e%20":                "http://h/~~%20",
		"http://h/x?a=1%202&b=%41%2F&c=a+b": "http://h/x?a=1%202&b=A%2F&c=a+b",
	}
	for in, want := range cases {
		if got := requoteURI(in); got != want {
			t.Errorf("requoteURI(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitURL(t *testing.T) {
	cases := []struct {
		in   string
		want urlParts
	}{
		{"http://u:p@h:80/p?q#f", urlParts{"http", "u:p@h:80", "/p", "q", "f", true}},
		{"HTTP://H/x", urlParts{"http", "H", "/x", "", "", false}},
		{"//h/x", urlParts{"", "h", "/x", "", "", false}},
		{"h:80/x", urlParts{"h", "", "80/x", "", "", false}},
		{"http:///x", urlParts{"http", "", "/x", "", "", false}},
		{"http://h", urlParts{"http", "h", "", "", "", false}},
		{"http://h?x", urlParts{"http", "h", "", "x", "", true}},
		{"http://[::1]:8080/x", urlParts{"http", "[::1]:8080", "/x", "", "", false}},
	}
	for _, c := range cases {
		if got := splitURL(c.in); got != c.want {
			t.Errorf("splitURL(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
}

func TestEncodeForm(t *testing.T) {
	th := &starlark.Thread{}
	pairs := starlark.NewList([]starlark.Value{
		starlark.Tuple{starlark.String("a b"), starlark.String("c&d")},
		starlark.Tuple{starlark.String("e"), starlark.String("~_.-*")},
	})
	got, err := encodeForm(th, pairs, true)
	if err != nil || got != "a+b=c%26d&e=~_.-%2A" {
		t.Fatalf("encodeForm = %q, %v", got, err)
	}
	d := starlark.NewDict(1)
	_ = d.SetKey(starlark.String("l"), starlark.NewList([]starlark.Value{starlark.MakeInt(1), starlark.MakeInt(2)}))
	if got, _ := encodeForm(th, d, false); got != "l=%5B1%2C+2%5D" {
		t.Fatalf("without doseq: %q", got)
	}
	if _, err := encodeForm(th, starlark.NewList([]starlark.Value{starlark.MakeInt(1)}), true); err == nil {
		t.Fatal("a list of non-pairs encoded")
	}
}

func TestJar(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var j jar
	j.extract("a=1", "shop.example.com", "/cart/items", now)
	j.extract("b=2; Domain=.example.com; Path=/", "shop.example.com", "/", now)
	j.extract("c=3; Secure", "shop.example.com", "/", now)
	j.extract("d=4; Domain=other.com", "shop.example.com", "/", now)
	j.extract("e=5; Max-Age=60", "shop.example.com", "/", now)
	j.extract(`q="quoted"`, "shop.example.com", "/", now)
	cases := []struct {
		host, path string
		https      bool
		when       time.Time
		want       string
	}{
		{"shop.example.com", "/cart/items", false, now, "a=1; b=2; e=5; q=\"quoted\""},
		{"shop.example.com", "/", true, now, "b=2; c=3; e=5; q=\"quoted\""},
		{"api.example.com", "/", false, now, "b=2"},
		{"example.org", "/", false, now, ""},
		{"shop.example.com", "/", false, now.Add(2 * time.Minute), "b=2; q=\"quoted\""},
	}
	for _, c := range cases {
		if got := j.header(c.host, c.path, c.https, nil, c.when); got != c.want {
			t.Errorf("%s%s https=%v: %q, want %q", c.host, c.path, c.https, got, c.want)
		}
	}
	j.extract("b=gone; Domain=example.com; Path=/; Max-Age=0", "shop.example.com", "/", now)
	if got := j.header("api.example.com", "/", false, nil, now); got != "" {
		t.Errorf("Max-Age=0 did not delete: %q", got)
	}
	extra := []*cookie{{name: "a", value: "override", path: "/"}}
	if got := j.header("shop.example.com", "/cart/items", false, extra, now); !strings.Contains(got, "a=override") || strings.Contains(got, "a=1") {
		t.Errorf("per-request cookie did not override: %q", got)
	}
}

func TestHeadersCopyOnWrite(t *testing.T) {
	h := newHeaders([]field{{"Accept", "*/*"}})
	sent := h.snapshot()
	if err := h.SetKey(starlark.String("accept"), starlark.String("text/html")); err != nil {
		t.Fatal(err)
	}
	if sent[0].value != "*/*" {
		t.Fatalf("a sent request's headers changed: %v", sent)
	}
	if v, _ := h.lookup("ACCEPT"); v != "text/html" {
		t.Fatalf("lookup %q", v)
	}
	if h.fields[0].name != "accept" {
		t.Fatalf("the name keeps the latest spelling: %q", h.fields[0].name)
	}
	if h.String() != "{'accept': 'text/html'}" {
		t.Fatalf("repr %s", h.String())
	}
	h.Freeze()
	if err := h.SetKey(starlark.String("x"), starlark.String("y")); err == nil {
		t.Fatal("frozen headers changed")
	}
}

func TestFastHeader(t *testing.T) {
	h := fastHeader("Content-Type\x00text/plain\x00Set-Cookie\x00a=1\x00Set-Cookie\x00b=2\x00")
	if v, ok := h.get("content-type"); !ok || v != "text/plain" {
		t.Fatalf("get %q %v", v, ok)
	}
	if all := h.all("set-cookie"); len(all) != 2 || all[1] != "b=2" {
		t.Fatalf("all %v", all)
	}
	fs := h.fields()
	if len(fs) != 2 || fs[1].value != "a=1, b=2" {
		t.Fatalf("fields %v", fs)
	}
}

func TestDecodeText(t *testing.T) {
	cases := []struct{ body, enc, want string }{
		{"caf\xe9", "ISO-8859-1", "café"},
		{"caf\xe9", "", "caf\ufffd"},
		{"café", "utf-8", "café"},
		{"caf\xc3\xa9", "latin-1", "cafÃ©"},
		{"a\xffb", "ascii", "a\ufffdb"},
	}
	for _, c := range cases {
		if got := decodeText(c.body, c.enc); got != c.want {
			t.Errorf("decodeText(%q, %q) = %q, want %q", c.body, c.enc, got, c.want)
		}
	}
}

func TestElapsed(t *testing.T) {
	e := elapsedValue(90061*time.Second + 5*time.Microsecond)
	if e.String() != "25:01:01.000005" || e.PyRepr() != "datetime.timedelta(days=1, seconds=3661, microseconds=5)" {
		t.Fatalf("%s / %s", e.String(), e.PyRepr())
	}
	if elapsedValue(0).PyRepr() != "datetime.timedelta(0)" {
		t.Fatal(elapsedValue(0).PyRepr())
	}
}

func FuzzRequoteURI(f *testing.F) {
	for _, s := range []string{"http://h/a b", "%zz", "%", "%41%2F", "é?#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := requoteURI(s)
		for i := 0; i < len(out); i++ {
			if c := out[i]; c <= ' ' || c >= 0x7f {
				t.Fatalf("requoteURI(%q) = %q keeps byte %#x", s, out, c)
			}
		}
		// Python's requote_uri is idempotent only without '%' in the input
		// ("%%700" -> "%p0" -> "%25p0" there too).
		if again := requoteURI(out); again != out && !strings.Contains(s, "%") {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, out, again)
		}
	})
}

func FuzzSplitURL(f *testing.F) {
	for _, s := range []string{"http://u:p@h:80/p?q#f", "//h", "h:1", "?#", "[::1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p := splitURL(s)
		if strings.ContainsAny(p.netloc, "/?#") || strings.Contains(p.path, "?") || strings.Contains(p.path, "#") {
			t.Fatalf("splitURL(%q) = %+v", s, p)
		}
		var c targetCache
		_ = c.parse(NewExceptions(), s, p.scheme, p.netloc)
	})
}

func FuzzJar(f *testing.F) {
	f.Add("a=1; Domain=.example.com; Path=/x; Max-Age=10; Secure", "shop.example.com", "/x/y")
	f.Add(`b="q"; Expires=Wed, 21 Oct 2015 07:28:00 GMT`, "h", "")
	f.Fuzz(func(t *testing.T, line, host, path string) {
		var j jar
		now := time.Unix(1_700_000_000, 0)
		j.extract(line, host, path, now)
		hdr := j.header(host, path, true, nil, now)
		if strings.ContainsAny(hdr, "\r\n") {
			t.Fatalf("cookie header with a line break: %q", hdr)
		}
	})
}

func FuzzDecodeText(f *testing.F) {
	f.Add("caf\xe9", "latin-1")
	f.Add("\xff\xfe", "")
	f.Fuzz(func(t *testing.T, body, enc string) {
		if out := decodeText(body, enc); !utf8.ValidString(out) {
			t.Fatalf("decodeText(%q, %q) is not valid UTF-8", body, enc)
		}
	})
}
