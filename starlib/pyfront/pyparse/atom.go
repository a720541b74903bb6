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
		p.literal()
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
// does ("invalid syntax. Perhaps you forgot a comma?"), when elem, an element just parsed, ends
// with an expression directly followed by the start of another; otherwise it reports plain
// invalid syntax at the current token.
func (p *parser) forgotComma(elem pyast.Expr) {
	if last, ok := p.commaMissingAfter(elem); ok {
		p.failAt(last.Start(), "invalid syntax. Perhaps you forgot a comma?")
	}
	p.unexpected()
}

// commaMissingAfter reports whether CPython would guess a missing comma after elem, and the
// expression the guess points at (the last one inside elem).
func (p *parser) commaMissingAfter(elem pyast.Expr) (pyast.Expr, bool) {
	for {
		switch x := elem.(type) {
		case *pyast.Tuple:
			if x.Parens || len(x.Elts) == 0 {
				break
			}
			elem = x.Elts[len(x.Elts)-1]
			continue
		case *pyast.Starred:
			elem = x.Value
			continue
		case *pyast.NamedExpr:
			elem = x.Value
			continue
		case *pyast.Lambda:
			elem = x.Body
			continue
		case *pyast.Slice:
			switch {
			case x.Step != nil:
				elem = x.Step
			case x.Upper != nil:
				elem = x.Upper
			case x.Lower != nil:
				elem = x.Lower
			default:
				return nil, false
			}
			continue
		case *pyast.IfExp:
			return nil, false
		}
		break
	}
	next := p.tok().kind
	if !startsBitwiseOr(next) && next != tNot && next != tLambda {
		return nil, false
	}
	// CPython makes no guess after a soft keyword, or between a name and a string (which
	// usually is a misspelt string prefix).
	if first := p.tokAt(elem.Start()); first != nil && first.kind == tName {
		_, isName := elem.(*pyast.Name)
		if isSoftKeyword(first.text) || isName && (next == tString || next == tFStringStart) {
			return nil, false
		}
	}
	// CPython guesses only when a second expression follows.
	return elem, p.probeExpression()
}

func isSoftKeyword(s string) bool {
	return s == "match" || s == "case" || s == "type" || s == "_"
}

// closeBracket consumes the closing bracket of a display whose last element was elem (nil
// when no comma could be missing there).
func (p *parser) closeBracket(k tokKind, elem pyast.Expr) token {
	if !p.is(k) {
		if elem != nil {
			p.badElementEnd(elem)
		}
		p.unexpected()
	}
	return p.next()
}

// badElementEnd explains what follows an element of a display where a ',' or the closing
// bracket should: a '=' ("[a, b = 2]") or another expression (a missing comma).
func (p *parser) badElementEnd(elem pyast.Expr) {
	if p.is(tEqual) {
		p.equalsHint(elem)
	}
	p.forgotComma(elem)
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
		x := p.starNamedExpression()
		elts = append(elts, x)
		if p.is(tFor) && k != tRParen {
			p.failAt(first.Start(), "did you forget parentheses around the comprehension target?")
		}
		if !p.is(tComma) && !p.is(k) {
			p.badElementEnd(x)
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
		p.closeBracket(tRParen, nil)
		return y
	}
	first := p.starNamedExpression()
	switch {
	case p.is(tFor) || p.is(tAsync):
		gens := p.comprehensions(first)
		p.closeBracket(tRParen, nil)
		return &pyast.GeneratorExp{Span: p.span(lparen), Elt: first, Generators: gens}
	case p.is(tComma):
		elts := p.elements(first, tRParen)
		p.closeBracket(tRParen, nil)
		return &pyast.Tuple{Span: p.span(lparen), Elts: elts, Parens: true}
	}
	p.closeBracket(tRParen, first)
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
	first := p.starNamedExpression()
	if p.is(tFor) || p.is(tAsync) {
		gens := p.comprehensions(first)
		p.closeBracket(tRBrack, nil)
		return &pyast.ListComp{Span: p.span(lbrack), Elt: first, Generators: gens}
	}
	elts := []pyast.Expr{first}
	if p.is(tComma) {
		elts = p.elements(first, tRBrack)
		p.closeBracket(tRBrack, nil)
	} else {
		p.closeBracket(tRBrack, first)
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
	firstPos := p.tok().pos
	first := p.starNamedExpression()
	if p.is(tColon) {
		if _, ok := first.(*pyast.Starred); ok {
			p.unexpected()
		}
		colon := p.next().pos
		value := p.dictValue()
		if p.is(tFor) || p.is(tAsync) {
			gens := p.comprehensions(nil)
			p.closeBracket(tRBrace, nil)
			return &pyast.DictComp{Span: p.span(lbrace), Key: first, Colon: colon, Value: value, Generators: gens}
		}
		item := &pyast.DictItem{Span: p.span(firstPos), Key: first, Colon: colon, Value: value}
		return p.dictDisplay(lbrace, item)
	}
	if p.is(tFor) || p.is(tAsync) {
		gens := p.comprehensions(first)
		p.closeBracket(tRBrace, nil)
		return &pyast.SetComp{Span: p.span(lbrace), Elt: first, Generators: gens}
	}
	elts := []pyast.Expr{first}
	if p.is(tComma) {
		elts = p.elements(first, tRBrace)
		p.closeBracket(tRBrace, nil)
	} else {
		p.closeBracket(tRBrace, first)
	}
	return &pyast.Set{Span: p.span(lbrace), Elts: elts}
}

func (p *parser) dictValue() pyast.Expr {
	if p.is(tComma) || p.is(tRBrace) {
		p.failAt(p.toks[p.i-1].pos, "expression expected after dictionary key and ':'")
	}
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
		item := p.dictItem()
		items = append(items, item)
		if !p.is(tComma) && !p.is(tRBrace) {
			p.dictItemEnd(item)
		}
	}
	if !p.is(tRBrace) {
		p.dictItemEnd(items[len(items)-1])
	}
	p.next()
	return &pyast.Dict{Span: p.span(lbrace), Items: items}
}

// dictItemEnd fails on what follows a dict item where a ',' or '}' should: a missing comma
// after "key: value" (not after "**mapping", whose operand is not a full expression in
// CPython's grammar), or plain invalid syntax.
func (p *parser) dictItemEnd(it *pyast.DictItem) {
	if it.Key != nil {
		p.forgotComma(it.Value)
	}
	p.unexpected()
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
		if !p.is(tIn) {
			// "for x i range(3)" inside the brackets; CPython reads a starred target as
			// "*" and an operand of '|', after which it makes no guess.
			last := c.Target
			if t, ok := last.(*pyast.Tuple); ok && !t.Parens && len(t.Elts) > 0 {
				last = t.Elts[len(t.Elts)-1]
			}
			if _, starred := last.(*pyast.Starred); starred {
				p.unexpected()
			}
			p.forgotComma(c.Target)
		}
		p.checkTarget(c.Target, pyast.Store)
		c.In = p.next().pos
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
