package pyfront

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzFrontEnd feeds arbitrary source through parse, lowering and
// compilation (nothing runs). The front end must never panic, and every
// rejection must be a load error with a position inside the file.
func FuzzFrontEnd(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join(conformanceDir, "*.py"),
		"pyparse/testdata/golden/*.py",
		filepath.Join(sharedLocustfiles(), "*.py"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("def f(:\n"))
	f.Add([]byte("x = [i for i in range(3) if (j := i)]\n"))
	reg := locustRegistry()
	f.Fuzz(func(t *testing.T, src []byte) {
		err := Check(Options{
			Filename: "/fuzz/locustfile.py", Source: src, Registry: reg,
			ReadFile: func(string) ([]byte, error) { return nil, os.ErrNotExist },
			Stat:     func(string) (bool, bool) { return false, false },
		})
		if err == nil {
			return
		}
		var list ErrorList
		var one *LoadError
		switch {
		case errors.As(err, &list):
		case errors.As(err, &one):
			list = ErrorList{one}
		default:
			t.Fatalf("rejection without a position: %v", err)
		}
		// Python ends lines at \n, \r\n and a lone \r.
		lines := int32(strings.Count(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(string(src), "\r\n", ""), "\r") + 2)
		for _, e := range list {
			if strings.Contains(e.Msg, "internal error") {
				t.Fatalf("front end bug: %v", e)
			}
			if !e.Pos.IsValid() || e.Pos.Line > lines {
				t.Fatalf("error without a valid position: %v (pos %v)", e, e.Pos)
			}
		}
	})
}
