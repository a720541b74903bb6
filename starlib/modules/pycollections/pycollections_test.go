package pycollections

import (
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import collections",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"collections": m}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// A module-level deque of accounts popped by many users hands each out
// once; a shared Counter and defaultdict take concurrent updates (-race).
func TestSharedContainers(t *testing.T) {
	mod, _ := Module(nil)
	g, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "m.py", `
accounts = collections.deque(["u%d" % i for i in range(400)])
hits = collections.Counter()
by_user = collections.defaultdict(list)
`, starlark.StringDict{"collections": mod})
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range g {
		g[k] = pyrt.Share(v)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[string]bool{}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				v, err := starlark.EvalOptions(modtest.Options, &starlark.Thread{}, "u.py", `accounts.popleft()`, g)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "u.py", "hits['n'] += 1\nby_user['k'].append(1)\n", g); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got[string(v.(starlark.String))] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(got) != 400 {
		t.Fatalf("%d distinct accounts, want 400", len(got))
	}
	if n := g["accounts"].(*Deque).Len(); n != 0 {
		t.Fatalf("%d accounts left", n)
	}
}
