package pyitertools

import (
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import itertools",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"itertools": m}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// A module-level cycle over test accounts feeds every user (-race): each
// next() hands out the following item, wrapping around.
func TestSharedCycle(t *testing.T) {
	mod, _ := Module(nil)
	g, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "m.py", `users = itertools.cycle(["a", "b", "c", "d"])`, starlark.StringDict{"itertools": mod})
	if err != nil {
		t.Fatal(err)
	}
	it := g["users"].(*modules.Iter)
	var wg sync.WaitGroup
	var mu sync.Mutex
	counts := map[string]int{}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			th := &starlark.Thread{}
			for j := 0; j < 100; j++ {
				v, ok, err := it.NextValue(th)
				if err != nil || !ok {
					t.Error(err, ok)
					return
				}
				mu.Lock()
				counts[string(v.(starlark.String))]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, k := range []string{"a", "b", "c", "d"} {
		if counts[k] != 200 {
			t.Fatalf("counts %v, want 200 each", counts)
		}
	}
}
