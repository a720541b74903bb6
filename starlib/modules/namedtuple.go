package modules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// NamedTupleType is a namedtuple class: collections.namedtuple results, and
// the result types of urlparse, isocalendar and friends. Calling it builds
// a NamedTuple.
type NamedTupleType struct {
	// Typename is the class name shown in reprs ("Point", "ParseResult").
	Typename string
	Fields   []string
	// Defaults apply to the last len(Defaults) fields.
	Defaults []starlark.Value
	// Extra computes additional read-only attributes (ParseResult.hostname).
	Extra func(nt *NamedTuple, name string) (starlark.Value, bool, error)
	// Module is the __module__ shown in the class repr.
	Module string
}

var (
	_ starlark.Callable = (*NamedTupleType)(nil)
	_ starlark.HasAttrs = (*NamedTupleType)(nil)
)

// New makes a value of the type from its field values.
func (t *NamedTupleType) New(vals ...starlark.Value) *NamedTuple {
	return &NamedTuple{typ: t, vals: starlark.Tuple(vals)}
}

// String is the class repr.
func (t *NamedTupleType) String() string {
	m := t.Module
	if m == "" {
		m = "__main__"
	}
	return fmt.Sprintf("<class '%s.%s'>", m, t.Typename)
}

// PyRepr is the same as String.
func (t *NamedTupleType) PyRepr() string { return t.String() }

// Name is the class name (starlark.Callable).
func (t *NamedTupleType) Name() string { return t.Typename }

// Type returns "type".
func (t *NamedTupleType) Type() string { return "type" }

// Freeze freezes the defaults.
func (t *NamedTupleType) Freeze() {
	for _, d := range t.Defaults {
		d.Freeze()
	}
}

// Truth is true.
func (t *NamedTupleType) Truth() starlark.Bool { return true }

// Hash is the name's hash.
func (t *NamedTupleType) Hash() (uint32, error) { return starlark.String(t.Typename).Hash() }

// CallInternal builds a value from positional and keyword field values.
func (t *NamedTupleType) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	n := len(t.Fields)
	if len(args) > n {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s.__new__() takes %d positional arguments but %d were given", t.Typename, n+1, len(args)+1))
	}
	vals := make(starlark.Tuple, n)
	copy(vals, args)
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		i := t.index(k)
		if i < 0 {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s.__new__() got an unexpected keyword argument '%s'", t.Typename, k))
		}
		if vals[i] != nil {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s.__new__() got multiple values for argument '%s'", t.Typename, k))
		}
		vals[i] = kv[1]
	}
	var missing []string
	for i := range vals {
		if vals[i] == nil {
			if d := i - (n - len(t.Defaults)); d >= 0 {
				vals[i] = t.Defaults[d]
				continue
			}
			missing = append(missing, "'"+t.Fields[i]+"'")
		}
	}
	if len(missing) > 0 {
		s := "s"
		if len(missing) == 1 {
			s = ""
		}
		list := strings.Join(missing, ", ")
		if len(missing) > 1 {
			list = strings.Join(missing[:len(missing)-1], ", ") + " and " + missing[len(missing)-1]
		}
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s.__new__() missing %d required positional argument%s: %s", t.Typename, len(missing), s, list))
	}
	return &NamedTuple{typ: t, vals: vals}, nil
}

func (t *NamedTupleType) index(name string) int {
	for i, f := range t.Fields {
		if f == name {
			return i
		}
	}
	return -1
}

// Attr provides _fields, _make and _field_defaults.
func (t *NamedTupleType) Attr(name string) (starlark.Value, error) {
	switch name {
	case "_fields":
		out := make(starlark.Tuple, len(t.Fields))
		for i, f := range t.Fields {
			out[i] = starlark.String(f)
		}
		return out, nil
	case "__name__":
		return starlark.String(t.Typename), nil
	case "_make":
		return starlark.NewBuiltin("_make", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 {
				return nil, pyrt.NewError(pyrt.TypeError, "_make() takes 1 positional argument")
			}
			items, err := Elements(th, args[0])
			if err != nil {
				return nil, err
			}
			if len(items) != len(t.Fields) {
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("Expected %d arguments, got %d", len(t.Fields), len(items)))
			}
			return t.New(items...), nil
		}), nil
	case "_field_defaults":
		d := starlark.NewDict(len(t.Defaults))
		for i, v := range t.Defaults {
			_ = d.SetKey(starlark.String(t.Fields[len(t.Fields)-len(t.Defaults)+i]), v)
		}
		return d, nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("type object '%s' has no attribute '%s'", t.Typename, name))
}

// AttrNames lists the class attributes.
func (t *NamedTupleType) AttrNames() []string { return []string{"_field_defaults", "_fields", "_make"} }

// NamedTuple is a value of a NamedTupleType: a tuple whose items also have
// names.
type NamedTuple struct {
	typ  *NamedTupleType
	vals starlark.Tuple
}

var (
	_ starlark.Indexable  = (*NamedTuple)(nil)
	_ starlark.Iterable   = (*NamedTuple)(nil)
	_ starlark.HasAttrs   = (*NamedTuple)(nil)
	_ starlark.Comparable = (*NamedTuple)(nil)
)

// Tuple returns the values as a plain tuple.
func (nt *NamedTuple) Tuple() starlark.Tuple { return nt.vals }

// NamedTupleFields lets the json encoder treat the value as an array.
func (nt *NamedTuple) NamedTupleFields() []string { return nt.typ.Fields }

// Field returns a value by field name.
func (nt *NamedTuple) Field(name string) starlark.Value {
	if i := nt.typ.index(name); i >= 0 {
		return nt.vals[i]
	}
	return nil
}

// String is the repr "Point(x=1, y=2)".
func (nt *NamedTuple) String() string {
	var b strings.Builder
	b.WriteString(nt.typ.Typename + "(")
	for i, f := range nt.typ.Fields {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f + "=" + pyrt.Repr(nt.vals[i]))
	}
	b.WriteString(")")
	return b.String()
}

// PyRepr is the same as String.
func (nt *NamedTuple) PyRepr() string { return nt.String() }

// Type returns the class name.
func (nt *NamedTuple) Type() string { return nt.typ.Typename }

// Freeze freezes the items.
func (nt *NamedTuple) Freeze() { nt.vals.Freeze() }

// Truth is true unless there are no fields.
func (nt *NamedTuple) Truth() starlark.Bool { return len(nt.vals) > 0 }

// Hash hashes the items.
func (nt *NamedTuple) Hash() (uint32, error) { return nt.vals.Hash() }

// Len is the number of fields.
func (nt *NamedTuple) Len() int { return len(nt.vals) }

// Index returns item i.
func (nt *NamedTuple) Index(i int) starlark.Value { return nt.vals[i] }

// Iterate yields the items.
func (nt *NamedTuple) Iterate() starlark.Iterator { return nt.vals.Iterate() }

// CompareSameType compares item by item.
func (nt *NamedTuple) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o, ok := y.(*NamedTuple)
	if !ok {
		return op == syntax.NEQ, nil
	}
	return starlark.CompareDepth(op, nt.vals, o.vals, depth)
}

// Attr returns a field, _asdict, _replace or an extra attribute.
func (nt *NamedTuple) Attr(name string) (starlark.Value, error) {
	if i := nt.typ.index(name); i >= 0 {
		return nt.vals[i], nil
	}
	switch name {
	case "_fields", "_field_defaults":
		return nt.typ.Attr(name)
	case "_asdict":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			d := starlark.NewDict(len(nt.vals))
			for i, f := range nt.typ.Fields {
				_ = d.SetKey(starlark.String(f), nt.vals[i])
			}
			return d, nil
		}), nil
	case "_replace":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			vals := append(starlark.Tuple(nil), nt.vals...)
			for _, kv := range kwargs {
				k := string(kv[0].(starlark.String))
				i := nt.typ.index(k)
				if i < 0 {
					return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Got unexpected field names: ['%s']", k))
				}
				vals[i] = kv[1]
			}
			return &NamedTuple{typ: nt.typ, vals: vals}, nil
		}), nil
	case "count", "index":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 {
				return nil, pyrt.NewError(pyrt.TypeError, name+"() takes exactly one argument")
			}
			n := 0
			for i, v := range nt.vals {
				if eq, _ := starlark.Equal(v, args[0]); eq {
					if name == "index" {
						return starlark.MakeInt(i), nil
					}
					n++
				}
			}
			if name == "index" {
				return nil, pyrt.NewError(pyrt.ValueError, "tuple.index(x): x not in tuple")
			}
			return starlark.MakeInt(n), nil
		}), nil
	}
	if nt.typ.Extra != nil {
		v, ok, err := nt.typ.Extra(nt, name)
		if err != nil || ok {
			return v, err
		}
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", nt.typ.Typename, name))
}

// AttrNames lists the fields and methods.
func (nt *NamedTuple) AttrNames() []string {
	out := append([]string{"_asdict", "_fields", "_replace", "count", "index"}, nt.typ.Fields...)
	sort.Strings(out)
	return out
}
