// Package pyparse parses Python 3.12 source into the pyast syntax tree: a hand-written scanner
// (INDENT/DEDENT, implicit line joining, every string prefix, PEP 701 f-strings) and a
// recursive-descent parser with CPython's precedence, its error messages and its error
// positions, for the locustfiles gust runs on go.starlark.net.
//
// Parse is the only entry point. Constructs gust cannot run at all (match statements, type
// aliases, async and await, except*, complex numbers, \N{...} escapes) are rejected here with
// an error that names them; everything else that is valid Python parses, including what a
// later pass may still refuse ('return' outside a function is not a syntax error).
//
// Errors follow CPython, which reports in two passes: the furthest token its parser read, or a
// guess from its error rules ("Perhaps you forgot a comma?"), unless a tokenizer error later
// in the file or a bracket left open replaces it. Messages use CPython 3.12's wording where it
// changed from 3.11 (f-strings, parameter order). Deliberate differences: indentation errors
// point at the first token of the offending line; escape-sequence errors at the backslash; and
// identifiers are compared as written, without CPython's NFKC normalisation.
package pyparse

import (
	"fmt"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// maxDepth bounds the nesting of expressions (unary operators, lambdas, conditional
// expressions) that brackets do not limit, so hostile input cannot exhaust the stack.
const maxDepth = 1000

// Parse parses the Python source src, read from the file filename, into a module. On failure
// the error is a *Error with a position inside src; no partial tree is returned.
func Parse(filename string, src []byte) (*pyast.Module, error) {
	text, perr := prepare(filename, src)
	if perr != nil {
		return nil, perr
	}
	p := &parser{filename: filename, src: text}
	mod, err := p.parseFile()
	if err != nil {
		return nil, err
	}
	return mod, nil
}

type parser struct {
	filename string
	src      []byte
	toks     []token
	i        int       // index of the current token
	fill     int       // number of tokens looked at so far (CPython's p->fill)
	fill1    int       // the same, outside probes (CPython's first pass)
	prevEnd  pyast.Pos // end of the last consumed token that is not NEWLINE/INDENT/DEDENT
	depth    int
	noRewind bool // the error being raised must not be undone by speculate
	probing  bool // looking ahead for an error guess: lookahead does not count for fill1
	probes   int  // nesting of probe calls
	// noElseGuess makes the next expression fail quietly on "a if b" without else, as
	// CPython's expression_without_invalid does.
	noElseGuess bool
	err         *Error
}

// bailout is the panic value that unwinds the parser after p.err is set; it never leaves
// this package.
type bailout struct{}

func (p *parser) parseFile() (mod *pyast.Module, err *Error) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				// A bug in the scanner or parser must not crash the program loading a
				// locustfile; FuzzParse fails on this message.
				p.err = &Error{Pos: p.safePos(), Kind: KindSyntax, final: true,
					Msg: fmt.Sprintf("internal error in the Python parser (please report it): %v", r)}
			}
			mod, err = nil, p.finalError(p.err)
		}
	}()
	p.toks = newScanner(p.src).scanAll()
	mod = &pyast.Module{Filename: p.filename}
	for p.tok().kind != tEOF {
		mod.Body = p.statement(mod.Body)
	}
	mod.Span = pyast.Span{StartPos: pyast.Pos{Line: 1, Col: 1}, EndPos: p.tok().pos}
	return mod, nil
}

// safePos is the position of the current token, or of the end of file, or 1:1 before the
// scanner has finished.
func (p *parser) safePos() pyast.Pos {
	switch {
	case len(p.toks) == 0:
		return pyast.Pos{Line: 1, Col: 1}
	case p.i < len(p.toks):
		return p.toks[p.i].pos
	}
	return p.toks[len(p.toks)-1].pos
}

// finalError decides which error the user sees, as CPython does: after a parse error CPython
// tokenizes the rest of the file, and a tokenizer error found there (an unterminated string,
// a bad number...) replaces the parse error, as does a bracket left open on a line before the
// furthest token the parser looked at.
func (p *parser) finalError(e *Error) *Error {
	if n := len(p.toks); n > 0 && p.toks[n-1].kind == tError && !e.final {
		last := p.toks[n-1]
		furthest := p.toks[max(p.fill-1, 0)].pos.Line
		if p.fill == n && len(p.src) > 0 && p.src[len(p.src)-1] == '\n' {
			furthest++ // CPython's end of file is on the line after the last newline
		}
		switch se := last.err; {
		case se.eager:
			e = p.scanErr(se)
		case se.unclosed && furthest > se.pos.Line:
			e = p.scanErr(se)
		}
	}
	e.Filename = p.filename
	e.Line = lineText(p.src, e.Pos.Line)
	return e
}

// literal consumes a number, string or f-string part, raising the error the scanner found
// inside it, if any, as CPython's parser does when it evaluates the literal.
func (p *parser) literal() token {
	t := p.next()
	if t.err != nil {
		p.err = &Error{Pos: t.err.pos, Msg: t.err.msg, Kind: t.err.kind}
		panic(bailout{})
	}
	return t
}

func (p *parser) scanErr(se *scanError) *Error {
	return &Error{Pos: se.pos, Msg: se.msg, Kind: se.kind, final: true}
}

// tok returns the current token. Reaching the scanner's error token is where a lexical error
// becomes the parse's error, exactly when CPython's parser would fetch that token.
func (p *parser) tok() *token {
	p.saw(p.i)
	t := &p.toks[p.i]
	if t.kind == tError {
		// CPython raises a tokenizer error as soon as its parser fetches the token, even
		// while it is only trying an alternative, so no speculation may undo this one.
		p.err = p.scanErr(t.err)
		p.noRewind = true
		panic(bailout{})
	}
	return t
}

// peek returns the kind of the token n places ahead without failing on an error token.
func (p *parser) peek(n int) tokKind {
	j := min(p.i+n, len(p.toks)-1)
	p.saw(j)
	return p.toks[j].kind
}

// peekQuietly is peek for CPython's error pass: the token does not count as read by the
// first pass (see unexpected).
func (p *parser) peekQuietly(n int) tokKind {
	probing := p.probing
	p.probing = true
	k := p.peek(n)
	p.probing = probing
	return k
}

// saw records that the parser looked at token j.
func (p *parser) saw(j int) {
	if j >= p.fill {
		p.fill = j + 1
	}
	if j >= p.fill1 && !p.probing {
		p.fill1 = j + 1
	}
}

// next consumes the current token and returns it.
func (p *parser) next() token {
	t := *p.tok()
	if t.kind != tEOF {
		p.i++
	}
	switch t.kind {
	case tNewline, tIndent, tDedent, tEOF:
	default:
		p.prevEnd = t.end
	}
	return t
}

func (p *parser) is(k tokKind) bool { return p.tok().kind == k }

// accept consumes the current token if it has kind k.
func (p *parser) accept(k tokKind) (token, bool) {
	if p.tok().kind == k {
		return p.next(), true
	}
	return token{}, false
}

// expect consumes a token of kind k or fails with CPython's generic message.
func (p *parser) expect(k tokKind) token {
	if p.tok().kind != k {
		p.unexpected()
	}
	return p.next()
}

// expectColon consumes the ':' of a compound statement header; CPython reports its absence
// as "expected ':'" at the token found instead.
func (p *parser) expectColon() pyast.Pos {
	if !p.is(tColon) {
		p.failAt(p.tok().pos, "expected ':'")
	}
	return p.next().pos
}

// expectHeaderColon consumes the ':' of an if, elif, while, for, with, class or except header.
// CPython says "expected ':'" for these only when the line ends there, and "invalid syntax"
// at a stray token ("class R&D:").
func (p *parser) expectHeaderColon() pyast.Pos {
	if !p.is(tColon) && !p.is(tNewline) {
		p.unexpected()
	}
	return p.expectColon()
}

func (p *parser) span(start pyast.Pos) pyast.Span {
	return pyast.Span{StartPos: start, EndPos: p.prevEnd}
}

// failKind raises a specific error. Like CPython's error rules, which raise as soon as they
// match, it is not undone by speculate: only plain "invalid syntax" (see unexpected) means
// that an alternative did not fit.
func (p *parser) failKind(pos pyast.Pos, kind, msg string) {
	p.err = &Error{Pos: pos, Msg: msg, Kind: kind}
	p.noRewind = true
	panic(bailout{})
}

func (p *parser) failAt(pos pyast.Pos, format string, args ...any) {
	p.failKind(pos, KindSyntax, fmt.Sprintf(format, args...))
}

// unexpected fails on the current token with CPython's generic messages.
func (p *parser) unexpected() {
	t := p.tok()
	switch t.kind {
	case tIndent, tDedent:
		// CPython reports these before it looks at the rest of the file, so nothing found
		// there replaces them.
		msg := "unexpected indent"
		if t.kind == tDedent {
			msg = "unexpected unindent"
		}
		p.err = &Error{Pos: t.pos, Msg: msg, Kind: KindIndentation, final: true}
		panic(bailout{})
	case tAwait:
		p.failAt(t.pos, "await expressions are not supported by gust")
	case tAsync:
		p.unsupportedAsync()
	}
	// Like CPython, point at the furthest token the parser looked at outside its error
	// guesses: in "x not a" that is a, which is where "not in" turned out to be missing.
	pos := t.pos
	if f := p.toks[max(p.fill1-1, 0)]; f.kind != tError {
		pos = f.pos
	}
	p.err = &Error{Pos: pos, Msg: "invalid syntax", Kind: KindSyntax}
	panic(bailout{})
}

func (p *parser) unsupportedAsync() {
	t := p.tok()
	switch p.peek(1) {
	case tDef:
		p.failAt(t.pos, "async functions are not supported by gust")
	case tFor:
		p.failAt(t.pos, "async for loops are not supported by gust")
	case tWith:
		p.failAt(t.pos, "async with statements are not supported by gust")
	}
	p.failAt(t.pos, "'async' is not supported by gust")
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.failAt(p.tok().pos, "expression too deeply nested")
	}
}

func (p *parser) leave() { p.depth-- }

// probeExpression looks ahead the way CPython's error pass does when an expression is
// followed by the start of another ("x = a b"): it parses an expression from the current token
// only to see how far that reads, then rewinds. The distance decides whether an unclosed
// bracket is reported instead of the error (see finalError).
func (p *parser) probeExpression() bool {
	if !canStartExpr(p.tok().kind) {
		return false
	}
	// CPython's backtracking parser reads as far as a whole expression would go, but accepts
	// any prefix that parses ("f" in "f & or"): an atom after any unary operators. Its guess
	// is also off when ':=' follows ("(m a := 1)").
	var after tokKind
	start := p.i
	var length int
	if p.probe(func() { p.noElseGuess = true; p.expression(); after, length = p.tok().kind, p.i-start }) &&
		after == tColonEqual && length == 1 && p.tok().kind == tName {
		return false // "(m a := 1)": a may start a walrus
	}
	return p.probeAtom()
}

// probeAtom reports whether an atom, after any unary operators, parses at the current token:
// the shortest expression CPython's backtracking parser can fall back to.
func (p *parser) probeAtom() bool {
	return p.probe(func() {
		for p.is(tMinus) || p.is(tPlus) || p.is(tTilde) || p.is(tNot) {
			p.next()
		}
		if !p.is(tLambda) {
			p.atom()
		}
	})
}

// probe runs f for its lookahead only (see probeExpression), rewinds, and reports whether f
// parsed. Probes nest one level deep (an expression guessed inside a guessed one), which is
// as far as CPython's error rules were seen to look; deeper, a probe reports failure.
func (p *parser) probe(f func()) bool {
	if p.probes >= 2 {
		return false
	}
	i, prevEnd, depth, probing := p.i, p.prevEnd, p.depth, p.probing
	p.probes++
	p.probing = true
	ok := p.speculate(f)
	p.probes--
	p.i, p.prevEnd, p.depth, p.probing = i, prevEnd, depth, probing
	return ok
}

// speculate runs f and reports whether it parsed without error; on failure it rewinds to
// where it started. Only the parenthesised form of with uses it, where CPython backtracks.
func (p *parser) speculate(f func()) (ok bool) {
	i, prevEnd, depth := p.i, p.prevEnd, p.depth
	defer func() {
		if r := recover(); r != nil {
			if _, isBailout := r.(bailout); !isBailout || p.noRewind {
				panic(r)
			}
			p.i, p.prevEnd, p.depth, p.err = i, prevEnd, depth, nil
			ok = false
		}
	}()
	f()
	return true
}
