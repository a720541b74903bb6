package user

import (
	"context"
	"testing"
	"time"
)

// BenchmarkTaskLoop measures the user loop's own cost per task: pick a task
// among three, run a no-op, ask for the wait time (0), check the gate.
func BenchmarkTaskLoop(b *testing.B) {
	noop := func(context.Context) error { return nil }
	cls := &Class{Name: "U", Root: &TaskSet{Name: "U", Tasks: []Weighted{
		{Weight: 3, Task: TaskFunc{TaskName: "a", Fn: func(context.Context, Scope) error { return nil }}},
		{Weight: 1, Task: TaskFunc{TaskName: "b", Fn: func(context.Context, Scope) error { return nil }}},
		{Weight: 1, Task: TaskFunc{TaskName: "c", Fn: func(context.Context, Scope) error { return noop(nil) }}},
	}}, New: func(context.Context, int) (Instance, error) { return &quietInstance{}, nil }}
	plan := mustPlan(b, cls)
	b.ReportAllocs()
	b.ResetTimer()
	if err := New(plan, 1, Options{Gate: limit(b.N)}).Run(context.Background()); err != nil {
		b.Fatal(err)
	}
}

// quietInstance is a user instance that does nothing and records nothing.
type quietInstance struct{}

func (quietInstance) OnStart(context.Context) error { return nil }
func (quietInstance) OnStop(context.Context) error  { return nil }
func (quietInstance) WaitTime(context.Context) (d time.Duration, ok bool, err error) {
	return 0, true, nil
}
func (quietInstance) Enter(context.Context, *TaskSet) (Scope, error) { return quietInstance{}, nil }
func (quietInstance) Close()                                         {}
