package pyast

import (
	"math"
	"math/big"
	"strings"
	"testing"
)

// The expected strings below are CPython 3.11's repr() of the same values.

func TestReprFloat(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0.0"},
		{1, "1.0"},
		{0.1, "0.1"},
		{1.5, "1.5"},
		{1e16, "1e+16"},
		{1e15, "1000000000000000.0"},
		{1234567890123456.0, "1234567890123456.0"},
		{12345678901234567.0, "1.2345678901234568e+16"},
		{0.0001, "0.0001"},
		{0.00001, "1e-05"},
		{1.5e-7, "1.5e-07"},
		{1e22, "1e+22"},
		{1e100, "1e+100"},
		{2.5e300, "2.5e+300"},
		{5e-324, "5e-324"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
		{math.Copysign(0, -1), "-0.0"},
		{-2.5, "-2.5"},
		{123.456, "123.456"},
		{100, "100.0"},
		{math.Pi, "3.141592653589793"},
		{9999999999999998.0, "9999999999999998.0"},
	}
	for _, tt := range tests {
		if got := reprFloat(tt.f); got != tt.want {
			t.Errorf("reprFloat(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestReprStr(t *testing.T) {
	tests := []struct{ s, want string }{
		{"", "''"},
		{"a", "'a'"},
		{"it's", `"it's"`},
		{`say "hi"`, `'say "hi"'`},
		{`both ' and "`, `'both \' and "'`},
		{"tab\there", `'tab\there'`},
		{"nl\n", `'nl\n'`},
		{"\x00\x1f\x7f", `'\x00\x1f\x7f'`},
		{"\u0080\u00a0\u00ad", `'\x80\xa0\xad'`},
		{"é€😀", "'é€😀'"},
		{"\u2028\ufeff", `'\u2028\ufeff'`},
		{"\U000e0001", `'\U000e0001'`},
		{`back\slash`, `'back\\slash'`},
		{"\r", `'\r'`},
		{"\xed\xa0\x80", `'\ud800'`}, // a lone surrogate, as the scanner stores "\ud800"
	}
	for _, tt := range tests {
		if got := reprStr(tt.s); got != tt.want {
			t.Errorf("reprStr(%q) = %s, want %s", tt.s, got, tt.want)
		}
	}
}

func TestReprBytes(t *testing.T) {
	tests := []struct{ s, want string }{
		{"", "b''"},
		{"abc", "b'abc'"},
		{"it's", `b"it's"`},
		{"\x00\xff\n\t\\", `b'\x00\xff\n\t\\'`},
		{`'"`, `b'\'"'`},
	}
	for _, tt := range tests {
		if got := reprBytes(tt.s); got != tt.want {
			t.Errorf("reprBytes(%q) = %s, want %s", tt.s, got, tt.want)
		}
	}
}

func TestReprConstant(t *testing.T) {
	big1, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	tests := []struct {
		v    any
		want string
	}{
		{int64(-7), "-7"},
		{big1, "123456789012345678901234567890"},
		{true, "True"},
		{false, "False"},
		{None{}, "None"},
		{Ellipsis{}, "Ellipsis"},
		{Bytes("x"), "b'x'"},
		{"x", "'x'"},
		{2.0, "2.0"},
	}
	for _, tt := range tests {
		if got := reprConstant(tt.v); got != tt.want {
			t.Errorf("reprConstant(%#v) = %s, want %s", tt.v, got, tt.want)
		}
	}
}

func name(id string, ctx Ctx) *Name { return &Name{ID: id, Ctx: ctx} }

func num(v int64) *Constant { return &Constant{Value: v} }

// TestDump checks Dump on hand-built trees, including the nodes that have no CPython
// counterpart; pyparse's golden tests compare Dump with CPython on parsed files.
func TestDump(t *testing.T) {
	def := &FunctionDef{
		Name:       "f",
		Decorators: []*Decorator{{X: name("task", Load)}},
		Args: &Arguments{
			PosOnly: []*Arg{{Name: "a"}},
			Args:    []*Arg{{Name: "b", Default: num(1), Annotation: &Annotation{X: name("int", Load)}}},
			Vararg:  &Arg{Name: "rest"},
			KwOnly:  []*Arg{{Name: "k"}, {Name: "j", Default: num(2)}},
			Kwarg:   &Arg{Name: "kw"},
		},
		Returns: &Annotation{X: &Constant{Value: None{}}},
		Body: []Stmt{&Return{Value: &Dict{Items: []*DictItem{
			{Key: &Constant{Value: "k"}, Value: name("v", Load)},
			{Value: name("m", Load)},
		}}}},
	}
	tests := []struct {
		node Node
		want string
	}{
		{&Module{Body: []Stmt{&ExprStmt{Value: name("x", Load)}, &Pass{}}},
			"Module(body=[Expr(value=Name(id='x', ctx=Load())), Pass()], type_ignores=[])"},
		{def, "FunctionDef(name='f', args=arguments(posonlyargs=[arg(arg='a')], " +
			"args=[arg(arg='b', annotation=Name(id='int', ctx=Load()))], vararg=arg(arg='rest'), " +
			"kwonlyargs=[arg(arg='k'), arg(arg='j')], kw_defaults=[None, Constant(value=2)], " +
			"kwarg=arg(arg='kw'), defaults=[Constant(value=1)]), body=[Return(value=Dict(" +
			"keys=[Constant(value='k'), None], values=[Name(id='v', ctx=Load()), Name(id='m', ctx=Load())]))], " +
			"decorator_list=[Name(id='task', ctx=Load())], returns=Constant(value=None))"},
		{&AugAssign{Target: name("n", Store), Op: FloorDiv, Value: num(2)},
			"AugAssign(target=Name(id='n', ctx=Store()), op=FloorDiv(), value=Constant(value=2))"},
		{&Compare{Left: name("a", Load), Ops: []CmpOperator{IsNot, NotIn}, Comparators: []Expr{num(1), num(2)}},
			"Compare(left=Name(id='a', ctx=Load()), ops=[IsNot(), NotIn()], comparators=[Constant(value=1), Constant(value=2)])"},
		{&JoinedStr{Values: []Expr{
			&Constant{Value: "x="},
			&FormattedValue{Value: name("x", Load), Conversion: ConvRepr, DebugText: "x=",
				FormatSpec: &JoinedStr{Values: []Expr{&Constant{Value: ">5"}}}},
		}}, "JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), " +
			"conversion=114, format_spec=JoinedStr(values=[Constant(value='>5')]))])"},
		{&ImportFrom{Level: 2, Names: []*Alias{{Name: "a", AsName: "b"}}},
			"ImportFrom(names=[alias(name='a', asname='b')], level=2)"},
		{&Try{Body: []Stmt{&Pass{}}, Handlers: []*ExceptHandler{{Body: []Stmt{&Break{}}}}},
			"Try(body=[Pass()], handlers=[ExceptHandler(body=[Break()])], orelse=[], finalbody=[])"},
		{&Constant{Value: "u", Kind: "u"}, "Constant(value='u', kind='u')"},
		{&Global{Names: []string{"a", "it's"}}, `Global(names=['a', "it's"])`},
		{&Keyword{Value: name("kw", Load)}, "keyword(value=Name(id='kw', ctx=Load()))"},
		{&Slice{Step: num(2)}, "Slice(step=Constant(value=2))"},
		{&Tuple{Ctx: Del}, "Tuple(elts=[], ctx=Del())"},
	}
	for _, tt := range tests {
		if got := Dump(tt.node); got != tt.want {
			t.Errorf("Dump:\n got %s\nwant %s", got, tt.want)
		}
	}
}

// TestWalk checks the visiting order, that Visit(nil) follows the children, and that Inspect
// can prune a subtree, here an annotation the way the lowering skips them.
func TestWalk(t *testing.T) {
	tree := &Module{Body: []Stmt{
		&AnnAssign{Target: name("x", Store), Annotation: &Annotation{X: name("int", Load)},
			Value: &BinOp{Left: num(1), Op: Add, Right: &Call{Func: name("f", Load),
				Args: []Expr{name("a", Load)}, Keywords: []*Keyword{{Name: "k", Value: num(2)}}}}},
		&If{Test: name("c", Load), Body: []Stmt{&Pass{}}, OrElse: []Stmt{&Break{}}},
	}}
	var order []string
	Inspect(tree, func(n Node) bool {
		order = append(order, label(n))
		_, isAnnotation := n.(*Annotation)
		return !isAnnotation
	})
	want := "Module AnnAssign Name(x) Annotation BinOp 1 Call Name(f) Name(a) Keyword 2 If Name(c) Pass Break"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("Inspect order:\n got %s\nwant %s", got, want)
	}

	var events []string
	Walk(&recorder{events: &events}, &BinOp{Left: num(1), Right: num(2)})
	if got, want := strings.Join(events, " "), "BinOp 1 end 2 end end"; got != want {
		t.Errorf("Walk events = %q, want %q", got, want)
	}
}

type recorder struct{ events *[]string }

func (r *recorder) Visit(n Node) Visitor {
	if n == nil {
		*r.events = append(*r.events, "end")
		return nil
	}
	*r.events = append(*r.events, label(n))
	return r
}

func label(n Node) string {
	switch n := n.(type) {
	case *Name:
		return "Name(" + n.ID + ")"
	case *Constant:
		return reprConstant(n.Value)
	case *Annotation:
		return "Annotation"
	case *Keyword:
		return "Keyword"
	}
	s, _, _ := strings.Cut(Dump(n), "(") // the CPython class name
	return s
}

func TestOperatorNames(t *testing.T) {
	if FloorDiv.String() != "FloorDiv" || FloorDiv.Symbol() != "//" || MatMult.Symbol() != "@" {
		t.Error("binary operator names")
	}
	if IsNot.Symbol() != "is not" || NotIn.String() != "NotIn" || Not.Symbol() != "not" || Or.Symbol() != "or" {
		t.Error("comparison, unary or boolean operator names")
	}
	if Operator(99).Symbol() != "?" || Store.String() != "Store" {
		t.Error("fallbacks")
	}
	if !(Pos{Line: 1, Col: 2}).Before(Pos{Line: 1, Col: 3}) || (Pos{}).IsValid() || (Pos{Line: 3, Col: 4}).String() != "3:4" {
		t.Error("Pos helpers")
	}
}
