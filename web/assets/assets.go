// Package assets embeds gust's built web UI into the binary and serves it.
//
// The front end lives in web/ui (Vite + TypeScript); `make build` runs
// `npm ci && npm run build` there, which writes the bundle to web/assets/dist
// before `go build` embeds it. A plain `go build` on a fresh clone embeds only
// the committed placeholder dist/.gitkeep: the binary still works, and the UI
// route answers with a short page explaining how to build the UI.
//
// The handler serves files relative to where it is mounted, so the API server
// can mount it under --web-base-path with http.StripPrefix; the page itself
// uses only relative URLs.
package assets

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// dist holds the Vite output. "all:" includes the dot-file placeholder, without
// which go:embed refuses a folder that has not been built.
//
//go:embed all:dist
var dist embed.FS

// IndexFile is the entry page of a real build; its presence is what tells a
// build from the placeholder.
const IndexFile = "index.html"

// FS returns the embedded build rooted at the dist folder.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path name, and "dist" is valid.
		panic(fmt.Sprintf("assets: sub dist: %v", err))
	}
	return sub
}

// Built reports whether the embedded files are a real UI build rather than
// the placeholder of a bare `go build`.
func Built() bool {
	return IsBuild(FS())
}

// IsBuild reports whether fsys holds a UI build (an index.html at its root).
func IsBuild(fsys fs.FS) bool {
	info, err := fs.Stat(fsys, IndexFile)
	return err == nil && info.Mode().IsRegular()
}

// Handler returns the handler that serves the embedded UI; see NewHandler.
func Handler() http.Handler {
	return NewHandler(FS())
}

// NewHandler returns a handler serving the UI build in fsys:
//
//   - "/" (and "/index.html") serve index.html, revalidated on every load
//     (Cache-Control: no-cache, with an ETag) so a new binary's UI shows up
//     at once;
//   - files under "assets/" carry a content hash in their names and are cached
//     for a year as immutable;
//   - directories are never listed, missing files are 404, methods other than
//     GET and HEAD are 405;
//   - a request for the mount point without its trailing slash ("/locust"
//     when mounted with http.StripPrefix("/locust", ...)) is redirected to
//     "/locust/", because the page's relative URLs need it.
//
// If fsys holds no build, "/" answers with a short HTML page that says the UI
// was not built and how to build it, and every other path is 404.
func NewHandler(fsys fs.FS) http.Handler {
	return &handler{fsys: fsys, built: IsBuild(fsys)}
}

type handler struct {
	fsys  fs.FS
	built bool
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == "" {
		redirectToSlash(w, r)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || name == IndexFile {
		name = IndexFile
		if !h.built {
			serveNotBuilt(w, r)
			return
		}
	}
	if !h.built || !fs.ValidPath(name) {
		http.NotFound(w, r)
		return
	}
	h.serveFile(w, r, name)
}

func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	info, err := fs.Stat(h.fsys, name)
	if err != nil || !info.Mode().IsRegular() {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			http.Error(w, fmt.Sprintf("read %s: %v", name, err), http.StatusInternalServerError)
			return
		}
		http.NotFound(w, r)
		return
	}
	data, err := fs.ReadFile(h.fsys, name)
	if err != nil {
		http.Error(w, fmt.Sprintf("read %s: %v", name, err), http.StatusInternalServerError)
		return
	}
	sum := sha256.Sum256(data)
	hdr := w.Header()
	hdr.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	hdr.Set("X-Content-Type-Options", "nosniff")
	if strings.HasPrefix(name, "assets/") {
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		hdr.Set("Cache-Control", "no-cache")
	}
	// ServeContent sets Content-Type from the extension and answers
	// If-None-Match with 304. Embedded files have no modification time.
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}

// redirectToSlash sends the browser from the mount point to the mount point
// with a trailing slash. The path comes from RequestURI because StripPrefix
// has already removed the prefix from r.URL.
func redirectToSlash(w http.ResponseWriter, r *http.Request) {
	target := r.RequestURI
	if target == "" {
		target = r.URL.RawPath
	}
	p, query, _ := strings.Cut(target, "?")
	if p == "" || strings.Contains(p, "://") || strings.HasPrefix(p, "//") {
		// Not an origin-form request path: serve a safe relative redirect.
		p = "./"
	} else {
		p += "/"
	}
	if query != "" {
		p += "?" + query
	}
	http.Redirect(w, r, p, http.StatusMovedPermanently)
}

// notBuiltPage is served at "/" by a binary built without the UI.
const notBuiltPage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>gust: web UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}code{background:#eee;padding:.1em .3em;border-radius:3px}</style>
</head>
<body>
<h1>The gust web UI was not built</h1>
<p>This gust binary was compiled without its web front end (a plain <code>go build</code>).
The HTTP API still works.</p>
<p>To include the UI, build gust from the repository root with <code>make build</code>,
which runs <code>npm ci &amp;&amp; npm run build</code> in <code>web/ui</code> (Node.js 20.19 or newer)
before <code>go build</code>.</p>
</body>
</html>
`

func serveNotBuilt(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/html; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write([]byte(notBuiltPage))
	}
}
