package pyhmac

import (
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/modules/pyhashlib"
	"go.starlark.net/starlark"
)

func TestCases(t *testing.T) {
	modtest.Cases(t, modtest.Spec{
		PyPrelude: "import hmac, hashlib",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			if err != nil {
				return nil, err
			}
			h, err := pyhashlib.Module(env)
			return starlark.StringDict{"hmac": m, "hashlib": h}, err
		},
	})
}
