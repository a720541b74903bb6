package pyrt

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// exec runs Starlark source with the given predeclared names and returns its
// globals.
func exec(t *testing.T, src string, pre starlark.StringDict) (starlark.StringDict, error) {
	t.Helper()
	th := &starlark.Thread{Name: "test"}
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	return starlark.ExecFileOptions(opts, th, "t.py", src, pre)
}

func mustFn(t *testing.T, src, name string) *starlark.Function {
	t.Helper()
	g, err := exec(t, src, nil)
	if err != nil {
		t.Fatal(err)
	}
	return g[name].(*starlark.Function)
}

func TestMRO(t *testing.T) {
	o := MustClass("O", nil, nil)
	a := MustClass("A", []*Class{o}, nil)
	b := MustClass("B", []*Class{o}, nil)
	c := MustClass("C", []*Class{a, b}, nil)
	var names []string
	for _, k := range c.MRO() {
		names = append(names, k.Name())
	}
	if got := strings.Join(names, ","); got != "C,A,B,O" {
		t.Fatalf("MRO = %s", got)
	}
	if _, err := NewClass("Bad", []*Class{o, a}, nil, nil); err == nil {
		t.Fatal("expected an MRO conflict for (O, A)")
	}
}

func TestInstanceAttributesAndMethods(t *testing.T) {
	g, err := exec(t, `
def init(self, n):
    self.n = n
def inc(self, by=1):
    self.n = self.n + by
    return self.n
def name(self):
    return "base"
`, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := MustClass("Base", nil, map[string]starlark.Value{
		"__init__": g["init"], "inc": g["inc"], "name": g["name"], "limit": starlark.MakeInt(3),
	})
	child := MustClass("Child", []*Class{base}, map[string]starlark.Value{"limit": starlark.MakeInt(5)})
	res, err := exec(t, `
c = Child(10)
a = c.inc()
b = c.inc(by=5)
lim = c.limit
c.limit = 9
own = c.limit
cls_lim = Child.limit
kind = type(c)
`, starlark.StringDict{"Child": child})
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"a": "11", "b": "16", "lim": "5", "own": "9", "cls_lim": "5", "kind": `"Child"`} {
		if got := res[k].String(); got != want {
			t.Errorf("%s = %s, want %s", k, got, want)
		}
	}
	inst := res["c"].(*Instance)
	if !IsInstance(inst, base) || IsInstance(inst, MustClass("Other", nil, nil)) {
		t.Error("IsInstance wrong")
	}
	if _, err := inst.Attr("missing"); err == nil || !strings.Contains(err.Error(), "'Child' object has no attribute 'missing'") {
		t.Errorf("missing attribute error = %v", err)
	}
}

func TestSuperAndProperty(t *testing.T) {
	var child *Class
	supFn := starlark.NewBuiltin("sup", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return NewSuper(child, args[0])
	})
	g, err := exec(t, `
def base_hello(self):
    return "base"
def child_hello(self):
    return "child>" + sup(self).hello()
def get_double(self):
    return self.n * 2
`, starlark.StringDict{"sup": supFn})
	if err != nil {
		t.Fatal(err)
	}
	base := MustClass("Base", nil, map[string]starlark.Value{"hello": g["base_hello"]})
	child = MustClass("Child", []*Class{base}, map[string]starlark.Value{
		"hello":  g["child_hello"],
		"double": &Property{Getter: g["get_double"].(starlark.Callable)},
	})
	res, err := exec(t, "c = Child()\nc.n = 21\nh = c.hello()\nd = c.double\n", starlark.StringDict{"Child": child})
	if err != nil {
		t.Fatal(err)
	}
	if res["h"].String() != `"child>base"` || res["d"].String() != "42" {
		t.Fatalf("h=%s d=%s", res["h"], res["d"])
	}
}

func TestExceptionsStrAndRepr(t *testing.T) {
	tests := []struct {
		exc        *Error
		str, repr  string
		errorLine  string
		isLookup   bool
		isValueErr bool
	}{
		{NewError(ValueError, "bad value"), "bad value", "ValueError('bad value')", "ValueError: bad value", false, true},
		{NewErrorArgs(KeyError, starlark.String("missing")), "'missing'", "KeyError('missing')", "KeyError: 'missing'", true, false},
		{NewErrorArgs(IndexError), "", "IndexError()", "IndexError", true, false},
		{NewErrorArgs(RuntimeError, starlark.String("a"), starlark.MakeInt(1)), "('a', 1)", "RuntimeError('a', 1)", "RuntimeError: ('a', 1)", false, false},
		{NewError(JSONDecodeError, "x"), "x", "JSONDecodeError('x')", "JSONDecodeError: x", false, true},
	}
	for _, tt := range tests {
		if got := tt.exc.Message(); got != tt.str {
			t.Errorf("str = %q, want %q", got, tt.str)
		}
		if got := tt.exc.ReprText(); got != tt.repr {
			t.Errorf("repr = %q, want %q", got, tt.repr)
		}
		if got := tt.exc.Error(); got != tt.errorLine {
			t.Errorf("Error() = %q, want %q", got, tt.errorLine)
		}
		if IsInstance(tt.exc.Value, LookupError) != tt.isLookup || IsInstance(tt.exc.Value, ValueError) != tt.isValueErr {
			t.Errorf("%s: class hierarchy wrong", tt.repr)
		}
	}
	if err := ValueError.SetField("x", starlark.None); err == nil {
		t.Error("built-in exception classes must be sealed")
	}
}

// TestInterpreterErrorMapping pins the interpreter's messages for the
// library version in go.mod: if an upgrade changes them, this fails.
func TestInterpreterErrorMapping(t *testing.T) {
	tests := []struct {
		src string
		cls *Class
		str string
	}{
		{`{"a": 1}["missing"]`, KeyError, "'missing'"},
		{`{}[3]`, KeyError, "3"},
		{`[1][5]`, IndexError, ""},
		{`[].pop()`, IndexError, ""},
		{`1 // 0`, ZeroDivisionError, ""},
		{`1 / 0`, ZeroDivisionError, ""},
		{`1 % 0`, ZeroDivisionError, ""},
		{`"s".nope`, AttributeError, ""},
		{`int("x")`, ValueError, ""},
		{`float("x")`, ValueError, ""},
		{`[1].index(2)`, ValueError, ""},
		{`"a" + 1`, TypeError, ""},
		{`None()`, TypeError, ""},
		{`{[1]: 2}`, TypeError, ""},
		{`len(1)`, TypeError, ""},
		{`json.decode("bad")`, JSONDecodeError, ""},
		{`f(1, 2)`, TypeError, "f() takes 1 positional argument but 2 were given"},
		{`f()`, TypeError, "f() missing 1 required positional argument: 'a'"},
		{`f(b=1)`, TypeError, "f() got an unexpected keyword argument 'b'"},
		{`g()`, UnboundLocalError, "cannot access local variable 'x' where it is not associated with a value"},
		{`[x for x, y in [1]]`, TypeError, "cannot unpack non-iterable int object"},
		{`[x for x, y in [(1, 2, 3)]]`, ValueError, "too many values to unpack (expected 2)"},
		{`"a" < 1`, TypeError, "'<' not supported between instances of 'str' and 'int'"},
		{`-"a"`, TypeError, "bad operand type for unary -: 'str'"},
		{`1 in 2`, TypeError, "argument of type 'int' is not iterable"},
		{`"abc".index("z")`, ValueError, "substring not found"},
		{`(1)[0]`, TypeError, "'int' object is not subscriptable"},
		{`"ab"[0] = 1`, TypeError, "'str' object does not support item assignment"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			prelude := "load_json = 1\ndef f(a):\n    return a\ndef g():\n    y = x\n    x = 1\n"
			stmt := "x = " + tt.src
			if strings.Contains(tt.src, "] = ") {
				stmt = tt.src
			}
			_, err := exec(t, prelude+stmt+"\n", starlark.StringDict{"json": jsonStub()})
			if err == nil {
				t.Fatal("expected an error")
			}
			exc, ok := FromError(err)
			if !ok {
				t.Fatalf("not converted: %v", err)
			}
			if exc.Class() != tt.cls {
				t.Fatalf("%v -> %s, want %s", err, exc.Class().Name(), tt.cls.Name())
			}
			if tt.str != "" && exc.Message() != tt.str {
				t.Errorf("str = %q, want %q", exc.Message(), tt.str)
			}
			if !errors.Is(exc, exc.Cause) && exc.Cause == nil {
				t.Error("cause not kept")
			}
		})
	}
}

func jsonStub() starlark.Value {
	// The real json module lives elsewhere; decoding errors carry this
	// prefix in go.starlark.net's lib/json.
	return &stubModule{starlark.NewBuiltin("json.decode", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return nil, errors.New("json.decode: at offset 0, unexpected character 'b'")
	})}
}

type stubModule struct{ decode *starlark.Builtin }

func (s *stubModule) String() string        { return "<module json>" }
func (s *stubModule) Type() string          { return "module" }
func (s *stubModule) Freeze()               {}
func (s *stubModule) Truth() starlark.Bool  { return true }
func (s *stubModule) Hash() (uint32, error) { return 1, nil }
func (s *stubModule) Attr(n string) (starlark.Value, error) {
	if n == "decode" {
		return s.decode, nil
	}
	return nil, nil
}
func (s *stubModule) AttrNames() []string { return []string{"decode"} }

func TestUserRaisedExceptionFound(t *testing.T) {
	raise := starlark.NewBuiltin("raise_", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		exc, err := MakeException(th, args[0])
		if err != nil {
			return nil, err
		}
		return nil, exc
	})
	_, err := exec(t, "def f():\n    raise_(ValueError)\nf()\n", starlark.StringDict{"raise_": raise, "ValueError": ValueError})
	exc, ok := FromError(err)
	if !ok || exc.Class() != ValueError {
		t.Fatalf("got %v", err)
	}
	var ee *starlark.EvalError
	if !errors.As(err, &ee) || len(ee.CallStack) < 2 {
		t.Fatalf("no call stack kept: %v", err)
	}
}

func TestSharedInstanceConcurrentUpdates(t *testing.T) {
	c := MustClass("Counter", nil, nil)
	inst := NewInstance(c)
	inst.SetFieldDirect("n", starlark.MakeInt(0))
	inst.Freeze()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 1000; i++ {
				_, _ = inst.UpdateField("n", func(old starlark.Value) (starlark.Value, error) {
					return starlark.Binary(syntax.PLUS, old, starlark.MakeInt(1))
				})
			}
		}()
	}
	wg.Wait()
	if v, _ := inst.Field("n"); v.String() != "8000" {
		t.Fatalf("n = %s, want 8000", v)
	}
}

func TestClassSetFieldAfterFreezeIsSafe(t *testing.T) {
	c := MustClass("U", nil, map[string]starlark.Value{"n": starlark.MakeInt(0)})
	c.Freeze()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				_ = c.SetField("n", starlark.MakeInt(i))
				_, _ = c.Attr("n")
			}
		}(g)
	}
	wg.Wait()
	if _, err := c.Attr("n"); err != nil {
		t.Fatal(err)
	}
}

func TestQuoteAndFloatRepr(t *testing.T) {
	for in, want := range map[string]string{"a": "'a'", "it's": `"it's"`, `a"b'c`: `'a"b\'c'`, "x\ny": `'x\ny'`, "é": "'é'"} {
		if got := QuoteString(in); got != want {
			t.Errorf("QuoteString(%q) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[float64]string{33: "33.0", 0: "0.0", 0.1: "0.1", 1e-05: "1e-05", 1e16: "1e+16", 2.5e-7: "2.5e-07", 123456789.125: "123456789.125", -1.5: "-1.5"} {
		if got := FloatRepr(in); got != want {
			t.Errorf("FloatRepr(%v) = %s, want %s", in, got, want)
		}
	}
	l := starlark.NewList([]starlark.Value{starlark.String("a"), starlark.MakeInt(1), starlark.None, starlark.True, starlark.Float(2)})
	if got := Repr(l); got != "['a', 1, None, True, 2.0]" {
		t.Errorf("Repr(list) = %s", got)
	}
	if got := Repr(starlark.Tuple{starlark.String("x")}); got != "('x',)" {
		t.Errorf("Repr(tuple) = %s", got)
	}
}
