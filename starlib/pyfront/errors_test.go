package pyfront

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// TestLoadErrors checks what a user sees for programs gust must refuse:
// the position, the message and the advice.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int32
		msg, hint string
	}{
		{"syntax", "def f(:\n    pass\n", 1, 7, "invalid syntax", ""},
		{"undefined name", "def f():\n    return undefined_thing + 1\n", 2, 12, "NameError at load: name 'undefined_thing' is not defined", ""},
		{"eval", "x = eval('1')\n", 1, 5, "name 'eval' is not defined", "eval() is not available"},
		{"unknown module", "import numpy as np\n", 1, 8, "module 'numpy' is not available in gust", "random"},
		{"threading", "from threading import Thread\n", 1, 6, "module 'threading' is not available in gust", "goroutine"},
		{"unknown from", "from nowhere.sub import x\n", 1, 6, "module 'nowhere' is not available in gust", "gust provides"},
		{"generator", "def gen():\n    yield 1\n", 2, 5, "yield (generator functions) is not supported in gust", "return a list"},
		{"return at top", "return 5\n", 1, 1, "'return' outside function", ""},
		{"break outside", "def f():\n    break\n", 2, 5, "'break' outside loop", ""},
		{"nonlocal unknown", "def f():\n    def g():\n        nonlocal zz\n        zz = 1\n", 3, 18, "no binding for nonlocal 'zz' found", ""},
		{"relative at top", "from . import x\n", 1, 1, "attempted relative import with no known parent package", ""},
		{"slice assign", "l = [1, 2]\nl[0:1] = [5]\n", 2, 2, "assignment to a slice is not supported in gust", "new list"},
		{"super outside", "def f():\n    return super()\n", 2, 12, "super(): no arguments outside a method", "super(MyClass, self)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "locustfile.py")
			err := Check(Options{Filename: path, Source: []byte(tc.src), Registry: locustRegistry()})
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("got %v", err)
			}
			if le.Pos.Line != tc.line || le.Pos.Col != tc.col || !strings.Contains(le.Msg, tc.msg) || !strings.Contains(le.Hint, tc.hint) {
				t.Errorf("got %d:%d %q hint %q\nwant %d:%d %q hint containing %q", le.Pos.Line, le.Pos.Col, le.Msg, le.Hint, tc.line, tc.col, tc.msg, tc.hint)
			}
			if !strings.HasPrefix(le.Error(), path+":") || le.File != path {
				t.Errorf("error %q does not start with the file", le.Error())
			}
			if le.Excerpt() == "" || !strings.Contains(le.Excerpt(), "^") {
				t.Errorf("no excerpt for %s", le.Error())
			}
		})
	}
}

// TestCheckCollectsEveryProblem is what `gust check` relies on.
func TestCheckCollectsEveryProblem(t *testing.T) {
	src := "import numpy\nimport pandas\n\ndef f():\n    return missing_one\n\ndef g():\n    yield 2\n"
	err := Check(Options{Filename: filepath.Join(t.TempDir(), "lf.py"), Source: []byte(src), Registry: locustRegistry()})
	var list ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("got %v", err)
	}
	var lines []int32
	for _, e := range list {
		lines = append(lines, e.Pos.Line)
	}
	if len(list) != 4 || lines[0] != 1 || lines[1] != 2 || lines[2] != 5 || lines[3] != 8 {
		t.Errorf("errors at lines %v:\n%s", lines, list.Error())
	}
}

func TestImportCycle(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		filepath.Join(dir, "locustfile.py"): "import a\n",
		filepath.Join(dir, "a.py"):          "import b\n",
		filepath.Join(dir, "b.py"):          "import a\n",
	}
	opts := Options{Filename: filepath.Join(dir, "locustfile.py"), Registry: locustRegistry(),
		ReadFile: func(p string) ([]byte, error) { return []byte(files[p]), nil },
		Stat: func(p string) (bool, bool) {
			_, ok := files[p]
			return ok, false
		}}
	err := Check(opts)
	var le *LoadError
	if !errors.As(err, &le) || !strings.Contains(le.Msg, "circular import") || le.File != filepath.Join(dir, "b.py") {
		t.Fatalf("got %v", err)
	}
}

func TestMainGuardAndStarImport(t *testing.T) {
	prog, path := loadSource(t, `from locust import *

class U(HttpUser):
    wait_time = between(1, 2)

if __name__ == "__main__":
    from locust import run_single_user
    run_single_user(U)
    raise SystemExit("the guard must not run")
else:
    loaded_as = __name__
`)
	if prog.Globals["loaded_as"] != starlark.String("locustfile") || prog.Globals["__file__"] != starlark.String(path) {
		t.Errorf("__name__ %v, __file__ %v", prog.Globals["loaded_as"], prog.Globals["__file__"])
	}
	if _, ok := prog.Globals["U"].(*pyrt.Class); !ok {
		t.Errorf("U = %v", prog.Globals["U"])
	}
	for name := range prog.Globals {
		if isSynthesized(name) {
			t.Errorf("synthesized name %q leaked into Globals", name)
		}
	}
}
