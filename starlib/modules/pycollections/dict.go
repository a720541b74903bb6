// Package pycollections is Python's collections module: defaultdict,
// Counter, OrderedDict, deque and namedtuple. The containers lock
// themselves, so a module-level one is safe to share between users (values
// stored into a shared container are shared as module globals are).
//
// Script-level API:
//
//	collections.defaultdict(default_factory=None, ...)   d[k] inserts default_factory()
//	collections.Counter(iterable_or_mapping=None, **kw): most_common(n=None), elements(),
//	  update(...), subtract(...), total(), + - & |; missing keys count 0
//	collections.OrderedDict(...): move_to_end(key, last=True), popitem(last=True)
//	  all three: get, keys, values, items, pop, popitem, setdefault, update, clear,
//	  copy, len, in, iteration, d[k], d[k] = v
//	collections.deque(iterable=(), maxlen=None): append, appendleft, pop, popleft,
//	  extend, extendleft, rotate(n=1), clear, count, index, remove, insert, reverse,
//	  copy, maxlen, len, in, d[i], d[i] = v
//	collections.namedtuple(typename, field_names, *, defaults=None, rename=False, module=None)
package pycollections

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

type dictKind int

const (
	kindDefault dictKind = iota
	kindCounter
	kindOrdered
)

// Dict is defaultdict, Counter or OrderedDict: a Starlark dict (never
// frozen) behind a mutex.
type Dict struct {
	mu      sync.Mutex
	kind    dictKind
	d       *starlark.Dict
	factory starlark.Value // defaultdict only; None when absent
	shared  bool
}

var (
	_ starlark.IterableMapping = (*Dict)(nil)
	_ starlark.HasSetKey       = (*Dict)(nil)
	_ starlark.HasAttrs        = (*Dict)(nil)
	_ starlark.Container       = (*Dict)(nil)
	_ starlark.Comparable      = (*Dict)(nil)
	_ starlark.HasBinary       = (*Dict)(nil)
	_ modules.Copier           = (*Dict)(nil)
)

func newDict(kind dictKind) *Dict {
	return &Dict{kind: kind, d: starlark.NewDict(0), factory: starlark.None}
}

func (x *Dict) share(v starlark.Value) starlark.Value {
	if x.shared {
		return pyrt.Share(v)
	}
	return v
}

// Type returns the Python class name.
func (x *Dict) Type() string {
	switch x.kind {
	case kindCounter:
		return "Counter"
	case kindOrdered:
		return "OrderedDict"
	}
	return "defaultdict"
}

// Freeze switches the container to shared mode: it stays mutable, and
// values stored from now on are shared.
func (x *Dict) Freeze() {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.shared {
		return
	}
	x.shared = true
	for _, kv := range x.d.Items() {
		_ = x.d.SetKey(kv[0], pyrt.Share(kv[1]))
	}
	if x.factory != nil {
		x.factory.Freeze()
	}
}

// Truth is true when not empty.
func (x *Dict) Truth() starlark.Bool { return x.Len() > 0 }

// Hash fails: dicts are unhashable.
func (x *Dict) Hash() (uint32, error) {
	return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("unhashable type: '%s'", x.Type()))
}

// Len is the number of keys.
func (x *Dict) Len() int {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.d.Len()
}

// Items returns a snapshot of the entries.
func (x *Dict) Items() []starlark.Tuple {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.d.Items()
}

// Iterate yields a snapshot of the keys.
func (x *Dict) Iterate() starlark.Iterator {
	items := x.Items()
	keys := make(starlark.Tuple, len(items))
	for i, kv := range items {
		keys[i] = kv[0]
	}
	return keys.Iterate()
}

// Has implements `in` without inserting defaults.
func (x *Dict) Has(k starlark.Value) (bool, error) {
	x.mu.Lock()
	defer x.mu.Unlock()
	_, found, err := x.d.Get(k)
	return found, err
}

// Get implements d[k]: a defaultdict inserts default_factory(), a Counter
// answers 0.
func (x *Dict) Get(k starlark.Value) (starlark.Value, bool, error) {
	x.mu.Lock()
	v, found, err := x.d.Get(k)
	factory := x.factory
	x.mu.Unlock()
	if err != nil || found {
		return v, found, err
	}
	switch {
	case x.kind == kindCounter:
		return starlark.MakeInt(0), true, nil
	case x.kind == kindDefault && factory != starlark.None:
		// The factory is usually a builtin (list, int, dict) or a lambda;
		// Mapping.Get has no thread, so it runs on a fresh one.
		nv, err := starlark.Call(&starlark.Thread{Name: "defaultdict"}, factory, nil, nil)
		if err != nil {
			return nil, false, err
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		if v, found, _ := x.d.Get(k); found {
			return v, true, nil // another user inserted it meanwhile
		}
		nv = x.share(nv)
		if err := x.d.SetKey(k, nv); err != nil {
			return nil, false, err
		}
		return nv, true, nil
	}
	return nil, false, pyrt.NewErrorArgs(pyrt.KeyError, k)
}

// SetKey implements d[k] = v.
func (x *Dict) SetKey(k, v starlark.Value) error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.d.SetKey(k, x.share(v))
}

// String is Python's repr.
func (x *Dict) String() string {
	items := x.Items()
	switch x.kind {
	case kindCounter:
		if len(items) == 0 {
			return "Counter()"
		}
		return "Counter(" + dictRepr(sortCounts(items)) + ")"
	case kindOrdered:
		if len(items) == 0 {
			return "OrderedDict()"
		}
		parts := make([]string, len(items))
		for i, kv := range items {
			parts[i] = pyrt.Repr(kv)
		}
		return "OrderedDict([" + strings.Join(parts, ", ") + "])"
	}
	return "defaultdict(" + modules.PyTypeRepr(x.factory) + ", " + dictRepr(items) + ")"
}

// PyRepr is the same as String.
func (x *Dict) PyRepr() string { return x.String() }

func dictRepr(items []starlark.Tuple) string {
	parts := make([]string, len(items))
	for i, kv := range items {
		parts[i] = pyrt.Repr(kv[0]) + ": " + pyrt.Repr(kv[1])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// count reads a Counter value as a number for ordering.
func count(v starlark.Value) float64 {
	f, err := modules.Float(v, "")
	if err != nil {
		return 0
	}
	return f
}

// sortCounts orders entries by count, highest first, keeping insertion
// order among equal counts (as most_common does).
func sortCounts(items []starlark.Tuple) []starlark.Tuple {
	out := append([]starlark.Tuple(nil), items...)
	sort.SliceStable(out, func(i, j int) bool { return count(out[i][1]) > count(out[j][1]) })
	return out
}

// CompareSameType compares contents (== and != only).
func (x *Dict) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	o := y.(*Dict)
	a, b := starlark.NewDict(0), starlark.NewDict(0)
	for _, kv := range x.Items() {
		_ = a.SetKey(kv[0], kv[1])
	}
	for _, kv := range o.Items() {
		_ = b.SetKey(kv[0], kv[1])
	}
	if x.kind == kindOrdered && o.kind == kindOrdered && (op == syntax.EQL || op == syntax.NEQ) {
		eq, err := starlark.CompareDepth(syntax.EQL, listOf(x.Items()), listOf(o.Items()), depth)
		if err != nil {
			return false, err
		}
		return eq == (op == syntax.EQL), nil
	}
	return starlark.CompareDepth(op, a, b, depth)
}

func listOf(items []starlark.Tuple) *starlark.List {
	out := make([]starlark.Value, len(items))
	for i, kv := range items {
		out[i] = kv
	}
	return starlark.NewList(out)
}

// CopyValue copies the container (copy.copy / copy.deepcopy).
func (x *Dict) CopyValue(elem func(starlark.Value) (starlark.Value, error)) (starlark.Value, error) {
	x.mu.Lock()
	c := &Dict{kind: x.kind, d: starlark.NewDict(x.d.Len()), factory: x.factory}
	items := x.d.Items()
	x.mu.Unlock()
	for _, kv := range items {
		v, err := elem(kv[1])
		if err != nil {
			return nil, err
		}
		if err := c.d.SetKey(kv[0], v); err != nil {
			return nil, err
		}
	}
	return c, nil
}
