package pyrt

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Instance is an object of a Python class: its own attribute fields plus its
// class. An instance belongs to the goroutine that made it until it is frozen
// (shared); after that its fields are guarded by a mutex.
type Instance struct {
	class  *Class
	shared atomic.Bool
	mu     sync.Mutex
	fields map[string]starlark.Value
	order  []string
	// owner is the thread that made the instance; dunder methods and
	// property getters run on it while the instance is not shared.
	owner *starlark.Thread

	// exc remembers, for exception instances, the error a handler caught.
	exc excState

	// Native is a Go payload (for example the engine-side state of a user).
	Native any
}

var (
	_ starlark.HasAttrs    = (*Instance)(nil)
	_ starlark.HasSetField = (*Instance)(nil)
	_ starlark.Comparable  = (*Instance)(nil)
	_ starlark.Mapping     = (*Instance)(nil)
	_ starlark.HasSetKey   = (*Instance)(nil)
	_ starlark.HasBinary   = (*Instance)(nil)
)

// NewInstance makes an empty instance of c.
func NewInstance(c *Class) *Instance {
	return &Instance{class: c, fields: make(map[string]starlark.Value, 4)}
}

// Class returns the instance's class.
func (i *Instance) Class() *Class { return i.class }

// SetOwner records the thread that runs the instance's methods when Go code
// needs to call back into script (property getters, __str__, __eq__).
func (i *Instance) SetOwner(th *starlark.Thread) { i.owner = th }

// thread returns a thread to call script methods on from a context that has
// none (String, CompareSameType, Attr).
func (i *Instance) thread() *starlark.Thread {
	if i.owner != nil && !i.shared.Load() {
		return i.owner
	}
	return &starlark.Thread{Name: "pyrt"}
}

// String returns str(obj): __str__, else __repr__, else Python's default.
func (i *Instance) String() string {
	for _, m := range [...]string{"__str__", "__repr__"} {
		if s, ok, err := i.callDunderString(i.thread(), m); ok && err == nil {
			return s
		}
	}
	return i.DefaultRepr()
}

// Repr returns repr(obj): __repr__, else Python's default.
func (i *Instance) Repr(th *starlark.Thread) (string, error) {
	if s, ok, err := i.callDunderString(th, "__repr__"); ok {
		return s, err
	}
	return i.DefaultRepr(), nil
}

// Str returns str(obj) using the given thread for script methods.
func (i *Instance) Str(th *starlark.Thread) (string, error) {
	if s, ok, err := i.callDunderString(th, "__str__"); ok {
		return s, err
	}
	return i.Repr(th)
}

// DefaultRepr is Python's <module.Name object at 0x...> form.
func (i *Instance) DefaultRepr() string {
	if i.class.module == "builtins" {
		return fmt.Sprintf("<%s object at %#x>", i.class.name, identityHash(i))
	}
	return fmt.Sprintf("<%s.%s object at %#x>", i.class.module, i.class.name, identityHash(i))
}

func (i *Instance) callDunderString(th *starlark.Thread, name string) (string, bool, error) {
	v, _ := i.class.Lookup(name)
	if v == nil {
		return "", false, nil
	}
	fn, err := bindValue(i, i.class, v)
	if err != nil {
		return "", true, err
	}
	r, err := starlark.Call(th, fn, nil, nil)
	if err != nil {
		return "", true, err
	}
	s, ok := starlark.AsString(r)
	if !ok {
		return "", true, NewError(TypeError, fmt.Sprintf("%s returned non-string (type %s)", name, r.Type()))
	}
	return s, true, nil
}

// Type returns the class name, so Starlark's type(obj) names the class.
func (i *Instance) Type() string { return i.class.name }

// Freeze marks the instance shared: from now on its fields are guarded by a
// mutex and values stored in it are made safe for sharing.
func (i *Instance) Freeze() { i.freezeWith(newSharer()) }

func (i *Instance) freezeWith(s *sharer) {
	if i.shared.Swap(true) {
		return
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	for k, v := range i.fields {
		i.fields[k] = s.share(v)
	}
	i.class.freezeWith(s)
}

// Truth is __bool__ or __len__ when defined, else true.
func (i *Instance) Truth() starlark.Bool {
	if v, _ := i.class.Lookup("__bool__"); v != nil {
		if r, err := i.callMethod(i.thread(), v); err == nil {
			return r.Truth()
		}
	}
	if v, _ := i.class.Lookup("__len__"); v != nil {
		if r, err := i.callMethod(i.thread(), v); err == nil {
			return r.Truth()
		}
	}
	return true
}

// Hash is __hash__ when defined, else identity.
func (i *Instance) Hash() (uint32, error) {
	if v, _ := i.class.Lookup("__hash__"); v != nil {
		if v == starlark.None {
			return 0, NewError(TypeError, fmt.Sprintf("unhashable type: '%s'", i.class.name))
		}
		r, err := i.callMethod(i.thread(), v)
		if err != nil {
			return 0, err
		}
		n, err := starlark.AsInt32(r)
		return uint32(n), err
	}
	return identityHash(i), nil
}

func (i *Instance) callMethod(th *starlark.Thread, v starlark.Value, args ...starlark.Value) (starlark.Value, error) {
	fn, err := bindValue(i, i.class, v)
	if err != nil {
		return nil, err
	}
	return starlark.Call(th, fn, args, nil)
}

// Field returns an instance field without consulting the class.
func (i *Instance) Field(name string) (starlark.Value, bool) {
	if i.shared.Load() {
		i.mu.Lock()
		defer i.mu.Unlock()
	}
	v, ok := i.fields[name]
	return v, ok
}

// Attr implements obj.name with Python's lookup order: data descriptors
// (properties) on the class, then instance fields, then class attributes
// (functions bind to the instance), then __getattr__.
func (i *Instance) Attr(name string) (starlark.Value, error) {
	cv, _ := i.class.Lookup(name)
	if p, ok := cv.(*Property); ok {
		return p.get(i.thread(), i)
	}
	if v, ok := i.Field(name); ok {
		return v, nil
	}
	if cv != nil {
		return bindValue(i, i.class, cv)
	}
	switch name {
	case "__class__":
		return i.class, nil
	case "__dict__":
		d := starlark.NewDict(len(i.fields))
		for _, k := range i.FieldNames() {
			v, _ := i.Field(k)
			_ = d.SetKey(starlark.String(k), v)
		}
		return d, nil
	}
	if ga, _ := i.class.Lookup("__getattr__"); ga != nil {
		return i.callMethod(i.thread(), ga, starlark.String(name))
	}
	return nil, NewError(AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", i.class.name, name))
}

// FieldNames returns the instance's own field names in assignment order.
func (i *Instance) FieldNames() []string {
	if i.shared.Load() {
		i.mu.Lock()
		defer i.mu.Unlock()
	}
	return append([]string(nil), i.order...)
}

// AttrNames lists fields and class attributes.
func (i *Instance) AttrNames() []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range i.FieldNames() {
		seen[n] = true
		out = append(out, n)
	}
	for _, n := range i.class.AttrNames() {
		if !seen[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// SetField implements obj.name = v (a property setter when the class has
// one).
func (i *Instance) SetField(name string, v starlark.Value) error {
	if cv, _ := i.class.Lookup(name); cv != nil {
		if p, ok := cv.(*Property); ok {
			return p.set(i.thread(), i, v)
		}
	}
	i.SetFieldDirect(name, v)
	return nil
}

// SetFieldDirect stores a field without consulting properties.
func (i *Instance) SetFieldDirect(name string, v starlark.Value) {
	if i.shared.Load() {
		v = shareStored(v)
		i.mu.Lock()
		defer i.mu.Unlock()
	}
	if _, ok := i.fields[name]; !ok {
		i.order = append(i.order, name)
	}
	i.fields[name] = v
}

// DeleteField removes an instance field (del obj.name).
func (i *Instance) DeleteField(name string) error {
	if i.shared.Load() {
		i.mu.Lock()
		defer i.mu.Unlock()
	}
	if _, ok := i.fields[name]; !ok {
		return NewError(AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", i.class.name, name))
	}
	delete(i.fields, name)
	for n, k := range i.order {
		if k == name {
			i.order = append(i.order[:n:n], i.order[n+1:]...)
			break
		}
	}
	return nil
}

// UpdateField atomically replaces a field with f(old), so that `self.n += 1`
// on a shared instance loses no update. ok is false when the field is
// missing (f is then not called).
func (i *Instance) UpdateField(name string, f func(old starlark.Value) (starlark.Value, error)) (bool, error) {
	shared := i.shared.Load()
	if shared {
		i.mu.Lock()
		defer i.mu.Unlock()
	}
	old, ok := i.fields[name]
	if !ok {
		return false, nil
	}
	nv, err := f(old)
	if err != nil {
		return true, err
	}
	if shared {
		nv = shareStored(nv)
	}
	i.fields[name] = nv
	return true, nil
}

var cmpDunder = map[syntax.Token]string{
	syntax.EQL: "__eq__", syntax.NEQ: "__ne__", syntax.LT: "__lt__",
	syntax.LE: "__le__", syntax.GT: "__gt__", syntax.GE: "__ge__",
}

// CompareSameType implements comparisons with __eq__/__lt__ and friends;
// without them == is identity and ordering is a TypeError.
func (i *Instance) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	name := cmpDunder[op]
	if v, _ := i.class.Lookup(name); v != nil {
		r, err := i.callMethod(i.thread(), v, y)
		if err != nil {
			return false, err
		}
		if r != NotImplemented {
			return bool(r.Truth()), nil
		}
	}
	if op == syntax.NEQ {
		if v, _ := i.class.Lookup("__eq__"); v != nil {
			r, err := i.callMethod(i.thread(), v, y)
			if err != nil {
				return false, err
			}
			if r != NotImplemented {
				return !bool(r.Truth()), nil
			}
		}
	}
	switch op {
	case syntax.EQL:
		return i == y, nil
	case syntax.NEQ:
		return i != y, nil
	}
	return false, NewError(TypeError, fmt.Sprintf("'%s' not supported between instances of '%s' and '%s'", op, i.Type(), y.Type()))
}

// Get implements obj[key] through __getitem__.
func (i *Instance) Get(k starlark.Value) (starlark.Value, bool, error) {
	v, _ := i.class.Lookup("__getitem__")
	if v == nil {
		return nil, false, NewError(TypeError, fmt.Sprintf("'%s' object is not subscriptable", i.class.name))
	}
	r, err := i.callMethod(i.thread(), v, k)
	if err != nil {
		return nil, false, err
	}
	return r, true, nil
}

// SetKey implements obj[key] = v through __setitem__.
func (i *Instance) SetKey(k, v starlark.Value) error {
	m, _ := i.class.Lookup("__setitem__")
	if m == nil {
		return NewError(TypeError, fmt.Sprintf("'%s' object does not support item assignment", i.class.name))
	}
	_, err := i.callMethod(i.thread(), m, k, v)
	return err
}

var binDunder = map[syntax.Token][2]string{
	syntax.PLUS:       {"__add__", "__radd__"},
	syntax.MINUS:      {"__sub__", "__rsub__"},
	syntax.STAR:       {"__mul__", "__rmul__"},
	syntax.SLASH:      {"__truediv__", "__rtruediv__"},
	syntax.SLASHSLASH: {"__floordiv__", "__rfloordiv__"},
	syntax.PERCENT:    {"__mod__", "__rmod__"},
	syntax.PIPE:       {"__or__", "__ror__"},
	syntax.AMP:        {"__and__", "__rand__"},
	syntax.CIRCUMFLEX: {"__xor__", "__rxor__"},
	syntax.LTLT:       {"__lshift__", "__rlshift__"},
	syntax.GTGT:       {"__rshift__", "__rrshift__"},
}

// Binary implements arithmetic operators through __add__/__radd__ and
// friends. It returns (nil, nil) when the class defines no such method, so
// Starlark reports the usual "unknown binary op" error.
func (i *Instance) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	names, ok := binDunder[op]
	if !ok {
		return nil, nil
	}
	name := names[0]
	if side == starlark.Right {
		name = names[1]
	}
	v, _ := i.class.Lookup(name)
	if v == nil {
		return nil, nil
	}
	r, err := i.callMethod(i.thread(), v, y)
	if err != nil {
		return nil, err
	}
	if r == NotImplemented {
		return nil, nil
	}
	return r, nil
}

// IsInstance reports whether v is an instance of cls or of a subclass.
func IsInstance(v starlark.Value, cls *Class) bool {
	switch x := v.(type) {
	case *Instance:
		return x.class.IsSubclass(cls)
	}
	return false
}
