package pyrt

import (
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// setMethod returns the Python method name of a plain set, bound.
func setMethod(s *starlark.Set, name string) (starlark.Value, error) {
	if fn := setMethodFn(name); fn != nil {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return fn(th, s, args, kwargs)
		}), nil
	}
	return s.Attr(name)
}

func setMethodFn(name string) methodFn {
	switch name {
	case "union", "intersection", "difference", "symmetric_difference":
		op := map[string]syntax.Token{"union": syntax.PIPE, "intersection": syntax.AMP,
			"difference": syntax.MINUS, "symmetric_difference": syntax.CIRCUMFLEX}[name]
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(kwargs) > 0 {
				return nil, NewError(TypeError, name+"() takes no keyword arguments")
			}
			var acc starlark.Value = copySet(recv.(*starlark.Set))
			for _, a := range args {
				other, err := toSet(th, a)
				if err != nil {
					return nil, err
				}
				if acc, err = starlark.Binary(op, acc, other); err != nil {
					return nil, err
				}
			}
			return acc, nil
		}
	case "issubset", "issuperset", "isdisjoint":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var a starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &a); err != nil {
				return nil, err
			}
			s := recv.(*starlark.Set)
			other, err := toSet(th, a)
			if err != nil {
				return nil, err
			}
			switch name {
			case "issubset":
				ok, err := s.IsSubset(other.Iterate())
				return starlark.Bool(ok), err
			case "issuperset":
				ok, err := s.IsSuperset(other.Iterate())
				return starlark.Bool(ok), err
			}
			inter, err := s.Intersection(other.Iterate())
			if err != nil {
				return nil, err
			}
			return starlark.Bool(inter.(*starlark.Set).Len() == 0), nil
		}
	case "copy":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			return copySet(recv.(*starlark.Set)), nil
		}
	case "update", "intersection_update", "difference_update":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s := recv.(*starlark.Set)
			var acc starlark.Value = copySet(s)
			op := map[string]syntax.Token{"update": syntax.PIPE, "intersection_update": syntax.AMP, "difference_update": syntax.MINUS}[name]
			for _, a := range args {
				other, err := toSet(th, a)
				if err != nil {
					return nil, err
				}
				if acc, err = starlark.Binary(op, acc, other); err != nil {
					return nil, err
				}
			}
			if err := s.Clear(); err != nil {
				return nil, frozenErr(err)
			}
			for e := range acc.(*starlark.Set).Elements() {
				if err := s.Insert(e); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		}
	case "add":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs("add", args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			if err := recv.(*starlark.Set).Insert(v); err != nil {
				return nil, hashErr(v, err)
			}
			return starlark.None, nil
		}
	case "remove", "discard":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kwargs, 1, &v); err != nil {
				return nil, err
			}
			found, err := recv.(*starlark.Set).Delete(v)
			if err != nil {
				return nil, hashErr(v, err)
			}
			if !found && name == "remove" {
				return nil, NewErrorArgs(KeyError, v)
			}
			return starlark.None, nil
		}
	case "pop":
		return func(th *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			s := recv.(*starlark.Set)
			var first starlark.Value
			for e := range s.Elements() {
				first = e
				break
			}
			if first == nil {
				return nil, NewError(KeyError, "pop from an empty set")
			}
			_, err := s.Delete(first)
			return first, err
		}
	}
	return nil
}

func copySet(s *starlark.Set) *starlark.Set {
	out := starlark.NewSet(s.Len())
	for e := range s.Elements() {
		_ = out.Insert(e)
	}
	return out
}

func toSet(th *starlark.Thread, v starlark.Value) (*starlark.Set, error) {
	if s, ok := v.(*starlark.Set); ok {
		return s, nil
	}
	elems, err := ToSlice(th, v)
	if err != nil {
		return nil, err
	}
	s := starlark.NewSet(len(elems))
	for _, e := range elems {
		if err := s.Insert(e); err != nil {
			return nil, hashErr(e, err)
		}
	}
	return s, nil
}
