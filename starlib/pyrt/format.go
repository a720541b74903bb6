package pyrt

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// formatSpec is a parsed Python format specification:
// [[fill]align][sign][z][#][0][width][grouping][.precision][type].
type formatSpec struct {
	fill      rune
	align     byte // 0, '<', '>', '^', '='
	sign      byte // 0, '+', '-', ' '
	alt       bool
	zero      bool
	width     int
	grouping  byte // 0, ',', '_'
	precision int  // -1 when absent
	typ       byte // 0 when absent
}

func parseSpec(spec string) (formatSpec, error) {
	fs := formatSpec{fill: ' ', precision: -1}
	s := spec
	isAlign := func(c byte) bool { return c == '<' || c == '>' || c == '^' || c == '=' }
	if r, n := utf8.DecodeRuneInString(s); n > 0 && len(s) > n && isAlign(s[n]) {
		fs.fill, fs.align, s = r, s[n], s[n+1:]
	} else if len(s) > 0 && isAlign(s[0]) {
		fs.align, s = s[0], s[1:]
	}
	if len(s) > 0 && (s[0] == '+' || s[0] == '-' || s[0] == ' ') {
		fs.sign, s = s[0], s[1:]
	}
	if len(s) > 0 && s[0] == 'z' {
		s = s[1:]
	}
	if len(s) > 0 && s[0] == '#' {
		fs.alt, s = true, s[1:]
	}
	if len(s) > 0 && s[0] == '0' {
		fs.zero, s = true, s[1:]
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 {
		fs.width, _ = strconv.Atoi(s[:i])
		s = s[i:]
	}
	if len(s) > 0 && (s[0] == ',' || s[0] == '_') {
		fs.grouping, s = s[0], s[1:]
	}
	if len(s) > 0 && s[0] == '.' {
		j := 1
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == 1 {
			return fs, NewError(ValueError, "Format specifier missing precision")
		}
		fs.precision, _ = strconv.Atoi(s[1:j])
		s = s[j:]
	}
	if len(s) == 1 {
		fs.typ, s = s[0], ""
	}
	if s != "" {
		return fs, NewError(ValueError, "Invalid format specifier")
	}
	if fs.zero && fs.align == 0 {
		fs.fill, fs.align = '0', '='
	}
	return fs, nil
}

// FormatValue implements Python's format(v, spec): values with their own
// format language (PyFormatter, __format__) get the spec verbatim; numbers
// and strings follow the standard mini-language.
func FormatValue(th *starlark.Thread, v starlark.Value, spec string) (string, error) {
	switch x := v.(type) {
	case PyFormatter:
		return x.PyFormat(spec)
	case *Instance:
		if m, _ := x.class.Lookup("__format__"); m != nil {
			r, err := x.callMethod(th, m, starlark.String(spec))
			if err != nil {
				return "", err
			}
			s, ok := r.(starlark.String)
			if !ok {
				return "", NewError(TypeError, fmt.Sprintf("__format__ must return a str, not %s", TypeName(r)))
			}
			return string(s), nil
		}
		if spec == "" {
			return x.Str(th)
		}
		return "", NewError(TypeError, fmt.Sprintf("unsupported format string passed to %s.__format__", x.class.name))
	case starlark.String:
		if spec == "" {
			return string(x), nil
		}
		return formatString(string(x), spec)
	case starlark.Bool:
		if spec == "" {
			return StrThread(th, x), nil
		}
		fs, err := parseSpec(spec)
		if err != nil {
			return "", err
		}
		n := 0
		if x {
			n = 1
		}
		return formatInt(big.NewInt(int64(n)), fs)
	case starlark.Int:
		if spec == "" {
			return x.String(), nil
		}
		fs, err := parseSpec(spec)
		if err != nil {
			return "", err
		}
		return formatInt(x.BigInt(), fs)
	case starlark.Float:
		if spec == "" {
			return FloatRepr(float64(x)), nil
		}
		fs, err := parseSpec(spec)
		if err != nil {
			return "", err
		}
		return formatFloat(float64(x), fs)
	}
	if spec == "" {
		return StrThread(th, v), nil
	}
	return "", NewError(TypeError, fmt.Sprintf("unsupported format string passed to %s.__format__", TypeName(v)))
}

func formatString(s, spec string) (string, error) {
	fs, err := parseSpec(spec)
	if err != nil {
		return "", err
	}
	return formatStr(s, fs)
}

func formatStr(s string, fs formatSpec) (string, error) {
	if fs.typ != 0 && fs.typ != 's' {
		return "", NewError(ValueError, fmt.Sprintf("Unknown format code '%c' for object of type 'str'", fs.typ))
	}
	if fs.sign != 0 {
		return "", NewError(ValueError, "Sign not allowed in string format specifier")
	}
	if fs.align == '=' {
		return "", NewError(ValueError, "'=' alignment not allowed in string format specifier")
	}
	if fs.precision >= 0 && utf8.RuneCountInString(s) > fs.precision {
		s = string([]rune(s)[:fs.precision])
	}
	align := fs.align
	if align == 0 {
		align = '<'
	}
	return pad("", s, fs.width, fs.fill, align), nil
}

// pad aligns prefix+body in width; '=' puts the fill between them.
func pad(prefix, body string, width int, fill rune, align byte) string {
	n := utf8.RuneCountInString(prefix) + utf8.RuneCountInString(body)
	if n >= width {
		return prefix + body
	}
	f := strings.Repeat(string(fill), width-n)
	switch align {
	case '<':
		return prefix + body + f
	case '^':
		left := (width - n) / 2
		return strings.Repeat(string(fill), left) + prefix + body + strings.Repeat(string(fill), width-n-left)
	case '=':
		return prefix + f + body
	}
	return f + prefix + body
}

func signPrefix(neg bool, sign byte) string {
	switch {
	case neg:
		return "-"
	case sign == '+':
		return "+"
	case sign == ' ':
		return " "
	}
	return ""
}

func formatInt(n *big.Int, fs formatSpec) (string, error) {
	switch fs.typ {
	case 'e', 'E', 'f', 'F', 'g', 'G', '%':
		f, _ := new(big.Float).SetInt(n).Float64()
		return formatFloat(f, fs)
	}
	if fs.precision >= 0 {
		return "", NewError(ValueError, "Precision not allowed in integer format specifier")
	}
	neg := n.Sign() < 0
	abs := new(big.Int).Abs(n)
	var digits, prefix string
	groupEvery := 3
	switch fs.typ {
	case 0, 'd', 'n':
		digits = abs.String()
	case 'x':
		digits, prefix = abs.Text(16), "0x"
		groupEvery = 4
	case 'X':
		digits, prefix = strings.ToUpper(abs.Text(16)), "0X"
		groupEvery = 4
	case 'o':
		digits, prefix = abs.Text(8), "0o"
		groupEvery = 4
	case 'b':
		digits, prefix = abs.Text(2), "0b"
		groupEvery = 4
	case 'c':
		if neg || !abs.IsInt64() || abs.Int64() > utf8.MaxRune {
			return "", NewError(OverflowError, "%c arg not in range(0x110000)")
		}
		fs.typ = 's'
		return formatStr(string(rune(abs.Int64())), formatSpec{fill: fs.fill, align: fs.align, width: fs.width, precision: -1})
	default:
		return "", NewError(ValueError, fmt.Sprintf("Unknown format code '%c' for object of type 'int'", fs.typ))
	}
	if !fs.alt {
		prefix = ""
	}
	if fs.grouping != 0 {
		if fs.grouping == ',' && groupEvery == 4 {
			return "", NewError(ValueError, fmt.Sprintf("Cannot specify ',' with '%c'.", fs.typ))
		}
		digits = group(digits, groupEvery, fs.grouping, zeroWidth(fs, signPrefix(neg, fs.sign)+prefix))
	}
	return alignNumber(signPrefix(neg, fs.sign)+prefix, digits, fs), nil
}

// zeroWidth is the digit width a zero-padded number must reach, so grouping
// separators are inserted into the padding as Python does ("{:08,}").
func zeroWidth(fs formatSpec, prefix string) int {
	if fs.align == '=' && fs.fill == '0' {
		return fs.width - utf8.RuneCountInString(prefix)
	}
	return 0
}

// group inserts sep every n digits from the right of the integer digits;
// with minWidth > 0 it pads with zeros first as Python's 0-fill does.
func group(digits string, n int, sep byte, minWidth int) string {
	intPart, frac := digits, ""
	if i := strings.IndexAny(digits, ".eE%"); i >= 0 {
		intPart, frac = digits[:i], digits[i:]
	}
	out := groupDigits(intPart, n, sep)
	for minWidth > 0 && len(out)+len(frac) < minWidth {
		intPart = "0" + intPart
		out = groupDigits(intPart, n, sep)
	}
	return out + frac
}

func groupDigits(s string, n int, sep byte) string {
	var b strings.Builder
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%n == 0 {
			b.WriteByte(sep)
		}
		b.WriteByte(c)
	}
	return b.String()
}

func alignNumber(prefix, digits string, fs formatSpec) string {
	align := fs.align
	if align == 0 {
		align = '>'
	}
	return pad(prefix, digits, fs.width, fs.fill, align)
}

func formatFloat(f float64, fs formatSpec) (string, error) {
	neg := math.Signbit(f) && !math.IsNaN(f)
	abs := math.Abs(f)
	var body string
	switch fs.typ {
	case 'f', 'F', 'e', 'E', 'g', 'G', '%', 0, 'n':
	default:
		return "", NewError(ValueError, fmt.Sprintf("Unknown format code '%c' for object of type 'float'", fs.typ))
	}
	upper := fs.typ == 'F' || fs.typ == 'E' || fs.typ == 'G'
	switch {
	case math.IsInf(f, 0):
		body = "inf"
		if fs.typ == '%' {
			body = "inf%"
		}
	case math.IsNaN(f):
		body = "nan"
		if fs.typ == '%' {
			body = "nan%"
		}
	default:
		body = floatBody(abs, fs.typ, fs.precision, fs.alt)
	}
	if upper {
		body = strings.ToUpper(body)
	}
	if fs.grouping != 0 && !math.IsInf(f, 0) && !math.IsNaN(f) {
		body = group(body, 3, fs.grouping, zeroWidth(fs, signPrefix(neg, fs.sign)))
	}
	return alignNumber(signPrefix(neg, fs.sign), body, fs), nil
}

// floatBody formats a finite non-negative float per a presentation type.
func floatBody(abs float64, typ byte, prec int, alt bool) string {
	switch typ {
	case 'f', 'F':
		if prec < 0 {
			prec = 6
		}
		s := strconv.FormatFloat(abs, 'f', prec, 64)
		if alt && prec == 0 {
			s += "."
		}
		return s
	case 'e', 'E':
		if prec < 0 {
			prec = 6
		}
		s := strconv.FormatFloat(abs, 'e', prec, 64)
		if alt && prec == 0 {
			s = strings.Replace(s, "e", ".e", 1)
		}
		return s
	case '%':
		if prec < 0 {
			prec = 6
		}
		s := strconv.FormatFloat(abs*100, 'f', prec, 64)
		if alt && prec == 0 {
			s += "."
		}
		return s + "%"
	case 'g', 'G', 'n':
		if prec < 0 {
			prec = 6
		}
		return generalFloat(abs, prec, alt, false)
	}
	// No type: repr when no precision, else like 'g' but keeping ".0".
	if prec < 0 {
		return FloatRepr(abs)
	}
	return generalFloat(abs, prec, alt, true)
}

// generalFloat is Python's 'g' presentation; keepPoint implements the
// "no type" variant that always shows a digit after the point in fixed form.
func generalFloat(abs float64, prec int, alt, keepPoint bool) string {
	if prec == 0 {
		prec = 1
	}
	if abs == 0 {
		exp := 0
		return fixedOrSci(abs, prec, exp, alt, keepPoint)
	}
	// Round to prec significant digits to learn the decimal exponent.
	e := strconv.FormatFloat(abs, 'e', prec-1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	return fixedOrSci(abs, prec, exp, alt, keepPoint)
}

func fixedOrSci(abs float64, prec, exp int, alt, keepPoint bool) string {
	var s string
	limit := prec
	if keepPoint {
		// CPython's Py_DTSF_ADD_DOT_0: the ".0" counts as a digit.
		limit = prec - 1
	}
	if exp >= -4 && exp < limit {
		s = strconv.FormatFloat(abs, 'f', prec-1-exp, 64)
		if !alt {
			if strings.Contains(s, ".") {
				s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
			}
			if keepPoint && !strings.Contains(s, ".") {
				s += ".0"
			}
		} else if !strings.Contains(s, ".") {
			s += "."
		}
		return s
	}
	s = strconv.FormatFloat(abs, 'e', prec-1, 64)
	if !alt {
		mant, ex, _ := strings.Cut(s, "e")
		if strings.Contains(mant, ".") {
			mant = strings.TrimRight(strings.TrimRight(mant, "0"), ".")
		}
		s = mant + "e" + ex
	} else if !strings.Contains(s, ".") {
		s = strings.Replace(s, "e", ".e", 1)
	}
	return s
}

// FormatField is the f-string and str.format helper for one replacement
// field: conversion ("", "r", "s", "a") then format spec.
func FormatField(th *starlark.Thread, v starlark.Value, conv, spec string) (string, error) {
	switch conv {
	case "":
	case "r":
		if inst, ok := v.(*Instance); ok {
			s, err := inst.Repr(th)
			if err != nil {
				return "", err
			}
			v = starlark.String(s)
		} else {
			v = starlark.String(ReprThread(th, v))
		}
	case "s":
		if inst, ok := v.(*Instance); ok {
			s, err := inst.Str(th)
			if err != nil {
				return "", err
			}
			v = starlark.String(s)
		} else {
			v = starlark.String(StrThread(th, v))
		}
	case "a":
		v = starlark.String(asciiEscape(ReprThread(th, v)))
	default:
		return "", NewError(ValueError, fmt.Sprintf("Unknown conversion specifier %s", conv))
	}
	return FormatValue(th, v, spec)
}
