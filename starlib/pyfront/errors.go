package pyfront

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// LoadError is a problem found while loading a locustfile, before any user
// starts: a syntax error, an unsupported construct or module, a name that is
// not defined. Error() starts with "file:line:col: ", as compilers do.
type LoadError struct {
	File string    // absolute path of the file
	Pos  pyast.Pos // 1-based line and column (runes); zero when unknown
	// Kind is the Python exception a user of CPython would see
	// (SyntaxError, NameError, ImportError) or "Unsupported".
	Kind string
	Msg  string
	// Line is the source line, without its newline ("" when unknown).
	Line string
	// Hint says what to do instead ("" when there is nothing to add).
	Hint string
}

// Error renders "file:line:col: message (hint)".
func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Pos.IsValid() {
		fmt.Fprintf(&b, ":%d:%d", e.Pos.Line, e.Pos.Col)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Excerpt is the source line and a caret under the error's column, as
// Python prints them ("" when the line is unknown).
func (e *LoadError) Excerpt() string {
	if e.Line == "" || !e.Pos.IsValid() {
		return ""
	}
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
	return "    " + strings.TrimRight(trimmed, " \t\f") + "\n    " + strings.Repeat(" ", col) + "^"
}

// Detail is the full report a user sees: the error line, the excerpt with
// its caret, and the hint.
func (e *LoadError) Detail() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s", e.File)
	if e.Pos.IsValid() {
		fmt.Fprintf(&b, ":%d:%d", e.Pos.Line, e.Pos.Col)
	}
	fmt.Fprintf(&b, ": %s\n", e.Msg)
	if x := e.Excerpt(); x != "" {
		b.WriteString(x)
		b.WriteByte('\n')
	}
	if e.Hint != "" {
		fmt.Fprintf(&b, "hint: %s\n", e.Hint)
	}
	return b.String()
}

// ErrorList is every problem found in a program's files, sorted by file and
// position. Load returns it when there is more than one.
type ErrorList []*LoadError

// Error lists the errors one per line.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "\n")
}

// Unwrap exposes the individual errors to errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

func (l ErrorList) sort() {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		return l[i].Pos.Before(l[j].Pos)
	})
}

// err returns nil, the single error, or the list.
func (l ErrorList) err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	l.sort()
	return l
}
