package cli

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/gust-load/gust/web/browsertest"
)

// customOptionsLocustfile adds options of every kind the start form shows,
// and one it must not show, and prints what a test starts with.
const customOptionsLocustfile = `from locust import HttpUser, task, constant, events

@events.init_command_line_parser.add_listener
def _(parser):
    parser.add_argument("--my-arg", type=int, default=1, help="a number")
    parser.add_argument("--api-key", is_secret=True, default="s3cret")
    parser.add_argument("--mode", choices=["a", "b"], default="a")
    parser.add_argument("--verbose-log", action="store_true")
    parser.add_argument("--internal", include_in_web_ui=False, default="x")

@events.test_start.add_listener
def _(environment, **kw):
    o = environment.parsed_options
    print("options: my_arg=%r api_key=%r mode=%r verbose=%r internal=%r" % (o.my_arg, o.api_key, o.mode, o.verbose_log, o.internal))

class U(HttpUser):
    wait_time = constant(1)

    @task
    def t(self):
        self.client.get("/products")
`

// TestWebUICustomParameters: the locustfile's own options appear in the
// start form as Locust's "Custom parameters" (a number prefilled from the
// command line, a masked secret, a select, a checkbox; not the one with
// include_in_web_ui=False), and what the user sets there is what
// environment.parsed_options holds when the test starts. The profile field
// (advanced options) is prefilled from --profile and can be changed too.
func TestWebUICustomParameters(t *testing.T) {
	exe := browsertest.RequireChromium(t)
	browsertest.RequireUI(t)
	tg := newTarget(t)
	dir := t.TempDir()
	writeFile(t, dir, "locustfile.py", customOptionsLocustfile)
	g := startWebGust(t, dir, "--host", tg.URL, "-u", "1", "-r", "1", "--my-arg", "3", "--profile", "baseline")
	p := browsertest.Open(t, exe, browsertest.OutputDir(t), 60*time.Second)

	field := func(name string) string { return `document.querySelector('[data-testid="custom-` + name + `"]')` }
	p.Do("open the UI", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(g.url+"/"))
	p.Wait("the ready state", `document.getElementById('status')?.textContent === 'ready'`, 20*time.Second)
	p.Wait("the custom parameters", `!document.getElementById('custom-options').hidden`, 20*time.Second)
	for what, expr := range map[string]string{
		"my_arg prefilled from --my-arg": field("my_arg") + `?.value === '3'`,
		"a masked secret":                field("api_key") + `?.type === 'password' && ` + field("api_key") + `.value === 's3cret'`,
		"a select of the choices":        field("mode") + `?.tagName === 'SELECT' && ` + field("mode") + `.value === 'a' && ` + field("mode") + `.options.length === 2`,
		"an unchecked checkbox":          field("verbose_log") + `?.type === 'checkbox' && !` + field("verbose_log") + `.checked`,
		"no field for the hidden option": field("internal") + ` === null`,
	} {
		p.Wait(what, expr, 10*time.Second)
	}
	p.Wait("the profile prefilled and shown", `document.getElementById('profile-input')?.value === 'baseline' && document.getElementById('advanced-options').open`, 10*time.Second)
	p.Shot("custom-parameters")
	setJS := func(id, value string) {
		t.Helper()
		js := `(() => { const e = document.getElementById(` + jsString(id) + `); e.value = ` + jsString(value) +
			`; e.dispatchEvent(new Event('change', {bubbles: true})); return e.value; })()`
		got, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](js))
		if err != nil || got != value {
			t.Fatalf("set #%s to %q: got %q, %v", id, value, got, err)
		}
	}
	setJS("profile-input", "")
	p.Do("type a profile", chromedp.SendKeys(chromedp.ID("profile-input"), "nightly"))

	// chromedp's SetValue does not take on the fields the page adds after
	// load: clear them in the page, then type or pick as a user.
	setJS("custom-my_arg", "")
	p.Do("type a number", chromedp.SendKeys(chromedp.ID("custom-my_arg"), "9"))
	setJS("custom-mode", "b")
	p.Do("tick the flag", chromedp.Click(chromedp.ID("custom-verbose_log")))
	p.Do("start", chromedp.Click(chromedp.ID("start-button")))
	p.Wait("running", `document.getElementById('status')?.textContent === 'running'`, 20*time.Second)
	want := "options: my_arg=9 api_key='s3cret' mode='b' verbose=True internal='x'"
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(g.out.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("the test did not start with the form's parameters; want %q in:\n%s", want, g.out)
		}
		time.Sleep(20 * time.Millisecond)
	}
	var cfg struct{ Profile string }
	resp, err := http.Get(g.url + "/ui-config")
	if err != nil {
		t.Fatal(err)
	}
	err = json.NewDecoder(resp.Body).Decode(&cfg)
	resp.Body.Close()
	if err != nil || cfg.Profile != "nightly" {
		t.Errorf("ui-config profile %q after the form set nightly", cfg.Profile)
	}
	p.CheckConsole()
	p.Close()
	if code := g.interrupt(t); code != 0 {
		t.Fatalf("gust exited with %d after Ctrl-C\n%s", code, g.out)
	}
}
