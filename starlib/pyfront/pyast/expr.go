package pyast

// Expressions. Operator and bracket positions are separate fields because go.starlark.net
// reports a failing call at CallExpr.Lparen, an index at IndexExpr.Lbrack, an attribute at
// DotExpr.Dot and an operator at BinaryExpr.OpPos.

// BoolOp is "a and b and c" or "a or b": a flattened chain of one operator.
type BoolOp struct {
	Span
	Op     BoolOperator
	Values []Expr // at least two
	OpPos  []Pos  // the operator between Values[i] and Values[i+1]
}

// NamedExpr is "target := value".
type NamedExpr struct {
	Span
	Target *Name // Store context
	OpPos  Pos   // the ":="
	Value  Expr
}

// BinOp is "left op right".
type BinOp struct {
	Span
	Left  Expr
	Op    Operator
	OpPos Pos
	Right Expr
}

// UnaryOp is "op operand"; the operator is at Start().
type UnaryOp struct {
	Span
	Op      UnaryOperator
	Operand Expr
}

// Lambda is "lambda args: body".
type Lambda struct {
	Span             // starts at the lambda keyword
	Args  *Arguments // never nil; parameters carry no annotations
	Colon Pos
	Body  Expr
}

// IfExp is "body if test else orelse".
type IfExp struct {
	Span
	Body   Expr
	If     Pos
	Test   Expr
	Else   Pos
	OrElse Expr
}

// Dict is a dict display "{k: v, **m}".
type Dict struct {
	Span              // includes the braces
	Items []*DictItem // in source order
}

// DictItem is "key: value", or "**value" when Key is nil.
type DictItem struct {
	Span
	Key      Expr // nil for "**value"
	Colon    Pos  // the ':', zero for "**value"
	StarStar Pos  // the '**', zero for "key: value"
	Value    Expr
}

// Set is a set display "{a, *b}".
type Set struct {
	Span
	Elts []Expr
}

// Comprehension is one "for target in iter if cond ..." clause.
type Comprehension struct {
	Span        // from the for keyword to the end of the last condition
	For    Pos  // the for keyword
	Target Expr // Store context
	In     Pos  // the in keyword
	Iter   Expr
	Ifs    []Expr
	IfPos  []Pos // the if keyword of each condition
}

// ListComp is "[elt for ...]".
type ListComp struct {
	Span
	Elt        Expr
	Generators []*Comprehension
}

// SetComp is "{elt for ...}".
type SetComp struct {
	Span
	Elt        Expr
	Generators []*Comprehension
}

// DictComp is "{key: value for ...}".
type DictComp struct {
	Span
	Key        Expr
	Colon      Pos
	Value      Expr
	Generators []*Comprehension
}

// GeneratorExp is "(elt for ...)". As in CPython, a generator that is the only argument of a
// call shares the call's parentheses, and its Span includes them.
type GeneratorExp struct {
	Span
	Elt        Expr
	Generators []*Comprehension
}

// Await is "await value". pyparse rejects await (gust has no coroutines); the type exists so the
// tree covers the language.
type Await struct {
	Span
	Value Expr
}

// Yield is "yield" or "yield value".
type Yield struct {
	Span
	Value Expr // nil for a bare yield
}

// YieldFrom is "yield from value".
type YieldFrom struct {
	Span
	Value Expr
}

// Compare is a comparison chain "left op1 c1 op2 c2 ...".
type Compare struct {
	Span
	Left        Expr
	Ops         []CmpOperator
	OpPos       []Pos // position of each operator ("is not" and "not in" at their first word)
	Comparators []Expr
}

// Call is "func(args, keywords)". CPython's shape: positional arguments (including *x) in Args,
// keyword arguments (including **x) in Keywords.
type Call struct {
	Span
	Func     Expr
	Lparen   Pos
	Args     []Expr
	Keywords []*Keyword
	Rparen   Pos
}

// Keyword is "name=value" in a call or class header, or "**value" when Name is "".
type Keyword struct {
	Span            // from the name (or '**') to the end of the value
	Name     string // "" for "**value"
	Eq       Pos    // the '=', zero for "**value"
	StarStar Pos    // the '**', zero for "name=value"
	Value    Expr
}

// Conversion characters of a FormattedValue, with CPython's numbering.
const (
	ConvNone  = -1  // no conversion
	ConvStr   = 's' // !s
	ConvRepr  = 'r' // !r
	ConvASCII = 'a' // !a
)

// FormattedValue is one replacement field "{value!conv:spec}" of an f-string.
//
// For the debug form "{expr=}" the parser does what CPython does: the text "expr=" (exactly as
// written, spaces included) is appended to the preceding literal part of the JoinedStr, and the
// conversion becomes !r when neither a conversion nor a format spec is given. DebugText keeps
// that text for tools and messages; the lowering needs no special case for it.
type FormattedValue struct {
	Span       // from '{' to just past '}'
	Value      Expr
	Conversion int        // ConvNone, ConvStr, ConvRepr or ConvASCII
	FormatSpec *JoinedStr // nil without ':'; its parts may contain nested fields
	DebugText  string     // "x=" for "{x=}", "" otherwise
}

// JoinedStr is an f-string (with any adjacent literals it is concatenated with): literal parts
// (*Constant holding a string) and replacement fields (*FormattedValue), in order. Adjacent
// literals are merged and empty ones dropped, as CPython does.
type JoinedStr struct {
	Span
	Values []Expr
}

// Bytes is the value of a bytes literal: the bytes, in a Go string.
type Bytes string

// None is the value of the None constant.
type None struct{}

// Ellipsis is the value of the "..." constant.
type Ellipsis struct{}

// Constant is a literal. Value is one of: string (a str; adjacent literals already
// concatenated; lone surrogates from \uD800-style escapes are kept as their 3-byte WTF-8
// encoding), Bytes, int64, *big.Int (integers that do not fit in int64), float64, bool, None,
// Ellipsis.
type Constant struct {
	Span
	Value any
	Kind  string // "u" when the first literal had the u prefix, as CPython records it
}

// Attribute is "value.attr".
type Attribute struct {
	Span
	Value   Expr
	Dot     Pos
	Attr    string
	AttrPos Pos
	Ctx     Ctx
}

// Subscript is "value[slice]"; "d[1, 2]" has a Tuple slice.
type Subscript struct {
	Span
	Value  Expr
	Lbrack Pos
	Slice  Expr // an expression, a *Slice, or a *Tuple that may contain *Slice elements
	Rbrack Pos
	Ctx    Ctx
}

// Starred is "*value" in a call, display or assignment target; the '*' is at Start().
type Starred struct {
	Span
	Value Expr
	Ctx   Ctx
}

// Name is an identifier; NamePos is Start().
type Name struct {
	Span
	ID  string
	Ctx Ctx
}

// List is a list display or target "[a, b]".
type List struct {
	Span
	Elts []Expr
	Ctx  Ctx
}

// Tuple is "a, b" or "(a, b)" or "()". When Parens is set the Span includes the parentheses.
type Tuple struct {
	Span
	Elts   []Expr
	Ctx    Ctx
	Parens bool
}

// Slice is "lower:upper:step" inside a subscript; any part may be nil.
type Slice struct {
	Span
	Lower Expr
	Upper Expr
	Step  Expr
}

// Arguments is the parameter list of a def or lambda. Unlike CPython, each parameter carries its
// own default (Arg.Default); Dump reassembles CPython's defaults and kw_defaults lists.
type Arguments struct {
	Span           // from the first parameter to the last; zero for an empty list
	PosOnly []*Arg // parameters before '/'
	Slash   Pos    // the '/', zero without one
	Args    []*Arg // ordinary parameters
	Star    Pos    // the '*' (bare or of *args), zero without one
	Vararg  *Arg   // *args, nil without one
	KwOnly  []*Arg // keyword-only parameters, after '*' or *args
	Kwarg   *Arg   // **kwargs, nil without one
}

// Arg is one parameter.
type Arg struct {
	Span           // from the name to the end of its annotation, as CPython
	Star       Pos // the '*' or '**' of *args or **kwargs, zero otherwise
	Name       string
	Annotation *Annotation // nil without one; dropped by the lowering
	Eq         Pos         // the '=' of the default, zero without one
	Default    Expr        // nil without one
}

func (*BoolOp) exprNode()         {}
func (*NamedExpr) exprNode()      {}
func (*BinOp) exprNode()          {}
func (*UnaryOp) exprNode()        {}
func (*Lambda) exprNode()         {}
func (*IfExp) exprNode()          {}
func (*Dict) exprNode()           {}
func (*Set) exprNode()            {}
func (*ListComp) exprNode()       {}
func (*SetComp) exprNode()        {}
func (*DictComp) exprNode()       {}
func (*GeneratorExp) exprNode()   {}
func (*Await) exprNode()          {}
func (*Yield) exprNode()          {}
func (*YieldFrom) exprNode()      {}
func (*Compare) exprNode()        {}
func (*Call) exprNode()           {}
func (*FormattedValue) exprNode() {}
func (*JoinedStr) exprNode()      {}
func (*Constant) exprNode()       {}
func (*Attribute) exprNode()      {}
func (*Subscript) exprNode()      {}
func (*Starred) exprNode()        {}
func (*Name) exprNode()           {}
func (*List) exprNode()           {}
func (*Tuple) exprNode()          {}
func (*Slice) exprNode()          {}
