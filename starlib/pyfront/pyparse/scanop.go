package pyparse

import "github.com/gust-load/gust/starlib/pyfront/pyast"

// scanOperator scans punctuation, keeping track of brackets and of the f-string field that a
// '}' or a top-level ':' or '!' ends.
func (s *scanner) scanOperator(start pyast.Pos, off int) {
	c := s.peek()
	c1, c2 := s.peekAt(1), s.peekAt(2)
	kind, n := operatorKind(c, c1, c2)
	if n == 0 {
		if c != '$' && c != '?' && c != '`' {
			s.badCharacter(start) // an ASCII control character
			return
		}
		// '$', '?' and '`' are not Python, but CPython's tokenizer lets them through and
		// its parser calls them invalid syntax.
		s.off++
		s.col++
		s.emit(tUnknown, start, off)
		return
	}
	var field *fmode
	if m := len(s.modes); m > 0 && s.modes[m-1].field && s.modes[m-1].depth == len(s.brackets) {
		field = &s.modes[m-1]
	}
	switch kind {
	case tLParen, tLBrack, tLBrace:
		if len(s.brackets) >= maxBrackets {
			s.syntaxError(start, "too many nested parentheses")
			return
		}
		s.brackets = append(s.brackets, bracket{ch: c, pos: start})
	case tRParen, tRBrack, tRBrace:
		if len(s.brackets) == 0 {
			s.syntaxError(start, "unmatched '%c'", c)
			return
		}
		open := s.brackets[len(s.brackets)-1]
		if open.field && c != '}' {
			s.syntaxError(start, "f-string: unmatched '%c'", c)
			return
		}
		if want := closerOf(open.ch); want != c {
			if open.pos.Line != start.Line {
				s.syntaxError(start, "closing parenthesis '%c' does not match opening parenthesis '%c' on line %d", c, open.ch, open.pos.Line)
			} else {
				s.syntaxError(start, "closing parenthesis '%c' does not match opening parenthesis '%c'", c, open.ch)
			}
			return
		}
		s.brackets = s.brackets[:len(s.brackets)-1]
		if open.field {
			s.modes = s.modes[:len(s.modes)-1]
		}
	case tColon, tColonEqual:
		if field != nil {
			// A ':' at the top level of a replacement field always starts the format spec,
			// even before '=' (PEP 701: f"{x:=10}" formats x with "=10").
			kind, n = tColon, 1
			field.spec = true
		}
	}
	for i := 0; i < n; i++ {
		s.off++
		s.col++
	}
	t := s.emit(kind, start, off)
	t.specOpen = field != nil && kind == tColon
}

func closerOf(open byte) byte {
	switch open {
	case '(':
		return ')'
	case '[':
		return ']'
	}
	return '}'
}

// operatorKind returns the kind and byte length of the longest operator at c c1 c2.
func operatorKind(c, c1, c2 byte) (tokKind, int) {
	switch c {
	case '(':
		return tLParen, 1
	case ')':
		return tRParen, 1
	case '[':
		return tLBrack, 1
	case ']':
		return tRBrack, 1
	case '{':
		return tLBrace, 1
	case '}':
		return tRBrace, 1
	case ',':
		return tComma, 1
	case ';':
		return tSemi, 1
	case '~':
		return tTilde, 1
	case ':':
		if c1 == '=' {
			return tColonEqual, 2
		}
		return tColon, 1
	case '.':
		if c1 == '.' && c2 == '.' {
			return tEllipsis, 3
		}
		return tDot, 1
	case '!':
		if c1 == '=' {
			return tNotEqual, 2
		}
		return tExclamation, 1
	case '-':
		switch c1 {
		case '=':
			return tMinusEqual, 2
		case '>':
			return tRArrow, 2
		}
		return tMinus, 1
	case '=':
		if c1 == '=' {
			return tEqEqual, 2
		}
		return tEqual, 1
	}
	// Operators that may be doubled and may take '=': + % & | ^ @ take only '='.
	type opSet struct{ single, singleEq, double, doubleEq tokKind }
	var ops opSet
	switch c {
	case '+':
		ops = opSet{tPlus, tPlusEqual, 0, 0}
	case '%':
		ops = opSet{tPercent, tPercentEqual, 0, 0}
	case '&':
		ops = opSet{tAmper, tAmperEqual, 0, 0}
	case '|':
		ops = opSet{tVBar, tVBarEqual, 0, 0}
	case '^':
		ops = opSet{tCircumflex, tCircumflexEqual, 0, 0}
	case '@':
		ops = opSet{tAt, tAtEqual, 0, 0}
	case '*':
		ops = opSet{tStar, tStarEqual, tDoubleStar, tDoubleStarEqual}
	case '/':
		ops = opSet{tSlash, tSlashEqual, tDoubleSlash, tDoubleSlashEqual}
	case '<':
		if c1 == '=' {
			return tLessEqual, 2
		}
		ops = opSet{tLess, 0, tLShift, tLShiftEqual}
	case '>':
		if c1 == '=' {
			return tGreaterEqual, 2
		}
		ops = opSet{tGreater, 0, tRShift, tRShiftEqual}
	default:
		return 0, 0
	}
	switch {
	case ops.double != 0 && c1 == c && c2 == '=':
		return ops.doubleEq, 3
	case ops.double != 0 && c1 == c:
		return ops.double, 2
	case ops.singleEq != 0 && c1 == '=':
		return ops.singleEq, 2
	}
	return ops.single, 1
}
