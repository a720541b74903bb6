package modules

import (
	"fmt"
	"reflect"
	"sync"

	"go.starlark.net/starlark"
)

// Iter is a lazy Python iterator implemented in Go (itertools.cycle,
// csv.reader): next() advances it, a for loop drains it. It is safe for
// concurrent use, because locustfiles commonly make one at module level and
// call next() on it from every user.
type Iter struct {
	name string
	mu   sync.Mutex
	next func(th *starlark.Thread) (starlark.Value, bool, error)
	done bool
	// attrs are extra attributes (csv.reader's line_num, DictReader's
	// fieldnames), computed on demand under the iterator's lock.
	attrs func(name string) (starlark.Value, bool)
}

var (
	_ starlark.Iterable = (*Iter)(nil)
	_ starlark.HasAttrs = (*Iter)(nil)
	_ Nexter            = (*Iter)(nil)
)

// NewIter makes an iterator named like Python's type ("itertools.cycle")
// from a function returning the next item; ok false ends it for good.
func NewIter(name string, next func(th *starlark.Thread) (starlark.Value, bool, error)) *Iter {
	return &Iter{name: name, next: next}
}

// WithAttrs adds read-only attributes to the iterator and returns it.
func (it *Iter) WithAttrs(f func(name string) (starlark.Value, bool)) *Iter {
	it.attrs = f
	return it
}

// NextValue advances the iterator.
func (it *Iter) NextValue(th *starlark.Thread) (starlark.Value, bool, error) {
	it.mu.Lock()
	defer it.mu.Unlock()
	if it.done {
		return nil, false, nil
	}
	if th == nil {
		th = &starlark.Thread{Name: "iter"}
	}
	v, ok, err := it.next(th)
	if err != nil {
		return nil, false, err
	}
	if !ok {
		it.done = true
		return nil, false, nil
	}
	return v, true, nil
}

// String is Python's default repr.
func (it *Iter) String() string {
	return fmt.Sprintf("<%s object at %#x>", it.name, reflect.ValueOf(it).Pointer())
}

// Type returns the type name without its module.
func (it *Iter) Type() string {
	for i := len(it.name) - 1; i >= 0; i-- {
		if it.name[i] == '.' {
			return it.name[i+1:]
		}
	}
	return it.name
}

// Freeze does nothing: the iterator guards its own state.
func (it *Iter) Freeze() {}

// Truth is true.
func (it *Iter) Truth() starlark.Bool { return true }

// Hash is identity.
func (it *Iter) Hash() (uint32, error) {
	p := reflect.ValueOf(it).Pointer()
	return uint32(p>>3) ^ uint32(p>>35), nil
}

// Iterate lets a for loop drain the iterator. An error raised while
// advancing ends the loop (Starlark iterators cannot report errors).
func (it *Iter) Iterate() starlark.Iterator { return &iterAdapter{it: it} }

// Attr provides __next__ and __iter__ plus the extra attributes.
func (it *Iter) Attr(name string) (starlark.Value, error) {
	switch name {
	case "__next__":
		return starlark.NewBuiltin("__next__", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			v, ok, err := it.NextValue(th)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, StopIteration()
			}
			return v, nil
		}), nil
	case "__iter__":
		return starlark.NewBuiltin("__iter__", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return it, nil
		}), nil
	}
	if it.attrs != nil {
		it.mu.Lock()
		v, ok := it.attrs(name)
		it.mu.Unlock()
		if ok {
			return v, nil
		}
	}
	return nil, nil
}

// AttrNames lists the protocol methods.
func (it *Iter) AttrNames() []string { return []string{"__iter__", "__next__"} }

type iterAdapter struct{ it *Iter }

func (a *iterAdapter) Next(p *starlark.Value) bool {
	v, ok, err := a.it.NextValue(nil)
	if err != nil || !ok {
		return false
	}
	*p = v
	return true
}

func (a *iterAdapter) Done() {}
