package modules

import (
	"fmt"
	"sort"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Module is an imported module object: a name and its members. It is built
// once per program and shared read-only by every virtual user, so members
// that scripts mutate (os.environ) are Go values with their own locking.
type Module struct {
	Name    string
	Members starlark.StringDict
	// Hints names members gust deliberately leaves out (gevent.spawn) and
	// what to use instead; reading one raises AttributeError with the hint.
	Hints map[string]string
}

var _ starlark.HasAttrs = (*Module)(nil)

// NewModule makes a module from its members.
func NewModule(name string, members starlark.StringDict) *Module {
	return &Module{Name: name, Members: members}
}

// String is Python's repr of a built-in module.
func (m *Module) String() string { return fmt.Sprintf("<module '%s' (built-in)>", m.Name) }

// PyRepr is the same as String.
func (m *Module) PyRepr() string { return m.String() }

// Type returns "module".
func (m *Module) Type() string { return "module" }

// Freeze freezes the members.
func (m *Module) Freeze() { m.Members.Freeze() }

// Truth is true.
func (m *Module) Truth() starlark.Bool { return true }

// Hash hashes the module name: modules are singletons per program.
func (m *Module) Hash() (uint32, error) { return starlark.String(m.Name).Hash() }

// Attr returns a member or raises Python's AttributeError.
func (m *Module) Attr(name string) (starlark.Value, error) {
	if v, ok := m.Members[name]; ok {
		return v, nil
	}
	switch name {
	case "__name__":
		return starlark.String(m.Name), nil
	}
	if h, ok := m.Hints[name]; ok {
		return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("%s.%s is not available in gust: %s", m.Name, name, h))
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("module '%s' has no attribute '%s'", m.Name, name))
}

// AttrNames lists the members, sorted.
func (m *Module) AttrNames() []string {
	out := make([]string, 0, len(m.Members))
	for k := range m.Members {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
