package pyparse

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

var update = flag.Bool("update", false,
	"rewrite the hand-maintained goldens (files marked 'golden: by hand') from the parser's output; review the diff")

// goldenFiles lists the corpus: every .py under testdata/golden.
func goldenFiles(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*.py"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	return files
}

func byHand(src []byte) bool {
	first, _, _ := bytes.Cut(src, []byte("\n"))
	return bytes.Contains(first, []byte("golden: by hand"))
}

// TestGolden parses each corpus file and compares the tree with CPython's ast.dump of the same
// file (testdata/gen_golden.py wrote it), and every node position with CPython's.
func TestGolden(t *testing.T) {
	for _, path := range goldenFiles(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".py")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			mod, err := Parse(filepath.Base(path), src)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			dumpPath := strings.TrimSuffix(path, ".py") + ".dump"
			got := pyast.Dump(mod) + "\n"
			if *update && byHand(src) {
				if err := os.WriteFile(dumpPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(dumpPath)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("dump differs from CPython's:\n%s", firstDifference(string(want), got))
			}
			if byHand(src) {
				return
			}
			wantPos, err := os.ReadFile(strings.TrimSuffix(path, ".py") + ".pos")
			if err != nil {
				t.Fatal(err)
			}
			gotPos := strings.Join(nodePositions(mod), "\n") + "\n"
			if gotPos != string(wantPos) {
				t.Errorf("positions differ from CPython's (-want +got):\n%s", lineDiff(string(wantPos), gotPos))
			}
		})
	}
}

// firstDifference shows where two long one-line dumps start to differ.
func firstDifference(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := max(0, i-150)
	return fmt.Sprintf("at byte %d\nwant: ...%s\n got: ...%s", i, clip(want[from:], 300), clip(got[from:], 300))
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// lineDiff lists the lines only in want (-) and only in got (+), for sorted line sets.
func lineDiff(want, got string) string {
	count := map[string]int{}
	for _, l := range strings.Split(want, "\n") {
		count[l]++
	}
	for _, l := range strings.Split(got, "\n") {
		count[l]--
	}
	var out []string
	for l, n := range count {
		for ; n > 0; n-- {
			out = append(out, "- "+l)
		}
		for ; n < 0; n++ {
			out = append(out, "+ "+l)
		}
	}
	sort.Strings(out)
	if len(out) > 40 {
		out = append(out[:40], "...")
	}
	return strings.Join(out, "\n")
}

// nodePositions renders the positions of the nodes CPython gives positions to, in the form
// gen_golden.py writes, sorted. Literal parts and fields inside f-strings are left out because
// CPython 3.11 gives them the whole string's span.
func nodePositions(mod *pyast.Module) []string {
	var out []string
	pyast.Walk(posCollector{out: &out}, mod)
	sort.Strings(out)
	return out
}

type posCollector struct {
	out        *[]string
	inF        bool
	fieldValue bool // n is the expression of an f-string field: CPython 3.11 gives a tuple there the braces' span
}

func (c posCollector) Visit(n pyast.Node) pyast.Visitor {
	if n == nil {
		return nil
	}
	skip := false
	switch n.(type) {
	case *pyast.Constant, *pyast.FormattedValue, *pyast.JoinedStr:
		skip = c.inF
	case *pyast.Tuple:
		skip = c.fieldValue
	}
	if name := cpythonName(n); name != "" && !skip {
		s, e := n.Start(), n.End()
		*c.out = append(*c.out, fmt.Sprintf("%s %d:%d-%d:%d", name, s.Line, s.Col, e.Line, e.Col))
	}
	switch n := n.(type) {
	case *pyast.JoinedStr:
		return posCollector{out: c.out, inF: true}
	case *pyast.FormattedValue:
		pyast.Walk(posCollector{out: c.out, fieldValue: true}, n.Value)
		if n.FormatSpec != nil {
			pyast.Walk(posCollector{out: c.out, inF: true}, n.FormatSpec)
		}
		return nil
	}
	return posCollector{out: c.out, inF: c.inF}
}

// cpythonName returns the CPython class name of a node that has a position in CPython's ast,
// or "" for nodes that have none there (or do not exist there).
func cpythonName(n pyast.Node) string {
	switch n.(type) {
	case *pyast.Module, *pyast.Arguments, *pyast.Comprehension, *pyast.WithItem,
		*pyast.Decorator, *pyast.Annotation, *pyast.DictItem:
		return ""
	case *pyast.ExprStmt:
		return "Expr"
	case *pyast.Arg:
		return "arg"
	case *pyast.Keyword:
		return "keyword"
	case *pyast.Alias:
		return "alias"
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", n), "*pyast.")
}
