package report

import (
	"strconv"
	"strings"
)

// csvRow writes fields as one CSV record the way Python's csv.writer does
// by default: comma-separated, a field quoted only if it holds a comma, a
// quote, CR or LF (quotes inside doubled), ended by CRLF.
func csvRow(b *strings.Builder, fields ...string) {
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(',')
		}
		if !strings.ContainsAny(f, ",\"\r\n") {
			b.WriteString(f)
			continue
		}
		b.WriteByte('"')
		b.WriteString(strings.ReplaceAll(f, `"`, `""`))
		b.WriteByte('"')
	}
	if len(fields) == 1 && fields[0] == "" {
		b.WriteString(`""`) // a lone empty field, as Python writes it
	}
	b.WriteString("\r\n")
}

// unwrapCatchResponse is Locust's StatsError.to_name for a standalone run:
// a "CatchResponseError('msg')" repr prints as its bare message, msg, since
// Locust prints args[0] of the exception object; any other error prints as
// is. If the argument is not one Python string literal the text between the
// parentheses is used, as Locust does for errors it received as strings.
func unwrapCatchResponse(err string) string {
	const prefix = "CatchResponseError("
	if !strings.HasPrefix(err, prefix) || !strings.HasSuffix(err, ")") {
		return err
	}
	inner := err[len(prefix) : len(err)-1]
	s, rest, ok := pyUnquote(inner)
	if ok && (rest == "" || strings.HasPrefix(rest, ",")) {
		return s
	}
	return inner
}

// pyUnquote reads one Python string literal as repr writes it (single or
// double quotes; escapes \\ \' \" \n \r \t \a \b \f \v \0, \xhh, \uhhhh,
// \Uhhhhhhhh) from the start of s, returning its value and the rest of s.
func pyUnquote(s string) (val, rest string, ok bool) {
	if len(s) < 2 || (s[0] != '\'' && s[0] != '"') {
		return "", s, false
	}
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); {
		c := s[i]
		switch {
		case c == q:
			return b.String(), s[i+1:], true
		case c == '\n':
			return "", s, false
		case c != '\\':
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(s) {
			return "", s, false
		}
		esc := s[i+1]
		i += 2
		switch esc {
		case '\\', '\'', '"':
			b.WriteByte(esc)
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '0':
			b.WriteByte(0)
		case 'x', 'u', 'U':
			n := 2
			switch esc {
			case 'u':
				n = 4
			case 'U':
				n = 8
			}
			if i+n > len(s) {
				return "", s, false
			}
			r, err := strconv.ParseUint(s[i:i+n], 16, 32)
			if err != nil || r > 0x10FFFF {
				return "", s, false
			}
			b.WriteRune(rune(r))
			i += n
		default:
			return "", s, false
		}
	}
	return "", s, false
}
