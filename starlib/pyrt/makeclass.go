package pyrt

import (
	"fmt"

	"go.starlark.net/starlark"
)

// objectClass is Python's object: the implicit root of every class. Scripts
// write `class A(object)`; the base is dropped, so every class has the same
// shape whether or not it names object. object() makes a bare sentinel.
var objectClass = func() *Class {
	c := MustClass("object", nil, nil)
	c.module = "builtins"
	c.sealed = true
	return c
}()

// ObjectClass returns Python's object class.
func ObjectClass() *Class { return objectClass }

// MakeClass is the __make_class helper: it builds the class of a class
// statement from its name, its evaluated bases, the attribute dict its body
// returned (in definition order) and its keyword arguments.
func MakeClass(name string, bases starlark.Tuple, attrs starlark.IterableMapping, keywords []starlark.Tuple, module string) (*Class, error) {
	for _, kv := range keywords {
		k := string(kv[0].(starlark.String))
		return nil, NewError(TypeError, fmt.Sprintf("class %s: keyword argument %q is not supported (metaclasses are not available in gust)", name, k))
	}
	var bs []*Class
	for _, b := range bases {
		switch x := b.(type) {
		case *Class:
			if x == objectClass {
				continue
			}
			bs = append(bs, x)
		case *Type:
			return nil, NewError(TypeError, fmt.Sprintf("class %s: subclassing the built-in type '%s' is not supported in gust; wrap a %s in an attribute instead", name, x.name, x.name))
		default:
			return nil, NewError(TypeError, fmt.Sprintf("class %s: base %s is not a class", name, Repr(b)))
		}
	}
	var names []string
	vals := map[string]starlark.Value{}
	for _, kv := range attrs.Items() {
		k, ok := kv[0].(starlark.String)
		if !ok {
			continue
		}
		names = append(names, string(k))
		vals[string(k)] = kv[1]
	}
	c, err := NewClass(name, bs, names, vals)
	if err != nil {
		return nil, NewError(TypeError, err.Error())
	}
	if module != "" {
		c.module = module
	}
	return c, nil
}

// DeleteAttr implements del C.name.
func (c *Class) DeleteAttr(name string) error {
	if c.sealed {
		return NewError(TypeError, fmt.Sprintf("cannot delete '%s' attribute of immutable type '%s'", name, c.name))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.dict.Load()
	if _, ok := old.vals[name]; !ok {
		return NewError(AttributeError, fmt.Sprintf("type object '%s' has no attribute '%s'", c.name, name))
	}
	nd := &classDict{vals: make(map[string]starlark.Value, len(old.vals))}
	for _, k := range old.keys {
		if k != name {
			nd.keys = append(nd.keys, k)
			nd.vals[k] = old.vals[k]
		}
	}
	c.dict.Store(nd)
	return nil
}

// UpdateAttr atomically replaces the class attribute name with f(old),
// where old is found along the MRO, and stores it in c itself (as
// `C.count += 1` does). It is what makes augmented assignment on class
// attributes lose no update when many users run it.
func (c *Class) UpdateAttr(name string, f func(old starlark.Value) (starlark.Value, error)) error {
	if c.sealed {
		return NewError(TypeError, fmt.Sprintf("cannot set '%s' attribute of immutable type '%s'", name, c.name))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.dict.Load()
	cur, ok := old.vals[name]
	if !ok {
		for _, k := range c.mro[1:] {
			if v, found := k.dict.Load().vals[name]; found {
				cur, ok = v, true
				break
			}
		}
	}
	if !ok {
		return NewError(AttributeError, fmt.Sprintf("type object '%s' has no attribute '%s'", c.name, name))
	}
	nv, err := f(cur)
	if err != nil {
		return err
	}
	if c.frozen.Load() {
		nv = shareStored(nv)
	}
	nd := &classDict{keys: old.keys, vals: make(map[string]starlark.Value, len(old.vals)+1)}
	for k, x := range old.vals {
		nd.vals[k] = x
	}
	if _, had := old.vals[name]; !had {
		nd.keys = append(append([]string(nil), old.keys...), name)
	}
	nd.vals[name] = nv
	c.dict.Store(nd)
	return nil
}
