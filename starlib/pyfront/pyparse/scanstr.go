package pyparse

import (
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// scanString scans a string literal whose prefix (possibly "") has already been consumed. Plain
// literals become one tString token with the decoded value; an f-string only emits its start
// token and pushes a mode, and scanFStringText takes over.
func (s *scanner) scanString(start pyast.Pos, off int, prefix string) {
	var raw, isBytes, isF, isU bool
	for i := 0; i < len(prefix); i++ {
		switch prefix[i] | 0x20 {
		case 'r':
			raw = true
		case 'b':
			isBytes = true
		case 'f':
			isF = true
		case 'u':
			// CPython records kind='u' only for a lowercase prefix.
			isU = prefix[i] == 'u'
		}
	}
	quote := s.peek()
	triple := s.peekAt(1) == quote && s.peekAt(2) == quote
	n := 1
	if triple {
		n = 3
	}
	for i := 0; i < n; i++ {
		s.advance()
	}
	if isF {
		s.emit(tFStringStart, start, off).text = string(s.src[off:s.off])
		s.modes = append(s.modes, fmode{quote: quote, triple: triple, raw: raw, start: start})
		return
	}
	var buf []byte
	for {
		if s.eof() {
			s.unterminated(start, quote, triple, false)
			return
		}
		c := s.peek()
		switch {
		case c == quote && (!triple || s.peekAt(1) == quote && s.peekAt(2) == quote):
			for i := 0; i < n; i++ {
				s.advance()
			}
			t := s.emit(tString, start, off)
			t.uPrefix = isU
			if isBytes {
				t.val = pyast.Bytes(buf)
			} else {
				t.val = string(buf)
			}
			return
		case c == '\n' && !triple:
			s.unterminated(start, quote, triple, false)
			return
		case c == '\\' && raw:
			buf = append(buf, '\\')
			s.advance()
			if !s.eof() {
				buf = s.appendCurrent(buf, isBytes)
			}
		case c == '\\':
			buf = s.escape(buf, isBytes)
		default:
			buf = s.appendCurrent(buf, isBytes)
		}
		if s.done {
			return
		}
	}
}

// appendCurrent copies the character at the scanner's position into buf and moves past it.
func (s *scanner) appendCurrent(buf []byte, isBytes bool) []byte {
	if s.peek() >= utf8.RuneSelf && isBytes {
		s.literalError(s.pos(), "bytes can only contain ASCII literal characters")
	}
	from := s.off
	s.advance()
	return append(buf, s.src[from:s.off]...)
}

// unterminated reports a string or f-string that reaches the end of its line or of the file.
// A plain string opened inside an f-string replacement field with the f-string's own quote
// most likely means the field itself was left open, which is what CPython 3.12 says then.
func (s *scanner) unterminated(start pyast.Pos, quote byte, triple, fstring bool) {
	if !fstring && !triple {
		for i := len(s.modes) - 1; i >= 0; i-- {
			if m := s.modes[i]; !m.field {
				if m.quote == quote && !m.triple {
					s.syntaxError(start, "f-string: expecting '}'")
					return
				}
				break
			}
		}
	}
	kind := "string"
	if fstring {
		kind = "f-string"
	}
	if triple {
		s.syntaxError(start, "unterminated triple-quoted %s literal (detected at line %d)", kind, s.eofPos.Line)
		return
	}
	s.syntaxError(start, "unterminated %s literal (detected at line %d)", kind, s.line)
}

// scanFStringText scans literal text of the f-string modes[fi]: its body (spec false) or the
// format spec of a replacement field (spec true). It emits the decoded text as tFStringMiddle,
// then the token that ended it: '{' opening a field, '}' closing the field of a spec, or the
// closing quote.
func (s *scanner) scanFStringText(fi int, spec bool) {
	fs := s.modes[fi]
	start, off := s.pos(), s.off
	var buf []byte
	flush := func() {
		if s.off > off {
			t := s.emit(tFStringMiddle, start, off)
			t.val = string(buf)
		}
	}
	for !s.done {
		if s.eof() {
			if spec {
				s.syntaxError(s.eofPos, "f-string: expecting '}'")
			} else {
				s.unterminated(fs.start, fs.quote, fs.triple, true)
			}
			return
		}
		c := s.peek()
		switch {
		case c == fs.quote && (!fs.triple || s.peekAt(1) == fs.quote && s.peekAt(2) == fs.quote):
			if spec {
				s.syntaxError(s.pos(), "f-string: expecting '}'")
				return
			}
			flush()
			qpos, qoff := s.pos(), s.off
			n := 1
			if fs.triple {
				n = 3
			}
			for i := 0; i < n; i++ {
				s.advance()
			}
			s.emit(tFStringEnd, qpos, qoff)
			s.modes = s.modes[:len(s.modes)-1]
			return
		case c == '\n' && !fs.triple:
			if spec {
				s.syntaxError(s.pos(), "f-string: newlines are not allowed in format specifiers for single quoted f-strings")
			} else {
				s.unterminated(fs.start, fs.quote, fs.triple, true)
			}
			return
		case c == '{' && !spec && s.peekAt(1) == '{', c == '}' && !spec && s.peekAt(1) == '}':
			buf = append(buf, c)
			s.advance()
			s.advance()
		case c == '{':
			flush()
			if len(s.brackets) >= maxBrackets {
				s.syntaxError(s.pos(), "too many nested parentheses")
				return
			}
			bpos, boff := s.pos(), s.off
			s.brackets = append(s.brackets, bracket{ch: '{', pos: bpos, field: true})
			s.advance()
			s.emit(tLBrace, bpos, boff)
			s.modes = append(s.modes, fmode{field: true, depth: len(s.brackets), fstr: fi})
			return
		case c == '}':
			if !spec {
				s.syntaxError(s.pos(), "f-string: single '}' is not allowed")
				return
			}
			flush()
			bpos, boff := s.pos(), s.off
			s.advance()
			s.emit(tRBrace, bpos, boff)
			s.brackets = s.brackets[:len(s.brackets)-1]
			s.modes = s.modes[:len(s.modes)-1]
			return
		case c == '\\' && fs.raw:
			buf = append(buf, '\\')
			s.advance()
			if n := s.peek(); n == fs.quote || n == '\\' || n == '\n' {
				buf = s.appendCurrent(buf, false)
			}
		case c == '\\':
			buf = s.escape(buf, false)
		default:
			buf = s.appendCurrent(buf, false)
		}
	}
}

// escape decodes the backslash escape at the scanner's position into buf. Unknown escapes
// keep their backslash, as Python does; a malformed one is recorded with literalError.
func (s *scanner) escape(buf []byte, isBytes bool) []byte {
	bs := s.pos()
	s.advance() // the backslash
	if s.eof() {
		return append(buf, '\\')
	}
	c := s.peek()
	simple := byte(0)
	switch c {
	case '\n':
		s.advance() // backslash-newline continues the literal
		return buf
	case '\\', '\'', '"':
		simple = c
	case 'a':
		simple = 7
	case 'b':
		simple = 8
	case 'f':
		simple = 12
	case 'n':
		simple = 10
	case 'r':
		simple = 13
	case 't':
		simple = 9
	case 'v':
		simple = 11
	}
	if simple != 0 {
		s.advance()
		return append(buf, simple)
	}
	switch {
	case c >= '0' && c <= '7':
		v := 0
		for i := 0; i < 3 && s.peek() >= '0' && s.peek() <= '7'; i++ {
			v = v*8 + int(s.peek()-'0')
			s.advance()
		}
		if isBytes {
			return append(buf, byte(v))
		}
		return utf8.AppendRune(buf, rune(v))
	case c == 'x':
		s.advance()
		v, ok := s.hexDigits(2)
		if !ok {
			s.literalError(bs, `truncated \xXX escape`)
			return buf
		}
		if isBytes {
			return append(buf, byte(v))
		}
		return utf8.AppendRune(buf, rune(v))
	case (c == 'u' || c == 'U') && !isBytes:
		s.advance()
		n, name := 4, `truncated \uXXXX escape`
		if c == 'U' {
			n, name = 8, `truncated \UXXXXXXXX escape`
		}
		v, ok := s.hexDigits(n)
		switch {
		case !ok:
			s.literalError(bs, "%s", name)
			return buf
		case v > utf8.MaxRune:
			s.literalError(bs, "illegal Unicode character")
			return buf
		}
		return appendWTF8(buf, rune(v))
	case c == 'N' && !isBytes:
		s.literalError(bs, `\N{...} escapes are not supported`)
		return append(buf, '\\')
	}
	return append(buf, '\\')
}

func (s *scanner) hexDigits(n int) (uint32, bool) {
	var v uint32
	for i := 0; i < n; i++ {
		c := s.peek()
		var d byte
		switch {
		case c >= '0' && c <= '9':
			d = c - '0'
		case c >= 'a' && c <= 'f':
			d = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			d = c - 'A' + 10
		default:
			return 0, false
		}
		v = v*16 + uint32(d)
		s.advance()
	}
	return v, true
}

// appendWTF8 appends r as UTF-8, except that a surrogate code point gets its 3-byte encoding
// (which UTF-8 forbids) so that "\ud800" survives as it does in a Python str.
func appendWTF8(buf []byte, r rune) []byte {
	if r >= 0xD800 && r <= 0xDFFF {
		return append(buf, 0xED, byte(0xA0|(r>>6)&0x1F), byte(0x80|r&0x3F))
	}
	return utf8.AppendRune(buf, r)
}
