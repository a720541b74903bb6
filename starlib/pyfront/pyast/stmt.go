package pyast

// Statements. Keyword and punctuation positions are kept as separate fields because the
// lowering stamps them on the go.starlark.net nodes it synthesizes (DefStmt.Def,
// ForStmt.For, AssignStmt.OpPos, ...). A zero Pos means the token is absent.

// Decorator is one "@expr" line above a def or class.
type Decorator struct {
	Span      // from the '@' to the end of the expression
	At   Pos  // the '@'
	X    Expr // any expression (PEP 614)
}

// FunctionDef is "def name(args) -> returns: body", with its decorators.
type FunctionDef struct {
	Span                    // from the def keyword (not the first decorator) to the end of the body, as CPython
	Decorators []*Decorator // outermost first, as written
	Def        Pos          // the def keyword
	Name       string       // the function's name
	NamePos    Pos          // position of Name
	Lparen     Pos          // '(' of the parameter list
	Args       *Arguments   // never nil
	Rparen     Pos          // ')' of the parameter list
	Arrow      Pos          // '->', zero without a return annotation
	Returns    *Annotation  // the return annotation, nil without one
	Colon      Pos          // ':' before the body
	Body       []Stmt       // at least one statement
}

// ClassDef is "class name(bases, keywords): body", with its decorators.
type ClassDef struct {
	Span                    // from the class keyword to the end of the body
	Decorators []*Decorator // outermost first
	Class      Pos          // the class keyword
	Name       string       // the class name
	NamePos    Pos          // position of Name
	Lparen     Pos          // zero when there is no parenthesised list
	Bases      []Expr       // positional arguments, including *args
	Keywords   []*Keyword   // metaclass=..., **kwargs
	Rparen     Pos          // zero when there is no parenthesised list
	Colon      Pos          // ':' before the body
	Body       []Stmt       // at least one statement
}

// Return is "return" or "return value".
type Return struct {
	Span
	Value Expr // nil for a bare return
}

// Delete is "del targets"; each target has the Del context.
type Delete struct {
	Span
	Targets []Expr
}

// Assign is "t1 = t2 = ... = value". Targets has one element per '=', in source order, each
// with the Store context; EqPos holds the position of each '=' (len(EqPos) == len(Targets)).
type Assign struct {
	Span
	Targets []Expr
	EqPos   []Pos
	Value   Expr
}

// AugAssign is "target op= value".
type AugAssign struct {
	Span
	Target Expr     // a Name, Attribute or Subscript with the Store context
	Op     Operator // the operator without its '='
	OpPos  Pos      // the "+=" token
	Value  Expr
}

// AnnAssign is "target: annotation" or "target: annotation = value".
type AnnAssign struct {
	Span
	Target     Expr        // a Name, Attribute or Subscript with the Store context
	Colon      Pos         // the ':'
	Annotation *Annotation // dropped by the lowering
	Eq         Pos         // the '=', zero without a value
	Value      Expr        // nil without a value
	Simple     bool        // the target is a bare, unparenthesised name (CPython's simple=1)
}

// For is "for target in iter: body else: orelse".
type For struct {
	Span
	For    Pos  // the for keyword (go.starlark.net reports "not iterable" there)
	Target Expr // Store context; a Tuple for "for k, v in ..."
	In     Pos  // the in keyword
	Iter   Expr
	Colon  Pos
	Body   []Stmt
	Else   Pos    // the else keyword, zero without an else clause
	OrElse []Stmt // runs when the loop ends without break
}

// While is "while test: body else: orelse".
type While struct {
	Span
	While  Pos
	Test   Expr
	Colon  Pos
	Body   []Stmt
	Else   Pos
	OrElse []Stmt
}

// If is "if test: body" with optional elif and else parts. As in CPython, an elif chain is an
// If whose OrElse holds a single If with Elif set.
type If struct {
	Span
	If     Pos  // the if or elif keyword
	Elif   bool // this If stands for an elif clause of its parent
	Test   Expr
	Colon  Pos
	Body   []Stmt
	Else   Pos // the else keyword, zero when absent or when OrElse is an elif
	OrElse []Stmt
}

// With is "with item, item as target: body".
type With struct {
	Span
	With  Pos
	Items []*WithItem
	Colon Pos
	Body  []Stmt
}

// WithItem is one "context [as target]" of a with statement.
type WithItem struct {
	Span              // from the context expression to the end of the target
	Context      Expr // the context manager
	As           Pos  // zero without "as"
	OptionalVars Expr // the target (Store context), nil without "as"
}

// Raise is "raise", "raise exc" or "raise exc from cause".
type Raise struct {
	Span
	Exc   Expr // nil for a bare re-raise
	From  Pos  // zero without "from"
	Cause Expr // nil without "from"
}

// Try is "try: body except...: ... else: ... finally: ...".
type Try struct {
	Span
	Try       Pos
	Body      []Stmt
	Handlers  []*ExceptHandler
	Else      Pos // zero without else
	OrElse    []Stmt
	Finally   Pos // zero without finally
	FinalBody []Stmt
}

// ExceptHandler is one "except Type as name: body" clause.
type ExceptHandler struct {
	Span           // from the except keyword to the end of the body
	Except  Pos    // the except keyword
	Type    Expr   // nil for a bare "except:"
	As      Pos    // zero without "as"
	Name    string // "" without "as"
	NamePos Pos    // position of Name
	Colon   Pos
	Body    []Stmt
}

// Assert is "assert test" or "assert test, msg".
type Assert struct {
	Span
	Test Expr
	Msg  Expr // nil without a message
}

// Import is "import a.b as c, d".
type Import struct {
	Span
	Names []*Alias
}

// ImportFrom is "from ..module import names". Module is "" for "from . import x".
type ImportFrom struct {
	Span
	Module    string   // dotted name, "" when only dots are given
	ModulePos Pos      // zero when Module is ""
	Level     int      // number of leading dots (relative import depth)
	Names     []*Alias // a single Alias named "*" for "import *"
}

// Alias is one imported name: "a.b.c as d" in import, "x as y" or "*" in from-import.
type Alias struct {
	Span             // from the name to the end of the alias
	Name      string // possibly dotted
	AsName    string // "" without "as"
	AsNamePos Pos    // zero without "as"
}

// Global is "global a, b".
type Global struct {
	Span
	Names   []string
	NamePos []Pos // position of each name
}

// Nonlocal is "nonlocal a, b".
type Nonlocal struct {
	Span
	Names   []string
	NamePos []Pos
}

// ExprStmt is an expression used as a statement (CPython's Expr; Dump prints it as "Expr").
type ExprStmt struct {
	Span
	Value Expr
}

// Pass is "pass".
type Pass struct{ Span }

// Break is "break".
type Break struct{ Span }

// Continue is "continue".
type Continue struct{ Span }

func (*FunctionDef) stmtNode() {}
func (*ClassDef) stmtNode()    {}
func (*Return) stmtNode()      {}
func (*Delete) stmtNode()      {}
func (*Assign) stmtNode()      {}
func (*AugAssign) stmtNode()   {}
func (*AnnAssign) stmtNode()   {}
func (*For) stmtNode()         {}
func (*While) stmtNode()       {}
func (*If) stmtNode()          {}
func (*With) stmtNode()        {}
func (*Raise) stmtNode()       {}
func (*Try) stmtNode()         {}
func (*Assert) stmtNode()      {}
func (*Import) stmtNode()      {}
func (*ImportFrom) stmtNode()  {}
func (*Global) stmtNode()      {}
func (*Nonlocal) stmtNode()    {}
func (*ExprStmt) stmtNode()    {}
func (*Pass) stmtNode()        {}
func (*Break) stmtNode()       {}
func (*Continue) stmtNode()    {}
