// Package pyrt is the Python-semantics runtime that lowered locustfiles run
// on (see starlib/pyfront and docs/design/003-lowering.md): classes with
// inheritance and bound methods, instances with attribute state, Python's
// exception classes and the Go error that carries a raised exception, the
// built-in functions and types (Builtins), the helpers the lowering emits
// calls to (Helpers: __try, __with, __format, __callm, ...), Python's
// string formatting (FormatValue, FormatString, PercentFormat), containers
// that many users mutate at once (SharedList, SharedDict, SharedSet), and
// Python-style tracebacks of script errors (ScriptError).
//
// Script-level API (what a locustfile can observe):
//
//	class C(Base): ...        # a *Class; C(...) makes an *Instance, calling __init__
//	C.attr, C.attr = v        # class attributes, looked up along the MRO
//	obj.attr, obj.attr = v    # instance fields first, then the class; functions bind
//	@staticmethod, @classmethod, @property
//	super().method(...)       # lowered to __super(C, self)
//	isinstance(x, C), issubclass(C, B), type(x), str, int, len, sorted, ...
//	raise ValueError("x"); except KeyError as e: e.args, str(e)
//	f"{x:>8.2f}", "{:,}".format(n), "%5.1f%%" % p
//	ACCOUNTS.pop(), seen["n"] += 1 on module-level containers, from any user
//
// Classes and instances are safe to share between goroutines once frozen:
// a frozen class keeps accepting attribute assignments (Python scripts set
// class attributes at run time) under a copy-on-write dictionary, and a frozen
// instance guards its fields with a mutex.
package pyrt

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
)

// Class is a Python class object.
type Class struct {
	name   string
	module string
	bases  []*Class
	mro    []*Class

	mu     sync.Mutex // serialises writers of dict; readers load it atomically
	dict   atomic.Pointer[classDict]
	frozen atomic.Bool
	sealed bool // built-in classes: attributes cannot be assigned

	// Native is a Go payload for classes defined in Go (for example the
	// locust module's User), inherited by lookup through NativeOf.
	Native any
	// ToError, when set on an exception class, converts a raised instance
	// into an extra Go error the raised exception unwraps to, so the engine
	// can recognise control-flow exceptions (StopUser) with errors.As. It is
	// inherited by subclasses.
	ToError func(inst *Instance) error
	// New, when set, replaces plain instance creation for this class and
	// its subclasses (used by Go-defined classes that need Go state).
	New func(cls *Class) *Instance
}

// classDict is an immutable snapshot of a class's attributes in definition
// order. Writers copy it.
type classDict struct {
	keys []string
	vals map[string]starlark.Value
}

var (
	_ starlark.Callable    = (*Class)(nil)
	_ starlark.HasAttrs    = (*Class)(nil)
	_ starlark.HasSetField = (*Class)(nil)
)

// NewClass makes a class with the given bases and attributes (attrs keys in
// the order given by names; names may be nil to sort keys). It computes the
// C3 method resolution order and fails as Python does when there is none.
func NewClass(name string, bases []*Class, names []string, attrs map[string]starlark.Value) (*Class, error) {
	c := &Class{name: name, module: "__main__", bases: bases}
	mro, err := c3(c, bases)
	if err != nil {
		return nil, err
	}
	c.mro = mro
	if names == nil {
		for k := range attrs {
			names = append(names, k)
		}
		sort.Strings(names)
	}
	d := &classDict{keys: append([]string(nil), names...), vals: make(map[string]starlark.Value, len(attrs))}
	for k, v := range attrs {
		d.vals[k] = v
	}
	c.dict.Store(d)
	return c, nil
}

// MustClass is NewClass for Go-defined classes whose hierarchy is known to be
// valid; it panics on an MRO conflict, which is a programming error.
func MustClass(name string, bases []*Class, attrs map[string]starlark.Value) *Class {
	c, err := NewClass(name, bases, nil, attrs)
	if err != nil {
		panic(err)
	}
	return c
}

// c3 computes Python's C3 linearisation.
func c3(c *Class, bases []*Class) ([]*Class, error) {
	var seqs [][]*Class
	for _, b := range bases {
		seqs = append(seqs, append([]*Class(nil), b.mro...))
	}
	seqs = append(seqs, append([]*Class(nil), bases...))
	out := []*Class{c}
	for {
		nonEmpty := seqs[:0]
		for _, s := range seqs {
			if len(s) > 0 {
				nonEmpty = append(nonEmpty, s)
			}
		}
		seqs = nonEmpty
		if len(seqs) == 0 {
			return out, nil
		}
		var cand *Class
		for _, s := range seqs {
			head := s[0]
			inTail := false
			for _, t := range seqs {
				for _, x := range t[1:] {
					if x == head {
						inTail = true
					}
				}
			}
			if !inTail {
				cand = head
				break
			}
		}
		if cand == nil {
			names := ""
			for i, b := range bases {
				if i > 0 {
					names += ", "
				}
				names += b.name
			}
			return nil, fmt.Errorf("Cannot create a consistent method resolution order (MRO) for bases %s", names)
		}
		out = append(out, cand)
		for i, s := range seqs {
			if s[0] == cand {
				seqs[i] = s[1:]
			}
		}
	}
}

// Name returns the class name.
func (c *Class) Name() string { return c.name }

// SetModule sets the module name shown in reprs (default "__main__").
func (c *Class) SetModule(m string) { c.module = m }

// Module returns the module name shown in reprs.
func (c *Class) Module() string { return c.module }

// Bases returns the direct base classes.
func (c *Class) Bases() []*Class { return c.bases }

// MRO returns the method resolution order, starting with c itself.
func (c *Class) MRO() []*Class { return c.mro }

// String returns Python's repr of a class.
func (c *Class) String() string {
	if c.module == "builtins" {
		return fmt.Sprintf("<class '%s'>", c.name)
	}
	return fmt.Sprintf("<class '%s.%s'>", c.module, c.name)
}

// Type returns "type", as Python's type(C).__name__ does.
func (c *Class) Type() string { return "type" }

// Freeze marks the class shared. Attribute assignment stays possible (it is
// copy-on-write); attribute values are made safe for sharing.
func (c *Class) Freeze() { c.freezeWith(newSharer()) }

func (c *Class) freezeWith(s *sharer) {
	if c.sealed {
		// Built-in classes hold only built-in functions and are shared by
		// every program already: nothing to convert, nothing to mutate.
		return
	}
	if c.frozen.Swap(true) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.dict.Load()
	nd := &classDict{keys: d.keys, vals: make(map[string]starlark.Value, len(d.vals))}
	for k, v := range d.vals {
		nd.vals[k] = s.share(v)
	}
	c.dict.Store(nd)
	for _, b := range c.bases {
		b.freezeWith(s)
	}
}

// Frozen reports whether the class has been frozen.
func (c *Class) Frozen() bool { return c.frozen.Load() }

// Truth is always true for classes.
func (c *Class) Truth() starlark.Bool { return true }

// Hash hashes by identity, so classes can be dict keys (tasks = {TS: 2}).
func (c *Class) Hash() (uint32, error) { return identityHash(c), nil }

// OwnNames returns the class's own attribute names in definition order.
func (c *Class) OwnNames() []string { return append([]string(nil), c.dict.Load().keys...) }

// Own returns an attribute defined in the class itself (not its bases).
func (c *Class) Own(name string) (starlark.Value, bool) {
	v, ok := c.dict.Load().vals[name]
	return v, ok
}

// Lookup finds an attribute along the MRO without binding it. It returns
// the value and the class that defines it.
func (c *Class) Lookup(name string) (starlark.Value, *Class) {
	for _, k := range c.mro {
		if v, ok := k.dict.Load().vals[name]; ok {
			return v, k
		}
	}
	return nil, nil
}

// IsSubclass reports whether c is base or derives from it.
func (c *Class) IsSubclass(base *Class) bool {
	for _, k := range c.mro {
		if k == base {
			return true
		}
	}
	return false
}

// NativeOf returns the first Native payload along the MRO.
func (c *Class) NativeOf() any {
	for _, k := range c.mro {
		if k.Native != nil {
			return k.Native
		}
	}
	return nil
}

func (c *Class) toErrorHook() func(*Instance) error {
	for _, k := range c.mro {
		if k.ToError != nil {
			return k.ToError
		}
	}
	return nil
}

func (c *Class) newHook() func(*Class) *Instance {
	for _, k := range c.mro {
		if k.New != nil {
			return k.New
		}
	}
	return nil
}

// Attr implements C.name: class attributes along the MRO. Functions come
// back unbound (as Python 3 does), classmethods bind to the class,
// staticmethods unwrap.
func (c *Class) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__name__", "__qualname__":
		return starlark.String(c.name), nil
	case "__module__":
		return starlark.String(c.module), nil
	case "__bases__":
		t := make(starlark.Tuple, len(c.bases))
		for i, b := range c.bases {
			t[i] = b
		}
		if len(t) == 0 && c != objectClass {
			t = starlark.Tuple{objectClass}
		}
		return t, nil
	case "__mro__":
		t := make(starlark.Tuple, len(c.mro), len(c.mro)+1)
		for i, b := range c.mro {
			t[i] = b
		}
		if c != objectClass {
			t = append(t, objectClass)
		}
		return t, nil
	case "__dict__":
		d := starlark.NewDict(0)
		cd := c.dict.Load()
		for _, k := range cd.keys {
			_ = d.SetKey(starlark.String(k), cd.vals[k])
		}
		return d, nil
	}
	v, _ := c.Lookup(name)
	if v == nil {
		if name == "__doc__" {
			return starlark.None, nil
		}
		return nil, NewError(AttributeError, fmt.Sprintf("type object '%s' has no attribute '%s'", c.name, name))
	}
	switch m := v.(type) {
	case *StaticMethod:
		return m.Fn, nil
	case *ClassMethod:
		return &BoundMethod{Self: c, Fn: m.Fn}, nil
	}
	return v, nil
}

// AttrNames lists the attributes along the MRO.
func (c *Class) AttrNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range c.mro {
		for _, n := range k.dict.Load().keys {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}

// SetField implements C.name = v, also after freezing (copy-on-write).
func (c *Class) SetField(name string, v starlark.Value) error {
	if c.sealed {
		return NewError(TypeError, fmt.Sprintf("cannot set '%s' attribute of immutable type '%s'", name, c.name))
	}
	if c.frozen.Load() {
		v = shareStored(v)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.dict.Load()
	nd := &classDict{keys: old.keys, vals: make(map[string]starlark.Value, len(old.vals)+1)}
	for k, x := range old.vals {
		nd.vals[k] = x
	}
	if _, ok := old.vals[name]; !ok {
		nd.keys = append(append([]string(nil), old.keys...), name)
	}
	nd.vals[name] = v
	c.dict.Store(nd)
	return nil
}

// CallInternal instantiates the class: it makes an instance and calls
// __init__ with the arguments.
func (c *Class) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var inst *Instance
	if nh := c.newHook(); nh != nil {
		inst = nh(c)
	} else {
		inst = NewInstance(c)
	}
	if c.IsSubclass(BaseException) {
		// BaseException.__new__ stores the constructor arguments, so
		// str(e) works even when a subclass's __init__ skips super().
		inst.SetFieldDirect("args", append(starlark.Tuple(nil), args...))
	}
	init, _ := c.Lookup("__init__")
	if init == nil {
		if len(args) > 0 || len(kwargs) > 0 {
			return nil, NewError(TypeError, fmt.Sprintf("%s() takes no arguments", c.name))
		}
		return inst, nil
	}
	bound, err := bindValue(inst, c, init)
	if err != nil {
		return nil, err
	}
	if _, err := starlark.Call(th, bound, args, kwargs); err != nil {
		return nil, err
	}
	return inst, nil
}
