package pyurllib

import (
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func TestCases(t *testing.T) {
	modtest.Cases(t, modtest.Spec{
		PyPrelude: "import urllib.parse",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"urllib": m, "len": starlark.Universe["len"]}, err
		},
	})
}

func FuzzURLJoin(f *testing.F) {
	f.Add("http://a/b/c/d;p?q", "../../g")
	f.Add("https://h:1/x", "//y/z?w#v")
	f.Fuzz(func(t *testing.T, base, ref string) {
		_, _ = URLJoin(base, ref, true)
		if s, err := URLSplit(ref, "", true); err == nil {
			_ = URLUnsplit(s)
		}
	})
}

func FuzzUnquote(f *testing.F) {
	f.Add("a%20b%zz%")
	f.Fuzz(func(t *testing.T, s string) {
		if got := Unquote(Quote(s, "")); got != s && isUTF8(s) {
			t.Fatalf("unquote(quote(%q)) = %q", s, got)
		}
	})
}
