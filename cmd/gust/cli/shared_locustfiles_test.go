package cli

// End-to-end tests for the locustfiles in ../shared/locustfiles that the
// seed tests (e2e_test.go) and compat_test.go do not cover: each runs the
// file, unchanged, against the demo shop and checks what its header comment
// promises. Think times run on a scaled clock; assertions are counts and
// ratios, never durations.

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gust-load/gust/examples/shop/shopserver"
	"github.com/gust-load/gust/runtime/clock"
)

// sharedLocustfiles finds ../shared/locustfiles beside the repository (as
// CI lays it out) or at /work/shared. Without it the tests skip, except in
// CI, where its absence is a failure.
func sharedLocustfiles(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{
		os.Getenv("GUST_SHARED_LOCUSTFILES"),
		filepath.Join("..", "..", "..", "..", "shared", "locustfiles"),
		"/work/shared/locustfiles",
	} {
		if dir == "" {
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, "README.md")); err == nil && !fi.IsDir() {
			return dir
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("the shared locustfiles (../shared/locustfiles beside the repository) are missing in CI")
	}
	t.Skip("the shared locustfiles (../shared/locustfiles beside the repository) are not here; set GUST_SHARED_LOCUSTFILES to run these tests")
	return ""
}

// copyShared copies files or folders (relative to the shared locustfiles)
// into a fresh directory, which it returns. The shared folder is never
// written.
func copyShared(t *testing.T, names ...string) string {
	t.Helper()
	src := sharedLocustfiles(t)
	dst := t.TempDir()
	for _, n := range names {
		err := filepath.WalkDir(filepath.Join(src, n), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, err := filepath.Rel(src, p)
			if err != nil {
				return err
			}
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// served is one request the recording target answered.
type served struct {
	method, path, query string
	header              http.Header
	body                []byte
	status              int
}

// recTarget is the demo shop behind a recorder that keeps every request
// with its headers, body and answer status; override, when set, may answer
// a request instead of the shop.
type recTarget struct {
	URL      string
	mu       sync.Mutex
	reqs     []served
	active   int        // handlers still running
	idle     *sync.Cond // signalled when active drops to 0; uses mu
	override func(n int, w http.ResponseWriter, r *http.Request) bool
}

func newRecTarget(t *testing.T, override func(n int, w http.ResponseWriter, r *http.Request) bool) *recTarget {
	t.Helper()
	shop, err := shopserver.New(shopserver.Options{NoBaseLatency: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tg := &recTarget{override: override}
	tg.idle = sync.NewCond(&tg.mu)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		tg.mu.Lock()
		n := len(tg.reqs)
		tg.reqs = append(tg.reqs, served{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone(), body: body})
		tg.active++
		tg.mu.Unlock()
		if tg.override == nil || !tg.override(n, sw, r) {
			shop.ServeHTTP(sw, r)
		}
		tg.mu.Lock()
		tg.reqs[n].status = sw.status
		if tg.active--; tg.active == 0 {
			tg.idle.Broadcast()
		}
		tg.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	tg.URL = srv.URL
	return tg
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// all returns the requests matching "METHOD /path" (or every request),
// once the handlers still running have answered: a request a killed user
// left in flight may still be in the shop when gust has exited.
func (tg *recTarget) all(key string) []served {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	deadline := time.AfterFunc(10*time.Second, func() {
		tg.mu.Lock()
		tg.idle.Broadcast() // give up waiting; the caller sees status 0
		tg.mu.Unlock()
	})
	defer deadline.Stop()
	start := time.Now()
	for tg.active > 0 && time.Since(start) < 10*time.Second {
		tg.idle.Wait()
	}
	var out []served
	for _, s := range tg.reqs {
		if key == "" || s.method+" "+s.path == key {
			out = append(out, s)
		}
	}
	return out
}

// count counts requests by "METHOD /path".
func (tg *recTarget) count(key string) int64 { return int64(len(tg.all(key))) }

// stats reads a --csv stats file into rows keyed by "Type Name".
func statsRows(t *testing.T, dir, prefix string) map[string][]string {
	t.Helper()
	rows := readCSV(t, filepath.Join(dir, prefix+"_stats.csv"))
	out := map[string][]string{}
	for _, r := range rows[1:] {
		out[r[0]+" "+r[1]] = r
	}
	return out
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSharedCatchResponse: catch_response.py marks GET /api/v1/products
// failed when the body is not JSON, lacks "items", has no items or took
// longer than 0.5 s, and marks the 404 of GET /missing a success.
func TestSharedCatchResponse(t *testing.T) {
	var mu sync.Mutex
	kinds := map[string]int64{}
	k := 0
	tg := newRecTarget(t, func(_ int, w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Path != "/api/v1/products" {
			return false
		}
		mu.Lock()
		k++
		kind := []string{"ok", "not json", "no items", "empty", "ok", "ok", "ok", "ok", "ok", "slow"}[k%10]
		kinds[kind]++
		mu.Unlock()
		switch kind {
		case "not json":
			io.WriteString(w, "<html>maintenance</html>")
		case "no items":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"page": 1}`)
		case "empty":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"items": [], "page": 1}`)
		case "slow":
			time.Sleep(600 * time.Millisecond)
			return false
		default:
			return false
		}
		return true
	})
	dir := copyShared(t, "catch_response.py")
	const users = 4
	r := runGust(t, dir, clock.NewScaled(10), "-f", "catch_response.py", "--host", tg.URL, "--headless",
		"-u", strconv.Itoa(users), "-r", "100", "-t", "20s", "--csv", "out/run", "--only-summary")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1 (the script marked failures)\n%s", r.code, r.stderr)
	}
	rows := statsRows(t, dir, "out/run")
	products := rows["GET /api/v1/products?page=1&limit=20"]
	missing := rows["GET /missing (404 expected)"]
	if products == nil || missing == nil {
		t.Fatalf("stats rows %v", rows)
	}
	mu.Lock()
	served := map[string]int64{"Response could not be decoded as JSON": kinds["not json"],
		"Response did not contain expected key 'items'": kinds["no items"], "empty product page": kinds["empty"], "too slow": kinds["slow"]}
	total, bad := int64(0), int64(0)
	for kind, n := range kinds {
		total += n
		if kind != "ok" {
			bad += n
		}
	}
	mu.Unlock()
	if kinds["not json"] == 0 || kinds["slow"] == 0 {
		t.Fatalf("too few requests to exercise every failure: %v", kinds)
	}
	// Requests still in flight when the run stops (one per user at most)
	// are not recorded, as in Locust.
	if n, f := atoi(t, products[2]), atoi(t, products[3]); n > total || n < total-users || f > bad || f < bad-users {
		t.Errorf("products: %d requests, %d failures; the server answered %d, %d of them badly (%v)", n, f, total, bad, kinds)
	}
	if n, served := atoi(t, missing[2]), tg.count("GET /missing"); missing[3] != "0" || n == 0 || n > served || n < served-users {
		t.Errorf("GET /missing row %q: the 404s must be successes", missing)
	}
	got := map[string]int64{}
	for _, f := range readCSV(t, filepath.Join(dir, "out", "run_failures.csv"))[1:] {
		msg := catchMessage(f[2])
		if strings.HasPrefix(msg, "too slow: 0.6") && strings.HasSuffix(msg, "s") {
			msg = "too slow"
		}
		if f[0] != "GET" || f[1] != "/api/v1/products?page=1&limit=20" {
			t.Errorf("failure row %q", f)
		}
		got[msg] += atoi(t, f[3])
	}
	var missed int64
	for m, n := range served {
		if got[m] > n || got[m] == 0 {
			t.Errorf("failure %q counted %d times, the server sent %d such answers (failures %v)", m, got[m], n, got)
		}
		missed += n - got[m]
	}
	if missed > users || len(got) != len(served) {
		t.Errorf("failures %v, the server sent %v", got, served)
	}
}

// catchMessage unwraps the repr Locust's failures CSV gives a
// CatchResponseError: CatchResponseError('msg') -> msg.
func catchMessage(s string) string {
	inner, ok := strings.CutPrefix(s, "CatchResponseError(")
	if !ok || len(inner) < 3 {
		return s
	}
	inner = strings.TrimSuffix(inner, ")")
	q := inner[0]
	return strings.ReplaceAll(strings.Trim(inner, string(q)), `\'`, "'")
}

// TestSharedDataDriven: data_driven.py hands each user its own account
// from data/users.csv; users beyond the 50 accounts stop themselves.
func TestSharedDataDriven(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "data_driven.py", "data")
	r := runGust(t, dir, clock.NewScaled(50), "-f", "data_driven.py", "--host", tg.URL, "--headless",
		"-u", "53", "-r", "500", "-t", "20s", "--csv", "out/run", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	accounts := readCSV(t, filepath.Join(dir, "data", "users.csv"))[1:]
	seen := map[string]bool{}
	for _, s := range tg.all("POST /api/auth/login") {
		var cred struct{ Email, Password string }
		if err := json.Unmarshal(s.body, &cred); err != nil {
			t.Fatalf("login body %q: %v", s.body, err)
		}
		if seen[cred.Email] {
			t.Errorf("account %s used twice", cred.Email)
		}
		seen[cred.Email] = true
	}
	if len(seen) != len(accounts) {
		t.Errorf("%d distinct logins for %d accounts and 53 users", len(seen), len(accounts))
	}
	for _, a := range accounts {
		if !seen[a[0]] {
			t.Errorf("account %s never logged in", a[0])
		}
	}
	searches := tg.all("GET /api/v1/products")
	if len(searches) < 150 {
		t.Fatalf("only %d searches", len(searches))
	}
	terms := map[string]int{}
	for _, s := range searches {
		terms[s.query]++
	}
	if len(terms) != 3 || terms["q=laptop"] == 0 || terms["q=phone"] == 0 || terms["q=camera"] == 0 {
		t.Errorf("search terms %v, want the first three of search_terms.json", terms)
	}
	if rows := readCSV(t, filepath.Join(dir, "out", "run_exceptions.csv")); len(rows) != 1 {
		t.Errorf("StopUser must not count as an exception: %v", rows)
	}
	if _, ok := statsRows(t, dir, "out/run")["GET /api/v1/products?q=[term]"]; !ok {
		t.Error("name= of the search request is not in the stats")
	}
}

// TestSharedEventsHooks: events_hooks.py prints "test starting" once with
// the host, "test stopped: N requests" with the count its request listener
// saw, which is every request.
func TestSharedEventsHooks(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "events_hooks.py")
	r := runGust(t, dir, clock.NewScaled(50), "-f", "events_hooks.py", "--host", tg.URL, "--headless",
		"-u", "3", "-r", "100", "-t", "20s", "--csv", "out/run", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if n := strings.Count(r.stdout, "test starting against "+tg.URL+"\n"); n != 1 {
		t.Errorf("'test starting' printed %d times:\n%s", n, r.stdout)
	}
	m := regexp.MustCompile(`test stopped: (\d+) requests, (\d+) failed\n`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("no 'test stopped' line:\n%s", r.stdout)
	}
	// The listener sees exactly what the statistics record; the server may
	// also have answered requests still in flight when users stopped (at
	// most one per user), which Locust does not record either.
	index := statsRows(t, dir, "out/run")["GET /"]
	if index == nil {
		t.Fatal("no GET / row in the stats")
	}
	recorded, served := atoi(t, index[2]), tg.count("GET /")
	if got := atoi(t, m[1]); got != recorded || recorded < 100 || served < recorded || served > recorded+3 || m[2] != "0" {
		t.Errorf("listener counted %s requests (%s failed); the stats recorded %d, the server answered %d", m[1], m[2], recorded, served)
	}
	if !strings.HasSuffix(strings.TrimSpace(r.stdout), m[0][:len(m[0])-1]) {
		t.Errorf("'test stopped' must come last:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "root: locustfile initialised") {
		t.Errorf("the init listener's log line is missing:\n%s", r.stderr)
	}
}

// TestSharedFixedCount: fixed_count.py with -u 12 runs exactly 2
// Coordinators, 8 Readers and 2 Writers.
func TestSharedFixedCount(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "fixed_count.py")
	r := runGust(t, dir, clock.NewScaled(50), "-f", "fixed_count.py", "--host", tg.URL, "--headless",
		"-u", "12", "-r", "100", "-t", "60s", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	m := regexp.MustCompile(`All users spawned: (\{.*\}) \(12 total users\)`).FindStringSubmatch(r.stderr)
	if m == nil {
		t.Fatalf("no 'All users spawned' line:\n%s", r.stderr)
	}
	var split map[string]int
	if err := json.Unmarshal([]byte(m[1]), &split); err != nil {
		t.Fatal(err)
	}
	if split["Coordinator"] != 2 || split["Reader"] != 8 || split["Writer"] != 2 || len(split) != 3 {
		t.Errorf("users %v, want Coordinator 2, Reader 8, Writer 2", split)
	}
	status, reads, writes := tg.count("GET /status"), tg.count("GET /products"), tg.count("POST /api/orders")
	n := status + reads + writes
	if n < 300 {
		t.Fatalf("only %d requests", n)
	}
	within(t, "Coordinator requests", status, n, 2.0/12)
	within(t, "Reader requests", reads, n, 8.0/12)
	within(t, "Writer requests", writes, n, 2.0/12)
}

// TestSharedHelpersAndStdlib: helpers_and_stdlib.py's standard-module
// helpers produce what CPython would: a Basic credential of
// "user.<8 chars>@example.com:secret", a sha256 of json.dumps(body,
// sort_keys=True), a uuid4 request id, a delivery date three days ahead;
// paginate (three pages) runs three times as often as create_order.
func TestSharedHelpersAndStdlib(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "helpers_and_stdlib.py")
	start := time.Now()
	r := runGust(t, dir, clock.NewScaled(50), "-f", "helpers_and_stdlib.py", "--host", tg.URL, "--headless",
		"-u", "4", "-r", "100", "-t", "60s", "--csv", "out/run", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	// Requests take real time, so a busy machine makes fewer of them in
	// the 1.2 s this run lasts; the share check below scales its
	// tolerance to the count.
	pages, orders := tg.all("GET /api/v1/products"), tg.all("POST /api/orders")
	if len(pages) < 150 || len(orders) < 10 {
		t.Fatalf("only %d page and %d order requests", len(pages), len(orders))
	}
	perPage := map[string]int{}
	for _, p := range pages {
		perPage[p.query]++
	}
	// Each paginate task asks for pages 1, 2, 3 in turn (a task may be cut
	// short by the end of the run, one per user).
	if len(perPage) != 3 || perPage["page=1&limit=20"]-perPage["page=3&limit=20"] > 4 || perPage["page=2&limit=20"] > perPage["page=1&limit=20"] {
		t.Errorf("page requests %v, want pages 1-3 in equal numbers", perPage)
	}
	within(t, "create_order share of tasks", int64(len(orders)), int64(len(orders)+len(pages)/3), 1.0/4)
	email := regexp.MustCompile(`^user\.[a-z0-9]{8}@example\.com:secret$`)
	uuid4 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	for _, o := range orders[:min(len(orders), 20)] {
		cred, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(o.header.Get("Authorization"), "Basic "))
		if err != nil || !email.Match(cred) {
			t.Errorf("Authorization %q decodes to %q", o.header.Get("Authorization"), cred)
		}
		if o.header.Get("X-Api-Key") != "dev-key" || o.header.Get("X-Trace") != "on" || !uuid4.MatchString(o.header.Get("X-Request-Id")) {
			t.Errorf("headers %v", o.header)
		}
		var body map[string]any
		if err := json.Unmarshal(o.body, &body); err != nil {
			t.Fatalf("order body %q: %v", o.body, err)
		}
		sum := sha256.Sum256([]byte(pyDumpsSorted(t, body)))
		if o.header.Get("X-Signature") != hex.EncodeToString(sum[:]) {
			t.Errorf("X-Signature %s is not sha256(json.dumps(%s, sort_keys=True))", o.header.Get("X-Signature"), o.body)
		}
		due, err := time.ParseInLocation("2006-01-02", body["deliverBy"].(string), time.Local)
		if err != nil || due.Before(start.AddDate(0, 0, 2)) || due.After(time.Now().AddDate(0, 0, 4)) {
			t.Errorf("deliverBy %v is not three days ahead", body["deliverBy"])
		}
		if !uuid4.MatchString(body["orderId"].(string)) {
			t.Errorf("orderId %v", body["orderId"])
		}
	}
	rows := statsRows(t, dir, "out/run")
	if _, ok := rows["GET /api/v1/products?page=[n]"]; !ok {
		t.Errorf("the name= of the page requests is missing: %v", rows)
	}
}

// pyDumpsSorted is what CPython's json.dumps(v, sort_keys=True) prints
// for the flat order body: ", " and ": " separators, floats as repr.
func pyDumpsSorted(t *testing.T, body map[string]any) string {
	t.Helper()
	keys := make([]string, 0, len(body))
	for k := range body {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteString(": ")
		switch v := body[k].(type) {
		case string:
			vb, _ := json.Marshal(v)
			b.Write(vb)
		case float64:
			s := strconv.FormatFloat(v, 'f', -1, 64)
			if !strings.Contains(s, ".") {
				s += ".0"
			}
			b.WriteString(s)
		default:
			t.Fatalf("unexpected %T in the order body", v)
		}
	}
	b.WriteString("}")
	return b.String()
}
