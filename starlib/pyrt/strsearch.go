package pyrt

import (
	"strings"
	"unicode/utf8"

	"go.starlark.net/starlark"
)

// strSearchMethod implements str.find, rfind, index, rindex and count with
// Python's code-point positions: go.starlark.net's versions count UTF-8
// bytes, which disagrees with len() and s[i] for non-ASCII text.
func strSearchMethod(name string) methodFn {
	switch name {
	case "find", "rfind", "index", "rindex", "count":
	default:
		return nil
	}
	return func(_ *starlark.Thread, recv starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var sub string
		var start, end starlark.Value = starlark.None, starlark.None
		if len(kwargs) > 0 {
			return nil, NewError(TypeError, name+"() takes no keyword arguments")
		}
		if err := starlark.UnpackPositionalArgs(name, args, nil, 1, &sub, &start, &end); err != nil {
			return nil, err
		}
		s := string(recv.(starlark.String))
		n := utf8.RuneCountInString(s)
		lo, err := sliceBound(start, 0, n)
		if err != nil {
			return nil, err
		}
		hi, err := sliceBound(end, n, n)
		if err != nil {
			return nil, err
		}
		if name == "count" {
			if lo > hi || lo > n {
				return starlark.MakeInt(0), nil
			}
			window := runeSlice(s, lo, hi)
			if sub == "" {
				return starlark.MakeInt(utf8.RuneCountInString(window) + 1), nil
			}
			return starlark.MakeInt(strings.Count(window, sub)), nil
		}
		pos := -1
		if lo <= hi && lo <= n {
			window := runeSlice(s, lo, hi)
			var b int
			if name[0] == 'r' {
				b = strings.LastIndex(window, sub)
			} else {
				b = strings.Index(window, sub)
			}
			if b >= 0 {
				pos = lo + utf8.RuneCountInString(window[:b])
			}
		}
		if pos < 0 && (name == "index" || name == "rindex") {
			return nil, NewError(ValueError, "substring not found")
		}
		return starlark.MakeInt(pos), nil
	}
}

// sliceBound resolves an optional slice bound (None, or an int that may be
// negative) against a length, as str.find's start and end are.
func sliceBound(v starlark.Value, def, n int) (int, error) {
	if v == starlark.None {
		return def, nil
	}
	i, err := starlark.AsInt32(v)
	if err != nil {
		return 0, NewError(TypeError, "slice indices must be integers or None or have an __index__ method")
	}
	if i < 0 {
		i += n
		if i < 0 {
			i = 0
		}
	}
	if i > n && def == n {
		i = n // end past the string: the whole string
	}
	return i, nil
}

// runeSlice returns s from code point lo to hi (0 <= lo <= hi <= len).
func runeSlice(s string, lo, hi int) string {
	start, end := len(s), len(s)
	i := 0
	for b := range s {
		if i == lo {
			start = b
		}
		if i == hi {
			end = b
			break
		}
		i++
	}
	return s[start:end]
}
