package pyparse

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// FuzzParse feeds arbitrary bytes to Parse: it must not panic or hang, every error must be a
// *Error positioned inside the input, and every successful parse must give nodes whose spans
// lie inside the input and end after they start.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.py"))
	files = append(files, filepath.Join("testdata", "broken_syntax.py"))
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	for _, c := range errorCases() {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		mod, err := Parse("fuzz.py", src)
		if err != nil {
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %T is not a *Error: %v", err, err)
			}
			if mod != nil {
				t.Fatal("tree returned with an error")
			}
			checkErrorInside(t, src, perr)
			return
		}
		checkTreeInside(t, src, mod)
		_ = pyast.Dump(mod)
	})
}

// checkTreeInside fails unless every node's span lies inside src and does not end before it
// starts.
func checkTreeInside(t testing.TB, src []byte, mod *pyast.Module) {
	t.Helper()
	lines := sourceLines(src)
	inside := func(p pyast.Pos) bool {
		if p.Line < 1 || int(p.Line) > len(lines) {
			return false
		}
		return p.Col >= 1 && int(p.Col) <= utf8.RuneCountInString(lines[p.Line-1])+1
	}
	pyast.Inspect(mod, func(n pyast.Node) bool {
		s, e := n.Start(), n.End()
		if s == (pyast.Pos{}) && e == (pyast.Pos{}) {
			if _, ok := n.(*pyast.Arguments); ok {
				return true // an empty parameter list has no extent
			}
		}
		if !inside(s) || !inside(e) || e.Before(s) {
			t.Fatalf("%T has span %v-%v outside the input or reversed", n, s, e)
		}
		return true
	})
}
