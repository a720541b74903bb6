package pyrt

import (
	"fmt"
	"reflect"

	"go.starlark.net/starlark"
)

// Descriptor is implemented by class attributes that decide what an
// attribute lookup through an instance returns (Python's __get__): static
// and class methods, task wrappers, wait-time functions.
type Descriptor interface {
	starlark.Value
	// BindTo returns the value of the attribute looked up on self, an
	// instance of cls.
	BindTo(self starlark.Value, cls *Class) (starlark.Value, error)
}

// bindValue turns a class attribute into what obj.attr yields: functions
// become bound methods, descriptors decide, other values come back as is.
func bindValue(self starlark.Value, cls *Class, v starlark.Value) (starlark.Value, error) {
	switch f := v.(type) {
	case *starlark.Function, *starlark.Builtin:
		return &BoundMethod{Self: self, Fn: f.(starlark.Callable)}, nil
	case Descriptor:
		return f.BindTo(self, cls)
	}
	return v, nil
}

// Bind returns what looking up v through self yields (exported for the
// locust module, which resolves tasks and hooks itself).
func Bind(self starlark.Value, cls *Class, v starlark.Value) (starlark.Value, error) {
	return bindValue(self, cls, v)
}

// BoundMethod is a function bound to its receiver: calling it passes the
// receiver as the first argument.
type BoundMethod struct {
	Self starlark.Value
	Fn   starlark.Callable
}

var _ starlark.Callable = (*BoundMethod)(nil)

// Name returns the function's name.
func (b *BoundMethod) Name() string { return b.Fn.Name() }

// String is Python's <bound method ...> form.
func (b *BoundMethod) String() string {
	owner := b.Self.Type()
	if c, ok := b.Self.(*Class); ok {
		owner = c.name
	}
	return fmt.Sprintf("<bound method %s.%s>", owner, b.Fn.Name())
}

// Type returns "method".
func (b *BoundMethod) Type() string { return "method" }

// Freeze freezes the function (the receiver keeps its own sharing rules).
func (b *BoundMethod) Freeze() { b.Fn.Freeze() }

// Truth is true.
func (b *BoundMethod) Truth() starlark.Bool { return true }

// Hash combines the receiver's identity and the function's.
func (b *BoundMethod) Hash() (uint32, error) {
	h, err := b.Fn.Hash()
	if err != nil {
		return 0, err
	}
	return h ^ identityHash(b.Self), nil
}

// CallInternal calls the function with the receiver prepended.
func (b *BoundMethod) CallInternal(th *starlark.Thread, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	all := make(starlark.Tuple, 0, len(args)+1)
	all = append(all, b.Self)
	all = append(all, args...)
	return starlark.Call(th, b.Fn, all, kwargs)
}

// StaticMethod is the result of @staticmethod: looked up through a class or
// an instance it yields the plain function.
type StaticMethod struct{ Fn starlark.Value }

// String names the wrapper.
func (s *StaticMethod) String() string { return "<staticmethod " + s.Fn.String() + ">" }

// Type returns "staticmethod".
func (s *StaticMethod) Type() string { return "staticmethod" }

// Freeze freezes the function.
func (s *StaticMethod) Freeze() { s.Fn.Freeze() }

// Truth is true.
func (s *StaticMethod) Truth() starlark.Bool { return true }

// Hash hashes the function.
func (s *StaticMethod) Hash() (uint32, error) { return s.Fn.Hash() }

// BindTo returns the plain function.
func (s *StaticMethod) BindTo(starlark.Value, *Class) (starlark.Value, error) { return s.Fn, nil }

// ClassMethod is the result of @classmethod: it binds to the class.
type ClassMethod struct{ Fn starlark.Callable }

// String names the wrapper.
func (c *ClassMethod) String() string { return "<classmethod " + c.Fn.String() + ">" }

// Type returns "classmethod".
func (c *ClassMethod) Type() string { return "classmethod" }

// Freeze freezes the function.
func (c *ClassMethod) Freeze() { c.Fn.Freeze() }

// Truth is true.
func (c *ClassMethod) Truth() starlark.Bool { return true }

// Hash hashes the function.
func (c *ClassMethod) Hash() (uint32, error) { return c.Fn.Hash() }

// BindTo binds the function to the instance's class.
func (c *ClassMethod) BindTo(self starlark.Value, cls *Class) (starlark.Value, error) {
	if inst, ok := self.(*Instance); ok {
		cls = inst.class
	}
	return &BoundMethod{Self: cls, Fn: c.Fn}, nil
}

// Property is the result of @property (with optional .setter).
type Property struct {
	Getter starlark.Callable
	Setter starlark.Callable
}

var _ starlark.HasAttrs = (*Property)(nil)

// String names the wrapper.
func (p *Property) String() string { return "<property>" }

// Type returns "property".
func (p *Property) Type() string { return "property" }

// Freeze freezes the accessor functions.
func (p *Property) Freeze() {
	if p.Getter != nil {
		p.Getter.Freeze()
	}
	if p.Setter != nil {
		p.Setter.Freeze()
	}
}

// Truth is true.
func (p *Property) Truth() starlark.Bool { return true }

// Hash hashes by identity.
func (p *Property) Hash() (uint32, error) { return identityHash(p), nil }

// Attr supports @name.setter in a class body.
func (p *Property) Attr(name string) (starlark.Value, error) {
	switch name {
	case "setter":
		return starlark.NewBuiltin("setter", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 1 {
				return nil, NewError(TypeError, "setter() takes exactly one argument")
			}
			fn, ok := args[0].(starlark.Callable)
			if !ok {
				return nil, NewError(TypeError, "setter() argument must be callable")
			}
			return &Property{Getter: p.Getter, Setter: fn}, nil
		}), nil
	case "getter", "fget":
		return p.Getter, nil
	}
	return nil, nil
}

// AttrNames lists the supported attributes.
func (p *Property) AttrNames() []string { return []string{"fget", "getter", "setter"} }

func (p *Property) get(th *starlark.Thread, self *Instance) (starlark.Value, error) {
	if p.Getter == nil {
		return nil, NewError(AttributeError, "property has no getter")
	}
	return starlark.Call(th, p.Getter, starlark.Tuple{self}, nil)
}

func (p *Property) set(th *starlark.Thread, self *Instance, v starlark.Value) error {
	if p.Setter == nil {
		return NewError(AttributeError, "can't set attribute")
	}
	_, err := starlark.Call(th, p.Setter, starlark.Tuple{self, v}, nil)
	return err
}

// Super is the proxy super() returns: attribute lookups search the MRO of
// self's class after the class the method was defined in.
type Super struct {
	Class *Class
	Self  starlark.Value
}

var _ starlark.HasAttrs = (*Super)(nil)

// NewSuper makes super(cls, self).
func NewSuper(cls *Class, self starlark.Value) (*Super, error) {
	switch s := self.(type) {
	case *Instance:
		if !s.class.IsSubclass(cls) {
			return nil, NewError(TypeError, "super(type, obj): obj must be an instance or subtype of type")
		}
	case *Class:
		if !s.IsSubclass(cls) {
			return nil, NewError(TypeError, "super(type, obj): obj must be an instance or subtype of type")
		}
	default:
		return nil, NewError(TypeError, "super(type, obj): obj must be an instance or subtype of type")
	}
	return &Super{Class: cls, Self: self}, nil
}

// String is Python's repr of a super object.
func (s *Super) String() string {
	return fmt.Sprintf("<super: <class '%s'>, <%s object>>", s.Class.name, s.Self.Type())
}

// Type returns "super".
func (s *Super) Type() string { return "super" }

// Freeze does nothing: the proxy is transient.
func (s *Super) Freeze() {}

// Truth is true.
func (s *Super) Truth() starlark.Bool { return true }

// Hash is unsupported.
func (s *Super) Hash() (uint32, error) { return 0, NewError(TypeError, "unhashable type: 'super'") }

// Attr finds name in the MRO after s.Class and binds it to s.Self.
func (s *Super) Attr(name string) (starlark.Value, error) {
	var mro []*Class
	var cls *Class
	switch x := s.Self.(type) {
	case *Instance:
		cls = x.class
	case *Class:
		cls = x
	}
	mro = cls.mro
	start := 0
	for n, k := range mro {
		if k == s.Class {
			start = n + 1
			break
		}
	}
	for _, k := range mro[start:] {
		if v, ok := k.dict.Load().vals[name]; ok {
			if _, isCls := s.Self.(*Class); isCls {
				if cm, ok := v.(*ClassMethod); ok {
					return &BoundMethod{Self: s.Self, Fn: cm.Fn}, nil
				}
				return v, nil
			}
			return bindValue(s.Self, cls, v)
		}
	}
	if name == "__init__" {
		// object.__init__: accepts no arguments and does nothing.
		return starlark.NewBuiltin("__init__", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}), nil
	}
	return nil, NewError(AttributeError, fmt.Sprintf("'super' object has no attribute '%s'", name))
}

// AttrNames lists nothing: super objects are not introspected.
func (s *Super) AttrNames() []string { return nil }

// notImplemented is the type of NotImplemented.
type notImplemented struct{}

func (notImplemented) String() string        { return "NotImplemented" }
func (notImplemented) Type() string          { return "NotImplementedType" }
func (notImplemented) Freeze()               {}
func (notImplemented) Truth() starlark.Bool  { return true }
func (notImplemented) Hash() (uint32, error) { return 0x4e49, nil }

// NotImplemented is Python's NotImplemented singleton.
var NotImplemented starlark.Value = notImplemented{}

// identityHash hashes a pointer value by address.
func identityHash(v any) uint32 {
	p := reflect.ValueOf(v).Pointer()
	return uint32(p>>3) ^ uint32(p>>35)
}
