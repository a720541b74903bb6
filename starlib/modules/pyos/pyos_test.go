package pyos

import (
	"strings"
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import os\nos.environ.clear()\nos.environ.update({'GUST_TEST': '1', 'HOME': '/home/tester'})",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"os": m}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// Each program gets its own environment view; writes do not leak into the
// process or into another program.
func TestEnvironPerProgram(t *testing.T) {
	a := modtest.TestEnv(t.TempDir())
	b := modtest.TestEnv(t.TempDir())
	if _, err := modtest.Run(a, spec(), `os.environ["ONLY_A"] = "1"`); err != nil {
		t.Fatal(err)
	}
	out, err := modtest.Run(b, spec(), `p("ONLY_A" in os.environ)`)
	if err != nil || out != "False\n" {
		t.Fatalf("%q %v", out, err)
	}
	if _, ok := EnvironFor(a).Lookup("ONLY_A"); !ok {
		t.Fatal("write lost")
	}
}

func TestEnvironConcurrent(t *testing.T) {
	e := EnvironFor(modtest.TestEnv(t.TempDir()))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				e.Set("K"+strings.Repeat("x", i), "v")
				e.Lookup("HOME")
				_ = e.Items()
			}
		}(i)
	}
	wg.Wait()
}

func FuzzNormpath(f *testing.F) {
	for _, s := range []string{"a/./b/../c", "//a", "../../x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normpath(s)
		if Normpath(n) != n {
			t.Fatalf("normpath not idempotent: %q -> %q -> %q", s, n, Normpath(n))
		}
	})
}
