package shopserver

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// routes registers every endpoint with its latency. Patterns carry their method, and the
// catch-all "/" answers everything else, including a known path with the wrong method, with 404
// (ServeMux would say 405 without it; the shop's contract is 404 for anything it does not serve).
func (s *Server) routes() {
	for _, r := range []struct {
		pattern string
		lat     latency
		h       http.HandlerFunc
	}{
		{"GET /{$}", latPage, s.home},
		{"GET /products", latQuery, s.products},
		{"GET /products/{id}", latQuery, s.product},
		{"GET /category/{name}", latQuery, s.category},
		{"GET /forum", latPage, forum},
		{"GET /forum/thread/{n}", latPage, thread},
		{"GET /status", latFast, s.status},
		{"GET /bye", latFast, bye},
		{"GET /slow", latNone, slow},
		{"GET /flaky", latPage, s.flaky},
		{"POST /echo", latFast, echo},

		{"POST /api/auth/login", latWrite, s.login},
		{"POST /api/auth/logout", latFast, logout},
		{"GET /api/me", latFast, s.me},
		{"GET /api/v1/products", latQuery, s.searchProducts},
		{"POST /api/v1/cart/items", latWrite, addCartItem},
		{"PUT /api/v1/cart/items", latWrite, updateCartItem},
		{"POST /api/wishlist", latWrite, wishlist},
		{"POST /api/cart", latWrite, s.newCart},
		{"GET /api/cart/{id}", latQuery, s.cart},
		{"POST /api/orders", latCheckout, s.order},

		{"POST /admin/login", latWrite, adminLogin},
		{"POST /admin/logout", latFast, adminLogout},
		{"GET /admin/dashboard", latPage, s.dashboard},
		{"GET /admin/users", latQuery, adminUsers},
		{"GET /admin/reports/export", latReport, exportReport},

		{"/", latFast, notFound},
	} {
		s.mux.Handle(r.pattern, s.shop(r.lat, r.h))
	}
	// The control endpoints answer at once and never fail: they are for tests, not for load.
	s.mux.HandleFunc("GET /_/requests", s.getCounts)
	s.mux.HandleFunc("DELETE /_/requests", s.deleteCounts)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	fail(w, http.StatusNotFound, "not found: "+r.Method+" "+r.URL.Path)
}

func (s *Server) getCounts(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Counts())
}

// deleteCounts resets the counts and answers with the ones it replaced, so a test can read and
// reset in one step without losing requests in between.
func (s *Server) deleteCounts(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.ResetCounts())
}

const homePage = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>gust demo shop</title></head>
<body>
<h1>gust demo shop</h1>
<p>A small shop to point load tests at.</p>
<ul>
<li><a href="/products">Products</a></li>
<li><a href="/category/electronics">Electronics</a></li>
<li><a href="/forum">Forum</a></li>
<li><a href="/status">Status</a></li>
</ul>
</body>
</html>
`

func (s *Server) home(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, typeHTML, []byte(homePage))
}

func (s *Server) products(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, typeJSON, s.catalog.listing)
}

func (s *Server) product(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	if !validID(id) {
		notFound(w, r)
		return
	}
	writeJSON(w, http.StatusOK, s.catalog.lookup(id))
}

// category answers 200 for any name: an unknown category is simply empty.
func (s *Server) category(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if body, ok := s.catalog.category[strings.ToLower(name)]; ok {
		write(w, http.StatusOK, typeJSON, body)
		return
	}
	writeJSON(w, http.StatusOK, categoryPage{Category: name, Items: []product{}})
}

// forumThreads is how many threads the forum lists.
const forumThreads = 20

func forum(w http.ResponseWriter, _ *http.Request) {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Forum</title></head>\n<body>\n<h1>Forum</h1>\n<ul>\n")
	for n := 1; n <= forumThreads; n++ {
		fmt.Fprintf(&b, "<li><a href=\"/forum/thread/%d\">Thread %d</a></li>\n", n, n)
	}
	b.WriteString("</ul>\n</body>\n</html>\n")
	write(w, http.StatusOK, typeHTML, []byte(b.String()))
}

func thread(w http.ResponseWriter, r *http.Request) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 {
		notFound(w, r)
		return
	}
	body := fmt.Sprintf("<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Thread %d</title></head>\n"+
		"<body>\n<h1>Thread %d</h1>\n<p>First post.</p>\n<p>A reply.</p>\n<a href=\"/forum\">Back to the forum</a>\n</body>\n</html>\n", n, n)
	write(w, http.StatusOK, typeHTML, []byte(body))
}

// statusReport is the body of GET /status.
type statusReport struct {
	Status        string  `json:"status"`
	UptimeSeconds float64 `json:"uptimeSeconds"`
}

func (s *Server) status(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, statusReport{Status: "ok", UptimeSeconds: time.Since(s.started).Seconds()})
}

func bye(w http.ResponseWriter, _ *http.Request) {
	write(w, http.StatusOK, typeText, []byte("bye\n"))
}

// defaultSlow is how long /slow waits without ?ms=.
const defaultSlow = time.Second

// slowReport is the body of GET /slow.
type slowReport struct {
	SleptMs int64 `json:"sleptMs"`
}

// slow waits ?ms=N milliseconds (0 to MaxSlow) on top of the configured latency.
func slow(w http.ResponseWriter, r *http.Request) {
	d := defaultSlow
	if raw := r.URL.Query().Get("ms"); raw != "" {
		ms, err := parseIntIn(raw, 0, int(MaxSlow/time.Millisecond))
		if err != nil {
			fail(w, http.StatusBadRequest, "query parameter ms: "+err.Error())
			return
		}
		d = time.Duration(ms) * time.Millisecond
	}
	if !sleep(r.Context(), d) {
		interrupted(w)
		return
	}
	writeJSON(w, http.StatusOK, slowReport{SleptMs: d.Milliseconds()})
}

// flakyRate is the share of /flaky requests that fail.
const flakyRate = 0.2

// flaky fails about one request in five; which ones is fixed by Options.Seed (see chance).
func (s *Server) flaky(w http.ResponseWriter, _ *http.Request) {
	if chance(s.opts.Seed, saltFlaky, s.flakySeq.Add(1), flakyRate) {
		fail(w, http.StatusInternalServerError, "flaky failure")
		return
	}
	writeJSON(w, http.StatusOK, statusBody{Status: "ok"})
}

// echo sends the body back with the request's Content-Type (octet-stream when it had none).
func echo(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	write(w, http.StatusOK, ct, body)
}
