package pydotenv

import (
	"path/filepath"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/modules/pyio"
	"github.com/gust-load/gust/starlib/modules/pyos"
	"go.starlark.net/starlark"
)

func run(t *testing.T, dir, code string) (string, *modules.Env) {
	t.Helper()
	abs, _ := filepath.Abs(dir)
	env := modtest.TestEnv(abs)
	out, err := modtest.Run(env, modtest.Spec{Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
		m, err := Module(env)
		if err != nil {
			return nil, err
		}
		o, err := pyos.Module(env)
		return starlark.StringDict{"dotenv": m, "os": o}, err
	}}, code)
	if err != nil {
		t.Fatal(err)
	}
	return out, env
}

// The values python-dotenv 1.0 gives for testdata/proj/.env.
func TestDotenvValues(t *testing.T) {
	out, _ := run(t, "testdata/proj", `p(dotenv.dotenv_values())`)
	exp := "{'HOST': 'https://staging.example.com', 'TOKEN': 'abc\\n123', 'SINGLE': 'literal https://staging.example.com \\\\n', " +
		"'UNQUOTED': 'value with spaces', 'EMPTY': '', 'BARE': None, 'URL': 'https://staging.example.com/api', " +
		"'DEFAULTED': 'fallback', 'FROM_ENV': '/home/tester/x', 'MULTI': 'line1\\nline2', 'QUOTED KEY': 'q', 'HASH': 'a#b'}\n"
	if out != exp {
		t.Fatalf("got\n%s\nwant\n%s", out, exp)
	}
}

// load_dotenv finds .env in the locustfile's folder or above, writes the
// program's os.environ (not the process's) and keeps existing values
// unless override=True.
func TestLoadDotenv(t *testing.T) {
	out, env := run(t, "testdata/proj/sub", `
os.environ["HOST"] = "keep"
p(dotenv.load_dotenv(), os.environ["HOST"], os.environ["URL"], os.getenv("BARE"), dotenv.find_dotenv().endswith("proj/.env"))
p(dotenv.load_dotenv(override=True), os.environ["HOST"])
p(dotenv.load_dotenv("missing.env"))
`)
	_ = env
	want := "True keep keep/api None True\nTrue https://staging.example.com\nFalse\n"
	if out != want {
		t.Fatalf("got %q", out)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("A=1\nexport B='x'\nC=\"y\\n\" # c\n")
	f.Add("'k\n=\"")
	f.Fuzz(func(t *testing.T, s string) {
		bs := Parse(s)
		Resolve(bs, func(string) (string, bool) { return "", false }, false, true)
	})
}

func TestCases(t *testing.T) {
	modtest.Cases(t, modtest.Spec{
		PyPrelude: "import dotenv, io\nos.environ.clear()\nos.environ.update({'GUST_TEST': '1', 'HOME': '/home/tester'})",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			if err != nil {
				return nil, err
			}
			o, err := pyos.Module(env)
			if err != nil {
				return nil, err
			}
			i, err := pyio.Module(env)
			return starlark.StringDict{"dotenv": m, "os": o, "io": i}, err
		},
	})
}
