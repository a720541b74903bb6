package pyparse

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// The kinds of syntax error, named after the Python exception a user of CPython would see.
const (
	KindSyntax      = "SyntaxError"
	KindIndentation = "IndentationError"
	KindTab         = "TabError"
)

// Error is a syntax error in a Python source file. Pos is always a valid position inside the
// file (a column may be one past the end of its line, where a missing token was expected).
type Error struct {
	Filename string
	Pos      pyast.Pos
	Msg      string // CPython 3.11/3.12's wording where there is one, e.g. "expected ':'"
	Kind     string // KindSyntax, KindIndentation or KindTab
	Line     string // the text of line Pos.Line, without its newline

	final bool // no scanner error found later may replace this one (see parser.finalError)
}

// Error renders the error as "file:line:col: message", the form of go.starlark.net's errors.
func (e *Error) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", e.Filename, e.Pos.Line, e.Pos.Col, e.Msg)
}

// Excerpt renders the offending source line and a caret under the error's column, the way
// CPython shows them: the line indented by four spaces with its own indentation removed.
// It returns "" when the line is not known.
func (e *Error) Excerpt() string {
	line := strings.ToValidUTF8(e.Line, "\uFFFD")
	trimmed := strings.TrimLeft(line, " \t\f")
	if strings.TrimSpace(trimmed) == "" {
		return ""
	}
	removed := utf8.RuneCountInString(line) - utf8.RuneCountInString(trimmed)
	col := int(e.Pos.Col) - 1 - removed
	if col < 0 {
		col = 0
	}
	// Keep tabs in the caret's indentation so that it lines up under tab-separated text.
	var pad strings.Builder
	for i, r := range []rune(trimmed) {
		if i >= col {
			break
		}
		if r == '\t' {
			pad.WriteByte('\t')
		} else {
			pad.WriteByte(' ')
		}
	}
	for n := utf8.RuneCountInString(trimmed); n < col; n++ {
		pad.WriteByte(' ')
	}
	return "    " + strings.TrimRight(trimmed, " \t\f") + "\n    " + pad.String() + "^"
}
