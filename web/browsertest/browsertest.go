// Package browsertest drives the web UI in Debian's headless Chromium for
// gust's end-to-end tests: it finds the browser (skipping without one,
// failing under CI, where a missing browser is a broken setup), checks that
// the UI bundle is embedded, starts Chromium with the flags this machine
// needs (no sandbox as root, no calls home), and wraps one tab with steps
// that fail the test after a screenshot.
package browsertest

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
	"github.com/chromedp/chromedp"

	"github.com/gust-load/gust/web/assets"
)

// skipOrFail skips the test, or fails it under CI.
func skipOrFail(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// RequireChromium returns the Chromium binary ($GUST_CHROMIUM, or Debian's
// paths), skipping the test when there is none or in -short mode.
func RequireChromium(t testing.TB) string {
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
	skipOrFail(t, "Chromium not found: apt-get install -y --no-install-recommends chromium (or set GUST_CHROMIUM)")
	return ""
}

// RequireUI skips the test when web/assets embeds only its placeholder.
func RequireUI(t testing.TB) {
	t.Helper()
	if !assets.Built() {
		skipOrFail(t, "the web UI is not built: cd web/ui && npm ci && npm run build (or make build), then rerun")
	}
}

// OutputDir is an empty folder for the test's screenshots:
// $GUST_TEST_OUTPUT/<test> if set (CI can keep it as an artifact), else
// testdata/out/<test> in the test's package (git ignores it).
func OutputDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("GUST_TEST_OUTPUT")
	if dir == "" {
		dir = filepath.Join("testdata", "out")
	}
	dir = filepath.Join(dir, t.Name())
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Page is one headless Chromium tab. It records what the page logs as an
// error or throws, and its steps fail the test on the first broken one,
// after a screenshot.
type Page struct {
	// Ctx is the tab's context, for chromedp calls the helpers lack.
	Ctx context.Context

	t      testing.TB
	cancel func()
	dir    string
	n      int
	wg     sync.WaitGroup
	mu     sync.Mutex
	errors []string
}

// Open starts Chromium with a fresh profile and opens a tab whose context
// ends after timeout, at Close or, at the latest, at the end of the test.
// Screenshots go to dir.
func Open(t testing.TB, exe, dir string, timeout time.Duration) *Page {
	t.Helper()
	profile := t.TempDir() // made before the cleanup below, so removed after the browser exits
	actx, acancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(profile))
	ctx, cancel := chromedp.NewContext(actx)
	ctx, tcancel := context.WithTimeout(ctx, timeout)
	p := &Page{Ctx: ctx, t: t, dir: dir}
	p.cancel = func() { tcancel(); cancel(); acancel() }
	t.Cleanup(p.Close)
	messages := chromedp.Console(ctx) // subscribes now, before the page loads
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				p.mu.Lock()
				p.errors = append(p.errors, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line))
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// Close ends the browser and the console reader; it may run twice.
func (p *Page) Close() {
	p.cancel()
	p.wg.Wait()
}

// CheckConsole fails the test if the page logged errors or threw.
func (p *Page) CheckConsole() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.errors) > 0 {
		p.t.Errorf("the page logged errors:\n%s", strings.Join(p.errors, "\n"))
	}
}

// Do runs actions.
func (p *Page) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.Ctx, actions...); err != nil {
		p.Shot("failed")
		p.t.Fatalf("%s: %v", what, err)
	}
}

// Wait polls a JavaScript condition until it holds, for at most timeout.
func (p *Page) Wait(what, expr string, timeout time.Duration) {
	p.t.Helper()
	if _, err := chromedp.Run(p.Ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(timeout))); err != nil {
		p.Shot("failed")
		p.t.Fatalf("waiting for %s: %v\n(%s)", what, err, expr)
	}
}

// Text returns the text of the element with the given id ("" if none).
func (p *Page) Text(id string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](fmt.Sprintf(`document.getElementById(%q)?.textContent ?? ""`, id)))
	if err != nil {
		p.t.Fatalf("read #%s: %v", id, err)
	}
	return s
}

// Value returns the value of the form field with the given id.
func (p *Page) Value(id string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.Ctx, chromedp.Value(chromedp.ID(id)))
	if err != nil {
		p.t.Fatalf("read the value of #%s: %v", id, err)
	}
	return v
}

// Shot saves a full-page PNG screenshot, numbered in order, and checks
// that it decodes.
func (p *Page) Shot(name string) {
	p.t.Helper()
	img, err := chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		p.t.Errorf("screenshot %s is not a PNG: %v", name, err)
	}
	p.n++
	if err := os.WriteFile(filepath.Join(p.dir, fmt.Sprintf("%02d-%s.png", p.n, name)), img, 0o644); err != nil {
		p.t.Errorf("save screenshot %s: %v", name, err)
	}
}

// Download clicks the link with the given id as a user does (after
// opening the tab with id tabID), lets the browser save the file into dir,
// and returns the name the server suggested and the file's content.
func (p *Page) Download(tabID, linkID, dir string) (string, []byte) {
	p.t.Helper()
	events := true
	p.Do("allow downloads", chromedp.Click(chromedp.ID(tabID)), chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events,
		})
		return err
	}))
	progress := chromedp.Events(p.Ctx, browser.DownloadProgress) // subscribed before the click
	begin, err := chromedp.Run(p.Ctx, chromedp.WaitEvent(browser.DownloadWillBegin, nil, chromedp.Click(chromedp.ID(linkID))))
	if err != nil {
		p.t.Fatalf("click #%s: %v", linkID, err)
	}
	for ev, err := range progress {
		if err != nil {
			p.t.Fatalf("download %s: %v", begin.SuggestedFilename, err)
		}
		if ev.GUID != begin.GUID {
			continue
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			p.t.Fatalf("download %s canceled", begin.SuggestedFilename)
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			break
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, begin.GUID))
	if err != nil {
		p.t.Fatal(err)
	}
	return begin.SuggestedFilename, data
}
