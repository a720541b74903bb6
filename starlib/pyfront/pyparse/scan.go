package pyparse

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// Limits that keep hostile input from exhausting the stack; CPython has the same two.
const (
	maxIndent   = 100 // "too many levels of indentation"
	maxBrackets = 200 // "too many nested parentheses"
)

// scanner turns prepared source into tokens, CPython-style: INDENT/DEDENT from leading
// whitespace (tabs to multiples of 8, checked against a tab size of 1 for consistency), NEWLINE
// only at the end of a logical line (not inside brackets, not after a backslash), and f-strings
// split into parts per PEP 701 with a stack of modes. It stops at the first lexical error and
// ends the token list with a tError token, or with tEOF.
type scanner struct {
	src  []byte
	off  int   // byte offset of the next character
	line int32 // position of the next character
	col  int32

	toks       []token
	indents    []indentLevel
	brackets   []bracket
	modes      []fmode
	atBOL      bool
	commentPos pyast.Pos // start of a comment on the current line, where NEWLINE goes
	eofPos     pyast.Pos
	done       bool
	// literalErr is an error inside the literal being scanned (a bad escape, a non-ASCII byte,
	// an imaginary number). CPython finds these in its parser, not its tokenizer, so the
	// scanner attaches them to the literal's token and goes on; the parser raises them.
	literalErr *scanError
}

type indentLevel struct{ col, alt int }

// bracket is an open '(', '[' or '{'; field marks the '{' of an f-string replacement field.
type bracket struct {
	ch    byte
	pos   pyast.Pos
	field bool
}

// fmode is one level of f-string scanning: either an open f-string (literal text until '{' or
// the closing quote) or a replacement field inside one (ordinary tokens until its '}', then
// literal format-spec text after a top-level ':').
type fmode struct {
	field bool

	// f-string
	quote  byte
	triple bool
	raw    bool
	start  pyast.Pos

	// field
	depth int  // len(brackets) while inside the field and outside any bracket it opened
	spec  bool // scanning the format spec
	fstr  int  // index in modes of the f-string the field belongs to
}

func newScanner(src []byte) *scanner {
	s := &scanner{src: src, line: 1, col: 1, atBOL: true, indents: []indentLevel{{0, 0}}}
	s.toks = make([]token, 0, len(src)/4+8)
	s.eofPos = s.computeEOF()
	return s
}

// computeEOF places the end of file on the last newline when the file ends with one, so that
// every position the parser reports lies inside the text.
func (s *scanner) computeEOF() pyast.Pos {
	n := len(s.src)
	if n > 0 && s.src[n-1] == '\n' {
		return posAt(s.src, n-1)
	}
	return posAt(s.src, n)
}

func (s *scanner) scanAll() []token {
	for !s.done {
		s.scanOne()
	}
	return s.toks
}

func (s *scanner) pos() pyast.Pos { return pyast.Pos{Line: s.line, Col: s.col} }

// prevPos is the position of the character before the next one, on the same line.
func (s *scanner) prevPos() pyast.Pos { return pyast.Pos{Line: s.line, Col: max(s.col-1, 1)} }

func (s *scanner) peek() byte {
	if s.off < len(s.src) {
		return s.src[s.off]
	}
	return 0
}

func (s *scanner) peekAt(n int) byte {
	if s.off+n < len(s.src) {
		return s.src[s.off+n]
	}
	return 0
}

func (s *scanner) eof() bool { return s.off >= len(s.src) }

// advance moves past one character (a whole rune) and keeps line and column up to date.
func (s *scanner) advance() {
	c := s.src[s.off]
	switch {
	case c == '\n':
		s.off++
		s.line++
		s.col = 1
	case c < utf8.RuneSelf:
		s.off++
		s.col++
	default:
		_, size := utf8.DecodeRune(s.src[s.off:])
		s.off += size
		s.col++
	}
}

func (s *scanner) emit(kind tokKind, pos pyast.Pos, off int) *token {
	s.toks = append(s.toks, token{kind: kind, pos: pos, off: off, end: s.pos(), endOff: s.off})
	t := &s.toks[len(s.toks)-1]
	if s.literalErr != nil {
		t.err, s.literalErr = s.literalErr, nil
	}
	return t
}

// literalError records an error inside the current literal (see literalErr); the first one
// counts.
func (s *scanner) literalError(pos pyast.Pos, format string, args ...any) {
	if s.literalErr == nil {
		s.literalErr = &scanError{pos: pos, msg: fmt.Sprintf(format, args...), kind: KindSyntax}
	}
}

// fail ends the token list with an error token.
func (s *scanner) fail(pos pyast.Pos, kind string, eager bool, msg string) {
	s.toks = append(s.toks, token{kind: tError, pos: pos, end: pos, off: s.off, endOff: s.off,
		err: &scanError{pos: pos, msg: msg, kind: kind, eager: eager}})
	s.done = true
}

func (s *scanner) syntaxError(pos pyast.Pos, format string, args ...any) {
	s.fail(pos, KindSyntax, true, fmt.Sprintf(format, args...))
}

func (s *scanner) scanOne() {
	if n := len(s.modes); n > 0 {
		top := &s.modes[n-1]
		switch {
		case !top.field:
			s.scanFStringText(n-1, false)
			return
		case top.spec:
			s.scanFStringText(top.fstr, true)
			return
		}
	}
	if s.atBOL && len(s.brackets) == 0 {
		s.atBOL = false
		if s.indentation() || s.done {
			return
		}
	}
	for {
		c := s.peek()
		if c == ' ' || c == '\t' || c == '\f' {
			s.off++
			s.col++
			continue
		}
		break
	}
	if s.eof() {
		s.endOfFile()
		return
	}
	start, off := s.pos(), s.off
	c := s.peek()
	switch {
	case c == '#':
		s.commentPos = start
		for !s.eof() && s.peek() != '\n' {
			s.advance()
		}
	case c == '\n':
		if len(s.brackets) > 0 {
			s.advance()
			s.commentPos = pyast.Pos{}
			return
		}
		pos := start
		if s.commentPos.IsValid() {
			pos = s.commentPos
		}
		s.commentPos = pyast.Pos{}
		s.advance()
		if n := len(s.toks); n > 0 && s.toks[n-1].kind != tNewline {
			t := s.emit(tNewline, pos, off)
			t.end = pos
		}
		s.atBOL = true
	case c == '\\':
		s.advance()
		// CPython's tokenizer reports these only when its parser asks for the token.
		switch {
		case s.peek() == '\n' && s.off+1 >= len(s.src):
			s.fail(s.pos(), KindSyntax, false, "unexpected EOF while parsing")
		case s.peek() == '\n':
			s.advance()
		default:
			s.fail(s.pos(), KindSyntax, false, "unexpected character after line continuation character")
		}
	case isDigit(c) || c == '.' && isDigit(s.peekAt(1)):
		s.scanNumber(start, off)
	case c == '"' || c == '\'':
		s.scanString(start, off, "")
	case isIdentStart(c) || c >= utf8.RuneSelf:
		s.scanName(start, off)
	default:
		s.scanOperator(start, off)
	}
}

// indentation handles the start of a line outside brackets: it skips blank and comment-only
// lines, and compares the indentation with the stack of open blocks, emitting INDENT or
// DEDENTs. It reports whether it consumed a blank line (the caller then starts over).
func (s *scanner) indentation() bool {
	col, alt := 0, 0
	contCol, contAlt := -1, -1
	for {
		switch s.peek() {
		case ' ':
			col++
			alt++
		case '\t':
			col = (col/8 + 1) * 8
			alt++
		case '\f':
			col, alt = 0, 0
		case '\\':
			// Indentation cannot continue over a backslash: like CPython, the first
			// backslash fixes the level of what follows on the next line.
			if contCol < 0 {
				contCol, contAlt = col, alt
			}
			s.advance()
			switch {
			case s.eof():
				s.fail(s.pos(), KindSyntax, false, "unexpected EOF while parsing")
				return true
			case s.peek() != '\n':
				s.fail(s.pos(), KindSyntax, false, "unexpected character after line continuation character")
				return true
			}
			s.advance()
			continue
		default:
			goto measured
		}
		s.off++
		s.col++
	}
measured:
	if contCol >= 0 {
		col, alt = contCol, contAlt
	}
	switch c := s.peek(); {
	case s.eof():
		return false
	case c == '#' || c == '\n':
		for !s.eof() && s.peek() != '\n' {
			s.advance()
		}
		if !s.eof() {
			s.advance()
		}
		s.atBOL = true
		return true
	}
	pos := s.pos()
	top := s.indents[len(s.indents)-1]
	switch {
	case col == top.col:
		if alt != top.alt {
			s.fail(pos, KindTab, false, "inconsistent use of tabs and spaces in indentation")
		}
	case col > top.col:
		if len(s.indents) > maxIndent {
			s.fail(pos, KindIndentation, false, "too many levels of indentation")
			return false
		}
		if alt <= top.alt {
			s.fail(pos, KindTab, false, "inconsistent use of tabs and spaces in indentation")
			return false
		}
		s.indents = append(s.indents, indentLevel{col, alt})
		t := s.emit(tIndent, pos, s.off)
		t.end = pos
	default:
		n := len(s.indents)
		for n > 1 && col < s.indents[n-1].col {
			n--
		}
		if col != s.indents[n-1].col {
			s.fail(pos, KindIndentation, false, "unindent does not match any outer indentation level")
			return false
		}
		if alt != s.indents[n-1].alt {
			s.fail(pos, KindTab, false, "inconsistent use of tabs and spaces in indentation")
			return false
		}
		for len(s.indents) > n {
			s.indents = s.indents[:len(s.indents)-1]
			t := s.emit(tDedent, pos, s.off)
			t.end = pos
		}
	}
	return s.done
}

func (s *scanner) endOfFile() {
	pos := s.eofPos
	if n := len(s.modes); n > 0 {
		if s.modes[n-1].field {
			s.syntaxError(pos, "f-string: expecting '}'")
			return
		}
	}
	if n := len(s.brackets); n > 0 {
		b := s.brackets[n-1]
		s.toks = append(s.toks, token{kind: tError, pos: pos, end: pos, off: s.off, endOff: s.off,
			err: &scanError{pos: b.pos, msg: fmt.Sprintf("'%c' was never closed", b.ch), kind: KindSyntax, unclosed: true}})
		s.done = true
		return
	}
	if n := len(s.toks); n > 0 && s.toks[n-1].kind != tNewline && s.toks[n-1].kind != tDedent {
		t := s.emit(tNewline, pos, s.off)
		t.end = pos
	}
	for len(s.indents) > 1 {
		s.indents = s.indents[:len(s.indents)-1]
		t := s.emit(tDedent, pos, s.off)
		t.end = pos
	}
	t := s.emit(tEOF, pos, s.off)
	t.end = pos
	s.done = true
}

func isDigit(c byte) bool      { return c >= '0' && c <= '9' }
func isIdentStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }
func isIdentByte(c byte) bool  { return isIdentStart(c) || isDigit(c) }

func isIdentStartRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) || unicode.Is(unicode.Other_ID_Start, r)
}

func isIdentRune(r rune) bool {
	return isIdentStartRune(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mn, unicode.Mc, unicode.Pc) ||
		unicode.Is(unicode.Other_ID_Continue, r)
}

// scanName scans an identifier, a keyword, or the prefix of a string literal. Identifiers are
// not NFKC-normalised as CPython does; gust compares them as written.
func (s *scanner) scanName(start pyast.Pos, off int) {
	for !s.eof() {
		c := s.peek()
		if c < utf8.RuneSelf {
			if !isIdentByte(c) {
				break
			}
			s.off++
			s.col++
			continue
		}
		r, size := utf8.DecodeRune(s.src[s.off:])
		if !(s.off == off && isIdentStartRune(r) || s.off > off && isIdentRune(r)) {
			break
		}
		s.off += size
		s.col++
	}
	if s.off == off {
		s.badCharacter(start)
		return
	}
	text := string(s.src[off:s.off])
	if q := s.peek(); (q == '"' || q == '\'') && isStringPrefix(text) {
		s.scanString(start, off, text)
		return
	}
	kind := tName
	if k, ok := keywordKind(text); ok {
		kind = k
	}
	s.emit(kind, start, off).text = text
}

func (s *scanner) badCharacter(start pyast.Pos) {
	r, _ := utf8.DecodeRune(s.src[s.off:])
	if unicode.IsPrint(r) {
		s.syntaxError(start, "invalid character '%c' (U+%04X)", r, r)
	} else {
		s.syntaxError(start, "invalid non-printable character U+%04X", r)
	}
}

func isStringPrefix(p string) bool {
	switch len(p) {
	case 1:
		switch p[0] | 0x20 {
		case 'r', 'u', 'b', 'f':
			return true
		}
	case 2:
		a, b := p[0]|0x20, p[1]|0x20
		return a == 'r' && (b == 'b' || b == 'f') || b == 'r' && (a == 'b' || a == 'f')
	}
	return false
}
