package pyparse

import "github.com/gust-load/gust/starlib/pyfront/pyast"

// Assignment targets are parsed as expressions and then checked, as CPython's grammar does
// with its invalid_* rules. The targets of for, comprehensions, with-as and del are different:
// CPython's grammar only accepts a name, attribute, subscript, starred target or bracketed
// list of them there (so "for x in y" does not read "x in y" as a comparison), and explains
// anything else in an error pass that reads an expression instead. targetElem does both.

// targetKind selects CPython's rules for explaining an invalid target.
type targetKind uint8

const (
	forTarget  targetKind = iota // for loops and comprehensions
	withTarget                   // with ... as target
	delTarget                    // del targets
)

// targetElem parses one target: "*x", a primary (name, attribute, subscript, call, display).
// When more of an expression follows, it reports the error CPython would (see targetError);
// listStart is the index of the first token of the whole target list.
func (p *parser) targetElem(listStart int, kind targetKind) pyast.Expr {
	start := p.tok().pos
	star := p.is(tStar)
	if star {
		p.next()
	}
	var x pyast.Expr
	switch k := p.tok().kind; {
	case k == tName || k == tLParen || k == tLBrack || k == tLBrace || k == tString ||
		k == tFStringStart || k == tNumber || k == tNone || k == tTrue || k == tFalse || k == tEllipsis:
		x = p.primary()
		if continuesExpression(p.tok().kind) {
			p.targetError(listStart, kind)
		}
	default:
		p.targetError(listStart, kind)
	}
	if star {
		return &pyast.Starred{Span: p.span(start), Value: x}
	}
	return x
}

// continuesExpression reports whether a token after a primary makes it part of a larger
// expression (an operator), which a target cannot be.
func continuesExpression(k tokKind) bool {
	if _, ok := binaryOp(levelTerm, k); ok {
		return true
	}
	switch k {
	case tVBar, tCircumflex, tAmper, tLShift, tRShift, tPlus, tMinus, tDoubleStar,
		tEqEqual, tNotEqual, tLess, tLessEqual, tGreater, tGreaterEqual, tIs, tNot, tIf, tAnd, tOr:
		return true
	}
	return false
}

// targetError fails on a target that is not one, the way CPython's error pass does: it reads
// the whole target list again as an expression and names the first part that cannot be
// assigned to; when that does not parse, or names nothing, the error is plain invalid syntax
// where the target stopped.
func (p *parser) targetError(listStart int, kind targetKind) {
	stop := p.i
	var parsed pyast.Expr
	p.i = listStart
	p.probe(func() {
		if kind == withTarget {
			parsed = p.expression()
			if !p.is(tComma) && !p.is(tRParen) && !p.is(tColon) {
				parsed = nil
			}
			return
		}
		parsed = p.starExpressions()
	})
	p.i = stop
	if parsed != nil {
		ctx, verb := pyast.Store, "assign to"
		if kind == delTarget {
			ctx, verb = pyast.Del, "delete"
		}
		bad, ok := invalidTarget(parsed, ctx)
		if kind == forTarget {
			bad, ok = invalidForTarget(parsed)
		}
		if ok {
			p.failAt(bad.Start(), "cannot %s %s", verb, exprName(bad))
		}
	}
	p.unexpected()
}

// invalidForTarget is invalidTarget for a for-loop target read as an expression, where
// "x + 1 in y" is a comparison whose left side is the target (CPython's FOR_TARGETS rule);
// a comparison with another operator names nothing.
func invalidForTarget(x pyast.Expr) (pyast.Expr, bool) {
	switch x := x.(type) {
	case *pyast.Compare:
		if x.Ops[0] != pyast.In {
			return nil, false
		}
		return invalidForTarget(x.Left)
	case *pyast.Starred:
		return invalidForTarget(x.Value)
	case *pyast.Tuple:
		return firstInvalidFor(x.Elts)
	case *pyast.List:
		return firstInvalidFor(x.Elts)
	}
	return invalidTarget(x, pyast.Store)
}

func firstInvalidFor(elts []pyast.Expr) (pyast.Expr, bool) {
	for _, e := range elts {
		if bad, ok := invalidForTarget(e); ok {
			return bad, true
		}
	}
	return nil, false
}

// targetList parses "t1, t2, ..." (a Tuple when there is a comma) for for-loops and
// comprehensions.
func (p *parser) targetList() pyast.Expr {
	listStart := p.i
	start := p.tok().pos
	first := p.targetElem(listStart, forTarget)
	if !p.is(tComma) {
		return first
	}
	elts := []pyast.Expr{first}
	for p.is(tComma) {
		p.next()
		if p.is(tIn) {
			break
		}
		elts = append(elts, p.targetElem(listStart, forTarget))
	}
	return &pyast.Tuple{Span: p.span(start), Elts: elts}
}

// targetElements parses the comma-separated targets of del, which stay separate.
func (p *parser) targetElements() []pyast.Expr {
	listStart := p.i
	list := []pyast.Expr{p.targetElem(listStart, delTarget)}
	for p.is(tComma) {
		p.next()
		if p.atStmtEnd() {
			break
		}
		list = append(list, p.targetElem(listStart, delTarget))
	}
	return list
}

// checkTarget fails on the first part of x that cannot be assigned to (or deleted), with
// CPython's message, and otherwise gives x and its parts the context ctx.
func (p *parser) checkTarget(x pyast.Expr, ctx pyast.Ctx) {
	if bad, ok := invalidTarget(x, ctx); ok {
		verb := "assign to"
		if ctx == pyast.Del {
			verb = "delete"
		}
		p.failAt(bad.Start(), "cannot %s %s", verb, exprName(bad))
	}
	setCtx(x, ctx)
}

// invalidTarget returns the first part of x that cannot be a target, if any.
func invalidTarget(x pyast.Expr, ctx pyast.Ctx) (pyast.Expr, bool) {
	switch x := x.(type) {
	case *pyast.Name, *pyast.Attribute, *pyast.Subscript:
		return nil, false
	case *pyast.Starred:
		if ctx == pyast.Del {
			return x, true
		}
		return invalidTarget(x.Value, ctx)
	case *pyast.Tuple:
		return firstInvalid(x.Elts, ctx)
	case *pyast.List:
		return firstInvalid(x.Elts, ctx)
	}
	return x, true
}

func firstInvalid(elts []pyast.Expr, ctx pyast.Ctx) (pyast.Expr, bool) {
	for _, e := range elts {
		if bad, ok := invalidTarget(e, ctx); ok {
			return bad, true
		}
	}
	return nil, false
}

// setCtx marks x, and the elements of tuples, lists and starred targets inside it, with ctx.
func setCtx(x pyast.Expr, ctx pyast.Ctx) {
	switch x := x.(type) {
	case *pyast.Name:
		x.Ctx = ctx
	case *pyast.Attribute:
		x.Ctx = ctx
	case *pyast.Subscript:
		x.Ctx = ctx
	case *pyast.Starred:
		x.Ctx = ctx
		setCtx(x.Value, ctx)
	case *pyast.Tuple:
		x.Ctx = ctx
		for _, e := range x.Elts {
			setCtx(e, ctx)
		}
	case *pyast.List:
		x.Ctx = ctx
		for _, e := range x.Elts {
			setCtx(e, ctx)
		}
	}
}

// isBitwiseLevel reports whether x could have been parsed as an operand of '|': not a
// comparison, boolean operation, not, conditional expression, lambda, walrus or *x.
func isBitwiseLevel(x pyast.Expr) bool {
	switch x := x.(type) {
	case *pyast.Compare, *pyast.BoolOp, *pyast.IfExp, *pyast.Lambda, *pyast.NamedExpr, *pyast.Starred:
		return false
	case *pyast.UnaryOp:
		return x.Op != pyast.Not
	case *pyast.Tuple:
		return x.Parens
	}
	return true
}

// exprName names a kind of expression the way CPython's error messages do.
func exprName(x pyast.Expr) string {
	switch x := x.(type) {
	case *pyast.Attribute:
		return "attribute"
	case *pyast.Subscript:
		return "subscript"
	case *pyast.Starred:
		return "starred"
	case *pyast.Name:
		return "name"
	case *pyast.List:
		return "list"
	case *pyast.Tuple:
		return "tuple"
	case *pyast.Lambda:
		return "lambda"
	case *pyast.Call:
		return "function call"
	case *pyast.BoolOp, *pyast.BinOp, *pyast.UnaryOp:
		return "expression"
	case *pyast.GeneratorExp:
		return "generator expression"
	case *pyast.Yield, *pyast.YieldFrom:
		return "yield expression"
	case *pyast.Await:
		return "await expression"
	case *pyast.ListComp:
		return "list comprehension"
	case *pyast.SetComp:
		return "set comprehension"
	case *pyast.DictComp:
		return "dict comprehension"
	case *pyast.Dict:
		return "dict literal"
	case *pyast.Set:
		return "set display"
	case *pyast.JoinedStr, *pyast.FormattedValue:
		return "f-string expression"
	case *pyast.Constant:
		switch v := x.Value.(type) {
		case pyast.None:
			return "None"
		case bool:
			if v {
				return "True"
			}
			return "False"
		case pyast.Ellipsis:
			return "ellipsis"
		}
		return "literal"
	case *pyast.Compare:
		return "comparison"
	case *pyast.IfExp:
		return "conditional expression"
	case *pyast.NamedExpr:
		return "named expression"
	}
	return "expression"
}
