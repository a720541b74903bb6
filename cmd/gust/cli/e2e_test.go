package cli

import (
	"bytes"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gust-load/gust/examples/shop/shopserver"
	"github.com/gust-load/gust/runtime/clock"
)

// target is the demo shop behind a recorder of the request sequence, so
// tests can check both the mix (Counts) and the order of requests.
type target struct {
	URL  string
	shop *shopserver.Server
	mu   sync.Mutex
	seq  []string
}

func newTarget(t *testing.T) *target {
	t.Helper()
	shop, err := shopserver.New(shopserver.Options{NoBaseLatency: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	tg := &target{shop: shop}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tg.mu.Lock()
		tg.seq = append(tg.seq, r.Method+" "+r.URL.Path)
		tg.mu.Unlock()
		shop.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	tg.URL = srv.URL
	return tg
}

func (tg *target) counts() map[string]int64 { return tg.shop.Counts() }

func (tg *target) sequence() []string {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	return append([]string(nil), tg.seq...)
}

// gustRun is one in-process run of the CLI.
type gustRun struct {
	code           int
	stdout, stderr string
	dir            string
}

// runGust runs the CLI in-process in dir with the given clock.
func runGust(t *testing.T, dir string, clk clock.Clock, args ...string) gustRun {
	t.Helper()
	var stdout, stderr bytes.Buffer
	st := &State{
		Args: args, Stdout: &stdout, Stderr: &stderr, Cwd: dir, Home: dir, Hostname: "test",
		Getenv: func(string) (string, bool) { return "", false }, Environ: func() []string { return nil },
		Clock: clk, Signals: make(chan os.Signal),
	}
	code := Main(st)
	return gustRun{code: code, stdout: stdout.String(), stderr: stderr.String(), dir: dir}
}

// seed copies a repository example into a fresh directory and returns the
// directory.
func seed(t *testing.T, files ...string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		src := filepath.Join("..", "..", "..", f)
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// within checks an observed count against an expected share of n with a
// binomial tolerance of five standard deviations.
func within(t *testing.T, what string, got int64, n int64, p float64) {
	t.Helper()
	exp := float64(n) * p
	tol := 5*math.Sqrt(float64(n)*p*(1-p)) + 2
	if math.Abs(float64(got)-exp) > tol {
		t.Errorf("%s: %d of %d, expected %.1f ± %.1f (share %.3f)", what, got, n, exp, tol, p)
	}
}

func TestSeedEcommerceTaskMix(t *testing.T) {
	tg := newTarget(t)
	dir := seed(t, "examples/seed/seed_ecommerce.py")
	r := runGust(t, dir, clock.NewScaled(100), "-f", "seed_ecommerce.py", "--host", tg.URL,
		"--headless", "-u", "10", "-r", "100", "-t", "300s", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	c := tg.counts()
	paths := []string{"GET /", "GET /category/electronics", "GET /products/B09XYZ123", "POST /api/wishlist", "POST /api/orders"}
	weights := []float64{10, 7, 4, 2, 1}
	var n int64
	for _, p := range paths {
		n += c[p]
	}
	if n < 300 {
		t.Fatalf("only %d task runs: %v", n, c)
	}
	for i, p := range paths {
		within(t, p, c[p], n, weights[i]/24)
	}
}

func TestSeedAdminTaskSetClassSplit(t *testing.T) {
	tg := newTarget(t)
	dir := seed(t, "examples/seed/seed_admin_taskset.py")
	r := runGust(t, dir, clock.NewScaled(100), "-f", "seed_admin_taskset.py", "--host", tg.URL,
		"--headless", "-u", "22", "-r", "100", "-t", "400s", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, `All users spawned: {"AdminUser": 2, "ShopperUser": 20} (22 total users)`) {
		t.Errorf("class split not 1:10:\n%s", r.stderr)
	}
	c := tg.counts()
	if c["POST /admin/login"] != 2 || c["POST /admin/logout"] != 2 {
		t.Errorf("admin login/logout = %d/%d, want 2/2 (TaskSet on_start/on_stop once per admin)", c["POST /admin/login"], c["POST /admin/logout"])
	}
	n := c["GET /admin/dashboard"] + c["GET /admin/users"] + c["GET /admin/reports/export"]
	if n < 60 {
		t.Fatalf("only %d admin task runs: %v", n, c)
	}
	within(t, "dashboard", c["GET /admin/dashboard"], n, 3.0/6)
	within(t, "users", c["GET /admin/users"], n, 2.0/6)
	within(t, "export", c["GET /admin/reports/export"], n, 1.0/6)
}

func TestSeedCheckoutJourneyOrder(t *testing.T) {
	tg := newTarget(t)
	dir := seed(t, "examples/seed/seed_checkout_journey.py")
	r := runGust(t, dir, clock.NewScaled(100), "-f", "seed_checkout_journey.py", "--host", tg.URL,
		"--headless", "-u", "1", "-r", "1", "-t", "120s", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	seq := tg.sequence()
	journey := []string{"GET /products", "GET /products/B09XYZ123", "POST /api/cart", "GET /api/cart/", "POST /api/orders"}
	if len(seq) < 10 {
		t.Fatalf("only %d requests: %v", len(seq), seq)
	}
	for i, s := range seq {
		want := journey[i%len(journey)]
		if !strings.HasPrefix(s, want) || (want == "GET /products" && s != want) {
			t.Fatalf("request %d = %q, want %q (sequence %v)", i, s, want, seq)
		}
		if want == "GET /api/cart/" && s == "GET /api/cart/None" {
			t.Fatalf("cart id missing: %v", seq)
		}
	}
}

func TestSeedWebUserStartStopCounts(t *testing.T) {
	tg := newTarget(t)
	dir := seed(t, "examples/seed/seed_web_user.py", "examples/seed/check_thresholds.py")
	r := runGust(t, dir, clock.NewScaled(50), "-f", "seed_web_user.py", "--host", tg.URL,
		"--headless", "-u", "20", "-r", "10", "-t", "60s", "--csv", "results/locust_report")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	c := tg.counts()
	if c["POST /api/auth/login"] != 20 || c["POST /api/auth/logout"] != 20 {
		t.Errorf("login/logout = %d/%d, want 20/20", c["POST /api/auth/login"], c["POST /api/auth/logout"])
	}
	n := c["GET /api/v1/products"] + c["POST /api/v1/cart/items"]
	if n < 200 {
		t.Fatalf("only %d task runs: %v", n, c)
	}
	within(t, "cart", c["POST /api/v1/cart/items"], n, 1.0/6)
	stats, err := os.ReadFile(filepath.Join(dir, "results", "locust_report_stats.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(stats), "POST,POST /auth/login [on_start],20,0,") {
		t.Errorf("the name= of the login request is not in the stats CSV:\n%s", stats)
	}
	// browse : search : cart ~ 3:2:1, by the stats names (path and query).
	counts := map[string]int64{}
	for _, row := range readCSV(t, filepath.Join(dir, "results", "locust_report_stats.csv"))[1:] {
		n, _ := strconv.ParseInt(row[2], 10, 64)
		counts[row[0]+" "+row[1]] = n
	}
	browse := counts["GET /api/v1/products?page=1&limit=20"]
	search := counts["GET /api/v1/products?q=laptop&category=electronics"]
	cart := counts["POST /api/v1/cart/items"]
	total := browse + search + cart
	within(t, "browse", browse, total, 3.0/6)
	within(t, "search", search, total, 2.0/6)
	within(t, "cart", cart, total, 1.0/6)
}

// TestSeedStepShapeOnFakeClock runs the seed guide's StepLoadShape for its
// whole 300 s on a fake clock (real users, real requests) and checks when
// the shape changed the user count.
func TestSeedStepShapeOnFakeClock(t *testing.T) {
	tg := newTarget(t)
	dir := seed(t, "examples/seed/seed_step_shape.py")
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fc := clock.NewFake(start)
	done := make(chan gustRun)
	go func() {
		done <- runGust(t, dir, fc, "-f", "seed_step_shape.py", "--host", tg.URL, "--headless", "--only-summary")
	}()
	var r gustRun
	for finished := false; !finished; {
		select {
		case r = <-done:
			finished = true
		default:
			// Step 100 ms, then give the woken goroutines (users, the
			// shape loop) time to get back to sleep before the next step,
			// so that a busy machine does not leave them seconds behind.
			before := fc.Sleepers()
			fc.Advance(100 * time.Millisecond)
			settle := time.Now().Add(50 * time.Millisecond)
			for fc.Sleepers() < before && time.Now().Before(settle) {
				time.Sleep(100 * time.Microsecond)
			}
			time.Sleep(100 * time.Microsecond)
			if fc.Now().Sub(start) > 400*time.Second {
				t.Fatal("the shape did not end the run by 300 s")
			}
		}
	}
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	// Log lines carry the fake clock's time.
	at := func(substr string) time.Duration {
		for _, line := range strings.Split(r.stderr, "\n") {
			if strings.Contains(line, substr) && strings.HasPrefix(line, "[") {
				ts, err := time.Parse("2006-01-02 15:04:05,000", line[1:24])
				if err != nil {
					t.Fatalf("bad log time in %q", line)
				}
				return ts.Sub(start)
			}
		}
		t.Fatalf("no log line %q in\n%s", substr, r.stderr)
		return 0
	}
	for _, tt := range []struct {
		line string
		want time.Duration
	}{
		{"Shape test updating to 50 users at 10.00 spawn rate", 0},
		{"Shape test updating to 100 users at 10.00 spawn rate", 30 * time.Second},
		{"Shape test updating to 150 users at 10.00 spawn rate", 60 * time.Second},
		{"Shape test updating to 75 users at 10.00 spawn rate", 210 * time.Second},
		{"Shape test updating to 0 users at 10.00 spawn rate", 240 * time.Second},
		{"Shape test completed", 300 * time.Second},
	} {
		if got := at(tt.line); got < tt.want || got > tt.want+1500*time.Millisecond {
			t.Errorf("%q at %v, want %v", tt.line, got, tt.want)
		}
	}
	if strings.Count(r.stderr, "Shape test updating to 150 users") != 1 {
		t.Error("the hold stage (150 users again) must not re-target")
	}
	if got := tg.counts()["GET /"]; got < 10000 {
		t.Errorf("only %d requests over the shape; users did not run", got)
	}
}
