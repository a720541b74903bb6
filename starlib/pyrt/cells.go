package pyrt

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"
)

// Cells holds the local variables of one function call that nested blocks
// must rebind: Starlark closures can read and mutate enclosing variables but
// never rebind them, so the lowering stores the locals that a try/with block
// or a `nonlocal` declaration assigns in a Cells (`__c["x"]`) instead. Reading
// a name that was never assigned is Python's UnboundLocalError.
//
// A Cells belongs to the goroutine running the call; if a closure that
// captured it is shared (stored in a module global), freezing switches it to
// locked access.
type Cells struct {
	shared atomic.Bool
	mu     sync.Mutex
	m      map[string]starlark.Value
}

var (
	_ starlark.HasSetKey = (*Cells)(nil)
	_ starlark.HasAttrs  = (*Cells)(nil)
)

// NewCells makes an empty cell set.
func NewCells() *Cells { return &Cells{m: make(map[string]starlark.Value, 4)} }

// String lists the names, for debugging.
func (c *Cells) String() string {
	c.lock()
	defer c.unlock()
	names := make([]string, 0, len(c.m))
	for k := range c.m {
		names = append(names, k)
	}
	sort.Strings(names)
	return fmt.Sprintf("<cells %v>", names)
}

// Type returns "cells".
func (c *Cells) Type() string { return "cells" }

// Freeze switches to locked access (the cells stay assignable: a closure that
// rebinds its enclosing variable keeps working when shared).
func (c *Cells) Freeze() {
	if c.shared.Swap(true) {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	s := newSharer()
	for k, v := range c.m {
		c.m[k] = s.share(v)
	}
}

// Truth is true.
func (c *Cells) Truth() starlark.Bool { return true }

// Hash fails: cells are not values scripts see.
func (c *Cells) Hash() (uint32, error) { return 0, fmt.Errorf("unhashable type: cells") }

func (c *Cells) lock() {
	if c.shared.Load() {
		c.mu.Lock()
	}
}

func (c *Cells) unlock() {
	if c.shared.Load() {
		c.mu.Unlock()
	}
}

// Get reads a variable; an unassigned one is an UnboundLocalError.
func (c *Cells) Get(k starlark.Value) (starlark.Value, bool, error) {
	name, _ := starlark.AsString(k)
	c.lock()
	v, ok := c.m[name]
	c.unlock()
	if !ok {
		return nil, false, NewError(UnboundLocalError, fmt.Sprintf("cannot access local variable '%s' where it is not associated with a value", name))
	}
	return v, true, nil
}

// SetKey assigns a variable.
func (c *Cells) SetKey(k, v starlark.Value) error {
	name, ok := starlark.AsString(k)
	if !ok {
		return fmt.Errorf("cells: key must be a string")
	}
	if c.shared.Load() {
		v = shareStored(v)
	}
	c.lock()
	c.m[name] = v
	c.unlock()
	return nil
}

// Delete unbinds a variable (del x).
func (c *Cells) Delete(name string) bool {
	c.lock()
	defer c.unlock()
	_, ok := c.m[name]
	delete(c.m, name)
	return ok
}

// Attr exposes nothing.
func (c *Cells) Attr(string) (starlark.Value, error) { return nil, nil }

// AttrNames exposes nothing.
func (c *Cells) AttrNames() []string { return nil }
