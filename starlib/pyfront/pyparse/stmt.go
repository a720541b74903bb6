package pyparse

import (
	"fmt"
	"strings"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// statement parses one statement, or one line of simple statements, and appends it to list.
func (p *parser) statement(list []pyast.Stmt) []pyast.Stmt {
	t := p.tok()
	switch t.kind {
	case tDef, tClass, tAt:
		return append(list, p.decorated())
	case tIf:
		return append(list, p.ifStmt())
	case tWhile:
		return append(list, p.whileStmt())
	case tFor:
		return append(list, p.forStmt())
	case tTry:
		return append(list, p.tryStmt())
	case tWith:
		return append(list, p.withStmt())
	case tAsync:
		p.unsupportedAsync()
	case tName:
		if t.text == "match" && p.isMatchStatement() {
			p.failAt(t.pos, "match statements are not supported by gust")
		}
	}
	return p.simpleStmts(list)
}

// isMatchStatement tells a match statement from a use of the soft keyword "match" as a name:
// only a match statement's first line ends with ':' outside brackets.
func (p *parser) isMatchStatement() bool {
	switch p.peek(1) {
	case tEqual, tDot, tColon, tComma, tRParen, tNewline, tSemi, tColonEqual:
		return false
	}
	depth := 0
	last := tEOF
	for j := p.i + 1; j < len(p.toks); j++ {
		switch k := p.toks[j].kind; k {
		case tLParen, tLBrack, tLBrace:
			depth++
		case tRParen, tRBrack, tRBrace:
			depth--
		case tNewline, tEOF, tError:
			return last == tColon
		default:
			if depth == 0 {
				last = k
				continue
			}
		}
		last = tEOF
	}
	return false
}

// simpleStmts parses "stmt; stmt; ... NEWLINE".
func (p *parser) simpleStmts(list []pyast.Stmt) []pyast.Stmt {
	for {
		s := p.simpleStmt()
		list = append(list, s)
		if _, ok := p.accept(tSemi); ok {
			if p.is(tNewline) {
				p.next()
				return list
			}
			continue
		}
		if !p.is(tNewline) {
			switch s.(type) {
			case *pyast.ExprStmt, *pyast.Assign, *pyast.AugAssign, *pyast.AnnAssign, *pyast.Return:
				p.probeExpression()
			}
			p.unexpected()
		}
		p.next()
		return list
	}
}

// atStmtEnd reports whether the current token ends a simple statement.
func (p *parser) atStmtEnd() bool {
	switch p.tok().kind {
	case tNewline, tSemi, tEOF:
		return true
	}
	return false
}

func (p *parser) simpleStmt() pyast.Stmt {
	t := p.tok()
	start := t.pos
	switch t.kind {
	case tPass:
		p.next()
		return &pyast.Pass{Span: p.span(start)}
	case tBreak:
		p.next()
		return &pyast.Break{Span: p.span(start)}
	case tContinue:
		p.next()
		return &pyast.Continue{Span: p.span(start)}
	case tReturn:
		p.next()
		var value pyast.Expr
		if !p.atStmtEnd() {
			value = p.starExpressions()
		}
		return &pyast.Return{Span: p.span(start), Value: value}
	case tRaise:
		return p.raiseStmt()
	case tGlobal, tNonlocal:
		p.next()
		var names []string
		var poss []pyast.Pos
		for {
			n := p.expect(tName)
			names, poss = append(names, n.text), append(poss, n.pos)
			if _, ok := p.accept(tComma); !ok {
				break
			}
		}
		if t.kind == tGlobal {
			return &pyast.Global{Span: p.span(start), Names: names, NamePos: poss}
		}
		return &pyast.Nonlocal{Span: p.span(start), Names: names, NamePos: poss}
	case tDel:
		p.next()
		targets := p.targetElements()
		for _, x := range targets {
			p.checkTarget(x, pyast.Del)
		}
		return &pyast.Delete{Span: p.span(start), Targets: targets}
	case tAssert:
		p.next()
		test := p.expression()
		var msg pyast.Expr
		if _, ok := p.accept(tComma); ok {
			msg = p.expression()
		}
		return &pyast.Assert{Span: p.span(start), Test: test, Msg: msg}
	case tImport:
		return p.importStmt()
	case tFrom:
		return p.fromImport()
	case tName:
		if t.text == "type" && p.peek(1) == tName && (p.peek(2) == tEqual || p.peek(2) == tLBrack) {
			p.failAt(t.pos, "type alias statements are not supported by gust")
		}
	}
	return p.exprOrAssign()
}

func (p *parser) raiseStmt() pyast.Stmt {
	start := p.next().pos
	r := &pyast.Raise{}
	if !p.atStmtEnd() {
		r.Exc = p.expression()
		if from, ok := p.accept(tFrom); ok {
			r.From = from.pos
			r.Cause = p.expression()
		}
	}
	r.Span = p.span(start)
	return r
}

// rhs parses the right-hand side of an assignment: a yield expression or star expressions.
func (p *parser) rhs() pyast.Expr {
	if p.is(tYield) {
		return p.yieldExpr()
	}
	return p.starExpressions()
}

// exprOrAssign parses an expression statement or an assignment of any of the three kinds.
func (p *parser) exprOrAssign() pyast.Stmt {
	first := p.tok()
	start := first.pos
	startsWithYield := first.kind == tYield
	lhs := p.rhs()
	k := p.tok().kind
	switch op, isAug := augOperator(k); {
	case k == tEqual:
		return p.assign(start, lhs, startsWithYield)
	case k == tColon:
		return p.annAssign(start, lhs, first.kind == tName)
	case isAug:
		switch lhs.(type) {
		case *pyast.Name, *pyast.Attribute, *pyast.Subscript:
		default:
			p.failAt(lhs.Start(), "'%s' is an illegal expression for augmented assignment", exprName(lhs))
		}
		setCtx(lhs, pyast.Store)
		opPos := p.next().pos
		value := p.rhs()
		return &pyast.AugAssign{Span: p.span(start), Target: lhs, Op: op, OpPos: opPos, Value: value}
	}
	if n, ok := lhs.(*pyast.Name); ok && (n.ID == "print" || n.ID == "exec") && n.Start() == start && canStartExpr(p.tok().kind) {
		p.failAt(start, "Missing parentheses in call to '%s'. Did you mean %s(...)?", n.ID, n.ID)
	}
	return &pyast.ExprStmt{Span: p.span(start), Value: lhs}
}

func (p *parser) assign(start pyast.Pos, first pyast.Expr, startsWithYield bool) pyast.Stmt {
	if startsWithYield {
		p.failAt(start, "assignment to yield expression not possible")
	}
	if _, bad := invalidTarget(first, pyast.Store); bad {
		if _, guess := meantEqualsCandidate(first); !guess {
			// No guess of CPython's needs what follows the '=', so it reports the target
			// without reading further ("not a = \" is about "not a", not the backslash).
			p.checkTarget(first, pyast.Store)
		}
	}
	targets := []pyast.Expr{first}
	var eqs []pyast.Pos
	var value pyast.Expr
	var firstValueTok *token
	for p.is(tEqual) {
		eqs = append(eqs, p.next().pos)
		if firstValueTok == nil {
			firstValueTok = p.tok()
		}
		if !p.speculate(func() { value = p.rhs() }) {
			// CPython judges "target =" before it reads what follows, so an invalid target
			// is the error even when the rest does not parse ("f() = .x").
			if len(targets) > 1 {
				p.explainTargets(targets, firstValueTok, targets[1])
			}
			for _, t := range targets {
				p.checkTarget(t, pyast.Store)
			}
			value = p.rhs() // fails again, with the error of the value
		}
		if p.is(tEqual) {
			targets = append(targets, value)
		}
	}
	afterEq := value
	if len(targets) > 1 {
		afterEq = targets[1]
	}
	p.explainTargets(targets, firstValueTok, afterEq)
	for i, t := range targets {
		if y, ok := t.(*pyast.Yield); ok && i > 0 {
			p.failAt(y.Start(), "assignment to yield expression not possible")
		}
		p.checkTarget(t, pyast.Store)
	}
	return &pyast.Assign{Span: p.span(start), Targets: targets, EqPos: eqs, Value: value}
}

// explainTargets tries CPython's guesses for an assignment with an invalid target.
// afterEq is what followed the first '=', which starts at firstValueTok.
func (p *parser) explainTargets(targets []pyast.Expr, firstValueTok *token, afterEq pyast.Expr) {
	if _, bad := firstInvalid(targets, pyast.Store); !bad {
		return
	}
	// CPython's guess needs an operand of '|' after the first '=' that is not itself
	// followed by '=' (as in "a = b = c").
	if startsBitwiseOr(firstValueTok.kind) && !(len(targets) > 1 && isBitwiseLevel(afterEq)) {
		p.maybeMeantEquals(targets[0])
	}
}

// maybeMeantEquals reproduces CPython's guesses for a statement "a = b" whose target is invalid:
// it looks at the expression right before '=' (the last element of an unparenthesised tuple).
func (p *parser) maybeMeantEquals(target pyast.Expr) {
	last, ok := meantEqualsCandidate(target)
	if !ok {
		return
	}
	if _, isName := last.(*pyast.Name); isName {
		p.failAt(last.Start(), "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
	}
	if _, bad := invalidTarget(last, pyast.Store); bad {
		p.failAt(last.Start(), "cannot assign to %s here. Maybe you meant '==' instead of '='?", exprName(last))
	}
}

// meantEqualsCandidate returns the expression right before the first '=' of an assignment
// whose first target is target, if CPython's "Maybe you meant '=='" rules look at it: a name or
// an operand of '|' that is not a list, tuple, generator, True, False or None.
func meantEqualsCandidate(target pyast.Expr) (pyast.Expr, bool) {
	last := target
	if t, ok := target.(*pyast.Tuple); ok && !t.Parens && len(t.Elts) > 0 {
		last = t.Elts[len(t.Elts)-1]
		if last.End() != t.End() {
			return nil, false // "a, = ...": a trailing comma, not the expression, comes before '='
		}
	}
	switch x := last.(type) {
	case *pyast.List, *pyast.Tuple, *pyast.GeneratorExp, *pyast.Starred,
		*pyast.Compare, *pyast.BoolOp, *pyast.IfExp, *pyast.Lambda:
		return nil, false
	case *pyast.UnaryOp:
		if x.Op == pyast.Not {
			return nil, false
		}
	case *pyast.Constant:
		switch x.Value.(type) {
		case bool, pyast.None:
			return nil, false
		}
	}
	return last, true
}

func (p *parser) annAssign(start pyast.Pos, target pyast.Expr, startsWithName bool) pyast.Stmt {
	if _, bad := invalidTarget(target, pyast.Store); bad {
		// Without an annotation after the ':' CPython does not try to explain the target;
		// it looks at that token only in its error pass.
		next := p.peekQuietly(1)
		if !startsBitwiseOr(next) && next != tNot && next != tLambda {
			p.unexpected()
		}
	}
	switch x := target.(type) {
	case *pyast.Name, *pyast.Attribute, *pyast.Subscript:
	case *pyast.Tuple:
		pos := x.Start()
		if !x.Parens && len(x.Elts) > 0 {
			pos = x.Elts[0].Start()
		}
		p.failAt(pos, "only single target (not tuple) can be annotated")
	case *pyast.List:
		p.failAt(x.Start(), "only single target (not list) can be annotated")
	default:
		p.failAt(x.Start(), "illegal target for annotation")
	}
	setCtx(target, pyast.Store)
	_, isName := target.(*pyast.Name)
	a := &pyast.AnnAssign{Target: target, Colon: p.next().pos, Simple: isName && startsWithName}
	annStart := p.tok().pos
	a.Annotation = &pyast.Annotation{X: p.expression()}
	a.Annotation.Span = p.span(annStart)
	if eq, ok := p.accept(tEqual); ok {
		a.Eq = eq.pos
		a.Value = p.rhs()
	}
	a.Span = p.span(start)
	return a
}

// dottedName parses NAME ('.' NAME)*.
func (p *parser) dottedName() string {
	var b strings.Builder
	b.WriteString(p.expect(tName).text)
	for p.is(tDot) {
		p.next()
		b.WriteByte('.')
		b.WriteString(p.expect(tName).text)
	}
	return b.String()
}

func (p *parser) importStmt() pyast.Stmt {
	start := p.next().pos
	imp := &pyast.Import{}
	for {
		aStart := p.tok().pos
		a := &pyast.Alias{Name: p.dottedName()}
		p.aliasAs(a)
		a.Span = p.span(aStart)
		imp.Names = append(imp.Names, a)
		if _, ok := p.accept(tComma); !ok {
			break
		}
	}
	imp.Span = p.span(start)
	return imp
}

func (p *parser) aliasAs(a *pyast.Alias) {
	if _, ok := p.accept(tAs); ok {
		n := p.expect(tName)
		a.AsName, a.AsNamePos = n.text, n.pos
	}
}

func (p *parser) fromImport() pyast.Stmt {
	start := p.next().pos
	imp := &pyast.ImportFrom{}
	for {
		if _, ok := p.accept(tDot); ok {
			imp.Level++
		} else if _, ok := p.accept(tEllipsis); ok {
			imp.Level += 3
		} else {
			break
		}
	}
	if !p.is(tImport) || imp.Level == 0 {
		imp.ModulePos = p.tok().pos
		imp.Module = p.dottedName()
	}
	p.expect(tImport)
	switch {
	case p.is(tStar):
		t := p.next()
		imp.Names = []*pyast.Alias{{Span: pyast.Span{StartPos: t.pos, EndPos: t.end}, Name: "*"}}
	case p.is(tLParen):
		p.next()
		for {
			imp.Names = append(imp.Names, p.importAlias())
			if _, ok := p.accept(tComma); !ok || p.is(tRParen) {
				break
			}
		}
		p.expect(tRParen)
	default:
		for {
			imp.Names = append(imp.Names, p.importAlias())
			if _, ok := p.accept(tComma); !ok {
				break
			}
			if p.atStmtEnd() {
				p.failAt(p.tok().pos, "trailing comma not allowed without surrounding parentheses")
			}
		}
	}
	imp.Span = p.span(start)
	return imp
}

func (p *parser) importAlias() *pyast.Alias {
	n := p.expect(tName)
	a := &pyast.Alias{Name: n.text}
	p.aliasAs(a)
	a.Span = p.span(n.pos)
	return a
}

// blockWhat names a compound statement in "expected an indented block after ..." messages.
func blockWhat(k tokKind) string {
	switch k {
	case tDef:
		return "function definition"
	case tClass:
		return "class definition"
	}
	return fmt.Sprintf("'%s' statement", keywordText(k))
}

func keywordText(k tokKind) string {
	switch k {
	case tIf:
		return "if"
	case tElif:
		return "elif"
	case tElse:
		return "else"
	case tFor:
		return "for"
	case tWhile:
		return "while"
	case tWith:
		return "with"
	case tTry:
		return "try"
	case tExcept:
		return "except"
	case tFinally:
		return "finally"
	}
	return "?"
}

// block parses the body after a compound statement's ':': an indented block, or simple
// statements on the same line. header is the keyword that opened the statement.
func (p *parser) block(header token) []pyast.Stmt {
	if !p.is(tNewline) {
		return p.simpleStmts(nil)
	}
	p.next()
	if !p.is(tIndent) {
		p.failKind(p.tok().pos, KindIndentation, fmt.Sprintf(
			"expected an indented block after %s on line %d", blockWhat(header.kind), header.pos.Line))
	}
	p.next()
	var body []pyast.Stmt
	for !p.is(tDedent) && !p.is(tEOF) {
		body = p.statement(body)
	}
	p.next()
	return body
}
