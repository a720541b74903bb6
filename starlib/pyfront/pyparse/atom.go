package pyparse

import "github.com/gust-load/gust/starlib/pyfront/pyast"

// atom parses names, literals and bracketed displays.
func (p *parser) atom() pyast.Expr {
	t := p.tok()
	start := t.pos
	switch t.kind {
	case tName:
		p.next()
		return &pyast.Name{Span: p.span(start), ID: t.text}
	case tTrue, tFalse:
		p.next()
		return &pyast.Constant{Span: p.span(start), Value: t.kind == tTrue}
	case tNone:
		p.next()
		return &pyast.Constant{Span: p.span(start), Value: pyast.None{}}
	case tEllipsis:
		p.next()
		return &pyast.Constant{Span: p.span(start), Value: pyast.Ellipsis{}}
	case tNumber:
		p.next()
		return &pyast.Constant{Span: p.span(start), Value: t.val}
	case tString, tFStringStart:
		return p.strings()
	case tLParen:
		return p.parenthesized()
	case tLBrack:
		return p.listDisplay()
	case tLBrace:
		return p.braceDisplay()
	}
	p.unexpected()
	return nil
}

// forgotComma explains a missing comma between two expressions inside brackets, as CPython
// does ("invalid syntax. Perhaps you forgot a comma?"), when elem, an element just parsed, is
// directly followed by the start of another expression; otherwise it is plain invalid syntax.
// elemTok, the first token of elem, may be nil when it is not known.
func (p *parser) forgotComma(elem pyast.Expr, elemTok *token) {
	if s, ok := elem.(*pyast.Starred); ok {
		elem = s.Value
	}
	next := p.tok()
	switch elem.(type) {
	case *pyast.Lambda, *pyast.IfExp, *pyast.NamedExpr:
		p.unexpected()
	}
	if !startsBitwiseOr(next.kind) && next.kind != tNot && next.kind != tLambda {
		p.unexpected()
	}
	if elemTok != nil && elemTok.kind == tName && (isSoftKeyword(elemTok.text) || next.kind == tString || next.kind == tFStringStart) {
		if _, isName := elem.(*pyast.Name); isName || isSoftKeyword(elemTok.text) {
			p.unexpected()
		}
	}
	p.failAt(elem.Start(), "invalid syntax. Perhaps you forgot a comma?")
}

func isSoftKeyword(s string) bool {
	return s == "match" || s == "case" || s == "type" || s == "_"
}

// closeBracket consumes the closing bracket of a display whose last element was elem.
func (p *parser) closeBracket(k tokKind, elem pyast.Expr, elemTok *token) token {
	if !p.is(k) {
		if elem != nil {
			p.forgotComma(elem, elemTok)
		}
		p.unexpected()
	}
	return p.next()
}

// elements parses comma-separated star_named_expressions up to the closing bracket k, after
// the first one was already parsed.
func (p *parser) elements(first pyast.Expr, k tokKind) []pyast.Expr {
	elts := []pyast.Expr{first}
	for p.is(tComma) {
		p.next()
		if p.is(k) {
			break
		}
		elemTok := p.tok()
		x := p.starNamedExpression()
		elts = append(elts, x)
		if !p.is(tComma) && !p.is(k) {
			p.forgotComma(x, elemTok)
		}
	}
	return elts
}

func (p *parser) parenthesized() pyast.Expr {
	lparen := p.next().pos
	if _, ok := p.accept(tRParen); ok {
		return &pyast.Tuple{Span: p.span(lparen), Parens: true}
	}
	if p.is(tYield) {
		y := p.yieldExpr()
		p.closeBracket(tRParen, nil, nil)
		return y
	}
	firstTok := p.tok()
	first := p.starNamedExpression()
	switch {
	case p.is(tFor) || p.is(tAsync):
		gens := p.comprehensions(first)
		p.closeBracket(tRParen, nil, nil)
		return &pyast.GeneratorExp{Span: p.span(lparen), Elt: first, Generators: gens}
	case p.is(tComma):
		elts := p.elements(first, tRParen)
		p.closeBracket(tRParen, nil, nil)
		return &pyast.Tuple{Span: p.span(lparen), Elts: elts, Parens: true}
	}
	p.closeBracket(tRParen, first, firstTok)
	if _, ok := first.(*pyast.Starred); ok {
		p.failAt(first.Start(), "cannot use starred expression here")
	}
	return first
}

func (p *parser) listDisplay() pyast.Expr {
	lbrack := p.next().pos
	if _, ok := p.accept(tRBrack); ok {
		return &pyast.List{Span: p.span(lbrack)}
	}
	firstTok := p.tok()
	first := p.starNamedExpression()
	if p.is(tFor) || p.is(tAsync) {
		gens := p.comprehensions(first)
		p.closeBracket(tRBrack, nil, nil)
		return &pyast.ListComp{Span: p.span(lbrack), Elt: first, Generators: gens}
	}
	elts := []pyast.Expr{first}
	if p.is(tComma) {
		elts = p.elements(first, tRBrack)
		p.closeBracket(tRBrack, nil, nil)
	} else {
		p.closeBracket(tRBrack, first, firstTok)
	}
	return &pyast.List{Span: p.span(lbrack), Elts: elts}
}

// braceDisplay parses a dict or set display or comprehension.
func (p *parser) braceDisplay() pyast.Expr {
	lbrace := p.next().pos
	if _, ok := p.accept(tRBrace); ok {
		return &pyast.Dict{Span: p.span(lbrace)}
	}
	if p.is(tDoubleStar) {
		return p.dictDisplay(lbrace, p.dictItem())
	}
	firstTok := p.tok()
	first := p.starNamedExpression()
	if p.is(tColon) {
		if _, ok := first.(*pyast.Starred); ok {
			p.unexpected()
		}
		colon := p.next().pos
		value := p.dictValue()
		if p.is(tFor) || p.is(tAsync) {
			gens := p.comprehensions(nil)
			p.closeBracket(tRBrace, nil, nil)
			return &pyast.DictComp{Span: p.span(lbrace), Key: first, Colon: colon, Value: value, Generators: gens}
		}
		item := &pyast.DictItem{Span: pyast.Span{StartPos: first.Start(), EndPos: p.prevEnd}, Key: first, Colon: colon, Value: value}
		return p.dictDisplay(lbrace, item)
	}
	if p.is(tFor) || p.is(tAsync) {
		gens := p.comprehensions(first)
		p.closeBracket(tRBrace, nil, nil)
		return &pyast.SetComp{Span: p.span(lbrace), Elt: first, Generators: gens}
	}
	elts := []pyast.Expr{first}
	if p.is(tComma) {
		elts = p.elements(first, tRBrace)
		p.closeBracket(tRBrace, nil, nil)
	} else {
		p.closeBracket(tRBrace, first, firstTok)
	}
	return &pyast.Set{Span: p.span(lbrace), Elts: elts}
}

func (p *parser) dictValue() pyast.Expr {
	if p.is(tStar) {
		p.failAt(p.tok().pos, "cannot use a starred expression in a dictionary value")
	}
	return p.expression()
}

// dictItem parses "key: value" or "**mapping".
func (p *parser) dictItem() *pyast.DictItem {
	start := p.tok().pos
	if _, ok := p.accept(tDoubleStar); ok {
		v := p.bitwiseOr()
		return &pyast.DictItem{Span: p.span(start), StarStar: start, Value: v}
	}
	key := p.expression()
	if !p.is(tColon) {
		p.failAt(key.Start(), "':' expected after dictionary key")
	}
	colon := p.next().pos
	value := p.dictValue()
	return &pyast.DictItem{Span: p.span(start), Key: key, Colon: colon, Value: value}
}

func (p *parser) dictDisplay(lbrace pyast.Pos, first *pyast.DictItem) pyast.Expr {
	items := []*pyast.DictItem{first}
	for p.is(tComma) {
		p.next()
		if p.is(tRBrace) {
			break
		}
		itemTok := p.tok()
		item := p.dictItem()
		items = append(items, item)
		if !p.is(tComma) && !p.is(tRBrace) {
			p.forgotComma(item.Value, itemTok)
		}
	}
	last := items[len(items)-1]
	p.closeBracket(tRBrace, last.Value, nil)
	return &pyast.Dict{Span: p.span(lbrace), Items: items}
}

// comprehensions parses the "for ... in ... if ..." clauses after the element elt (nil for a
// dict comprehension, whose key and value were checked by the caller).
func (p *parser) comprehensions(elt pyast.Expr) []*pyast.Comprehension {
	if s, ok := elt.(*pyast.Starred); ok {
		p.failAt(s.Start(), "iterable unpacking cannot be used in comprehension")
	}
	var gens []*pyast.Comprehension
	for p.is(tFor) || p.is(tAsync) {
		if p.is(tAsync) {
			p.failAt(p.tok().pos, "asynchronous comprehensions are not supported by gust")
		}
		c := &pyast.Comprehension{For: p.next().pos}
		c.Target = p.targetList()
		p.checkTarget(c.Target, pyast.Store)
		c.In = p.expect(tIn).pos
		c.Iter = p.disjunction()
		for p.is(tIf) {
			c.IfPos = append(c.IfPos, p.next().pos)
			c.Ifs = append(c.Ifs, p.disjunction())
		}
		c.Span = p.span(c.For)
		gens = append(gens, c)
	}
	return gens
}
