package pyrt

import (
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Mod implements Python's a % b: printf-style formatting when a is a
// string, the arithmetic remainder (Starlark's floored semantics, which are
// Python's) otherwise.
func Mod(th *starlark.Thread, a, b starlark.Value) (starlark.Value, error) {
	if s, ok := a.(starlark.String); ok {
		r, err := PercentFormat(th, string(s), b)
		if err != nil {
			return nil, err
		}
		return starlark.String(r), nil
	}
	return binary(syntax.PERCENT, a, b)
}

// PercentFormat implements format % args with Python's conversions:
// %[(name)][flags][width][.precision]type with flags "-+ #0", '*' widths,
// and types d i u o x X e E f F g G c r s a %.
func PercentFormat(th *starlark.Thread, format string, args starlark.Value) (string, error) {
	var positional []starlark.Value
	var mapping starlark.Mapping
	switch a := args.(type) {
	case starlark.Tuple:
		positional = a
	case starlark.Mapping:
		mapping = a
		positional = []starlark.Value{a}
	default:
		positional = []starlark.Value{a}
	}
	_, isTuple := args.(starlark.Tuple)
	next := 0
	take := func() (starlark.Value, error) {
		if next >= len(positional) {
			return nil, NewError(TypeError, "not enough arguments for format string")
		}
		v := positional[next]
		next++
		return v, nil
	}
	var b strings.Builder
	usedMapping := false
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		i++
		if i >= len(format) {
			return "", NewError(ValueError, "incomplete format")
		}
		var arg starlark.Value
		if format[i] == '(' {
			depth, j := 1, i+1
			for ; j < len(format) && depth > 0; j++ {
				switch format[j] {
				case '(':
					depth++
				case ')':
					depth--
				}
			}
			if depth > 0 {
				return "", NewError(ValueError, "incomplete format key")
			}
			if mapping == nil {
				return "", NewError(TypeError, "format requires a mapping")
			}
			key := starlark.String(format[i+1 : j-1])
			v, found, err := mapping.Get(key)
			if err != nil {
				return "", err
			}
			if !found {
				return "", NewErrorArgs(KeyError, key)
			}
			arg, usedMapping, i = v, true, j
		}
		fs := formatSpec{fill: ' ', precision: -1}
	flags:
		for ; i < len(format); i++ {
			switch format[i] {
			case '-':
				fs.align = '<'
			case '+':
				fs.sign = '+'
			case ' ':
				if fs.sign == 0 {
					fs.sign = ' '
				}
			case '#':
				fs.alt = true
			case '0':
				fs.zero = true
			default:
				break flags
			}
		}
		if i < len(format) && format[i] == '*' {
			v, err := take()
			if err != nil {
				return "", err
			}
			w, err := starlark.AsInt32(v)
			if err != nil {
				return "", NewError(TypeError, "* wants int")
			}
			if w < 0 {
				fs.align, w = '<', -w
			}
			fs.width = w
			i++
		} else {
			j := i
			for j < len(format) && format[j] >= '0' && format[j] <= '9' {
				j++
			}
			fs.width, _ = strconv.Atoi(format[i:j])
			i = j
		}
		if i < len(format) && format[i] == '.' {
			i++
			if i < len(format) && format[i] == '*' {
				v, err := take()
				if err != nil {
					return "", err
				}
				p, err := starlark.AsInt32(v)
				if err != nil {
					return "", NewError(TypeError, "* wants int")
				}
				fs.precision = max(p, 0)
				i++
			} else {
				j := i
				for j < len(format) && format[j] >= '0' && format[j] <= '9' {
					j++
				}
				fs.precision, _ = strconv.Atoi(format[i:j])
				i = j
			}
		}
		for i < len(format) && (format[i] == 'l' || format[i] == 'h' || format[i] == 'L') {
			i++
		}
		if i >= len(format) {
			return "", NewError(ValueError, "incomplete format")
		}
		verb := format[i]
		if verb == '%' {
			b.WriteByte('%')
			continue
		}
		if arg == nil {
			v, err := take()
			if err != nil {
				return "", err
			}
			arg = v
		}
		s, err := percentOne(th, verb, arg, fs, i)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	if !usedMapping && next < len(positional) && (isTuple || mapping == nil) {
		return "", NewError(TypeError, "not all arguments converted during string formatting")
	}
	return b.String(), nil
}

func percentOne(th *starlark.Thread, verb byte, arg starlark.Value, fs formatSpec, pos int) (string, error) {
	align := fs.align
	if align == 0 {
		align = '>'
	}
	switch verb {
	case 's', 'r', 'a':
		var s string
		switch verb {
		case 's':
			if inst, ok := arg.(*Instance); ok {
				r, err := inst.Str(th)
				if err != nil {
					return "", err
				}
				s = r
			} else {
				s = StrThread(th, arg)
			}
		case 'r':
			if inst, ok := arg.(*Instance); ok {
				r, err := inst.Repr(th)
				if err != nil {
					return "", err
				}
				s = r
			} else {
				s = ReprThread(th, arg)
			}
		default:
			s = asciiEscape(ReprThread(th, arg))
		}
		if fs.precision >= 0 && len([]rune(s)) > fs.precision {
			s = string([]rune(s)[:fs.precision])
		}
		return pad("", s, fs.width, ' ', align), nil
	case 'c':
		switch x := arg.(type) {
		case starlark.String:
			if len([]rune(string(x))) != 1 {
				return "", NewError(TypeError, "%c requires int or char")
			}
			return pad("", string(x), fs.width, ' ', align), nil
		case starlark.Int:
			n, err := starlark.AsInt32(x)
			if err != nil || n < 0 || n > 0x10ffff {
				return "", NewError(OverflowError, "%c arg not in range(0x110000)")
			}
			return pad("", string(rune(n)), fs.width, ' ', align), nil
		}
		return "", NewError(TypeError, "%c requires int or char")
	case 'd', 'i', 'u', 'o', 'x', 'X':
		n, err := percentInt(th, verb, arg)
		if err != nil {
			return "", err
		}
		neg := n.Sign() < 0
		abs := new(big.Int).Abs(n)
		var digits, prefix string
		switch verb {
		case 'o':
			digits, prefix = abs.Text(8), "0o"
		case 'x':
			digits, prefix = abs.Text(16), "0x"
		case 'X':
			digits, prefix = strings.ToUpper(abs.Text(16)), "0X"
		default:
			digits = abs.String()
		}
		if !fs.alt {
			prefix = ""
		}
		if fs.precision > len(digits) {
			digits = strings.Repeat("0", fs.precision-len(digits)) + digits
		}
		return percentPad(signPrefix(neg, fs.sign)+prefix, digits, fs), nil
	case 'e', 'E', 'f', 'F', 'g', 'G':
		f, err := percentFloat(th, arg)
		if err != nil {
			return "", err
		}
		neg := math.Signbit(f) && !math.IsNaN(f)
		var body string
		switch {
		case math.IsInf(f, 0):
			body = "inf"
		case math.IsNaN(f):
			body = "nan"
		default:
			body = floatBody(math.Abs(f), verb|0x20, fs.precision, fs.alt)
		}
		if verb == 'E' || verb == 'F' || verb == 'G' {
			body = strings.ToUpper(body)
		}
		return percentPad(signPrefix(neg, fs.sign), body, fs), nil
	}
	return "", NewError(ValueError, fmt.Sprintf("unsupported format character '%c' (0x%x) at index %d", verb, verb, pos))
}

func percentPad(prefix, body string, fs formatSpec) string {
	switch {
	case fs.align == '<':
		return pad(prefix, body, fs.width, ' ', '<')
	case fs.zero:
		return pad(prefix, body, fs.width, '0', '=')
	}
	return pad(prefix, body, fs.width, ' ', '>')
}

func percentInt(th *starlark.Thread, verb byte, arg starlark.Value) (*big.Int, error) {
	switch x := arg.(type) {
	case starlark.Int:
		return x.BigInt(), nil
	case starlark.Bool:
		if x {
			return big.NewInt(1), nil
		}
		return big.NewInt(0), nil
	case starlark.Float:
		if verb == 'o' || verb == 'x' || verb == 'X' {
			return nil, NewError(TypeError, fmt.Sprintf("%%%c format: an integer is required, not float", verb))
		}
		v, err := ToInt(th, x)
		if err != nil {
			return nil, err
		}
		return v.(starlark.Int).BigInt(), nil
	case *Instance:
		v, err := ToInt(th, x)
		if err == nil {
			if n, ok := v.(starlark.Int); ok {
				return n.BigInt(), nil
			}
		}
	}
	want := "a real number is required"
	if verb == 'o' || verb == 'x' || verb == 'X' {
		want = "an integer is required"
	}
	return nil, NewError(TypeError, fmt.Sprintf("%%%c format: %s, not %s", verb, want, TypeName(arg)))
}

func percentFloat(th *starlark.Thread, arg starlark.Value) (float64, error) {
	switch arg.(type) {
	case starlark.Int, starlark.Float, starlark.Bool, *Instance:
		v, err := ToFloat(th, arg)
		if err == nil {
			f, _ := starlark.AsFloat(v)
			return f, nil
		}
	}
	return 0, NewError(TypeError, fmt.Sprintf("must be real number, not %s", TypeName(arg)))
}
