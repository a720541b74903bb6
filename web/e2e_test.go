package web

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/fetch"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/web/assets"
)

// requireBrowser returns the Chromium binary, skipping the test when there
// is none — except under CI, where a missing browser is a broken setup, not
// a reason to go green.
func requireBrowser(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, p := range []string{os.Getenv("GUST_CHROMIUM"), "/usr/bin/chromium", "/usr/lib/chromium/chromium", "chromium"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	msg := "Chromium not found: apt-get install -y --no-install-recommends chromium (or set GUST_CHROMIUM)"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// requireUI skips (fails under CI) when web/assets embeds only the
// placeholder.
func requireUI(t *testing.T) {
	t.Helper()
	if assets.Built() {
		return
	}
	msg := "the web UI is not built: cd web/ui && npm ci && npm run build, then rerun"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// outputDir is where the browser test leaves its screenshots:
// $GUST_TEST_OUTPUT if set (CI keeps it as an artifact), else
// web/testdata/out, which git ignores.
func outputDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("GUST_TEST_OUTPUT")
	if dir == "" {
		dir = filepath.Join("testdata", "out")
	}
	dir = filepath.Join(dir, t.Name())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browserTab starts a headless Chromium with a fresh profile and returns a
// tab context bounded in time, closed at the end of the test (before the
// server shuts down, as cleanups run last-in first-out).
func browserTab(t *testing.T, exe string) context.Context {
	t.Helper()
	profile := t.TempDir() // made before the cleanup below, so removed after the browser exits
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile),
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	ctx, tcancel := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { tcancel(); cancel(); acancel() })
	return ctx
}

// page drives one tab and fails the test on the first broken step.
type page struct {
	t   *testing.T
	ctx context.Context
	dir string
	n   int
}

func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.shot("failed")
		p.t.Fatalf("%s: %v", what, err)
	}
}

// wait polls a JavaScript condition until it is true.
func (p *page) wait(what, expr string) {
	p.t.Helper()
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		p.shot("failed")
		p.t.Fatalf("waiting for %s (%s): %v", what, expr, err)
	}
}

func (p *page) text(id string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%q)?.textContent ?? ""`, id)))
	if err != nil {
		p.t.Fatalf("read #%s: %v", id, err)
	}
	return s
}

// shot saves a full-page screenshot and checks that it decodes.
func (p *page) shot(name string) {
	p.t.Helper()
	img, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
	}
	p.n++
	path := filepath.Join(p.dir, fmt.Sprintf("%02d-%s.png", p.n, name))
	if err := os.WriteFile(path, img, 0o644); err != nil {
		p.t.Errorf("save screenshot: %v", err)
	}
}

// TestBrowserEndToEnd runs the embedded UI in headless Chromium against the
// server, backed by a real runner whose users GET the demo shop: fill the
// start form, see rows and charts, change the user count, visit every tab,
// stop, download the statistics CSV and compare it with the API, reset.
// Load is bounded: at most 5 users, each waiting 100 ms between tasks.
func TestBrowserEndToEnd(t *testing.T) {
	exe := requireBrowser(t)
	requireUI(t)
	b := newRunBackend(t, 100*time.Millisecond, time.Second)
	ts := startServer(t, b, Options{
		Locustfile: "locustfile.py", Version: "e2e", TargetHost: *b.host.Load(),
		Users: 3, SpawnRate: 10, UserClasses: []string{"ShopUser", "AdminUser"},
	})
	ctx := browserTab(t, exe)
	p := &page{t: t, ctx: ctx, dir: outputDir(t)}

	var errMu sync.Mutex
	var pageErrors []string
	exceptions := chromedp.Events(ctx, cdpruntime.ExceptionThrown)
	go func() {
		for ev, err := range exceptions {
			if err != nil {
				return
			}
			errMu.Lock()
			pageErrors = append(pageErrors, ev.ExceptionDetails.Text)
			errMu.Unlock()
		}
	}()

	p.do("open the UI", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.url+"/"))
	p.wait("the ready state", `document.getElementById('status')?.textContent === 'ready'`)
	p.wait("the websocket", `document.getElementById('connection')?.textContent === 'live'`)
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("user-count-input"))); err != nil || v != "3" {
		t.Errorf("users field prefilled with %q (%v), want 3 from -u", v, err)
	}
	p.shot("start-form")

	p.do("fill and submit the start form",
		chromedp.SetValue(chromedp.ID("user-count-input"), "3"),
		chromedp.SetValue(chromedp.ID("spawn-rate-input"), "10"),
		chromedp.Click(chromedp.ID("start-button")))
	p.wait("running", `document.getElementById('status')?.textContent === 'running'`)
	p.wait("3 users", `document.getElementById('user-count')?.textContent === '3'`)
	p.wait("statistics rows", `document.querySelector('[data-testid="stats-row"][data-name="/products"][data-method="GET"]') !== null`)
	p.wait("the Aggregated row last", `[...document.querySelectorAll('[data-testid="stats-row"]')].at(-1)?.dataset.name === 'Aggregated'`)
	p.shot("statistics")

	p.do("open the charts", chromedp.Click(chromedp.ID("tab-charts")))
	for _, id := range []string{"chart-rps", "chart-response-times", "chart-users"} {
		p.wait(id, fmt.Sprintf(`document.querySelector('[data-testid=%q] canvas')?.width > 0`, id))
	}
	time.Sleep(3 * time.Second) // a few more points on the charts for the screenshot
	p.shot("charts")

	p.do("edit the user count",
		chromedp.Click(chromedp.ID("edit-button")),
		chromedp.WaitVisible(chromedp.ID("edit-form")),
		chromedp.SetValue(chromedp.ID("edit-user-count-input"), "5"),
		chromedp.Click(chromedp.ID("edit-submit")))
	p.wait("5 users", `document.getElementById('user-count')?.textContent === '5'`)
	if b.UserCount() != 5 {
		t.Errorf("the runner has %d users after the edit, want 5", b.UserCount())
	}

	for _, tab := range []string{"failures", "exceptions", "ratios", "downloads", "logs"} {
		p.do("open the "+tab+" tab", chromedp.Click(chromedp.ID("tab-"+tab)), chromedp.WaitVisible(chromedp.ID("panel-"+tab)))
		switch tab {
		case "failures":
			p.wait("a failure row", `document.getElementById('failures-body')?.textContent.includes('/missing')`)
		case "exceptions":
			p.wait("an exception row", `document.getElementById('exceptions-body')?.textContent.includes("KeyError('price')")`)
		case "ratios":
			p.wait("task ratios", `document.getElementById('ratios')?.textContent.includes('browse')`)
		case "logs":
			p.wait("log lines", `document.getElementById('logs')?.textContent.includes('Ramping to 5 users')`)
		}
		p.shot(tab)
	}

	p.do("stop", chromedp.Click(chromedp.ID("stop-button")))
	p.wait("stopped", `document.getElementById('status')?.textContent === 'stopped'`)

	// Download the statistics CSV as a user would, and compare it with the
	// API's (the statistics no longer change once stopped).
	dl := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	p.do("download the statistics CSV",
		chromedp.Click(chromedp.ID("tab-downloads")),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			events := true
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dl, EventsEnabled: &events,
			})
			return err
		}),
		chromedp.Click(chromedp.ID("download-requests-csv")))
	var file string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("download canceled")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dl, ev.GUID)
			break
		}
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	_, _, want := ts.do(t, "GET", "/stats/requests/csv", nil)
	if !bytes.Equal(got, want) {
		t.Errorf("downloaded CSV differs from the API's:\n%s\n---\n%s", got, want)
	}
	if !bytes.HasPrefix(got, []byte("Type,Name,Request Count,")) || !bytes.Contains(got, []byte("\r\n,Aggregated,")) {
		t.Errorf("downloaded CSV is not Locust's:\n%s", got)
	}
	p.shot("stopped")

	p.do("reset", chromedp.Click(chromedp.ID("tab-stats")), chromedp.Click(chromedp.ID("reset-button")))
	p.wait("zeroed statistics", `document.querySelector('[data-testid="stats-row"][data-aggregated="true"] [data-col="num_requests"]')?.textContent.trim() === '0'`)
	if n := freshRequests(t, ts).total(); n != 0 {
		t.Errorf("after the reset button: %d requests", n)
	}
	p.shot("reset")

	errMu.Lock()
	defer errMu.Unlock()
	if len(pageErrors) > 0 {
		t.Errorf("page errors: %s", strings.Join(pageErrors, "; "))
	}
	t.Logf("screenshots in %s", p.dir)
}

// TestBrowserLargeRun opens the UI on a run with 700 request names and an
// hour of history: the table shows Locust's 500 rows plus Aggregated, and
// the charts draw the whole hour.
func TestBrowserLargeRun(t *testing.T) {
	exe := requireBrowser(t)
	requireUI(t)
	b := newFakeBackend()
	b.snap = syntheticStats(700, 1)
	b.points = syntheticHistory(3600)
	b.state, b.users = runner.StateRunning, 50
	ts := startServer(t, b, fakeOptions())
	ctx := browserTab(t, exe)
	p := &page{t: t, ctx: ctx, dir: outputDir(t)}
	p.do("open the UI", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.url+"/"))
	p.wait("running", `document.getElementById('status')?.textContent === 'running'`)
	p.wait("501 rows", `document.querySelectorAll('[data-testid="stats-row"]').length === 501`)
	p.shot("statistics")
	p.do("open the charts", chromedp.Click(chromedp.ID("tab-charts")))
	p.wait("the users chart", `document.querySelector('[data-testid="chart-users"] canvas')?.width > 0`)
	p.shot("charts")
}

// TestBrowserBasicAuth opens a password-protected UI the way a user does:
// the browser is challenged once, answers with the credentials (here from
// the test, in place of the password dialog), and then sends them on
// every request, the websocket included: the page must be "live", not
// falling back to polling.
func TestBrowserBasicAuth(t *testing.T) {
	exe := requireBrowser(t)
	requireUI(t)
	opts := fakeOptions()
	opts.Auth = "admin:pw"
	ts := startServer(t, newFakeBackend(), opts)
	ctx := browserTab(t, exe)
	p := &page{t: t, ctx: ctx, dir: outputDir(t)}

	paused := chromedp.Events(ctx, fetch.RequestPaused)
	challenges := chromedp.Events(ctx, fetch.AuthRequired)
	go func() {
		for ev, err := range paused {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		}
	}()
	var asked sync.WaitGroup
	asked.Add(1)
	go func() {
		first := true
		for ev, err := range challenges {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(ctx, fetch.ContinueWithAuth, fetch.ContinueWithAuthParams{RequestID: ev.RequestID,
				AuthChallengeResponse: &fetch.AuthChallengeResponse{
					Response: fetch.AuthChallengeResponseResponseProvideCredentials, Username: "admin", Password: "pw"}})
			if first {
				first = false
				asked.Done()
			}
		}
	}()
	handle := true
	p.do("answer password challenges", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{HandleAuthRequests: &handle})
		return err
	}))
	p.do("open the UI", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.url+"/"))
	asked.Wait() // the server did challenge the browser
	p.wait("the ready state", `document.getElementById('status')?.textContent === 'ready'`)
	p.wait("the websocket", `document.getElementById('connection')?.textContent === 'live'`)
	p.shot("authenticated")
}
