package pycollections

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}

var keywords = map[string]bool{"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true, "else": true,
	"except": true, "finally": true, "for": true, "from": true, "global": true, "if": true, "import": true, "in": true,
	"is": true, "lambda": true, "nonlocal": true, "not": true, "or": true, "pass": true, "raise": true, "return": true,
	"try": true, "while": true, "with": true, "yield": true}

// NamedTuple implements collections.namedtuple.
func NamedTuple(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var typename string
	var fieldsv, defaults, module starlark.Value = nil, starlark.None, starlark.None
	rename := false
	if err := starlark.UnpackArgs("namedtuple", args, kw, "typename", &typename, "field_names", &fieldsv,
		"rename?", &rename, "defaults?", &defaults, "module?", &module); err != nil {
		return nil, err
	}
	var fields []string
	if s, ok := fieldsv.(starlark.String); ok {
		fields = strings.Fields(strings.ReplaceAll(string(s), ",", " "))
	} else {
		items, err := modules.Elements(th, fieldsv)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			fields = append(fields, pyrt.StrThread(th, it))
		}
	}
	seen := map[string]bool{}
	for i, f := range fields {
		if rename && (!isIdentifier(f) || keywords[f] || strings.HasPrefix(f, "_") || seen[f]) {
			fields[i] = fmt.Sprintf("_%d", i)
			f = fields[i]
		}
		seen[f] = true
	}
	seen = map[string]bool{}
	for _, n := range append([]string{typename}, fields...) {
		if !isIdentifier(n) || keywords[n] {
			if keywords[n] {
				return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Type names and field names cannot be a keyword: %s", pyrt.QuoteString(n)))
			}
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Type names and field names must be valid identifiers: %s", pyrt.QuoteString(n)))
		}
	}
	for _, f := range fields {
		if strings.HasPrefix(f, "_") && !rename {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Field names cannot start with an underscore: %s", pyrt.QuoteString(f)))
		}
		if seen[f] {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Encountered duplicate field name: %s", pyrt.QuoteString(f)))
		}
		seen[f] = true
	}
	t := &modules.NamedTupleType{Typename: typename, Fields: fields}
	if module != starlark.None {
		t.Module = pyrt.StrThread(th, module)
	}
	if defaults != starlark.None {
		ds, err := modules.Elements(th, defaults)
		if err != nil {
			return nil, err
		}
		if len(ds) > len(fields) {
			return nil, pyrt.NewError(pyrt.TypeError, "Got more default values than field names")
		}
		t.Defaults = ds
	}
	return t, nil
}

// Module builds the collections module.
func Module(*modules.Env) (starlark.Value, error) {
	return modules.NewModule("collections", starlark.StringDict{
		"namedtuple": starlark.NewBuiltin("namedtuple", NamedTuple),
		"defaultdict": starlark.NewBuiltin("defaultdict", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			d := newDict(kindDefault)
			if len(args) > 0 {
				if _, ok := args[0].(starlark.Callable); !ok && args[0] != starlark.None {
					return nil, pyrt.NewError(pyrt.TypeError, "first argument must be callable or None")
				}
				d.factory = args[0]
				args = args[1:]
			}
			return d, d.update(th, args, kw, 1)
		}),
		"Counter": starlark.NewBuiltin("Counter", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			d := newDict(kindCounter)
			if len(args) == 1 {
				if m, ok := args[0].(starlark.IterableMapping); ok {
					for _, kv := range m.Items() {
						_ = d.d.SetKey(kv[0], kv[1])
					}
					args = nil
				}
			}
			return d, d.update(th, args, kw, 1)
		}),
		"OrderedDict": starlark.NewBuiltin("OrderedDict", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			d := newDict(kindOrdered)
			return d, d.update(th, args, kw, 1)
		}),
		"deque": starlark.NewBuiltin("deque", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var it, maxlen starlark.Value = starlark.Tuple(nil), starlark.None
			if err := starlark.UnpackArgs("deque", args, kw, "iterable?", &it, "maxlen?", &maxlen); err != nil {
				return nil, err
			}
			q := &Deque{maxlen: -1}
			if maxlen != starlark.None {
				n, err := modules.Int(maxlen, "maxlen")
				if err != nil {
					return nil, err
				}
				if n < 0 {
					return nil, pyrt.NewError(pyrt.ValueError, "maxlen must be non-negative")
				}
				q.maxlen = int(n)
			}
			items, err := modules.Elements(th, it)
			if err != nil {
				return nil, err
			}
			for _, v := range items {
				q.pushLocked(v, false)
			}
			return q, nil
		}),
	}), nil
}
