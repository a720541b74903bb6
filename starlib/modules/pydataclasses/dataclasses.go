// Package pydataclasses is Python's dataclasses module for locustfiles:
// @dataclass builds __init__, __repr__ and __eq__ from the class's
// annotated fields, which gust's front end records in __annotations__.
//
// Script-level API:
//
//	@dataclass / @dataclass(init=True, repr=True, eq=True, frozen=False, order=False, ...)
//	field(default=..., default_factory=..., init=True, repr=True, compare=True)
//	fields(obj_or_class), asdict(obj), astuple(obj), replace(obj, **changes),
//	is_dataclass(x), MISSING, FrozenInstanceError
//
// Differences from CPython: frozen=True is accepted but not enforced
// (assigning to a field works), order=True adds no ordering methods,
// InitVar and KW_ONLY are not supported, and Field.type is the
// annotation's source text (as under `from __future__ import annotations`).
package pydataclasses

import (
	"fmt"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Module returns the dataclasses module.
func Module(*modules.Env) (starlark.Value, error) {
	frozenErr := pyrt.MustClass("FrozenInstanceError", []*pyrt.Class{pyrt.AttributeError}, nil)
	frozenErr.SetModule("dataclasses")
	return modules.NewModule("dataclasses", starlark.StringDict{
		"dataclass":           starlark.NewBuiltin("dataclass", dataclass),
		"field":               starlark.NewBuiltin("field", fieldBuiltin),
		"fields":              starlark.NewBuiltin("fields", fieldsBuiltin),
		"asdict":              starlark.NewBuiltin("asdict", asdict),
		"astuple":             starlark.NewBuiltin("astuple", astuple),
		"replace":             starlark.NewBuiltin("replace", replace),
		"is_dataclass":        starlark.NewBuiltin("is_dataclass", isDataclass),
		"MISSING":             missing,
		"FrozenInstanceError": frozenErr,
	}), nil
}

// sentinel is MISSING: no default given.
type sentinel struct{}

var missing starlark.Value = sentinel{}

func (sentinel) String() string        { return "<dataclasses._MISSING_TYPE object>" }
func (sentinel) Type() string          { return "_MISSING_TYPE" }
func (sentinel) Freeze()               {}
func (sentinel) Truth() starlark.Bool  { return true }
func (sentinel) Hash() (uint32, error) { return 7, nil }

// Field is what field() returns and fields() lists.
type Field struct {
	name, typ           string
	def, factory        starlark.Value // missing when absent
	init, repr, compare bool
}

var _ starlark.HasAttrs = (*Field)(nil)

func (f *Field) String() string {
	return fmt.Sprintf("Field(name=%s,type=%s,default=%s,default_factory=%s,init=%s,repr=%s,compare=%s)",
		pyrt.Repr(nameOrNone(f.name)), pyrt.Repr(nameOrNone(f.typ)), pyrt.Repr(f.def), pyrt.Repr(f.factory),
		pyrt.Repr(starlark.Bool(f.init)), pyrt.Repr(starlark.Bool(f.repr)), pyrt.Repr(starlark.Bool(f.compare)))
}

func nameOrNone(s string) starlark.Value {
	if s == "" {
		return starlark.None
	}
	return starlark.String(s)
}

// Type is "Field".
func (f *Field) Type() string { return "Field" }

// Freeze does nothing: a field does not change after its class is built.
func (f *Field) Freeze() {}

// Truth is true.
func (f *Field) Truth() starlark.Bool { return true }

// Hash is unsupported, as for CPython's Field.
func (f *Field) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'Field'") }

// AttrNames lists the field's attributes.
func (f *Field) AttrNames() []string {
	return []string{"compare", "default", "default_factory", "init", "name", "repr", "type"}
}

// Attr returns one of the field's attributes.
func (f *Field) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return nameOrNone(f.name), nil
	case "type":
		return nameOrNone(f.typ), nil
	case "default":
		return f.def, nil
	case "default_factory":
		return f.factory, nil
	case "init":
		return starlark.Bool(f.init), nil
	case "repr":
		return starlark.Bool(f.repr), nil
	case "compare":
		return starlark.Bool(f.compare), nil
	}
	return nil, nil
}

func fieldBuiltin(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	f := &Field{def: missing, factory: missing, init: true, repr: true, compare: true}
	var hash, meta, kwOnly starlark.Value
	if len(args) > 0 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("field() takes 0 positional arguments but %d were given", len(args)))
	}
	if err := starlark.UnpackArgs("field", nil, kwargs, "default?", &f.def, "default_factory?", &f.factory,
		"init?", &f.init, "repr?", &f.repr, "hash?", &hash, "compare?", &f.compare, "metadata?", &meta, "kw_only?", &kwOnly); err != nil {
		return nil, err
	}
	if f.def != missing && f.factory != missing {
		return nil, pyrt.NewError(pyrt.ValueError, "cannot specify both default and default_factory")
	}
	return f, nil
}

// table is a dataclass's fields, kept on the class as __dataclass_fields__.
type table struct{ fields []*Field }

func (t *table) String() string        { return "<dataclass fields>" }
func (t *table) Type() string          { return "mappingproxy" }
func (t *table) Freeze()               {}
func (t *table) Truth() starlark.Bool  { return len(t.fields) > 0 }
func (t *table) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: 'dict'") }

func tableOf(c *pyrt.Class) *table {
	if v, _ := c.Lookup("__dataclass_fields__"); v != nil {
		if t, ok := v.(*table); ok {
			return t
		}
	}
	return nil
}

// options are @dataclass's keyword arguments.
type options struct{ init, repr, eq bool }

func dataclass(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	opts := options{init: true, repr: true, eq: true}
	var cls starlark.Value = starlark.None
	var order, unsafeHash, frozen, matchArgs, kwOnly, slots, weakref starlark.Value
	if err := starlark.UnpackArgs("dataclass", args, kwargs, "cls?", &cls, "init?", &opts.init, "repr?", &opts.repr,
		"eq?", &opts.eq, "order?", &order, "unsafe_hash?", &unsafeHash, "frozen?", &frozen, "match_args?", &matchArgs,
		"kw_only?", &kwOnly, "slots?", &slots, "weakref_slot?", &weakref); err != nil {
		return nil, err
	}
	if cls == starlark.None {
		return starlark.NewBuiltin("dataclass", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var c starlark.Value
			if err := starlark.UnpackPositionalArgs("dataclass", args, kwargs, 1, &c); err != nil {
				return nil, err
			}
			return process(c, opts)
		}), nil
	}
	return process(cls, opts)
}

// process turns a class into a dataclass: it collects the fields (bases'
// first), checks them as CPython does, and adds the methods.
func process(v starlark.Value, opts options) (starlark.Value, error) {
	c, ok := v.(*pyrt.Class)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("dataclass() should be applied to a class, not %s", modules.TypeName(v)))
	}
	var fields []*Field
	mro := c.MRO()
	for i := len(mro) - 1; i >= 1; i-- {
		if t := tableOf(mro[i]); t != nil {
			for _, f := range t.fields {
				fields = upsert(fields, f)
			}
		}
	}
	own, err := ownFields(c)
	if err != nil {
		return nil, err
	}
	for _, f := range own {
		fields = upsert(fields, f)
	}
	seenDefault := false
	for _, f := range fields {
		if !f.init {
			continue
		}
		hasDefault := f.def != missing || f.factory != missing
		if !hasDefault && seenDefault {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("non-default argument '%s' follows default argument", f.name))
		}
		seenDefault = seenDefault || hasDefault
	}
	t := &table{fields: fields}
	set := func(name string, v starlark.Value) error { return c.SetField(name, v) }
	if err := set("__dataclass_fields__", t); err != nil {
		return nil, err
	}
	if _, defined := c.Own("__init__"); opts.init && !defined {
		if err := set("__init__", starlark.NewBuiltin("__init__", t.initMethod)); err != nil {
			return nil, err
		}
	}
	if _, defined := c.Own("__repr__"); opts.repr && !defined {
		if err := set("__repr__", starlark.NewBuiltin("__repr__", t.reprMethod)); err != nil {
			return nil, err
		}
	}
	if _, defined := c.Own("__eq__"); opts.eq && !defined {
		if err := set("__eq__", starlark.NewBuiltin("__eq__", t.eqMethod)); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func upsert(fields []*Field, f *Field) []*Field {
	for i, g := range fields {
		if g.name == f.name {
			fields[i] = f
			return fields
		}
	}
	return append(fields, f)
}

// ownFields reads the class's own annotated names and their defaults; a
// default that is a field() or a mutable container is handled as CPython
// does (the class attribute becomes the plain default, or goes away).
func ownFields(c *pyrt.Class) ([]*Field, error) {
	ann, ok := c.Own("__annotations__")
	if !ok {
		return nil, nil
	}
	m, ok := ann.(starlark.IterableMapping)
	if !ok {
		return nil, nil
	}
	var out []*Field
	for _, kv := range m.Items() {
		name, _ := starlark.AsString(kv[0])
		typ, _ := starlark.AsString(kv[1])
		if isClassVar(typ) {
			continue
		}
		f := &Field{name: name, typ: typ, def: missing, factory: missing, init: true, repr: true, compare: true}
		if v, ok := c.Own(name); ok {
			if spec, ok := v.(*Field); ok {
				f.def, f.factory, f.init, f.repr, f.compare = spec.def, spec.factory, spec.init, spec.repr, spec.compare
				var err error
				if f.def != missing {
					err = c.SetField(name, f.def)
				} else {
					err = c.DeleteAttr(name)
				}
				if err != nil {
					return nil, err
				}
			} else {
				f.def = v
			}
		}
		if f.def != missing && isMutable(f.def) {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("mutable default <class '%s'> for field %s is not allowed: use default_factory", modules.TypeName(f.def), name))
		}
		out = append(out, f)
	}
	return out, nil
}

func isClassVar(typ string) bool {
	return strings.HasPrefix(typ, "ClassVar") || strings.HasPrefix(typ, "typing.ClassVar")
}

func isMutable(v starlark.Value) bool {
	switch modules.TypeName(v) {
	case "list", "dict", "set":
		return true
	}
	return false
}

// initMethod is the generated __init__(self, *fields).
func (t *table) initMethod(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyrt.NewError(pyrt.TypeError, "__init__() missing 1 required positional argument: 'self'")
	}
	self, ok := args[0].(*pyrt.Instance)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, "__init__() needs an instance")
	}
	params := make([]*Field, 0, len(t.fields))
	for _, f := range t.fields {
		if f.init {
			params = append(params, f)
		}
	}
	fn := self.Class().Name() + ".__init__()"
	pos := args[1:]
	if len(pos) > len(params) {
		required := 0
		for _, f := range params {
			if f.def == missing && f.factory == missing {
				required++
			}
		}
		takes := fmt.Sprintf("%d", len(params)+1)
		if required < len(params) {
			takes = fmt.Sprintf("from %d to %d", required+1, len(params)+1)
		}
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s takes %s positional arguments but %d were given", fn, takes, len(pos)+1))
	}
	vals := make(map[string]starlark.Value, len(params))
	for i, v := range pos {
		vals[params[i].name] = v
	}
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		known := false
		for _, f := range params {
			known = known || f.name == k
		}
		if !known {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s got an unexpected keyword argument '%s'", fn, k))
		}
		if _, dup := vals[k]; dup {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s got multiple values for argument '%s'", fn, k))
		}
		vals[k] = kv[1]
	}
	var absent []string
	for _, f := range t.fields {
		v, given := vals[f.name]
		switch {
		case given:
		case f.factory != missing:
			var err error
			if v, err = starlark.Call(th, f.factory, nil, nil); err != nil {
				return nil, err
			}
		case f.def != missing:
			v = f.def
		case f.init:
			absent = append(absent, "'"+f.name+"'")
			continue
		default:
			continue
		}
		if err := self.SetField(f.name, v); err != nil {
			return nil, err
		}
	}
	if len(absent) > 0 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s missing %d required positional argument%s: %s",
			fn, len(absent), plural(len(absent)), joinNames(absent)))
	}
	if post, _ := self.Class().Lookup("__post_init__"); post != nil {
		if _, err := starlark.Call(th, post, starlark.Tuple{self}, nil); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// joinNames lists names as CPython's argument errors do: 'a', 'b' and 'c'.
func joinNames(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func (t *table) reprMethod(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	self, ok := args[0].(*pyrt.Instance)
	if !ok || len(args) != 1 {
		return nil, pyrt.NewError(pyrt.TypeError, "__repr__() needs an instance")
	}
	var b strings.Builder
	b.WriteString(self.Class().Name() + "(")
	first := true
	for _, f := range t.fields {
		if !f.repr {
			continue
		}
		if !first {
			b.WriteString(", ")
		}
		first = false
		v, _ := self.Field(f.name)
		b.WriteString(f.name + "=" + pyrt.ReprThread(th, v))
	}
	b.WriteString(")")
	return starlark.String(b.String()), nil
}

func (t *table) eqMethod(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, pyrt.NewError(pyrt.TypeError, "__eq__() takes 2 arguments")
	}
	x, ok1 := args[0].(*pyrt.Instance)
	y, ok2 := args[1].(*pyrt.Instance)
	if !ok1 || !ok2 || x.Class() != y.Class() {
		return pyrt.NotImplemented, nil
	}
	for _, f := range t.fields {
		if !f.compare {
			continue
		}
		a, _ := x.Field(f.name)
		b, _ := y.Field(f.name)
		if a == nil || b == nil {
			if a != b {
				return starlark.False, nil
			}
			continue
		}
		eq, err := pyrt.Equal(a, b)
		if err != nil || !eq {
			return starlark.False, err
		}
	}
	return starlark.True, nil
}

// instanceTable returns the fields of a dataclass instance or class.
func instanceTable(fn string, v starlark.Value) (*table, *pyrt.Instance, error) {
	switch x := v.(type) {
	case *pyrt.Instance:
		if t := tableOf(x.Class()); t != nil {
			return t, x, nil
		}
	case *pyrt.Class:
		if t := tableOf(x); t != nil && fn == "fields" {
			return t, nil, nil
		}
	}
	what := "dataclass instance"
	if fn == "fields" {
		what = "dataclass type or instance"
	}
	return nil, nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() should be called on %s", fn, what))
}

func fieldsBuiltin(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("fields", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	t, _, err := instanceTable("fields", v)
	if err != nil {
		return nil, err
	}
	out := make(starlark.Tuple, len(t.fields))
	for i, f := range t.fields {
		out[i] = f
	}
	return out, nil
}

// convert copies a value for asdict/astuple: nested dataclasses become
// dicts (or tuples), lists, tuples and dicts are copied recursively.
func convert(v starlark.Value, asDict bool) (starlark.Value, error) {
	if inst, ok := v.(*pyrt.Instance); ok {
		if t := tableOf(inst.Class()); t != nil {
			return fromInstance(t, inst, asDict)
		}
		return v, nil
	}
	switch x := pyrt.Plain(v).(type) {
	case *starlark.List:
		out := make([]starlark.Value, x.Len())
		for i := range out {
			e, err := convert(x.Index(i), asDict)
			if err != nil {
				return nil, err
			}
			out[i] = e
		}
		return starlark.NewList(out), nil
	case starlark.Tuple:
		out := make(starlark.Tuple, len(x))
		for i, e := range x {
			c, err := convert(e, asDict)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case *starlark.Dict:
		d := starlark.NewDict(x.Len())
		for _, kv := range x.Items() {
			k, err := convert(kv[0], asDict)
			if err != nil {
				return nil, err
			}
			e, err := convert(kv[1], asDict)
			if err != nil {
				return nil, err
			}
			if err := d.SetKey(k, e); err != nil {
				return nil, err
			}
		}
		return d, nil
	}
	return v, nil
}

func fromInstance(t *table, inst *pyrt.Instance, asDict bool) (starlark.Value, error) {
	d := starlark.NewDict(len(t.fields))
	tup := make(starlark.Tuple, 0, len(t.fields))
	for _, f := range t.fields {
		v, _ := inst.Field(f.name)
		if v == nil {
			v = starlark.None
		}
		c, err := convert(v, asDict)
		if err != nil {
			return nil, err
		}
		if err := d.SetKey(starlark.String(f.name), c); err != nil {
			return nil, err
		}
		tup = append(tup, c)
	}
	if asDict {
		return d, nil
	}
	return tup, nil
}

func asdict(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("asdict", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	t, inst, err := instanceTable("asdict", v)
	if err != nil {
		return nil, err
	}
	return fromInstance(t, inst, true)
}

func astuple(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("astuple", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	t, inst, err := instanceTable("astuple", v)
	if err != nil {
		return nil, err
	}
	return fromInstance(t, inst, false)
}

// replace makes a new instance with some fields changed, through the
// class's __init__ as CPython does.
func replace(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("replace() takes 1 positional argument but %d were given", len(args)))
	}
	t, inst, err := instanceTable("replace", args[0])
	if err != nil {
		return nil, err
	}
	changes := map[string]starlark.Value{}
	for _, kv := range kwargs {
		changes[string(kv[0].(starlark.String))] = kv[1]
	}
	var kw []starlark.Tuple
	for _, f := range t.fields {
		if !f.init {
			if _, ok := changes[f.name]; ok {
				return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("field %s is declared with init=False, it cannot be specified with replace()", f.name))
			}
			continue
		}
		v, ok := changes[f.name]
		if !ok {
			v, _ = inst.Field(f.name)
		}
		delete(changes, f.name)
		kw = append(kw, starlark.Tuple{starlark.String(f.name), v})
	}
	for k := range changes {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("__init__() got an unexpected keyword argument '%s'", k))
	}
	return starlark.Call(th, inst.Class(), nil, kw)
}

func isDataclass(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("is_dataclass", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	switch x := v.(type) {
	case *pyrt.Instance:
		return starlark.Bool(tableOf(x.Class()) != nil), nil
	case *pyrt.Class:
		return starlark.Bool(tableOf(x) != nil), nil
	}
	return starlark.False, nil
}
