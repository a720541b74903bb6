package pyfront

import (
	"github.com/gust-load/gust/starlib/pyfront/pyast"
	"go.starlark.net/syntax"
)

// try and with statements become nested "block" functions run by pyrt's
// __try and __with helpers. Inside a block, `return v`, `break` and
// `continue` (for loops outside the block) return sentinel tuples
// (1, v), (2,), (3,); after the helper call, a dispatch performs the
// real control flow, or passes the sentinel on when the block is itself
// nested in another block. Function locals the blocks assign live in the
// function's cell dict (see scope.go), so the whole function sees them.

// blockFunc emits a block function named base<kind> whose body gen lowers.
// param, when not empty, is its parameter (the exception of an except
// clause, or the value of a with statement).
func (l *lowerer) blockFunc(kind string, p pyast.Pos, param string, gen func() []syntax.Stmt) (*syntax.DefStmt, sentinels) {
	em := &emitState{parent: l.em, block: true, base: l.em.base}
	saved := l.em
	l.em = em
	body := gen()
	l.em = saved
	var params []syntax.Expr
	if param != "" {
		params = append(params, l.ident(param, p))
	}
	def := &syntax.DefStmt{
		Def:    l.pos(p),
		Name:   l.ident(em.base+"<"+kind+" "+itoa(l.nextBlock())+">", p),
		Lparen: l.pos(p),
		Params: params,
		Rparen: l.pos(p),
		Body:   nonEmpty(l, body, p),
	}
	return def, em.used
}

// nextBlock numbers block functions, so the blocks of one statement (a
// try's handlers) get distinct names.
func (l *lowerer) nextBlock() int {
	l.nblock++
	return l.nblock
}

// dispatch runs a block helper call and performs the control flow its
// sentinel asks for.
func (l *lowerer) dispatch(call syntax.Expr, used sentinels, p pyast.Pos) []syntax.Stmt {
	if !used.ret && !used.brk && !used.cont {
		return []syntax.Stmt{l.exprStmt(call)}
	}
	r := "__r"
	out := []syntax.Stmt{l.assign(l.ident(r, p), call, p)}
	rv := func() syntax.Expr { return l.ident(r, p) }
	propagate := func() []syntax.Stmt {
		return []syntax.Stmt{&syntax.ReturnStmt{Return: l.pos(p), Result: rv()}}
	}
	tagIs := func(tag int64) syntax.Expr {
		return l.binary(syntax.EQL, l.index(rv(), l.intLit(0, p), p), l.intLit(tag, p), p)
	}
	var cases []syntax.Stmt
	if used.ret {
		if l.em.block {
			l.em.used.ret = true
			cases = append(cases, l.ifStmt(tagIs(tagReturn), p, propagate(), nil))
		} else {
			cases = append(cases, l.ifStmt(tagIs(tagReturn), p, []syntax.Stmt{&syntax.ReturnStmt{Return: l.pos(p), Result: l.index(rv(), l.intLit(1, p), p)}}, nil))
		}
	}
	for _, bc := range []struct {
		used bool
		tag  int64
		tok  syntax.Token
	}{{used.brk, tagBreak, syntax.BREAK}, {used.cont, tagContinue, syntax.CONTINUE}} {
		if !bc.used {
			continue
		}
		if len(l.em.loops) > 0 {
			cases = append(cases, l.ifStmt(tagIs(bc.tag), p, l.breakStmt(p, bc.tok), nil))
			continue
		}
		if bc.tok == syntax.BREAK {
			l.em.used.brk = true
		} else {
			l.em.used.cont = true
		}
		cases = append(cases, l.ifStmt(tagIs(bc.tag), p, propagate(), nil))
	}
	notNone := l.binary(syntax.NEQ, rv(), l.none(p), p)
	return append(out, l.ifStmt(notNone, p, cases, nil))
}

func (l *lowerer) tryStmt(s *pyast.Try) []syntax.Stmt {
	p := s.Try
	var out []syntax.Stmt
	var used sentinels
	merge := func(u sentinels) {
		used.ret = used.ret || u.ret
		used.brk = used.brk || u.brk
		used.cont = used.cont || u.cont
	}
	body, u := l.blockFunc("try", p, "", func() []syntax.Stmt { return l.stmts(s.Body) })
	merge(u)
	out = append(out, body)
	var pairs []syntax.Expr
	for _, h := range s.Handlers {
		param := h.Name
		if param == "" {
			param = l.temp("__exc")
		}
		hidden := map[string]bool{param: true}
		l.fn.hidden = append(l.fn.hidden, hidden)
		l.fn.excs = append(l.fn.excs, param)
		def, u := l.blockFunc("except", h.Except, param, func() []syntax.Stmt { return l.stmts(h.Body) })
		l.fn.excs = l.fn.excs[:len(l.fn.excs)-1]
		l.fn.hidden = l.fn.hidden[:len(l.fn.hidden)-1]
		merge(u)
		out = append(out, def)
		var classes syntax.Expr
		if h.Type == nil {
			classes = l.ident("BaseException", h.Except)
		} else {
			classes = l.expr(h.Type)
		}
		pairs = append(pairs, l.tuple(h.Except, classes, l.ident(def.Name.Name, h.Except)))
	}
	orelse, fin := l.none(p), l.none(p)
	if len(s.OrElse) > 0 {
		def, u := l.blockFunc("else", s.Else, "", func() []syntax.Stmt { return l.stmts(s.OrElse) })
		merge(u)
		out = append(out, def)
		orelse = l.ident(def.Name.Name, s.Else)
	}
	if len(s.FinalBody) > 0 {
		def, u := l.blockFunc("finally", s.Finally, "", func() []syntax.Stmt { return l.stmts(s.FinalBody) })
		merge(u)
		out = append(out, def)
		fin = l.ident(def.Name.Name, s.Finally)
	}
	handlers := syntax.Expr(l.tuple(p, pairs...))
	if len(pairs) == 1 {
		// A one-element tuple needs no trailing comma in a syntax tree.
		handlers = l.tuple(p, pairs[0])
	}
	call := l.helper("__try", p, l.ident(body.Name.Name, p), handlers, orelse, fin)
	return append(out, l.dispatch(call, used, p)...)
}

func (l *lowerer) withStmt(s *pyast.With) []syntax.Stmt {
	return l.withItems(s, 0)
}

// withItems lowers `with a as x, b as y: body` as nested with statements.
func (l *lowerer) withItems(s *pyast.With, i int) []syntax.Stmt {
	it := s.Items[i]
	p := s.With
	if i > 0 {
		p = it.StartPos
	}
	cm := l.expr(it.Context)
	param := ""
	if it.OptionalVars != nil {
		param = "__as"
	}
	def, used := l.blockFunc("with", p, param, func() []syntax.Stmt {
		var body []syntax.Stmt
		if it.OptionalVars != nil {
			body = append(body, l.storeTarget(it.OptionalVars, l.ident("__as", it.As), it.As)...)
		}
		if i+1 < len(s.Items) {
			return append(body, l.withItems(s, i+1)...)
		}
		return append(body, l.stmts(s.Body)...)
	})
	if param == "" {
		// __with always passes the entered value; accept and ignore it.
		def.Params = []syntax.Expr{l.ident("__as", p)}
	}
	call := l.helper("__with", p, cm, l.ident(def.Name.Name, p))
	return append([]syntax.Stmt{def}, l.dispatch(call, used, p)...)
}
