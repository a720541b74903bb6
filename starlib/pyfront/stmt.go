package pyfront

import (
	"github.com/gust-load/gust/starlib/pyfront/pyast"
	"go.starlark.net/syntax"
)

func (l *lowerer) stmts(list []pyast.Stmt) []syntax.Stmt {
	var out []syntax.Stmt
	for _, st := range list {
		out = append(out, l.stmt(st)...)
	}
	return out
}

func (l *lowerer) stmt(st pyast.Stmt) []syntax.Stmt {
	out := l.stmt1(st)
	if l.fn.sc.kind == classScope {
		out = append(out, l.publish(st)...)
	}
	return out
}

// publish copies the class attributes a class-body statement bound into
// the namespace dict the body function returns.
func (l *lowerer) publish(st pyast.Stmt) []syntax.Stmt {
	var names []string
	var p pyast.Pos
	switch s := st.(type) {
	case *pyast.FunctionDef:
		names, p = []string{s.Name}, s.NamePos
	case *pyast.ClassDef:
		names, p = []string{s.Name}, s.NamePos
	case *pyast.Assign:
		for _, t := range s.Targets {
			names = append(names, targetNames(t)...)
		}
		p = s.StartPos
	case *pyast.AugAssign:
		names, p = targetNames(s.Target), s.StartPos
	case *pyast.AnnAssign:
		if s.Value != nil {
			names, p = targetNames(s.Target), s.StartPos
		}
	case *pyast.Import:
		for _, al := range s.Names {
			names = append(names, importBinding(al))
		}
		p = s.StartPos
	case *pyast.ImportFrom:
		for _, al := range s.Names {
			switch {
			case al.Name == "*":
			case al.AsName != "":
				names = append(names, al.AsName)
			default:
				names = append(names, al.Name)
			}
		}
		p = s.StartPos
	}
	var out []syntax.Stmt
	ns := nsDict(l.fn.sc)
	for _, n := range names {
		out = append(out, l.assign(l.index(l.ident(ns, p), l.str(n, p), p), l.load(n, p), p))
	}
	return out
}

// nsDict is the namespace dict of a class body.
func nsDict(sc *scope) string { return "__ns" + itoa(sc.depth) }

// targetNames lists the plain names an assignment target binds.
func targetNames(t pyast.Expr) []string {
	switch x := t.(type) {
	case *pyast.Name:
		return []string{x.ID}
	case *pyast.Tuple:
		var out []string
		for _, e := range x.Elts {
			out = append(out, targetNames(e)...)
		}
		return out
	case *pyast.List:
		var out []string
		for _, e := range x.Elts {
			out = append(out, targetNames(e)...)
		}
		return out
	case *pyast.Starred:
		return targetNames(x.Value)
	}
	return nil
}

func (l *lowerer) stmt1(st pyast.Stmt) []syntax.Stmt {
	switch s := st.(type) {
	case *pyast.FunctionDef:
		return l.funcDef(s)
	case *pyast.ClassDef:
		return l.classDef(s)
	case *pyast.Return:
		return l.returnStmt(s)
	case *pyast.Delete:
		var out []syntax.Stmt
		for _, t := range s.Targets {
			out = append(out, l.deleteTarget(t)...)
		}
		return out
	case *pyast.Assign:
		return l.assignStmt(s.Targets, s.EqPos, s.Value)
	case *pyast.AnnAssign:
		if s.Value == nil {
			return nil
		}
		return l.assignStmt([]pyast.Expr{s.Target}, []pyast.Pos{s.Eq}, s.Value)
	case *pyast.AugAssign:
		return l.augAssign(s)
	case *pyast.For:
		return l.forStmt(s)
	case *pyast.While:
		return l.whileStmt(s)
	case *pyast.If:
		return l.ifChain(s)
	case *pyast.With:
		return l.withStmt(s)
	case *pyast.Raise:
		return l.raiseStmt(s)
	case *pyast.Try:
		return l.tryStmt(s)
	case *pyast.Assert:
		var args []syntax.Expr
		if s.Msg != nil {
			args = append(args, l.expr(s.Msg))
		}
		cond := &syntax.UnaryExpr{OpPos: l.pos(s.StartPos), Op: syntax.NOT, X: &syntax.ParenExpr{Lparen: l.pos(s.StartPos), X: l.expr(s.Test), Rparen: l.pos(s.StartPos)}}
		return []syntax.Stmt{l.ifStmt(cond, s.StartPos, []syntax.Stmt{l.exprStmt(l.helper("__assert_fail", s.StartPos, args...))}, nil)}
	case *pyast.Import:
		return l.importStmt(s)
	case *pyast.ImportFrom:
		return l.importFrom(s)
	case *pyast.Global, *pyast.Nonlocal:
		return nil
	case *pyast.ExprStmt:
		if isDocstring(s) {
			return nil
		}
		return []syntax.Stmt{l.exprStmt(l.expr(s.Value))}
	case *pyast.Pass:
		return []syntax.Stmt{l.pass(s.StartPos)}
	case *pyast.Break:
		return l.breakStmt(s.StartPos, syntax.BREAK)
	case *pyast.Continue:
		return l.breakStmt(s.StartPos, syntax.CONTINUE)
	}
	l.unsupported(st.Start(), "this statement", "")
	return nil
}

func (l *lowerer) returnStmt(s *pyast.Return) []syntax.Stmt {
	if l.fn.sc.kind == moduleScope || l.fn.sc.kind == classScope {
		l.errorf(s.StartPos, "SyntaxError", "", "'return' outside function")
		return nil
	}
	var v syntax.Expr
	if s.Value != nil {
		v = l.expr(s.Value)
	}
	if l.em.block {
		l.em.used.ret = true
		if v == nil {
			v = l.none(s.StartPos)
		}
		v = l.tuple(s.StartPos, l.intLit(tagReturn, s.StartPos), v)
	}
	return []syntax.Stmt{&syntax.ReturnStmt{Return: l.pos(s.StartPos), Result: v}}
}

// breakStmt lowers break and continue: native inside a loop of the current
// Starlark function, a sentinel from a block function whose loop is outside.
func (l *lowerer) breakStmt(p pyast.Pos, tok syntax.Token) []syntax.Stmt {
	word := "break"
	if tok == syntax.CONTINUE {
		word = "continue"
	}
	if n := len(l.em.loops); n > 0 {
		var out []syntax.Stmt
		if lp := l.em.loops[n-1]; tok == syntax.BREAK && lp.flag != "" {
			out = append(out, l.assign(l.ident(lp.flag, p), l.ident("False", p), p))
		}
		return append(out, &syntax.BranchStmt{Token: tok, TokenPos: l.pos(p)})
	}
	if l.em.block && l.em.loopOutside() {
		tag := int64(tagBreak)
		if tok == syntax.BREAK {
			l.em.used.brk = true
		} else {
			tag = tagContinue
			l.em.used.cont = true
		}
		return []syntax.Stmt{&syntax.ReturnStmt{Return: l.pos(p), Result: l.tuple(p, l.intLit(tag, p))}}
	}
	l.errorf(p, "SyntaxError", "", "'%s' outside loop", word)
	return nil
}

// loopOutside reports whether a loop of the same Python function encloses
// this block function.
func (em *emitState) loopOutside() bool {
	for e := em; e != nil && e.block; e = e.parent {
		if e.parent != nil && len(e.parent.loops) > 0 {
			return true
		}
	}
	return false
}

func (l *lowerer) ifChain(s *pyast.If) []syntax.Stmt {
	if l.fn.sc.kind == moduleScope && isMainGuard(s) {
		return l.stmts(s.OrElse)
	}
	body := l.stmts(s.Body)
	var orelse []syntax.Stmt
	if len(s.OrElse) > 0 {
		orelse = nonEmpty(l, l.stmts(s.OrElse), s.Else)
	}
	return []syntax.Stmt{&syntax.IfStmt{If: l.pos(s.If), Cond: l.expr(s.Test), True: nonEmpty(l, body, s.If), ElsePos: l.pos(s.Else), False: orelse}}
}

func (l *lowerer) forStmt(s *pyast.For) []syntax.Stmt {
	iter := l.iterExpr(s.Iter)
	var flag string
	if len(s.OrElse) > 0 {
		flag = l.temp("__else")
	}
	l.em.loops = append(l.em.loops, &loopState{flag: flag})
	vars, pre := l.loopTarget(s.Target)
	body := append(pre, l.stmts(s.Body)...)
	l.em.loops = l.em.loops[:len(l.em.loops)-1]
	loop := &syntax.ForStmt{For: l.pos(s.For), Vars: vars, X: iter, Body: nonEmpty(l, body, s.For)}
	return l.withElse(loop, flag, s.For, s.Else, s.OrElse)
}

func (l *lowerer) whileStmt(s *pyast.While) []syntax.Stmt {
	var flag string
	if len(s.OrElse) > 0 {
		flag = l.temp("__else")
	}
	cond := l.expr(s.Test)
	l.em.loops = append(l.em.loops, &loopState{flag: flag})
	body := l.stmts(s.Body)
	l.em.loops = l.em.loops[:len(l.em.loops)-1]
	loop := &syntax.WhileStmt{While: l.pos(s.While), Cond: cond, Body: nonEmpty(l, body, s.While)}
	return l.withElse(loop, flag, s.While, s.Else, s.OrElse)
}

// withElse adds a loop's else clause: a flag cleared by every break.
func (l *lowerer) withElse(loop syntax.Stmt, flag string, p, elsePos pyast.Pos, orelse []pyast.Stmt) []syntax.Stmt {
	if flag == "" {
		return []syntax.Stmt{loop}
	}
	return []syntax.Stmt{
		l.assign(l.ident(flag, p), l.ident("True", p), p),
		loop,
		l.ifStmt(l.ident(flag, elsePos), elsePos, l.stmts(orelse), nil),
	}
}

// loopTarget returns the variables of a for loop; targets Starlark cannot
// assign directly (starred) go through a temporary.
func (l *lowerer) loopTarget(t pyast.Expr) (syntax.Expr, []syntax.Stmt) {
	if simpleTarget(t) {
		return l.targetExpr(t), nil
	}
	tmp := l.temp("__item")
	return l.ident(tmp, t.Start()), l.storeTarget(t, l.ident(tmp, t.Start()), t.Start())
}

// simpleTarget reports targets Starlark can assign as they are.
func simpleTarget(t pyast.Expr) bool {
	switch x := t.(type) {
	case *pyast.Name, *pyast.Attribute:
		return true
	case *pyast.Subscript:
		_, isSlice := x.Slice.(*pyast.Slice)
		return !isSlice
	case *pyast.Tuple:
		for _, e := range x.Elts {
			if !simpleTarget(e) {
				return false
			}
		}
		return len(x.Elts) > 0
	case *pyast.List:
		for _, e := range x.Elts {
			if !simpleTarget(e) {
				return false
			}
		}
		return len(x.Elts) > 0
	}
	return false
}

// targetExpr lowers a simple target to an assignable Starlark expression.
func (l *lowerer) targetExpr(t pyast.Expr) syntax.Expr {
	switch x := t.(type) {
	case *pyast.Name:
		return l.storeName(x.ID, x.StartPos)
	case *pyast.Attribute:
		return &syntax.DotExpr{X: l.expr(x.Value), Dot: l.pos(x.Dot), NamePos: l.pos(x.AttrPos), Name: l.ident(x.Attr, x.AttrPos)}
	case *pyast.Subscript:
		return l.index(l.expr(x.Value), l.subscriptKey(x.Slice), x.Lbrack)
	case *pyast.Tuple:
		elems := make([]syntax.Expr, len(x.Elts))
		for i, e := range x.Elts {
			elems[i] = l.targetExpr(e)
		}
		return l.tuple(x.StartPos, elems...)
	case *pyast.List:
		elems := make([]syntax.Expr, len(x.Elts))
		for i, e := range x.Elts {
			elems[i] = l.targetExpr(e)
		}
		return l.tuple(x.StartPos, elems...)
	}
	l.errorf(t.Start(), "SyntaxError", "", "cannot assign to this expression")
	return l.ident(invalidName, t.Start())
}

// assignStmt lowers `t1 = t2 = value`.
func (l *lowerer) assignStmt(targets []pyast.Expr, eqs []pyast.Pos, value pyast.Expr) []syntax.Stmt {
	val := l.expr(value)
	p := value.Start()
	if len(eqs) > 0 && eqs[0].IsValid() {
		p = eqs[0]
	}
	if l.fn.sc.kind == moduleScope && !isLiteralish(value) {
		// Module-level values are shared by every user: lists and dicts
		// become shared containers as they are assigned.
		val = l.helper("__share", p, val)
	}
	if len(targets) == 1 {
		return l.storeTarget(targets[0], val, p)
	}
	tmp := l.temp("__t")
	out := []syntax.Stmt{l.assign(l.ident(tmp, p), val, p)}
	for i, t := range targets {
		q := p
		if i < len(eqs) && eqs[i].IsValid() {
			q = eqs[i]
		}
		out = append(out, l.storeTarget(t, l.ident(tmp, q), q)...)
	}
	return out
}

// storeTarget assigns val to a Python target.
func (l *lowerer) storeTarget(t pyast.Expr, val syntax.Expr, p pyast.Pos) []syntax.Stmt {
	if simpleTarget(t) {
		if listElts(t) != nil {
			switch val.(type) {
			case *syntax.TupleExpr, *syntax.ListExpr:
			default:
				// Python unpacks any iterable (a string, an iterator).
				val = l.helper("__iter", p, val)
			}
		}
		return []syntax.Stmt{l.assign(l.targetExpr(t), val, p)}
	}
	switch x := t.(type) {
	case *pyast.Tuple, *pyast.List:
		elts := listElts(x)
		star := -1
		for i, e := range elts {
			if _, ok := e.(*pyast.Starred); ok {
				if star >= 0 {
					l.errorf(e.Start(), "SyntaxError", "", "multiple starred expressions in assignment")
					return nil
				}
				star = i
			}
		}
		if star < 0 {
			// Nested non-simple targets: unpack into temporaries.
			tmp := l.temp("__t")
			out := []syntax.Stmt{l.assign(l.ident(tmp, p), val, p)}
			vars := make([]syntax.Expr, len(elts))
			for i := range elts {
				vars[i] = l.ident(tmp+"_"+itoa(i), p)
			}
			out = append(out, l.assign(l.tuple(p, vars...), l.ident(tmp, p), p))
			for i, e := range elts {
				out = append(out, l.storeTarget(e, vars[i], p)...)
			}
			return out
		}
		unpacked := l.helper("__unpack", p, val, l.intLit(int64(star), p), l.intLit(int64(len(elts)-star-1), p))
		plain := make([]pyast.Expr, len(elts))
		copy(plain, elts)
		plain[star] = elts[star].(*pyast.Starred).Value
		return l.storeTarget(&pyast.Tuple{Span: pyast.Span{StartPos: t.Start(), EndPos: t.End()}, Elts: plain}, unpacked, p)
	case *pyast.Subscript:
		l.unsupported(x.Lbrack, "assignment to a slice", "build a new list, e.g. items = items[:i] + new + items[j:]")
		return nil
	case *pyast.Starred:
		l.errorf(x.StartPos, "SyntaxError", "", "starred assignment target must be in a list or tuple")
		return nil
	}
	l.errorf(t.Start(), "SyntaxError", "", "cannot assign to this expression")
	return nil
}

func listElts(e pyast.Expr) []pyast.Expr {
	switch x := e.(type) {
	case *pyast.Tuple:
		return x.Elts
	case *pyast.List:
		return x.Elts
	}
	return nil
}

// augOps maps Python's augmented operators to Starlark's native ones, and
// names the others for the __aug helpers.
func augToken(op pyast.Operator) (syntax.Token, bool) {
	switch op {
	case pyast.Add:
		return syntax.PLUS_EQ, true
	case pyast.Sub:
		return syntax.MINUS_EQ, true
	case pyast.Mult:
		return syntax.STAR_EQ, true
	case pyast.Div:
		return syntax.SLASH_EQ, true
	case pyast.FloorDiv:
		return syntax.SLASHSLASH_EQ, true
	case pyast.BitAnd:
		return syntax.AMP_EQ, true
	case pyast.BitOr:
		return syntax.PIPE_EQ, true
	case pyast.BitXor:
		return syntax.CIRCUMFLEX_EQ, true
	case pyast.LShift:
		return syntax.LTLT_EQ, true
	case pyast.RShift:
		return syntax.GTGT_EQ, true
	}
	return 0, false
}

func (l *lowerer) augAssign(s *pyast.AugAssign) []syntax.Stmt {
	p := s.OpPos
	opStr := l.str(s.Op.Symbol(), p)
	val := l.expr(s.Value)
	switch t := s.Target.(type) {
	case *pyast.Name:
		r := l.resolve(t.ID)
		if r.kind == refDict {
			return []syntax.Stmt{l.exprStmt(l.helper("__aug_item", p, l.ident(r.ident, t.StartPos), l.str(r.key, t.StartPos), opStr, val))}
		}
		target := l.ident(r.ident, t.StartPos)
		if tok, ok := augToken(s.Op); ok {
			return []syntax.Stmt{&syntax.AssignStmt{OpPos: l.pos(p), Op: tok, LHS: target, RHS: val}}
		}
		return []syntax.Stmt{l.assign(target, l.helper("__binop", p, opStr, l.ident(r.ident, t.StartPos), val), p)}
	case *pyast.Attribute:
		return []syntax.Stmt{l.exprStmt(l.helper("__aug_attr", p, l.expr(t.Value), l.str(t.Attr, t.AttrPos), opStr, val))}
	case *pyast.Subscript:
		if _, isSlice := t.Slice.(*pyast.Slice); isSlice {
			l.unsupported(t.Lbrack, "augmented assignment to a slice", "")
			return nil
		}
		return []syntax.Stmt{l.exprStmt(l.helper("__aug_item", p, l.expr(t.Value), l.subscriptKey(t.Slice), opStr, val))}
	}
	l.errorf(s.Target.Start(), "SyntaxError", "", "illegal expression for augmented assignment")
	return nil
}

func (l *lowerer) deleteTarget(t pyast.Expr) []syntax.Stmt {
	p := t.Start()
	switch x := t.(type) {
	case *pyast.Name:
		r := l.resolve(x.ID)
		if r.kind == refDict {
			return []syntax.Stmt{l.exprStmt(l.helper("__del_item", p, l.ident(r.ident, p), l.str(r.key, p)))}
		}
		return []syntax.Stmt{l.assign(l.ident(r.ident, p), l.none(p), p)}
	case *pyast.Attribute:
		return []syntax.Stmt{l.exprStmt(l.helper("__del_attr", x.Dot, l.expr(x.Value), l.str(x.Attr, x.AttrPos)))}
	case *pyast.Subscript:
		if sl, ok := x.Slice.(*pyast.Slice); ok {
			return []syntax.Stmt{l.exprStmt(l.helper("__del_slice", x.Lbrack, l.expr(x.Value), l.optExpr(sl.Lower, p), l.optExpr(sl.Upper, p), l.optExpr(sl.Step, p)))}
		}
		return []syntax.Stmt{l.exprStmt(l.helper("__del_item", x.Lbrack, l.expr(x.Value), l.subscriptKey(x.Slice)))}
	case *pyast.Tuple, *pyast.List:
		var out []syntax.Stmt
		for _, e := range listElts(x) {
			out = append(out, l.deleteTarget(e)...)
		}
		return out
	}
	l.errorf(p, "SyntaxError", "", "cannot delete this expression")
	return nil
}

func (l *lowerer) optExpr(e pyast.Expr, p pyast.Pos) syntax.Expr {
	if e == nil {
		return l.none(p)
	}
	return l.expr(e)
}

func (l *lowerer) raiseStmt(s *pyast.Raise) []syntax.Stmt {
	p := s.StartPos
	if s.Exc == nil {
		var args []syntax.Expr
		if e := l.fn.currentExc(); e != "" {
			args = append(args, l.ident(e, p))
		}
		return []syntax.Stmt{l.exprStmt(l.helper("__reraise", p, args...))}
	}
	args := []syntax.Expr{l.expr(s.Exc)}
	if s.Cause != nil {
		args = append(args, l.expr(s.Cause))
	}
	return []syntax.Stmt{l.exprStmt(l.helper("__raise", p, args...))}
}
