package pyfront

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Module is a Python module loaded from a file beside the locustfile (or
// the locustfile itself).
type Module struct {
	name    string
	file    string
	globals starlark.StringDict
	subs    map[string]starlark.Value
}

var _ starlark.HasAttrs = (*Module)(nil)

// Name returns the module's __name__.
func (m *Module) Name() string { return m.name }

// File returns the module's absolute path.
func (m *Module) File() string { return m.file }

// Public returns the module's globals without synthesized names.
func (m *Module) Public() starlark.StringDict {
	out := make(starlark.StringDict, len(m.globals))
	for k, v := range m.globals {
		if isSynthesized(k) {
			continue
		}
		out[k] = v
	}
	if g, ok := m.globals["__G"].(*pyrt.SharedDict); ok {
		for _, kv := range g.Items() {
			if k, ok := kv[0].(starlark.String); ok {
				out[string(k)] = kv[1]
			}
		}
	}
	return out
}

// isSynthesized reports names the lowering makes up.
func isSynthesized(name string) bool {
	if strings.ContainsAny(name, "<.") {
		return true
	}
	switch {
	case name == "__name__" || name == "__file__":
		return false
	case strings.HasPrefix(name, "__"):
		return true
	}
	return false
}

// String is Python's repr.
func (m *Module) String() string { return fmt.Sprintf("<module '%s' from '%s'>", m.name, m.file) }

// Type returns "module".
func (m *Module) Type() string { return "module" }

// Freeze does nothing: a module's globals are frozen when it loads.
func (m *Module) Freeze() {}

// Truth is true.
func (m *Module) Truth() starlark.Bool { return true }

// Hash hashes the module name.
func (m *Module) Hash() (uint32, error) { return starlark.String(m.name).Hash() }

// Attr returns a global or a submodule.
func (m *Module) Attr(name string) (starlark.Value, error) {
	if v, ok := m.subs[name]; ok {
		return v, nil
	}
	if g, ok := m.globals["__G"].(*pyrt.SharedDict); ok {
		if has, _ := g.Has(starlark.String(name)); has {
			v, _, err := g.Get(starlark.String(name))
			return v, err
		}
	}
	if v, ok := m.globals[name]; ok && !isSynthesized(name) {
		return v, nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("module '%s' has no attribute '%s'", m.name, name))
}

// AttrNames lists the public globals and submodules.
func (m *Module) AttrNames() []string {
	var out []string
	for k := range m.Public() {
		out = append(out, k)
	}
	for k := range m.subs {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
