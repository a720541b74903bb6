package pyio

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import io",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"io": m, "open": Open(env)}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// Writing modes are refused with gust's own message (CPython would write).
func TestOpenRefusesWriting(t *testing.T) {
	env := modtest.TestEnv(t.TempDir())
	for _, mode := range []string{"w", "a", "x", "r+", "wb", "ab"} {
		out, err := modtest.Run(env, spec(), `open("out.txt", "`+mode+`")`)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, "PermissionError: gust does not write files from locustfiles; open('out.txt', '"+mode+"') was refused") {
			t.Errorf("mode %q: %q", mode, out)
		}
	}
}

// Relative paths resolve against the locustfile's folder, not the process's
// working directory.
func TestOpenRelativeToLocustfile(t *testing.T) {
	dir, err := filepathAbs("testdata/sub")
	if err != nil {
		t.Fatal(err)
	}
	env := modtest.TestEnv(dir)
	out, err := modtest.Run(env, spec(), `p(open("inner.txt").read()); p(open("../lines.txt").readline())`)
	if err != nil {
		t.Fatal(err)
	}
	if out != "x\nalpha\n\n" {
		t.Errorf("got %q", out)
	}
	_, err = OpenPath(env, "lines.txt", "r", "", "", starlark.None)
	var pe *pyrt.Error
	if !errors.As(err, &pe) || pe.Class() != pyrt.FileNotFoundError {
		t.Errorf("lines.txt resolved outside the locustfile folder: %v", err)
	}
}

// A module-level file read by many users at once hands every line out once.
func TestConcurrentNext(t *testing.T) {
	env := modtest.TestEnv(t.TempDir())
	f := NewStringIO(strings.Repeat("line\n", 1000))
	_ = env
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			th := &starlark.Thread{}
			for {
				_, ok, err := f.NextValue(th)
				if err != nil || !ok {
					return
				}
				mu.Lock()
				n++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if n != 1000 {
		t.Fatalf("read %d lines, want 1000", n)
	}
}
