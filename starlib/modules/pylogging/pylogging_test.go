package pylogging

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

// recorder is a slog.Handler that keeps "LEVEL logger: message" lines.
type recorder struct {
	mu    *sync.Mutex
	lines *[]string
	attrs []slog.Attr
}

func newRecorder() *recorder { return &recorder{mu: &sync.Mutex{}, lines: new([]string)} }

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	var logger string
	var extra []string
	rec.Attrs(func(a slog.Attr) bool {
		if a.Key == "logger" {
			logger = a.Value.String()
		} else {
			extra = append(extra, a.Key+"="+a.Value.String())
		}
		return true
	})
	line := fmt.Sprintf("%s %s: %s", rec.Level, logger, rec.Message)
	if len(extra) > 0 {
		line += " " + strings.Join(extra, " ")
	}
	r.mu.Lock()
	*r.lines = append(*r.lines, line)
	r.mu.Unlock()
	return nil
}
func (r *recorder) WithAttrs(a []slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler        { return r }
func (r *recorder) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(*r.lines, "\n")
}

func run(t *testing.T, code string) (string, string) {
	t.Helper()
	rec := newRecorder()
	env := modtest.TestEnv(t.TempDir())
	env.Logger = slog.New(rec)
	out, err := modtest.Run(env, modtest.Spec{Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
		m, err := Module(env)
		return starlark.StringDict{"logging": m}, err
	}}, code)
	if err != nil {
		t.Fatal(err)
	}
	return rec.text(), out
}

func TestLogging(t *testing.T) {
	for _, tc := range []struct{ name, code, want string }{
		{"root default INFO", `logging.debug("no"); logging.info("yes %s", 1); logging.warning("w"); logging.error("e %d%%", 5); logging.critical("c")`,
			"INFO root: yes 1\nWARN root: w\nERROR root: e 5%\nERROR+4 root: c"},
		{"percent args", `logging.info("%s has %d items (%.2f)", "cart", 3, 1.5); logging.info("%(user)s in", {"user": "ann"}); logging.info("no args %s")`,
			"INFO root: cart has 3 items (1.50)\nINFO root: ann in\nINFO root: no args %s"},
		{"bad args kept", `logging.info("%d", "x")`, "INFO root: %d ('x',) (logging: "},
		{"named logger", `log = logging.getLogger("shop.cart"); log.info("added %s", "x"); log.debug("hidden")`, "INFO shop.cart: added x"},
		{"setLevel", `log = logging.getLogger("a"); log.setLevel(logging.DEBUG); log.debug("d"); logging.getLogger("a.b").debug("child")`,
			"DEBUG a: d\nDEBUG a.b: child"},
		{"setLevel names", `log = logging.getLogger("b"); log.setLevel("ERROR"); log.warning("w"); log.error("e")`, "ERROR b: e"},
		{"basicConfig", `logging.basicConfig(level=logging.WARNING, format="%(message)s"); logging.info("i"); logging.warning("w")`, "WARN root: w"},
		{"exception and log", `logging.exception("boom"); logging.log(logging.WARNING, "x=%s", 2)`, "ERROR root: boom\nWARN root: x=2"},
		{"extra", `logging.info("m", extra={"user_id": 7})`, "INFO root: m user_id=7"},
		{"disable", `logging.disable(logging.INFO); logging.info("x"); logging.warning("y")`, "WARN root: y"},
		{"handlers inert", `h = logging.StreamHandler(); h.setFormatter(logging.Formatter("%(message)s")); logging.getLogger().addHandler(h); logging.info("ok")`, "INFO root: ok"},
		{"disabled logger", `l = logging.getLogger("q"); l.disabled = True; l.error("x")`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, out := run(t, tc.code)
			if strings.HasSuffix(tc.want, "(logging: ") {
				if !strings.HasPrefix(got, tc.want) {
					t.Fatalf("got %q", got)
				}
				return
			}
			if got != tc.want {
				t.Fatalf("records:\n%s\nwant:\n%s\noutput: %s", got, tc.want, out)
			}
		})
	}
}

func TestModuleValues(t *testing.T) {
	_, out := run(t, `
p(logging.INFO, logging.DEBUG, logging.WARNING, logging.ERROR, logging.CRITICAL, logging.WARN, logging.FATAL, logging.NOTSET)
p(logging.getLevelName(20), logging.getLevelName("ERROR"), logging.getLevelName(5))
l = logging.getLogger("x.y")
p(l.name, l.level, l.getEffectiveLevel(), repr(l), logging.getLogger() == logging.root, l.getChild("z").name)
p(logging.getLogger("x.y") == l, l.isEnabledFor(logging.DEBUG), l.isEnabledFor(logging.INFO))
`)
	want := "20 10 30 40 50 30 50 0\nINFO 40 Level 5\nx.y 0 20 <Logger x.y (INFO)> True x.y.z\nTrue False True\n"
	if out != want {
		t.Fatalf("got %q want %q", out, want)
	}
}

func TestRefusesFileLogging(t *testing.T) {
	_, out := run(t, `logging.basicConfig(filename="x.log")`)
	if !strings.HasPrefix(out, "PermissionError: gust does not write files") {
		t.Fatalf("got %q", out)
	}
	_, out = run(t, `logging.FileHandler("x.log")`)
	if !strings.HasPrefix(out, "AttributeError: logging.FileHandler is not available in gust") {
		t.Fatalf("got %q", out)
	}
}

// Many users logging through one module-level logger at once (-race).
func TestConcurrentLogging(t *testing.T) {
	rec := newRecorder()
	env := modtest.TestEnv(t.TempDir())
	env.Logger = slog.New(rec)
	mod, _ := Module(env)
	g, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "m.py", `log = logging.getLogger("load")`, starlark.StringDict{"logging": mod})
	if err != nil {
		t.Fatal(err)
	}
	g.Freeze()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			code := fmt.Sprintf("for i in range(50):\n    log.info('user %d iteration %%d', i)\n    log.setLevel(logging.INFO)\n", i)
			pre := starlark.StringDict{"log": g["log"], "logging": mod}
			if _, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "u.py", code, pre); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if n := strings.Count(rec.text(), "\n") + 1; n != 400 {
		t.Fatalf("%d records, want 400", n)
	}
}
