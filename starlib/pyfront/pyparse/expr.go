package pyparse

import (
	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// Expressions, by CPython 3.12's grammar rules. Each node's Span starts at the first token its
// rule consumed (so "(a) + b" starts at the parenthesis while the Name a does not) and ends at
// the last, which is how CPython computes positions.

// canStartExpr reports whether a token of kind k can begin an expression.
func canStartExpr(k tokKind) bool {
	switch k {
	case tName, tNumber, tString, tFStringStart, tLParen, tLBrack, tLBrace, tMinus, tPlus,
		tTilde, tNot, tLambda, tAwait, tNone, tTrue, tFalse, tEllipsis, tStar, tYield:
		return true
	}
	return false
}

// startsBitwiseOr reports whether a token of kind k can begin an operand of '|' (a
// "bitwise_or" in the grammar), as opposed to not, lambda, yield or a starred expression.
func startsBitwiseOr(k tokKind) bool {
	switch k {
	case tNot, tLambda, tStar, tYield, tAwait:
		return false
	}
	return canStartExpr(k)
}

// starExpressions parses star_expressions: one or more expressions or *x, separated by commas,
// which make a Tuple (without parentheses) when there is a comma.
func (p *parser) starExpressions() pyast.Expr {
	start := p.tok().pos
	first := p.starExpression()
	if !p.is(tComma) {
		return first
	}
	elts := []pyast.Expr{first}
	for p.is(tComma) {
		p.next()
		if !canStartExpr(p.tok().kind) || p.is(tYield) {
			break
		}
		elts = append(elts, p.starExpression())
	}
	return &pyast.Tuple{Span: p.span(start), Elts: elts}
}

func (p *parser) starExpression() pyast.Expr {
	if p.is(tStar) {
		return p.starred()
	}
	return p.expression()
}

func (p *parser) starNamedExpression() pyast.Expr {
	if p.is(tStar) {
		return p.starred()
	}
	return p.namedExpression(true)
}

// starred parses "*x" where x is an operand of '|', as in displays, calls and targets.
func (p *parser) starred() pyast.Expr {
	start := p.next().pos
	x := p.bitwiseOr()
	return &pyast.Starred{Span: p.span(start), Value: x}
}

// namedExpression parses "name := value" or an expression. With explain set, a ':=' after
// something other than a name gets CPython's message (a call argument gets plain invalid
// syntax there, as in CPython).
func (p *parser) namedExpression(explain bool) pyast.Expr {
	if t := p.tok(); t.kind == tName && p.peek(1) == tColonEqual {
		p.next()
		op := p.next().pos
		value := p.expression()
		target := &pyast.Name{Span: pyast.Span{StartPos: t.pos, EndPos: t.end}, ID: t.text, Ctx: pyast.Store}
		return &pyast.NamedExpr{Span: p.span(t.pos), Target: target, OpPos: op, Value: value}
	}
	x := p.expression()
	if explain && p.is(tColonEqual) {
		p.failAt(x.Start(), "cannot use assignment expressions with %s", exprName(x))
	}
	return x
}

// equalsHint explains a '=' found after the expression x where no assignment can be, as
// CPython does: "if x = 1:", "[a, b = 2]".
func (p *parser) equalsHint(x pyast.Expr) {
	// CPython guesses only when an operand of '|' follows the '=', and the lookahead that
	// takes decides whether an unclosed bracket is reported instead (see finalError).
	if !p.probe(func() { p.next(); p.bitwiseOr() }) {
		p.unexpected()
	}
	switch x := x.(type) {
	case *pyast.Name:
		p.failAt(x.Start(), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
	case *pyast.List, *pyast.Tuple, *pyast.GeneratorExp:
		p.unexpected()
	case *pyast.Constant:
		switch x.Value.(type) {
		case bool, pyast.None:
			p.unexpected()
		}
	}
	if isBitwiseLevel(x) {
		p.failAt(x.Start(), "cannot assign to %s here. Maybe you meant '==' instead of '='?", exprName(x))
	}
	p.unexpected()
}

// expression parses a conditional expression, a lambda, or a disjunction.
func (p *parser) expression() pyast.Expr {
	p.enter()
	defer p.leave()
	quietElse := p.noElseGuess
	p.noElseGuess = false
	if p.is(tLambda) {
		return p.lambda()
	}
	start := p.tok().pos
	body := p.disjunction()
	if !p.is(tIf) {
		return body
	}
	ifPos := p.next().pos
	var test pyast.Expr
	if !p.speculate(func() { test = p.disjunction() }) {
		// CPython backtracks to the longest test that parses ("b" in "a if b < else c"),
		// which the else cannot follow; when no test parses at all, it makes no guess.
		if quietElse || !p.probeAtom() {
			p.unexpected()
		}
		p.failAt(body.Start(), "expected 'else' after 'if' expression")
	}
	if !p.is(tElse) {
		if p.is(tColon) || quietElse {
			p.unexpected() // more likely an if statement inside unclosed brackets
		}
		p.failAt(body.Start(), "expected 'else' after 'if' expression")
	}
	elsePos := p.next().pos
	orelse := p.expression()
	return &pyast.IfExp{Span: p.span(start), Body: body, If: ifPos, Test: test, Else: elsePos, OrElse: orelse}
}

func (p *parser) yieldExpr() pyast.Expr {
	start := p.next().pos
	if _, ok := p.accept(tFrom); ok {
		x := p.expression()
		return &pyast.YieldFrom{Span: p.span(start), Value: x}
	}
	var value pyast.Expr
	if canStartExpr(p.tok().kind) && !p.is(tYield) {
		value = p.starExpressions()
	}
	return &pyast.Yield{Span: p.span(start), Value: value}
}

func (p *parser) boolOp(kind tokKind, op pyast.BoolOperator, operand func() pyast.Expr) pyast.Expr {
	start := p.tok().pos
	first := operand()
	if !p.is(kind) {
		return first
	}
	b := &pyast.BoolOp{Op: op, Values: []pyast.Expr{first}}
	for p.is(kind) {
		b.OpPos = append(b.OpPos, p.next().pos)
		b.Values = append(b.Values, operand())
	}
	b.Span = p.span(start)
	return b
}

func (p *parser) disjunction() pyast.Expr { return p.boolOp(tOr, pyast.Or, p.conjunction) }
func (p *parser) conjunction() pyast.Expr { return p.boolOp(tAnd, pyast.And, p.inversion) }

func (p *parser) inversion() pyast.Expr {
	if !p.is(tNot) {
		return p.comparison()
	}
	p.enter()
	defer p.leave()
	start := p.next().pos
	x := p.inversion()
	return &pyast.UnaryOp{Span: p.span(start), Op: pyast.Not, Operand: x}
}

// compareOp returns the comparison operator at the current token, and how many tokens it
// spans ("not in" and "is not" are two).
func (p *parser) compareOp() (pyast.CmpOperator, int, bool) {
	switch p.tok().kind {
	case tEqEqual:
		return pyast.Eq, 1, true
	case tNotEqual:
		return pyast.NotEq, 1, true
	case tLess:
		return pyast.Lt, 1, true
	case tLessEqual:
		return pyast.LtE, 1, true
	case tGreater:
		return pyast.Gt, 1, true
	case tGreaterEqual:
		return pyast.GtE, 1, true
	case tIn:
		return pyast.In, 1, true
	case tNot:
		if p.peek(1) == tIn {
			return pyast.NotIn, 2, true
		}
	case tIs:
		if p.peek(1) == tNot {
			return pyast.IsNot, 2, true
		}
		return pyast.Is, 1, true
	}
	return 0, 0, false
}

func (p *parser) comparison() pyast.Expr {
	start := p.tok().pos
	left := p.bitwiseOr()
	op, n, ok := p.compareOp()
	if !ok {
		return left
	}
	c := &pyast.Compare{Left: left}
	for ok {
		c.OpPos = append(c.OpPos, p.tok().pos)
		for ; n > 0; n-- {
			p.next()
		}
		c.Ops = append(c.Ops, op)
		c.Comparators = append(c.Comparators, p.bitwiseOr())
		op, n, ok = p.compareOp()
	}
	c.Span = p.span(start)
	return c
}

// Binary operator levels, loosest first.
const (
	levelOr = iota
	levelXor
	levelAnd
	levelShift
	levelSum
	levelTerm
	levelFactor
)

func binaryOp(level int, k tokKind) (pyast.Operator, bool) {
	switch level {
	case levelOr:
		return pyast.BitOr, k == tVBar
	case levelXor:
		return pyast.BitXor, k == tCircumflex
	case levelAnd:
		return pyast.BitAnd, k == tAmper
	case levelShift:
		switch k {
		case tLShift:
			return pyast.LShift, true
		case tRShift:
			return pyast.RShift, true
		}
	case levelSum:
		switch k {
		case tPlus:
			return pyast.Add, true
		case tMinus:
			return pyast.Sub, true
		}
	case levelTerm:
		switch k {
		case tStar:
			return pyast.Mult, true
		case tSlash:
			return pyast.Div, true
		case tDoubleSlash:
			return pyast.FloorDiv, true
		case tPercent:
			return pyast.Mod, true
		case tAt:
			return pyast.MatMult, true
		}
	}
	return 0, false
}

func (p *parser) bitwiseOr() pyast.Expr { return p.binary(levelOr) }

// binary parses the left-associative binary operators from level down to unary operators.
func (p *parser) binary(level int) pyast.Expr {
	if level == levelFactor {
		return p.factor()
	}
	start := p.tok().pos
	left := p.binary(level + 1)
	for {
		op, ok := binaryOp(level, p.tok().kind)
		if !ok {
			return left
		}
		opPos := p.next().pos
		right := p.binary(level + 1)
		left = &pyast.BinOp{Span: p.span(start), Left: left, Op: op, OpPos: opPos, Right: right}
	}
}

// factor parses unary + - ~, which bind looser than ** on their right: -2**2 is -(2**2).
func (p *parser) factor() pyast.Expr {
	var op pyast.UnaryOperator
	switch p.tok().kind {
	case tPlus:
		op = pyast.UAdd
	case tMinus:
		op = pyast.USub
	case tTilde:
		op = pyast.Invert
	default:
		return p.power()
	}
	p.enter()
	defer p.leave()
	start := p.next().pos
	x := p.factor()
	return &pyast.UnaryOp{Span: p.span(start), Op: op, Operand: x}
}

// power parses "primary ** factor"; ** is right-associative and binds tighter than a unary
// operator on its left but looser than one on its right (2**-1).
func (p *parser) power() pyast.Expr {
	start := p.tok().pos
	x := p.primary()
	if !p.is(tDoubleStar) {
		return x
	}
	opPos := p.next().pos
	p.enter()
	right := p.factor()
	p.leave()
	return &pyast.BinOp{Span: p.span(start), Left: x, Op: pyast.Pow, OpPos: opPos, Right: right}
}

// primary parses an atom followed by attribute references, calls and subscripts.
func (p *parser) primary() pyast.Expr {
	if p.is(tAwait) {
		p.unexpected()
	}
	start := p.tok().pos
	x := p.atom()
	for {
		switch p.tok().kind {
		case tDot:
			dot := p.next().pos
			name := p.expect(tName)
			x = &pyast.Attribute{Span: p.span(start), Value: x, Dot: dot, Attr: name.text, AttrPos: name.pos}
		case tLParen:
			call := &pyast.Call{Func: x, Lparen: p.next().pos}
			call.Args, call.Keywords = p.arguments(true)
			call.Rparen = p.expect(tRParen).pos
			call.Span = p.span(start)
			if len(call.Args) == 1 {
				if g, ok := call.Args[0].(*pyast.GeneratorExp); ok && g.Start() == call.Lparen {
					// A generator that is the only argument shares the call's parentheses.
					g.EndPos = p.prevEnd
				}
			}
			x = call
		case tLBrack:
			lbrack := p.next().pos
			slice := p.slices()
			last := slice
			if t, ok := slice.(*pyast.Tuple); ok && !t.Parens && len(t.Elts) > 0 {
				last = t.Elts[len(t.Elts)-1]
			}
			rbrack := p.closeBracket(tRBrack, last).pos
			x = &pyast.Subscript{Span: p.span(start), Value: x, Lbrack: lbrack, Slice: slice, Rbrack: rbrack}
		default:
			return x
		}
	}
}

// slices parses the inside of a subscript: one item, or items separated by commas (a Tuple).
func (p *parser) slices() pyast.Expr {
	start := p.tok().pos
	first := p.sliceItem()
	if !p.is(tComma) {
		if _, ok := first.(*pyast.Starred); ok {
			// a[*b] indexes with the tuple (*b,), as CPython builds it.
			return &pyast.Tuple{Span: p.span(start), Elts: []pyast.Expr{first}}
		}
		return first
	}
	elts := []pyast.Expr{first}
	for p.is(tComma) {
		p.next()
		if p.is(tRBrack) {
			break
		}
		elts = append(elts, p.sliceItem())
	}
	return &pyast.Tuple{Span: p.span(start), Elts: elts}
}

func (p *parser) sliceItem() pyast.Expr {
	if p.is(tStar) {
		return p.starred()
	}
	start := p.tok().pos
	var lower pyast.Expr
	if !p.is(tColon) {
		lower = p.namedExpression(true)
		if !p.is(tColon) {
			return lower
		}
	}
	s := &pyast.Slice{Lower: lower}
	p.next()
	if !p.is(tColon) && !p.is(tComma) && !p.is(tRBrack) {
		s.Upper = p.expression()
	}
	if _, ok := p.accept(tColon); ok && !p.is(tComma) && !p.is(tRBrack) {
		s.Step = p.expression()
	}
	s.Span = p.span(start)
	return s
}
