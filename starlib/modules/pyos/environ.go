// Package pyos is Python's os and os.path modules for locustfiles. Paths
// resolve against the locustfile's folder, which is also what os.getcwd()
// returns; os.environ is a per-program view of the environment that
// scripts (and dotenv.load_dotenv) may change without touching the process.
//
// Script-level API:
//
//	os.environ (get, [], in, items, keys, values, setdefault, pop, update, copy, len),
//	os.getenv(key, default=None), os.getcwd(), os.getpid(), os.cpu_count(),
//	os.listdir(path='.'), os.urandom(n), os.sep, os.linesep, os.name, os.curdir, os.pardir
//	os.path: join, exists, isfile, isdir, dirname, basename, abspath, realpath,
//	  splitext, split, normpath, isabs, getsize, expanduser, relpath, sep
package pyos

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Environ is os.environ: a mapping of str to str, safe for concurrent use,
// built from the program's Env and private to the program.
type Environ struct {
	mu   sync.Mutex
	keys []string
	vals map[string]string
}

var (
	_ starlark.IterableMapping = (*Environ)(nil)
	_ starlark.HasSetKey       = (*Environ)(nil)
	_ starlark.HasAttrs        = (*Environ)(nil)
	_ starlark.Container       = (*Environ)(nil)
)

// EnvironFor returns the program's os.environ view (one per Env).
func EnvironFor(env *modules.Env) *Environ {
	return env.Shared("pyos.environ", func() any {
		e := &Environ{vals: map[string]string{}}
		for _, kv := range env.EnvironList() {
			k, v, ok := strings.Cut(kv, "=")
			if ok && k != "" {
				e.setLocked(k, v)
			}
		}
		return e
	}).(*Environ)
}

func (e *Environ) setLocked(k, v string) {
	if _, ok := e.vals[k]; !ok {
		e.keys = append(e.keys, k)
	}
	e.vals[k] = v
}

// Lookup reads a variable.
func (e *Environ) Lookup(k string) (string, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	v, ok := e.vals[k]
	return v, ok
}

// Set writes a variable.
func (e *Environ) Set(k, v string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.setLocked(k, v)
}

func (e *Environ) delete(k string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.vals[k]; !ok {
		return false
	}
	delete(e.vals, k)
	for i, x := range e.keys {
		if x == k {
			e.keys = append(e.keys[:i:i], e.keys[i+1:]...)
			break
		}
	}
	return true
}

// Items returns the variables in insertion order.
func (e *Environ) Items() []starlark.Tuple {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]starlark.Tuple, len(e.keys))
	for i, k := range e.keys {
		out[i] = starlark.Tuple{starlark.String(k), starlark.String(e.vals[k])}
	}
	return out
}

func (e *Environ) keyList() []starlark.Value {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]starlark.Value, len(e.keys))
	for i, k := range e.keys {
		out[i] = starlark.String(k)
	}
	return out
}

// String is Python's repr: environ({'A': 'b'}).
func (e *Environ) String() string {
	var b strings.Builder
	b.WriteString("environ({")
	for i, kv := range e.Items() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pyrt.Repr(kv[0]) + ": " + pyrt.Repr(kv[1]))
	}
	b.WriteString("})")
	return b.String()
}

// PyRepr is the same as String.
func (e *Environ) PyRepr() string { return e.String() }

// Type returns "_Environ".
func (e *Environ) Type() string { return "_Environ" }

// Freeze does nothing: the view locks itself and holds only strings.
func (e *Environ) Freeze() {}

// Truth is true when there are variables.
func (e *Environ) Truth() starlark.Bool { return e.Len() > 0 }

// Hash fails: mappings are unhashable.
func (e *Environ) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: '_Environ'") }

// Len is the number of variables.
func (e *Environ) Len() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.keys)
}

// Iterate yields the names.
func (e *Environ) Iterate() starlark.Iterator { return starlark.NewList(e.keyList()).Iterate() }

// Has implements `in`.
func (e *Environ) Has(k starlark.Value) (bool, error) {
	s, ok := k.(starlark.String)
	if !ok {
		return false, nil
	}
	_, found := e.Lookup(string(s))
	return found, nil
}

// Get implements environ[key].
func (e *Environ) Get(k starlark.Value) (starlark.Value, bool, error) {
	s, ok := k.(starlark.String)
	if !ok {
		return nil, false, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("str expected, not %s", modules.TypeName(k)))
	}
	v, found := e.Lookup(string(s))
	if !found {
		return nil, false, pyrt.NewErrorArgs(pyrt.KeyError, k)
	}
	return starlark.String(v), true, nil
}

func strArg(v starlark.Value) (string, error) {
	s, ok := v.(starlark.String)
	if !ok {
		return "", pyrt.NewError(pyrt.TypeError, fmt.Sprintf("str expected, not %s", modules.TypeName(v)))
	}
	return string(s), nil
}

// SetKey implements environ[key] = value (both must be str).
func (e *Environ) SetKey(k, v starlark.Value) error {
	ks, err := strArg(k)
	if err != nil {
		return err
	}
	vs, err := strArg(v)
	if err != nil {
		return err
	}
	e.Set(ks, vs)
	return nil
}

// Attr returns the mapping methods.
func (e *Environ) Attr(name string) (starlark.Value, error) {
	m := func(f func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)) (starlark.Value, error) {
		return starlark.NewBuiltin(name, f), nil
	}
	switch name {
	case "get":
		return m(func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var k, d starlark.Value = nil, starlark.None
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &k, &d); err != nil {
				return nil, err
			}
			if s, ok := k.(starlark.String); ok {
				if v, found := e.Lookup(string(s)); found {
					return starlark.String(v), nil
				}
			}
			return d, nil
		})
	case "items":
		return m(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			items := e.Items()
			out := make([]starlark.Value, len(items))
			for i, it := range items {
				out[i] = it
			}
			return starlark.NewList(out), nil
		})
	case "keys":
		return m(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.NewList(e.keyList()), nil
		})
	case "values":
		return m(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			items := e.Items()
			out := make([]starlark.Value, len(items))
			for i, it := range items {
				out[i] = it[1]
			}
			return starlark.NewList(out), nil
		})
	case "copy":
		return m(func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			d := starlark.NewDict(e.Len())
			for _, it := range e.Items() {
				_ = d.SetKey(it[0], it[1])
			}
			return d, nil
		})
	case "setdefault":
		return m(func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var k, d starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kw, 2, &k, &d); err != nil {
				return nil, err
			}
			ks, err := strArg(k)
			if err != nil {
				return nil, err
			}
			if v, ok := e.Lookup(ks); ok {
				return starlark.String(v), nil
			}
			return d, e.SetKey(k, d)
		})
	case "pop":
		return m(func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var k, d starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &k, &d); err != nil {
				return nil, err
			}
			ks, err := strArg(k)
			if err != nil {
				return nil, err
			}
			v, ok := e.Lookup(ks)
			if !ok || !e.delete(ks) {
				if d != nil {
					return d, nil
				}
				return nil, pyrt.NewErrorArgs(pyrt.KeyError, k)
			}
			return starlark.String(v), nil
		})
	case "update":
		return m(func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var pairs []starlark.Tuple
			if len(args) > 1 {
				return nil, pyrt.NewError(pyrt.TypeError, "update expected at most 1 argument")
			}
			if len(args) == 1 {
				switch x := args[0].(type) {
				case starlark.IterableMapping:
					pairs = x.Items()
				default:
					items, err := modules.Elements(th, x)
					if err != nil {
						return nil, err
					}
					for _, it := range items {
						kv, err := modules.Elements(th, it)
						if err != nil || len(kv) != 2 {
							return nil, pyrt.NewError(pyrt.ValueError, "dictionary update sequence element has wrong length")
						}
						pairs = append(pairs, starlark.Tuple(kv))
					}
				}
			}
			pairs = append(pairs, kw...)
			for _, kv := range pairs {
				if err := e.SetKey(kv[0], kv[1]); err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		})
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'_Environ' object has no attribute '%s'", name))
}

// AttrNames lists the methods.
func (e *Environ) AttrNames() []string {
	out := []string{"copy", "get", "items", "keys", "pop", "setdefault", "update", "values"}
	sort.Strings(out)
	return out
}
