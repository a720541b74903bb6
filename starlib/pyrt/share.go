package pyrt

import "go.starlark.net/starlark"

// Share prepares a value for use by many goroutines at once: it is called on
// module globals and class attributes when the program is frozen, and on
// values stored into shared objects afterwards. It freezes the value, which
// makes concurrent reads safe.
func Share(v starlark.Value) starlark.Value {
	v.Freeze()
	return v
}
