package pyrt

import (
	"reflect"

	"go.starlark.net/starlark"
)

// Share prepares a value for use by many goroutines at once. It is called on
// module globals (the lowering ends every module with `X, Y = __share(X, Y)`),
// on class attributes when a class is frozen, and on values stored into
// shared objects afterwards.
//
// Lists, dicts and sets become SharedList, SharedDict and SharedSet — Go
// containers guarded by a mutex that scripts keep mutating at run time
// (`ACCOUNTS.pop()`, `seen["n"] += 1`) — and the conversion is deep, so a
// dict popped from a shared list is itself shared and mutable. Tuples get
// shared elements; instances and classes switch to their locked mode;
// everything else is frozen, which makes concurrent reads safe.
func Share(v starlark.Value) starlark.Value {
	return newSharer().share(v)
}

// ShareAll shares several values at once, so that a container reachable from
// two of them (`A = []; B = A`) becomes one shared container, not two.
func ShareAll(vals ...starlark.Value) []starlark.Value {
	s := newSharer()
	out := make([]starlark.Value, len(vals))
	for i, v := range vals {
		out[i] = s.share(v)
	}
	return out
}

// sharer converts values to their shared form, remembering what it already
// converted so aliases and cycles stay aliases and cycles.
type sharer struct {
	memo map[starlark.Value]starlark.Value
}

func newSharer() *sharer { return &sharer{} }

func (s *sharer) seen(v starlark.Value) (starlark.Value, bool) {
	if s.memo == nil {
		return nil, false
	}
	r, ok := s.memo[v]
	return r, ok
}

func (s *sharer) remember(v, r starlark.Value) {
	if s.memo == nil {
		s.memo = make(map[starlark.Value]starlark.Value)
	}
	s.memo[v] = r
}

func (s *sharer) share(v starlark.Value) starlark.Value {
	switch x := v.(type) {
	case nil:
		return nil
	case starlark.NoneType, starlark.Bool, starlark.Int, starlark.Float, starlark.String, starlark.Bytes:
		return v
	case *SharedList, *SharedDict, *SharedSet:
		return v
	case *starlark.List:
		if r, ok := s.seen(x); ok {
			return r
		}
		sl := &SharedList{}
		s.remember(x, sl)
		elems := make([]starlark.Value, x.Len())
		for i := range elems {
			elems[i] = s.share(x.Index(i))
		}
		sl.elems = elems
		return sl
	case *starlark.Dict:
		if r, ok := s.seen(x); ok {
			return r
		}
		sd := &SharedDict{d: starlark.NewDict(x.Len())}
		s.remember(x, sd)
		for _, kv := range x.Items() {
			kv[0].Freeze()
			_ = sd.d.SetKey(kv[0], s.share(kv[1]))
		}
		return sd
	case *starlark.Set:
		if r, ok := s.seen(x); ok {
			return r
		}
		ss := &SharedSet{s: starlark.NewSet(x.Len())}
		s.remember(x, ss)
		for e := range x.Elements() {
			e.Freeze()
			_ = ss.s.Insert(e)
		}
		return ss
	case starlark.Tuple:
		var out starlark.Tuple
		for i, e := range x {
			se := s.share(e)
			if !identical(se, e) && out == nil {
				out = make(starlark.Tuple, len(x))
				copy(out, x[:i])
			}
			if out != nil {
				out[i] = se
			}
		}
		if out != nil {
			return out
		}
		return x
	case *Instance:
		x.freezeWith(s)
		return x
	case *Class:
		x.freezeWith(s)
		return x
	}
	v.Freeze()
	return v
}

// Plain returns v with every shared container replaced by an ordinary,
// unfrozen Starlark list, dict or set (deeply), for Go code that wants
// plain values: JSON encoding, HTTP bodies and parameters.
func Plain(v starlark.Value) starlark.Value {
	switch x := v.(type) {
	case *SharedList:
		elems := x.Snapshot()
		for i, e := range elems {
			elems[i] = Plain(e)
		}
		return starlark.NewList(elems)
	case *SharedDict:
		items := x.Items()
		d := starlark.NewDict(len(items))
		for _, kv := range items {
			_ = d.SetKey(kv[0], Plain(kv[1]))
		}
		return d
	case *SharedSet:
		elems := x.Snapshot()
		st := starlark.NewSet(len(elems))
		for _, e := range elems {
			_ = st.Insert(e)
		}
		return st
	case starlark.Tuple:
		var out starlark.Tuple
		for i, e := range x {
			pe := Plain(e)
			if !identical(pe, e) && out == nil {
				out = make(starlark.Tuple, len(x))
				copy(out, x[:i])
			}
			if out != nil {
				out[i] = pe
			}
		}
		if out != nil {
			return out
		}
	case *starlark.List:
		// A plain list may hold shared elements (a slice of a shared list).
		var elems []starlark.Value
		for i := 0; i < x.Len(); i++ {
			e := x.Index(i)
			pe := Plain(e)
			if !identical(pe, e) && elems == nil {
				elems = make([]starlark.Value, x.Len())
				for j := 0; j < i; j++ {
					elems[j] = x.Index(j)
				}
			}
			if elems != nil {
				elems[i] = pe
			}
		}
		if elems != nil {
			return starlark.NewList(elems)
		}
	case *starlark.Dict:
		var d *starlark.Dict
		items := x.Items()
		for i, kv := range items {
			pv := Plain(kv[1])
			if !identical(pv, kv[1]) && d == nil {
				d = starlark.NewDict(len(items))
				for _, prev := range items[:i] {
					_ = d.SetKey(prev[0], prev[1])
				}
			}
			if d != nil {
				_ = d.SetKey(kv[0], pv)
			}
		}
		if d != nil {
			return d
		}
	}
	return v
}

// shareStored prepares a value being stored into an already shared object.
func shareStored(v starlark.Value) starlark.Value { return newSharer().share(v) }

// identical reports whether a and b are the same value object, without
// comparing uncomparable Go types (tuples are slices).
func identical(a, b starlark.Value) bool {
	if x, ok := a.(starlark.Tuple); ok {
		y, ok := b.(starlark.Tuple)
		return ok && len(x) == len(y) && (len(x) == 0 || &x[0] == &y[0])
	}
	if _, ok := b.(starlark.Tuple); ok {
		return false
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb || ta == nil || !ta.Comparable() {
		return false
	}
	return a == b
}
