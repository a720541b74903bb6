package pyrt

import (
	"fmt"
	"strings"

	"go.starlark.net/starlark"
)

// Helpers returns the functions the lowering emits calls to. Their names
// start with "__", which keeps them out of the way of script names.
//
//	__try(body, handlers, orelse, finalbody)   try/except/else/finally
//	__raise(exc, cause=None), __reraise(e)    raise, raise X from Y, bare raise
//	__with(cm, body)                          with statement
//	__make_class(name, bases, attrs, module, **kw)
//	__super(cls, self)                        super()
//	__share(*values)                          module end: shared containers
//	__globals()                               the dict of `global` names
//	__cells()                                 locals rebound by nested blocks
//	__pow(a, b), __mod(a, b), __is(a, b)      **, % (printf), is
//	__eq(a, b)                                == between containers
//	__binop(op, a, b)                         x op= y on a plain name
//	__arith(op, a, b)                         a op b with a bool operand
//	__cp(x)                                   subscript operand: str by code point
//	__matmul(a, b)                            a @ b (__matmul__/__rmatmul__)
//	__format(v, conv, spec)                   one f-string field
//	__callm(recv, name, *a, **kw), __getm(recv, name)   Python methods
//	__iter(x)                                 Python iteration in for loops
//	__aug_item(obj, key, op, v), __aug_attr(obj, name, op, v)
//	__del_item(obj, key), __del_slice(obj, lo, hi, step), __del_attr(obj, name)
//	__unpack(x, before, after)                a, *b, c = x
//	__set_lit(list), __dict_merge(*maps), __list_concat(*iterables), __tuple(x)
//	__store(d, key, v)                        walrus: d[key] = v, returns v
//	__assert_fail(msg?)                       failed assert
func Helpers() starlark.StringDict {
	return starlark.StringDict{
		"__try":         starlark.NewBuiltin("__try", helperTry),
		"__raise":       starlark.NewBuiltin("__raise", helperRaise),
		"__reraise":     starlark.NewBuiltin("__reraise", helperReraise),
		"__with":        starlark.NewBuiltin("__with", helperWith),
		"__make_class":  starlark.NewBuiltin("__make_class", helperMakeClass),
		"__super":       starlark.NewBuiltin("__super", builtinSuper),
		"__share":       starlark.NewBuiltin("__share", helperShare),
		"__globals":     starlark.NewBuiltin("__globals", helperGlobals),
		"__cells":       starlark.NewBuiltin("__cells", helperCells),
		"__pow":         starlark.NewBuiltin("__pow", helperPow),
		"__mod":         starlark.NewBuiltin("__mod", helperMod),
		"__is":          starlark.NewBuiltin("__is", helperIs),
		"__eq":          starlark.NewBuiltin("__eq", helperEq),
		"__binop":       starlark.NewBuiltin("__binop", helperBinop),
		"__arith":       starlark.NewBuiltin("__arith", helperArith),
		"__matmul":      starlark.NewBuiltin("__matmul", helperMatMul),
		"__cp":          starlark.NewBuiltin("__cp", helperCodePoints),
		"__format":      starlark.NewBuiltin("__format", helperFormat),
		"__callm":       starlark.NewBuiltin("__callm", helperCallm),
		"__getm":        starlark.NewBuiltin("__getm", helperGetm),
		"__iter":        starlark.NewBuiltin("__iter", helperIter),
		"__store":       starlark.NewBuiltin("__store", helperStore),
		"__tuple":       starlark.NewBuiltin("__tuple", builtinTuple),
		"__aug_item":    starlark.NewBuiltin("__aug_item", helperAugItem),
		"__aug_attr":    starlark.NewBuiltin("__aug_attr", helperAugAttr),
		"__del_item":    starlark.NewBuiltin("__del_item", helperDelItem),
		"__del_slice":   starlark.NewBuiltin("__del_slice", helperDelSlice),
		"__del_attr":    starlark.NewBuiltin("__del_attr", helperDelAttr),
		"__unpack":      starlark.NewBuiltin("__unpack", helperUnpack),
		"__set_lit":     starlark.NewBuiltin("__set_lit", builtinSet),
		"__dict_merge":  starlark.NewBuiltin("__dict_merge", helperDictMerge),
		"__list_concat": starlark.NewBuiltin("__list_concat", helperListConcat),
		"__assert_fail": starlark.NewBuiltin("__assert_fail", helperAssertFail),
		"__unsupported": starlark.NewBuiltin("__unsupported", helperUnsupported),
	}
}

// Predeclared returns Builtins and Helpers together: the environment a
// lowered program is compiled and run against (plus its imports).
func Predeclared(opts Options) starlark.StringDict {
	d := Builtins(opts)
	for k, v := range Helpers() {
		d[k] = v
	}
	return d
}

func helperTry(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 4 || len(kwargs) != 0 {
		return nil, fmt.Errorf("__try: want 4 arguments, got %d", len(args))
	}
	return Try(th, args[0], args[1], args[2], args[3])
}

func helperRaise(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var x, cause starlark.Value
	if err := starlark.UnpackPositionalArgs("__raise", args, kwargs, 1, &x, &cause); err != nil {
		return nil, err
	}
	return nil, Raise(th, x, cause)
}

func helperReraise(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var e starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs("__reraise", args, kwargs, 0, &e); err != nil {
		return nil, err
	}
	return nil, Reraise(e)
}

func helperWith(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var cm, body starlark.Value
	if err := starlark.UnpackPositionalArgs("__with", args, kwargs, 2, &cm, &body); err != nil {
		return nil, err
	}
	return With(th, cm, body)
}

func helperMakeClass(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 4 {
		return nil, fmt.Errorf("__make_class: want 4 arguments, got %d", len(args))
	}
	name, _ := starlark.AsString(args[0])
	bases, ok := args[1].(starlark.Tuple)
	if !ok {
		return nil, fmt.Errorf("__make_class: bases must be a tuple")
	}
	attrs, ok := args[2].(starlark.IterableMapping)
	if !ok {
		return nil, fmt.Errorf("__make_class: attrs must be a dict")
	}
	module, _ := starlark.AsString(args[3])
	return MakeClass(name, bases, attrs, kwargs, module)
}

func helperShare(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	out := ShareAll(args...)
	if len(out) == 1 {
		return out[0], nil
	}
	return starlark.Tuple(out), nil
}

func helperGlobals(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return NewGlobals(), nil
}

func helperCells(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return NewCells(), nil
}

func helperPow(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("__pow: want 2 arguments")
	}
	return Pow(args[0], args[1])
}

func helperMod(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("__mod: want 2 arguments")
	}
	return Mod(th, args[0], args[1])
}

func helperIs(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("__is: want 2 arguments")
	}
	return starlark.Bool(Is(args[0], args[1])), nil
}

func helperBinop(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("__binop: want 3 arguments")
	}
	op, _ := starlark.AsString(args[0])
	return inplace(th, op, args[1], args[2])
}

// helperArith is a binary operator whose operand may be a bool (True + 1,
// (a > b) * 10, flag & other): bools count as 0 and 1, and &, | and ^ of
// two bools stay bools, as in Python. The lowering calls it only where an
// operand is a bool by its form, so ordinary arithmetic stays native.
func helperArith(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("__arith: want 3 arguments")
	}
	op, _ := starlark.AsString(args[0])
	x, y := args[1], args[2]
	if xb, ok := x.(starlark.Bool); ok {
		if yb, ok := y.(starlark.Bool); ok {
			switch op {
			case "&":
				return xb && yb, nil
			case "|":
				return xb || yb, nil
			case "^":
				return starlark.Bool(xb != yb), nil
			}
		}
	}
	return BinaryOp(th, op, x, y)
}

func helperMatMul(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("__matmul: want 2 arguments")
	}
	return MatMul(th, args[0], args[1])
}

func helperFormat(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("__format: want 3 arguments")
	}
	conv, _ := starlark.AsString(args[1])
	spec, ok := starlark.AsString(args[2])
	if !ok {
		return nil, NewError(TypeError, "format spec must be a string")
	}
	if conv == "" && spec == "" {
		if s, ok := args[0].(starlark.String); ok {
			return s, nil
		}
	}
	s, err := FormatField(th, args[0], conv, spec)
	return starlark.String(s), err
}

func helperCallm(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) < 2 {
		return nil, fmt.Errorf("__callm: want receiver and name")
	}
	name, _ := starlark.AsString(args[1])
	return CallMethod(th, args[0], name, args[2:], kwargs)
}

func helperGetm(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("__getm: want 2 arguments")
	}
	name, _ := starlark.AsString(args[1])
	return GetAttr(th, args[0], name)
}

func helperIter(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("__iter: want 1 argument")
	}
	return Iterable(th, args[0])
}

func helperAugItem(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 4 {
		return nil, fmt.Errorf("__aug_item: want 4 arguments")
	}
	op, _ := starlark.AsString(args[2])
	return starlark.None, AugItem(th, args[0], args[1], op, args[3])
}

func helperAugAttr(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 4 {
		return nil, fmt.Errorf("__aug_attr: want 4 arguments")
	}
	name, _ := starlark.AsString(args[1])
	op, _ := starlark.AsString(args[2])
	return starlark.None, AugAttr(th, args[0], name, op, args[3])
}

func helperDelItem(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("__del_item: want 2 arguments")
	}
	return starlark.None, DelItem(th, args[0], args[1])
}

func helperDelSlice(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 4 {
		return nil, fmt.Errorf("__del_slice: want 4 arguments")
	}
	return starlark.None, DelSlice(args[0], args[1], args[2], args[3])
}

func helperDelAttr(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("__del_attr: want 2 arguments")
	}
	name, _ := starlark.AsString(args[1])
	return starlark.None, DelAttr(args[0], name)
}

func helperUnpack(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	var x starlark.Value
	var before, after int
	if err := starlark.UnpackPositionalArgs("__unpack", args, nil, 3, &x, &before, &after); err != nil {
		return nil, err
	}
	return Unpack(th, x, before, after)
}

func helperDictMerge(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	d := starlark.NewDict(0)
	for _, a := range args {
		pairs, err := dictPairs(th, starlark.Tuple{a}, nil)
		if err != nil {
			return nil, NewError(TypeError, fmt.Sprintf("'%s' object is not a mapping", TypeName(a)))
		}
		for _, kv := range pairs {
			if err := d.SetKey(kv[0], kv[1]); err != nil {
				return nil, hashErr(kv[0], err)
			}
		}
	}
	return d, nil
}

func helperListConcat(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	var out []starlark.Value
	for _, a := range args {
		elems, err := ToSlice(th, a)
		if err != nil {
			return nil, err
		}
		out = append(out, elems...)
	}
	return starlark.NewList(out), nil
}

func helperAssertFail(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	return nil, NewErrorArgs(AssertionError, args...)
}

// helperUnsupported fails at run time for a construct the front end
// accepted but cannot run (kept for constructs only reachable at run time).
func helperUnsupported(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = Str(a)
	}
	return nil, NewError(NotImplementedError, strings.Join(parts, " "))
}

func helperStore(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 3 {
		return nil, fmt.Errorf("__store: want 3 arguments")
	}
	if err := SetItem(args[0], args[1], args[2]); err != nil {
		return nil, err
	}
	return args[2], nil
}

func helperEq(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("__eq: want 2 arguments")
	}
	eq, err := Equal(args[0], args[1])
	return starlark.Bool(eq), err
}
