package pyparse

import "github.com/gust-load/gust/starlib/pyfront/pyast"

// arguments parses the arguments of a call (or a class header) after its '(' up to, not
// including, the ')'. A generator expression may be the only argument of a call
// (allowGenexp); its Span starts at the '(' it shares with the call.
func (p *parser) arguments(allowGenexp bool) ([]pyast.Expr, []*pyast.Keyword) {
	lparen := p.toks[p.i-1].pos
	var args []pyast.Expr
	var kws []*pyast.Keyword
	sawKeyword, sawDoubleStar := false, false
	for !p.is(tRParen) {
		t := p.tok()
		start := t.pos
		var last pyast.Expr
		switch {
		case t.kind == tStar:
			// CPython's message for a '*' without an operand after a keyword argument is
			// the same as for '*' after '**'.
			if sawDoubleStar || sawKeyword && !canStartExpr(p.peek(1)) {
				p.failAt(start, "iterable argument unpacking follows keyword argument unpacking")
			}
			p.next()
			v := p.expression()
			if p.is(tFor) && allowGenexp && len(args)+len(kws) == 0 {
				p.failAt(start, "iterable unpacking cannot be used in comprehension")
			}
			last = &pyast.Starred{Span: p.span(start), Value: v}
			args = append(args, last)
		case t.kind == tDoubleStar:
			p.next()
			v := p.expression()
			kws = append(kws, &pyast.Keyword{Span: p.span(start), StarStar: start, Value: v})
			sawDoubleStar = true
			last = v
		case (t.kind == tTrue || t.kind == tFalse || t.kind == tNone) && p.peek(1) == tEqual:
			p.failAt(start, "cannot assign to %s", t.text)
		case t.kind == tName && p.peek(1) == tEqual:
			p.next()
			eq := p.next().pos
			v := p.expression()
			if p.is(tFor) {
				p.failAt(start, "invalid syntax. Maybe you meant '==' or ':=' instead of '='?")
			}
			kws = append(kws, &pyast.Keyword{Span: p.span(start), Name: t.text, Eq: eq, Value: v})
			sawKeyword = true
			last = v
		default:
			if sawKeyword || sawDoubleStar {
				// CPython's grammar has no place for a positional argument here; only its
				// error pass reads one, so the furthest token of a plain syntax error
				// stays where this argument starts.
				p.probing = true
				defer func() { p.probing = false }()
			}
			x := p.namedExpression(false)
			if (p.is(tFor) || p.is(tAsync)) && !allowGenexp {
				p.unexpected()
			}
			if p.is(tFor) || p.is(tAsync) {
				gens := p.comprehensions(x)
				g := &pyast.GeneratorExp{Span: p.span(x.Start()), Elt: x, Generators: gens}
				if len(args)+len(kws) > 0 || p.is(tComma) {
					p.failAt(x.Start(), "Generator expression must be parenthesized")
				}
				g.StartPos = lparen
				if !p.is(tRParen) {
					p.unexpected() // "f(x for x in y z)": no guess after a bare generator
				}
				x = g
			}
			if p.is(tEqual) {
				p.failAt(x.Start(), `expression cannot contain assignment, perhaps you meant "=="?`)
			}
			if !p.is(tComma) && !p.is(tRParen) {
				// CPython guesses a missing comma before it applies the order rules.
				if last, ok := p.commaMissingAfter(x); ok {
					p.failAt(last.Start(), "invalid syntax. Perhaps you forgot a comma?")
				}
			}
			switch {
			case sawDoubleStar:
				p.failAt(x.Start(), "positional argument follows keyword argument unpacking")
			case sawKeyword:
				p.failAt(x.Start(), "positional argument follows keyword argument")
			}
			args = append(args, x)
			last = x
		}
		if _, ok := p.accept(tComma); ok {
			continue
		}
		if !p.is(tRParen) {
			p.forgotComma(last)
		}
	}
	return args, kws
}

// tokAt finds the already consumed token that starts at pos (the first token of an element).
func (p *parser) tokAt(pos pyast.Pos) *token {
	for j := p.i - 1; j >= 0; j-- {
		if p.toks[j].pos == pos {
			return &p.toks[j]
		}
		if p.toks[j].pos.Before(pos) {
			break
		}
	}
	return nil
}

// parameters parses a def's or lambda's parameter list up to, not including, closer, with
// CPython's rules and messages for the order of '/', '*', defaults and '**'.
func (p *parser) parameters(closer tokKind, annotations bool) *pyast.Arguments {
	a := &pyast.Arguments{}
	start := p.tok().pos
	sawDefault, sawStar, sawKwarg := false, false, false
	var barePos pyast.Pos // a bare '*' that still needs a keyword-only parameter after it
	for !p.is(closer) {
		t := p.tok()
		if sawKwarg {
			p.failAt(t.pos, "arguments cannot follow var-keyword argument")
		}
		switch t.kind {
		case tSlash:
			switch {
			case a.Slash.IsValid():
				p.failAt(t.pos, "/ may appear only once")
			case sawStar:
				p.failAt(t.pos, "/ must be ahead of *")
			case len(a.Args) == 0:
				p.failAt(t.pos, "at least one argument must precede /")
			}
			a.Slash = p.next().pos
			a.PosOnly, a.Args = a.Args, nil
			if p.is(tStar) {
				p.failAt(p.tok().pos, "expected comma between / and *")
			}
		case tStar:
			if sawStar {
				if p.peekQuietly(1) == tName {
					p.failAt(t.pos, "* argument may appear only once")
				}
				p.unexpected()
			}
			sawStar = true
			a.Star = p.next().pos
			if p.is(tComma) || p.is(closer) {
				barePos = a.Star
				break
			}
			a.Vararg = p.param(annotations, tStar)
			a.Vararg.Star = a.Star
		case tDoubleStar:
			if barePos.IsValid() {
				p.failAt(barePos, "named arguments must follow bare *")
			}
			star := p.next().pos
			a.Kwarg = p.param(annotations, tDoubleStar)
			a.Kwarg.Star = star
			sawKwarg = true
		case tName:
			arg := p.param(annotations, tName)
			if annotations && !p.is(tComma) && !p.is(closer) {
				// "def f(a=1 b)": the default or annotation runs into the next parameter.
				switch {
				case arg.Default != nil:
					p.forgotComma(arg.Default)
				case arg.Annotation != nil:
					p.forgotComma(arg.Annotation.X)
				}
			}
			switch {
			case sawStar:
				a.KwOnly = append(a.KwOnly, arg)
				barePos = pyast.Pos{}
			case arg.Default != nil:
				sawDefault = true
				a.Args = append(a.Args, arg)
			case sawDefault:
				if !p.is(tComma) && !p.is(closer) {
					p.unexpected()
				}
				p.failAt(arg.Start(), "parameter without a default follows parameter with a default")
			default:
				a.Args = append(a.Args, arg)
			}
		case tLParen:
			if !p.parenthesizedNames() {
				p.unexpected() // CPython's guess needs the whole "(a, b)"
			}
			if annotations {
				p.failAt(t.pos, "Function parameters cannot be parenthesized")
			}
			p.failAt(t.pos, "Lambda expression parameters cannot be parenthesized")
		default:
			p.unexpected()
		}
		if _, ok := p.accept(tComma); !ok && !p.is(closer) {
			p.unexpected()
		}
	}
	if barePos.IsValid() {
		p.failAt(barePos, "named arguments must follow bare *")
	}
	if start != p.tok().pos {
		a.Span = p.span(start)
	}
	return a
}

// parenthesizedNames reports whether the '(' at the current token encloses only names
// separated by commas, "(a, b)" or "(a,)", the parameters CPython says cannot be
// parenthesised. It reads the tokens directly, as CPython's error pass does, without
// counting them as read.
func (p *parser) parenthesizedNames() bool {
	j := p.i + 1
	for {
		if j >= len(p.toks) || p.toks[j].kind != tName {
			return false
		}
		j++
		switch {
		case j < len(p.toks) && p.toks[j].kind == tRParen:
			return true
		case j < len(p.toks) && p.toks[j].kind == tComma:
			j++
			if j < len(p.toks) && p.toks[j].kind == tRParen {
				return true
			}
		default:
			return false
		}
	}
}

// param parses "name[: annotation][= default]"; kind is tStar for *args, tDoubleStar for
// **kwargs and tName otherwise.
func (p *parser) param(annotations bool, kind tokKind) *pyast.Arg {
	n := p.expect(tName)
	arg := &pyast.Arg{Name: n.text}
	if annotations && p.is(tColon) {
		p.next()
		start := p.tok().pos
		var x pyast.Expr
		if p.is(tStar) && kind == tStar {
			x = p.starred() // *args: *Ts (PEP 646)
		} else {
			x = p.expression()
		}
		arg.Annotation = &pyast.Annotation{Span: p.span(start), X: x}
	}
	arg.Span = p.span(n.pos)
	if eq, ok := p.accept(tEqual); ok {
		switch {
		case kind == tStar:
			p.failAt(eq.pos, "var-positional argument cannot have default value")
		case kind == tDoubleStar:
			p.failAt(eq.pos, "var-keyword argument cannot have default value")
		case p.is(tComma) || p.is(tRParen):
			p.failAt(eq.pos, "expected default value expression")
		}
		arg.Eq = eq.pos
		arg.Default = p.expression()
	}
	return arg
}

func (p *parser) lambda() pyast.Expr {
	start := p.next().pos
	args := p.parameters(tColon, false)
	colon := p.tok()
	if colon.specOpen {
		p.failAt(start, "f-string: lambda expressions are not allowed without parentheses")
	}
	p.next()
	body := p.expression()
	return &pyast.Lambda{Span: p.span(start), Args: args, Colon: colon.pos, Body: body}
}
