package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/web/browsertest"
)

// The seed locustfile's request names (name= where it sets one).
const (
	loginName  = "POST /auth/login [on_start]"
	browseName = "/api/v1/products?page=1&limit=20"
	searchName = "/api/v1/products?q=laptop&category=electronics"
	cartName   = "/api/v1/cart/items"
)

// TestWebUIEndToEnd drives the web UI of the real CLI as a Locust user
// does. gust runs in-process in web mode with the seed guide's
// seed_web_user.py against the demo shop; headless Chromium fills the start
// form, sees rows and charts appear, edits the user count, opens every tab
// (one screenshot each), stops, downloads the statistics CSV through the
// page's link and compares it with /stats/requests, resets, starts a new
// test, and then Ctrl-C must end gust with exit code 0 and CSV files that
// hold the final totals. Load: at most 8 users, each waiting 1–3 s between
// tasks, for about ten seconds.
func TestWebUIEndToEnd(t *testing.T) {
	exe := browsertest.RequireChromium(t)
	browsertest.RequireUI(t)
	tg := newTarget(t)
	dir := seed(t, "examples/seed/seed_web_user.py")
	g := startWebGust(t, dir, "-f", "seed_web_user.py", "--host", tg.URL, "-u", "5", "-r", "5",
		"--csv", "out/run", "--html", "out/report.html")
	shots := browsertest.OutputDir(t)
	p := browsertest.Open(t, exe, shots, 60*time.Second)

	p.Do("open the UI", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(g.url+"/"))
	p.Wait("the ready state", `document.getElementById('status')?.textContent === 'ready'`, 20*time.Second)
	p.Wait("the websocket", `document.getElementById('connection')?.textContent === 'live'`, 20*time.Second)
	for id, want := range map[string]string{"user-count-input": "5", "spawn-rate-input": "5", "host-input": tg.URL} {
		if got := p.Value(id); got != want {
			t.Errorf("#%s prefilled with %q, want %q", id, got, want)
		}
	}
	p.Wait("the locustfile in the footer", `document.getElementById('locustfile')?.textContent.includes('seed_web_user.py')`, 20*time.Second)
	p.Shot("start-form")

	// Type into the form as a user does (4 users, not the prefilled 5), then
	// start.
	p.Do("fill the start form",
		typeInto("user-count-input", "4"),
		typeInto("spawn-rate-input", "5"),
		chromedp.Click(chromedp.ID("start-button")))
	p.Wait("running", `document.getElementById('status')?.textContent === 'running'`, 20*time.Second)
	p.Wait("4 users in the header", `document.getElementById('user-count')?.textContent === '4'`, 20*time.Second)
	p.Wait("4 logins counted", countJS("POST", loginName)+` === 4`, 20*time.Second)
	p.Wait("a task's row", rowJS("GET", browseName)+` || `+rowJS("GET", searchName), 20*time.Second)
	p.Wait("the Aggregated row last", `[...document.querySelectorAll('[data-testid="stats-row"]')].at(-1)?.dataset.name === 'Aggregated'`, 20*time.Second)

	// The charts draw lines once the history has two points: look for
	// pixels of each chart's line colour on its canvas.
	p.Do("open the charts", chromedp.Click(chromedp.ID("tab-charts")), chromedp.WaitVisible(chromedp.ID("panel-charts")))
	for id, color := range map[string]string{"chart-rps": "#00ca5a", "chart-response-times": "#3e98c5", "chart-users": "#0099ff"} {
		p.Wait(id+" drawn", linePixelsJS(id, color)+` >= 20`, 20*time.Second)
	}

	p.Do("edit the user count",
		chromedp.Click(chromedp.ID("edit-button")),
		chromedp.WaitVisible(chromedp.ID("edit-form")),
		typeInto("edit-user-count-input", "8"),
		chromedp.Click(chromedp.ID("edit-submit")))
	p.Wait("8 users in the header", `document.getElementById('user-count')?.textContent === '8'`, 20*time.Second)
	if n := waitForAPI(t, g, func(r apiRequests) bool { return r.UserCount == 8 }).UserCount; n != 8 {
		t.Errorf("/stats/requests user_count = %d after the edit, want 8", n)
	}

	// Every tab, with what it must show, then a screenshot of it.
	for _, tab := range []struct{ id, what, ready string }{
		{"stats", "every request name and 8 logins", rowJS("GET", searchName) + ` && ` + rowJS("POST", cartName) + ` && ` +
			countJS("POST", loginName) + ` === 8`},
		{"charts", "the users chart's legend at 8", `[...document.querySelectorAll('#chart-users .u-legend .u-value')].some(v => v.textContent.trim() === '8')`},
		{"failures", "no failures", `document.getElementById('failures-body')?.textContent.includes('No failures')`},
		{"exceptions", "no exceptions", `document.getElementById('exceptions-body')?.textContent.includes('No exceptions')`},
		{"ratios", "the task ratios", `['WebUser', 'browse_products', 'search_products', 'add_to_cart'].every(s => document.getElementById('ratios')?.textContent.includes(s))`},
		{"downloads", "the download links", `document.querySelectorAll('#panel-downloads a[href]').length >= 5`},
		{"logs", "the edit in the log", `document.getElementById('logs')?.textContent.includes('Ramping to 8 users')`},
	} {
		p.Do("open the "+tab.id+" tab", chromedp.Click(chromedp.ID("tab-"+tab.id)), chromedp.WaitVisible(chromedp.ID("panel-"+tab.id)))
		p.Wait(tab.what, tab.ready, 20*time.Second)
		p.Shot(tab.id)
	}
	p.Do("switch to the dark theme", chromedp.Click(chromedp.ID("tab-charts")), chromedp.Click(chromedp.ID("theme-toggle")))
	p.Wait("the users chart redrawn", linePixelsJS("chart-users", "#0099ff")+` >= 20`, 20*time.Second)
	p.Shot("charts-dark")
	p.Do("switch back to the light theme", chromedp.Click(chromedp.ID("theme-toggle")))

	p.Do("stop", chromedp.Click(chromedp.ID("stop-button")))
	p.Wait("stopped", `document.getElementById('status')?.textContent === 'stopped'`, 20*time.Second)

	// Download the statistics CSV through the page's link and compare it
	// with the API; the statistics no longer change once stopped.
	name, got := p.Download("tab-downloads", "download-requests-csv", t.TempDir())
	t.Logf("downloaded %s", name)
	if !strings.HasPrefix(name, "Locust_") || !strings.Contains(name, "seed_web_user.py") || !strings.HasSuffix(name, "_requests.csv") {
		t.Errorf("downloaded file name %q is not Locust's Locust_<date>_seed_web_user.py_<host>_requests.csv", name)
	}
	csvCounts := statsCSVCounts(t, got)
	api := waitForAPI(t, g, func(r apiRequests) bool { return maps.Equal(r.counts(), csvCounts) })
	if !maps.Equal(api.counts(), csvCounts) {
		t.Errorf("downloaded CSV counts %v, /stats/requests %v", csvCounts, api.counts())
	}
	for _, key := range []string{"GET " + browseName, "GET " + searchName, "POST " + cartName} {
		if csvCounts[key] == 0 {
			t.Errorf("downloaded CSV has no requests for %q: %v", key, csvCounts)
		}
	}
	// Stop kills the 8 users (stop_timeout 0): as in Locust, a request in
	// flight when its user is killed is not recorded, though the shop may
	// have answered it.
	if got, served := csvCounts[" Aggregated"], servedRequests(tg); !killedInFlight(got, served, 8) {
		t.Errorf("downloaded CSV counts %d requests in all, the shop served %d", got, served)
	}
	if csvCounts["POST "+loginName] != 8 || csvCounts["POST /api/auth/logout"] != 8 {
		t.Errorf("login/logout in the CSV = %d/%d, want 8/8 (on_start and on_stop once per user)",
			csvCounts["POST "+loginName], csvCounts["POST /api/auth/logout"])
	}
	// The table shows the API's counts too.
	p.Do("back to the statistics", chromedp.Click(chromedp.ID("tab-stats")))
	p.Wait("the table at the final counts", tableMatchesJS(api.counts()), 20*time.Second)
	p.Shot("stopped")

	p.Do("reset the statistics", chromedp.Click(chromedp.ID("reset-button")))
	p.Wait("zeroed statistics", countJS("", "Aggregated")+` === 0`, 20*time.Second)
	if n := waitForAPI(t, g, func(r apiRequests) bool { return r.counts()[" Aggregated"] == 0 }).counts()[" Aggregated"]; n != 0 {
		t.Errorf("after the reset button, /stats/requests counts %d requests", n)
	}
	served := servedRequests(tg)
	p.Shot("reset")

	// A new test with 2 users, ended by Ctrl-C while it runs.
	p.Do("start a new test",
		chromedp.Click(chromedp.ID("new-test-button")),
		chromedp.WaitVisible(chromedp.ID("start-form")),
		typeInto("user-count-input", "2"),
		chromedp.Click(chromedp.ID("start-button")))
	p.Wait("2 users in the header", `document.getElementById('user-count')?.textContent === '2'`, 20*time.Second)
	p.Wait("traffic after the 2 logins", countJS("", "Aggregated")+` >= 4`, 20*time.Second)
	p.Shot("new-test")
	p.CheckConsole()
	p.Close()

	if code := g.interrupt(t); code != 0 {
		t.Fatalf("gust exited with %d after Ctrl-C, want 0\n%s", code, g.out)
	}
	data, err := os.ReadFile(filepath.Join(dir, "out", "run_stats.csv"))
	if err != nil {
		t.Fatal(err)
	}
	final := statsCSVCounts(t, data)
	if got, want := final[" Aggregated"], servedRequests(tg)-served; !killedInFlight(got, want, 2) {
		t.Errorf("final stats CSV counts %d requests, the shop served %d since the reset", got, want)
	}
	if final["POST "+loginName] != 2 || final["POST /api/auth/logout"] != 2 {
		t.Errorf("final login/logout = %d/%d, want 2/2 (the 2 users of the new test): %v",
			final["POST "+loginName], final["POST /api/auth/logout"], final)
	}
	for _, f := range []string{"run_stats_history.csv", "run_failures.csv", "run_exceptions.csv"} {
		if fi, err := os.Stat(filepath.Join(dir, "out", f)); err != nil || fi.Size() == 0 {
			t.Errorf("out/%s not written at exit: %v", f, err)
		}
	}
	if report, err := os.ReadFile(filepath.Join(dir, "out", "report.html")); err != nil || !bytes.Contains(report, []byte("seed_web_user.py")) {
		t.Errorf("--html report not written at exit, or without the locustfile's name: %v", err)
	}
	t.Logf("screenshots in %s", shots)
}

// webGust is gust running in web mode in-process, serving on a loopback
// listener of the test's.
type webGust struct {
	url  string
	sig  chan os.Signal
	done chan int
	out  *lockedBuffer
	code int
	over bool
}

// startWebGust runs Main in dir with args and waits until the UI answers.
// A cleanup ends it with Ctrl-C if the test did not, and prints its output
// when the test failed.
func startWebGust(t *testing.T, dir string, args ...string) *webGust {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := &webGust{url: "http://" + ln.Addr().String(), sig: make(chan os.Signal, 1), done: make(chan int, 1), out: &lockedBuffer{}}
	st := &State{
		Args: args, Stdout: g.out, Stderr: g.out, Cwd: dir, Home: dir, Hostname: "test",
		Getenv: func(string) (string, bool) { return "", false }, Environ: func() []string { return nil },
		Clock: clock.Real{}, Signals: g.sig, WebListener: ln,
	}
	go func() { g.done <- Main(st) }()
	t.Cleanup(func() {
		if !g.over {
			g.interrupt(t)
		}
		_ = ln.Close() // in case Main never served on it
		if t.Failed() {
			t.Logf("gust output:\n%s", g.out)
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case code := <-g.done:
			g.code, g.over = code, true
			t.Fatalf("gust exited with %d before serving the UI:\n%s", code, g.out)
		default:
		}
		if resp, err := http.Get(g.url + "/ui-config"); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return g
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the web UI did not answer at %s:\n%s", g.url, g.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// interrupt sends Ctrl-C and returns Main's exit code.
func (g *webGust) interrupt(t *testing.T) int {
	t.Helper()
	if g.over {
		return g.code
	}
	select {
	case g.sig <- syscall.SIGINT:
	default:
	}
	select {
	case g.code = <-g.done:
		g.over = true
	case <-time.After(60 * time.Second):
		t.Errorf("gust did not exit within 60 s of Ctrl-C:\n%s", g.out)
	}
	return g.code
}

// apiRequests is the part of GET /stats/requests this test reads.
type apiRequests struct {
	Stats []struct {
		Method      string `json:"method"`
		Name        string `json:"name"`
		NumRequests int64  `json:"num_requests"`
	} `json:"stats"`
	UserCount int `json:"user_count"`
}

// requests fetches /stats/requests as a script would.
func (g *webGust) requests(t *testing.T) apiRequests {
	t.Helper()
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(g.url + "/stats/requests")
	if err != nil {
		t.Fatalf("GET /stats/requests: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	var r apiRequests
	if err != nil || resp.StatusCode != http.StatusOK || json.Unmarshal(body, &r) != nil {
		t.Fatalf("GET /stats/requests: %d %v\n%s", resp.StatusCode, err, body)
	}
	return r
}

// counts maps "METHOD name" to the request count (" Aggregated" for the
// total, whose method is empty as its CSV Type is).
func (r apiRequests) counts() map[string]int64 {
	m := make(map[string]int64, len(r.Stats))
	for _, s := range r.Stats {
		m[s.Method+" "+s.Name] = s.NumRequests
	}
	return m
}

// waitForAPI polls /stats/requests until ok or 5 s have passed (the route
// may serve a body up to a second old), and returns the last answer.
func waitForAPI(t *testing.T, g *webGust, ok func(apiRequests) bool) apiRequests {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := g.requests(t)
		if ok(r) || time.Now().After(deadline) {
			return r
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// statsCSVCounts reads Locust's requests CSV into "Type Name" → count.
func statsCSVCounts(t *testing.T, data []byte) map[string]int64 {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("parse the downloaded CSV: %v\n%s", err, data)
	}
	if len(rows) < 2 || len(rows[0]) < 3 || strings.Join(rows[0][:3], ",") != "Type,Name,Request Count" {
		t.Fatalf("the downloaded CSV is not Locust's requests CSV:\n%s", data)
	}
	if last := rows[len(rows)-1]; last[0] != "" || last[1] != "Aggregated" {
		t.Errorf("the downloaded CSV ends with %q, want the Aggregated row", last)
	}
	m := map[string]int64{}
	for _, r := range rows[1:] {
		n, err := strconv.ParseInt(r[2], 10, 64)
		if err != nil {
			t.Fatalf("downloaded CSV row %q: %v", r, err)
		}
		m[r[0]+" "+r[1]] = n
	}
	return m
}

// servedRequests counts what the shop served, its control routes aside.
// killedInFlight reports whether recorded requests account for all served
// ones but those that killed users had in flight: at most one per user.
func killedInFlight(recorded, served, users int64) bool {
	return recorded <= served && served-recorded <= users
}

func servedRequests(tg *target) int64 {
	var n int64
	for _, s := range tg.sequence() {
		if !strings.HasPrefix(s, "GET /_/") {
			n++
		}
	}
	return n
}

// lockedBuffer is gust's stdout and stderr: written by its goroutines,
// read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// typeInto empties an input and types text into it, key by key.
func typeInto(id, text string) chromedp.Action[chromedp.Void] {
	// chromedp.Clear resets only the value attribute, not a value the page set.
	return chromedp.Steps(chromedp.SetValue(chromedp.ID(id), ""), chromedp.SendKeys(chromedp.ID(id), text))
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a string always encodes
	return string(b)
}

// rowJS finds the statistics row of (method, name), or undefined.
func rowJS(method, name string) string {
	return fmt.Sprintf(`[...document.querySelectorAll('[data-testid="stats-row"]')].find(r => r.dataset.method === %s && r.dataset.name === %s)`,
		jsString(method), jsString(name))
}

// countJS is the request count in the row of (method, name), NaN without
// the row; the total is ("", "Aggregated").
func countJS(method, name string) string {
	return `Number(` + rowJS(method, name) + `?.querySelector('[data-col="num_requests"]')?.textContent.replaceAll(',', ''))`
}

// tableMatchesJS is true when the table's rows and request counts are
// exactly want's.
func tableMatchesJS(want map[string]int64) string {
	w, _ := json.Marshal(want) // a map of strings to numbers always encodes
	return fmt.Sprintf(`(() => {
		const want = %s;
		const rows = [...document.querySelectorAll('[data-testid="stats-row"]')];
		return rows.length === Object.keys(want).length && rows.every(r =>
			Number(r.querySelector('[data-col="num_requests"]')?.textContent.replaceAll(',', '').trim()) === want[r.dataset.method + ' ' + r.dataset.name]);
	})()`, w)
}

// linePixelsJS counts the pixels of a chart's canvas within a small
// distance of a line colour (#rrggbb): axes, grid and text are grey, so
// only a drawn series has them.
func linePixelsJS(chartID, color string) string {
	return fmt.Sprintf(`(() => {
		const c = document.querySelector('#%s canvas');
		if (!c || c.width === 0 || c.height === 0) return 0;
		const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		const [r, g, b] = [1, 3, 5].map(i => parseInt(%s.slice(i, i + 2), 16));
		let n = 0;
		for (let i = 0; i < d.length; i += 4) {
			if (d[i + 3] > 200 && Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 60) n++;
		}
		return n;
	})()`, chartID, jsString(color))
}
