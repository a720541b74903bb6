package pyrt

import (
	"fmt"
	"sort"

	"go.starlark.net/starlark"
)

// Type is a Python built-in type object such as str, int or list: calling
// it converts or constructs (str(5)), it prints as <class 'int'>, type(x)
// returns the same object for every value of the type (so `type(x) is int`
// and `type(a) == type(b)` hold), isinstance accepts it, and its attributes
// are the type's methods as plain functions (str.lower, dict.fromkeys).
type Type struct {
	name  string
	call  builtinFn
	match func(v starlark.Value) bool
	base  *Type
	// static are attributes that are not instance methods (dict.fromkeys).
	static map[string]builtinFn
}

var (
	_ starlark.Callable = (*Type)(nil)
	_ starlark.HasAttrs = (*Type)(nil)
)

// Name returns the type name.
func (t *Type) Name() string { return t.name }

// String is Python's repr of a type.
func (t *Type) String() string { return "<class '" + t.name + "'>" }

// Type returns "type".
func (t *Type) Type() string { return "type" }

// Freeze does nothing: type objects are immutable.
func (t *Type) Freeze() {}

// Truth is true.
func (t *Type) Truth() starlark.Bool { return true }

// Hash hashes by identity.
func (t *Type) Hash() (uint32, error) { return identityHash(t), nil }

// CallInternal constructs a value of the type.
func (t *Type) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if t.call == nil {
		return nil, NewError(TypeError, fmt.Sprintf("cannot create '%s' instances", t.name))
	}
	return t.call(th, starlark.NewBuiltin(t.name, t.call), args, kwargs)
}

// Matches reports whether v is an instance of the type (or a subtype).
func (t *Type) Matches(v starlark.Value) bool { return t.match != nil && t.match(v) }

// Attr returns __name__, static methods, and any other name as an unbound
// method: str.lower("A") calls "A".lower().
func (t *Type) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__name__", "__qualname__":
		return starlark.String(t.name), nil
	case "__module__":
		return starlark.String("builtins"), nil
	}
	if fn, ok := t.static[name]; ok {
		return starlark.NewBuiltin(t.name+"."+name, fn), nil
	}
	if len(name) > 1 && name[0] == '_' && name[1] == '_' {
		return nil, NewError(AttributeError, fmt.Sprintf("type object '%s' has no attribute '%s'", t.name, name))
	}
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 || !t.Matches(args[0]) {
			return nil, NewError(TypeError, fmt.Sprintf("descriptor '%s' for '%s' objects needs an argument", name, t.name))
		}
		return CallMethod(th, args[0], name, args[1:], kwargs)
	}), nil
}

// AttrNames lists the static attributes.
func (t *Type) AttrNames() []string {
	out := []string{"__name__"}
	for k := range t.static {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// IsSubtype reports whether t is u or derives from it (bool from int).
func (t *Type) IsSubtype(u *Type) bool {
	for k := t; k != nil; k = k.base {
		if k == u {
			return true
		}
	}
	return false
}

// The built-in type objects. They are created once by init and never
// change, so sharing them between programs is safe.
var (
	typeStr, typeInt, typeFloat, typeBool, typeList, typeDict, typeTuple, typeSet, typeFrozenset, typeBytes, typeNone, typeType, typeFunction, typeRange *Type
)

func init() {
	typeInt = &Type{name: "int", call: builtinInt, match: func(v starlark.Value) bool {
		switch v.(type) {
		case starlark.Int, starlark.Bool:
			return true
		}
		return false
	}}
	typeBool = &Type{name: "bool", call: builtinBool, base: typeInt, match: func(v starlark.Value) bool { _, ok := v.(starlark.Bool); return ok }}
	typeFloat = &Type{name: "float", call: builtinFloat, match: func(v starlark.Value) bool { _, ok := v.(starlark.Float); return ok }}
	typeStr = &Type{name: "str", call: builtinStr, match: func(v starlark.Value) bool { _, ok := v.(starlark.String); return ok },
		static: map[string]builtinFn{"maketrans": strMaketrans}}
	typeBytes = &Type{name: "bytes", call: builtinBytes, match: func(v starlark.Value) bool { _, ok := v.(starlark.Bytes); return ok }}
	typeList = &Type{name: "list", call: builtinList, match: func(v starlark.Value) bool {
		switch v.(type) {
		case *starlark.List, *SharedList:
			return true
		}
		return false
	}}
	typeTuple = &Type{name: "tuple", call: builtinTuple, match: func(v starlark.Value) bool { _, ok := v.(starlark.Tuple); return ok }}
	typeDict = &Type{name: "dict", call: builtinDict, match: func(v starlark.Value) bool {
		switch v.(type) {
		case *starlark.Dict, *SharedDict:
			return true
		}
		return false
	}, static: map[string]builtinFn{"fromkeys": dictFromkeys}}
	typeSet = &Type{name: "set", call: builtinSet, match: func(v starlark.Value) bool {
		switch v.(type) {
		case *starlark.Set, *SharedSet:
			return true
		}
		return false
	}}
	typeFrozenset = &Type{name: "frozenset", call: builtinSet, match: func(v starlark.Value) bool { return false }}
	typeNone = &Type{name: "NoneType", call: func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, nil
	}, match: func(v starlark.Value) bool { return v == starlark.None }}
	typeType = &Type{name: "type", call: builtinType, match: func(v starlark.Value) bool {
		switch v.(type) {
		case *Class, *Type:
			return true
		}
		return false
	}}
	typeFunction = &Type{name: "function", match: func(v starlark.Value) bool {
		switch v.(type) {
		case *starlark.Function:
			return true
		}
		return false
	}}
	typeRange = &Type{name: "range", call: func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		return starlark.Call(th, starlark.Universe["range"], args, kwargs)
	}, match: func(v starlark.Value) bool { return v.Type() == "range" }}
}

// TypeOf returns Python's type(v): the class of an instance, or the built-in
// type object.
func TypeOf(v starlark.Value) starlark.Value {
	switch x := v.(type) {
	case *Instance:
		return x.class
	case starlark.String:
		return typeStr
	case starlark.Bool:
		return typeBool
	case starlark.Int:
		return typeInt
	case starlark.Float:
		return typeFloat
	case starlark.NoneType:
		return typeNone
	case *starlark.List, *SharedList:
		return typeList
	case *starlark.Dict, *SharedDict:
		return typeDict
	case starlark.Tuple:
		return typeTuple
	case *starlark.Set, *SharedSet:
		return typeSet
	case starlark.Bytes:
		return typeBytes
	case *Class, *Type:
		return typeType
	case *starlark.Function:
		return typeFunction
	}
	if v.Type() == "range" {
		return typeRange
	}
	return &Type{name: v.Type(), match: func(w starlark.Value) bool { return w.Type() == v.Type() }}
}

// TypeName returns Python's name for the type of v ("str", "NoneType",
// a class name).
func TypeName(v starlark.Value) string {
	switch x := TypeOf(v).(type) {
	case *Class:
		return x.name
	case *Type:
		return x.name
	}
	return v.Type()
}

// pyTypeName maps go.starlark.net type names in interpreter messages to
// Python's.
func pyTypeName(t string) string {
	switch t {
	case "string":
		return "str"
	case "shared_list":
		return "list"
	case "shared_dict":
		return "dict"
	case "shared_set":
		return "set"
	case "builtin_function_or_method":
		return t
	}
	return t
}

func builtinType(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 3 {
		return nil, NewError(TypeError, "type(name, bases, dict) is not supported: use a class statement")
	}
	if len(args) != 1 || len(kwargs) != 0 {
		return nil, NewError(TypeError, "type() takes 1 or 3 arguments")
	}
	return TypeOf(args[0]), nil
}

// isInstance implements isinstance(v, classinfo).
func isInstance(v, classinfo starlark.Value) (bool, error) {
	switch c := classinfo.(type) {
	case *Class:
		if c == objectClass {
			return true, nil
		}
		return IsInstance(v, c), nil
	case *Type:
		return c.Matches(v), nil
	case starlark.Tuple:
		for _, e := range c {
			ok, err := isInstance(v, e)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, NewError(TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
}

// isSubclass implements issubclass(c, classinfo).
func isSubclass(c, classinfo starlark.Value) (bool, error) {
	switch ci := classinfo.(type) {
	case starlark.Tuple:
		for _, e := range ci {
			ok, err := isSubclass(c, e)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	case *Class:
		if ci == objectClass {
			return true, nil
		}
		if k, ok := c.(*Class); ok {
			return k.IsSubclass(ci), nil
		}
		if _, ok := c.(*Type); ok {
			return false, nil
		}
	case *Type:
		if k, ok := c.(*Type); ok {
			return k.IsSubtype(ci), nil
		}
		if _, ok := c.(*Class); ok {
			return false, nil
		}
	default:
		return false, NewError(TypeError, "issubclass() arg 2 must be a class, a tuple of classes, or a union")
	}
	return false, NewError(TypeError, "issubclass() arg 1 must be a class")
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
