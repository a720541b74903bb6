package pyrt

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"go.starlark.net/starlark"
)

// initShared runs a module the way the loader does: top level, then
// __share of the globals, then freeze; it returns the frozen globals.
func initShared(t *testing.T, src string, names ...string) starlark.StringDict {
	t.Helper()
	share := ""
	for i, n := range names {
		if i > 0 {
			share += ", "
		}
		share += n
	}
	if len(names) == 1 {
		src += "\n" + share + " = __share(" + share + ")\n"
	} else if len(names) > 1 {
		src += "\n" + share + " = __share(" + share + ")\n"
	}
	_, prog, err := starlark.SourceProgramOptions(testOpts, "shared.py", src, Predeclared(Options{}).Has)
	if err != nil {
		t.Fatal(err)
	}
	g, err := prog.Init(&starlark.Thread{Name: "init"}, Predeclared(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	g.Freeze()
	return g
}

// TestSharedStateUnderConcurrency is the shared-state promise: 100 users
// pop distinct accounts from a module-level list and bump module-level
// counters (a dict entry, a global name, an instance field, a class
// attribute) with no lost update, no frozen error and no data race.
func TestSharedStateUnderConcurrency(t *testing.T) {
	const users, perUser = 100, 10
	g := initShared(t, `
ACCOUNTS = [{"user": "u%d" % i} for i in range(1000)]
seen = {"n": 0, "popped": []}
__G = __globals()
__G["counter"] = 0
Counter = __make_class("Counter", (), {"hits": 0}, "m")
box = Counter()
box.n = 0

def task():
    acct = ACCOUNTS.pop()
    acct["owner"] = "me"          # mutate the popped (shared) element
    __aug_item(seen, "n", "+", 1)
    seen["popped"].append(acct["user"])
    __aug_item(__G, "counter", "+", 1)
    __aug_attr(box, "n", "+", 1)
    __aug_attr(Counter, "hits", "+", 1)
    return acct
`, "ACCOUNTS", "seen", "__G", "Counter", "box")
	task := g["task"]
	var wg sync.WaitGroup
	errs := make(chan error, users)
	for u := 0; u < users; u++ {
		wg.Add(1)
		go func(u int) {
			defer wg.Done()
			th := &starlark.Thread{Name: fmt.Sprintf("vu-%d", u)}
			for i := 0; i < perUser; i++ {
				if _, err := starlark.Call(th, task, nil, nil); err != nil {
					errs <- err
					return
				}
			}
		}(u)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	total := users * perUser
	if n := g["ACCOUNTS"].(*SharedList).Len(); n != 1000-total {
		t.Errorf("%d accounts left, want %d", n, 1000-total)
	}
	seen := g["seen"].(*SharedDict)
	n, _, _ := seen.Get(starlark.String("n"))
	popped, _, _ := seen.Get(starlark.String("popped"))
	names := map[string]bool{}
	for _, v := range popped.(*SharedList).Snapshot() {
		names[string(v.(starlark.String))] = true
	}
	counter, _, _ := g["__G"].(*SharedDict).Get(starlark.String("counter"))
	boxN, _ := g["box"].(*Instance).Field("n")
	hits, _ := g["Counter"].(*Class).Attr("hits")
	for what, v := range map[string]starlark.Value{"seen[n]": n, "global counter": counter, "box.n": boxN, "Counter.hits": hits} {
		if v.String() != fmt.Sprint(total) {
			t.Errorf("%s = %s, want %d", what, v, total)
		}
	}
	if len(names) != total {
		t.Errorf("%d distinct accounts popped, want %d", len(names), total)
	}
}

func TestShareIsDeepAndKeepsAliases(t *testing.T) {
	g := initShared(t, `
inner = [1]
A = {"l": inner, "t": (inner, 2), "s": set([1])}
B = inner
`, "A", "B")
	a := g["A"].(*SharedDict)
	l, _, _ := a.Get(starlark.String("l"))
	if l != g["B"] {
		t.Error("alias broken: A['l'] and B must be the same shared list")
	}
	tup, _, _ := a.Get(starlark.String("t"))
	if tup.(starlark.Tuple)[0] != l {
		t.Error("tuple element not shared with the same list")
	}
	s, _, _ := a.Get(starlark.String("s"))
	if _, ok := s.(*SharedSet); !ok {
		t.Errorf("set became %T", s)
	}
	plain := Plain(a)
	if _, ok := plain.(*starlark.Dict); !ok || Repr(plain) != "{'l': [1], 't': ([1], 2), 's': {1}}" {
		t.Errorf("Plain = %T %s", plain, Repr(plain))
	}
}

func TestSharedContainersBehaveLikeLists(t *testing.T) {
	g := initShared(t, `
L = [3, 1, 2]
D = {"a": 1}
`, "L", "D")
	env := Predeclared(Options{})
	env["L"], env["D"] = g["L"], g["D"]
	exprs := map[string]string{
		`len(L)`:                 "3",
		`2 in L`:                 "True",
		`L[0]`:                   "3",
		`L[-1]`:                  "2",
		`L[1:]`:                  "[1, 2]",
		`L + [9]`:                "[3, 1, 2, 9]",
		`[0] + L`:                "[0, 3, 1, 2]",
		`sorted(L)`:              "[1, 2, 3]",
		`[x * 2 for x in L]`:     "[6, 2, 4]",
		`str(L)`:                 "'[3, 1, 2]'",
		`isinstance(L, list)`:    "True",
		`type(L) == list`:        "True",
		`D["a"]`:                 "1",
		`D.get("b", 5)`:          "5",
		`"a" in D`:               "True",
		`list(D)`:                "['a']",
		`dict(D)`:                "{'a': 1}",
		`D.items()`:              "[('a', 1)]",
		`__callm(L, "index", 1)`: "1",
		`__callm(L, "count", 3)`: "1",
		`isinstance(D, dict)`:    "True",
		`{"x": 1} | {"y": 2} == {"x": 1, "y": 2}`: "True",
	}
	keys := make([]string, 0, len(exprs))
	for k := range exprs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, src := range keys {
		expr, err := testOpts.ParseExpr("e.py", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		v, err := starlark.EvalExprOptions(testOpts, &starlark.Thread{}, expr, env)
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got := Repr(v); got != exprs[src] {
			t.Errorf("%s = %s, want %s", src, got, exprs[src])
		}
	}
	for _, src := range []string{`L[10]`, `D["zz"]`, `L.pop(50)`} {
		expr, _ := testOpts.ParseExpr("e.py", src, 0)
		_, err := starlark.EvalExprOptions(testOpts, &starlark.Thread{}, expr, env)
		if exc, ok := FromError(err); !ok || !exc.Class().IsSubclass(LookupError) {
			t.Errorf("%s: got %v, want a LookupError", src, err)
		}
	}
}

func TestGlobalsDictRaisesNameError(t *testing.T) {
	g := NewGlobals()
	_, _, err := g.Get(starlark.String("counter"))
	exc, ok := FromError(err)
	if !ok || exc.Class() != NameError || exc.Message() != "name 'counter' is not defined" {
		t.Fatalf("got %v", err)
	}
}

func TestCellsUnboundLocal(t *testing.T) {
	c := NewCells()
	_, _, err := c.Get(starlark.String("x"))
	if exc, ok := FromError(err); !ok || exc.Class() != UnboundLocalError {
		t.Fatalf("got %v", err)
	}
	_ = c.SetKey(starlark.String("x"), starlark.NewList(nil))
	c.Freeze()
	v, _, err := c.Get(starlark.String("x"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := v.(*SharedList); !ok {
		t.Errorf("a frozen cell holds %T, want a shared list", v)
	}
}
