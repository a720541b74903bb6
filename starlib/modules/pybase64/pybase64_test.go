package pybase64

import (
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func TestCases(t *testing.T) {
	modtest.Cases(t, modtest.Spec{
		PyPrelude: "import base64",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"base64": m}, err
		},
	})
}

func FuzzDecode64(f *testing.F) {
	k := &kit{errCls: nil}
	for _, s := range []string{"YWJj", "YQ===", "=YQ==", "a", "ab!c=="} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic on %q: %v", b, r)
			}
		}()
		if k.errCls == nil {
			k = &kit{errCls: mustErr()}
		}
		_, _ = k.Decode64(b)
	})
}
