package pyfront

import (
	"strings"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/syntax"
)

func (l *lowerer) expr(e pyast.Expr) syntax.Expr {
	switch x := e.(type) {
	case *pyast.Name:
		return l.load(x.ID, x.StartPos)
	case *pyast.Constant:
		return l.constant(x)
	case *pyast.BoolOp:
		out := l.expr(x.Values[0])
		op := syntax.AND
		if x.Op == pyast.Or {
			op = syntax.OR
		}
		for i, v := range x.Values[1:] {
			out = l.binary(op, out, l.expr(v), x.OpPos[i])
		}
		return out
	case *pyast.NamedExpr:
		r := l.resolve(x.Target.ID)
		if r.kind != refDict {
			l.unsupported(x.OpPos, "an assignment expression (:=) here", "assign on a separate line")
			return l.expr(x.Value)
		}
		return l.helper("__store", x.OpPos, l.ident(r.ident, x.Target.StartPos), l.str(r.key, x.Target.StartPos), l.expr(x.Value))
	case *pyast.BinOp:
		return l.binOp(x)
	case *pyast.UnaryOp:
		var tok syntax.Token
		switch x.Op {
		case pyast.Not:
			tok = syntax.NOT
		case pyast.USub:
			tok = syntax.MINUS
		case pyast.UAdd:
			tok = syntax.PLUS
		case pyast.Invert:
			tok = syntax.TILDE
		}
		return &syntax.UnaryExpr{OpPos: l.pos(x.StartPos), Op: tok, X: l.expr(x.Operand)}
	case *pyast.Lambda:
		return l.lambda(x)
	case *pyast.IfExp:
		return &syntax.CondExpr{If: l.pos(x.If), Cond: l.expr(x.Test), True: l.expr(x.Body), ElsePos: l.pos(x.Else), False: l.expr(x.OrElse)}
	case *pyast.Dict:
		return l.dictDisplay(x)
	case *pyast.Set:
		return l.helper("__set_lit", x.StartPos, l.sequence(x.StartPos, x.Elts, false))
	case *pyast.List:
		return l.sequence(x.StartPos, x.Elts, false)
	case *pyast.Tuple:
		return l.sequence(x.StartPos, x.Elts, true)
	case *pyast.ListComp:
		return l.comprehension(x.StartPos, false, x.Generators, func() syntax.Expr { return l.expr(x.Elt) })
	case *pyast.GeneratorExp:
		// Generators are evaluated eagerly: every locustfile use consumes
		// them at once (join, any, sum, list, for).
		return l.comprehension(x.StartPos, false, x.Generators, func() syntax.Expr { return l.expr(x.Elt) })
	case *pyast.SetComp:
		return l.helper("__set_lit", x.StartPos, l.comprehension(x.StartPos, false, x.Generators, func() syntax.Expr { return l.expr(x.Elt) }))
	case *pyast.DictComp:
		return l.comprehension(x.StartPos, true, x.Generators, func() syntax.Expr {
			return &syntax.DictEntry{Key: l.expr(x.Key), Colon: l.pos(x.Colon), Value: l.expr(x.Value)}
		})
	case *pyast.Compare:
		return l.compare(x)
	case *pyast.Call:
		return l.callExpr(x)
	case *pyast.JoinedStr:
		return l.fstring(x)
	case *pyast.FormattedValue:
		return l.fstring(&pyast.JoinedStr{Span: x.Span, Values: []pyast.Expr{x}})
	case *pyast.Attribute:
		if pyrt.IsPythonMethod(x.Attr) || isDunder(x.Attr) {
			return l.helper("__getm", x.Dot, l.expr(x.Value), l.str(x.Attr, x.AttrPos))
		}
		return &syntax.DotExpr{X: l.expr(x.Value), Dot: l.pos(x.Dot), NamePos: l.pos(x.AttrPos), Name: l.ident(x.Attr, x.AttrPos)}
	case *pyast.Subscript:
		// Python indexes and slices str by code point: the operand goes
		// through __cp, except for a string-literal key (a dict lookup).
		recv := l.expr(x.Value)
		if c, ok := x.Slice.(*pyast.Constant); !ok || !isStringConst(c) {
			recv = l.helper("__cp", x.Lbrack, recv)
		}
		if sl, ok := x.Slice.(*pyast.Slice); ok {
			return &syntax.SliceExpr{X: recv, Lbrack: l.pos(x.Lbrack), Lo: l.optional(sl.Lower), Hi: l.optional(sl.Upper), Step: l.optional(sl.Step), Rbrack: l.pos(x.Rbrack)}
		}
		return &syntax.IndexExpr{X: recv, Lbrack: l.pos(x.Lbrack), Y: l.subscriptKey(x.Slice), Rbrack: l.pos(x.Rbrack)}
	case *pyast.Yield, *pyast.YieldFrom:
		l.unsupported(e.Start(), "yield (generator functions)", "return a list instead")
	case *pyast.Await:
		l.unsupported(e.Start(), "await", "write ordinary synchronous code; gust runs each user on its own goroutine")
	case *pyast.Starred:
		l.errorf(x.StartPos, "SyntaxError", "", "can't use starred expression here")
	case *pyast.Slice:
		l.errorf(x.StartPos, "SyntaxError", "", "invalid slice outside a subscript")
	default:
		l.unsupported(e.Start(), "this expression", "")
	}
	return l.none(e.Start())
}

func isStringConst(c *pyast.Constant) bool {
	_, ok := c.Value.(string)
	return ok
}

func isDunder(name string) bool {
	return len(name) > 4 && strings.HasPrefix(name, "__") && strings.HasSuffix(name, "__")
}

func (l *lowerer) optional(e pyast.Expr) syntax.Expr {
	if e == nil {
		return nil
	}
	return l.expr(e)
}

// subscriptKey lowers the key of x[key]; x[a:b, c] (multi-dimensional
// slicing) has no meaning outside numpy.
func (l *lowerer) subscriptKey(k pyast.Expr) syntax.Expr {
	if t, ok := k.(*pyast.Tuple); ok {
		for _, e := range t.Elts {
			if _, isSlice := e.(*pyast.Slice); isSlice {
				l.unsupported(e.Start(), "a multi-dimensional slice", "")
				return l.none(k.Start())
			}
		}
	}
	return l.expr(k)
}

func (l *lowerer) binOp(x *pyast.BinOp) syntax.Expr {
	left, right := l.expr(x.Left), l.expr(x.Right)
	if op, ok := arithOps[x.Op]; ok && (staticBool(x.Left) || staticBool(x.Right)) {
		// Starlark has no arithmetic on bools; Python treats them as 0/1.
		return l.helper("__arith", x.OpPos, l.str(op, x.OpPos), left, right)
	}
	var tok syntax.Token
	switch x.Op {
	case pyast.Add:
		tok = syntax.PLUS
	case pyast.Sub:
		tok = syntax.MINUS
	case pyast.Mult:
		tok = syntax.STAR
	case pyast.Div:
		tok = syntax.SLASH
	case pyast.FloorDiv:
		tok = syntax.SLASHSLASH
	case pyast.LShift:
		tok = syntax.LTLT
	case pyast.RShift:
		tok = syntax.GTGT
	case pyast.BitOr:
		tok = syntax.PIPE
	case pyast.BitXor:
		tok = syntax.CIRCUMFLEX
	case pyast.BitAnd:
		tok = syntax.AMP
	case pyast.Mod:
		if c, ok := x.Left.(*pyast.Constant); ok {
			switch c.Value.(type) {
			case int64, float64:
				return l.binary(syntax.PERCENT, left, right, x.OpPos)
			}
		}
		// String formatting or arithmetic, decided by the left operand.
		return l.helper("__mod", x.OpPos, left, right)
	case pyast.Pow:
		return l.helper("__pow", x.OpPos, left, right)
	default: // MatMult: only classes with __matmul__ take it
		return l.helper("__matmul", x.OpPos, left, right)
	}
	return l.binary(tok, left, right, x.OpPos)
}

// arithOps are the operators __arith takes, by their Python text.
var arithOps = map[pyast.Operator]string{
	pyast.Add: "+", pyast.Sub: "-", pyast.Mult: "*", pyast.Div: "/", pyast.FloorDiv: "//",
	pyast.Mod: "%", pyast.LShift: "<<", pyast.RShift: ">>", pyast.BitOr: "|", pyast.BitXor: "^",
	pyast.BitAnd: "&",
}

// staticBool reports an expression that is a bool by its form: True,
// False, a comparison, `not x`, or a call of bool(), isinstance(),
// issubclass(), hasattr(), callable(), any() or all().
func staticBool(e pyast.Expr) bool {
	switch x := e.(type) {
	case *pyast.Constant:
		_, ok := x.Value.(bool)
		return ok
	case *pyast.Compare:
		return true
	case *pyast.UnaryOp:
		return x.Op == pyast.Not
	case *pyast.Call:
		if n, ok := x.Func.(*pyast.Name); ok {
			switch n.ID {
			case "bool", "isinstance", "issubclass", "hasattr", "callable", "any", "all":
				return true
			}
		}
	}
	return false
}

// sequence lowers a list or tuple display; starred elements concatenate.
func (l *lowerer) sequence(p pyast.Pos, elts []pyast.Expr, tuple bool) syntax.Expr {
	starred := false
	for _, e := range elts {
		if _, ok := e.(*pyast.Starred); ok {
			starred = true
		}
	}
	if !starred {
		items := make([]syntax.Expr, len(elts))
		for i, e := range elts {
			items[i] = l.expr(e)
		}
		if tuple {
			return l.tuple(p, items...)
		}
		return l.list(p, items...)
	}
	var parts []syntax.Expr
	var run []syntax.Expr
	for _, e := range elts {
		if st, ok := e.(*pyast.Starred); ok {
			if len(run) > 0 {
				parts = append(parts, l.list(p, run...))
				run = nil
			}
			parts = append(parts, l.expr(st.Value))
			continue
		}
		run = append(run, l.expr(e))
	}
	if len(run) > 0 {
		parts = append(parts, l.list(p, run...))
	}
	out := syntax.Expr(l.helper("__list_concat", p, parts...))
	if tuple {
		out = l.helper("__tuple", p, out)
	}
	return out
}

func (l *lowerer) dictDisplay(x *pyast.Dict) syntax.Expr {
	var parts []syntax.Expr
	var run []syntax.Expr
	flush := func() {
		if len(run) > 0 || len(parts) == 0 {
			parts = append(parts, &syntax.DictExpr{Lbrace: l.pos(x.StartPos), List: run, Rbrace: l.pos(x.EndPos)})
			run = nil
		}
	}
	spread := false
	for _, it := range x.Items {
		if it.Key == nil {
			if len(run) > 0 {
				flush()
			}
			parts = append(parts, l.expr(it.Value))
			spread = true
			continue
		}
		run = append(run, &syntax.DictEntry{Key: l.expr(it.Key), Colon: l.pos(it.Colon), Value: l.expr(it.Value)})
	}
	if !spread {
		return &syntax.DictExpr{Lbrace: l.pos(x.StartPos), List: run, Rbrace: l.pos(x.EndPos)}
	}
	if len(run) > 0 {
		flush()
	}
	return l.helper("__dict_merge", x.StartPos, parts...)
}

// comprehension lowers list, set, dict and generator comprehensions. The
// first iterable is evaluated outside (as in Python); the loop variables
// shadow scope names inside.
func (l *lowerer) comprehension(p pyast.Pos, curly bool, gens []*pyast.Comprehension, body func() syntax.Expr) syntax.Expr {
	hidden := map[string]bool{}
	var clauses []syntax.Node
	pushed := false
	for i, g := range gens {
		iter := l.iterExpr(g.Iter)
		if i == 0 {
			l.fn.hidden = append(l.fn.hidden, hidden)
			pushed = true
		}
		for _, n := range targetNames(g.Target) {
			hidden[n] = true
		}
		if !simpleTarget(g.Target) {
			l.unsupported(g.Target.Start(), "this comprehension target", "")
		}
		clauses = append(clauses, &syntax.ForClause{For: l.pos(g.For), Vars: l.compTarget(g.Target), In: l.pos(g.In), X: iter})
		for j, c := range g.Ifs {
			clauses = append(clauses, &syntax.IfClause{If: l.pos(g.IfPos[j]), Cond: l.expr(c)})
		}
	}
	b := body()
	if pushed {
		l.fn.hidden = l.fn.hidden[:len(l.fn.hidden)-1]
	}
	return &syntax.Comprehension{Curly: curly, Lbrack: l.pos(p), Body: b, Clauses: clauses, Rbrack: l.pos(p)}
}

// compTarget lowers a comprehension variable list (plain names).
func (l *lowerer) compTarget(t pyast.Expr) syntax.Expr {
	switch x := t.(type) {
	case *pyast.Name:
		return l.ident(x.ID, x.StartPos)
	case *pyast.Tuple, *pyast.List:
		elts := listElts(x)
		out := make([]syntax.Expr, len(elts))
		for i, e := range elts {
			out[i] = l.compTarget(e)
		}
		return l.tuple(t.Start(), out...)
	}
	return l.targetExpr(t)
}

// iterExpr lowers the operand of a for loop or comprehension, wrapping it
// in __iter (Python's iteration over strings, instances, iterators) unless
// it is plainly a container.
func (l *lowerer) iterExpr(e pyast.Expr) syntax.Expr {
	x := l.expr(e)
	switch v := e.(type) {
	case *pyast.List, *pyast.Tuple, *pyast.Dict, *pyast.Set, *pyast.ListComp, *pyast.DictComp, *pyast.SetComp:
		return x
	case *pyast.Call:
		switch f := v.Func.(type) {
		case *pyast.Name:
			switch f.ID {
			case "range", "enumerate", "zip", "sorted", "reversed", "list", "tuple", "dict", "set", "map", "filter":
				if l.isBuiltin(f.ID) {
					return x
				}
			}
		case *pyast.Attribute:
			switch f.Attr {
			case "items", "keys", "values", "split", "rsplit", "splitlines":
				return x
			}
		}
	}
	return l.helper("__iter", e.Start(), x)
}

// isBuiltin reports that name is not rebound by the script where it is used.
func (l *lowerer) isBuiltin(name string) bool {
	r := l.resolve(name)
	if r.kind != refPlain || r.ident != name {
		return false
	}
	for fs := l.fn; fs != nil; fs = fs.parent {
		if fs.sc.bound[name] || fs.hides(name) {
			return false
		}
	}
	return true
}

func (l *lowerer) compare(c *pyast.Compare) syntax.Expr {
	return l.chain(l.expr(c.Left), c, 0)
}

// chain lowers left op_i comparator_i [op_i+1 ...]. A middle operand that
// could have side effects is evaluated once, through a lambda's parameter.
func (l *lowerer) chain(left syntax.Expr, c *pyast.Compare, i int) syntax.Expr {
	comp := c.Comparators[i]
	if i == len(c.Ops)-1 {
		return l.cmp1(c.Ops[i], left, l.expr(comp), isNone(comp), c.OpPos[i])
	}
	p := c.OpPos[i]
	if pure(comp) {
		first := l.cmp1(c.Ops[i], left, l.expr(comp), isNone(comp), p)
		return l.binary(syntax.AND, first, l.chain(l.expr(comp), c, i+1), p)
	}
	lv, mv := l.temp("__cl"), l.temp("__cm")
	body := l.binary(syntax.AND, l.cmp1(c.Ops[i], l.ident(lv, p), l.ident(mv, p), false, p), l.chainFrom(l.ident(mv, p), c, i+1, lv, mv), p)
	lam := &syntax.LambdaExpr{Lambda: l.pos(p), Params: []syntax.Expr{l.ident(lv, p), l.ident(mv, p)}, Body: body}
	return l.call(&syntax.ParenExpr{Lparen: l.pos(p), X: lam, Rparen: l.pos(p)}, p, left, l.expr(comp))
}

// chainFrom continues a chain inside a lambda whose parameters are hidden
// from name resolution.
func (l *lowerer) chainFrom(left syntax.Expr, c *pyast.Compare, i int, names ...string) syntax.Expr {
	h := map[string]bool{}
	for _, n := range names {
		h[n] = true
	}
	l.fn.hidden = append(l.fn.hidden, h)
	defer func() { l.fn.hidden = l.fn.hidden[:len(l.fn.hidden)-1] }()
	return l.chain(left, c, i)
}

// pure reports operands that may be evaluated twice.
func pure(e pyast.Expr) bool {
	switch x := e.(type) {
	case *pyast.Name, *pyast.Constant:
		return true
	case *pyast.Attribute:
		return pure(x.Value)
	case *pyast.UnaryOp:
		return pure(x.Operand)
	}
	return false
}

func isNone(e pyast.Expr) bool {
	c, ok := e.(*pyast.Constant)
	if !ok {
		return false
	}
	_, none := c.Value.(pyast.None)
	return none
}

func (l *lowerer) cmp1(op pyast.CmpOperator, x, y syntax.Expr, yNone bool, p pyast.Pos) syntax.Expr {
	switch op {
	case pyast.Eq, pyast.NotEq:
		tok := syntax.EQL
		if op == pyast.NotEq {
			tok = syntax.NEQ
		}
		if scalarLiteral(x) || scalarLiteral(y) {
			return l.binary(tok, x, y, p)
		}
		// Two arbitrary values: a shared container must equal a plain one
		// with the same contents, which Starlark's == cannot see.
		eq := syntax.Expr(l.helper("__eq", p, x, y))
		if op == pyast.NotEq {
			eq = &syntax.UnaryExpr{OpPos: l.pos(p), Op: syntax.NOT, X: eq}
		}
		return eq
	case pyast.Lt:
		return l.binary(syntax.LT, x, y, p)
	case pyast.LtE:
		return l.binary(syntax.LE, x, y, p)
	case pyast.Gt:
		return l.binary(syntax.GT, x, y, p)
	case pyast.GtE:
		return l.binary(syntax.GE, x, y, p)
	case pyast.In:
		return l.binary(syntax.IN, x, y, p)
	case pyast.NotIn:
		return l.binary(syntax.NOT_IN, x, y, p)
	case pyast.Is, pyast.IsNot:
		// None equals only None, so `is None` is exactly == None.
		if yNone || isNoneIdent(x) {
			if op == pyast.Is {
				return l.binary(syntax.EQL, x, y, p)
			}
			return l.binary(syntax.NEQ, x, y, p)
		}
		is := l.helper("__is", p, x, y)
		if op == pyast.Is {
			return is
		}
		return &syntax.UnaryExpr{OpPos: l.pos(p), Op: syntax.NOT, X: is}
	}
	return l.none(p)
}

// scalarLiteral reports a lowered number, string, bool or None literal:
// comparing with one needs no container equality.
func scalarLiteral(e syntax.Expr) bool {
	switch x := e.(type) {
	case *syntax.Literal:
		return true
	case *syntax.Ident:
		return x.Name == "None" || x.Name == "True" || x.Name == "False"
	case *syntax.UnaryExpr:
		_, ok := x.X.(*syntax.Literal)
		return ok && x.Op == syntax.MINUS
	}
	return false
}

func isNoneIdent(e syntax.Expr) bool {
	id, ok := e.(*syntax.Ident)
	return ok && id.Name == "None"
}

// callExpr lowers a call. Starlark wants positional, named, *args, **kwargs
// in that order and at most one of each star; other Python shapes are
// rewritten to concatenations.
func (l *lowerer) callExpr(c *pyast.Call) syntax.Expr {
	if n, ok := c.Func.(*pyast.Name); ok && n.ID == "super" && len(c.Args) == 0 && len(c.Keywords) == 0 && l.isBuiltin("super") {
		return l.superCall(c)
	}
	args := l.callArgs(c)
	if a, ok := c.Func.(*pyast.Attribute); ok && pyrt.IsPythonMethod(a.Attr) {
		all := append([]syntax.Expr{l.expr(a.Value), l.str(a.Attr, a.AttrPos)}, args...)
		return &syntax.CallExpr{Fn: l.ident("__callm", a.AttrPos), Lparen: l.pos(c.Lparen), Args: all, Rparen: l.pos(c.Rparen)}
	}
	return &syntax.CallExpr{Fn: l.expr(c.Func), Lparen: l.pos(c.Lparen), Args: args, Rparen: l.pos(c.Rparen)}
}

func (l *lowerer) callArgs(c *pyast.Call) []syntax.Expr {
	var positional, named []syntax.Expr
	var starParts []syntax.Expr
	var run []syntax.Expr
	seenStar := false
	for _, a := range c.Args {
		if st, ok := a.(*pyast.Starred); ok {
			if len(run) > 0 {
				starParts = append(starParts, l.list(a.Start(), run...))
				run = nil
			}
			starParts = append(starParts, l.expr(st.Value))
			seenStar = true
			continue
		}
		if seenStar {
			run = append(run, l.expr(a))
		} else {
			positional = append(positional, l.expr(a))
		}
	}
	if len(run) > 0 {
		starParts = append(starParts, l.list(c.Lparen, run...))
	}
	var kwParts []syntax.Expr
	for _, k := range c.Keywords {
		if k.Name == "" {
			kwParts = append(kwParts, l.expr(k.Value))
			continue
		}
		named = append(named, l.kwarg(k.Name, l.expr(k.Value), k.StartPos))
	}
	out := append(positional, named...)
	switch len(starParts) {
	case 0:
	case 1:
		out = append(out, &syntax.UnaryExpr{OpPos: l.pos(c.Lparen), Op: syntax.STAR, X: starParts[0]})
	default:
		out = append(out, &syntax.UnaryExpr{OpPos: l.pos(c.Lparen), Op: syntax.STAR, X: l.helper("__list_concat", c.Lparen, starParts...)})
	}
	switch len(kwParts) {
	case 0:
	case 1:
		out = append(out, &syntax.UnaryExpr{OpPos: l.pos(c.Lparen), Op: syntax.STARSTAR, X: kwParts[0]})
	default:
		out = append(out, &syntax.UnaryExpr{OpPos: l.pos(c.Lparen), Op: syntax.STARSTAR, X: l.helper("__dict_merge", c.Lparen, kwParts...)})
	}
	return out
}

// fstring lowers an f-string to "".join of its parts, each field through
// __format(value, conversion, spec).
func (l *lowerer) fstring(js *pyast.JoinedStr) syntax.Expr {
	var parts []syntax.Expr
	for _, v := range js.Values {
		switch x := v.(type) {
		case *pyast.Constant:
			parts = append(parts, l.constant(x))
		case *pyast.FormattedValue:
			conv := ""
			if x.Conversion != pyast.ConvNone {
				conv = string(rune(x.Conversion))
			}
			var spec syntax.Expr = l.str("", x.StartPos)
			if x.FormatSpec != nil {
				spec = l.fstring(x.FormatSpec)
			}
			parts = append(parts, l.helper("__format", x.StartPos, l.expr(x.Value), l.str(conv, x.StartPos), spec))
		default:
			parts = append(parts, l.expr(v))
		}
	}
	switch len(parts) {
	case 0:
		return l.str("", js.StartPos)
	case 1:
		return parts[0]
	}
	join := &syntax.DotExpr{X: l.str("", js.StartPos), Dot: l.pos(js.StartPos), NamePos: l.pos(js.StartPos), Name: l.ident("join", js.StartPos)}
	return l.call(join, js.StartPos, l.list(js.StartPos, parts...))
}
