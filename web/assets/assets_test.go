package assets

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

const testIndex = `<!doctype html><html><head>` +
	`<script type="module" crossorigin src="./assets/index-abc123.js"></script>` +
	`<link rel="stylesheet" crossorigin href="./assets/index-def456.css"></head><body></body></html>`

func builtFS() fstest.MapFS {
	return fstest.MapFS{
		".gitkeep":                {Data: nil},
		"index.html":              {Data: []byte(testIndex)},
		"assets/index-abc123.js":  {Data: []byte("console.log('gust')")},
		"assets/index-def456.css": {Data: []byte("body{}")},
		"robots.txt":              {Data: []byte("User-agent: *\n")},
	}
}

func placeholderFS() fstest.MapFS {
	return fstest.MapFS{".gitkeep": {Data: nil}}
}

type want struct {
	status      int
	contentType string // prefix
	cache       string
	body        string // substring
	location    string
}

func do(t *testing.T, h http.Handler, method, target string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func check(t *testing.T, res *http.Response, w want) {
	t.Helper()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if res.StatusCode != w.status {
		t.Errorf("status = %d, want %d (body %q)", res.StatusCode, w.status, body)
	}
	if ct := res.Header.Get("Content-Type"); w.contentType != "" && !strings.HasPrefix(ct, w.contentType) {
		t.Errorf("Content-Type = %q, want prefix %q", ct, w.contentType)
	}
	if cc := res.Header.Get("Cache-Control"); w.cache != "" && cc != w.cache {
		t.Errorf("Cache-Control = %q, want %q", cc, w.cache)
	}
	if w.body != "" && !strings.Contains(string(body), w.body) {
		t.Errorf("body %q does not contain %q", body, w.body)
	}
	if loc := res.Header.Get("Location"); loc != w.location {
		t.Errorf("Location = %q, want %q", loc, w.location)
	}
}

func TestIsBuild(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		fsys fs.FS
		want bool
	}{
		{"build", builtFS(), true},
		{"placeholder", placeholderFS(), false},
		{"empty", fstest.MapFS{}, false},
		{"index is a directory", fstest.MapFS{"index.html/x": {Data: []byte("x")}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := IsBuild(tt.fsys); got != tt.want {
				t.Errorf("IsBuild = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHandlerBuilt(t *testing.T) {
	t.Parallel()
	h := NewHandler(builtFS())
	immutable := "public, max-age=31536000, immutable"
	tests := []struct {
		method, target string
		want           want
	}{
		{"GET", "/", want{status: 200, contentType: "text/html", cache: "no-cache", body: `src="./assets/index-abc123.js"`}},
		{"GET", "/index.html", want{status: 200, contentType: "text/html", cache: "no-cache", body: "<!doctype html>"}},
		{"HEAD", "/", want{status: 200, contentType: "text/html", cache: "no-cache"}},
		{"GET", "/assets/index-abc123.js", want{status: 200, contentType: "text/javascript", cache: immutable, body: "gust"}},
		{"GET", "/assets/index-def456.css", want{status: 200, contentType: "text/css", cache: immutable, body: "body{}"}},
		{"GET", "/robots.txt", want{status: 200, contentType: "text/plain", cache: "no-cache"}},
		{"GET", "/assets/../index.html", want{status: 200, contentType: "text/html", body: "<!doctype html>"}},
		{"GET", "/assets/", want{status: 404}},
		{"GET", "/assets", want{status: 404}},
		{"GET", "/missing.js", want{status: 404}},
		{"POST", "/", want{status: 405}},
		{"DELETE", "/assets/index-abc123.js", want{status: 405}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			t.Parallel()
			check(t, do(t, h, tt.method, tt.target), tt.want)
		})
	}
}

func TestHandlerETag(t *testing.T) {
	t.Parallel()
	h := NewHandler(builtFS())
	first := do(t, h, "GET", "/")
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on index.html")
	}
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("revalidation status = %d, want 304", rec.Code)
	}
}

func TestHandlerPlaceholder(t *testing.T) {
	t.Parallel()
	h := NewHandler(placeholderFS())
	tests := []struct {
		method, target string
		want           want
	}{
		{"GET", "/", want{status: 200, contentType: "text/html", cache: "no-store", body: "make build"}},
		{"GET", "/index.html", want{status: 200, contentType: "text/html", body: "was not built"}},
		{"HEAD", "/", want{status: 200, contentType: "text/html"}},
		{"GET", "/.gitkeep", want{status: 404}},
		{"GET", "/assets/index.js", want{status: 404}},
		{"POST", "/", want{status: 405}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.target, func(t *testing.T) {
			t.Parallel()
			check(t, do(t, h, tt.method, tt.target), tt.want)
		})
	}
}

func TestHandlerUnderPrefix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		fsys fs.FS
		body string
	}{
		{"built", builtFS(), "./assets/index-abc123.js"},
		{"placeholder", placeholderFS(), "make build"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			mux := http.NewServeMux()
			mux.Handle("/locust/", http.StripPrefix("/locust", NewHandler(tc.fsys)))
			mux.Handle("/locust", http.StripPrefix("/locust", NewHandler(tc.fsys)))
			check(t, do(t, mux, "GET", "/locust"), want{status: 301, location: "/locust/"})
			check(t, do(t, mux, "GET", "/locust?tab=1"), want{status: 301, location: "/locust/?tab=1"})
			check(t, do(t, mux, "GET", "/locust/"), want{status: 200, contentType: "text/html", body: tc.body})
		})
	}
}

// TestEmbedded checks the files this binary actually carries: the placeholder
// is always there (go:embed needs "all:" for it), and a real build is a
// self-contained page whose assets are all embedded and referenced relatively.
func TestEmbedded(t *testing.T) {
	t.Parallel()
	fsys := FS()
	if _, err := fs.Stat(fsys, ".gitkeep"); err != nil {
		t.Fatalf("embedded dist lacks the placeholder: %v", err)
	}
	if Built() != IsBuild(fsys) {
		t.Fatal("Built disagrees with IsBuild(FS())")
	}
	h := Handler()
	res := do(t, h, "GET", "/")
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	if res.StatusCode != 200 {
		t.Fatalf("GET / = %d", res.StatusCode)
	}
	if !Built() {
		if !strings.Contains(string(body), "make build") {
			t.Errorf("placeholder page does not explain how to build: %s", body)
		}
		t.Skip("no UI build embedded (run `make build`); checked the placeholder page only")
	}
	page := string(body)
	for _, m := range regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		if ref := m[1]; !strings.HasPrefix(ref, "./") && !strings.HasPrefix(ref, "data:") {
			t.Errorf("index.html references %q; want a relative ./ URL (works under --web-base-path, no CDN)", ref)
		}
	}
	assetRefs := regexp.MustCompile(`<(?:script|link)[^>]* (?:src|href)="\./([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(assetRefs) == 0 {
		t.Fatal("index.html loads no script or stylesheet")
	}
	for _, m := range assetRefs {
		if r := do(t, h, "GET", "/"+m[1]); r.StatusCode != 200 {
			t.Errorf("asset %s referenced by index.html: status %d", m[1], r.StatusCode)
		}
	}
}

// FuzzHandlerPath checks that no request path makes the handler panic, serve
// something outside the build, or list a directory.
func FuzzHandlerPath(f *testing.F) {
	for _, s := range []string{"/", "/index.html", "/assets/index-abc123.js", "/../../etc/passwd", "/assets/", "//x", "/%2e%2e/", "/a\x00b"} {
		f.Add(s)
	}
	h := NewHandler(builtFS())
	allowed := map[string]bool{}
	for _, file := range builtFS() {
		allowed[string(file.Data)] = true
	}
	f.Fuzz(func(t *testing.T, p string) {
		req := httptest.NewRequest("GET", "/", nil)
		req.URL.Path = p
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code == http.StatusOK && !allowed[rec.Body.String()] {
			t.Errorf("path %q served unexpected content %q", p, rec.Body.String())
		}
	})
}
