// Package pyjson is Python's json module for locustfiles, with CPython's
// exact output: separators, indent, sort_keys, ensure_ascii escapes, float
// formatting, and JSONDecodeError messages with line and column.
//
// Script-level API:
//
//	json.dumps(obj, *, skipkeys=False, ensure_ascii=True, allow_nan=True,
//	           indent=None, separators=None, default=None, sort_keys=False)
//	json.dump(obj, fp, **kw)          # fp.write(text), e.g. an io.StringIO
//	json.loads(s, *, object_hook=None, parse_float=None, parse_int=None,
//	           parse_constant=None, object_pairs_hook=None)
//	json.load(fp, **kw)               # fp.read()
//	json.JSONDecodeError              # a ValueError with msg, doc, pos, lineno, colno
package pyjson

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Options are dumps' keyword arguments.
type Options struct {
	SkipKeys    bool
	EnsureASCII bool
	AllowNaN    bool
	CheckCirc   bool
	Indent      *string // nil: one line
	ItemSep     string
	KeySep      string
	SortKeys    bool
	Default     starlark.Value // None or a callable
}

// DefaultOptions are Python's defaults.
func DefaultOptions() Options {
	return Options{EnsureASCII: true, AllowNaN: true, CheckCirc: true, ItemSep: ", ", KeySep: ": ", Default: starlark.None}
}

// maxDepth bounds nesting like CPython's recursion limit.
const maxDepth = 1000

type encoder struct {
	th    *starlark.Thread
	opts  Options
	b     strings.Builder
	stack map[uintptr]bool
}

// Encode serialises v as json.dumps does.
func Encode(th *starlark.Thread, v starlark.Value, opts Options) (string, error) {
	e := &encoder{th: th, opts: opts, stack: map[uintptr]bool{}}
	if err := e.value(v, 0); err != nil {
		return "", err
	}
	return e.b.String(), nil
}

func (e *encoder) newline(depth int) {
	if e.opts.Indent == nil {
		return
	}
	e.b.WriteByte('\n')
	for i := 0; i < depth; i++ {
		e.b.WriteString(*e.opts.Indent)
	}
}

func (e *encoder) enter(v starlark.Value, depth int) (func(), error) {
	if depth > maxDepth {
		return nil, pyrt.NewError(pyrt.RecursionError, "maximum recursion depth exceeded while encoding a JSON object")
	}
	if !e.opts.CheckCirc {
		return func() {}, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer && rv.Kind() != reflect.Map {
		return func() {}, nil
	}
	p := rv.Pointer()
	if e.stack[p] {
		return nil, pyrt.NewError(pyrt.ValueError, "Circular reference detected")
	}
	e.stack[p] = true
	return func() { delete(e.stack, p) }, nil
}

// asObject reports whether v encodes as a JSON object: dicts and the
// dict-like Go values (shared dicts, Counter, OrderedDict, defaultdict).
func asObject(v starlark.Value) (starlark.IterableMapping, bool) {
	if d, ok := v.(*starlark.Dict); ok {
		return d, true
	}
	m, ok := v.(starlark.IterableMapping)
	if !ok {
		return nil, false
	}
	switch v.Type() {
	case "dict", "shared_dict", "OrderedDict", "defaultdict", "Counter":
		return m, true
	}
	return nil, false
}

// asArray returns the elements of values that encode as JSON arrays: lists,
// tuples (namedtuples too) and shared lists.
func asArray(v starlark.Value) ([]starlark.Value, bool) {
	switch x := v.(type) {
	case *starlark.List:
		out := make([]starlark.Value, x.Len())
		for i := range out {
			out[i] = x.Index(i)
		}
		return out, true
	case starlark.Tuple:
		return x, true
	}
	switch v.Type() {
	case "list", "shared_list", "tuple":
	default:
		if _, ok := v.(interface{ NamedTupleFields() []string }); !ok {
			return nil, false
		}
	}
	it, ok := v.(starlark.Iterable)
	if !ok {
		return nil, false
	}
	var out []starlark.Value
	iter := it.Iterate()
	defer iter.Done()
	var x starlark.Value
	for iter.Next(&x) {
		out = append(out, x)
	}
	return out, true
}

func (e *encoder) value(v starlark.Value, depth int) error {
	switch x := v.(type) {
	case starlark.NoneType:
		e.b.WriteString("null")
		return nil
	case starlark.Bool:
		if x {
			e.b.WriteString("true")
		} else {
			e.b.WriteString("false")
		}
		return nil
	case starlark.Int:
		e.b.WriteString(x.String())
		return nil
	case starlark.Float:
		s, err := e.float(float64(x))
		e.b.WriteString(s)
		return err
	case starlark.String:
		e.str(string(x))
		return nil
	}
	if m, ok := asObject(v); ok {
		leave, err := e.enter(v, depth)
		if err != nil {
			return err
		}
		defer leave()
		return e.object(m.Items(), depth)
	}
	if elems, ok := asArray(v); ok {
		leave, err := e.enter(v, depth)
		if err != nil {
			return err
		}
		defer leave()
		if len(elems) == 0 {
			e.b.WriteString("[]")
			return nil
		}
		e.b.WriteByte('[')
		for i, el := range elems {
			if i > 0 {
				e.b.WriteString(e.opts.ItemSep)
			}
			e.newline(depth + 1)
			if err := e.value(el, depth+1); err != nil {
				return err
			}
		}
		e.newline(depth)
		e.b.WriteByte(']')
		return nil
	}
	if e.opts.Default == nil || e.opts.Default == starlark.None {
		return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("Object of type %s is not JSON serializable", modules.TypeName(v)))
	}
	leave, err := e.enter(v, depth)
	if err != nil {
		return err
	}
	defer leave()
	r, err := modules.Call(e.th, e.opts.Default, v)
	if err != nil {
		return err
	}
	return e.value(r, depth)
}

func (e *encoder) float(f float64) (string, error) {
	switch {
	case math.IsNaN(f), math.IsInf(f, 0):
		if !e.opts.AllowNaN {
			return "", pyrt.NewError(pyrt.ValueError, "Out of range float values are not JSON compliant")
		}
		switch {
		case math.IsNaN(f):
			return "NaN", nil
		case f > 0:
			return "Infinity", nil
		}
		return "-Infinity", nil
	}
	return pyrt.FloatRepr(f), nil
}

// key converts a dict key to its JSON string; skip reports a key to leave
// out (skipkeys).
func (e *encoder) key(k starlark.Value) (s string, skip bool, err error) {
	switch x := k.(type) {
	case starlark.String:
		return string(x), false, nil
	case starlark.Bool:
		if x {
			return "true", false, nil
		}
		return "false", false, nil
	case starlark.NoneType:
		return "null", false, nil
	case starlark.Int:
		return x.String(), false, nil
	case starlark.Float:
		s, err := e.float(float64(x))
		return s, false, err
	}
	if e.opts.SkipKeys {
		return "", true, nil
	}
	return "", false, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("keys must be str, int, float, bool or None, not %s", modules.TypeName(k)))
}

func (e *encoder) object(items []starlark.Tuple, depth int) error {
	if len(items) == 0 {
		e.b.WriteString("{}")
		return nil
	}
	if e.opts.SortKeys {
		items = append([]starlark.Tuple(nil), items...)
		var cmpErr error
		sort.SliceStable(items, func(i, j int) bool {
			lt, err := starlark.Compare(syntax.LT, items[i][0], items[j][0])
			if err != nil && cmpErr == nil {
				cmpErr = pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'<' not supported between instances of '%s' and '%s'", modules.TypeName(items[i][0]), modules.TypeName(items[j][0])))
			}
			return lt
		})
		if cmpErr != nil {
			return cmpErr
		}
	}
	e.b.WriteByte('{')
	first := true
	for _, kv := range items {
		ks, skip, err := e.key(kv[0])
		if err != nil {
			return err
		}
		if skip {
			continue
		}
		if !first {
			e.b.WriteString(e.opts.ItemSep)
		}
		first = false
		e.newline(depth + 1)
		e.str(ks)
		e.b.WriteString(e.opts.KeySep)
		if err := e.value(kv[1], depth+1); err != nil {
			return err
		}
	}
	e.newline(depth)
	e.b.WriteByte('}')
	return nil
}

const hexDigits = "0123456789abcdef"

func (e *encoder) u4(r rune) {
	e.b.WriteString(`\u`)
	for s := 12; s >= 0; s -= 4 {
		e.b.WriteByte(hexDigits[(r>>s)&0xf])
	}
}

// str writes a JSON string literal with Python's escapes.
func (e *encoder) str(s string) {
	e.b.WriteByte('"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch r {
		case '"':
			e.b.WriteString(`\"`)
		case '\\':
			e.b.WriteString(`\\`)
		case '\n':
			e.b.WriteString(`\n`)
		case '\r':
			e.b.WriteString(`\r`)
		case '\t':
			e.b.WriteString(`\t`)
		case '\b':
			e.b.WriteString(`\b`)
		case '\f':
			e.b.WriteString(`\f`)
		default:
			switch {
			case r < 0x20:
				e.u4(r)
			case !e.opts.EnsureASCII:
				e.b.WriteRune(r)
			case r < 0x7f:
				e.b.WriteRune(r)
			case r > 0xffff:
				r -= 0x10000
				e.u4(0xd800 | (r>>10)&0x3ff)
				e.u4(0xdc00 | r&0x3ff)
			default:
				e.u4(r)
			}
		}
	}
	e.b.WriteByte('"')
}

// FormatOptions reads dumps' keyword arguments.
func FormatOptions(kwargs []starlark.Tuple, fname string) (Options, error) {
	o := DefaultOptions()
	var indent, separators, cls starlark.Value = starlark.None, starlark.None, starlark.None
	var skip, ascii, circ, nan, sortk = false, true, true, true, false
	if err := starlark.UnpackArgs(fname, nil, kwargs, "skipkeys?", &skip, "ensure_ascii?", &ascii,
		"check_circular?", &circ, "allow_nan?", &nan, "cls?", &cls, "indent?", &indent,
		"separators?", &separators, "default?", &o.Default, "sort_keys?", &sortk); err != nil {
		return o, err
	}
	o.SkipKeys, o.EnsureASCII, o.CheckCirc, o.AllowNaN, o.SortKeys = skip, ascii, circ, nan, sortk
	if cls != starlark.None {
		return o, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s: cls= is not supported in gust; pass default= instead", fname))
	}
	switch x := indent.(type) {
	case starlark.NoneType:
	case starlark.String:
		s := string(x)
		o.Indent = &s
	case starlark.Int:
		n, _ := x.Int64()
		s := strings.Repeat(" ", int(max(0, min(n, 1000))))
		o.Indent = &s
	default:
		return o, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("indent must be None, int or str, not %s", modules.TypeName(indent)))
	}
	if o.Indent != nil {
		o.ItemSep = ","
	}
	if separators != starlark.None {
		seq, err := modules.Elements(nil, separators)
		if err != nil || len(seq) != 2 {
			return o, pyrt.NewError(pyrt.ValueError, "separators must be an (item_separator, key_separator) tuple")
		}
		is, ok1 := seq[0].(starlark.String)
		ks, ok2 := seq[1].(starlark.String)
		if !ok1 || !ok2 {
			return o, pyrt.NewError(pyrt.TypeError, "separators must be strings")
		}
		o.ItemSep, o.KeySep = string(is), string(ks)
	}
	return o, nil
}
