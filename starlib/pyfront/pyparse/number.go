package pyparse

import (
	"math/big"
	"strconv"
	"strings"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// scanNumber scans an integer or float literal: decimal, 0x/0o/0b with '_' separators between
// digits, "1.", ".5", "1e-3". Its value is an int64, a *big.Int or a float64. Imaginary
// literals are rejected because gust has no complex numbers.
func (s *scanner) scanNumber(start pyast.Pos, off int) {
	kind := "decimal"
	isFloat := false
	if s.peek() == '0' && strings.IndexByte("xXoObB", s.peekAt(1)) >= 0 {
		base, digit := 16, isHexDigit
		switch s.peekAt(1) | 0x20 {
		case 'x':
			kind = "hexadecimal"
		case 'o':
			kind, base, digit = "octal", 8, isOctDigit
		case 'b':
			kind, base, digit = "binary", 2, isBinDigit
		}
		s.advance()
		s.advance()
		if s.peek() == '_' {
			s.advance()
		}
		if !s.digits(digit, kind) {
			return
		}
		if base != 16 && isDigit(s.peek()) {
			s.syntaxError(s.pos(), "invalid digit '%c' in %s literal", s.peek(), kind)
			return
		}
		s.finishNumber(start, off, kind, false)
		return
	}
	if s.peek() != '.' {
		if !s.digits(isDigit, kind) {
			return
		}
	}
	if s.peek() == '.' {
		isFloat = true
		s.advance()
		if isDigit(s.peek()) && !s.digits(isDigit, kind) {
			return
		}
	}
	if c := s.peek(); c == 'e' || c == 'E' {
		c1 := s.peekAt(1)
		if isDigit(c1) || (c1 == '+' || c1 == '-') && isDigit(s.peekAt(2)) {
			isFloat = true
			s.advance()
			if c1 == '+' || c1 == '-' {
				s.advance()
			}
			if !s.digits(isDigit, kind) {
				return
			}
		} else if c1 == '+' || c1 == '-' {
			s.advance()
			s.syntaxError(s.pos(), "invalid decimal literal") // at the sign, as CPython
			return
		} else if !isKeywordAfterNumber(s.src[s.off:]) {
			s.syntaxError(s.prevPos(), "invalid decimal literal")
			return
		}
	}
	s.finishNumber(start, off, kind, isFloat)
}

// digits scans one or more digits with single underscores between them.
func (s *scanner) digits(ok func(byte) bool, kind string) bool {
	for {
		if c := s.peek(); !ok(c) {
			if isDigit(c) {
				// Only octal and binary literals reach here with a decimal digit.
				s.syntaxError(s.pos(), "invalid digit '%c' in %s literal", c, kind)
			} else {
				s.syntaxError(s.prevPos(), "invalid %s literal", kind)
			}
			return false
		}
		for ok(s.peek()) {
			s.advance()
		}
		if s.peek() != '_' {
			return true
		}
		s.advance()
	}
}

// isKeywordAfterNumber reports whether b starts with a keyword that may follow a number with
// no space, as in "1if x else 2", which CPython accepts (with a warning).
func isKeywordAfterNumber(b []byte) bool {
	for _, kw := range []string{"and", "else", "for", "if", "in", "is", "not", "or"} {
		if len(b) >= len(kw) && string(b[:len(kw)]) == kw {
			return true
		}
	}
	return false
}

func (s *scanner) finishNumber(start pyast.Pos, off int, kind string, isFloat bool) {
	end := s.off
	text := string(s.src[off:end])
	clean := strings.ReplaceAll(text, "_", "")
	imaginary := kind == "decimal" && (s.peek() == 'j' || s.peek() == 'J')
	if !isFloat && !imaginary && kind == "decimal" && len(clean) > 1 && clean[0] == '0' && strings.Trim(clean, "0") != "" {
		s.syntaxError(start, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers")
		return
	}
	if imaginary {
		s.literalError(start, "complex numbers are not supported")
		s.advance()
		kind = "imaginary"
	}
	if c := s.peek(); (isIdentByte(c) || c >= 0x80) && !isKeywordAfterNumber(s.src[s.off:]) {
		// CPython points at the last character of the number.
		s.syntaxError(s.prevPos(), "invalid %s literal", kind)
		return
	}
	var val any
	if isFloat {
		// The text is well formed, so the only possible error is a range error, for which
		// ParseFloat returns ±Inf or 0, as Python evaluates 1e999 and 1e-999.
		f, _ := strconv.ParseFloat(clean, 64)
		val = f
	} else {
		if i, err := strconv.ParseInt(clean, 0, 64); err == nil {
			val = i
		} else {
			b, ok := new(big.Int).SetString(clean, 0)
			if !ok {
				s.syntaxError(start, "invalid %s literal", kind)
				return
			}
			val = b
		}
	}
	t := s.emit(tNumber, start, off)
	t.text = text
	t.val = val
}

func isHexDigit(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }
func isOctDigit(c byte) bool { return c >= '0' && c <= '7' }
func isBinDigit(c byte) bool { return c == '0' || c == '1' }
