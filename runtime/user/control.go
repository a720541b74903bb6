package user

import (
	"errors"
	"fmt"
)

// Control is a flow-control signal a task raises to steer its user, as
// Locust's special exceptions do.
type Control int

// The control signals, named after Locust's exceptions.
const (
	// NoControl means the error is an ordinary task failure.
	NoControl Control = iota
	// StopUser ends the user: task sets' and the user's on_stop run, and
	// the user is not respawned.
	StopUser
	// RescheduleTask ends the current task early; the user then waits.
	RescheduleTask
	// RescheduleTaskImmediately ends the current task; the next starts
	// without a wait.
	RescheduleTaskImmediately
	// InterruptTaskSet leaves the current task set (its on_stop runs). The
	// parent picks its next task at once when Reschedule is true, otherwise
	// it waits first.
	InterruptTaskSet
	// StopTest stops the whole test run.
	StopTest
)

var controlNames = [...]string{"", "StopUser", "RescheduleTask", "RescheduleTaskImmediately", "InterruptTaskSet", "StopTest"}

// String returns the Locust exception name of the signal.
func (c Control) String() string {
	if c >= 0 && int(c) < len(controlNames) {
		return controlNames[c]
	}
	return fmt.Sprintf("Control(%d)", int(c))
}

// ControlError is implemented by errors that carry a control signal. Script
// exceptions (StopUser raised in a locustfile) implement it, possibly deep in
// an error chain.
type ControlError interface {
	error
	// UserControl returns the signal and, for InterruptTaskSet, whether the
	// parent reschedules at once.
	UserControl() (c Control, reschedule bool)
}

// Signal is a plain ControlError value for Go-built tasks and tests.
type Signal struct {
	C          Control
	Reschedule bool
}

// Error names the signal.
func (s *Signal) Error() string { return s.C.String() }

// UserControl returns the signal.
func (s *Signal) UserControl() (Control, bool) { return s.C, s.Reschedule }

// ControlOf finds the control signal in err's chain. It returns NoControl for
// nil and for ordinary errors.
func ControlOf(err error) (c Control, reschedule bool) {
	if err == nil {
		return NoControl, false
	}
	var ce ControlError
	if errors.As(err, &ce) {
		return ce.UserControl()
	}
	return NoControl, false
}

// Traced is implemented by task errors that carry a script traceback, so the
// exceptions table can show where the error happened.
type Traced interface {
	error
	// Message is the exception text as Python's str(e) gives it.
	Message() string
	// Traceback is the stack lines only, without the "Traceback (most
	// recent call last):" header and without the final exception line, as
	// Locust's exceptions table holds them.
	Traceback() string
}

// Formatted is implemented by task errors that render their whole traceback
// for the log, as Python's traceback.format_exc() does ("Traceback (most
// recent call last): ... KeyError: 'x'").
type Formatted interface {
	Format() string
}
