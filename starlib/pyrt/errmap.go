package pyrt

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"go.starlark.net/starlark"
)

// errRule maps one of the interpreter's own error messages (which carry no
// type) to the Python exception a script expects, with Python's message.
type errRule struct {
	re    *regexp.Regexp
	build func(m []string) (*Class, starlark.Tuple)
}

func str1(s string) starlark.Tuple { return starlark.Tuple{starlark.String(s)} }

func fixed(cls **Class, msg string) func([]string) (*Class, starlark.Tuple) {
	return func([]string) (*Class, starlark.Tuple) { return *cls, str1(msg) }
}

func keep(cls **Class) func([]string) (*Class, starlark.Tuple) {
	return func(m []string) (*Class, starlark.Tuple) { return *cls, str1(m[0]) }
}

// interpreterErrors lists the messages of go.starlark.net at the version in
// go.mod; TestInterpreterErrorMapping pins them, so an upgrade that changes
// a message fails a test instead of silently changing which except clause
// catches it. The rules are read-only after package initialisation.
var interpreterErrors = []errRule{
	{regexp.MustCompile(`^key (.*) not in (?:dict|shared dict)$`), func(m []string) (*Class, starlark.Tuple) {
		return KeyError, starlark.Tuple{parseStarlarkRepr(m[1])}
	}},
	{regexp.MustCompile(`^pop: missing key|^popitem: empty dict`), keep(&KeyError)},
	{regexp.MustCompile(`^(\w+) index -?\d+ out of range`), func(m []string) (*Class, starlark.Tuple) {
		return IndexError, str1(indexNoun(m[1]) + " index out of range")
	}},
	{regexp.MustCompile(`^index -?\d+ out of range: empty (\w+)`), func(m []string) (*Class, starlark.Tuple) {
		return IndexError, str1(indexNoun(m[1]) + " index out of range")
	}},
	{regexp.MustCompile(`^pop: index -?\d+ out of range: empty list`), fixed(&IndexError, "pop from empty list")},
	{regexp.MustCompile(`^pop: .*index -?\d+ out of range`), fixed(&IndexError, "pop index out of range")},
	{regexp.MustCompile(`^floored division by zero`), fixed(&ZeroDivisionError, "integer division or modulo by zero")},
	{regexp.MustCompile(`^floating-point division by zero`), fixed(&ZeroDivisionError, "division by zero")},
	{regexp.MustCompile(`^integer modulo by zero`), fixed(&ZeroDivisionError, "integer modulo by zero")},
	{regexp.MustCompile(`^floating-point modulo by zero`), fixed(&ZeroDivisionError, "float modulo")},
	{regexp.MustCompile(`^([\w ]+) has no \.(\w+) (?:field or method|attribute)`), func(m []string) (*Class, starlark.Tuple) {
		return AttributeError, str1(fmt.Sprintf("'%s' object has no attribute '%s'", pyTypeName(m[1]), m[2]))
	}},
	{regexp.MustCompile(`^can't assign to \.(\w+) field of ([\w ]+)`), func(m []string) (*Class, starlark.Tuple) {
		return AttributeError, str1(fmt.Sprintf("'%s' object has no attribute '%s'", pyTypeName(m[2]), m[1]))
	}},
	{regexp.MustCompile(`^unknown binary op: ([\w ]+) (\S+) ([\w ]+)$`), binaryOpError},
	{regexp.MustCompile(`^unknown unary op: (\S+) ([\w ]+)$`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("bad operand type for unary %s: '%s'", m[1], pyTypeName(m[2])))
	}},
	{regexp.MustCompile(`^([\w ]+) (<|<=|>|>=) ([\w ]+) not implemented$`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("'%s' not supported between instances of '%s' and '%s'", m[2], pyTypeName(m[1]), pyTypeName(m[3])))
	}},
	{regexp.MustCompile(`^invalid call of non-function \(([\w ]+)\)`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("'%s' object is not callable", pyTypeName(m[1])))
	}},
	{regexp.MustCompile(`^unhashable type: ([\w ]+)$`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("unhashable type: '%s'", pyTypeName(m[1])))
	}},
	{regexp.MustCompile(`^([\w ]+) value is not iterable|^got ([\w ]+), want iterable`), func(m []string) (*Class, starlark.Tuple) {
		t := m[1] + m[2]
		return TypeError, str1(fmt.Sprintf("'%s' object is not iterable", pyTypeName(t)))
	}},
	{regexp.MustCompile(`^got ([\w ]+) in sequence assignment`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("cannot unpack non-iterable %s object", pyTypeName(m[1])))
	}},
	{regexp.MustCompile(`^too many values to unpack \(got \d+, want (\d+)\)`), func(m []string) (*Class, starlark.Tuple) {
		return ValueError, str1(fmt.Sprintf("too many values to unpack (expected %s)", m[1]))
	}},
	{regexp.MustCompile(`^too few values to unpack \(got (\d+), want (\d+)\)`), func(m []string) (*Class, starlark.Tuple) {
		return ValueError, str1(fmt.Sprintf("not enough values to unpack (expected %s, got %s)", m[2], m[1]))
	}},
	{regexp.MustCompile(`^unhandled index operation ([\w ]+)\[|^invalid slice operand ([\w ]+)`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("'%s' object is not subscriptable", pyTypeName(m[1]+m[2])))
	}},
	{regexp.MustCompile(`^([\w ]+) value does not support item assignment`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("'%s' object does not support item assignment", pyTypeName(m[1])))
	}},
	{regexp.MustCompile(`^([\w ]+) index: got (\w+), want int`), func(m []string) (*Class, starlark.Tuple) {
		if pyTypeName(m[1]) == "str" {
			// Python 3.11's wording for str differs from list's and tuple's.
			return TypeError, str1(fmt.Sprintf("string indices must be integers, not '%s'", pyTypeName(m[2])))
		}
		return TypeError, str1(fmt.Sprintf("%s indices must be integers or slices, not %s", pyTypeName(m[1]), pyTypeName(m[2])))
	}},
	{regexp.MustCompile(`^function (\S+) missing (\d+) arguments? \((.*)\)$`), func(m []string) (*Class, starlark.Tuple) {
		names := strings.Split(m[3], ", ")
		for i, n := range names {
			names[i] = "'" + n + "'"
		}
		list := strings.Join(names, ", ")
		if len(names) == 2 {
			list = names[0] + " and " + names[1]
		} else if len(names) > 2 {
			list = strings.Join(names[:len(names)-1], ", ") + ", and " + names[len(names)-1]
		}
		plural := "argument"
		if len(names) > 1 {
			plural = "arguments"
		}
		return TypeError, str1(fmt.Sprintf("%s() missing %s required positional %s: %s", qualName(m[1]), m[2], plural, list))
	}},
	{regexp.MustCompile(`^function (\S+) accepts (?:at most )?(\d+) positional arguments? \((\d+) given\)`), func(m []string) (*Class, starlark.Tuple) {
		plural := "arguments"
		if m[2] == "1" {
			plural = "argument"
		}
		were := "were"
		if m[3] == "1" {
			were = "was"
		}
		return TypeError, str1(fmt.Sprintf("%s() takes %s positional %s but %s %s given", qualName(m[1]), m[2], plural, m[3], were))
	}},
	{regexp.MustCompile(`^function (\S+) accepts no arguments \((\d+) given\)`), func(m []string) (*Class, starlark.Tuple) {
		were := "were"
		if m[2] == "1" {
			were = "was"
		}
		return TypeError, str1(fmt.Sprintf("%s() takes 0 positional arguments but %s %s given", qualName(m[1]), m[2], were))
	}},
	{regexp.MustCompile(`^function (\S+) got an unexpected keyword argument (\S+)`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("%s() got an unexpected keyword argument '%s'", qualName(m[1]), trimQuotes(m[2])))
	}},
	{regexp.MustCompile(`^function (\S+) got multiple values for parameter (\S+)`), func(m []string) (*Class, starlark.Tuple) {
		return TypeError, str1(fmt.Sprintf("%s() got multiple values for argument '%s'", qualName(m[1]), trimQuotes(m[2])))
	}},
	{regexp.MustCompile(`^local variable (\S+) referenced before assignment`), func(m []string) (*Class, starlark.Tuple) {
		return UnboundLocalError, str1(fmt.Sprintf("cannot access local variable '%s' where it is not associated with a value", m[1]))
	}},
	{regexp.MustCompile(`^global variable (\S+) referenced before assignment`), func(m []string) (*Class, starlark.Tuple) {
		return NameError, str1(fmt.Sprintf("name '%s' is not defined", m[1]))
	}},
	{regexp.MustCompile(`^Starlark stack overflow|called recursively`), fixed(&RecursionError, "maximum recursion depth exceeded")},
	{regexp.MustCompile(`^json\.decode: |^json: `), keep(&JSONDecodeError)},
	{regexp.MustCompile(`^r?index: substring not found`), fixed(&ValueError, "substring not found")},
	{regexp.MustCompile(`^int: invalid literal|^invalid float literal|^index: value not in list|^remove: element not found|^zero is not a valid slice step|^negative shift count`), keep(&ValueError)},
	{regexp.MustCompile(`cannot (insert into|delete from|assign to element of|append to|pop from|extend|clear|remove from) frozen|frozen (list|dict|hash table)|during iteration`), keep(&RuntimeError)},
	{regexp.MustCompile(`cannot convert|has no len|not supported|got .*, want |missing argument|unexpected keyword argument|takes (exactly|at most|no) |for parameter|unsupported|not subscriptable|argument after \*|keywords must be strings|requires .* as left operand|repeat count|excessive repeat`), keep(&TypeError)},
}

// qualName is Python's __qualname__ of a lowered function in messages.
func qualName(name string) string {
	if name == "lambda" {
		return "<lambda>"
	}
	if i := strings.IndexByte(name, '<'); i > 0 {
		name = name[:i]
	}
	return name
}

// indexNoun names a sequence type as Python's IndexError messages do.
func indexNoun(t string) string {
	switch t {
	case "string":
		return "string"
	case "range":
		return "range object"
	}
	return pyTypeName(t)
}

// binaryOpError words "unknown binary op" as Python does.
func binaryOpError(m []string) (*Class, starlark.Tuple) {
	x, op, y := pyTypeName(m[1]), m[2], pyTypeName(m[3])
	switch op {
	case "+":
		if (x == "str" || x == "list" || x == "tuple") && x != y {
			return TypeError, str1(fmt.Sprintf("can only concatenate %s (not \"%s\") to %s", x, y, x))
		}
	case "in", "not in":
		return TypeError, str1(fmt.Sprintf("argument of type '%s' is not iterable", y))
	case "*":
		seq := func(t string) bool { return t == "str" || t == "list" || t == "tuple" }
		switch {
		case seq(x):
			return TypeError, str1(fmt.Sprintf("can't multiply sequence by non-int of type '%s'", y))
		case seq(y):
			return TypeError, str1(fmt.Sprintf("can't multiply sequence by non-int of type '%s'", x))
		}
	}
	return TypeError, str1(fmt.Sprintf("unsupported operand type(s) for %s: '%s' and '%s'", op, x, y))
}

// FromError converts an error that reached a script's try statement into the
// exception to match against except clauses. It returns false for
// cancellation, which no handler may catch. A raised exception comes back as
// it was raised; an interpreter or Go error becomes the Python exception a
// script expects (KeyError for a missing key, ...), with Python's message,
// and keeps err as its Cause so a bare `raise` re-raises the original with
// its traceback.
func FromError(err error) (*Error, bool) {
	if err == nil || IsCancellation(err) {
		return nil, false
	}
	var exc *Error
	if errors.As(err, &exc) {
		return exc, true
	}
	msg := err.Error()
	var ee *starlark.EvalError
	if errors.As(err, &ee) {
		msg = ee.Msg
	}
	for _, r := range interpreterErrors {
		m := r.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		cls, args := r.build(m)
		e := NewErrorArgs(cls, args...)
		e.Cause = err
		return e, true
	}
	e := NewError(Exception, msg)
	e.Cause = err
	return e, true
}
