package pyre

import (
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import re",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"re": m, "int": starlark.Universe["int"], "bool": starlark.Universe["bool"]}, err
		},
	}
}

// Cases whose CPython output gust deliberately does not reproduce (RE2)
// are tested below instead; the golden file records CPython for the rest.
func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// Patterns RE2 cannot run fail with re.error naming the construct and RE2.
func TestRE2Refusals(t *testing.T) {
	for pat, what := range map[string]string{
		`foo(?=bar)`:     "lookahead",
		`foo(?!bar)`:     "lookahead",
		`(?<=\$)\d+`:     "lookbehind",
		`(?<!a)b`:        "lookbehind",
		`(a)\1`:          "backreference",
		`(?P<q>a)(?P=q)`: "named backreference",
		`(?>a)`:          "atomic group",
		`(?(1)a|b)`:      "conditional",
	} {
		out, err := modtest.Run(modtest.TestEnv(t.TempDir()), spec(), "re.compile(r'"+pat+"')")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(out, "error: "+what) || !strings.Contains(out, "RE2") {
			t.Errorf("%s: %q", pat, out)
		}
	}
}

func FuzzTranslate(f *testing.F) {
	for _, s := range []string{`(\w+)@(\w+)\.com`, `[]a]`, `x{,3}`, `(?x) a b # c`, `\Z`, `\u00e9`} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, p string, flags int) {
		_, _ = translate(p, flags)
	})
}

func BenchmarkSearchCached(b *testing.B) {
	mod, _ := Module(nil)
	fn := mod.(*modules.Module).Members["search"]
	th := &starlark.Thread{}
	args := starlark.Tuple{starlark.String(`"token":\s*"(\w+)"`), starlark.String(`{"user": 1, "token": "abc123"}`)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := starlark.Call(th, fn, args, nil); err != nil {
			b.Fatal(err)
		}
	}
}
