package pyrt

import (
	"fmt"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// CodePoints returns what a subscript of v reads: v itself, except for a
// str holding non-ASCII text, which becomes a view indexed and sliced by
// code point as Python indexes str (go.starlark.net indexes strings by
// UTF-8 byte). The lowering wraps the operand of `x[i]` (unless i is a
// string literal) and of `x[a:b]` in __cp(x); the view never escapes the
// subscript, which yields plain strings.
func CodePoints(v starlark.Value) starlark.Value {
	s, ok := v.(starlark.String)
	if !ok {
		return v
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return &codePoints{runes: []rune(string(s))}
		}
	}
	return v
}

// codePoints is a non-ASCII str seen as its code points. Its Type is
// "string" so the interpreter's index errors read "string index out of
// range" (mapped to Python's IndexError); it is never compared or stored.
type codePoints struct{ runes []rune }

var (
	_ starlark.Indexable = (*codePoints)(nil)
	_ starlark.Sliceable = (*codePoints)(nil)
)

func (c *codePoints) String() string             { return QuoteString(string(c.runes)) }
func (c *codePoints) Type() string               { return "string" }
func (c *codePoints) Freeze()                    {}
func (c *codePoints) Truth() starlark.Bool       { return len(c.runes) > 0 }
func (c *codePoints) Len() int                   { return len(c.runes) }
func (c *codePoints) Index(i int) starlark.Value { return starlark.String(string(c.runes[i])) }

// Hash refuses: the view only exists as the operand of a subscript.
func (c *codePoints) Hash() (uint32, error) {
	return 0, fmt.Errorf("unhashable: code point view")
}

// Slice returns the code points from start to end by step, bounds already
// normalised by the interpreter.
func (c *codePoints) Slice(start, end, step int) starlark.Value {
	if step == 1 {
		if start >= end {
			return starlark.String("")
		}
		return starlark.String(string(c.runes[start:end]))
	}
	var out []rune
	if step > 0 {
		for i := start; i < end; i += step {
			out = append(out, c.runes[i])
		}
	} else {
		for i := start; i > end; i += step {
			out = append(out, c.runes[i])
		}
	}
	return starlark.String(string(out))
}

func helperCodePoints(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	if len(args) != 1 {
		return nil, fmt.Errorf("__cp: want 1 argument")
	}
	return CodePoints(args[0]), nil
}
