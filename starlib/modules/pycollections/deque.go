package pycollections

import (
	"fmt"
	"strings"
	"sync"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Deque is collections.deque, safe for concurrent use (a module-level
// deque of test accounts popped by every user is a common pattern).
type Deque struct {
	mu     sync.Mutex
	items  []starlark.Value
	maxlen int // -1: unbounded
	shared bool
}

var (
	_ starlark.Indexable   = (*Deque)(nil)
	_ starlark.HasSetIndex = (*Deque)(nil)
	_ starlark.Iterable    = (*Deque)(nil)
	_ starlark.HasAttrs    = (*Deque)(nil)
	_ starlark.Container   = (*Deque)(nil)
	_ starlark.Comparable  = (*Deque)(nil)
	_ modules.Copier       = (*Deque)(nil)
)

// String is Python's repr.
func (q *Deque) String() string {
	q.mu.Lock()
	parts := make([]string, len(q.items))
	for i, v := range q.items {
		parts[i] = pyrt.Repr(v)
	}
	maxlen := q.maxlen
	q.mu.Unlock()
	s := "deque([" + strings.Join(parts, ", ") + "]"
	if maxlen >= 0 {
		s += fmt.Sprintf(", maxlen=%d", maxlen)
	}
	return s + ")"
}

// PyRepr is the same as String.
func (q *Deque) PyRepr() string { return q.String() }

// Type returns "deque".
func (q *Deque) Type() string { return "deque" }

// Freeze switches to shared mode: still mutable, new items are shared.
func (q *Deque) Freeze() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shared {
		return
	}
	q.shared = true
	for i, v := range q.items {
		q.items[i] = pyrt.Share(v)
	}
}

// Truth is true when not empty.
func (q *Deque) Truth() starlark.Bool { return q.Len() > 0 }

// Hash fails: deques are unhashable.
func (q *Deque) Hash() (uint32, error) {
	return 0, pyrt.NewError(pyrt.TypeError, "unhashable type: 'deque'")
}

// Len is the number of items.
func (q *Deque) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.items)
}

// Index returns item i (the interpreter has checked the bounds against an
// earlier Len; a concurrent pop may have shortened the deque since).
func (q *Deque) Index(i int) starlark.Value {
	q.mu.Lock()
	defer q.mu.Unlock()
	if i < 0 || i >= len(q.items) {
		return starlark.None
	}
	return q.items[i]
}

// SetIndex implements d[i] = v.
func (q *Deque) SetIndex(i int, v starlark.Value) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if i < 0 || i >= len(q.items) {
		return pyrt.NewError(pyrt.IndexError, "deque index out of range")
	}
	q.items[i] = q.share(v)
	return nil
}

func (q *Deque) share(v starlark.Value) starlark.Value {
	if q.shared {
		return pyrt.Share(v)
	}
	return v
}

func (q *Deque) snapshot() []starlark.Value {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]starlark.Value(nil), q.items...)
}

// Iterate yields a snapshot.
func (q *Deque) Iterate() starlark.Iterator { return starlark.Tuple(q.snapshot()).Iterate() }

// Has implements `in`.
func (q *Deque) Has(v starlark.Value) (bool, error) {
	for _, x := range q.snapshot() {
		if eq, err := starlark.Equal(x, v); err != nil || eq {
			return eq, err
		}
	}
	return false, nil
}

// CompareSameType compares items in order.
func (q *Deque) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, starlark.NewList(q.snapshot()), starlark.NewList(y.(*Deque).snapshot()), depth)
}

// CopyValue copies the deque.
func (q *Deque) CopyValue(elem func(starlark.Value) (starlark.Value, error)) (starlark.Value, error) {
	items := q.snapshot()
	c := &Deque{maxlen: q.maxlen, items: make([]starlark.Value, len(items))}
	for i, v := range items {
		var err error
		if c.items[i], err = elem(v); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// pushLocked appends at the right or left, dropping from the other end
// when maxlen is reached.
func (q *Deque) pushLocked(v starlark.Value, left bool) {
	if q.maxlen == 0 {
		return
	}
	v = q.share(v)
	if left {
		q.items = append([]starlark.Value{v}, q.items...)
		if q.maxlen >= 0 && len(q.items) > q.maxlen {
			q.items = q.items[:q.maxlen]
		}
		return
	}
	q.items = append(q.items, v)
	if q.maxlen >= 0 && len(q.items) > q.maxlen {
		q.items = q.items[len(q.items)-q.maxlen:]
	}
}

type dequeMethod func(q *Deque, th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)

func one(name string, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	err := starlark.UnpackPositionalArgs(name, args, kw, 1, &v)
	return v, err
}

var dequeMethods = map[string]dequeMethod{
	"append": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		v, err := one("append", args, kw)
		if err != nil {
			return nil, err
		}
		q.mu.Lock()
		q.pushLocked(v, false)
		q.mu.Unlock()
		return starlark.None, nil
	},
	"appendleft": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		v, err := one("appendleft", args, kw)
		if err != nil {
			return nil, err
		}
		q.mu.Lock()
		q.pushLocked(v, true)
		q.mu.Unlock()
		return starlark.None, nil
	},
	"extend": func(q *Deque, th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		v, err := one("extend", args, kw)
		if err != nil {
			return nil, err
		}
		items, err := modules.Elements(th, v)
		if err != nil {
			return nil, err
		}
		q.mu.Lock()
		for _, it := range items {
			q.pushLocked(it, false)
		}
		q.mu.Unlock()
		return starlark.None, nil
	},
	"extendleft": func(q *Deque, th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		v, err := one("extendleft", args, kw)
		if err != nil {
			return nil, err
		}
		items, err := modules.Elements(th, v)
		if err != nil {
			return nil, err
		}
		q.mu.Lock()
		for _, it := range items {
			q.pushLocked(it, true)
		}
		q.mu.Unlock()
		return starlark.None, nil
	},
	"pop": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs("pop", args, kw, 0); err != nil {
			return nil, err
		}
		q.mu.Lock()
		defer q.mu.Unlock()
		if len(q.items) == 0 {
			return nil, pyrt.NewError(pyrt.IndexError, "pop from an empty deque")
		}
		v := q.items[len(q.items)-1]
		q.items = q.items[:len(q.items)-1]
		return v, nil
	},
	"popleft": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs("popleft", args, kw, 0); err != nil {
			return nil, err
		}
		q.mu.Lock()
		defer q.mu.Unlock()
		if len(q.items) == 0 {
			return nil, pyrt.NewError(pyrt.IndexError, "pop from an empty deque")
		}
		v := q.items[0]
		q.items[0] = nil
		q.items = q.items[1:]
		return v, nil
	},
	"rotate": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		n := 1
		if err := starlark.UnpackPositionalArgs("rotate", args, kw, 0, &n); err != nil {
			return nil, err
		}
		q.mu.Lock()
		defer q.mu.Unlock()
		if l := len(q.items); l > 1 {
			n = ((n % l) + l) % l
			q.items = append(q.items[l-n:], q.items[:l-n]...)
		}
		return starlark.None, nil
	},
	"clear": func(q *Deque, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		q.mu.Lock()
		q.items = nil
		q.mu.Unlock()
		return starlark.None, nil
	},
	"count": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		v, err := one("count", args, kw)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, x := range q.snapshot() {
			if eq, _ := starlark.Equal(x, v); eq {
				n++
			}
		}
		return starlark.MakeInt(n), nil
	},
	"index": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		v, err := one("index", args[:min(1, len(args))], kw)
		if err != nil {
			return nil, err
		}
		for i, x := range q.snapshot() {
			if eq, _ := starlark.Equal(x, v); eq {
				return starlark.MakeInt(i), nil
			}
		}
		return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("%s is not in deque", pyrt.Repr(v)))
	},
	"remove": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		v, err := one("remove", args, kw)
		if err != nil {
			return nil, err
		}
		q.mu.Lock()
		defer q.mu.Unlock()
		for i, x := range q.items {
			if eq, _ := starlark.Equal(x, v); eq {
				q.items = append(q.items[:i:i], q.items[i+1:]...)
				return starlark.None, nil
			}
		}
		return nil, pyrt.NewError(pyrt.ValueError, "deque.remove(x): x not in deque")
	},
	"insert": func(q *Deque, _ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var i int
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs("insert", args, kw, 2, &i, &v); err != nil {
			return nil, err
		}
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.maxlen >= 0 && len(q.items) >= q.maxlen {
			return nil, pyrt.NewError(pyrt.IndexError, "deque already at its maximum size")
		}
		l := len(q.items)
		if i < 0 {
			i = max(0, i+l)
		}
		i = min(i, l)
		q.items = append(q.items[:i:i], append([]starlark.Value{q.share(v)}, q.items[i:]...)...)
		return starlark.None, nil
	},
	"reverse": func(q *Deque, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		q.mu.Lock()
		defer q.mu.Unlock()
		for i, j := 0, len(q.items)-1; i < j; i, j = i+1, j-1 {
			q.items[i], q.items[j] = q.items[j], q.items[i]
		}
		return starlark.None, nil
	},
	"copy": func(q *Deque, _ *starlark.Thread, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return q.CopyValue(func(v starlark.Value) (starlark.Value, error) { return v, nil })
	},
}

// Attr returns the deque methods and maxlen.
func (q *Deque) Attr(name string) (starlark.Value, error) {
	if name == "maxlen" {
		if q.maxlen < 0 {
			return starlark.None, nil
		}
		return starlark.MakeInt(q.maxlen), nil
	}
	m, ok := dequeMethods[name]
	if !ok {
		return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'collections.deque' object has no attribute '%s'", name))
	}
	return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return m(q, th, args, kw)
	}), nil
}

// AttrNames lists the methods.
func (q *Deque) AttrNames() []string {
	return []string{"append", "appendleft", "clear", "copy", "count", "extend", "extendleft", "index", "insert", "maxlen", "pop", "popleft", "remove", "reverse", "rotate"}
}
