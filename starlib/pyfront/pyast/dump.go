package pyast

import (
	"fmt"
	"strings"
)

// Dump renders the tree rooted at n in the text form of CPython 3.11's ast.dump(tree) with its
// default options (field names, no positions, None fields left out, empty lists kept), so tests
// can compare a parse with CPython's on the same source. Nodes that CPython does not have are
// rendered as their CPython counterparts: ExprStmt as Expr, Decorator and Annotation as the
// expression they wrap, DictItem as entries of Dict's keys and values lists, and Arguments with
// CPython's defaults and kw_defaults lists.
func Dump(n Node) string {
	var d dumper
	d.node(n)
	return d.b.String()
}

type dumper struct{ b strings.Builder }

// field is one "name=value" of a dumped node; skip leaves it out (a None optional field).
type field struct {
	name string
	f    func()
	skip bool
}

func (d *dumper) call(class string, fields ...field) {
	d.b.WriteString(class)
	d.b.WriteByte('(')
	first := true
	for _, f := range fields {
		if f.skip {
			continue
		}
		if !first {
			d.b.WriteString(", ")
		}
		first = false
		d.b.WriteString(f.name)
		d.b.WriteByte('=')
		f.f()
	}
	d.b.WriteByte(')')
}

// expr is a field holding an expression; a nil one is left out like a None optional field.
func (d *dumper) expr(name string, x Expr) field {
	return field{name: name, f: func() { d.node(x) }, skip: x == nil}
}

func (d *dumper) str(name, s string) field {
	return field{name: name, f: func() { d.b.WriteString(reprStr(s)) }}
}

func (d *dumper) optStr(name, s string) field {
	f := d.str(name, s)
	f.skip = s == ""
	return f
}

func (d *dumper) raw(name, text string) field {
	return field{name: name, f: func() { d.b.WriteString(text) }}
}

func (d *dumper) ctx(c Ctx) field { return d.raw("ctx", c.String()+"()") }

// list dumps a list field; a nil element prints as None (Dict keys, kw_defaults).
func list[T Node](d *dumper, name string, xs []T) field {
	return field{name: name, f: func() {
		d.b.WriteByte('[')
		for i, x := range xs {
			if i > 0 {
				d.b.WriteString(", ")
			}
			d.node(x)
		}
		d.b.WriteByte(']')
	}}
}

func (d *dumper) stmts(name string, xs []Stmt) field { return list(d, name, xs) }
func (d *dumper) exprs(name string, xs []Expr) field { return list(d, name, xs) }

func (d *dumper) annotation(name string, a *Annotation) field {
	if a == nil {
		return field{skip: true}
	}
	return d.expr(name, a.X)
}

func decoratorExprs(ds []*Decorator) []Expr {
	out := make([]Expr, len(ds))
	for i, x := range ds {
		out[i] = x.X
	}
	return out
}

func (d *dumper) node(n Node) {
	if n == nil || isNilNode(n) {
		d.b.WriteString("None")
		return
	}
	switch n := n.(type) {
	case *Module:
		d.call("Module", d.stmts("body", n.Body), d.raw("type_ignores", "[]"))
	case *Annotation:
		d.node(n.X)
	case *Decorator:
		d.node(n.X)
	case *FunctionDef:
		d.call("FunctionDef", d.str("name", n.Name), field{name: "args", f: func() { d.node(n.Args) }},
			d.stmts("body", n.Body), d.exprs("decorator_list", decoratorExprs(n.Decorators)),
			d.annotation("returns", n.Returns))
	case *ClassDef:
		d.call("ClassDef", d.str("name", n.Name), d.exprs("bases", n.Bases),
			list(d, "keywords", n.Keywords), d.stmts("body", n.Body),
			d.exprs("decorator_list", decoratorExprs(n.Decorators)))
	case *Return:
		d.call("Return", d.expr("value", n.Value))
	case *Delete:
		d.call("Delete", d.exprs("targets", n.Targets))
	case *Assign:
		d.call("Assign", d.exprs("targets", n.Targets), d.expr("value", n.Value))
	case *AugAssign:
		d.call("AugAssign", d.expr("target", n.Target), d.raw("op", n.Op.String()+"()"), d.expr("value", n.Value))
	case *AnnAssign:
		simple := "0"
		if n.Simple {
			simple = "1"
		}
		d.call("AnnAssign", d.expr("target", n.Target), d.annotation("annotation", n.Annotation),
			d.expr("value", n.Value), d.raw("simple", simple))
	case *For:
		d.call("For", d.expr("target", n.Target), d.expr("iter", n.Iter), d.stmts("body", n.Body), d.stmts("orelse", n.OrElse))
	case *While:
		d.call("While", d.expr("test", n.Test), d.stmts("body", n.Body), d.stmts("orelse", n.OrElse))
	case *If:
		d.call("If", d.expr("test", n.Test), d.stmts("body", n.Body), d.stmts("orelse", n.OrElse))
	case *With:
		d.call("With", list(d, "items", n.Items), d.stmts("body", n.Body))
	case *WithItem:
		d.call("withitem", d.expr("context_expr", n.Context), d.expr("optional_vars", n.OptionalVars))
	case *Raise:
		d.call("Raise", d.expr("exc", n.Exc), d.expr("cause", n.Cause))
	case *Try:
		d.call("Try", d.stmts("body", n.Body), list(d, "handlers", n.Handlers), d.stmts("orelse", n.OrElse), d.stmts("finalbody", n.FinalBody))
	case *ExceptHandler:
		d.call("ExceptHandler", d.expr("type", n.Type), d.optStr("name", n.Name), d.stmts("body", n.Body))
	case *Assert:
		d.call("Assert", d.expr("test", n.Test), d.expr("msg", n.Msg))
	case *Import:
		d.call("Import", list(d, "names", n.Names))
	case *ImportFrom:
		d.call("ImportFrom", d.optStr("module", n.Module), list(d, "names", n.Names), d.raw("level", fmt.Sprint(n.Level)))
	case *Alias:
		d.call("alias", d.str("name", n.Name), d.optStr("asname", n.AsName))
	case *Global:
		d.call("Global", d.raw("names", reprStrList(n.Names)))
	case *Nonlocal:
		d.call("Nonlocal", d.raw("names", reprStrList(n.Names)))
	case *ExprStmt:
		d.call("Expr", d.expr("value", n.Value))
	case *Pass:
		d.b.WriteString("Pass()")
	case *Break:
		d.b.WriteString("Break()")
	case *Continue:
		d.b.WriteString("Continue()")
	case *Arguments:
		d.arguments(n)
	case *Arg:
		d.call("arg", d.str("arg", n.Name), d.annotation("annotation", n.Annotation))
	case *Keyword:
		d.call("keyword", d.optStr("arg", n.Name), d.expr("value", n.Value))
	default:
		d.exprNode(n)
	}
}

func (d *dumper) arguments(a *Arguments) {
	var defaults, kwDefaults []Expr
	for _, group := range [][]*Arg{a.PosOnly, a.Args} {
		for _, p := range group {
			if p.Default != nil {
				defaults = append(defaults, p.Default)
			}
		}
	}
	for _, p := range a.KwOnly {
		kwDefaults = append(kwDefaults, p.Default) // nil prints as None
	}
	d.call("arguments", list(d, "posonlyargs", a.PosOnly), list(d, "args", a.Args),
		field{name: "vararg", f: func() { d.node(a.Vararg) }, skip: a.Vararg == nil},
		list(d, "kwonlyargs", a.KwOnly), d.exprs("kw_defaults", kwDefaults),
		field{name: "kwarg", f: func() { d.node(a.Kwarg) }, skip: a.Kwarg == nil},
		d.exprs("defaults", defaults))
}

func (d *dumper) exprNode(n Node) {
	switch n := n.(type) {
	case *BoolOp:
		d.call("BoolOp", d.raw("op", n.Op.String()+"()"), d.exprs("values", n.Values))
	case *NamedExpr:
		d.call("NamedExpr", d.expr("target", n.Target), d.expr("value", n.Value))
	case *BinOp:
		d.call("BinOp", d.expr("left", n.Left), d.raw("op", n.Op.String()+"()"), d.expr("right", n.Right))
	case *UnaryOp:
		d.call("UnaryOp", d.raw("op", n.Op.String()+"()"), d.expr("operand", n.Operand))
	case *Lambda:
		d.call("Lambda", field{name: "args", f: func() { d.node(n.Args) }}, d.expr("body", n.Body))
	case *IfExp:
		d.call("IfExp", d.expr("test", n.Test), d.expr("body", n.Body), d.expr("orelse", n.OrElse))
	case *Dict:
		keys := make([]Expr, len(n.Items))
		values := make([]Expr, len(n.Items))
		for i, it := range n.Items {
			keys[i], values[i] = it.Key, it.Value
		}
		d.call("Dict", d.exprs("keys", keys), d.exprs("values", values))
	case *Set:
		d.call("Set", d.exprs("elts", n.Elts))
	case *ListComp:
		d.call("ListComp", d.expr("elt", n.Elt), list(d, "generators", n.Generators))
	case *SetComp:
		d.call("SetComp", d.expr("elt", n.Elt), list(d, "generators", n.Generators))
	case *DictComp:
		d.call("DictComp", d.expr("key", n.Key), d.expr("value", n.Value), list(d, "generators", n.Generators))
	case *GeneratorExp:
		d.call("GeneratorExp", d.expr("elt", n.Elt), list(d, "generators", n.Generators))
	case *Comprehension:
		d.call("comprehension", d.expr("target", n.Target), d.expr("iter", n.Iter), d.exprs("ifs", n.Ifs), d.raw("is_async", "0"))
	case *Await:
		d.call("Await", d.expr("value", n.Value))
	case *Yield:
		d.call("Yield", d.expr("value", n.Value))
	case *YieldFrom:
		d.call("YieldFrom", d.expr("value", n.Value))
	case *Compare:
		ops := make([]string, len(n.Ops))
		for i, op := range n.Ops {
			ops[i] = op.String() + "()"
		}
		d.call("Compare", d.expr("left", n.Left), d.raw("ops", "["+strings.Join(ops, ", ")+"]"), d.exprs("comparators", n.Comparators))
	case *Call:
		d.call("Call", d.expr("func", n.Func), d.exprs("args", n.Args), list(d, "keywords", n.Keywords))
	case *FormattedValue:
		spec := field{name: "format_spec", f: func() { d.node(n.FormatSpec) }, skip: n.FormatSpec == nil}
		d.call("FormattedValue", d.expr("value", n.Value), d.raw("conversion", fmt.Sprint(n.Conversion)), spec)
	case *JoinedStr:
		d.call("JoinedStr", d.exprs("values", n.Values))
	case *Constant:
		d.call("Constant", d.raw("value", reprConstant(n.Value)), d.optStr("kind", n.Kind))
	case *Attribute:
		d.call("Attribute", d.expr("value", n.Value), d.str("attr", n.Attr), d.ctx(n.Ctx))
	case *Subscript:
		d.call("Subscript", d.expr("value", n.Value), d.expr("slice", n.Slice), d.ctx(n.Ctx))
	case *Starred:
		d.call("Starred", d.expr("value", n.Value), d.ctx(n.Ctx))
	case *Name:
		d.call("Name", d.str("id", n.ID), d.ctx(n.Ctx))
	case *List:
		d.call("List", d.exprs("elts", n.Elts), d.ctx(n.Ctx))
	case *Tuple:
		d.call("Tuple", d.exprs("elts", n.Elts), d.ctx(n.Ctx))
	case *Slice:
		d.call("Slice", d.expr("lower", n.Lower), d.expr("upper", n.Upper), d.expr("step", n.Step))
	case *DictItem:
		// Only reachable when a DictItem is dumped on its own.
		d.call("DictItem", d.expr("key", n.Key), d.expr("value", n.Value))
	default:
		fmt.Fprintf(&d.b, "<%T>", n)
	}
}

func reprStrList(ss []string) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = reprStr(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
