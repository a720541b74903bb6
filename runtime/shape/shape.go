// Package shape describes custom load shapes: Locust's LoadTestShape, whose
// tick() the runner calls about once a second to decide how many users run,
// at what spawn rate and of which classes, until the shape says stop.
//
// A Shape is a small pure interface (like vegeta's Pacer), so shapes written
// in Go and shapes written in a locustfile (starlib/locust adapts those) are
// driven the same way and table-tested without a runner.
package shape

import (
	"slices"
	"time"
)

// Stage is what a shape asks for at one tick: Locust's tick() tuple.
type Stage struct {
	// Users is the total number of users to run.
	Users int
	// SpawnRate is how many users to start (or stop) per second on the
	// way there.
	SpawnRate float64
	// Classes limits the user classes the dispatcher uses in this stage,
	// by name; nil means all of them.
	Classes []string
}

// Equal reports whether two stages are the same tuple: the runner only
// re-targets when the tick result changes, as Locust's shape_worker does.
func (s Stage) Equal(o Stage) bool {
	return s.Users == o.Users && s.SpawnRate == o.SpawnRate && (s.Classes == nil) == (o.Classes == nil) && slices.Equal(s.Classes, o.Classes)
}

// Shape decides the load over time.
type Shape interface {
	// Tick returns the stage for runTime, the time since the shape
	// started (Locust's get_run_time()). ok false ends the test (tick()
	// returned None). An error (an exception in a script's tick) stops
	// the ticking; the load stays where it is, as in Locust.
	Tick(runTime time.Duration) (s Stage, ok bool, err error)
}

// Func adapts a function to Shape.
type Func func(runTime time.Duration) (Stage, bool, error)

// Tick calls f.
func (f Func) Tick(runTime time.Duration) (Stage, bool, error) { return f(runTime) }

// Step is one stage of a Steps shape, in force until the run time reaches
// Until.
type Step struct {
	Until time.Duration
	Stage
}

// Steps is the common stages-list shape of Locust's documentation: the
// first step whose Until is still ahead of the run time applies; after the
// last one the test ends.
type Steps []Step

// Tick returns the stage in force at runTime.
func (s Steps) Tick(runTime time.Duration) (Stage, bool, error) {
	for _, st := range s {
		if runTime < st.Until {
			return st.Stage, true, nil
		}
	}
	return Stage{}, false, nil
}
