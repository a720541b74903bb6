package http

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// field is one header: name as given, value.
type field struct{ name, value string }

// findField returns the index of the field named name (case-insensitive), or -1.
func findField(fs []field, name string) int {
	for i := range fs {
		if strings.EqualFold(fs[i].name, name) {
			return i
		}
	}
	return -1
}

// Headers is requests' CaseInsensitiveDict: an ordered mapping from header
// name to value whose lookups ignore case. It is both the session's
// default headers (mutable) and a response's headers (filled lazily from
// the transport's representation on first use).
//
// Script API: h[name], h[name] = v, name in h, len(h), for name in h,
// h.get(name, default=None), keys(), values(), items(), update(...),
// pop(name[, default]), setdefault(name, default), copy(), clear().
type Headers struct {
	fields []field
	// load, when set, fills fields on first use (response headers).
	load func() []field
	// shared is set while a prepared request refers to fields; a mutation
	// then copies first so that the request keeps what was sent.
	shared   bool
	frozen   bool
	readOnly bool
}

var (
	_ starlark.HasSetKey       = (*Headers)(nil)
	_ starlark.IterableMapping = (*Headers)(nil)
	_ starlark.Sequence        = (*Headers)(nil)
	_ starlark.HasAttrs        = (*Headers)(nil)
)

func newHeaders(fs []field) *Headers { return &Headers{fields: fs} }

func lazyHeaders(load func() []field) *Headers { return &Headers{load: load} }

func (h *Headers) all() []field {
	if h.load != nil {
		h.fields = h.load()
		h.load = nil
	}
	return h.fields
}

// snapshot returns the current fields for a request about to be sent; the
// next mutation copies them instead of changing what the request holds.
func (h *Headers) snapshot() []field {
	fs := h.all()
	h.shared = true
	return fs
}

func (h *Headers) lookup(name string) (string, bool) {
	fs := h.all()
	if i := findField(fs, name); i >= 0 {
		return fs[i].value, true
	}
	return "", false
}

func (h *Headers) checkMutable() error {
	if h.frozen {
		return pyrt.NewError(pyrt.TypeError, "cannot modify frozen headers")
	}
	if h.readOnly {
		return pyrt.NewError(pyrt.TypeError, "response headers cannot be modified")
	}
	h.all()
	if h.shared {
		h.fields = append([]field(nil), h.fields...)
		h.shared = false
	}
	return nil
}

func (h *Headers) set(name, value string) {
	if i := findField(h.fields, name); i >= 0 {
		// requests keeps the case of the most recent assignment.
		h.fields[i] = field{name, value}
		return
	}
	h.fields = append(h.fields, field{name, value})
}

func (h *Headers) del(name string) bool {
	i := findField(h.fields, name)
	if i < 0 {
		return false
	}
	h.fields = append(h.fields[:i:i], h.fields[i+1:]...)
	return true
}

// String is the Python repr of the mapping, as requests prints it.
func (h *Headers) String() string { return h.PyRepr() }

// PyRepr renders {'Name': 'value', ...}.
func (h *Headers) PyRepr() string {
	var b strings.Builder
	b.WriteByte('{')
	for i, f := range h.all() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(pyrt.QuoteString(f.name))
		b.WriteString(": ")
		b.WriteString(pyrt.QuoteString(f.value))
	}
	b.WriteByte('}')
	return b.String()
}

// Type returns the Python class name.
func (h *Headers) Type() string { return "CaseInsensitiveDict" }

// Freeze makes the headers read-only (they are then safe to share).
func (h *Headers) Freeze() { h.all(); h.frozen = true }

// Truth is true when there is at least one header.
func (h *Headers) Truth() starlark.Bool { return len(h.all()) > 0 }

// Hash fails: mappings are unhashable.
func (h *Headers) Hash() (uint32, error) {
	return 0, pyrt.NewError(pyrt.TypeError, "unhashable type: 'CaseInsensitiveDict'")
}

// Len is the number of headers.
func (h *Headers) Len() int { return len(h.all()) }

// Get implements h[name] and `name in h`.
func (h *Headers) Get(k starlark.Value) (starlark.Value, bool, error) {
	name, ok := starlark.AsString(k)
	if !ok {
		return nil, false, nil
	}
	v, found := h.lookup(name)
	if !found {
		return nil, false, pyrt.NewErrorArgs(pyrt.KeyError, starlark.String(name))
	}
	return starlark.String(v), true, nil
}

// SetKey implements h[name] = value.
func (h *Headers) SetKey(k, v starlark.Value) error {
	name, ok := starlark.AsString(k)
	if !ok {
		return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("header name must be str, not %s", k.Type()))
	}
	val, err := headerValue(name, v)
	if err != nil {
		return err
	}
	if err := h.checkMutable(); err != nil {
		return err
	}
	h.set(name, val)
	return nil
}

// headerValue converts a script value to a header value as requests
// accepts them (str or bytes).
func headerValue(name string, v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		return string(x), nil
	case starlark.Bytes:
		return string(x), nil
	}
	return "", pyrt.NewError(pyrt.TypeError, fmt.Sprintf(
		"Header part (%s) from ('%s', %s) must be of type str or bytes, not %s",
		pyrt.Repr(v), name, pyrt.Repr(v), pyrtTypeName(v)))
}

// pyrtTypeName is Python's type(v).__name__ for common values.
func pyrtTypeName(v starlark.Value) string {
	switch v.(type) {
	case starlark.NoneType:
		return "<class 'NoneType'>"
	case starlark.Int:
		return "<class 'int'>"
	case starlark.Float:
		return "<class 'float'>"
	case starlark.Bool:
		return "<class 'bool'>"
	}
	return "<class '" + v.Type() + "'>"
}

// Iterate yields the header names.
func (h *Headers) Iterate() starlark.Iterator {
	fs := h.all()
	names := make([]starlark.Value, len(fs))
	for i, f := range fs {
		names[i] = starlark.String(f.name)
	}
	return &sliceIter{vals: names}
}

// Items returns (name, value) pairs.
func (h *Headers) Items() []starlark.Tuple {
	fs := h.all()
	out := make([]starlark.Tuple, len(fs))
	for i, f := range fs {
		out[i] = starlark.Tuple{starlark.String(f.name), starlark.String(f.value)}
	}
	return out
}

var headerMethods = []string{"clear", "copy", "get", "items", "keys", "pop", "setdefault", "update", "values"}

// AttrNames lists the dict-like methods.
func (h *Headers) AttrNames() []string { return headerMethods }

// Attr returns a dict-like method bound to h.
func (h *Headers) Attr(name string) (starlark.Value, error) {
	switch name {
	case "get", "keys", "values", "items", "update", "pop", "setdefault", "copy", "clear":
		return starlark.NewBuiltin(name, h.method).BindReceiver(h), nil
	}
	return nil, nil
}

func (h *Headers) method(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	switch b.Name() {
	case "get":
		var k, d starlark.Value = nil, starlark.None
		if err := starlark.UnpackPositionalArgs("get", args, kwargs, 1, &k, &d); err != nil {
			return nil, err
		}
		if name, ok := starlark.AsString(k); ok {
			if v, found := h.lookup(name); found {
				return starlark.String(v), nil
			}
		}
		return d, nil
	case "keys":
		if err := starlark.UnpackPositionalArgs("keys", args, kwargs, 0); err != nil {
			return nil, err
		}
		fs := h.all()
		l := make([]starlark.Value, len(fs))
		for i, f := range fs {
			l[i] = starlark.String(f.name)
		}
		return starlark.NewList(l), nil
	case "values":
		if err := starlark.UnpackPositionalArgs("values", args, kwargs, 0); err != nil {
			return nil, err
		}
		fs := h.all()
		l := make([]starlark.Value, len(fs))
		for i, f := range fs {
			l[i] = starlark.String(f.value)
		}
		return starlark.NewList(l), nil
	case "items":
		if err := starlark.UnpackPositionalArgs("items", args, kwargs, 0); err != nil {
			return nil, err
		}
		items := h.Items()
		l := make([]starlark.Value, len(items))
		for i, t := range items {
			l[i] = t
		}
		return starlark.NewList(l), nil
	case "update":
		return starlark.None, h.update(args, kwargs)
	case "pop":
		var k, d starlark.Value
		if err := starlark.UnpackPositionalArgs("pop", args, kwargs, 1, &k, &d); err != nil {
			return nil, err
		}
		name, _ := starlark.AsString(k)
		v, found := h.lookup(name)
		if !found {
			if d != nil {
				return d, nil
			}
			return nil, pyrt.NewErrorArgs(pyrt.KeyError, k)
		}
		if err := h.checkMutable(); err != nil {
			return nil, err
		}
		h.del(name)
		return starlark.String(v), nil
	case "setdefault":
		var k, d starlark.Value = nil, starlark.None
		if err := starlark.UnpackPositionalArgs("setdefault", args, kwargs, 1, &k, &d); err != nil {
			return nil, err
		}
		name, _ := starlark.AsString(k)
		if v, found := h.lookup(name); found {
			return starlark.String(v), nil
		}
		if err := h.SetKey(k, d); err != nil {
			return nil, err
		}
		return d, nil
	case "copy":
		if err := starlark.UnpackPositionalArgs("copy", args, kwargs, 0); err != nil {
			return nil, err
		}
		return newHeaders(append([]field(nil), h.all()...)), nil
	case "clear":
		if err := starlark.UnpackPositionalArgs("clear", args, kwargs, 0); err != nil {
			return nil, err
		}
		if err := h.checkMutable(); err != nil {
			return nil, err
		}
		h.fields = nil
		return starlark.None, nil
	}
	return nil, fmt.Errorf("headers: unknown method %s", b.Name())
}

// update implements h.update(mapping_or_pairs, **kw).
func (h *Headers) update(args starlark.Tuple, kwargs []starlark.Tuple) error {
	if len(args) > 1 {
		return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("update expected at most 1 argument, got %d", len(args)))
	}
	var pairs []starlark.Tuple
	if len(args) == 1 && args[0] != starlark.None {
		p, err := pairsOf(args[0], "update")
		if err != nil {
			return err
		}
		pairs = p
	}
	pairs = append(pairs, kwargs...)
	for _, kv := range pairs {
		if err := h.SetKey(kv[0], kv[1]); err != nil {
			return err
		}
	}
	return nil
}

// pairsOf reads a mapping or an iterable of 2-sequences as key/value pairs,
// keeping order, as Python's to_key_val_list does.
func pairsOf(v starlark.Value, what string) ([]starlark.Tuple, error) {
	switch x := v.(type) {
	case starlark.IterableMapping:
		return x.Items(), nil
	case starlark.Iterable:
		if _, isStr := v.(starlark.String); isStr {
			break
		}
		it := x.Iterate()
		defer it.Done()
		var out []starlark.Tuple
		var e starlark.Value
		for it.Next(&e) {
			seq, ok := e.(starlark.Indexable)
			if !ok || seq.Len() != 2 {
				return nil, pyrt.NewError(pyrt.ValueError, "cannot encode objects that are not 2-tuples")
			}
			out = append(out, starlark.Tuple{seq.Index(0), seq.Index(1)})
		}
		return out, nil
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s: cannot convert %s to key/value pairs", what, v.Type()))
}

// sliceIter iterates over a fixed slice.
type sliceIter struct {
	vals []starlark.Value
	i    int
}

func (it *sliceIter) Next(p *starlark.Value) bool {
	if it.i >= len(it.vals) {
		return false
	}
	*p = it.vals[it.i]
	it.i++
	return true
}

func (it *sliceIter) Done() {}

// sortedFields turns a Go header map into fields, names sorted (Go's map
// has lost the wire order), repeated fields joined with ", " as requests
// does.
func sortedFields(m map[string][]string) []field {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	out := make([]field, 0, len(names))
	for _, k := range names {
		out = append(out, field{k, strings.Join(m[k], ", ")})
	}
	return out
}
