package pyrt

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
)

// Python's built-in exception classes. They are sealed: scripts can
// subclass them but not modify them, so sharing them between runs is safe.
// JSONDecodeError is json.JSONDecodeError (a ValueError subclass). They are
// set once by init and never reassigned.
var (
	BaseException, SystemExit, KeyboardInterrupt, GeneratorExit, Exception, StopIteration, ArithmeticError, ZeroDivisionError, OverflowError, AssertionError, AttributeError, EOFError, ImportError, ModuleNotFoundError, LookupError, IndexError, KeyError, NameError, UnboundLocalError, OSError, ConnectionError, ConnectionRefused, ConnectionReset, FileNotFoundError, PermissionError, TimeoutError, RuntimeError, NotImplementedError, RecursionError, TypeError, ValueError, UnicodeError, UnicodeDecodeError, UnicodeEncodeError, JSONDecodeError *Class
)

func init() {
	BaseException = newBuiltinExc("BaseException", nil)
	SystemExit = newBuiltinExc("SystemExit", BaseException)
	KeyboardInterrupt = newBuiltinExc("KeyboardInterrupt", BaseException)
	GeneratorExit = newBuiltinExc("GeneratorExit", BaseException)
	Exception = newBuiltinExc("Exception", BaseException)
	StopIteration = newBuiltinExc("StopIteration", Exception)
	ArithmeticError = newBuiltinExc("ArithmeticError", Exception)
	ZeroDivisionError = newBuiltinExc("ZeroDivisionError", ArithmeticError)
	OverflowError = newBuiltinExc("OverflowError", ArithmeticError)
	AssertionError = newBuiltinExc("AssertionError", Exception)
	AttributeError = newBuiltinExc("AttributeError", Exception)
	EOFError = newBuiltinExc("EOFError", Exception)
	ImportError = newBuiltinExc("ImportError", Exception)
	ModuleNotFoundError = newBuiltinExc("ModuleNotFoundError", ImportError)
	LookupError = newBuiltinExc("LookupError", Exception)
	IndexError = newBuiltinExc("IndexError", LookupError)
	KeyError = newBuiltinExc("KeyError", LookupError)
	NameError = newBuiltinExc("NameError", Exception)
	UnboundLocalError = newBuiltinExc("UnboundLocalError", NameError)
	OSError = newBuiltinExc("OSError", Exception)
	ConnectionError = newBuiltinExc("ConnectionError", OSError)
	ConnectionRefused = newBuiltinExc("ConnectionRefusedError", ConnectionError)
	ConnectionReset = newBuiltinExc("ConnectionResetError", ConnectionError)
	FileNotFoundError = newBuiltinExc("FileNotFoundError", OSError)
	PermissionError = newBuiltinExc("PermissionError", OSError)
	TimeoutError = newBuiltinExc("TimeoutError", OSError)
	RuntimeError = newBuiltinExc("RuntimeError", Exception)
	NotImplementedError = newBuiltinExc("NotImplementedError", RuntimeError)
	RecursionError = newBuiltinExc("RecursionError", RuntimeError)
	TypeError = newBuiltinExc("TypeError", Exception)
	ValueError = newBuiltinExc("ValueError", Exception)
	UnicodeError = newBuiltinExc("UnicodeError", ValueError)
	UnicodeDecodeError = newBuiltinExc("UnicodeDecodeError", UnicodeError)
	UnicodeEncodeError = newBuiltinExc("UnicodeEncodeError", UnicodeError)
	JSONDecodeError = newJSONDecodeError()
}

// BuiltinExceptions lists the built-in exception classes by name, for the
// predeclared environment of a locustfile.
func BuiltinExceptions() map[string]*Class {
	m := map[string]*Class{}
	for _, c := range []*Class{BaseException, SystemExit, KeyboardInterrupt, GeneratorExit,
		Exception, StopIteration, ArithmeticError, ZeroDivisionError, OverflowError,
		AssertionError, AttributeError, EOFError, ImportError, ModuleNotFoundError, LookupError,
		IndexError, KeyError, NameError, UnboundLocalError, OSError, ConnectionError,
		ConnectionRefused, ConnectionReset, FileNotFoundError, PermissionError, TimeoutError,
		RuntimeError, NotImplementedError, RecursionError, TypeError, ValueError, UnicodeError,
		UnicodeDecodeError, UnicodeEncodeError} {
		m[c.name] = c
	}
	m["IOError"] = OSError
	m["EnvironmentError"] = OSError
	return m
}

func newBuiltinExc(name string, base *Class) *Class {
	var bases []*Class
	attrs := map[string]starlark.Value{}
	if base == nil {
		attrs["__init__"] = starlark.NewBuiltin("__init__", excInit)
		attrs["__str__"] = starlark.NewBuiltin("__str__", excStr)
		attrs["__repr__"] = starlark.NewBuiltin("__repr__", excRepr)
		attrs["with_traceback"] = starlark.NewBuiltin("with_traceback", excWithTraceback)
	} else {
		bases = []*Class{base}
	}
	switch name {
	case "KeyError":
		attrs["__str__"] = starlark.NewBuiltin("__str__", keyErrorStr)
	case "OSError":
		attrs["__init__"] = starlark.NewBuiltin("__init__", osErrorInit)
		attrs["__str__"] = starlark.NewBuiltin("__str__", osErrorStr)
		for _, f := range osErrorFields {
			attrs[f] = starlark.None
		}
	}
	c := MustClass(name, bases, attrs)
	c.module = "builtins"
	c.sealed = true
	return c
}

func newJSONDecodeError() *Class {
	c := MustClass("JSONDecodeError", []*Class{ValueError}, nil)
	c.module = "json.decoder"
	c.sealed = true
	return c
}

func excSelf(b *starlark.Builtin, args starlark.Tuple) (*Instance, starlark.Tuple, error) {
	if len(args) == 0 {
		return nil, nil, NewError(TypeError, fmt.Sprintf("descriptor '%s' of 'BaseException' object needs an argument", b.Name()))
	}
	self, ok := args[0].(*Instance)
	if !ok || !self.class.IsSubclass(BaseException) {
		return nil, nil, NewError(TypeError, fmt.Sprintf("descriptor '%s' requires a 'BaseException' object but received a '%s'", b.Name(), args[0].Type()))
	}
	return self, args[1:], nil
}

func excInit(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, rest, err := excSelf(b, args)
	if err != nil {
		return nil, err
	}
	if len(kwargs) > 0 && self.class.sealedChain() {
		return nil, NewError(TypeError, fmt.Sprintf("%s() takes no keyword arguments", self.class.name))
	}
	self.SetFieldDirect("args", append(starlark.Tuple(nil), rest...))
	return starlark.None, nil
}

// sealedChain reports whether the class is a built-in exception class, whose
// constructor rejects keyword arguments.
func (c *Class) sealedChain() bool { return c.sealed }

// ExcArgs returns the args tuple of an exception instance.
func ExcArgs(inst *Instance) starlark.Tuple {
	v, ok := inst.Field("args")
	if !ok {
		return nil
	}
	t, _ := v.(starlark.Tuple)
	return t
}

func excStr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	self, _, err := excSelf(b, args)
	if err != nil {
		return nil, err
	}
	a := ExcArgs(self)
	switch len(a) {
	case 0:
		return starlark.String(""), nil
	case 1:
		return starlark.String(StrThread(th, a[0])), nil
	}
	return starlark.String(ReprThread(th, a)), nil
}

// osErrorFields are the attributes OSError(errno, strerror, filename,
// winerror, filename2) sets; the class holds None for each, as CPython's
// instances read None when the constructor had other arguments.
var osErrorFields = [...]string{"errno", "strerror", "filename", "filename2"}

// osErrorInit is OSError.__init__: with two to five arguments the first
// two are errno and strerror, the third the filename, the fifth filename2,
// and args keeps only (errno, strerror), as in CPython.
func osErrorInit(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, rest, err := excSelf(b, args)
	if err != nil {
		return nil, err
	}
	if len(kwargs) > 0 && self.class.sealedChain() {
		return nil, NewError(TypeError, fmt.Sprintf("%s() takes no keyword arguments", self.class.name))
	}
	saved := append(starlark.Tuple(nil), rest...)
	if n := len(rest); n >= 2 && n <= 5 {
		self.SetFieldDirect("errno", rest[0])
		self.SetFieldDirect("strerror", rest[1])
		if n >= 3 && rest[2] != starlark.None {
			self.SetFieldDirect("filename", rest[2])
			saved = saved[:2]
		}
		if n == 5 && rest[4] != starlark.None {
			self.SetFieldDirect("filename2", rest[4])
		}
	}
	self.SetFieldDirect("args", saved)
	return starlark.None, nil
}

// osErrorStr is OSError.__str__: "[Errno 111] Connection refused", with
// ": 'name'" (and " -> 'name2'") when a filename was given; otherwise the
// plain exception text.
func osErrorStr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	self, _, err := excSelf(b, args)
	if err != nil {
		return nil, err
	}
	errno, hasErrno := self.Field("errno")
	strerror, hasStr := self.Field("strerror")
	if hasErrno && hasStr {
		msg := fmt.Sprintf("[Errno %s] %s", StrThread(th, errno), StrThread(th, strerror))
		if f, ok := self.Field("filename"); ok && f != starlark.None {
			msg += ": " + ReprThread(th, f)
			if f2, ok := self.Field("filename2"); ok && f2 != starlark.None {
				msg += " -> " + ReprThread(th, f2)
			}
		}
		return starlark.String(msg), nil
	}
	return excStr(th, b, args, nil)
}

func keyErrorStr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	self, _, err := excSelf(b, args)
	if err != nil {
		return nil, err
	}
	a := ExcArgs(self)
	if len(a) == 1 {
		return starlark.String(ReprThread(th, a[0])), nil
	}
	return excStr(th, b, args, nil)
}

func excRepr(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	self, _, err := excSelf(b, args)
	if err != nil {
		return nil, err
	}
	a := ExcArgs(self)
	inner := ReprThread(th, a)
	if len(a) == 1 {
		inner = "(" + ReprThread(th, a[0]) + ")"
	}
	return starlark.String(self.class.name + inner), nil
}

func excWithTraceback(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	self, _, err := excSelf(b, args)
	if err != nil {
		return nil, err
	}
	return self, nil
}

// Error is the Go error that carries a raised Python exception through
// the interpreter. Builtins return it; errors.As finds it inside the
// *starlark.EvalError that the interpreter wraps it in.
type Error struct {
	// Value is the exception instance (its class derives from BaseException).
	Value *Instance
	// Cause is the interpreter error this exception was made from (for
	// example `key "x" not in dict`), kept so that a bare `raise` re-raises
	// with the original traceback; or the __cause__ of `raise X from Y`.
	Cause error
}

// NewError makes an exception of class cls with one message argument.
func NewError(cls *Class, msg string) *Error {
	inst := NewInstance(cls)
	inst.SetFieldDirect("args", starlark.Tuple{starlark.String(msg)})
	return &Error{Value: inst}
}

// NewErrorArgs makes an exception of class cls with the given args.
func NewErrorArgs(cls *Class, args ...starlark.Value) *Error {
	inst := NewInstance(cls)
	inst.SetFieldDirect("args", starlark.Tuple(args))
	return &Error{Value: inst}
}

// Error reads like the last line of a Python traceback: "KeyError: 'x'".
func (e *Error) Error() string {
	msg := e.Message()
	if msg == "" {
		return e.Value.class.name
	}
	return e.Value.class.name + ": " + msg
}

// Message is str(exception).
func (e *Error) Message() string {
	s, err := e.Value.Str(e.Value.thread())
	if err != nil {
		return ""
	}
	return s
}

// ReprText is repr(exception), e.g. "ValueError('bad')".
func (e *Error) ReprText() string {
	s, err := e.Value.Repr(e.Value.thread())
	if err != nil {
		return e.Value.DefaultRepr()
	}
	return s
}

// Class returns the exception's class.
func (e *Error) Class() *Class { return e.Value.class }

// Unwrap exposes the cause and, for classes with a ToError hook, the Go
// control error the engine recognises.
func (e *Error) Unwrap() []error {
	var out []error
	if hook := e.Value.class.toErrorHook(); hook != nil {
		if ge := hook(e.Value); ge != nil {
			out = append(out, ge)
		}
	}
	if e.Cause != nil {
		out = append(out, e.Cause)
	}
	return out
}

// MakeException turns the operand of `raise` into an exception: a class is
// instantiated with no arguments, an instance is used as is.
func MakeException(th *starlark.Thread, v starlark.Value) (*Error, error) {
	switch x := v.(type) {
	case *Class:
		if !x.IsSubclass(BaseException) {
			break
		}
		inst, err := starlark.Call(th, x, nil, nil)
		if err != nil {
			return nil, err
		}
		return &Error{Value: inst.(*Instance)}, nil
	case *Instance:
		if x.class.IsSubclass(BaseException) {
			return &Error{Value: x}, nil
		}
	}
	return nil, NewError(TypeError, "exceptions must derive from BaseException")
}

// IsCancellation reports whether err stops the interpreter for good (a
// cancelled thread or context). Such errors are never caught by except.
func IsCancellation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ee *starlark.EvalError
	if errors.As(err, &ee) && strings.HasPrefix(ee.Msg, "Starlark computation cancelled") {
		return true
	}
	return strings.HasPrefix(err.Error(), "Starlark computation cancelled")
}

// parseStarlarkRepr turns a Starlark repr of a dict key back into a value
// (strings and ints; anything else stays text).
func parseStarlarkRepr(s string) starlark.Value {
	if u, err := strconv.Unquote(s); err == nil {
		return starlark.String(u)
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return starlark.MakeInt64(n)
	}
	switch s {
	case "None":
		return starlark.None
	case "True":
		return starlark.True
	case "False":
		return starlark.False
	}
	return starlark.String(s)
}
