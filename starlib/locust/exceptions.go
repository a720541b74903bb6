package locust

import (
	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/http"
	"github.com/gust-load/gust/starlib/pyrt"
)

// exceptionClasses are Locust's locust.exception classes. The control-flow
// ones convert to the engine's signals through pyrt's ToError hook, so the
// user loop recognises a script's `raise StopUser()` with errors.As.
type exceptionClasses struct {
	LocustError, StopUser, StopTest, RescheduleTask, RescheduleTaskImmediately,
	InterruptTaskSet, MissingWaitTimeError, ResponseError, CatchResponseError *pyrt.Class
}

// newExceptionClasses makes the classes; LocustError, ResponseError and
// CatchResponseError are the HTTP clients' own, so that scripts catch what
// the clients raise.
func newExceptionClasses(hx *http.Exceptions) *exceptionClasses {
	mk := func(name string, base *pyrt.Class, c user.Control) *pyrt.Class {
		cls := pyrt.MustClass(name, []*pyrt.Class{base}, nil)
		cls.SetModule("locust.exception")
		if c != user.NoControl {
			cls.ToError = func(*pyrt.Instance) error { return &user.Signal{C: c} }
		}
		return cls
	}
	e := &exceptionClasses{LocustError: hx.LocustError, ResponseError: hx.ResponseError, CatchResponseError: hx.CatchResponseError}
	e.StopUser = mk("StopUser", pyrt.Exception, user.StopUser)
	e.StopTest = mk("StopTest", pyrt.Exception, user.StopTest)
	e.RescheduleTask = mk("RescheduleTask", pyrt.Exception, user.RescheduleTask)
	e.RescheduleTaskImmediately = mk("RescheduleTaskImmediately", pyrt.Exception, user.RescheduleTaskImmediately)
	e.MissingWaitTimeError = mk("MissingWaitTimeError", e.LocustError, user.NoControl)

	// InterruptTaskSet(reschedule=True) carries its flag.
	e.InterruptTaskSet = pyrt.MustClass("InterruptTaskSet", []*pyrt.Class{pyrt.Exception}, map[string]starlark.Value{
		"__init__": starlark.NewBuiltin("__init__", interruptInit),
	})
	e.InterruptTaskSet.SetModule("locust.exception")
	e.InterruptTaskSet.ToError = func(inst *pyrt.Instance) error {
		re := true
		if v, ok := inst.Field("reschedule"); ok {
			re = bool(v.Truth())
		}
		return &user.Signal{C: user.InterruptTaskSet, Reschedule: re}
	}
	return e
}

func interruptInit(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	if len(args) == 0 {
		return nil, pyrt.NewError(pyrt.TypeError, "InterruptTaskSet.__init__ needs self")
	}
	self, ok := args[0].(*pyrt.Instance)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, "InterruptTaskSet.__init__ needs an instance")
	}
	var reschedule starlark.Value = starlark.True
	if err := starlark.UnpackArgs(b.Name(), args[1:], kwargs, "reschedule?", &reschedule); err != nil {
		return nil, err
	}
	self.SetFieldDirect("args", starlark.Tuple{reschedule})
	self.SetFieldDirect("reschedule", starlark.Bool(reschedule.Truth()))
	return starlark.None, nil
}

// members lists the classes under their script names.
func (e *exceptionClasses) members() starlark.StringDict {
	return starlark.StringDict{
		"LocustError": e.LocustError, "StopUser": e.StopUser, "StopTest": e.StopTest,
		"RescheduleTask": e.RescheduleTask, "RescheduleTaskImmediately": e.RescheduleTaskImmediately,
		"InterruptTaskSet": e.InterruptTaskSet, "MissingWaitTimeError": e.MissingWaitTimeError,
		"ResponseError": e.ResponseError, "CatchResponseError": e.CatchResponseError,
	}
}
