package pyparse

import (
	"errors"
	"os"
	"strings"
	"testing"
)

type errorCase struct {
	name, src, want string
}

// errorCases lists bad inputs and the error each must give. Unless a comment says otherwise,
// message and position are CPython 3.11's (checked with python3 -c "import ast;
// ast.parse(src)"); gust's own messages name what gust does not support.
func errorCases() []errorCase {
	return []errorCase{
		// Missing colons: at the token found instead, as CPython reports them.
		{"def colon", "def f(x)\n    pass\n", "1:9: expected ':'"},
		{"def colon before comment", "def f(x)   # c\n    pass\n", "1:12: expected ':'"},
		{"def colon before token", "def f(x) y:\n    pass\n", "1:10: expected ':'"},
		{"if colon", "if x\n    pass\n", "1:5: expected ':'"},
		{"class colon", "class A\n  pass\n", "1:8: expected ':'"},
		{"for colon", "for x in y\n  pass\n", "1:11: expected ':'"},
		{"while colon", "while x\n  pass\n", "1:8: expected ':'"},
		{"def paren", "def f:\n  pass\n", "1:6: expected '('"},

		// Brackets.
		{"never closed", "x = (1,\ny = 2\n", "1:5: '(' was never closed"},
		{"never closed at eof", "x = [1, 2\n", "1:5: '[' was never closed"},
		{"never closed wins over comma hint", "x = [1, 2\ny = 3\nz = 4\n", "1:5: '[' was never closed"},
		{"unmatched", "x = 1)\n", "1:6: unmatched ')'"},
		{"unmatched brace", "x = }\n", "1:5: unmatched '}'"},
		{"mismatch", "x = (1]\n", "1:7: closing parenthesis ']' does not match opening parenthesis '('"},
		{"mismatch other line", "x = (1,\n 2]\n", "2:3: closing parenthesis ']' does not match opening parenthesis '(' on line 1"},
		{"too deep", "x = " + strings.Repeat("(", 201) + "\n", "1:205: too many nested parentheses"},

		// Generic errors.
		{"dangling operator", "x = 1 +\n", "1:8: invalid syntax"},
		{"two names", "a b\n", "1:3: invalid syntax"},
		{"keyword as name", "def None(): pass\n", "1:5: invalid syntax"},
		{"else alone", "else:\n pass\n", "1:1: invalid syntax"},
		{"dollar", "x = $\n", "1:5: invalid syntax"},
		{"empty subscript", "x = a[]\n", "1:7: invalid syntax"},
		{"comma hint call", "f(a b)\n", "1:3: invalid syntax. Perhaps you forgot a comma?"},
		{"comma hint list", "[1 2]\n", "1:2: invalid syntax. Perhaps you forgot a comma?"},
		{"comma hint after keyword", "f(a=1 b)\n", "1:5: invalid syntax. Perhaps you forgot a comma?"},
		{"comma hint subscript", "a[1 2]\n", "1:3: invalid syntax. Perhaps you forgot a comma?"},
		{"comma hint slice", "a[1:2 3]\n", "1:5: invalid syntax. Perhaps you forgot a comma?"},
		{"comma hint walrus", "(x := 1 2)\n", "1:7: invalid syntax. Perhaps you forgot a comma?"},
		{"comma hint dict", "{1: 2 3: 4}\n", "1:5: invalid syntax. Perhaps you forgot a comma?"},
		{"no comma hint after unpacking", "{**a b}\n", "1:6: invalid syntax"},
		{"no comma hint for prefix typo", "f(u \"x\")\n", "1:5: invalid syntax"},
		{"no comma hint outside brackets", "x = 1 2\n", "1:7: invalid syntax"},
		{"equals in display", "[x = 1, 2]\n", "1:2: invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
		{"equals attribute in display", "[a.b=3]\n", "1:2: cannot assign to attribute here. Maybe you meant '==' instead of '='?"},
		{"equals attribute in if", "if x.a = 3:\n   pass\n", "1:4: cannot assign to attribute here. Maybe you meant '==' instead of '='?"},
		{"equals list in if", "if [x] = 1: pass\n", "1:8: invalid syntax"},
		{"walrus on attribute", "[a.b := 1]\n", "1:2: cannot use assignment expressions with attribute"},
		{"walrus on True", "(True := 1)\n", "1:2: cannot use assignment expressions with True"},
		{"walrus in call", "f(a.b := 1)\n", "1:7: invalid syntax"},
		{"comprehension target", "[x, y for x, y in z]\n", "1:2: did you forget parentheses around the comprehension target?"},
		{"dict value missing", "{1:2, 3:4, 5:}\n", "1:13: expression expected after dictionary key and ':'"},
		{"keyword True", "f(True=1)\n", "1:3: cannot assign to True"},
		{"star after double star bare", "f(**x, *)\n", "1:8: iterable argument unpacking follows keyword argument unpacking"},
		{"if statement in brackets", "if True:\n    print(\"Hello\"\n\nif 2:\n   print(123))\n", "4:5: invalid syntax"},
		{"class header", "class R&D:\n    pass\n", "1:8: invalid syntax"},
		{"for header", "for x in range 10:\n  pass\n", "1:16: invalid syntax"},
		{"with parenthesised colon", "with (blech as something)\n  pass\n", "1:26: expected ':'"},
		{"with colon", "with a as b\n  pass\n", "1:12: expected ':'"},
		{"except colon", "try:\n  pass\nexcept\n  pass\n", "3:7: expected ':'"},
		{"else colon", "if x:\n pass\nelse\n pass\n", "3:5: expected ':'"},
		{"print statement", "print \"hello\"\n", "1:1: Missing parentheses in call to 'print'. Did you mean print(...)?"},
		{"equals in if", "if x = 1: pass\n", "1:4: invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
		{"keyword expression", "f(a.b=1)\n", "1:3: expression cannot contain assignment, perhaps you meant \"==\"?"},
		{"ternary without else", "x = a if b\n", "1:5: expected 'else' after 'if' expression"},
		{"dict key", "x = {**a, b}\n", "1:11: ':' expected after dictionary key"},
		{"starred dict value", "x = {a: *b}\n", "1:9: cannot use a starred expression in a dictionary value"},
		{"starred in parens", "x = (*a)\n", "1:6: cannot use starred expression here"},
		{"starred comprehension", "x = [*a for a in b]\n", "1:6: iterable unpacking cannot be used in comprehension"},
		{"generator not alone", "f(x for x in y, 1)\n", "1:3: Generator expression must be parenthesized"},
		{"positional after keyword", "f(a=1, b)\n", "1:8: positional argument follows keyword argument"}, // CPython: 1:9, the ')'
		{"star after double star", "f(**a, *b)\n", "1:8: iterable argument unpacking follows keyword argument unpacking"},
		{"trailing comma import", "from x import a,\n", "1:17: trailing comma not allowed without surrounding parentheses"},
		{"except tuple", "try:\n pass\nexcept a, b:\n pass\n", "3:8: multiple exception types must be parenthesized"},
		{"try alone", "try:\n pass\nelse:\n pass\n", "3:1: expected 'except' or 'finally' block"},
		{"continuation", "x = 1 \\ 2\n", "1:8: unexpected character after line continuation character"},
		{"continuation at eof", "x = \\\n", "1:6: unexpected EOF while parsing"},

		// Parameters; gust uses CPython 3.12's wording for the first one.
		{"default order", "def f(a=1, b): pass\n", "1:12: parameter without a default follows parameter with a default"},
		{"bare star", "def f(*): pass\n", "1:7: named arguments must follow bare *"},
		{"bare star kwargs", "def f(*, **k): pass\n", "1:7: named arguments must follow bare *"},
		{"vararg default", "def f(*a=1): pass\n", "1:9: var-positional argument cannot have default value"},
		{"kwarg default", "def f(**a=1): pass\n", "1:10: var-keyword argument cannot have default value"},
		{"after kwargs", "def f(**a, b): pass\n", "1:12: arguments cannot follow var-keyword argument"},
		{"two slashes", "def f(a, /, b, /): pass\n", "1:16: / may appear only once"},
		{"slash after star", "def f(*, a, /): pass\n", "1:13: / must be ahead of *"},
		{"two stars", "def f(*a, *b): pass\n", "1:11: * argument may appear only once"},
		{"parenthesised parameters", "def f(x, (y, z), w):\n   pass\n", "1:10: Function parameters cannot be parenthesized"},
		{"parenthesised lambda parameters", "lambda (x, y): None\n", "1:8: Lambda expression parameters cannot be parenthesized"},
		{"parenthesised default", "def f((a, b=1)): pass\n", "1:7: invalid syntax"},
		{"second star without name", "def f(*a, *): pass\n", "1:11: invalid syntax"},
		{"default before colon", "lambda x=: 0\n", "1:10: invalid syntax"},
		{"missing default", "def foo(a,d=,c):\n   pass\n", "1:12: expected default value expression"},
		{"annotated vararg default", "def foo(a,*b: int=,c):\n   pass\n", "1:18: var-positional argument cannot have default value"},
		{"slash star", "def foo(a=1,/*,b,c):\n   pass\n", "1:14: expected comma between / and *"},
		{"starred annotation", "def f6(x: *b): pass\n", "1:11: invalid syntax"},

		// Assignment targets.
		{"assign call", "f() = 1\n", "1:1: cannot assign to function call here. Maybe you meant '==' instead of '='?"},
		{"assign call chained", "f() = g() = 1\n", "1:1: cannot assign to function call"},
		{"assign call second", "x = f() = 1\n", "1:5: cannot assign to function call"},
		{"assign in list", "[f()] = 1\n", "1:2: cannot assign to function call"},
		{"assign literal in tuple", "a.b, 1 = 2\n", "1:6: cannot assign to literal here. Maybe you meant '==' instead of '='?"},
		{"assign name hint", "f(), x = 1\n", "1:6: invalid syntax. Maybe you meant '==' or ':=' instead of '='?"},
		{"assign comparison", "a < b = 1\n", "1:1: cannot assign to comparison"},
		{"assign walrus", "(a := 1) = 2\n", "1:2: cannot assign to named expression here. Maybe you meant '==' instead of '='?"},
		{"assign before junk", "not a = \\ b\n", "1:1: cannot assign to expression"},
		{"assign before bad token", "f() = .x\n", "1:1: cannot assign to function call"},
		{"assign None", "None = 1\n", "1:1: cannot assign to None"},
		{"assign True", "True = 1\n", "1:1: cannot assign to True"},
		{"assign yield", "yield x = 1\n", "1:1: assignment to yield expression not possible"},
		{"assign generator", "(x for x in y) = 1\n", "1:1: cannot assign to generator expression"},
		{"for call", "for f() in x: pass\n", "1:5: cannot assign to function call"},
		{"for literal", "for 1 in x: pass\n", "1:5: cannot assign to literal"},
		{"with call", "with x as f(): pass\n", "1:11: cannot assign to function call"},
		{"comprehension target", "[x for f() in y]\n", "1:8: cannot assign to function call"},
		{"del call", "del f()\n", "1:5: cannot delete function call"},
		{"del starred", "del *a\n", "1:5: cannot delete starred"},
		{"for expression", "for x + 1 in y: pass\n", "1:5: cannot assign to expression"},
		{"for unary", "for -x in y: pass\n", "1:5: cannot assign to expression"},
		{"for tuple element", "for x, y + 1 in z: pass\n", "1:8: cannot assign to expression"},
		{"for parenthesised tuple", "for (a, b + 1) in c: pass\n", "1:9: cannot assign to expression"},
		{"for starred expression", "for *x + 1 in y: pass\n", "1:6: cannot assign to expression"},
		{"for comparison", "for x < y in z: pass\n", "1:7: invalid syntax"},
		{"for dangling operator", "for ro- in reader: pass\n", "1:7: invalid syntax"},
		{"for method call", "for x.y() in z: pass\n", "1:5: cannot assign to function call"},
		{"comprehension expression", "[a for x + 1 in y]\n", "1:8: cannot assign to expression"},
		{"with expression", "with a as b + 1: pass\n", "1:11: cannot assign to expression"},
		{"with tuple element", "with a as (b, c + 1): pass\n", "1:15: cannot assign to expression"},
		{"with dangling operator", "with a as b - : pass\n", "1:13: invalid syntax"},
		{"del expression", "del x + 1\n", "1:5: cannot delete expression"},
		{"del in tuple", "del (a, f())\n", "1:9: cannot delete function call"},
		{"augassign call", "f() += 1\n", "1:1: 'function call' is an illegal expression for augmented assignment"},
		{"augassign tuple", "a, b += 1\n", "1:1: 'tuple' is an illegal expression for augmented assignment"},
		{"annotate tuple", "(a, b): int\n", "1:1: only single target (not tuple) can be annotated"},
		{"annotate list", "[a]: int\n", "1:1: only single target (not list) can be annotated"},
		{"annotate call", "f(): int = 1\n", "1:1: illegal target for annotation"},

		// Indentation. Positions are the first token of the line (CPython: assorted columns).
		{"unexpected indent", "x = 1\n    y = 2\n", "2:5: unexpected indent"},
		{"unindent mismatch", "if x:\n    a\n  b\n", "3:3: unindent does not match any outer indentation level"},
		{"indented block def", "def f():\nx = 1\n", "2:1: expected an indented block after function definition on line 1"},
		{"indented block def eof", "def f():\n", "1:9: expected an indented block after function definition on line 1"},
		{"indented block class", "class A:\npass\n", "2:1: expected an indented block after class definition on line 1"},
		{"indented block if", "if x:\npass\n", "2:1: expected an indented block after 'if' statement on line 1"},
		{"indented block elif", "if x:\n pass\nelif y:\npass\n", "4:1: expected an indented block after 'elif' statement on line 3"},
		{"indented block else", "if x:\n pass\nelse:\npass\n", "4:1: expected an indented block after 'else' statement on line 3"},
		{"indented block for", "for x in y:\npass\n", "2:1: expected an indented block after 'for' statement on line 1"},
		{"indented block while", "while x:\npass\n", "2:1: expected an indented block after 'while' statement on line 1"},
		{"indented block with", "with x:\npass\n", "2:1: expected an indented block after 'with' statement on line 1"},
		{"indented block try", "try:\npass\n", "2:1: expected an indented block after 'try' statement on line 1"},
		{"indented block except", "try:\n pass\nexcept:\npass\n", "4:1: expected an indented block after 'except' statement on line 3"},
		{"indented block finally", "try:\n pass\nfinally:\npass\n", "4:1: expected an indented block after 'finally' statement on line 3"},
		{"tabs then spaces", "if x:\n\tpass\n        pass\n", "3:9: inconsistent use of tabs and spaces in indentation"},
		{"spaces then tab", "if x:\n        pass\n\tpass\n", "3:2: inconsistent use of tabs and spaces in indentation"},
		{"too many levels", deepBlocks(101), "102:102: too many levels of indentation"},

		// Strings.
		{"unterminated", "s = \"abc\n", "1:5: unterminated string literal (detected at line 1)"},
		{"unterminated before code", "s = 'abc\nt = 1\n", "1:5: unterminated string literal (detected at line 1)"},
		{"unterminated continued", "x = \"a\\\nb\n", "1:5: unterminated string literal (detected at line 2)"},
		{"unterminated triple", "s = \"\"\"abc\n\n", "1:5: unterminated triple-quoted string literal (detected at line 2)"},
		{"unterminated triple eof", "'''abc\n", "1:1: unterminated triple-quoted string literal (detected at line 1)"},
		{"named escape", "s = \"\\N{EM DASH}\"\n", "1:6: \\N{...} escapes are not supported"},
		{"truncated x", "s = \"\\x4\"\n", "1:6: truncated \\xXX escape"},
		{"truncated u", "s = \"\\u12\"\n", "1:6: truncated \\uXXXX escape"},
		{"truncated U", "s = \"\\U0001F60\"\n", "1:6: truncated \\UXXXXXXXX escape"},
		{"illegal unicode", "s = \"\\U00110000\"\n", "1:6: illegal Unicode character"},
		{"bytes and str", "x = b\"a\" \"b\"\n", "1:5: cannot mix bytes and nonbytes literals"}, // CPython 3.11: 1:13
		{"str and fstring bytes", "x = f\"a\" b\"b\"\n", "1:5: cannot mix bytes and nonbytes literals"},
		{"non-ascii bytes", "x = b\"caf\u00e9\"\n", "1:10: bytes can only contain ASCII literal characters"},

		// f-strings, with CPython 3.12's wording (3.11 cannot parse PEP 701 f-strings).
		{"fstring unterminated", "f\"abc\n", "1:1: unterminated f-string literal (detected at line 1)"},
		{"fstring unterminated triple", "x = f'''abc {x}\n", "1:5: unterminated triple-quoted f-string literal (detected at line 1)"},
		{"fstring single brace", "f\"}\"\n", "1:3: f-string: single '}' is not allowed"},
		{"fstring empty", "f\"{}\"\n", "1:4: f-string: valid expression required before '}'"},
		{"fstring empty conversion", "f\"{!r}\"\n", "1:4: f-string: valid expression required before '!'"},
		{"fstring bad conversion", "f\"{x!z}\"\n", "1:6: f-string: invalid conversion character 'z': expected 's', 'r', or 'a'"},
		{"fstring missing conversion", "f\"{x!}\"\n", "1:6: f-string: missing conversion character"},
		{"fstring spaced conversion", "f\"{x! r}\"\n", "1:7: f-string: conversion type must come right after the exclamation mark"},
		{"fstring open field", "f\"{x\"\n", "1:5: f-string: expecting '}'"},
		{"fstring open spec", "f\"{x:{y}\"\n", "1:9: f-string: expecting '}'"},
		{"fstring newline in spec", "f\"{x:a\nb}\"\n", "1:7: f-string: newlines are not allowed in format specifiers for single quoted f-strings"},
		{"fstring lambda", "f\"{lambda x: 1}\"\n", "1:4: f-string: lambda expressions are not allowed without parentheses"},
		{"fstring unmatched", "f\"{x)}\"\n", "1:5: f-string: unmatched ')'"},

		// Numbers. Like CPython, "invalid ... literal" points at the last character that fit.
		{"complex", "x = 1j\n", "1:5: complex numbers are not supported"},
		{"complex float", "x = 1.5J\n", "1:5: complex numbers are not supported"},
		{"leading zeros", "x = 0777\n", "1:5: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"},
		{"double underscore", "x = 1__0\n", "1:6: invalid decimal literal"},
		{"trailing underscore", "x = 1_\n", "1:6: invalid decimal literal"},
		{"empty hex", "x = 0x\n", "1:6: invalid hexadecimal literal"},
		{"empty exponent", "x = 1e\n", "1:5: invalid decimal literal"},
		{"letters after number", "x = 12abc\n", "1:6: invalid decimal literal"},
		{"letters after imaginary", "x = 2json\n", "1:6: invalid imaginary literal"},
		{"leading zeros before letters", "x = 03d\n", "1:5: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"},
		{"octal digit", "x = 0o8\n", "1:7: invalid digit '8' in octal literal"},
		{"binary digit", "x = 0b12\n", "1:8: invalid digit '2' in binary literal"},

		// Characters and encodings.
		{"invalid character", "x = 1 \u20ac 2\n", "1:7: invalid character '\u20ac' (U+20AC)"},
		{"non-printable", "x = \u00a01\n", "1:5: invalid non-printable character U+00A0"},
		{"null byte", "x = 1\ny = \x00\n", "2:5: source code cannot contain null bytes"},
		{"invalid utf-8", "x = 1\ns = '\xff'\n", "2:6: invalid UTF-8 byte 0xff; save the file as UTF-8 or declare its encoding"},
		{"unknown encoding", "# -*- coding: cp1252 -*-\nx = 1\n", "1:1: encoding problem: cp1252 is not supported by gust; save the file as UTF-8"},
		{"bom with latin-1", "\xef\xbb\xbf# coding: latin-1\nx = 1\n", "1:1: encoding problem: latin-1 with BOM"},
		{"crlf position", "x = 1\r\ndef f()\r\n    pass\r\n", "2:8: expected ':'"},

		// Constructs gust does not support.
		{"match", "match command:\n    case 'go':\n        pass\n", "1:1: match statements are not supported by gust"},
		{"match parenthesised", "match (x):\n    case 1:\n        pass\n", "1:1: match statements are not supported by gust"},
		{"type alias", "type Point = tuple[float, float]\n", "1:1: type alias statements are not supported by gust"},
		{"generic def", "def f[T](x): pass\n", "1:6: type parameter lists (generic functions) are not supported by gust"},
		{"generic class", "class A[T]: pass\n", "1:8: type parameter lists (generic classes) are not supported by gust"},
		{"async def", "async def f():\n    pass\n", "1:1: async functions are not supported by gust"},
		{"async def decorated", "@task\nasync def f():\n    pass\n", "2:1: async functions are not supported by gust"},
		{"async for", "def f():\n    async for x in y:\n        pass\n", "2:5: async for loops are not supported by gust"},
		{"async with", "def f():\n    async with x:\n        pass\n", "2:5: async with statements are not supported by gust"},
		{"async comprehension", "x = [a async for a in b]\n", "1:8: asynchronous comprehensions are not supported by gust"},
		{"await", "def f():\n    return await g()\n", "2:12: await expressions are not supported by gust"},
		{"except star", "try:\n    pass\nexcept* ValueError:\n    pass\n", "3:1: except* (exception groups) is not supported by gust"},

		// A lexical error later in the file replaces a parse error, as in CPython.
		{"later string error wins", "x = = 1\ns = 'abc\n", "2:5: unterminated string literal (detected at line 2)"},
		{"later indent error does not", "x = = 1\nif x:\n    a\n  b\n", "1:5: invalid syntax"},
		{"too deeply nested", "x = " + strings.Repeat("-", 1200) + "1\n", "1:1004: expression too deeply nested"},
	}
}

// TestErrors checks the message and position of each syntax error in errorCases.
func TestErrors(t *testing.T) {
	for _, tt := range errorCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			mod, err := Parse("locustfile.py", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want error %q", tt.src, tt.want)
			}
			if mod != nil {
				t.Errorf("Parse returned a tree with its error")
			}
			var perr *Error
			if !errors.As(err, &perr) {
				t.Fatalf("error %T is not a *Error", err)
			}
			if got, want := err.Error(), "locustfile.py:"+tt.want; got != want {
				t.Errorf("Parse(%q)\n got: %s\nwant: %s", tt.src, got, want)
			}
			checkErrorInside(t, []byte(tt.src), perr)
		})
	}
}

// deepBlocks nests n if statements, each one space deeper.
func deepBlocks(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i) + "if x:\n")
	}
	b.WriteString(strings.Repeat(" ", n) + "pass\n")
	return b.String()
}

func TestErrorKinds(t *testing.T) {
	tests := []struct{ src, kind string }{
		{"def f(x)\n    pass\n", KindSyntax},
		{"x = 1\n  y = 2\n", KindIndentation},
		{"if x:\n    a\n  b\n", KindIndentation},
		{"def f():\nreturn\n", KindIndentation},
		{"if x:\n\tpass\n        pass\n", KindTab},
	}
	for _, tt := range tests {
		_, err := Parse("f.py", []byte(tt.src))
		var perr *Error
		if !errors.As(err, &perr) || perr.Kind != tt.kind {
			t.Errorf("Parse(%q) = %v, want a %s", tt.src, err, tt.kind)
		}
	}
}

// TestBrokenSyntaxLocustfile is the example the brief names: a def without its colon.
func TestBrokenSyntaxLocustfile(t *testing.T) {
	src, err := os.ReadFile("testdata/broken_syntax.py")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("broken_syntax.py", src)
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("Parse = %v, want a *Error", err)
	}
	if got, want := perr.Error(), "broken_syntax.py:8:20: expected ':'"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	wantExcerpt := "    def index(self)\n                   ^"
	if got := perr.Excerpt(); got != wantExcerpt {
		t.Errorf("Excerpt() =\n%s\nwant\n%s", got, wantExcerpt)
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		line string
		col  int32
		want string
	}{
		{"x = (1]", 7, "    x = (1]\n          ^"},
		{"\tif x y:", 7, "    if x y:\n         ^"},
		{"s = 'a\tb' ?", 11, "    s = 'a\tb' ?\n          \t   ^"},
		{"    café = ü ?", 15, "    café = ü ?\n              ^"},
		{"x = 1", 6, "    x = 1\n         ^"},
		{"   ", 2, ""},
		{"  x", 1, "    x\n    ^"},
	}
	for _, tt := range tests {
		e := &Error{Filename: "f.py", Pos: pos(1, tt.col), Msg: "m", Line: tt.line}
		if got := e.Excerpt(); got != tt.want {
			t.Errorf("Excerpt(%q, col %d) =\n%q\nwant\n%q", tt.line, tt.col, got, tt.want)
		}
	}
}
