package pyjson

import (
	"fmt"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Module builds the json module.
func Module(*modules.Env) (starlark.Value, error) {
	return modules.NewModule("json", starlark.StringDict{
		"dumps":           starlark.NewBuiltin("dumps", dumps),
		"dump":            starlark.NewBuiltin("dump", dump),
		"loads":           starlark.NewBuiltin("loads", loads),
		"load":            starlark.NewBuiltin("load", load),
		"JSONDecodeError": pyrt.JSONDecodeError,
	}), nil
}

func dumps(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("dumps() takes 1 positional argument but %d were given", len(args)))
	}
	opts, err := FormatOptions(kwargs, b.Name())
	if err != nil {
		return nil, err
	}
	s, err := Encode(th, args[0], opts)
	if err != nil {
		return nil, err
	}
	return starlark.String(s), nil
}

func dump(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("dump() takes 2 positional arguments but %d were given", len(args)))
	}
	opts, err := FormatOptions(kwargs, b.Name())
	if err != nil {
		return nil, err
	}
	s, err := Encode(th, args[0], opts)
	if err != nil {
		return nil, err
	}
	w, err := method(args[1], "write")
	if err != nil {
		return nil, err
	}
	if _, err := starlark.Call(th, w, starlark.Tuple{starlark.String(s)}, nil); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

func method(v starlark.Value, name string) (starlark.Value, error) {
	if ha, ok := v.(starlark.HasAttrs); ok {
		if m, err := ha.Attr(name); err == nil && m != nil {
			return m, nil
		}
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", modules.TypeName(v), name))
}

func hooks(fname string, kwargs []starlark.Tuple) (Hooks, error) {
	h := Hooks{Object: starlark.None, ObjectPairs: starlark.None, Float: starlark.None, Int: starlark.None, Constant: starlark.None}
	var cls starlark.Value = starlark.None
	var strict = true
	err := starlark.UnpackArgs(fname, nil, kwargs, "cls?", &cls, "object_hook?", &h.Object, "parse_float?", &h.Float,
		"parse_int?", &h.Int, "parse_constant?", &h.Constant, "object_pairs_hook?", &h.ObjectPairs, "strict?", &strict)
	return h, err
}

func text(v starlark.Value) (string, error) {
	switch x := v.(type) {
	case starlark.String:
		return string(x), nil
	case starlark.Bytes:
		s := string(x)
		if !utf8.ValidString(s) {
			return "", pyrt.NewError(pyrt.UnicodeDecodeError, "'utf-8' codec can't decode the JSON document")
		}
		return s, nil
	}
	return "", pyrt.NewError(pyrt.TypeError, fmt.Sprintf("the JSON object must be str, bytes or bytearray, not %s", modules.TypeName(v)))
}

func loads(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("loads() takes 1 positional argument but %d were given", len(args)))
	}
	h, err := hooks(b.Name(), kwargs)
	if err != nil {
		return nil, err
	}
	s, err := text(args[0])
	if err != nil {
		return nil, err
	}
	return Decode(th, s, h)
}

func load(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("load() takes 1 positional argument but %d were given", len(args)))
	}
	h, err := hooks(b.Name(), kwargs)
	if err != nil {
		return nil, err
	}
	r, err := method(args[0], "read")
	if err != nil {
		return nil, err
	}
	v, err := starlark.Call(th, r, nil, nil)
	if err != nil {
		return nil, err
	}
	s, err := text(v)
	if err != nil {
		return nil, err
	}
	return Decode(th, s, h)
}
