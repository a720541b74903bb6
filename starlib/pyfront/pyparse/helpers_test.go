package pyparse

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

func pos(line, col int32) pyast.Pos { return pyast.Pos{Line: line, Col: col} }

// sourceLines splits src into lines as the parser sees them (BOM removed, declared encoding
// applied, CRLF and CR turned into LF), without a phantom line after a final newline.
func sourceLines(src []byte) []string {
	text, err := decode("f.py", src)
	if err != nil {
		text = normalizeNewlines(bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF")))
	}
	s := strings.TrimSuffix(string(text), "\n")
	return strings.Split(s, "\n")
}

// checkErrorInside fails unless e's position lies inside src (a column may be one past the end
// of its line) and e carries that line's text.
func checkErrorInside(t testing.TB, src []byte, e *Error) {
	t.Helper()
	lines := sourceLines(src)
	if e.Pos.Line < 1 || int(e.Pos.Line) > len(lines) {
		t.Fatalf("error %q: line %d outside 1..%d", e, e.Pos.Line, len(lines))
	}
	line := lines[e.Pos.Line-1]
	if n := int32(utf8.RuneCountInString(line)); e.Pos.Col < 1 || e.Pos.Col > n+1 {
		t.Fatalf("error %q: column %d outside 1..%d of line %q", e, e.Pos.Col, n+1, line)
	}
	if e.Line != line {
		t.Fatalf("error %q: Line = %q, want %q", e, e.Line, line)
	}
	if e.Msg == "" || strings.Contains(e.Msg, "internal error") {
		t.Fatalf("bad message in %q", e)
	}
}
