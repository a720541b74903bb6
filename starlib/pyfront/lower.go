package pyfront

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
	"go.starlark.net/syntax"
)

// fileOptions are the go.starlark.net dialect options lowered programs are
// compiled with: while loops, top-level control flow and reassignment (a
// module's top level is ordinary Python code), recursion, sets.
func fileOptions() *syntax.FileOptions {
	return &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
}

// moduleInfo tells the lowering what it needs to know about imports: the
// public names of a module (for `from m import *`) and whether an import
// name can be satisfied at all.
type moduleInfo interface {
	// starNames lists the names `from name import *` binds.
	starNames(name string) ([]string, bool)
}

// lowerer turns one parsed file into a go.starlark.net syntax tree.
type lowerer struct {
	path   string
	file   *string // one shared filename pointer for every position
	lines  []string
	an     *analysis
	mod    string // the module's __name__
	pkg    string // the package relative imports resolve against
	info   moduleInfo
	errs   []*LoadError
	ntemp  int
	nblock int

	fn *fnState   // the Python scope being lowered
	em *emitState // the Starlark function being emitted
}

// fnState is the lowering state of one Python scope.
type fnState struct {
	sc     *scope
	parent *fnState
	// hidden are names bound by constructs that shadow scope names:
	// comprehension variables and except-clause names, innermost last.
	hidden []map[string]bool
	// excs are the names bound to the exceptions being handled (except
	// clauses), innermost last: a bare raise re-raises the last one.
	excs []string
	// self is the first parameter of a method, for super().
	self string
	// classExpr references the class a method belongs to, for super().
	classExpr func(p pyast.Pos) syntax.Expr
}

// emitState is the state of one Starlark function being emitted: a Python
// function body, a class body, or a block (try/with) function.
type emitState struct {
	parent *emitState
	block  bool
	base   string // the Starlark name of the Python function, for block names
	loops  []*loopState
	used   sentinels
	tmp    int
}

type loopState struct {
	flag string // the for/while-else flag, "" without else
}

// sentinels records which control-flow escapes a block function used.
type sentinels struct{ ret, brk, cont bool }

// invalidName stands in for a construct the lowering rejected, so the tree
// still compiles and the resolver reports the file's other problems.
const invalidName = "__invalid"

// Sentinel tags a block function returns (see pyrt.Try).
const (
	tagReturn   = 1
	tagBreak    = 2
	tagContinue = 3
)

func newLoadError(file string, lines []string, pos pyast.Pos, kind, msg, hint string) *LoadError {
	e := &LoadError{File: file, Pos: pos, Kind: kind, Msg: msg, Hint: hint}
	if pos.IsValid() && int(pos.Line) <= len(lines) {
		e.Line = lines[pos.Line-1]
	}
	return e
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func itoa(n int) string { return strconv.Itoa(n) }

// errorf records a load error at pos.
func (l *lowerer) errorf(pos pyast.Pos, kind, hint, format string, args ...any) {
	l.errs = append(l.errs, newLoadError(l.path, l.lines, pos, kind, sprintf(format, args...), hint))
}

// unsupported records a construct gust cannot run.
func (l *lowerer) unsupported(pos pyast.Pos, what, hint string) {
	l.errorf(pos, "Unsupported", hint, "%s is not supported in gust", what)
}

// lowerModule lowers a whole file.
func lowerModule(path string, lines []string, mod *pyast.Module, modName, pkg string, info moduleInfo) (*syntax.File, []*LoadError) {
	file := path
	l := &lowerer{path: path, file: &file, lines: lines, mod: modName, pkg: pkg, info: info}
	l.an = analyze(mod, path, lines)
	l.errs = append(l.errs, l.an.errs...)
	l.fn = &fnState{sc: l.an.mod}
	l.em = &emitState{base: "<module>"}
	start := pyast.Pos{Line: 1, Col: 1}
	var body []syntax.Stmt
	body = append(body,
		l.assign(l.ident("__name__", start), l.str(modName, start), start),
		l.assign(l.ident("__file__", start), l.str(path, start), start))
	if len(l.an.gnames) > 0 {
		body = append(body, l.assign(l.ident("__G", start), l.helper("__globals", start), start))
	}
	body = append(body, l.stmts(mod.Body)...)
	f := &syntax.File{Path: path, Stmts: body, Options: fileOptions()}
	return f, l.errs
}

// pos converts a Python position.
func (l *lowerer) pos(p pyast.Pos) syntax.Position {
	return syntax.MakePosition(l.file, p.Line, p.Col)
}

func (l *lowerer) ident(name string, p pyast.Pos) *syntax.Ident {
	return &syntax.Ident{NamePos: l.pos(p), Name: name}
}

func (l *lowerer) str(s string, p pyast.Pos) *syntax.Literal {
	return &syntax.Literal{Token: syntax.STRING, TokenPos: l.pos(p), Value: s}
}

func (l *lowerer) intLit(n int64, p pyast.Pos) *syntax.Literal {
	return &syntax.Literal{Token: syntax.INT, TokenPos: l.pos(p), Value: n}
}

func (l *lowerer) none(p pyast.Pos) syntax.Expr { return l.ident("None", p) }

func (l *lowerer) call(fn syntax.Expr, p pyast.Pos, args ...syntax.Expr) *syntax.CallExpr {
	return &syntax.CallExpr{Fn: fn, Lparen: l.pos(p), Args: args, Rparen: l.pos(p)}
}

// helper calls one of pyrt's __ helpers.
func (l *lowerer) helper(name string, p pyast.Pos, args ...syntax.Expr) *syntax.CallExpr {
	return l.call(l.ident(name, p), p, args...)
}

func (l *lowerer) assign(lhs, rhs syntax.Expr, p pyast.Pos) *syntax.AssignStmt {
	return &syntax.AssignStmt{OpPos: l.pos(p), Op: syntax.EQ, LHS: lhs, RHS: rhs}
}

func (l *lowerer) index(x, y syntax.Expr, p pyast.Pos) *syntax.IndexExpr {
	return &syntax.IndexExpr{X: x, Lbrack: l.pos(p), Y: y, Rbrack: l.pos(p)}
}

func (l *lowerer) tuple(p pyast.Pos, elems ...syntax.Expr) *syntax.TupleExpr {
	return &syntax.TupleExpr{Lparen: l.pos(p), List: elems, Rparen: l.pos(p)}
}

func (l *lowerer) list(p pyast.Pos, elems ...syntax.Expr) *syntax.ListExpr {
	return &syntax.ListExpr{Lbrack: l.pos(p), List: elems, Rbrack: l.pos(p)}
}

func (l *lowerer) kwarg(name string, v syntax.Expr, p pyast.Pos) syntax.Expr {
	return &syntax.BinaryExpr{X: l.ident(name, p), OpPos: l.pos(p), Op: syntax.EQ, Y: v}
}

func (l *lowerer) binary(op syntax.Token, x, y syntax.Expr, p pyast.Pos) *syntax.BinaryExpr {
	return &syntax.BinaryExpr{X: x, OpPos: l.pos(p), Op: op, Y: y}
}

func (l *lowerer) exprStmt(x syntax.Expr) syntax.Stmt { return &syntax.ExprStmt{X: x} }

func (l *lowerer) ifStmt(cond syntax.Expr, p pyast.Pos, body []syntax.Stmt, orelse []syntax.Stmt) *syntax.IfStmt {
	return &syntax.IfStmt{If: l.pos(p), Cond: cond, True: nonEmpty(l, body, p), ElsePos: l.pos(p), False: orelse}
}

func (l *lowerer) pass(p pyast.Pos) syntax.Stmt {
	return &syntax.BranchStmt{Token: syntax.PASS, TokenPos: l.pos(p)}
}

// nonEmpty returns body, or a lone pass: go.starlark.net nodes need a
// statement in every block.
func nonEmpty(l *lowerer, body []syntax.Stmt, p pyast.Pos) []syntax.Stmt {
	if len(body) == 0 {
		return []syntax.Stmt{l.pass(p)}
	}
	return body
}

// temp returns a fresh synthesized variable name.
func (l *lowerer) temp(prefix string) string {
	l.ntemp++
	return prefix + itoa(l.ntemp)
}

func (l *lowerer) constant(c *pyast.Constant) syntax.Expr {
	p := c.StartPos
	switch v := c.Value.(type) {
	case string:
		return l.str(v, p)
	case pyast.Bytes:
		return &syntax.Literal{Token: syntax.BYTES, TokenPos: l.pos(p), Value: string(v)}
	case int64:
		return l.intLit(v, p)
	case *big.Int:
		return &syntax.Literal{Token: syntax.INT, TokenPos: l.pos(p), Value: v}
	case float64:
		return &syntax.Literal{Token: syntax.FLOAT, TokenPos: l.pos(p), Value: v}
	case bool:
		if v {
			return l.ident("True", p)
		}
		return l.ident("False", p)
	case pyast.None:
		return l.none(p)
	case pyast.Ellipsis:
		return l.ident("Ellipsis", p)
	}
	l.unsupported(p, fmt.Sprintf("the constant %v", c.Value), "")
	return l.none(p)
}

// ---- names ----

type refKind int

const (
	refPlain refKind = iota // a Starlark variable
	refDict                 // an entry of a cell dict or __G
)

type ref struct {
	kind  refKind
	ident string // the variable, or the dict variable
	key   string // the dict key
}

func (fs *fnState) hides(name string) bool {
	for i := len(fs.hidden) - 1; i >= 0; i-- {
		if fs.hidden[i][name] {
			return true
		}
	}
	return false
}

func (fs *fnState) currentExc() string {
	if n := len(fs.excs); n > 0 {
		return fs.excs[n-1]
	}
	return ""
}

// resolve finds where a Python name lives, from the current scope outwards
// with Python's rules (class bodies are invisible to nested functions).
func (l *lowerer) resolve(name string) ref {
	for fs := l.fn; fs != nil; fs = fs.parent {
		if fs.hides(name) {
			return ref{kind: refPlain, ident: name}
		}
		sc := fs.sc
		switch sc.kind {
		case moduleScope:
			if l.an.gnames[name] {
				return ref{kind: refDict, ident: "__G", key: name}
			}
			return ref{kind: refPlain, ident: name}
		case classScope:
			if fs != l.fn || !sc.bound[name] {
				continue
			}
			if sc.cells[name] {
				return ref{kind: refDict, ident: sc.cellDict(), key: name}
			}
			return ref{kind: refPlain, ident: classLocal(sc, name)}
		default:
			if sc.globals[name] {
				if l.an.gnames[name] {
					return ref{kind: refDict, ident: "__G", key: name}
				}
				return ref{kind: refPlain, ident: name}
			}
			if _, ok := sc.nonlocals[name]; ok {
				owner := sc.enclosingFunc()
				for owner != nil && !owner.bound[name] {
					owner = owner.enclosingFunc()
				}
				if owner != nil {
					return ref{kind: refDict, ident: owner.cellDict(), key: name}
				}
				return ref{kind: refPlain, ident: name}
			}
			if sc.bound[name] {
				if sc.cells[name] {
					return ref{kind: refDict, ident: sc.cellDict(), key: name}
				}
				return ref{kind: refPlain, ident: name}
			}
		}
	}
	return ref{kind: refPlain, ident: name}
}

// classLocal is the Starlark variable holding class attribute name while the
// class body runs: a name no Python code can spell, so methods (which
// Python does not let see class attributes) never capture it.
func classLocal(sc *scope, name string) string { return sc.qual + "." + name }

// load reads a name.
func (l *lowerer) load(name string, p pyast.Pos) syntax.Expr {
	r := l.resolve(name)
	if r.kind == refDict {
		return l.index(l.ident(r.ident, p), l.str(r.key, p), p)
	}
	return l.ident(r.ident, p)
}

// storeTarget returns the assignable expression for a name.
func (l *lowerer) storeName(name string, p pyast.Pos) syntax.Expr { return l.load(name, p) }

// isLiteralish reports expressions whose value never needs __share.
func isLiteralish(e pyast.Expr) bool {
	switch x := e.(type) {
	case *pyast.Constant, *pyast.JoinedStr, *pyast.Lambda:
		return true
	case *pyast.UnaryOp:
		return isLiteralish(x.Operand)
	case *pyast.BinOp:
		_, ls := x.Left.(*pyast.Constant)
		_, rs := x.Right.(*pyast.Constant)
		return ls && rs
	}
	return false
}

// displayName is how a def is named in Starlark (and so in tracebacks).
func (l *lowerer) defName(sc *scope, name string) string {
	if sc.parent != nil && sc.parent.kind == classScope {
		return sc.qual
	}
	return name
}

// cleanDoc reports a docstring statement, which the lowering drops.
func isDocstring(st pyast.Stmt) bool {
	es, ok := st.(*pyast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := es.Value.(*pyast.Constant)
	if !ok {
		return false
	}
	_, isStr := c.Value.(string)
	return isStr
}

// sourceLines splits a file for error excerpts.
func sourceLines(src []byte) []string {
	return strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
}
