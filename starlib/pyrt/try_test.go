package pyrt

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// runScript executes Starlark source (written in the shape the lowering
// produces) and returns what it printed.
func runScript(t *testing.T, src string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	_, err := starlark.ExecFileOptions(testOpts, &starlark.Thread{Name: "t"}, "/abs/t.py", src, Predeclared(Options{Stdout: &out}))
	return out.String(), err
}

func TestTryExceptElseFinally(t *testing.T) {
	out, err := runScript(t, `
def f(key):
    def body():
        print("body")
        return (1, {"a": 1}[key])
    def h0(e):
        print("caught", type(e).__name__, str(e), repr(e), e.args)
        return (1, -1)
    def orelse():
        print("else")
    def fin():
        print("finally")
    r = __try(body, ((KeyError, h0),), orelse, fin)
    if r != None:
        if r[0] == 1:
            return r[1]
    return None

print(f("a"))
print(f("b"))

def g():
    def body():
        __raise(ValueError("bad value"))
    def h0(e):
        print("h0", e)
    def h1(e):
        print("h1", e)
    __try(body, (((KeyError, IndexError), h0), (Exception, h1)), None, None)
g()

def fin_wins():
    def body():
        return (1, "body")
    def fin():
        return (1, "finally")
    r = __try(body, (), None, fin)
    return r[1]
print(fin_wins())
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "body\nfinally\n1\nbody\ncaught KeyError 'b' KeyError('b') ('b',)\nfinally\n-1\nh1 bad value\nfinally\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

func TestUncaughtKeepsOriginalTraceback(t *testing.T) {
	_, err := runScript(t, `
def inner():
    return {}["missing"]
def outer():
    def body():
        inner()
    def h0(e):
        __reraise(e)
    __try(body, ((KeyError, h0),), None, None)
outer()
`)
	if err == nil {
		t.Fatal("expected an error")
	}
	src := NewSources()
	src.Add("/abs/t.py", "\ndef inner():\n    return {}[\"missing\"]\ndef outer():\n    def body():\n        inner()\n")
	se := NewScriptError(err, src)
	if se.Message() != "'missing'" || se.Error() != "KeyError: 'missing'" {
		t.Errorf("message %q / %q", se.Message(), se.Error())
	}
	tb := se.Traceback()
	// The innermost frames are those of the original raise, not of the
	// handler that re-raised it.
	if !strings.Contains(tb, "line 3, in inner\n    return {}[\"missing\"]\n") || !strings.Contains(tb, "in body") {
		t.Errorf("traceback:\n%s", tb)
	}
	if strings.Contains(tb, "__try") || strings.Contains(tb, "<builtin>") {
		t.Errorf("helper frames leaked:\n%s", tb)
	}
	if !strings.HasPrefix(se.Format(), "Traceback (most recent call last):\n  File \"/abs/t.py\"") || !strings.HasSuffix(se.Format(), "KeyError: 'missing'\n") {
		t.Errorf("format:\n%s", se.Format())
	}
}

func TestCancellationIsNeverCaught(t *testing.T) {
	th := &starlark.Thread{}
	_, prog, err := starlark.SourceProgramOptions(testOpts, "c.py", `
def loop():
    def body():
        n = 0
        while True:
            n += 1
    def h0(e):
        print("caught", e)
    __try(body, ((BaseException, h0),), None, None)
`, Predeclared(Options{}).Has)
	if err != nil {
		t.Fatal(err)
	}
	g, err := prog.Init(th, Predeclared(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	LimitSteps(th, 10000)
	_, err = starlark.Call(th, g["loop"], nil, nil)
	if !IsCancellation(err) {
		t.Fatalf("got %v, want a cancellation", err)
	}
	se := NewScriptError(err, nil)
	if !strings.HasPrefix(se.Message(), "task cancelled: exceeded its budget of 10000 steps") {
		t.Errorf("message %q", se.Message())
	}
}

func TestWithProtocol(t *testing.T) {
	out, err := runScript(t, `
def init(self, name, suppress):
    self.name = name
    self.suppress = suppress
def enter(self):
    print("enter", self.name)
    return self.name.upper()
def exit(self, typ, val, tb):
    print("exit", self.name, typ, val, tb)
    return self.suppress
CM = __make_class("CM", (), {"__init__": init, "__enter__": enter, "__exit__": exit}, "m")

def f():
    def body(v):
        print("body", v)
        return (1, "returned")
    r = __with(CM("a", False), body)
    return r[1]
print(f())

def g():
    def body(v):
        __raise(ValueError("boom"))
    __with(CM("b", True), body)
    print("suppressed")
g()

def h():
    def body(v):
        {}["k"]
    __with(CM("c", False), body)
h()
`)
	want := "enter a\nbody A\nexit a None None None\nreturned\nenter b\nexit b <class 'ValueError'> boom None\nsuppressed\nenter c\nexit c <class 'KeyError'> 'k' None\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
	if exc, ok := FromError(err); !ok || exc.Class() != KeyError {
		t.Errorf("unsuppressed error = %v", err)
	}
}

func TestUserExceptionSubclass(t *testing.T) {
	out, err := runScript(t, `
def init(self, msg, code):
    __super(AppError, self).__init__(msg)
    self.code = code
AppError = __make_class("AppError", (Exception,), {"__init__": init}, "m")
Bare = __make_class("Bare", (ValueError,), {"__init__": lambda self, x: None}, "m")

def f():
    def body():
        __raise(AppError("nope", 42))
    def h0(e):
        print(type(e).__name__, str(e), e.code, e.args, isinstance(e, Exception), isinstance(e, ValueError))
    __try(body, ((AppError, h0),), None, None)
f()
print(str(Bare("kept")), repr(Bare("kept")))
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "AppError nope 42 ('nope',) True False\nkept Bare('kept')\n"
	if out != want {
		t.Errorf("output:\n%s\nwant:\n%s", out, want)
	}
}

func TestRaiseFromAndNonException(t *testing.T) {
	_, err := runScript(t, `__raise(RuntimeError("outer"), KeyError("inner"))`)
	var exc *Error
	if !errors.As(err, &exc) {
		t.Fatalf("got %v", err)
	}
	cause, ok := exc.Value.Field("__cause__")
	if !ok || Repr(cause) != "KeyError('inner')" {
		t.Errorf("__cause__ = %v", cause)
	}
	_, err = runScript(t, `__raise("text")`)
	if e, ok := FromError(err); !ok || e.Class() != TypeError || e.Message() != "exceptions must derive from BaseException" {
		t.Errorf("raise of a string: %v", err)
	}
}
