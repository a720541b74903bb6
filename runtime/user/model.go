// Package user describes virtual users to the load engine and runs one user's
// life: on_start, then pick a task, run it, wait, and so on until the user is
// stopped, then on_stop.
//
// The package knows nothing of the script language. A user class is plain Go
// data (Class, TaskSet, Weighted) plus a factory that makes a live Instance;
// the Starlark layer (starlib/locust) is one implementation of those
// interfaces, and tests build them by hand.
package user

import (
	"context"
	"time"
)

// Class is a user class as the engine sees it: Locust's User subclass.
type Class struct {
	// Name is the class name, used in "All users spawned" lines, the
	// dispatcher's ordering and the task ratio tables.
	Name string
	// Weight is the relative share of users of this class (Locust's weight;
	// floats are allowed as in Locust 2.27+).
	Weight float64
	// FixedCount, when > 0, spawns exactly this many users of the class before
	// any weighted class, and Weight is ignored.
	FixedCount int
	// Host is the class's own host attribute ("" if unset).
	Host string
	// Root holds the tasks declared directly on the user class.
	Root *TaskSet
	// New makes one live user. The engine calls it on the user's own
	// goroutine; the instance is used by that goroutine only.
	New func(ctx context.Context, id int) (Instance, error)
}

// TaskSet is a group of weighted tasks: the tasks of a user class, a TaskSet
// or a SequentialTaskSet.
type TaskSet struct {
	// Name is the TaskSet class name (or the user class name for a root).
	Name string
	// Sequential is true for SequentialTaskSet: tasks run in declaration
	// order, cycling, with Weight acting as a repeat count.
	Sequential bool
	// Tasks in declaration order.
	Tasks []Weighted
	// Source is the script layer's own description of the set (its class),
	// carried unchanged through copies such as FilterTags makes, so that
	// Scope.Enter can find it.
	Source any
}

// Weighted is one entry of a task list: a task or a nested task set, with its
// weight (how many times Locust repeats it in the tasks list) and its tags.
type Weighted struct {
	Weight int
	// Exactly one of Task and Set is non-nil.
	Task Task
	Set  *TaskSet
	// Tags are the @tag names of this entry (on a nested set they apply to
	// every task inside it, as in Locust).
	Tags []string
}

// Name is the display name of the entry: the task's name or the set's class
// name.
func (w Weighted) Name() string {
	if w.Set != nil {
		return w.Set.Name
	}
	return w.Task.Name()
}

// Task is one unit of work a user repeats. Run executes it in the scope (the
// live user or task set instance) that owns it.
type Task interface {
	Name() string
	Run(ctx context.Context, s Scope) error
}

// TaskFunc adapts a Go function to a Task.
type TaskFunc struct {
	TaskName string
	Fn       func(ctx context.Context, s Scope) error
}

// Name returns the task's name.
func (t TaskFunc) Name() string { return t.TaskName }

// Run calls the function.
func (t TaskFunc) Run(ctx context.Context, s Scope) error { return t.Fn(ctx, s) }

// Scope is a live user or task set instance: the object a task's self is.
type Scope interface {
	// OnStart runs the scope's on_start hook (a no-op when there is none).
	OnStart(ctx context.Context) error
	// OnStop runs the scope's on_stop hook.
	OnStop(ctx context.Context) error
	// WaitTime returns how long to wait after a task of this scope. ok is
	// false when the scope defines no wait_time of its own, so the caller
	// asks the parent scope (a TaskSet falls back to its user's).
	WaitTime(ctx context.Context) (d time.Duration, ok bool, err error)
	// Enter makes the live instance of a nested task set whose parent is
	// this scope.
	Enter(ctx context.Context, ts *TaskSet) (Scope, error)
}

// Instance is a live user: the root scope plus the resources it owns.
type Instance interface {
	Scope
	// Close releases what the user holds (connections, interpreter
	// thread). It is called once, after OnStop.
	Close()
}

// Canceler is implemented by instances that can interrupt script code which
// is running and not blocked in a context-aware call (a runaway loop).
type Canceler interface {
	Cancel(reason string)
}
