package user

import (
	"context"
	"slices"
	"testing"
)

// idTask is a task whose identity is a shared key, as a script function
// reached from two task lists.
type idTask struct {
	name string
	key  *int
}

func (t *idTask) Name() string                     { return t.name }
func (t *idTask) Run(context.Context, Scope) error { return nil }
func (t *idTask) Identity() any                    { return t.key }

func TestEqualWeights(t *testing.T) {
	shared := new(int)
	a := &idTask{name: "a", key: new(int)}
	b := &idTask{name: "b", key: shared}
	bAgain := &idTask{name: "b", key: shared} // the same function in a set
	c := TaskFunc{TaskName: "c"}
	inner := &TaskSet{Name: "Inner", Tasks: []Weighted{{Weight: 4, Task: c}}}
	set := &TaskSet{Name: "S", Sequential: true, Tasks: []Weighted{{Weight: 2, Task: bAgain}, {Weight: 1, Set: inner}}}
	classes := []*Class{
		{Name: "U", Weight: 7, Root: &TaskSet{Name: "U", Tasks: []Weighted{
			{Weight: 3, Task: a}, {Weight: 1, Set: set, Tags: []string{"x"}}, {Weight: 5, Task: b, Tags: []string{"y"}},
		}}},
		{Name: "F", Weight: 2, FixedCount: 3},
	}
	got := EqualWeights(classes)
	if classes[0].Weight != 7 || len(classes[0].Root.Tasks) != 3 {
		t.Fatal("EqualWeights changed its input")
	}
	u := got[0]
	if u.Weight != 1 || u.Root.Sequential {
		t.Errorf("weight %v, sequential %v", u.Weight, u.Root.Sequential)
	}
	// Locust's walk pops from the end: b, then the set (its inner set, then
	// b again, a duplicate), then a.
	var names []string
	for _, w := range u.Root.Tasks {
		if w.Weight != 1 || w.Set != nil {
			t.Errorf("entry %+v: want a task of weight 1", w)
		}
		names = append(names, w.Name())
	}
	if want := []string{"b", "c", "a"}; !slices.Equal(names, want) {
		t.Errorf("tasks %v, want %v", names, want)
	}
	if f := got[1]; f.Weight != 1 || f.FixedCount != 3 || len(f.Root.Tasks) != 0 {
		t.Errorf("class without tasks: %+v", f)
	}
}
