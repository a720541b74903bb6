package pyrt

import (
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// Options configure the predeclared environment of a program.
type Options struct {
	// Stdout receives print() output. Each call writes its whole line with
	// one Write, under a lock, so lines of concurrent users never mix. When
	// nil, print goes to the thread's Print hook (or is discarded).
	Stdout io.Writer
}

// Builtins returns Python's built-in functions, types and exception classes
// as predeclared names for a program. Predeclared names override
// go.starlark.net's universe, so print, len, str, int, sorted... behave as
// in Python. The helpers the lowering calls (__try, __format, ...) are in
// Helpers.
func Builtins(opts Options) starlark.StringDict {
	out := &lockedWriter{w: opts.Stdout}
	b := func(name string, fn builtinFn) *starlark.Builtin { return starlark.NewBuiltin(name, fn) }
	d := starlark.StringDict{
		"None":  starlark.None,
		"True":  starlark.True,
		"False": starlark.False,

		"str":       typeStr,
		"int":       typeInt,
		"float":     typeFloat,
		"bool":      typeBool,
		"bytes":     typeBytes,
		"list":      typeList,
		"tuple":     typeTuple,
		"dict":      typeDict,
		"set":       typeSet,
		"frozenset": typeFrozenset,
		"type":      typeType,
		"range":     typeRange,
		"object":    objectClass,

		"print":        starlark.NewBuiltin("print", out.print),
		"repr":         b("repr", builtinRepr),
		"ascii":        b("ascii", builtinAscii),
		"len":          b("len", builtinLen),
		"abs":          b("abs", builtinAbs),
		"round":        b("round", builtinRound),
		"divmod":       b("divmod", builtinDivmod),
		"pow":          b("pow", builtinPow),
		"sum":          b("sum", builtinSum),
		"min":          b("min", builtinMinMax),
		"max":          b("max", builtinMinMax),
		"sorted":       b("sorted", builtinSorted),
		"reversed":     b("reversed", builtinReversed),
		"enumerate":    b("enumerate", builtinEnumerate),
		"zip":          b("zip", builtinZip),
		"map":          b("map", builtinMap),
		"filter":       b("filter", builtinFilter),
		"any":          b("any", builtinAnyAll),
		"all":          b("all", builtinAnyAll),
		"iter":         b("iter", builtinIter),
		"next":         b("next", builtinNext),
		"isinstance":   b("isinstance", builtinIsinstance),
		"issubclass":   b("issubclass", builtinIssubclass),
		"hasattr":      b("hasattr", builtinHasattr),
		"getattr":      b("getattr", builtinGetattr),
		"setattr":      b("setattr", builtinSetattr),
		"delattr":      b("delattr", builtinDelattr),
		"callable":     b("callable", builtinCallable),
		"id":           b("id", builtinID),
		"hash":         b("hash", builtinHash),
		"chr":          b("chr", builtinChr),
		"ord":          b("ord", builtinOrd),
		"hex":          b("hex", builtinBase),
		"oct":          b("oct", builtinBase),
		"bin":          b("bin", builtinBase),
		"format":       b("format", builtinFormat),
		"vars":         b("vars", builtinVars),
		"dir":          b("dir", builtinDir),
		"super":        b("super", builtinSuper),
		"property":     b("property", builtinProperty),
		"staticmethod": b("staticmethod", builtinStaticmethod),
		"classmethod":  b("classmethod", builtinClassmethod),
		"exit":         b("exit", builtinExit),
		"quit":         b("quit", builtinExit),

		"NotImplemented": NotImplemented,
		"Ellipsis":       Ellipsis,
	}
	for name, c := range BuiltinExceptions() {
		d[name] = c
	}
	return d
}

// lockedWriter serialises print calls.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (o *lockedWriter) print(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	sep, end := " ", "\n"
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		switch k {
		case "sep", "end":
			s := " "
			if k == "end" {
				s = "\n"
			}
			switch v := kv[1].(type) {
			case starlark.String:
				s = string(v)
			case starlark.NoneType:
			default:
				return nil, NewError(TypeError, fmt.Sprintf("%s must be None or a string, not %s", k, TypeName(v)))
			}
			if k == "sep" {
				sep = s
			} else {
				end = s
			}
		case "file", "flush":
		default:
			return nil, NewError(TypeError, fmt.Sprintf("'%s' is an invalid keyword argument for print()", k))
		}
	}
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteString(sep)
		}
		if inst, ok := a.(*Instance); ok {
			s, err := inst.Str(th)
			if err != nil {
				return nil, err
			}
			b.WriteString(s)
			continue
		}
		b.WriteString(StrThread(th, a))
	}
	b.WriteString(end)
	if o.w != nil {
		o.mu.Lock()
		_, err := io.WriteString(o.w, b.String())
		o.mu.Unlock()
		if err != nil {
			return nil, NewError(OSError, err.Error())
		}
	} else if th.Print != nil {
		th.Print(th, strings.TrimSuffix(b.String(), "\n"))
	}
	return starlark.None, nil
}

// ellipsis is the type of Ellipsis.
type ellipsis struct{}

func (ellipsis) String() string        { return "Ellipsis" }
func (ellipsis) Type() string          { return "ellipsis" }
func (ellipsis) Freeze()               {}
func (ellipsis) Truth() starlark.Bool  { return true }
func (ellipsis) Hash() (uint32, error) { return 0x2e2e2e, nil }

// Ellipsis is Python's ... singleton.
var Ellipsis starlark.Value = ellipsis{}

func builtinLen(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("len", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	n, err := Len(th, v)
	if err != nil {
		return nil, err
	}
	return starlark.MakeInt(n), nil
}

// Len is Python's len: code points for strings, __len__ for instances.
func Len(th *starlark.Thread, v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.String:
		return utf8.RuneCountInString(string(x)), nil
	case *Instance:
		if m, _ := x.class.Lookup("__len__"); m != nil {
			r, err := x.callMethod(th, m)
			if err != nil {
				return 0, err
			}
			return starlark.AsInt32(r)
		}
	case starlark.Sequence:
		return x.Len(), nil
	case starlark.Indexable:
		return x.Len(), nil
	}
	if n := starlark.Len(v); n >= 0 {
		return n, nil
	}
	return 0, NewError(TypeError, fmt.Sprintf("object of type '%s' has no len()", TypeName(v)))
}

func builtinIsinstance(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, c starlark.Value
	if err := starlark.UnpackPositionalArgs("isinstance", args, kwargs, 2, &v, &c); err != nil {
		return nil, err
	}
	ok, err := isInstance(v, c)
	return starlark.Bool(ok), err
}

func builtinIssubclass(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, c starlark.Value
	if err := starlark.UnpackPositionalArgs("issubclass", args, kwargs, 2, &v, &c); err != nil {
		return nil, err
	}
	ok, err := isSubclass(v, c)
	return starlark.Bool(ok), err
}

func builtinHasattr(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs("hasattr", args, kwargs, 2, &v, &name); err != nil {
		return nil, err
	}
	_, err := GetAttr(th, v, name)
	if err == nil {
		return starlark.True, nil
	}
	if exc, ok := FromError(err); ok && exc.Class().IsSubclass(AttributeError) {
		return starlark.False, nil
	}
	return nil, err
}

func builtinGetattr(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, def starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs("getattr", args, kwargs, 2, &v, &name, &def); err != nil {
		return nil, err
	}
	r, err := GetAttr(th, v, name)
	if err != nil && def != nil {
		if exc, ok := FromError(err); ok && exc.Class().IsSubclass(AttributeError) {
			return def, nil
		}
	}
	return r, err
}

func builtinSetattr(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v, x starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs("setattr", args, kwargs, 3, &v, &name, &x); err != nil {
		return nil, err
	}
	return starlark.None, SetAttr(v, name, x)
}

// SetAttr implements obj.name = x with Python's error text.
func SetAttr(v starlark.Value, name string, x starlark.Value) error {
	hs, ok := v.(starlark.HasSetField)
	if !ok {
		return NewError(AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", TypeName(v), name))
	}
	err := hs.SetField(name, x)
	if _, ok := err.(starlark.NoSuchAttrError); ok {
		return NewError(AttributeError, err.Error())
	}
	return err
}

func builtinDelattr(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	var name string
	if err := starlark.UnpackPositionalArgs("delattr", args, kwargs, 2, &v, &name); err != nil {
		return nil, err
	}
	return starlark.None, DelAttr(v, name)
}

// DelAttr implements del obj.name.
func DelAttr(v starlark.Value, name string) error {
	switch x := v.(type) {
	case *Instance:
		return x.DeleteField(name)
	case *Class:
		return x.DeleteAttr(name)
	}
	return NewError(AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", TypeName(v), name))
}

func builtinCallable(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("callable", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	if inst, ok := v.(*Instance); ok {
		m, _ := inst.class.Lookup("__call__")
		return starlark.Bool(m != nil), nil
	}
	_, ok := v.(starlark.Callable)
	return starlark.Bool(ok), nil
}

func builtinID(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("id", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	switch v.(type) {
	case starlark.Int, starlark.Float, starlark.String, starlark.Bool, starlark.NoneType, starlark.Bytes, starlark.Tuple:
		h, err := v.Hash()
		if err != nil {
			return starlark.MakeInt(0), nil
		}
		return starlark.MakeUint64(uint64(h)), nil
	}
	return starlark.MakeUint64(uint64(identityHash(v))), nil
}

func builtinHash(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("hash", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case starlark.Int:
		return x, nil
	case starlark.Bool:
		if x {
			return starlark.MakeInt(1), nil
		}
		return starlark.MakeInt(0), nil
	case starlark.Float:
		// Equal numbers hash equal, as in Python: hash(3.0) == hash(3).
		if f := float64(x); f == math.Trunc(f) && !math.IsInf(f, 0) {
			return starlark.NumberToInt(x)
		}
	}
	h, err := v.Hash()
	if err != nil {
		return nil, hashErr(v, err)
	}
	return starlark.MakeInt64(int64(h)), nil
}

func builtinChr(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var n int
	if err := starlark.UnpackPositionalArgs("chr", args, kwargs, 1, &n); err != nil {
		return nil, err
	}
	if n < 0 || n > utf8.MaxRune {
		return nil, NewError(ValueError, "chr() arg not in range(0x110000)")
	}
	return starlark.String(string(rune(n))), nil
}

func builtinOrd(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("ord", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case starlark.String:
		if utf8.RuneCountInString(string(x)) != 1 {
			return nil, NewError(TypeError, fmt.Sprintf("ord() expected a character, but string of length %d found", utf8.RuneCountInString(string(x))))
		}
		r, _ := utf8.DecodeRuneInString(string(x))
		return starlark.MakeInt(int(r)), nil
	case starlark.Bytes:
		if len(x) != 1 {
			return nil, NewError(TypeError, fmt.Sprintf("ord() expected a character, but string of length %d found", len(x)))
		}
		return starlark.MakeInt(int(x[0])), nil
	}
	return nil, NewError(TypeError, fmt.Sprintf("ord() expected string of length 1, but %s found", TypeName(v)))
}

func builtinBase(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	var n starlark.Int
	switch x := v.(type) {
	case starlark.Int:
		n = x
	case starlark.Bool:
		n = starlark.MakeInt(0)
		if x {
			n = starlark.MakeInt(1)
		}
	default:
		return nil, NewError(TypeError, fmt.Sprintf("'%s' object cannot be interpreted as an integer", TypeName(v)))
	}
	spec := map[string]string{"hex": "#x", "oct": "#o", "bin": "#b"}[b.Name()]
	fs, _ := parseSpec(spec)
	s, err := formatInt(n.BigInt(), fs)
	return starlark.String(s), err
}

func builtinFormat(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	spec := ""
	if err := starlark.UnpackPositionalArgs("format", args, kwargs, 1, &v, &spec); err != nil {
		return nil, err
	}
	s, err := FormatValue(th, v, spec)
	return starlark.String(s), err
}

func builtinVars(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("vars", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	r, err := GetAttr(th, v, "__dict__")
	if err != nil {
		return nil, NewError(TypeError, "vars() argument must have __dict__ attribute")
	}
	return r, nil
}

func builtinDir(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("dir", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	var names []starlark.Value
	if ha, ok := v.(starlark.HasAttrs); ok {
		for _, n := range ha.AttrNames() {
			names = append(names, starlark.String(n))
		}
	}
	return starlark.NewList(names), nil
}

func builtinSuper(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 || len(kwargs) != 0 {
		return nil, NewError(RuntimeError, "super(): no arguments")
	}
	cls, ok := args[0].(*Class)
	if !ok {
		return nil, NewError(TypeError, fmt.Sprintf("super() argument 1 must be a type, not %s", TypeName(args[0])))
	}
	return NewSuper(cls, args[1])
}

func builtinProperty(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fget, fset, fdel, doc starlark.Value
	if err := starlark.UnpackArgs("property", args, kwargs, "fget?", &fget, "fset?", &fset, "fdel?", &fdel, "doc?", &doc); err != nil {
		return nil, err
	}
	p := &Property{}
	if c, ok := fget.(starlark.Callable); ok {
		p.Getter = c
	}
	if c, ok := fset.(starlark.Callable); ok {
		p.Setter = c
	}
	return p, nil
}

func builtinStaticmethod(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Value
	if err := starlark.UnpackPositionalArgs("staticmethod", args, kwargs, 1, &fn); err != nil {
		return nil, err
	}
	return &StaticMethod{Fn: fn}, nil
}

func builtinClassmethod(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var fn starlark.Callable
	if err := starlark.UnpackPositionalArgs("classmethod", args, kwargs, 1, &fn); err != nil {
		return nil, err
	}
	return &ClassMethod{Fn: fn}, nil
}

func builtinExit(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var code starlark.Value
	if err := starlark.UnpackPositionalArgs("exit", args, kwargs, 0, &code); err != nil {
		return nil, err
	}
	if code == nil {
		return nil, NewErrorArgs(SystemExit)
	}
	return nil, NewErrorArgs(SystemExit, code)
}
