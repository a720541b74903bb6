package pyparse

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// TestPositions checks the operator, bracket and keyword positions that CPython does not
// record but go.starlark.net reports runtime errors at (CallExpr.Lparen, IndexExpr.Lbrack,
// DotExpr.Dot, BinaryExpr.OpPos, AssignStmt.OpPos, DictEntry.Colon, ForStmt.For, DefStmt.Def).
// Node spans are checked against CPython by TestGolden. Columns count characters.
func TestPositions(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // describe() of each node with extra positions, in Walk order
	}{
		{"call subscript attribute", "x = f(a)[0].b\n", []string{
			"Assign eq=1:3",
			"Name x 1:1",
			"Attribute .b dot=1:12 attr=1:13",
			"Subscript lbrack=1:9 rbrack=1:11",
			"Call lparen=1:6 rparen=1:8",
			"Name f 1:5",
			"Name a 1:7",
		}},
		{"method call", "self.client.get(\"/\", name=n)\n", []string{
			"Call lparen=1:16 rparen=1:28",
			"Attribute .get dot=1:12 attr=1:13",
			"Attribute .client dot=1:5 attr=1:6",
			"Name self 1:1",
			"Keyword name eq=1:26",
			"Name n 1:27",
		}},
		{"operators", "y = -a + b * c ** 2 // d\n", []string{
			"Assign eq=1:3",
			"Name y 1:1",
			"BinOp + op=1:8",
			"UnaryOp - 1:5",
			"Name a 1:6",
			"BinOp // op=1:21",
			"BinOp * op=1:12",
			"Name b 1:10",
			"BinOp ** op=1:16",
			"Name c 1:14",
			"Name d 1:24",
		}},
		{"augmented and chained", "n += 1\na = b = 0\n", []string{
			"AugAssign += op=1:3",
			"Name n 1:1",
			"Assign eq=2:3,2:7",
			"Name a 2:1",
			"Name b 2:5",
		}},
		{"comparisons and booleans", "ok = a is not None and b not in c or d < e <= f\n", []string{
			"Assign eq=1:4",
			"Name ok 1:1",
			"BoolOp or op=1:35",
			"BoolOp and op=1:20",
			"Compare is not op=1:8",
			"Name a 1:6",
			"Compare not in op=1:26",
			"Name b 1:24",
			"Name c 1:33",
			"Compare < op=1:40 <= op=1:44",
			"Name d 1:38",
			"Name e 1:42",
			"Name f 1:47",
		}},
		{"dict entries", "d = {\"k\": v, **rest}\n", []string{
			"Assign eq=1:3",
			"Name d 1:1",
			"DictItem colon=1:9",
			"Name v 1:11",
			"DictItem starstar=1:14",
			"Name rest 1:16",
		}},
		{"for loop", "for k, v in items.items():\n    total += v\nelse:\n    pass\n", []string{
			"For for=1:1 in=1:10 colon=1:26 else=3:1",
			"Name k 1:5",
			"Name v 1:8",
			"Call lparen=1:24 rparen=1:25",
			"Attribute .items dot=1:18 attr=1:19",
			"Name items 1:13",
			"AugAssign += op=2:11",
			"Name total 2:5",
			"Name v 2:14",
		}},
		{"decorated def", "class U(HttpUser):\n    @task(3)\n    def index(self, n=1, *a, k, **kw) -> None:\n        pass\n", []string{
			"ClassDef U class=1:1 name=1:7 lparen=1:8 rparen=1:17 colon=1:18",
			"Name HttpUser 1:9",
			"FunctionDef index def=3:5 name=3:9 lparen=3:14 rparen=3:37 colon=3:46",
			"Decorator at=2:5",
			"Call lparen=2:10 rparen=2:12",
			"Name task 2:6",
			"Arg self",
			"Arg n eq=3:22",
			"Arg a star=3:26",
			"Arg k",
			"Arg kw star=3:33",
		}},
		{"comprehension and ternary", "r = [x if x else y for x in z if x]\n", []string{
			"Assign eq=1:3",
			"Name r 1:1",
			"IfExp if=1:8 else=1:13",
			"Name x 1:6",
			"Name x 1:11",
			"Name y 1:18",
			"Comprehension for=1:20 in=1:26 if=1:31",
			"Name x 1:24",
			"Name z 1:29",
			"Name x 1:34",
		}},
		{"with try raise", "with open(p) as f:\n    try:\n        g()\n    except E as e:\n        raise X from e\n", []string{
			"With with=1:1 colon=1:18",
			"WithItem as=1:14",
			"Call lparen=1:10 rparen=1:12",
			"Name open 1:6",
			"Name p 1:11",
			"Name f 1:17",
			"Try try=2:5",
			"Call lparen=3:10 rparen=3:11",
			"Name g 3:9",
			"ExceptHandler except=4:5 as=4:14 name=4:17",
			"Name E 4:12",
			"Raise from=5:17",
			"Name X 5:15",
			"Name e 5:22",
		}},
		{"walrus lambda slice", "if (m := f(s)) and (h := lambda q: q[1:2]):\n    pass\n", []string{
			"If if=1:1 colon=1:43",
			"BoolOp and op=1:16",
			"NamedExpr op=1:7",
			"Name m 1:5",
			"Call lparen=1:11 rparen=1:13",
			"Name f 1:10",
			"Name s 1:12",
			"NamedExpr op=1:23",
			"Name h 1:21",
			"Lambda colon=1:34",
			"Arg q",
			"Subscript lbrack=1:37 rbrack=1:41",
			"Name q 1:36",
		}},
		{"characters not bytes", "é = \"ü\" + ß.x(ñ)\n", []string{
			"Assign eq=1:3",
			"Name é 1:1",
			"BinOp + op=1:9",
			"Call lparen=1:14 rparen=1:16",
			"Attribute .x dot=1:12 attr=1:13",
			"Name ß 1:11",
			"Name ñ 1:15",
		}},
		{"tabs count one column", "if a:\n\tb = c[0]\n", []string{
			"If if=1:1 colon=1:5",
			"Name a 1:4",
			"Assign eq=2:4",
			"Name b 2:2",
			"Subscript lbrack=2:7 rbrack=2:9",
			"Name c 2:6",
		}},
		{"continuation and brackets", "x = f(1,\n      2) + \\\n    y\n", []string{
			"Assign eq=1:3",
			"Name x 1:1",
			"BinOp + op=2:10",
			"Call lparen=1:6 rparen=2:8",
			"Name f 1:5",
			"Name y 3:5",
		}},
		{"imports and globals", "from .m import a as b\nglobal g, h\n", []string{
			"ImportFrom module=1:7",
			"Alias a as=1:21",
			"Global g=2:8 h=2:11",
		}},
		{"fstring fields", "s = f\"{a.b!r:>{w}}\"\n", []string{
			"Assign eq=1:3",
			"Name s 1:1",
			"FormattedValue 1:7-1:19",
			"Attribute .b dot=1:9 attr=1:10",
			"Name a 1:8",
			"FormattedValue 1:15-1:18",
			"Name w 1:16",
		}},
		{"annotated", "x: int = 1\n", []string{
			"AnnAssign colon=1:2 eq=1:8",
			"Name x 1:1",
			"Name int 1:4",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mod, err := Parse("p.py", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			pyast.Inspect(mod, func(n pyast.Node) bool {
				if d := describe(n); d != "" {
					got = append(got, d)
				}
				return true
			})
			if g, w := strings.Join(got, "\n"), strings.Join(tt.want, "\n"); g != w {
				t.Errorf("positions of %q\n got:\n%s\nwant:\n%s", tt.src, g, w)
			}
		})
	}
}

// describe renders the extra position fields of a node, or "" for nodes without any.
func describe(n pyast.Node) string {
	switch n := n.(type) {
	case *pyast.Name:
		return fmt.Sprintf("Name %s %v", n.ID, n.Start())
	case *pyast.Call:
		return fmt.Sprintf("Call lparen=%v rparen=%v", n.Lparen, n.Rparen)
	case *pyast.Subscript:
		return fmt.Sprintf("Subscript lbrack=%v rbrack=%v", n.Lbrack, n.Rbrack)
	case *pyast.Attribute:
		return fmt.Sprintf("Attribute .%s dot=%v attr=%v", n.Attr, n.Dot, n.AttrPos)
	case *pyast.BinOp:
		return fmt.Sprintf("BinOp %s op=%v", n.Op.Symbol(), n.OpPos)
	case *pyast.UnaryOp:
		return fmt.Sprintf("UnaryOp %s %v", n.Op.Symbol(), n.Start())
	case *pyast.AugAssign:
		return fmt.Sprintf("AugAssign %s= op=%v", n.Op.Symbol(), n.OpPos)
	case *pyast.Assign:
		eqs := make([]string, len(n.EqPos))
		for i, p := range n.EqPos {
			eqs[i] = p.String()
		}
		return "Assign eq=" + strings.Join(eqs, ",")
	case *pyast.AnnAssign:
		return fmt.Sprintf("AnnAssign colon=%v eq=%v", n.Colon, n.Eq)
	case *pyast.BoolOp:
		return fmt.Sprintf("BoolOp %s op=%v", n.Op.Symbol(), joinPos(n.OpPos))
	case *pyast.Compare:
		parts := make([]string, len(n.Ops))
		for i, op := range n.Ops {
			parts[i] = fmt.Sprintf("%s op=%v", op.Symbol(), n.OpPos[i])
		}
		return "Compare " + strings.Join(parts, " ")
	case *pyast.DictItem:
		if n.Key == nil {
			return fmt.Sprintf("DictItem starstar=%v", n.StarStar)
		}
		return fmt.Sprintf("DictItem colon=%v", n.Colon)
	case *pyast.For:
		return fmt.Sprintf("For for=%v in=%v colon=%v else=%v", n.For, n.In, n.Colon, n.Else)
	case *pyast.If:
		return fmt.Sprintf("If if=%v colon=%v", n.If, n.Colon)
	case *pyast.With:
		return fmt.Sprintf("With with=%v colon=%v", n.With, n.Colon)
	case *pyast.WithItem:
		return fmt.Sprintf("WithItem as=%v", n.As)
	case *pyast.Try:
		return fmt.Sprintf("Try try=%v", n.Try)
	case *pyast.ExceptHandler:
		return fmt.Sprintf("ExceptHandler except=%v as=%v name=%v", n.Except, n.As, n.NamePos)
	case *pyast.Raise:
		return fmt.Sprintf("Raise from=%v", n.From)
	case *pyast.FunctionDef:
		return fmt.Sprintf("FunctionDef %s def=%v name=%v lparen=%v rparen=%v colon=%v",
			n.Name, n.Def, n.NamePos, n.Lparen, n.Rparen, n.Colon)
	case *pyast.ClassDef:
		return fmt.Sprintf("ClassDef %s class=%v name=%v lparen=%v rparen=%v colon=%v",
			n.Name, n.Class, n.NamePos, n.Lparen, n.Rparen, n.Colon)
	case *pyast.Decorator:
		return fmt.Sprintf("Decorator at=%v", n.At)
	case *pyast.Arg:
		s := "Arg " + n.Name
		if n.Star.IsValid() {
			s += fmt.Sprintf(" star=%v", n.Star)
		}
		if n.Eq.IsValid() {
			s += fmt.Sprintf(" eq=%v", n.Eq)
		}
		return s
	case *pyast.Keyword:
		return fmt.Sprintf("Keyword %s eq=%v", n.Name, n.Eq)
	case *pyast.IfExp:
		return fmt.Sprintf("IfExp if=%v else=%v", n.If, n.Else)
	case *pyast.Lambda:
		return fmt.Sprintf("Lambda colon=%v", n.Colon)
	case *pyast.NamedExpr:
		return fmt.Sprintf("NamedExpr op=%v", n.OpPos)
	case *pyast.Comprehension:
		return fmt.Sprintf("Comprehension for=%v in=%v if=%v", n.For, n.In, joinPos(n.IfPos))
	case *pyast.ImportFrom:
		return fmt.Sprintf("ImportFrom module=%v", n.ModulePos)
	case *pyast.Alias:
		return fmt.Sprintf("Alias %s as=%v", n.Name, n.AsNamePos)
	case *pyast.Global:
		parts := make([]string, len(n.Names))
		for i, name := range n.Names {
			parts[i] = fmt.Sprintf("%s=%v", name, n.NamePos[i])
		}
		return "Global " + strings.Join(parts, " ")
	case *pyast.FormattedValue:
		return fmt.Sprintf("FormattedValue %v-%v", n.Start(), n.End())
	}
	return ""
}

func joinPos(ps []pyast.Pos) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, ",")
}
