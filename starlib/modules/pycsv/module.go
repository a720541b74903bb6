package pycsv

import (
	"fmt"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func (k *kit) reader(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (*parser, *modules.Iter, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, nil, pyrt.NewError(pyrt.TypeError, "expected 1 or 2 positional arguments (csvfile, dialect)")
	}
	var dialect starlark.Value = starlark.String("excel")
	if len(args) == 2 {
		dialect = args[1]
	}
	var rest []starlark.Tuple
	for _, kv := range kw {
		if string(kv[0].(starlark.String)) == "dialect" {
			dialect = kv[1]
		} else {
			rest = append(rest, kv)
		}
	}
	d, extra, err := dialectArgs(rest, dialect)
	if err != nil {
		return nil, nil, err
	}
	if len(extra) > 0 {
		return nil, nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' is an invalid keyword argument for this function", extra[0][0].(starlark.String)))
	}
	src, err := linesOf(th, args[0])
	if err != nil {
		return nil, nil, err
	}
	p := &parser{k: k, d: d, src: src}
	it := modules.NewIter("_csv.reader", p.next).WithAttrs(func(name string) (starlark.Value, bool) {
		if name == "line_num" {
			return starlark.MakeInt(p.lineNum), true
		}
		return nil, false
	})
	return p, it, nil
}

// dictReader implements csv.DictReader.
func (k *kit) dictReader(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 1 {
		return nil, pyrt.NewError(pyrt.TypeError, "DictReader() missing 1 required positional argument: 'f'")
	}
	var fieldnames, restkey, restval starlark.Value = starlark.None, starlark.None, starlark.None
	var rest []starlark.Tuple
	for _, kv := range kw {
		switch string(kv[0].(starlark.String)) {
		case "fieldnames":
			fieldnames = kv[1]
		case "restkey":
			restkey = kv[1]
		case "restval":
			restval = kv[1]
		default:
			rest = append(rest, kv)
		}
	}
	if len(args) > 1 {
		fieldnames = args[1]
	}
	p, _, err := k.reader(th, args[:1], rest)
	if err != nil {
		return nil, err
	}
	var names []starlark.Value
	if fieldnames != starlark.None {
		if names, err = modules.Elements(th, fieldnames); err != nil {
			return nil, err
		}
	}
	header := func(th *starlark.Thread) error {
		if names != nil {
			return nil
		}
		row, ok, err := p.next(th)
		if err != nil {
			return err
		}
		names = []starlark.Value{}
		if ok {
			names, _ = modules.Elements(th, row)
		}
		return nil
	}
	it := modules.NewIter("csv.DictReader", func(th *starlark.Thread) (starlark.Value, bool, error) {
		if err := header(th); err != nil {
			return nil, false, err
		}
		var row []starlark.Value
		for {
			r, ok, err := p.next(th)
			if err != nil || !ok {
				return nil, false, err
			}
			if row, err = modules.Elements(th, r); err != nil {
				return nil, false, err
			}
			if len(row) > 0 {
				break
			}
		}
		d := starlark.NewDict(len(names))
		for i, n := range names {
			v := restval
			if i < len(row) {
				v = row[i]
			}
			if err := d.SetKey(n, v); err != nil {
				return nil, false, err
			}
		}
		if len(row) > len(names) {
			if err := d.SetKey(restkey, starlark.NewList(append([]starlark.Value(nil), row[len(names):]...))); err != nil {
				return nil, false, err
			}
		}
		return d, true, nil
	})
	it.WithAttrs(func(name string) (starlark.Value, bool) {
		switch name {
		case "fieldnames":
			if err := header(nil); err != nil || names == nil {
				return starlark.None, true
			}
			return starlark.NewList(append([]starlark.Value(nil), names...)), true
		case "line_num":
			return starlark.MakeInt(p.lineNum), true
		case "restkey":
			return restkey, true
		case "restval":
			return restval, true
		}
		return nil, false
	})
	return it, nil
}

// Module builds the csv module.
func Module(*modules.Env) (starlark.Value, error) {
	errCls := pyrt.MustClass("Error", []*pyrt.Class{pyrt.Exception}, nil)
	errCls.SetModule("_csv")
	k := &kit{errCls: errCls}
	return modules.NewModule("csv", starlark.StringDict{
		"reader": starlark.NewBuiltin("reader", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			_, it, err := k.reader(th, args, kw)
			return it, err
		}),
		"DictReader": starlark.NewBuiltin("DictReader", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return k.dictReader(th, args, kw)
		}),
		"writer": starlark.NewBuiltin("writer", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return k.writer(args, kw)
		}),
		"DictWriter": starlark.NewBuiltin("DictWriter", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return k.dictWriter(th, args, kw)
		}),
		"QUOTE_MINIMAL":    starlark.MakeInt(QuoteMinimal),
		"QUOTE_ALL":        starlark.MakeInt(QuoteAll),
		"QUOTE_NONNUMERIC": starlark.MakeInt(QuoteNonNumeric),
		"QUOTE_NONE":       starlark.MakeInt(QuoteNone),
		"Error":            errCls,
		"field_size_limit": starlark.NewBuiltin("field_size_limit", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(131072), nil
		}),
	}), nil
}

// Writer is csv.writer / DictWriter.
type Writer struct {
	k      *kit
	d      Dialect
	write  starlark.Value
	fields []starlark.Value // DictWriter only
	restv  starlark.Value
	ignore bool
}

var _ starlark.HasAttrs = (*Writer)(nil)

func (w *Writer) String() string {
	if w.fields != nil {
		return "<csv.DictWriter object>"
	}
	return "<_csv.writer object>"
}
func (w *Writer) Type() string         { return "writer" }
func (w *Writer) Freeze()              {}
func (w *Writer) Truth() starlark.Bool { return true }
func (w *Writer) Hash() (uint32, error) {
	return 0, pyrt.NewError(pyrt.TypeError, "unhashable type: 'writer'")
}
func (w *Writer) AttrNames() []string {
	return []string{"dialect", "fieldnames", "writeheader", "writerow", "writerows"}
}

func (k *kit) writer(args starlark.Tuple, kw []starlark.Tuple) (*Writer, error) {
	if len(args) < 1 || len(args) > 2 {
		return nil, pyrt.NewError(pyrt.TypeError, "expected 1 or 2 positional arguments (fileobj, dialect)")
	}
	var dialect starlark.Value = starlark.String("excel")
	if len(args) == 2 {
		dialect = args[1]
	}
	var rest []starlark.Tuple
	for _, kv := range kw {
		if string(kv[0].(starlark.String)) == "dialect" {
			dialect = kv[1]
		} else {
			rest = append(rest, kv)
		}
	}
	d, extra, err := dialectArgs(rest, dialect)
	if err != nil {
		return nil, err
	}
	if len(extra) > 0 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' is an invalid keyword argument for this function", extra[0][0].(starlark.String)))
	}
	ha, ok := args[0].(starlark.HasAttrs)
	var write starlark.Value
	if ok {
		write, _ = ha.Attr("write")
	}
	if write == nil {
		return nil, pyrt.NewError(pyrt.TypeError, "argument 1 must have a \"write\" method")
	}
	return &Writer{k: k, d: d, write: write}, nil
}

func (k *kit) dictWriter(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (*Writer, error) {
	var fieldnames, restval starlark.Value = nil, starlark.String("")
	extras := "raise"
	var rest []starlark.Tuple
	for _, kv := range kw {
		switch string(kv[0].(starlark.String)) {
		case "fieldnames":
			fieldnames = kv[1]
		case "restval":
			restval = kv[1]
		case "extrasaction":
			extras = pyrt.Str(kv[1])
		default:
			rest = append(rest, kv)
		}
	}
	if len(args) > 1 {
		fieldnames, args = args[1], args[:1]
	}
	if fieldnames == nil {
		return nil, pyrt.NewError(pyrt.TypeError, "DictWriter.__init__() missing 1 required positional argument: 'fieldnames'")
	}
	if extras != "raise" && extras != "ignore" {
		return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("extrasaction (%s) must be 'raise' or 'ignore'", extras))
	}
	w, err := k.writer(args, rest)
	if err != nil {
		return nil, err
	}
	if w.fields, err = modules.Elements(th, fieldnames); err != nil {
		return nil, err
	}
	w.restv, w.ignore = restval, extras == "ignore"
	return w, nil
}

func (w *Writer) quote(s string, numeric bool) (string, error) {
	d := w.d
	need := false
	switch d.Quoting {
	case QuoteAll:
		need = true
	case QuoteNonNumeric:
		need = !numeric
	}
	special := func(r rune) bool {
		return r == d.Delimiter || r == d.Quotechar && d.Quotechar != 0 || r == d.Escapechar && d.Escapechar != 0 ||
			strings.ContainsRune(d.Lineterminator, r) || r == '\n' || r == '\r'
	}
	var b strings.Builder
	for _, r := range s {
		if special(r) {
			if d.Quoting == QuoteNone {
				if d.Escapechar == 0 {
					return "", w.k.errorf("need to escape, but no escapechar set")
				}
				b.WriteRune(d.Escapechar)
				b.WriteRune(r)
				continue
			}
			need = true
			if r == d.Quotechar {
				if d.Doublequote {
					b.WriteRune(r)
				} else if d.Escapechar != 0 {
					b.WriteRune(d.Escapechar)
				} else {
					return "", w.k.errorf("need to escape, but no escapechar set")
				}
			} else if r == d.Escapechar {
				b.WriteRune(r)
			}
		}
		b.WriteRune(r)
	}
	if need && d.Quoting != QuoteNone {
		q := string(d.Quotechar)
		return q + b.String() + q, nil
	}
	return b.String(), nil
}

func (w *Writer) writeRow(th *starlark.Thread, row starlark.Value) (starlark.Value, error) {
	if _, ok := row.(starlark.String); ok {
		return nil, w.k.errorf("iterable expected, not str")
	}
	items, err := modules.Elements(th, row)
	if err != nil {
		return nil, w.k.errorf("iterable expected, not %s", modules.TypeName(row))
	}
	parts := make([]string, len(items))
	for i, it := range items {
		var s string
		numeric := false
		switch x := it.(type) {
		case starlark.NoneType:
		case starlark.Float:
			s, numeric = pyrt.FloatRepr(float64(x)), true
		case starlark.Int, starlark.Bool:
			s, numeric = pyrt.StrThread(th, x), true
		default:
			s = pyrt.StrThread(th, x)
		}
		if parts[i], err = w.quote(s, numeric); err != nil {
			return nil, err
		}
		if len(items) == 1 && s == "" && w.d.Quoting != QuoteNone {
			parts[i] = string(w.d.Quotechar) + string(w.d.Quotechar)
		}
	}
	line := strings.Join(parts, string(w.d.Delimiter)) + w.d.Lineterminator
	return starlark.Call(th, w.write, starlark.Tuple{starlark.String(line)}, nil)
}

func (w *Writer) dictRow(th *starlark.Thread, v starlark.Value) (starlark.Value, error) {
	m, ok := v.(starlark.IterableMapping)
	if !ok {
		return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute 'keys'", modules.TypeName(v)))
	}
	if !w.ignore {
		var wrong []string
		for _, kv := range m.Items() {
			found := false
			for _, f := range w.fields {
				if eq, _ := starlark.Equal(f, kv[0]); eq {
					found = true
					break
				}
			}
			if !found {
				wrong = append(wrong, pyrt.Repr(kv[0]))
			}
		}
		if len(wrong) > 0 {
			return nil, pyrt.NewError(pyrt.ValueError, "dict contains fields not in fieldnames: "+strings.Join(wrong, ", "))
		}
	}
	row := make([]starlark.Value, len(w.fields))
	for i, f := range w.fields {
		v, found, err := m.Get(f)
		if err != nil || !found {
			v = w.restv
		}
		row[i] = v
	}
	return w.writeRow(th, starlark.NewList(row))
}

// Attr returns the writer methods.
func (w *Writer) Attr(name string) (starlark.Value, error) {
	switch name {
	case "fieldnames":
		if w.fields != nil {
			return starlark.NewList(append([]starlark.Value(nil), w.fields...)), nil
		}
	case "writerow":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var row starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &row); err != nil {
				return nil, err
			}
			if w.fields != nil {
				return w.dictRow(th, row)
			}
			return w.writeRow(th, row)
		}), nil
	case "writerows":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var rows starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &rows); err != nil {
				return nil, err
			}
			items, err := modules.Elements(th, rows)
			if err != nil {
				return nil, err
			}
			for _, r := range items {
				if w.fields != nil {
					_, err = w.dictRow(th, r)
				} else {
					_, err = w.writeRow(th, r)
				}
				if err != nil {
					return nil, err
				}
			}
			return starlark.None, nil
		}), nil
	case "writeheader":
		if w.fields != nil {
			return starlark.NewBuiltin(name, func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
				return w.writeRow(th, starlark.NewList(w.fields))
			}), nil
		}
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", w.Type(), name))
}
