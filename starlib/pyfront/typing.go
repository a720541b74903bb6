package pyfront

import (
	"go.starlark.net/starlark"
)

// typingModule is the fallback `typing` module, used when the registry has
// none: type hints are dropped by the lowering, so the names a locustfile
// imports from typing (Optional, List, Dict, Any...) only need to exist and
// to accept subscripts (Optional[int] in a default value or alias).
type typingModule struct{}

var _ starlark.HasAttrs = typingModule{}

func (typingModule) String() string        { return "<module 'typing' (built-in)>" }
func (typingModule) Type() string          { return "module" }
func (typingModule) Freeze()               {}
func (typingModule) Truth() starlark.Bool  { return true }
func (typingModule) Hash() (uint32, error) { return 0x7479, nil }
func (typingModule) AttrNames() []string {
	return []string{"Any", "Callable", "Dict", "Iterable", "List", "Optional", "Set", "Tuple", "Union"}
}

// Attr returns a placeholder for any name.
func (typingModule) Attr(name string) (starlark.Value, error) {
	switch name {
	case "TYPE_CHECKING":
		return starlark.False, nil
	case "cast":
		return starlark.NewBuiltin("cast", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			if len(args) != 2 {
				return starlark.None, nil
			}
			return args[1], nil
		}), nil
	}
	return typingHint(name), nil
}

// typingHint is a placeholder type hint: subscripting or calling it gives
// another placeholder.
type typingHint string

var (
	_ starlark.Mapping  = typingHint("")
	_ starlark.Callable = typingHint("")
)

func (h typingHint) String() string        { return "typing." + string(h) }
func (h typingHint) Type() string          { return "typing" }
func (h typingHint) Freeze()               {}
func (h typingHint) Truth() starlark.Bool  { return true }
func (h typingHint) Hash() (uint32, error) { return starlark.String(h).Hash() }
func (h typingHint) Name() string          { return string(h) }

// Get implements Optional[int].
func (h typingHint) Get(starlark.Value) (starlark.Value, bool, error) { return h, true, nil }

// CallInternal implements TypeVar("T") and NewType("Id", int).
func (h typingHint) CallInternal(*starlark.Thread, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return h, nil
}
