package web

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/fetch"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/web/browsertest"
)

// TestBrowserEndToEnd runs the embedded UI in headless Chromium against the
// server, backed by a real runner whose users GET the demo shop: fill the
// start form, see rows and charts, change the user count, visit every tab,
// stop, download the statistics CSV and compare it with the API, reset.
// Load is bounded: at most 5 users, each waiting 100 ms between tasks.
func TestBrowserEndToEnd(t *testing.T) {
	exe := browsertest.RequireChromium(t)
	browsertest.RequireUI(t)
	b := newRunBackend(t, 100*time.Millisecond, time.Second)
	ts := startServer(t, b, Options{
		Locustfile: "locustfile.py", Version: "e2e", TargetHost: *b.host.Load(),
		Users: 3, SpawnRate: 10, UserClasses: []string{"ShopUser", "AdminUser"},
	})
	shots := browsertest.OutputDir(t)
	p := browsertest.Open(t, exe, shots, 3*time.Minute)
	ctx := p.Ctx

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

	p.Do("open the UI", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.url+"/"))
	p.Wait("the ready state", `document.getElementById('status')?.textContent === 'ready'`, 30*time.Second)
	p.Wait("the websocket", `document.getElementById('connection')?.textContent === 'live'`, 30*time.Second)
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("user-count-input"))); err != nil || v != "3" {
		t.Errorf("users field prefilled with %q (%v), want 3 from -u", v, err)
	}
	p.Shot("start-form")

	p.Do("fill and submit the start form",
		chromedp.SetValue(chromedp.ID("user-count-input"), "3"),
		chromedp.SetValue(chromedp.ID("spawn-rate-input"), "10"),
		chromedp.Click(chromedp.ID("start-button")))
	p.Wait("running", `document.getElementById('status')?.textContent === 'running'`, 30*time.Second)
	p.Wait("3 users", `document.getElementById('user-count')?.textContent === '3'`, 30*time.Second)
	p.Wait("statistics rows", `document.querySelector('[data-testid="stats-row"][data-name="/products"][data-method="GET"]') !== null`, 30*time.Second)
	p.Wait("the Aggregated row last", `[...document.querySelectorAll('[data-testid="stats-row"]')].at(-1)?.dataset.name === 'Aggregated'`, 30*time.Second)
	p.Shot("statistics")

	p.Do("open the charts", chromedp.Click(chromedp.ID("tab-charts")))
	for _, id := range []string{"chart-rps", "chart-response-times", "chart-users"} {
		p.Wait(id, fmt.Sprintf(`document.querySelector('[data-testid=%q] canvas')?.width > 0`, id), 30*time.Second)
	}
	time.Sleep(3 * time.Second) // a few more points on the charts for the screenshot
	p.Shot("charts")

	p.Do("edit the user count",
		chromedp.Click(chromedp.ID("edit-button")),
		chromedp.WaitVisible(chromedp.ID("edit-form")),
		chromedp.SetValue(chromedp.ID("edit-user-count-input"), "5"),
		chromedp.Click(chromedp.ID("edit-submit")))
	p.Wait("5 users", `document.getElementById('user-count')?.textContent === '5'`, 30*time.Second)
	if b.UserCount() != 5 {
		t.Errorf("the runner has %d users after the edit, want 5", b.UserCount())
	}

	for _, tab := range []string{"failures", "exceptions", "ratios", "downloads", "logs"} {
		p.Do("open the "+tab+" tab", chromedp.Click(chromedp.ID("tab-"+tab)), chromedp.WaitVisible(chromedp.ID("panel-"+tab)))
		switch tab {
		case "failures":
			p.Wait("a failure row", `document.getElementById('failures-body')?.textContent.includes('/missing')`, 30*time.Second)
		case "exceptions":
			p.Wait("an exception row", `document.getElementById('exceptions-body')?.textContent.includes("KeyError('price')")`, 30*time.Second)
		case "ratios":
			p.Wait("task ratios", `document.getElementById('ratios')?.textContent.includes('browse')`, 30*time.Second)
		case "logs":
			p.Wait("log lines", `document.getElementById('logs')?.textContent.includes('Ramping to 5 users')`, 30*time.Second)
		}
		p.Shot(tab)
	}

	p.Do("stop", chromedp.Click(chromedp.ID("stop-button")))
	p.Wait("stopped", `document.getElementById('status')?.textContent === 'stopped'`, 30*time.Second)

	// Download the statistics CSV as a user would, and compare it with the
	// API's (the statistics no longer change once stopped).
	_, got := p.Download("tab-downloads", "download-requests-csv", t.TempDir())
	_, _, want := ts.do(t, "GET", "/stats/requests/csv", nil)
	if !bytes.Equal(got, want) {
		t.Errorf("downloaded CSV differs from the API's:\n%s\n---\n%s", got, want)
	}
	if !bytes.HasPrefix(got, []byte("Type,Name,Request Count,")) || !bytes.Contains(got, []byte("\r\n,Aggregated,")) {
		t.Errorf("downloaded CSV is not Locust's:\n%s", got)
	}
	p.Shot("stopped")

	p.Do("reset", chromedp.Click(chromedp.ID("tab-stats")), chromedp.Click(chromedp.ID("reset-button")))
	p.Wait("zeroed statistics", `document.querySelector('[data-testid="stats-row"][data-aggregated="true"] [data-col="num_requests"]')?.textContent.trim() === '0'`, 30*time.Second)
	if n := freshRequests(t, ts).total(); n != 0 {
		t.Errorf("after the reset button: %d requests", n)
	}
	p.Shot("reset")

	errMu.Lock()
	defer errMu.Unlock()
	if len(pageErrors) > 0 {
		t.Errorf("page errors: %s", strings.Join(pageErrors, "; "))
	}
	t.Logf("screenshots in %s", shots)
}

// TestBrowserLargeRun opens the UI on a run with 700 request names and an
// hour of history: the table shows Locust's 500 rows plus Aggregated, and
// the charts draw the whole hour.
func TestBrowserLargeRun(t *testing.T) {
	exe := browsertest.RequireChromium(t)
	browsertest.RequireUI(t)
	b := newFakeBackend()
	b.snap = syntheticStats(700, 1)
	b.points = syntheticHistory(3600)
	b.state, b.users = runner.StateRunning, 50
	ts := startServer(t, b, fakeOptions())
	shots := browsertest.OutputDir(t)
	p := browsertest.Open(t, exe, shots, 3*time.Minute)
	p.Do("open the UI", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.url+"/"))
	p.Wait("running", `document.getElementById('status')?.textContent === 'running'`, 30*time.Second)
	p.Wait("501 rows", `document.querySelectorAll('[data-testid="stats-row"]').length === 501`, 30*time.Second)
	p.Shot("statistics")
	p.Do("open the charts", chromedp.Click(chromedp.ID("tab-charts")))
	p.Wait("the users chart", `document.querySelector('[data-testid="chart-users"] canvas')?.width > 0`, 30*time.Second)
	p.Shot("charts")
}

// TestBrowserBasicAuth opens a password-protected UI the way a user does:
// the browser is challenged once, answers with the credentials (here from
// the test, in place of the password dialog), and then sends them on
// every request, the websocket included: the page must be "live", not
// falling back to polling.
func TestBrowserBasicAuth(t *testing.T) {
	exe := browsertest.RequireChromium(t)
	browsertest.RequireUI(t)
	opts := fakeOptions()
	opts.Auth = "admin:pw"
	ts := startServer(t, newFakeBackend(), opts)
	shots := browsertest.OutputDir(t)
	p := browsertest.Open(t, exe, shots, 3*time.Minute)
	ctx := p.Ctx

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
	p.Do("answer password challenges", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{HandleAuthRequests: &handle})
		return err
	}))
	p.Do("open the UI", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.url+"/"))
	asked.Wait() // the server did challenge the browser
	p.Wait("the ready state", `document.getElementById('status')?.textContent === 'ready'`, 30*time.Second)
	p.Wait("the websocket", `document.getElementById('connection')?.textContent === 'live'`, 30*time.Second)
	p.Shot("authenticated")
}
