package pyrt

import (
	"bytes"
	"strings"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

var testOpts = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}

// routeMethods does, for a test expression, what the lowering does for
// method calls: x.name(args) with a Python-only name becomes
// __callm(x, "name", args).
func routeMethods(e syntax.Expr) syntax.Expr {
	switch x := e.(type) {
	case *syntax.CallExpr:
		for i, a := range x.Args {
			x.Args[i] = routeMethods(a)
		}
		if d, ok := x.Fn.(*syntax.DotExpr); ok && IsPythonMethod(d.Name.Name) {
			args := append([]syntax.Expr{routeMethods(d.X), &syntax.Literal{Token: syntax.STRING, Value: d.Name.Name}}, x.Args...)
			x.Fn = &syntax.Ident{Name: "__callm"}
			x.Args = args
			return x
		}
		x.Fn = routeMethods(x.Fn)
	case *syntax.DotExpr:
		x.X = routeMethods(x.X)
	case *syntax.BinaryExpr:
		x.X, x.Y = routeMethods(x.X), routeMethods(x.Y)
	case *syntax.IndexExpr:
		x.X, x.Y = routeMethods(x.X), routeMethods(x.Y)
	case *syntax.ListExpr:
		for i, a := range x.List {
			x.List[i] = routeMethods(a)
		}
	case *syntax.TupleExpr:
		for i, a := range x.List {
			x.List[i] = routeMethods(a)
		}
	case *syntax.ParenExpr:
		x.X = routeMethods(x.X)
	}
	return e
}

// evalPy evaluates a Python expression that is also valid Starlark
// against the predeclared environment.
func evalPy(t *testing.T, src string) (starlark.Value, error) {
	t.Helper()
	expr, err := testOpts.ParseExpr("expr.py", src, 0)
	if err != nil {
		t.Fatalf("%s: %v", src, err)
	}
	env := Predeclared(Options{Stdout: &bytes.Buffer{}})
	return starlark.EvalExprOptions(testOpts, &starlark.Thread{Name: "test"}, routeMethods(expr), env)
}

func TestBuiltinsMatchCPython(t *testing.T) {
	for _, row := range readJSONL(t, "testdata/builtins.jsonl") {
		src := row[0].(string)
		v, err := evalPy(t, src)
		if row[2] != nil {
			want := row[2].([]any)
			exc, ok := FromError(err)
			if err == nil || !ok {
				t.Errorf("%s = %v, want %s: %s", src, v, want[0], want[1])
				continue
			}
			if exc.Class().Name() != want[0].(string) || exc.Message() != want[1].(string) {
				t.Errorf("%s raised %s: %s (from %v); want %s: %s", src, exc.Class().Name(), exc.Message(), err, want[0], want[1])
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		if got := Repr(v); got != row[1].(string) {
			t.Errorf("%s = %s, want %s", src, got, row[1])
		}
	}
}

func TestPrint(t *testing.T) {
	var out bytes.Buffer
	env := Predeclared(Options{Stdout: &out})
	src := `
print("a", 1, None, [1, "x"], {"k": 2.0})
print("a", "b", sep="-", end="!\n")
print()
print("no newline", end="")
print(KeyError("k"), ValueError("v"))
print("flush", flush=True, file=None)
`
	if _, err := starlark.ExecFileOptions(testOpts, &starlark.Thread{}, "p.py", src, env); err != nil {
		t.Fatal(err)
	}
	want := "a 1 None [1, 'x'] {'k': 2.0}\na-b!\n\nno newline'k' v\nflush\n"
	if out.String() != want {
		t.Errorf("print output:\n%q\nwant\n%q", out.String(), want)
	}
}

func TestTypeObjectsAreStable(t *testing.T) {
	v, err := evalPy(t, `[type(1) == type(2), type("a") != type(1), str(type([])), type(type(1)) == type]`)
	if err != nil {
		t.Fatal(err)
	}
	if got := Repr(v); got != "[True, True, \"<class 'list'>\", True]" {
		t.Errorf("got %s", got)
	}
	if !Is(TypeOf(starlark.MakeInt(1)), TypeOf(starlark.MakeInt(7))) {
		t.Error("type(1) is type(7) should hold")
	}
}

func TestIterationOverStringsAndInstances(t *testing.T) {
	env := Predeclared(Options{})
	g, err := starlark.ExecFileOptions(testOpts, &starlark.Thread{}, "i.py", `
chars = [c for c in __iter("héllo")]
joined = __callm("", "join", [c.upper() for c in __iter("abc")])
it = iter([1, 2])
a = next(it)
b = next(it)
c = next(it, "done")
`, env)
	if err != nil {
		t.Fatal(err)
	}
	if got := Repr(g["chars"]); got != "['h', 'é', 'l', 'l', 'o']" {
		t.Errorf("chars = %s", got)
	}
	if got := Repr(g["joined"]); got != "'ABC'" {
		t.Errorf("joined = %s", got)
	}
	if got := Repr(starlark.Tuple{g["a"], g["b"], g["c"]}); got != "(1, 2, 'done')" {
		t.Errorf("next = %s", got)
	}
	if _, err := evalPy(t, `next(iter([]))`); err == nil || !strings.Contains(err.Error(), "StopIteration") {
		t.Errorf("next on an exhausted iterator: %v", err)
	}
}
