// Package pyast is the syntax tree of the Python locustfile dialect that gust reads.
//
// The tree mirrors CPython 3.12's ast module closely enough that Dump prints the same text as
// CPython 3.11's ast.dump (tests compare the two; 3.12 only adds an empty type_params field to
// defs and classes), and it adds what CPython leaves out but gust needs:
// the exact position of every operator, bracket and keyword that a later pass turns into a
// go.starlark.net syntax node, so that each runtime error points at the right place. The parser
// lives in package pyparse; the lowering onto go.starlark.net comes after it. This package does
// not import go.starlark.net.
//
// Positions are 1-based lines and 1-based columns that count runes (characters), the same
// convention as go.starlark.net's syntax.Position, so a Pos converts field by field. A node's
// Span runs from the first character of the first token its grammar rule consumed to just past
// the last character of the last token (an exclusive end), as CPython's lineno/col_offset and
// end_lineno/end_col_offset do, except that columns count runes instead of UTF-8 bytes.
package pyast

import "fmt"

// Pos is a position in a source file: 1-based line, and 1-based column counting runes. The zero
// Pos means "unknown" and appears only in optional position fields whose token is absent.
type Pos struct {
	Line int32
	Col  int32
}

// IsValid reports whether p refers to a real place in the file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Before reports whether p comes strictly before q.
func (p Pos) Before(q Pos) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Col < q.Col)
}

// String renders p as "line:col", the form used inside error messages.
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Span is the extent of a node: StartPos is its first character, EndPos is just past its last.
// Every node embeds one, which gives it the Start and End methods of Node.
type Span struct {
	StartPos Pos
	EndPos   Pos
}

// Start returns the position of the node's first character.
func (s Span) Start() Pos { return s.StartPos }

// End returns the position just past the node's last character.
func (s Span) End() Pos { return s.EndPos }

// Node is any element of the tree.
type Node interface {
	Start() Pos
	End() Pos
}

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Stmt is a statement node.
type Stmt interface {
	Node
	stmtNode()
}

// Module is a whole parsed file.
type Module struct {
	Span
	Filename string
	Body     []Stmt
}

// Annotation wraps a type annotation (of a parameter, a return value or an annotated assignment).
// Python evaluates annotations but gust ignores them, so they get their own node type: the
// lowering drops the field, and a visitor that returns false on *Annotation skips the subtree.
type Annotation struct {
	Span
	X Expr
}

// Ctx says how an expression is used: read, assigned to, or deleted (CPython's expr_context).
type Ctx uint8

// The expression contexts.
const (
	Load Ctx = iota
	Store
	Del
)

// String returns CPython's class name for the context.
func (c Ctx) String() string {
	switch c {
	case Store:
		return "Store"
	case Del:
		return "Del"
	}
	return "Load"
}

// BoolOperator is "and" or "or".
type BoolOperator uint8

// The boolean operators.
const (
	And BoolOperator = iota
	Or
)

// String returns CPython's class name for the operator.
func (o BoolOperator) String() string {
	if o == Or {
		return "Or"
	}
	return "And"
}

// Symbol returns the operator as written in Python source.
func (o BoolOperator) Symbol() string {
	if o == Or {
		return "or"
	}
	return "and"
}

// Operator is a binary arithmetic or bitwise operator, also used by augmented assignment.
type Operator uint8

// The binary operators, in CPython's order.
const (
	Add Operator = iota
	Sub
	Mult
	MatMult
	Div
	Mod
	Pow
	LShift
	RShift
	BitOr
	BitXor
	BitAnd
	FloorDiv
)

// names returns CPython's class name and the source symbol; a switch instead of a table keeps
// the package free of package-level variables.
func (o Operator) names() (name, sym string) {
	switch o {
	case Add:
		return "Add", "+"
	case Sub:
		return "Sub", "-"
	case Mult:
		return "Mult", "*"
	case MatMult:
		return "MatMult", "@"
	case Div:
		return "Div", "/"
	case Mod:
		return "Mod", "%"
	case Pow:
		return "Pow", "**"
	case LShift:
		return "LShift", "<<"
	case RShift:
		return "RShift", ">>"
	case BitOr:
		return "BitOr", "|"
	case BitXor:
		return "BitXor", "^"
	case BitAnd:
		return "BitAnd", "&"
	case FloorDiv:
		return "FloorDiv", "//"
	}
	return fmt.Sprintf("Operator(%d)", uint8(o)), "?"
}

// String returns CPython's class name for the operator.
func (o Operator) String() string { n, _ := o.names(); return n }

// Symbol returns the operator as written in Python source ("+", "//", ...).
func (o Operator) Symbol() string { _, s := o.names(); return s }

// UnaryOperator is a prefix operator.
type UnaryOperator uint8

// The unary operators.
const (
	Invert UnaryOperator = iota
	Not
	UAdd
	USub
)

func (o UnaryOperator) names() (name, sym string) {
	switch o {
	case Invert:
		return "Invert", "~"
	case Not:
		return "Not", "not"
	case UAdd:
		return "UAdd", "+"
	case USub:
		return "USub", "-"
	}
	return fmt.Sprintf("UnaryOperator(%d)", uint8(o)), "?"
}

// String returns CPython's class name for the operator.
func (o UnaryOperator) String() string { n, _ := o.names(); return n }

// Symbol returns the operator as written in Python source.
func (o UnaryOperator) Symbol() string { _, s := o.names(); return s }

// CmpOperator is a comparison operator.
type CmpOperator uint8

// The comparison operators.
const (
	Eq CmpOperator = iota
	NotEq
	Lt
	LtE
	Gt
	GtE
	Is
	IsNot
	In
	NotIn
)

func (o CmpOperator) names() (name, sym string) {
	switch o {
	case Eq:
		return "Eq", "=="
	case NotEq:
		return "NotEq", "!="
	case Lt:
		return "Lt", "<"
	case LtE:
		return "LtE", "<="
	case Gt:
		return "Gt", ">"
	case GtE:
		return "GtE", ">="
	case Is:
		return "Is", "is"
	case IsNot:
		return "IsNot", "is not"
	case In:
		return "In", "in"
	case NotIn:
		return "NotIn", "not in"
	}
	return fmt.Sprintf("CmpOperator(%d)", uint8(o)), "?"
}

// String returns CPython's class name for the operator.
func (o CmpOperator) String() string { n, _ := o.names(); return n }

// Symbol returns the operator as written in Python source ("is not", "<=", ...).
func (o CmpOperator) Symbol() string { _, s := o.names(); return s }
