package pyparse

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// prepare turns the bytes of a file into the UTF-8 text the scanner reads (see decode), and
// rejects null bytes and invalid UTF-8.
func prepare(filename string, src []byte) ([]byte, *Error) {
	text, err := decode(filename, src)
	if err != nil {
		return nil, err
	}
	if err := validate(filename, text); err != nil {
		return nil, err
	}
	return text, nil
}

// decode removes the UTF-8 byte-order mark, applies an encoding declared by a PEP 263 cookie
// (UTF-8 and Latin-1 are supported) and turns CRLF and CR line endings into LF. Removing CRs
// does not move any column, because a CR only ever ends a line.
func decode(filename string, src []byte) ([]byte, *Error) {
	bom := bytes.HasPrefix(src, []byte("\xEF\xBB\xBF"))
	if bom {
		src = src[3:]
	}
	if enc, line := findCookie(src); enc != "" {
		switch normalEncoding(enc) {
		case "utf-8":
		case "iso-8859-1":
			if bom {
				return nil, cookieError(filename, src, line, fmt.Sprintf("encoding problem: %s with BOM", enc))
			}
			src = latin1ToUTF8(src)
		default:
			if bom {
				return nil, cookieError(filename, src, line, fmt.Sprintf("encoding problem: %s with BOM", enc))
			}
			return nil, cookieError(filename, src, line, fmt.Sprintf(
				"encoding problem: %s is not supported by gust; save the file as UTF-8", enc))
		}
	}
	return normalizeNewlines(src), nil
}

// validate rejects null bytes and bytes that are not UTF-8, at their position.
func validate(filename string, src []byte) *Error {
	for i := 0; i < len(src); {
		c := src[i]
		if c == 0 {
			return errorAt(filename, src, i, "source code cannot contain null bytes")
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return errorAt(filename, src, i, fmt.Sprintf(
				"invalid UTF-8 byte 0x%02x; save the file as UTF-8 or declare its encoding", c))
		}
		i += size
	}
	return nil
}

// findCookie returns the encoding named by a coding cookie ("# -*- coding: latin-1 -*-") on
// line 1, or on line 2 when line 1 is blank or a comment, as PEP 263 allows, with its line.
func findCookie(src []byte) (string, int) {
	rest := src
	for lineNo := 1; lineNo <= 2 && len(rest) > 0; lineNo++ {
		line := rest
		rest = nil
		if i := bytes.IndexAny(line, "\r\n"); i >= 0 {
			next := i + 1
			if line[i] == '\r' && next < len(line) && line[next] == '\n' {
				next++
			}
			line, rest = line[:i], line[next:]
		}
		trimmed := bytes.TrimLeft(line, " \t\f")
		if len(trimmed) == 0 {
			continue
		}
		if trimmed[0] != '#' {
			return "", 0
		}
		if enc := cookieName(string(trimmed)); enc != "" {
			return enc, lineNo
		}
	}
	return "", 0
}

// cookieName extracts the name from a comment matching coding[:=]\s*([-\w.]+).
func cookieName(comment string) string {
	for i := 0; ; {
		j := strings.Index(comment[i:], "coding")
		if j < 0 {
			return ""
		}
		k := i + j + len("coding")
		if k < len(comment) && (comment[k] == ':' || comment[k] == '=') {
			k++
			for k < len(comment) && (comment[k] == ' ' || comment[k] == '\t') {
				k++
			}
			end := k
			for end < len(comment) && isCookieChar(comment[end]) {
				end++
			}
			if end > k {
				return comment[k:end]
			}
		}
		i = k
	}
}

func isCookieChar(c byte) bool {
	return c == '-' || c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// normalEncoding folds the names Python accepts for UTF-8 and Latin-1 (tokenizer.c's
// get_normal_name, then the codec aliases). ASCII is read as UTF-8, of which it is a subset.
func normalEncoding(enc string) string {
	e := strings.ReplaceAll(strings.ToLower(enc), "_", "-")
	switch {
	case strings.HasPrefix(e, "utf-8-") || strings.HasPrefix(e, "latin-1-") ||
		strings.HasPrefix(e, "iso-8859-1-") || strings.HasPrefix(e, "iso-latin-1-"):
		// "utf-8-unix", "latin-1-dos": Emacs adds the line-ending convention.
		e = e[:strings.LastIndexByte(e, '-')]
	}
	switch e {
	case "utf-8", "utf8", "u8", "utf", "cp65001", "ascii", "us-ascii", "646":
		return "utf-8"
	case "latin-1", "latin1", "latin", "l1", "iso-8859-1", "iso8859-1", "iso-latin-1", "8859", "cp819":
		return "iso-8859-1"
	}
	return e
}

func latin1ToUTF8(src []byte) []byte {
	out := make([]byte, 0, len(src)+len(src)/8)
	for _, c := range src {
		out = utf8.AppendRune(out, rune(c))
	}
	return out
}

func normalizeNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	out := make([]byte, 0, len(src))
	for i := 0; i < len(src); i++ {
		if src[i] == '\r' {
			out = append(out, '\n')
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			continue
		}
		out = append(out, src[i])
	}
	return out
}

// posAt computes the line and rune column of byte offset off in src. An invalid UTF-8 byte
// counts as one column, the same as in Error.Excerpt.
func posAt(src []byte, off int) pyast.Pos {
	if off > len(src) {
		off = len(src)
	}
	line := int32(1 + bytes.Count(src[:off], []byte("\n")))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return pyast.Pos{Line: line, Col: int32(1 + utf8.RuneCount(src[start:off]))}
}

// lineText returns line n (1-based) of src without its newline.
func lineText(src []byte, n int32) string {
	for i := int32(1); i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return ""
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return string(src)
}

func errorAt(filename string, src []byte, off int, msg string) *Error {
	pos := posAt(src, off)
	return &Error{Filename: filename, Pos: pos, Msg: msg, Kind: KindSyntax, Line: lineText(src, pos.Line)}
}

func cookieError(filename string, src []byte, line int, msg string) *Error {
	text := normalizeNewlines(src)
	return &Error{Filename: filename, Pos: pyast.Pos{Line: int32(line), Col: 1}, Msg: msg,
		Kind: KindSyntax, Line: lineText(text, int32(line))}
}
