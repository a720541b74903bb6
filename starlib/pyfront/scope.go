package pyfront

import (
	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// Scope analysis: which names each Python scope binds, and which of them
// must live in a container because Starlark cannot rebind them where Python
// does.
//
//   - A function local assigned inside a try/with block (the lowering turns
//     blocks into nested functions), named by a nested function's `nonlocal`,
//     or bound by a walrus, is a *cell*: it lives in the function's cell dict
//     (`__c1["x"]`) for the whole function.
//   - A module name assigned by a function that declares it `global`,
//     assigned inside a module-level try/with block, or bound by a walrus at
//     module level lives in the module's `__G` dict (shared by every user).
//
// Everything else stays a plain Starlark variable.

type scopeKind int

const (
	moduleScope scopeKind = iota
	funcScope
	classScope
	lambdaScope
)

type scope struct {
	kind   scopeKind
	parent *scope
	name   string // the def or class name
	qual   string // dotted path used for Starlark function names ("U.index")
	depth  int    // Starlark function nesting depth: module 0

	bound     map[string]bool
	order     []string // names in first-binding order
	params    []string
	globals   map[string]bool
	nonlocals map[string]pyast.Pos
	cells     map[string]bool

	events []bindEvent
}

type bindEvent struct {
	name    string
	inBlock bool
	walrus  bool
	pos     pyast.Pos
}

func newScope(kind scopeKind, parent *scope, name string) *scope {
	s := &scope{kind: kind, parent: parent, name: name, bound: map[string]bool{},
		globals: map[string]bool{}, nonlocals: map[string]pyast.Pos{}, cells: map[string]bool{}}
	if parent != nil {
		s.depth = parent.depth + 1
		switch {
		case parent.kind == moduleScope || parent.qual == "":
			s.qual = name
		case parent.kind == classScope:
			s.qual = parent.qual + "." + name
		default:
			s.qual = name
		}
	}
	return s
}

// cellDict is the Starlark name of the scope's cell dict.
func (s *scope) cellDict() string { return "__c" + itoa(s.depth) }

// enclosingFunc is the nearest enclosing function (or lambda) scope, skipping
// class bodies, whose names Python does not expose to nested functions.
func (s *scope) enclosingFunc() *scope {
	for p := s.parent; p != nil; p = p.parent {
		if p.kind == funcScope || p.kind == lambdaScope {
			return p
		}
		if p.kind == moduleScope {
			return nil
		}
	}
	return nil
}

func (s *scope) module() *scope {
	for s.parent != nil {
		s = s.parent
	}
	return s
}

// analysis holds the scopes of one file.
type analysis struct {
	scopes map[pyast.Node]*scope
	mod    *scope
	gnames map[string]bool // module names that live in __G
	errs   []*LoadError
	file   string
	lines  []string
}

func analyze(mod *pyast.Module, file string, lines []string) *analysis {
	a := &analysis{scopes: map[pyast.Node]*scope{}, gnames: map[string]bool{}, file: file, lines: lines}
	a.mod = newScope(moduleScope, nil, "")
	a.scopes[mod] = a.mod
	w := &scopeWalker{a: a, cur: a.mod}
	w.stmts(mod.Body)
	a.resolve()
	return a
}

func (a *analysis) errorf(pos pyast.Pos, kind, format string, args ...any) {
	a.errs = append(a.errs, newLoadError(a.file, a.lines, pos, kind, sprintf(format, args...), ""))
}

// resolve turns binding events into bound names, cells and __G names.
func (a *analysis) resolve() {
	var all []*scope
	for _, s := range a.scopes {
		all = append(all, s)
	}
	for _, s := range all {
		for _, ev := range s.events {
			if s.kind != moduleScope && s.globals[ev.name] {
				a.gnames[ev.name] = true
				continue
			}
			if _, ok := s.nonlocals[ev.name]; ok {
				continue
			}
			if !s.bound[ev.name] {
				s.bound[ev.name] = true
				s.order = append(s.order, ev.name)
			}
			if ev.inBlock || ev.walrus {
				if s.kind == moduleScope {
					a.gnames[ev.name] = true
				} else {
					s.cells[ev.name] = true
				}
			}
		}
	}
	for _, s := range all {
		for name, pos := range s.nonlocals {
			owner := s.enclosingFunc()
			for owner != nil && !owner.bound[name] {
				owner = owner.enclosingFunc()
			}
			if owner == nil {
				a.errorf(pos, "SyntaxError", "no binding for nonlocal '%s' found", name)
				continue
			}
			owner.cells[name] = true
		}
	}
}

// scopeWalker records bindings per scope.
type scopeWalker struct {
	a       *analysis
	cur     *scope
	inBlock int
}

func (w *scopeWalker) bind(name string, pos pyast.Pos) {
	w.cur.events = append(w.cur.events, bindEvent{name: name, inBlock: w.inBlock > 0, pos: pos})
}

func (w *scopeWalker) walrus(name string, pos pyast.Pos) {
	s := w.cur
	w.cur.events = append(s.events, bindEvent{name: name, walrus: true, pos: pos})
	s.events = w.cur.events
}

func (w *scopeWalker) enter(kind scopeKind, n pyast.Node, name string, body func()) {
	s := newScope(kind, w.cur, name)
	w.a.scopes[n] = s
	saved, savedBlock := w.cur, w.inBlock
	w.cur, w.inBlock = s, 0
	body()
	w.cur, w.inBlock = saved, savedBlock
}

func (w *scopeWalker) stmts(list []pyast.Stmt) {
	for _, st := range list {
		w.stmt(st)
	}
}

func (w *scopeWalker) block(list []pyast.Stmt) {
	w.inBlock++
	w.stmts(list)
	w.inBlock--
}

func (w *scopeWalker) stmt(st pyast.Stmt) {
	switch s := st.(type) {
	case *pyast.FunctionDef:
		for _, d := range s.Decorators {
			w.expr(d.X)
		}
		w.args(s.Args)
		w.bind(s.Name, s.NamePos)
		w.enter(funcScope, s, s.Name, func() {
			w.params(s.Args)
			w.stmts(s.Body)
		})
	case *pyast.ClassDef:
		for _, d := range s.Decorators {
			w.expr(d.X)
		}
		for _, b := range s.Bases {
			w.expr(b)
		}
		for _, k := range s.Keywords {
			w.expr(k.Value)
		}
		w.bind(s.Name, s.NamePos)
		w.enter(classScope, s, s.Name, func() { w.stmts(s.Body) })
	case *pyast.Return:
		w.expr(s.Value)
	case *pyast.Delete:
		for _, t := range s.Targets {
			w.target(t)
		}
	case *pyast.Assign:
		w.expr(s.Value)
		for _, t := range s.Targets {
			w.target(t)
		}
	case *pyast.AugAssign:
		w.expr(s.Value)
		w.target(s.Target)
	case *pyast.AnnAssign:
		w.expr(s.Value)
		w.target(s.Target)
	case *pyast.For:
		w.expr(s.Iter)
		w.target(s.Target)
		w.stmts(s.Body)
		w.stmts(s.OrElse)
	case *pyast.While:
		w.expr(s.Test)
		w.stmts(s.Body)
		w.stmts(s.OrElse)
	case *pyast.If:
		if isMainGuard(s) && w.cur.kind == moduleScope {
			w.stmts(s.OrElse)
			return
		}
		w.expr(s.Test)
		w.stmts(s.Body)
		w.stmts(s.OrElse)
	case *pyast.With:
		for _, it := range s.Items {
			w.expr(it.Context)
		}
		w.inBlock++
		for _, it := range s.Items {
			if it.OptionalVars != nil {
				w.target(it.OptionalVars)
			}
		}
		w.stmts(s.Body)
		w.inBlock--
	case *pyast.Raise:
		w.expr(s.Exc)
		w.expr(s.Cause)
	case *pyast.Try:
		w.block(s.Body)
		for _, h := range s.Handlers {
			w.expr(h.Type)
			w.block(h.Body)
		}
		w.block(s.OrElse)
		w.block(s.FinalBody)
	case *pyast.Assert:
		w.expr(s.Test)
		w.expr(s.Msg)
	case *pyast.Import:
		for _, al := range s.Names {
			w.bind(importBinding(al), al.StartPos)
		}
	case *pyast.ImportFrom:
		for _, al := range s.Names {
			if al.Name == "*" {
				continue
			}
			name := al.Name
			if al.AsName != "" {
				name = al.AsName
			}
			w.bind(name, al.StartPos)
		}
	case *pyast.Global:
		for i, n := range s.Names {
			if w.cur.kind != moduleScope {
				w.cur.globals[n] = true
			}
			_ = i
		}
	case *pyast.Nonlocal:
		for i, n := range s.Names {
			if w.cur.kind == moduleScope {
				w.a.errorf(s.NamePos[i], "SyntaxError", "nonlocal declaration not allowed at module level")
				continue
			}
			w.cur.nonlocals[n] = s.NamePos[i]
		}
	case *pyast.ExprStmt:
		w.expr(s.Value)
	}
}

// importBinding is the name `import a.b.c [as d]` binds.
func importBinding(al *pyast.Alias) string {
	if al.AsName != "" {
		return al.AsName
	}
	for i := 0; i < len(al.Name); i++ {
		if al.Name[i] == '.' {
			return al.Name[:i]
		}
	}
	return al.Name
}

func (w *scopeWalker) args(a *pyast.Arguments) {
	for _, list := range [][]*pyast.Arg{a.PosOnly, a.Args, a.KwOnly} {
		for _, p := range list {
			w.expr(p.Default)
		}
	}
}

func (w *scopeWalker) params(a *pyast.Arguments) {
	for _, p := range allParams(a) {
		w.cur.params = append(w.cur.params, p.Name)
		w.bind(p.Name, p.StartPos)
	}
}

// allParams lists the parameters in declaration order.
func allParams(a *pyast.Arguments) []*pyast.Arg {
	var out []*pyast.Arg
	out = append(out, a.PosOnly...)
	out = append(out, a.Args...)
	if a.Vararg != nil {
		out = append(out, a.Vararg)
	}
	out = append(out, a.KwOnly...)
	if a.Kwarg != nil {
		out = append(out, a.Kwarg)
	}
	return out
}

func (w *scopeWalker) target(t pyast.Expr) {
	switch x := t.(type) {
	case *pyast.Name:
		w.bind(x.ID, x.StartPos)
	case *pyast.Tuple:
		for _, e := range x.Elts {
			w.target(e)
		}
	case *pyast.List:
		for _, e := range x.Elts {
			w.target(e)
		}
	case *pyast.Starred:
		w.target(x.Value)
	default:
		w.expr(t)
	}
}

// expr finds the scopes nested in expressions (lambdas) and walrus targets.
func (w *scopeWalker) expr(e pyast.Expr) {
	if e == nil {
		return
	}
	pyast.Inspect(e, func(n pyast.Node) bool {
		switch x := n.(type) {
		case *pyast.Lambda:
			w.args(x.Args)
			w.enter(lambdaScope, x, "<lambda>", func() {
				w.params(x.Args)
				w.expr(x.Body)
			})
			return false
		case *pyast.NamedExpr:
			w.walrus(x.Target.ID, x.Target.StartPos)
			w.expr(x.Value)
			return false
		case *pyast.Annotation:
			return false
		}
		return true
	})
}

// isMainGuard reports `if __name__ == "__main__":`, whose body never runs
// in gust (the locustfile's module name is "locustfile").
func isMainGuard(s *pyast.If) bool {
	c, ok := s.Test.(*pyast.Compare)
	if !ok || len(c.Ops) != 1 || c.Ops[0] != pyast.Eq {
		return false
	}
	isName := func(e pyast.Expr) bool { n, ok := e.(*pyast.Name); return ok && n.ID == "__name__" }
	isMain := func(e pyast.Expr) bool { k, ok := e.(*pyast.Constant); return ok && k.Value == "__main__" }
	return isName(c.Left) && isMain(c.Comparators[0]) || isMain(c.Left) && isName(c.Comparators[0])
}
