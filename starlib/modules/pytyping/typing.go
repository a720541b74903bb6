// Package pytyping is Python's typing module reduced to what annotations
// need at run time: every common name resolves to an inert value that can
// be subscripted (List[int]) and called where Python allows it (TypeVar,
// NewType, cast). The front end drops annotations, so these values only
// have to exist.
//
// Script-level API:
//
//	typing.Any, Optional, Union, List, Dict, Tuple, Set, FrozenSet, Callable, Iterable,
//	Iterator, Generator, Sequence, Mapping, MutableMapping, Type, Literal, Final, ClassVar,
//	Annotated, NoReturn, Awaitable, Coroutine, Generic, Protocol, TypedDict, NamedTuple,
//	TypeVar(name, ...), NewType(name, tp) (identity), cast(tp, v) (returns v),
//	overload/final/no_type_check/runtime_checkable (identity decorators),
//	get_type_hints(obj) → {}, TYPE_CHECKING = False
package pytyping

import (
	"github.com/gust-load/gust/starlib/modules"
	"go.starlark.net/starlark"
)

// Inert is a typing construct with no behaviour.
type Inert struct{ name string }

var (
	_ starlark.Mapping  = (*Inert)(nil)
	_ starlark.Callable = (*Inert)(nil)
	_ starlark.HasAttrs = (*Inert)(nil)
)

// String is Python's repr ("typing.List").
func (x *Inert) String() string { return "typing." + x.name }

// Type returns the construct's name.
func (x *Inert) Type() string { return "typing." + x.name }

// Freeze does nothing.
func (x *Inert) Freeze() {}

// Truth is true.
func (x *Inert) Truth() starlark.Bool { return true }

// Hash hashes the name.
func (x *Inert) Hash() (uint32, error) { return starlark.String(x.name).Hash() }

// Name returns the construct's name.
func (x *Inert) Name() string { return x.name }

// Get makes List[int] and friends evaluate to the construct itself.
func (x *Inert) Get(starlark.Value) (starlark.Value, bool, error) { return x, true, nil }

// CallInternal: TypeVar("T") and friends return an inert value; a
// NewType-made type returns its argument.
func (x *Inert) CallInternal(_ *starlark.Thread, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 1 {
		return args[0], nil
	}
	return x, nil
}

// Attr answers __name__ and otherwise yields another inert value.
func (x *Inert) Attr(name string) (starlark.Value, error) {
	if name == "__name__" {
		return starlark.String(x.name), nil
	}
	return &Inert{name: x.name + "." + name}, nil
}

// AttrNames lists nothing.
func (x *Inert) AttrNames() []string { return nil }

var inertNames = []string{"Any", "Optional", "Union", "List", "Dict", "Tuple", "Set", "FrozenSet", "Callable",
	"Iterable", "Iterator", "Generator", "Sequence", "MutableSequence", "Mapping", "MutableMapping", "Type",
	"Literal", "Final", "ClassVar", "Annotated", "NoReturn", "Never", "Awaitable", "Coroutine", "AsyncIterator",
	"AsyncGenerator", "Generic", "Protocol", "TypedDict", "NamedTuple", "Hashable", "Sized", "Collection",
	"Container", "AbstractSet", "MutableSet", "DefaultDict", "OrderedDict", "Counter", "Deque", "ChainMap",
	"Text", "AnyStr", "Pattern", "Match", "IO", "TextIO", "BinaryIO", "SupportsInt", "SupportsFloat",
	"ParamSpec", "Concatenate", "TypeAlias", "TypeGuard", "Self", "LiteralString", "Required", "NotRequired", "Unpack"}

func identity(name string) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 1 && len(kw) == 0 {
			return args[0], nil
		}
		// Decorator factories such as @final() or @runtime_checkable(...).
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, a starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			if len(a) == 1 {
				return a[0], nil
			}
			return starlark.None, nil
		}), nil
	})
}

// Module builds the typing module.
func Module(*modules.Env) (starlark.Value, error) {
	m := starlark.StringDict{}
	for _, n := range inertNames {
		m[n] = &Inert{name: n}
	}
	m["TypeVar"] = starlark.NewBuiltin("TypeVar", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		name := "T"
		if len(args) > 0 {
			if s, ok := args[0].(starlark.String); ok {
				name = string(s)
			}
		}
		return &Inert{name: name}, nil
	})
	m["NewType"] = starlark.NewBuiltin("NewType", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		name := "NewType"
		if len(args) > 0 {
			if s, ok := args[0].(starlark.String); ok {
				name = string(s)
			}
		}
		return &Inert{name: name}, nil
	})
	m["cast"] = starlark.NewBuiltin("cast", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		if len(args) != 2 {
			return starlark.None, nil
		}
		return args[1], nil
	})
	for _, n := range []string{"overload", "final", "no_type_check", "runtime_checkable", "dataclass_transform", "override"} {
		m[n] = identity(n)
	}
	m["get_type_hints"] = starlark.NewBuiltin("get_type_hints", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.NewDict(0), nil
	})
	m["TYPE_CHECKING"] = starlark.False
	return modules.NewModule("typing", m), nil
}
