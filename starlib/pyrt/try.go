package pyrt

import (
	"fmt"
	"sync/atomic"

	"go.starlark.net/starlark"
)

// raisedErr remembers the error that carried an exception when a handler
// caught it, so a bare `raise` re-raises it with its original traceback.
type raisedErr struct{ err error }

// excState is the part of an Instance only exceptions use.
type excState struct {
	raised atomic.Pointer[raisedErr]
}

func (i *Instance) setRaised(err error) {
	i.exc.raised.Store(&raisedErr{err: err})
}

func (i *Instance) lastRaised() error {
	if r := i.exc.raised.Load(); r != nil {
		return r.err
	}
	return nil
}

// Try is the __try helper the lowering emits for try statements:
//
//	__try(body, ((classes, handler), ...), orelse, finalbody)
//
// body, orelse and finalbody are functions of no arguments (or None);
// handlers take the exception instance. A block's result is None when it
// falls through, or the control-flow sentinel the lowering gives `return`,
// `break` and `continue` inside it; Try returns the sentinel that wins as
// Python would (finally's own control flow overrides). An exception no
// handler matches goes on as the original error, with its original
// traceback. Cancellation is never caught, and finally blocks do not run
// on a cancelled thread (any script code would fail at once).
func Try(th *starlark.Thread, body starlark.Value, handlers starlark.Value, orelse, finalbody starlark.Value) (starlark.Value, error) {
	res, err := starlark.Call(th, body, nil, nil)
	if err != nil {
		if exc, ok := FromError(err); ok {
			hs, herr := handlerList(handlers)
			if herr != nil {
				return nil, herr
			}
			for _, h := range hs {
				match, merr := excMatches(exc.Value, h[0])
				if merr != nil {
					res, err = nil, merr
					break
				}
				if match {
					exc.Value.setRaised(err)
					res, err = starlark.Call(th, h[1], starlark.Tuple{exc.Value}, nil)
					break
				}
			}
		}
	} else if res == starlark.None && orelse != nil && orelse != starlark.None {
		// else runs only when the body fell off its end (no return/break/continue).
		res, err = starlark.Call(th, orelse, nil, nil)
	}
	if finalbody != nil && finalbody != starlark.None && !IsCancellation(err) {
		r2, e2 := starlark.Call(th, finalbody, nil, nil)
		if e2 != nil {
			return nil, e2
		}
		if r2 != starlark.None {
			return r2, nil
		}
	}
	return res, err
}

func handlerList(v starlark.Value) ([]starlark.Tuple, error) {
	var elems []starlark.Value
	switch x := v.(type) {
	case starlark.Tuple:
		elems = x
	case *starlark.List:
		elems = listElems(x)
	case starlark.NoneType:
		return nil, nil
	default:
		return nil, fmt.Errorf("__try: handlers must be a tuple, not %s", v.Type())
	}
	out := make([]starlark.Tuple, len(elems))
	for i, e := range elems {
		t, ok := e.(starlark.Tuple)
		if !ok || len(t) != 2 {
			return nil, fmt.Errorf("__try: handler %d must be a (classes, function) pair", i)
		}
		out[i] = t
	}
	return out, nil
}

// excMatches reports whether exc is an instance of the except clause's
// class or tuple of classes.
func excMatches(exc *Instance, classes starlark.Value) (bool, error) {
	switch c := classes.(type) {
	case *Class:
		return exc.class.IsSubclass(c), nil
	case starlark.Tuple:
		for _, e := range c {
			ok, err := excMatches(exc, e)
			if err != nil || ok {
				return ok, err
			}
		}
		return false, nil
	}
	return false, NewError(TypeError, "catching classes that do not inherit from BaseException is not allowed")
}

// Raise is the __raise helper: `raise X` and `raise X from Y`.
func Raise(th *starlark.Thread, x, cause starlark.Value) error {
	exc, err := MakeException(th, x)
	if err != nil {
		return err
	}
	if cause != nil && cause != starlark.None {
		c, err := MakeException(th, cause)
		if err != nil {
			return NewError(TypeError, "exception causes must derive from BaseException")
		}
		exc.Value.SetFieldDirect("__cause__", c.Value)
	}
	return exc
}

// Reraise is the __reraise helper for a bare `raise` inside an except
// block: it returns the error the handler caught, so the traceback is the
// original one.
func Reraise(e starlark.Value) error {
	inst, ok := e.(*Instance)
	if !ok || !inst.class.IsSubclass(BaseException) {
		return NewError(RuntimeError, "No active exception to reraise")
	}
	if err := inst.lastRaised(); err != nil {
		return err
	}
	return &Error{Value: inst}
}

// ContextManager is implemented by Go values usable in a with statement
// (an HTTP response with catch_response=True, an open file). Script classes
// use __enter__ and __exit__ instead.
type ContextManager interface {
	starlark.Value
	// Enter returns the value bound by `as`.
	Enter(th *starlark.Thread) (starlark.Value, error)
	// Exit ends the block; exc is nil when the block completed. Returning
	// true suppresses exc.
	Exit(th *starlark.Thread, exc *Error) (suppress bool, err error)
}

// With is the __with helper: `with cm as v: body` becomes
// __with(cm, body) where body takes v. It calls __enter__, the body, then
// __exit__(type, value, traceback) — a truthy result suppresses the
// exception — and returns the body's control-flow sentinel.
func With(th *starlark.Thread, cm, body starlark.Value) (starlark.Value, error) {
	enter, exit, err := contextMethods(th, cm)
	if err != nil {
		return nil, err
	}
	v, err := enter()
	if err != nil {
		return nil, err
	}
	res, err := starlark.Call(th, body, starlark.Tuple{v}, nil)
	if err != nil {
		exc, ok := FromError(err)
		if !ok {
			if _, isGo := cm.(ContextManager); isGo {
				_, _ = exit(nil)
			}
			return nil, err
		}
		suppress, e2 := exit(exc)
		if e2 != nil {
			return nil, e2
		}
		if suppress {
			return starlark.None, nil
		}
		return nil, err
	}
	if _, e2 := exit(nil); e2 != nil {
		return nil, e2
	}
	return res, nil
}

func contextMethods(th *starlark.Thread, cm starlark.Value) (func() (starlark.Value, error), func(*Error) (bool, error), error) {
	if g, ok := cm.(ContextManager); ok {
		return func() (starlark.Value, error) { return g.Enter(th) },
			func(e *Error) (bool, error) { return g.Exit(th, e) }, nil
	}
	enterFn, err := GetAttr(th, cm, "__enter__")
	if err != nil {
		return nil, nil, NewError(TypeError, fmt.Sprintf("'%s' object does not support the context manager protocol", TypeName(cm)))
	}
	exitFn, err := GetAttr(th, cm, "__exit__")
	if err != nil {
		return nil, nil, NewError(TypeError, fmt.Sprintf("'%s' object does not support the context manager protocol (missed __exit__ method)", TypeName(cm)))
	}
	enter := func() (starlark.Value, error) { return starlark.Call(th, enterFn, nil, nil) }
	exit := func(e *Error) (bool, error) {
		args := starlark.Tuple{starlark.None, starlark.None, starlark.None}
		if e != nil {
			args = starlark.Tuple{e.Value.class, e.Value, starlark.None}
		}
		r, err := starlark.Call(th, exitFn, args, nil)
		if err != nil {
			return false, err
		}
		return bool(r.Truth()), nil
	}
	return enter, exit, nil
}
