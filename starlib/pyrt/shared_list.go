package pyrt

import (
	"fmt"
	"sync"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// SharedList is a Python list that many virtual users read and mutate at
// once: module-level and class-level lists become SharedLists when the
// program is frozen. Every operation holds the list's mutex for its own
// duration; iteration walks a snapshot; values stored into it are shared
// themselves (deeply), so an element taken out by one user and mutated works.
//
// It behaves like a list for len, in, indexing, slicing (which returns a
// plain list), iteration, repr, +, * and the list methods. Type() is
// "shared_list" rather than "list" because go.starlark.net compares values of
// the same Type() by asserting their Go type; scripts see `list` through
// type() and isinstance. Go code reads it with Snapshot or Plain.
type SharedList struct {
	mu    sync.Mutex
	elems []starlark.Value
}

var (
	_ starlark.Sequence   = (*SharedList)(nil)
	_ starlark.Sliceable  = (*SharedList)(nil)
	_ starlark.HasSetKey  = (*SharedList)(nil)
	_ starlark.Container  = (*SharedList)(nil)
	_ starlark.HasAttrs   = (*SharedList)(nil)
	_ starlark.HasBinary  = (*SharedList)(nil)
	_ starlark.Comparable = (*SharedList)(nil)
)

// NewSharedList makes a shared list of the given elements (shared deeply).
func NewSharedList(elems []starlark.Value) *SharedList {
	s := newSharer()
	out := make([]starlark.Value, len(elems))
	for i, e := range elems {
		out[i] = s.share(e)
	}
	return &SharedList{elems: out}
}

// Snapshot returns a copy of the elements at this moment.
func (l *SharedList) Snapshot() []starlark.Value {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]starlark.Value(nil), l.elems...)
}

// String is Python's repr of the list.
func (l *SharedList) String() string { return Repr(starlark.NewList(l.Snapshot())) }

// PyRepr is Python's repr of the list.
func (l *SharedList) PyRepr() string { return l.String() }

// Type is "shared_list"; see the type comment.
func (l *SharedList) Type() string { return "shared_list" }

// Freeze does nothing: the list is already safe to share.
func (l *SharedList) Freeze() {}

// Truth is true for a non-empty list.
func (l *SharedList) Truth() starlark.Bool { return l.Len() > 0 }

// Hash fails: lists are unhashable.
func (l *SharedList) Hash() (uint32, error) {
	return 0, NewError(TypeError, "unhashable type: 'list'")
}

// Len returns the current length.
func (l *SharedList) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.elems)
}

// Index returns element i, or None if a concurrent removal made i invalid
// between the caller's Len and this call.
func (l *SharedList) Index(i int) starlark.Value {
	l.mu.Lock()
	defer l.mu.Unlock()
	if i < 0 || i >= len(l.elems) {
		return starlark.None
	}
	return l.elems[i]
}

// Get implements l[i] atomically (bounds check and read under one lock).
func (l *SharedList) Get(k starlark.Value) (starlark.Value, bool, error) {
	i, err := starlark.AsInt32(k)
	if err != nil {
		return nil, false, NewError(TypeError, fmt.Sprintf("list indices must be integers or slices, not %s", TypeName(k)))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if i < 0 {
		i += len(l.elems)
	}
	if i < 0 || i >= len(l.elems) {
		return nil, false, NewError(IndexError, "list index out of range")
	}
	return l.elems[i], true, nil
}

// SetKey implements l[i] = v.
func (l *SharedList) SetKey(k, v starlark.Value) error {
	i, err := starlark.AsInt32(k)
	if err != nil {
		return NewError(TypeError, fmt.Sprintf("list indices must be integers or slices, not %s", TypeName(k)))
	}
	v = shareStored(v)
	l.mu.Lock()
	defer l.mu.Unlock()
	if i < 0 {
		i += len(l.elems)
	}
	if i < 0 || i >= len(l.elems) {
		return NewError(IndexError, "list assignment index out of range")
	}
	l.elems[i] = v
	return nil
}

// Update replaces element k with f(old) under the lock, for `l[i] += x`.
func (l *SharedList) Update(k starlark.Value, f func(old starlark.Value) (starlark.Value, error)) error {
	i, err := starlark.AsInt32(k)
	if err != nil {
		return NewError(TypeError, fmt.Sprintf("list indices must be integers or slices, not %s", TypeName(k)))
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if i < 0 {
		i += len(l.elems)
	}
	if i < 0 || i >= len(l.elems) {
		return NewError(IndexError, "list index out of range")
	}
	nv, err := f(l.elems[i])
	if err != nil {
		return err
	}
	l.elems[i] = shareStored(nv)
	return nil
}

// Slice returns a plain list (a copy), as slicing a list does in Python.
func (l *SharedList) Slice(start, end, step int) starlark.Value {
	snap := l.Snapshot()
	return starlark.NewList(sliceElems(snap, start, end, step))
}

// sliceElems applies normalised slice indices to a snapshot whose length may
// be smaller than the one the indices were computed for.
func sliceElems(elems []starlark.Value, start, end, step int) []starlark.Value {
	n := len(elems)
	var out []starlark.Value
	if step > 0 {
		if end > n {
			end = n
		}
		for i := start; i < end; i += step {
			out = append(out, elems[i])
		}
		return out
	}
	if start >= n {
		start = n - 1
	}
	for i := start; i > end && i >= 0; i += step {
		out = append(out, elems[i])
	}
	return out
}

// Iterate walks a snapshot, so concurrent mutation never disturbs a loop.
func (l *SharedList) Iterate() starlark.Iterator {
	return &sliceIterator{elems: l.Snapshot()}
}

type sliceIterator struct {
	elems []starlark.Value
	i     int
}

func (it *sliceIterator) Next(p *starlark.Value) bool {
	if it.i >= len(it.elems) {
		return false
	}
	*p = it.elems[it.i]
	it.i++
	return true
}

func (it *sliceIterator) Done() {}

// Has implements `x in l`.
func (l *SharedList) Has(y starlark.Value) (bool, error) {
	for _, e := range l.Snapshot() {
		if eq, err := Equal(e, y); err != nil {
			return false, err
		} else if eq {
			return true, nil
		}
	}
	return false, nil
}

// CompareSameType compares two shared lists element by element.
func (l *SharedList) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	other := y.(*SharedList)
	return starlark.CompareDepth(op, starlark.NewList(l.Snapshot()), starlark.NewList(other.Snapshot()), depth-1)
}

// Binary implements +, * and comparisons with plain lists on either side.
func (l *SharedList) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	x := starlark.Value(starlark.NewList(l.Snapshot()))
	if o, ok := y.(*SharedList); ok {
		y = starlark.NewList(o.Snapshot())
	}
	switch op {
	case syntax.PLUS, syntax.STAR:
		if side == starlark.Right {
			return starlark.Binary(op, y, x)
		}
		return starlark.Binary(op, x, y)
	}
	return nil, nil
}

// Extend appends every element of iterable vals (used by `l += x`).
func (l *SharedList) Extend(vals []starlark.Value) {
	s := newSharer()
	for i, v := range vals {
		vals[i] = s.share(v)
	}
	l.mu.Lock()
	l.elems = append(l.elems, vals...)
	l.mu.Unlock()
}

// Attr returns the list methods, bound to l.
func (l *SharedList) Attr(name string) (starlark.Value, error) {
	fn, ok := sharedListMethods[name]
	if !ok {
		return nil, nil
	}
	return starlark.NewBuiltin(name, fn).BindReceiver(l), nil
}

// AttrNames lists the list methods.
func (l *SharedList) AttrNames() []string { return sortedKeys(sharedListMethods) }

type builtinFn = func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)

var sharedListMethods = map[string]builtinFn{
	"append":  slAppend,
	"extend":  slExtend,
	"insert":  slInsert,
	"pop":     slPop,
	"remove":  slRemove,
	"index":   slIndex,
	"count":   slCount,
	"clear":   slClear,
	"sort":    slSort,
	"reverse": slReverse,
	"copy":    slCopy,
}

func recvList(b *starlark.Builtin) *SharedList { return b.Receiver().(*SharedList) }

func slAppend(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("append", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	l := recvList(b)
	v = shareStored(v)
	l.mu.Lock()
	l.elems = append(l.elems, v)
	l.mu.Unlock()
	return starlark.None, nil
}

func slExtend(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("extend", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	vals, err := ToSlice(th, v)
	if err != nil {
		return nil, err
	}
	recvList(b).Extend(vals)
	return starlark.None, nil
}

func slInsert(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var i int
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("insert", args, kwargs, 2, &i, &v); err != nil {
		return nil, err
	}
	l := recvList(b)
	v = shareStored(v)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.elems = insertAt(l.elems, i, v)
	return starlark.None, nil
}

// insertAt inserts v before index i with Python's clamping of i.
func insertAt(elems []starlark.Value, i int, v starlark.Value) []starlark.Value {
	n := len(elems)
	if i < 0 {
		i += n
		if i < 0 {
			i = 0
		}
	}
	if i > n {
		i = n
	}
	elems = append(elems, nil)
	copy(elems[i+1:], elems[i:])
	elems[i] = v
	return elems
}

func slPop(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	i := -1
	if err := starlark.UnpackPositionalArgs("pop", args, kwargs, 0, &i); err != nil {
		return nil, err
	}
	l := recvList(b)
	l.mu.Lock()
	defer l.mu.Unlock()
	v, rest, err := popAt(l.elems, i)
	if err != nil {
		return nil, err
	}
	l.elems = rest
	return v, nil
}

// popAt removes element i with Python's errors.
func popAt(elems []starlark.Value, i int) (starlark.Value, []starlark.Value, error) {
	n := len(elems)
	if n == 0 {
		return nil, elems, NewError(IndexError, "pop from empty list")
	}
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return nil, elems, NewError(IndexError, "pop index out of range")
	}
	v := elems[i]
	copy(elems[i:], elems[i+1:])
	elems[n-1] = nil
	return v, elems[:n-1], nil
}

func slRemove(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("remove", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	l := recvList(b)
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, e := range l.elems {
		if eq, err := Equal(e, v); err != nil {
			return nil, err
		} else if eq {
			_, l.elems, _ = popAt(l.elems, i)
			return starlark.None, nil
		}
	}
	return nil, NewError(ValueError, "list.remove(x): x not in list")
}

func slIndex(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return listIndex(recvList(b).Snapshot(), args, kwargs)
}

func slCount(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	return listCount(recvList(b).Snapshot(), args, kwargs)
}

func slClear(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("clear", args, kwargs, 0); err != nil {
		return nil, err
	}
	l := recvList(b)
	l.mu.Lock()
	l.elems = nil
	l.mu.Unlock()
	return starlark.None, nil
}

func slSort(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	l := recvList(b)
	// Sort a snapshot outside the lock (key functions run script code),
	// then store the result.
	elems := l.Snapshot()
	if err := sortValues(th, "sort", elems, args, kwargs); err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.elems = elems
	l.mu.Unlock()
	return starlark.None, nil
}

func slReverse(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("reverse", args, kwargs, 0); err != nil {
		return nil, err
	}
	l := recvList(b)
	l.mu.Lock()
	reverseValues(l.elems)
	l.mu.Unlock()
	return starlark.None, nil
}

func slCopy(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
		return nil, err
	}
	return starlark.NewList(recvList(b).Snapshot()), nil
}

func reverseValues(elems []starlark.Value) {
	for i, j := 0, len(elems)-1; i < j; i, j = i+1, j-1 {
		elems[i], elems[j] = elems[j], elems[i]
	}
}

// listIndex is list.index(x[, start[, end]]) over a snapshot.
func listIndex(elems []starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	start, end := 0, len(elems)
	if err := starlark.UnpackPositionalArgs("index", args, kwargs, 1, &v, &start, &end); err != nil {
		return nil, err
	}
	start, end = clampRange(start, end, len(elems))
	for i := start; i < end; i++ {
		if eq, err := Equal(elems[i], v); err != nil {
			return nil, err
		} else if eq {
			return starlark.MakeInt(i), nil
		}
	}
	return nil, NewError(ValueError, fmt.Sprintf("%s is not in list", Repr(v)))
}

// listCount is list.count(x) over a snapshot.
func listCount(elems []starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs("count", args, kwargs, 1, &v); err != nil {
		return nil, err
	}
	n := 0
	for _, e := range elems {
		if eq, err := Equal(e, v); err != nil {
			return nil, err
		} else if eq {
			n++
		}
	}
	return starlark.MakeInt(n), nil
}

// clampRange applies Python's start/end rules for index-like methods.
func clampRange(start, end, n int) (int, int) {
	if start < 0 {
		start += n
		if start < 0 {
			start = 0
		}
	}
	if end < 0 {
		end += n
		if end < 0 {
			end = 0
		}
	}
	if end > n {
		end = n
	}
	return start, end
}
