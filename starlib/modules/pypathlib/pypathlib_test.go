package pypathlib

import (
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import pathlib",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"pathlib": m}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// Path(__file__).parent / "data.csv" reads beside the locustfile, wherever
// the process runs; writing is refused.
func TestLocustfileFolder(t *testing.T) {
	dir, _ := filepathAbs("testdata")
	env := modtest.TestEnv(dir)
	pre, _ := spec().Predeclared(env)
	pre["__file__"] = starlark.String(env.File)
	out, err := modtest.Run(env, modtest.Spec{Predeclared: func(*modules.Env) (starlark.StringDict, error) { return pre, nil }}, `
here = pathlib.Path(__file__).parent
p((here / "data" / "note.txt").read_text().strip())
p(pathlib.Path("data/note.txt").read_text().strip(), pathlib.Path.cwd() == here, pathlib.Path("x").resolve() == here / "x")
(here / "out.txt").write_text("x")
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "hello\nhello True True\nPermissionError: gust does not write files from locustfiles; Path("
	if !strings.HasPrefix(out, want) {
		t.Fatalf("got %q", out)
	}
}
