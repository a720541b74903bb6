package pyuuid

import (
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func TestCases(t *testing.T) {
	modtest.Cases(t, modtest.Spec{
		PyPrelude: "import uuid",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"uuid": m}, err
		},
	})
}

func TestUUID4Unique(t *testing.T) {
	seen := map[UUID]bool{}
	for i := 0; i < 10000; i++ {
		u := New4()
		if seen[u] {
			t.Fatal("duplicate uuid4")
		}
		seen[u] = true
	}
}

func FuzzParse(f *testing.F) {
	f.Add("12345678-1234-5678-1234-567812345678")
	f.Add("{urn:uuid:x}")
	f.Fuzz(func(t *testing.T, s string) {
		u, err := Parse(s)
		if err == nil {
			if v, err := Parse(u.String()); err != nil || v != u {
				t.Fatalf("round trip of %q failed", s)
			}
		}
	})
}
