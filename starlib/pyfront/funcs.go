package pyfront

import (
	"strings"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/syntax"
)

// params lowers a parameter list; defaults are evaluated in the current
// (enclosing) scope, as Python does.
func (l *lowerer) params(a *pyast.Arguments) []syntax.Expr {
	var out []syntax.Expr
	one := func(p *pyast.Arg) syntax.Expr {
		id := l.ident(p.Name, p.StartPos)
		if p.Default != nil {
			return &syntax.BinaryExpr{X: id, OpPos: l.pos(p.Eq), Op: syntax.EQ, Y: l.expr(p.Default)}
		}
		return id
	}
	for _, p := range a.PosOnly {
		out = append(out, one(p))
	}
	for _, p := range a.Args {
		out = append(out, one(p))
	}
	if a.Vararg != nil {
		out = append(out, &syntax.UnaryExpr{OpPos: l.pos(a.Vararg.Star), Op: syntax.STAR, X: l.ident(a.Vararg.Name, a.Vararg.StartPos)})
	} else if len(a.KwOnly) > 0 {
		out = append(out, &syntax.UnaryExpr{OpPos: l.pos(a.Star), Op: syntax.STAR})
	}
	for _, p := range a.KwOnly {
		out = append(out, one(p))
	}
	if a.Kwarg != nil {
		out = append(out, &syntax.UnaryExpr{OpPos: l.pos(a.Kwarg.Star), Op: syntax.STARSTAR, X: l.ident(a.Kwarg.Name, a.Kwarg.StartPos)})
	}
	return out
}

// enterScope starts lowering the body of a function, lambda or class.
func (l *lowerer) enterScope(sc *scope, base string) (restore func()) {
	fs := &fnState{sc: sc, parent: l.fn}
	if sc.kind == funcScope && sc.parent != nil && sc.parent.kind == classScope && len(sc.params) > 0 {
		fs.self = sc.params[0]
		fs.classExpr = l.fn.classExpr
	}
	savedFn, savedEm := l.fn, l.em
	l.fn, l.em = fs, &emitState{base: base}
	return func() { l.fn, l.em = savedFn, savedEm }
}

// prologue creates the cell dict and moves parameters that are cells into it.
func (l *lowerer) prologue(sc *scope, p pyast.Pos) []syntax.Stmt {
	if len(sc.cells) == 0 {
		return nil
	}
	d := sc.cellDict()
	out := []syntax.Stmt{l.assign(l.ident(d, p), l.helper("__cells", p), p)}
	for _, name := range sc.params {
		if sc.cells[name] {
			out = append(out, l.assign(l.index(l.ident(d, p), l.str(name, p), p), l.ident(name, p), p))
		}
	}
	return out
}

// decorated evaluates decorator expressions (before the definition, as
// Python does, when they could refer to the name being defined: a
// property's @x.setter) and returns a function wrapping a value in them.
func (l *lowerer) decorators(decos []*pyast.Decorator, name string) ([]syntax.Stmt, func(syntax.Expr) syntax.Expr) {
	var pre []syntax.Stmt
	exprs := make([]syntax.Expr, len(decos))
	for i, d := range decos {
		x := l.expr(d.X)
		if mentions(d.X, name) {
			tmp := l.temp("__deco")
			pre = append(pre, l.assign(l.ident(tmp, d.At), x, d.At))
			x = l.ident(tmp, d.At)
		}
		exprs[i] = x
	}
	wrap := func(v syntax.Expr) syntax.Expr {
		for i := len(decos) - 1; i >= 0; i-- {
			v = l.call(exprs[i], decos[i].At, v)
		}
		return v
	}
	return pre, wrap
}

// mentions reports whether expression e reads name.
func mentions(e pyast.Expr, name string) bool {
	found := false
	pyast.Inspect(e, func(n pyast.Node) bool {
		if x, ok := n.(*pyast.Name); ok && x.ID == name {
			found = true
		}
		return !found
	})
	return found
}

func (l *lowerer) funcDef(s *pyast.FunctionDef) []syntax.Stmt {
	sc := l.an.scopes[s]
	pre, wrap := l.decorators(s.Decorators, s.Name)
	params := l.params(s.Args)
	r := l.resolve(s.Name)
	defName := s.Name
	if r.kind == refPlain {
		defName = r.ident
	}
	restore := l.enterScope(sc, defName)
	body := append(l.prologue(sc, s.Def), l.stmts(s.Body)...)
	restore()
	def := &syntax.DefStmt{
		Def:    l.pos(s.Def),
		Name:   l.ident(defName, s.NamePos),
		Lparen: l.pos(s.Lparen),
		Params: params,
		Rparen: l.pos(s.Rparen),
		Body:   nonEmpty(l, body, s.Def),
	}
	out := append(pre, def)
	if len(s.Decorators) > 0 || r.kind == refDict {
		at := s.NamePos
		if len(s.Decorators) > 0 {
			at = s.Decorators[0].At
		}
		out = append(out, l.assign(l.storeName(s.Name, s.NamePos), wrap(l.ident(defName, s.NamePos)), at))
	}
	return out
}

func (l *lowerer) lambda(x *pyast.Lambda) syntax.Expr {
	sc := l.an.scopes[x]
	if len(sc.cells) > 0 {
		l.unsupported(x.StartPos, "an assignment expression (:=) inside a lambda", "use a def function")
	}
	params := l.params(x.Args)
	restore := l.enterScope(sc, "lambda")
	body := l.expr(x.Body)
	restore()
	return &syntax.LambdaExpr{Lambda: l.pos(x.StartPos), Params: params, Body: body}
}

func (l *lowerer) classDef(s *pyast.ClassDef) []syntax.Stmt {
	sc := l.an.scopes[s]
	p := s.Class
	pre, wrap := l.decorators(s.Decorators, s.Name)
	var bases []syntax.Expr
	for _, b := range s.Bases {
		if st, ok := b.(*pyast.Starred); ok {
			l.unsupported(st.StartPos, "a starred base class list", "")
			continue
		}
		bases = append(bases, l.expr(b))
	}
	var kwargs []syntax.Expr
	for _, k := range s.Keywords {
		if k.Name == "" {
			l.unsupported(k.StartPos, "**kwargs in a class statement", "")
			continue
		}
		kwargs = append(kwargs, l.kwarg(k.Name, l.expr(k.Value), k.StartPos))
	}
	// Methods reach their class through the name it is bound to, for
	// super(); the lookup happens when they run, after the binding.
	classRef := l.resolve(s.Name)
	restore := l.enterScope(sc, s.Name+"<class>")
	l.fn.classExpr = func(q pyast.Pos) syntax.Expr {
		if classRef.kind == refDict {
			return l.index(l.ident(classRef.ident, q), l.str(classRef.key, q), q)
		}
		return l.ident(classRef.ident, q)
	}
	ns := nsDict(sc)
	body := []syntax.Stmt{l.assign(l.ident(ns, p), &syntax.DictExpr{Lbrace: l.pos(p), Rbrace: l.pos(p)}, p)}
	body = append(body, l.prologue(sc, p)...)
	body = append(body, l.stmts(s.Body)...)
	if ann := l.classAnnotations(s.Body, p); ann != nil {
		body = append(body, l.assign(l.index(l.ident(ns, p), l.str("__annotations__", p), p), ann, p))
	}
	body = append(body, &syntax.ReturnStmt{Return: l.pos(p), Result: l.ident(ns, p)})
	restore()
	bodyName := s.Name + "<class>"
	def := &syntax.DefStmt{Def: l.pos(p), Name: l.ident(bodyName, p), Lparen: l.pos(p), Rparen: l.pos(p), Body: body}
	args := []syntax.Expr{
		l.str(s.Name, s.NamePos),
		l.tuple(p, bases...),
		l.call(l.ident(bodyName, p), p),
		l.ident("__name__", p),
	}
	args = append(args, kwargs...)
	val := wrap(l.helper("__make_class", s.NamePos, args...))
	out := append(pre, def)
	return append(out, l.assign(l.storeName(s.Name, s.NamePos), val, s.NamePos))
}

// superCall lowers super() in a method to __super(Class, self).
func (l *lowerer) superCall(c *pyast.Call) syntax.Expr {
	for fs := l.fn; fs != nil; fs = fs.parent {
		if fs.sc.kind == lambdaScope {
			continue
		}
		if fs.sc.kind != funcScope || fs.classExpr == nil || fs.self == "" {
			break
		}
		// Resolve self from the current scope (it may be a cell).
		return l.helper("__super", c.Lparen, fs.classExpr(c.Lparen), l.load(fs.self, c.Lparen))
	}
	l.errorf(c.StartPos, "RuntimeError", "pass the class and instance explicitly: super(MyClass, self)", "super(): no arguments outside a method")
	return l.none(c.StartPos)
}

// classAnnotations is the class's __annotations__ for `name: type` lines
// of its body, in order, with each annotation kept as its source text (as
// under `from __future__ import annotations`): dataclasses reads the field
// names from it. nil when the body annotates nothing.
func (l *lowerer) classAnnotations(body []pyast.Stmt, p pyast.Pos) syntax.Expr {
	var entries []syntax.Expr
	for _, st := range body {
		a, ok := st.(*pyast.AnnAssign)
		if !ok || !a.Simple || a.Annotation == nil {
			continue
		}
		n, ok := a.Target.(*pyast.Name)
		if !ok {
			continue
		}
		text := l.sourceText(a.Annotation.Span)
		if c, ok := a.Annotation.X.(*pyast.Constant); ok {
			if str, ok := c.Value.(string); ok {
				text = pyrt.QuoteString(str) // as ast.unparse writes it
			}
		}
		entries = append(entries, &syntax.DictEntry{Key: l.str(n.ID, n.StartPos), Colon: l.pos(a.Colon),
			Value: l.str(text, a.Annotation.StartPos)})
	}
	if entries == nil {
		return nil
	}
	return &syntax.DictExpr{Lbrace: l.pos(p), List: entries, Rbrace: l.pos(p)}
}

// sourceText returns the source between two positions (columns count
// runes), with line breaks and indentation collapsed to single spaces.
func (l *lowerer) sourceText(sp pyast.Span) string {
	var parts []string
	for line := sp.StartPos.Line; line <= sp.EndPos.Line && int(line) <= len(l.lines); line++ {
		r := []rune(l.lines[line-1])
		lo, hi := 0, len(r)
		if line == sp.StartPos.Line {
			lo = min(int(sp.StartPos.Col)-1, len(r))
		}
		if line == sp.EndPos.Line {
			hi = min(int(sp.EndPos.Col)-1, len(r))
		}
		if lo < 0 || lo > hi {
			continue
		}
		parts = append(parts, strings.TrimSpace(string(r[lo:hi])))
	}
	return strings.Join(parts, " ")
}
