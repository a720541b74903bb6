package pyparse

import "github.com/gust-load/gust/starlib/pyfront/pyast"

// tokKind is the kind of a token. Keywords have their own kinds; soft keywords (match, case,
// type, _) are names.
type tokKind uint8

const (
	tEOF   tokKind = iota // ENDMARKER
	tError                // a lexical error; the scanner stops after it
	tNewline
	tIndent
	tDedent
	tName
	tNumber        // val: int64, *big.Int or float64
	tString        // a plain str or bytes literal; val: string or pyast.Bytes
	tFStringStart  // f" ... the parts follow as tFStringMiddle and replacement fields
	tFStringMiddle // a literal part of an f-string or format spec, escapes decoded; val: string
	tFStringEnd    // the closing quote of an f-string

	// Operators and delimiters.
	tLParen
	tRParen
	tLBrack
	tRBrack
	tLBrace
	tRBrace
	tColon
	tComma
	tSemi
	tPlus
	tMinus
	tStar
	tSlash
	tVBar
	tAmper
	tLess
	tGreater
	tEqual
	tDot
	tPercent
	tEqEqual
	tNotEqual
	tLessEqual
	tGreaterEqual
	tTilde
	tCircumflex
	tLShift
	tRShift
	tDoubleStar
	tDoubleSlash
	tAt
	tRArrow
	tEllipsis
	tColonEqual
	tExclamation
	tUnknown // '$', '?' or '`': tokens in CPython's tokenizer that no grammar rule accepts
	tPlusEqual
	tMinusEqual
	tStarEqual
	tSlashEqual
	tPercentEqual
	tAmperEqual
	tVBarEqual
	tCircumflexEqual
	tLShiftEqual
	tRShiftEqual
	tDoubleStarEqual
	tDoubleSlashEqual
	tAtEqual

	// Keywords.
	tFalse
	tNone
	tTrue
	tAnd
	tAs
	tAssert
	tAsync
	tAwait
	tBreak
	tClass
	tContinue
	tDef
	tDel
	tElif
	tElse
	tExcept
	tFinally
	tFor
	tFrom
	tGlobal
	tIf
	tImport
	tIn
	tIs
	tLambda
	tNonlocal
	tNot
	tOr
	tPass
	tRaise
	tReturn
	tTry
	tWhile
	tWith
	tYield
)

// keywordKind maps Python's hard keywords to their token kinds.
func keywordKind(s string) (tokKind, bool) {
	switch s {
	case "False":
		return tFalse, true
	case "None":
		return tNone, true
	case "True":
		return tTrue, true
	case "and":
		return tAnd, true
	case "as":
		return tAs, true
	case "assert":
		return tAssert, true
	case "async":
		return tAsync, true
	case "await":
		return tAwait, true
	case "break":
		return tBreak, true
	case "class":
		return tClass, true
	case "continue":
		return tContinue, true
	case "def":
		return tDef, true
	case "del":
		return tDel, true
	case "elif":
		return tElif, true
	case "else":
		return tElse, true
	case "except":
		return tExcept, true
	case "finally":
		return tFinally, true
	case "for":
		return tFor, true
	case "from":
		return tFrom, true
	case "global":
		return tGlobal, true
	case "if":
		return tIf, true
	case "import":
		return tImport, true
	case "in":
		return tIn, true
	case "is":
		return tIs, true
	case "lambda":
		return tLambda, true
	case "nonlocal":
		return tNonlocal, true
	case "not":
		return tNot, true
	case "or":
		return tOr, true
	case "pass":
		return tPass, true
	case "raise":
		return tRaise, true
	case "return":
		return tReturn, true
	case "try":
		return tTry, true
	case "while":
		return tWhile, true
	case "with":
		return tWith, true
	case "yield":
		return tYield, true
	}
	return 0, false
}

// augOperator returns the operator of an augmented assignment token such as "+=".
func augOperator(k tokKind) (pyast.Operator, bool) {
	switch k {
	case tPlusEqual:
		return pyast.Add, true
	case tMinusEqual:
		return pyast.Sub, true
	case tStarEqual:
		return pyast.Mult, true
	case tAtEqual:
		return pyast.MatMult, true
	case tSlashEqual:
		return pyast.Div, true
	case tPercentEqual:
		return pyast.Mod, true
	case tDoubleStarEqual:
		return pyast.Pow, true
	case tLShiftEqual:
		return pyast.LShift, true
	case tRShiftEqual:
		return pyast.RShift, true
	case tVBarEqual:
		return pyast.BitOr, true
	case tCircumflexEqual:
		return pyast.BitXor, true
	case tAmperEqual:
		return pyast.BitAnd, true
	case tDoubleSlashEqual:
		return pyast.FloorDiv, true
	}
	return 0, false
}

// token is one lexical token. Positions follow pyast's convention; off and endOff are byte
// offsets into the prepared source, used to recover the text of an f-string's "{expr=}".
type token struct {
	kind   tokKind
	pos    pyast.Pos
	end    pyast.Pos
	off    int
	endOff int
	text   string // the source text of names, keywords, operators and numbers
	val    any    // decoded value of numbers, strings and f-string parts

	uPrefix  bool // a string literal written with the u prefix
	specOpen bool // a ':' that opens an f-string format spec rather than an operator
	err      *scanError
}

// scanError is a lexical error. eager errors are those CPython's tokenizer raises as soon as
// it meets them; they win over a parser error reported earlier in the file, because CPython
// tokenizes the rest of the file after a parse error and lets such errors replace it. The
// others (bad indentation, a stray character, end of file inside brackets) only matter when
// the parser reaches them.
type scanError struct {
	pos   pyast.Pos
	msg   string
	kind  string
	eager bool
	// unclosed is set when the file ended inside brackets; pos is then the opening bracket.
	unclosed bool
}
