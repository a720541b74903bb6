package pyrandom

import (
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import random",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"random": m, "set": starlark.Universe["set"], "min": starlark.Universe["min"],
				"max": starlark.Universe["max"], "type": starlark.Universe["type"]}, err
		},
		Thread: func(th *starlark.Thread) { thread.SetRand(th, rand.New(rand.NewPCG(1, 2))) },
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

func draw(t *testing.T, th *starlark.Thread, mod starlark.Value, code string) string {
	t.Helper()
	m := mod.(*modules.Module)
	v, err := starlark.EvalOptions(modtest.Options, th, "x.py", code, starlark.StringDict{"random": m})
	if err != nil {
		t.Fatal(err)
	}
	return v.String()
}

// A seed makes one user's sequence repeatable, and seeding one user does
// not touch another's generator.
func TestSeedPerThread(t *testing.T) {
	mod, _ := Module(nil)
	a := &starlark.Thread{}
	b := &starlark.Thread{}
	thread.SetRand(a, rand.New(rand.NewPCG(1, 1)))
	thread.SetRand(b, rand.New(rand.NewPCG(1, 1)))
	seq := "[random.randint(0, 1000000) for i in range(8)]"
	draw(t, a, mod, "random.seed(99)")
	first := draw(t, a, mod, seq)
	bBefore := draw(t, b, mod, seq)
	draw(t, a, mod, "random.seed(99)")
	if again := draw(t, a, mod, seq); again != first {
		t.Fatalf("seed(99) did not repeat: %s vs %s", first, again)
	}
	c := &starlark.Thread{}
	thread.SetRand(c, rand.New(rand.NewPCG(1, 1)))
	if got := draw(t, c, mod, seq); got != bBefore {
		t.Fatalf("seeding user a changed user b's stream: %s vs %s", got, bBefore)
	}
	if first == bBefore {
		t.Fatal("seeded and unseeded sequences coincide")
	}
}

// Many users drawing at once share nothing (run with -race).
func TestConcurrentUsers(t *testing.T) {
	mod, _ := Module(nil)
	prog := `
for i in range(200):
    random.random()
    random.choice([1, 2, 3])
    random.shuffle(list(range(10)))
    random.choices([1, 2], weights=[1, 3], k=3)
`
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			th := &starlark.Thread{}
			thread.SetRand(th, rand.New(rand.NewPCG(uint64(g), 0)))
			if _, err := starlark.ExecFileOptions(modtest.Options, th, "x.py", prog, starlark.StringDict{"random": mod}); err != nil {
				t.Error(err)
			}
		}(g)
	}
	wg.Wait()
}

// A module-level random.Random() is shared by all users and locks itself.
func TestSharedRandomObject(t *testing.T) {
	mod, _ := Module(nil)
	g, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "x.py", "r = random.Random(1)", starlark.StringDict{"random": mod})
	if err != nil {
		t.Fatal(err)
	}
	g.Freeze()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "y.py", "for i in range(300):\n    r.random()\n", g); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}

func BenchmarkRandint(b *testing.B) {
	mod, _ := Module(nil)
	fn := mod.(*modules.Module).Members["randint"]
	th := &starlark.Thread{}
	thread.SetRand(th, rand.New(rand.NewPCG(1, 2)))
	args := starlark.Tuple{starlark.MakeInt(1), starlark.MakeInt(100)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := starlark.Call(th, fn, args, nil); err != nil {
			b.Fatal(err)
		}
	}
}
