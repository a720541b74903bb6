package pycopy

import (
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/modules/pycollections"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import copy",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"copy": m}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// deepcopy of a frozen or shared module-level template gives a mutable copy.
func TestCopyOfSharedTemplate(t *testing.T) {
	cm, _ := Module(nil)
	col, _ := pycollections.Module(nil)
	g, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "m.py",
		`TEMPLATE = {"user": {"tags": ["a"]}, "n": 1}
Q = collections.deque([{"k": 1}])
C = collections.Counter(a=1)`, starlark.StringDict{"copy": cm, "collections": col})
	if err != nil {
		t.Fatal(err)
	}
	shared := starlark.StringDict{"copy": cm}
	for k, v := range g {
		shared[k] = pyrt.Share(v)
	}
	out, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "u.py", `
p = copy.deepcopy(TEMPLATE)
p["user"]["tags"].append("b")
p["n"] = 2
q = copy.deepcopy(Q)
q.append(2)
c = copy.copy(C)
c["a"] += 5
r = [p["user"]["tags"], TEMPLATE["user"]["tags"], len(q), len(Q), c["a"], C["a"]]
`, shared)
	if err != nil {
		t.Fatal(err)
	}
	if got := pyrt.Repr(out["r"]); got != "[['a', 'b'], ['a'], 2, 1, 6, 1]" {
		t.Fatalf("got %s", got)
	}
}

func TestCopyInstance(t *testing.T) {
	cls := pyrt.MustClass("Box", nil, nil)
	inst := pyrt.NewInstance(cls)
	inst.SetFieldDirect("items", starlark.NewList([]starlark.Value{starlark.MakeInt(1)}))
	th := &starlark.Thread{}
	for _, deep := range []bool{false, true} {
		v, err := Copy(th, inst, deep)
		if err != nil {
			t.Fatal(err)
		}
		c := v.(*pyrt.Instance)
		items, _ := c.Field("items")
		orig, _ := inst.Field("items")
		if (items == orig) == deep {
			t.Fatalf("deep=%v: shared list %v", deep, items == orig)
		}
	}
}
