package pyrt

import (
	"fmt"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// SharedDict is a Python dict that many virtual users read and mutate at
// once (module- and class-level dicts after freezing, and the `__G` dict
// that holds names declared `global`). Every operation holds the mutex for
// its own duration; iteration walks a snapshot of the keys; stored values are
// shared deeply. Type() is "shared_dict" for the reason given on SharedList.
type SharedDict struct {
	mu sync.Mutex
	d  *starlark.Dict // never frozen, never exposed

	// globals marks the dict of `global` names: a missing key is a NameError.
	globals bool
}

var (
	_ starlark.IterableMapping = (*SharedDict)(nil)
	_ starlark.HasSetKey       = (*SharedDict)(nil)
	_ starlark.Sequence        = (*SharedDict)(nil)
	_ starlark.Container       = (*SharedDict)(nil)
	_ starlark.HasAttrs        = (*SharedDict)(nil)
	_ starlark.Comparable      = (*SharedDict)(nil)
	_ starlark.HasBinary       = (*SharedDict)(nil)
)

// NewSharedDict makes an empty shared dict.
func NewSharedDict() *SharedDict { return &SharedDict{d: starlark.NewDict(0)} }

// NewGlobals makes the dict that holds a module's `global` names: reading a
// name that was never assigned is a NameError, as in Python.
func NewGlobals() *SharedDict { return &SharedDict{d: starlark.NewDict(0), globals: true} }

// Items returns a snapshot of the key/value pairs in insertion order.
func (d *SharedDict) Items() []starlark.Tuple {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.d.Items()
}

// Keys returns a snapshot of the keys.
func (d *SharedDict) Keys() []starlark.Value {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.d.Keys()
}

// String is Python's repr of the dict.
func (d *SharedDict) String() string { return Repr(d.plainShallow()) }

// PyRepr is Python's repr of the dict.
func (d *SharedDict) PyRepr() string { return d.String() }

func (d *SharedDict) plainShallow() *starlark.Dict {
	items := d.Items()
	out := starlark.NewDict(len(items))
	for _, kv := range items {
		_ = out.SetKey(kv[0], kv[1])
	}
	return out
}

// Type is "shared_dict"; see SharedList.
func (d *SharedDict) Type() string { return "shared_dict" }

// Freeze does nothing: the dict is already safe to share.
func (d *SharedDict) Freeze() {}

// Truth is true for a non-empty dict.
func (d *SharedDict) Truth() starlark.Bool { return d.Len() > 0 }

// Hash fails: dicts are unhashable.
func (d *SharedDict) Hash() (uint32, error) {
	return 0, NewError(TypeError, "unhashable type: 'dict'")
}

// Len returns the number of entries.
func (d *SharedDict) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.d.Len()
}

// Get implements d[k].
func (d *SharedDict) Get(k starlark.Value) (starlark.Value, bool, error) {
	d.mu.Lock()
	v, found, err := d.d.Get(k)
	d.mu.Unlock()
	if err != nil {
		return nil, false, err
	}
	if !found {
		if d.globals {
			return nil, false, NewError(NameError, fmt.Sprintf("name %s is not defined", QuoteString(Str(k))))
		}
		return nil, false, NewErrorArgs(KeyError, k)
	}
	return v, true, nil
}

// Has implements `k in d`.
func (d *SharedDict) Has(k starlark.Value) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	_, found, err := d.d.Get(k)
	return found, err
}

// SetKey implements d[k] = v.
func (d *SharedDict) SetKey(k, v starlark.Value) error {
	if _, err := k.Hash(); err != nil {
		return err
	}
	k.Freeze()
	v = shareStored(v)
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.d.SetKey(k, v)
}

// Delete removes k, reporting whether it was present.
func (d *SharedDict) Delete(k starlark.Value) (starlark.Value, bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.d.Delete(k)
}

// Update replaces d[k] with f(old) under the lock, for `d[k] += x`. A missing
// key is a KeyError (NameError for globals), as in Python.
func (d *SharedDict) Update(k starlark.Value, f func(old starlark.Value) (starlark.Value, error)) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	old, found, err := d.d.Get(k)
	if err != nil {
		return err
	}
	if !found {
		if d.globals {
			return NewError(NameError, fmt.Sprintf("name %s is not defined", QuoteString(Str(k))))
		}
		return NewErrorArgs(KeyError, k)
	}
	nv, err := f(old)
	if err != nil {
		return err
	}
	return d.d.SetKey(k, shareStored(nv))
}

// Iterate walks a snapshot of the keys.
func (d *SharedDict) Iterate() starlark.Iterator { return &sliceIterator{elems: d.Keys()} }

// CompareSameType compares two shared dicts.
func (d *SharedDict) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, d.plainShallow(), y.(*SharedDict).plainShallow(), depth-1)
}

// Binary implements | with plain or shared dicts.
func (d *SharedDict) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if op != syntax.PIPE {
		return nil, nil
	}
	x := starlark.Value(d.plainShallow())
	if o, ok := y.(*SharedDict); ok {
		y = o.plainShallow()
	}
	if side == starlark.Right {
		return starlark.Binary(op, y, x)
	}
	return starlark.Binary(op, x, y)
}

// Attr returns the dict methods, bound to d.
func (d *SharedDict) Attr(name string) (starlark.Value, error) {
	fn, ok := sharedDictMethods[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(d), nil
}

// AttrNames lists the dict methods.
func (d *SharedDict) AttrNames() []string { return sortedKeys(sharedDictMethods) }

var sharedDictMethods = map[string]builtinFn{
	"get":        sdGet,
	"items":      sdItems,
	"keys":       sdKeys,
	"values":     sdValues,
	"pop":        sdPop,
	"popitem":    sdPopitem,
	"setdefault": sdSetdefault,
	"update":     sdUpdate,
	"clear":      sdClear,
	"copy":       sdCopy,
}

func recvDict(b *starlark.Builtin) *SharedDict { return b.Receiver().(*SharedDict) }

func sdGet(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var k starlark.Value
	def := starlark.Value(starlark.None)
	if err := starlark.UnpackPositionalArgs("get", args, kwargs, 1, &k, &def); err != nil {
		return nil, err
	}
	d := recvDict(b)
	d.mu.Lock()
	defer d.mu.Unlock()
	v, found, err := d.d.Get(k)
	if err != nil {
		return nil, err
	}
	if !found {
		return def, nil
	}
	return v, nil
}

func sdItems(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("items", args, kwargs, 0); err != nil {
		return nil, err
	}
	items := recvDict(b).Items()
	out := make([]starlark.Value, len(items))
	for i, kv := range items {
		out[i] = kv
	}
	return starlark.NewList(out), nil
}

func sdKeys(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("keys", args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.NewList(recvDict(b).Keys()), nil
}

func sdValues(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("values", args, kwargs, 0); err != nil {
		return nil, err
	}
	items := recvDict(b).Items()
	out := make([]starlark.Value, len(items))
	for i, kv := range items {
		out[i] = kv[1]
	}
	return starlark.NewList(out), nil
}

func sdPop(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var k, def starlark.Value
	if err := starlark.UnpackPositionalArgs("pop", args, kwargs, 1, &k, &def); err != nil {
		return nil, err
	}
	v, found, err := recvDict(b).Delete(k)
	if err != nil {
		return nil, err
	}
	if !found {
		if def != nil {
			return def, nil
		}
		return nil, NewErrorArgs(KeyError, k)
	}
	return v, nil
}

func sdPopitem(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("popitem", args, kwargs, 0); err != nil {
		return nil, err
	}
	d := recvDict(b)
	d.mu.Lock()
	defer d.mu.Unlock()
	items := d.d.Items()
	if len(items) == 0 {
		return nil, NewError(KeyError, "popitem(): dictionary is empty")
	}
	last := items[len(items)-1]
	if _, _, err := d.d.Delete(last[0]); err != nil {
		return nil, err
	}
	return last, nil
}

func sdSetdefault(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var k starlark.Value
	def := starlark.Value(starlark.None)
	if err := starlark.UnpackPositionalArgs("setdefault", args, kwargs, 1, &k, &def); err != nil {
		return nil, err
	}
	if _, err := k.Hash(); err != nil {
		return nil, err
	}
	k.Freeze()
	def = shareStored(def)
	d := recvDict(b)
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, found, err := d.d.Get(k); err != nil {
		return nil, err
	} else if found {
		return v, nil
	}
	return def, d.d.SetKey(k, def)
}

func sdUpdate(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) > 1 {
		return nil, NewError(TypeError, fmt.Sprintf("update expected at most 1 argument, got %d", len(args)))
	}
	pairs, err := dictPairs(th, args, kwargs)
	if err != nil {
		return nil, err
	}
	d := recvDict(b)
	for _, kv := range pairs {
		if err := d.SetKey(kv[0], kv[1]); err != nil {
			return nil, err
		}
	}
	return starlark.None, nil
}

func sdClear(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("clear", args, kwargs, 0); err != nil {
		return nil, err
	}
	d := recvDict(b)
	d.mu.Lock()
	defer d.mu.Unlock()
	return starlark.None, d.d.Clear()
}

func sdCopy(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
		return nil, err
	}
	return recvDict(b).plainShallow(), nil
}

// SharedSet is a Python set shared by many virtual users; see SharedDict.
type SharedSet struct {
	mu sync.Mutex
	s  *starlark.Set // never frozen, never exposed
}

var (
	_ starlark.Sequence  = (*SharedSet)(nil)
	_ starlark.Container = (*SharedSet)(nil)
	_ starlark.HasAttrs  = (*SharedSet)(nil)
	_ starlark.HasBinary = (*SharedSet)(nil)
)

// Snapshot returns the elements at this moment.
func (s *SharedSet) Snapshot() []starlark.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]starlark.Value, 0, s.s.Len())
	for e := range s.s.Elements() {
		out = append(out, e)
	}
	return out
}

func (s *SharedSet) plain() *starlark.Set {
	elems := s.Snapshot()
	out := starlark.NewSet(len(elems))
	for _, e := range elems {
		_ = out.Insert(e)
	}
	return out
}

// String is Python's repr of the set.
func (s *SharedSet) String() string { return Repr(s.plain()) }

// PyRepr is Python's repr of the set.
func (s *SharedSet) PyRepr() string { return s.String() }

// Type is "shared_set"; see SharedList.
func (s *SharedSet) Type() string { return "shared_set" }

// Freeze does nothing: the set is already safe to share.
func (s *SharedSet) Freeze() {}

// Truth is true for a non-empty set.
func (s *SharedSet) Truth() starlark.Bool { return s.Len() > 0 }

// Hash fails: sets are unhashable.
func (s *SharedSet) Hash() (uint32, error) {
	return 0, NewError(TypeError, "unhashable type: 'set'")
}

// Len returns the number of elements.
func (s *SharedSet) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.s.Len()
}

// Has implements `x in s`.
func (s *SharedSet) Has(x starlark.Value) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.s.Has(x)
}

// Iterate walks a snapshot.
func (s *SharedSet) Iterate() starlark.Iterator { return &sliceIterator{elems: s.Snapshot()} }

// Binary implements the set operators by working on a plain copy.
func (s *SharedSet) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch op {
	case syntax.PIPE, syntax.AMP, syntax.MINUS, syntax.CIRCUMFLEX:
	default:
		return nil, nil
	}
	x := starlark.Value(s.plain())
	if o, ok := y.(*SharedSet); ok {
		y = o.plain()
	}
	if side == starlark.Right {
		return starlark.Binary(op, y, x)
	}
	return starlark.Binary(op, x, y)
}

// Attr returns the set methods: mutators lock the shared set, the others
// run on a plain copy.
func (s *SharedSet) Attr(name string) (starlark.Value, error) {
	switch name {
	case "add", "discard", "remove", "pop", "clear", "update":
		return starlark.NewBuiltin(name, ssMutate).BindReceiver(s), nil
	case "copy":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return s.plain(), nil
		}), nil
	}
	return setMethod(s.plain(), name)
}

// AttrNames lists the set methods.
func (s *SharedSet) AttrNames() []string { return starlark.NewSet(0).AttrNames() }

func ssMutate(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	s := b.Receiver().(*SharedSet)
	var items []starlark.Value
	if b.Name() == "update" {
		for _, a := range args {
			vals, err := ToSlice(th, a)
			if err != nil {
				return nil, err
			}
			items = append(items, vals...)
		}
	} else if b.Name() != "pop" && b.Name() != "clear" {
		var x starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &x); err != nil {
			return nil, err
		}
		items = []starlark.Value{x}
	}
	for _, x := range items {
		if _, err := x.Hash(); err != nil {
			return nil, err
		}
		x.Freeze()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch b.Name() {
	case "add", "update":
		for _, x := range items {
			if err := s.s.Insert(x); err != nil {
				return nil, err
			}
		}
	case "discard":
		if _, err := s.s.Delete(items[0]); err != nil {
			return nil, err
		}
	case "remove":
		found, err := s.s.Delete(items[0])
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, NewErrorArgs(KeyError, items[0])
		}
	case "pop":
		var first starlark.Value
		for e := range s.s.Elements() {
			first = e
			break
		}
		if first == nil {
			return nil, NewError(KeyError, "pop from an empty set")
		}
		_, err := s.s.Delete(first)
		return first, err
	case "clear":
		return starlark.None, s.s.Clear()
	}
	return starlark.None, nil
}
