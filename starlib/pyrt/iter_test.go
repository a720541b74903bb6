package pyrt

import (
	"testing"

	"go.starlark.net/starlark"
)

// countdown is a Go iterator known only by its __next__ attribute (no
// NextValue method), as another package might implement one.
type countdown struct{ n int }

func (c *countdown) String() string        { return "<countdown>" }
func (c *countdown) Type() string          { return "countdown" }
func (c *countdown) Freeze()               {}
func (c *countdown) Truth() starlark.Bool  { return true }
func (c *countdown) Hash() (uint32, error) { return 0, nil }
func (c *countdown) AttrNames() []string   { return []string{"__next__"} }
func (c *countdown) Attr(name string) (starlark.Value, error) {
	if name != "__next__" {
		return nil, nil
	}
	return starlark.NewBuiltin("__next__", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		if c.n == 0 {
			return nil, NewErrorArgs(StopIteration)
		}
		c.n--
		return starlark.MakeInt(c.n), nil
	}), nil
}

// TestNextAndIterTakeGoIteratorsWithDunderNext: next() advances a value
// with __next__, iter() returns it as it is (it may be endless, so it must
// not be drained), and next(it, default) ends with the default.
func TestNextAndIterTakeGoIteratorsWithDunderNext(t *testing.T) {
	env := Predeclared(Options{})
	env["it"] = &countdown{n: 2}
	g, err := starlark.ExecFileOptions(testOpts, &starlark.Thread{}, "n.py", `
same = iter(it) == it
a = next(it)
b = next(iter(it))
c = next(it, "done")
`, env)
	if err != nil {
		t.Fatal(err)
	}
	if got := Repr(starlark.Tuple{g["same"], g["a"], g["b"], g["c"]}); got != "(True, 1, 0, 'done')" {
		t.Errorf("got %s", got)
	}
	if _, err := evalPy(t, `next(1)`); err == nil || err.Error() != "TypeError: 'int' object is not an iterator" {
		t.Errorf("next(1): %v", err)
	}
}
