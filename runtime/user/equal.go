package user

import "reflect"

// Identified is implemented by tasks that know the function behind them,
// so that the same function reached twice (two task sets, two weights) is
// recognised as one task.
type Identified interface {
	Identity() any
}

// EqualWeights returns copies of classes as Locust's --equal-weights makes
// them (Environment.assign_equal_weights): every class has weight 1, and
// its tasks, those of nested task sets included, are flattened into one
// list on the user in which each task appears once, so every task is
// equally likely. As in Locust, a task that belonged to a task set then
// runs with the user as its scope, and the sets' hooks no longer run.
// FixedCount is kept. The order is Locust's: a depth-first walk from the
// end of each list.
func EqualWeights(classes []*Class) []*Class {
	out := make([]*Class, len(classes))
	for i, c := range classes {
		cp := *c
		cp.Weight = 1
		root := &TaskSet{Name: c.Name}
		if c.Root != nil {
			root.Source = c.Root.Source
			seen := map[any]bool{}
			frontier := append([]Weighted(nil), c.Root.Tasks...)
			for len(frontier) > 0 {
				w := frontier[len(frontier)-1]
				frontier = frontier[:len(frontier)-1]
				if w.Set != nil {
					frontier = append(frontier, w.Set.Tasks...)
					continue
				}
				key := taskKey(w.Task)
				if seen[key] {
					continue
				}
				seen[key] = true
				root.Tasks = append(root.Tasks, Weighted{Weight: 1, Task: w.Task, Tags: w.Tags})
			}
		}
		cp.Root = root
		out[i] = &cp
	}
	return out
}

// taskKey is what makes two tasks the same: the function behind them when
// the task says (and it can be compared), else the task itself.
func taskKey(t Task) any {
	if id, ok := t.(Identified); ok {
		if k := id.Identity(); k != nil && reflect.TypeOf(k).Comparable() {
			return k
		}
	}
	if reflect.TypeOf(t).Comparable() {
		return t
	}
	return new(int) // nothing to compare it by: a task of its own
}
