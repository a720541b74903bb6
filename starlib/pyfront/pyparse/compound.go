package pyparse

import "github.com/gust-load/gust/starlib/pyfront/pyast"

// decorated parses a def or class with any decorators above it.
func (p *parser) decorated() pyast.Stmt {
	var decs []*pyast.Decorator
	for p.is(tAt) {
		at := p.next().pos
		x := p.namedExpression(true)
		if p.is(tEqual) {
			p.equalsHint(x)
		}
		if !p.is(tNewline) {
			p.probeExpression() // for the error CPython's second pass would find
		}
		decs = append(decs, &pyast.Decorator{Span: p.span(at), At: at, X: x})
		p.expect(tNewline)
	}
	switch p.tok().kind {
	case tDef:
		return p.funcDef(decs)
	case tClass:
		return p.classDef(decs)
	case tAsync:
		p.unsupportedAsync()
	}
	p.unexpected()
	return nil
}

func (p *parser) funcDef(decs []*pyast.Decorator) pyast.Stmt {
	kw := p.next()
	f := &pyast.FunctionDef{Decorators: decs, Def: kw.pos}
	name := p.expect(tName)
	f.Name, f.NamePos = name.text, name.pos
	if p.is(tLBrack) {
		p.failAt(p.tok().pos, "type parameter lists (generic functions) are not supported by gust")
	}
	if !p.is(tLParen) {
		p.failAt(p.tok().pos, "expected '('")
	}
	f.Lparen = p.next().pos
	f.Args = p.parameters(tRParen, true)
	f.Rparen = p.expect(tRParen).pos
	if arrow, ok := p.accept(tRArrow); ok {
		f.Arrow = arrow.pos
		start := p.tok().pos
		x := p.expression()
		f.Returns = &pyast.Annotation{Span: p.span(start), X: x}
	}
	f.Colon = p.expectColon()
	f.Body = p.block(kw)
	f.Span = p.span(kw.pos)
	return f
}

func (p *parser) classDef(decs []*pyast.Decorator) pyast.Stmt {
	kw := p.next()
	c := &pyast.ClassDef{Decorators: decs, Class: kw.pos}
	name := p.expect(tName)
	c.Name, c.NamePos = name.text, name.pos
	if p.is(tLBrack) {
		p.failAt(p.tok().pos, "type parameter lists (generic classes) are not supported by gust")
	}
	if lp, ok := p.accept(tLParen); ok {
		c.Lparen = lp.pos
		c.Bases, c.Keywords = p.arguments(false)
		c.Rparen = p.expect(tRParen).pos
	}
	c.Colon = p.expectHeaderColon()
	c.Body = p.block(kw)
	c.Span = p.span(kw.pos)
	return c
}

// condition parses the test of if, elif and while, and explains a '=' found after it.
func (p *parser) condition() pyast.Expr {
	x := p.namedExpression(true)
	if p.is(tEqual) {
		p.equalsHint(x)
	}
	return x
}

func (p *parser) ifStmt() pyast.Stmt {
	kw := p.next()
	s := &pyast.If{If: kw.pos, Elif: kw.kind == tElif}
	s.Test = p.condition()
	s.Colon = p.expectHeaderColon()
	s.Body = p.block(kw)
	switch p.tok().kind {
	case tElif:
		s.OrElse = []pyast.Stmt{p.ifStmt()}
	case tElse:
		s.Else, s.OrElse = p.elseBlock()
	}
	s.Span = p.span(kw.pos)
	return s
}

func (p *parser) elseBlock() (pyast.Pos, []pyast.Stmt) {
	kw := p.next()
	p.expectColon()
	return kw.pos, p.block(kw)
}

func (p *parser) whileStmt() pyast.Stmt {
	kw := p.next()
	s := &pyast.While{While: kw.pos}
	s.Test = p.condition()
	s.Colon = p.expectHeaderColon()
	s.Body = p.block(kw)
	if p.is(tElse) {
		s.Else, s.OrElse = p.elseBlock()
	}
	s.Span = p.span(kw.pos)
	return s
}

func (p *parser) forStmt() pyast.Stmt {
	kw := p.next()
	s := &pyast.For{For: kw.pos}
	s.Target = p.targetList()
	p.checkTarget(s.Target, pyast.Store)
	s.In = p.expect(tIn).pos
	s.Iter = p.starExpressions()
	s.Colon = p.expectHeaderColon()
	s.Body = p.block(kw)
	if p.is(tElse) {
		s.Else, s.OrElse = p.elseBlock()
	}
	s.Span = p.span(kw.pos)
	return s
}

func (p *parser) tryStmt() pyast.Stmt {
	kw := p.next()
	s := &pyast.Try{Try: kw.pos}
	p.expectColon()
	s.Body = p.block(kw)
	for p.is(tExcept) {
		s.Handlers = append(s.Handlers, p.exceptClause())
	}
	if p.is(tElse) && len(s.Handlers) > 0 {
		s.Else, s.OrElse = p.elseBlock()
	}
	if p.is(tFinally) {
		fin := p.next()
		s.Finally = fin.pos
		p.expectColon()
		s.FinalBody = p.block(fin)
	}
	if len(s.Handlers) == 0 && s.FinalBody == nil {
		p.failAt(p.tok().pos, "expected 'except' or 'finally' block")
	}
	s.Span = p.span(kw.pos)
	return s
}

func (p *parser) exceptClause() *pyast.ExceptHandler {
	kw := p.next()
	h := &pyast.ExceptHandler{Except: kw.pos}
	if p.is(tStar) {
		p.failAt(kw.pos, "except* (exception groups) is not supported by gust")
	}
	if !p.is(tColon) && !p.is(tNewline) {
		h.Type = p.expression()
		if p.is(tComma) {
			p.failAt(h.Type.Start(), "multiple exception types must be parenthesized")
		}
		if as, ok := p.accept(tAs); ok {
			h.As = as.pos
			n := p.expect(tName)
			h.Name, h.NamePos = n.text, n.pos
		}
	}
	h.Colon = p.expectHeaderColon()
	h.Body = p.block(kw)
	h.Span = p.span(kw.pos)
	return h
}

func (p *parser) withStmt() pyast.Stmt {
	kw := p.next()
	s := &pyast.With{With: kw.pos}
	// "with (a as b, c):" groups items in parentheses, but "with (a, b) as c:" is a tuple used
	// as one context manager; like CPython, try the first reading and fall back to the second.
	parenthesised := p.is(tLParen) && p.speculate(func() {
		p.next()
		var items []*pyast.WithItem
		for {
			it := p.withItem()
			items = append(items, it)
			if _, ok := p.accept(tComma); !ok || p.is(tRParen) {
				if !p.is(tRParen) && it.OptionalVars == nil {
					if last, ok := p.commaMissingAfter(it.Context); ok {
						p.noRewind = true // CPython's guess from its invalid_with_stmt rule
						p.failAt(last.Start(), "invalid syntax. Perhaps you forgot a comma?")
					}
				}
				break
			}
		}
		p.expect(tRParen)
		if p.is(tNewline) {
			p.noRewind = true // CPython's invalid_with_stmt: the items were right, the colon is missing
			p.expectColon()
		}
		if !p.is(tColon) {
			p.unexpected()
		}
		s.Items = items
	})
	if !parenthesised {
		for {
			s.Items = append(s.Items, p.withItem())
			if _, ok := p.accept(tComma); !ok {
				break
			}
		}
	}
	s.Colon = p.expectHeaderColon()
	s.Body = p.block(kw)
	s.Span = p.span(kw.pos)
	return s
}

func (p *parser) withItem() *pyast.WithItem {
	start := p.tok().pos
	it := &pyast.WithItem{Context: p.expression()}
	if as, ok := p.accept(tAs); ok {
		it.As = as.pos
		it.OptionalVars = p.targetElem(p.i, withTarget)
		p.checkTarget(it.OptionalVars, pyast.Store)
	}
	it.Span = p.span(start)
	return it
}
