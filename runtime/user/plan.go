package user

import (
	"errors"
	"fmt"
	"sort"
)

// Plan is a user class prepared for running: the task picker of every task
// set in its tree, computed once and shared read-only by all users of the
// class, so that spawning 100,000 users does not rebuild weight tables.
type Plan struct {
	class   *Class
	root    *TaskSet
	pickers map[*TaskSet]*picker
}

// NewPlan prepares cls for running. A class without tasks is valid: as in
// Locust, its users fail each time they look for a task.
func NewPlan(cls *Class) (*Plan, error) {
	if cls == nil {
		return nil, errors.New("user: nil class")
	}
	if cls.New == nil {
		return nil, fmt.Errorf("user class %s: no instance factory", cls.Name)
	}
	root := cls.Root
	if root == nil {
		root = &TaskSet{Name: cls.Name}
	}
	p := &Plan{class: cls, root: root, pickers: map[*TaskSet]*picker{}}
	if err := p.add(root, true); err != nil {
		return nil, fmt.Errorf("user class %s: %w", cls.Name, err)
	}
	return p, nil
}

// Class returns the class the plan runs.
func (p *Plan) Class() *Class { return p.class }

func (p *Plan) add(ts *TaskSet, root bool) error {
	if _, ok := p.pickers[ts]; ok {
		return nil // shared or recursive set: one picker is enough
	}
	pk := &picker{set: ts}
	switch {
	case root:
		pk.empty = fmt.Sprintf("No tasks defined on %s. Use the @task decorator or set the 'tasks' attribute of the User (or mark it as abstract = True if you only intend to subclass it)", p.class.Name)
	case ts.Sequential:
		pk.empty = "No tasks defined. Use the @task decorator or set the 'tasks' attribute of the SequentialTaskSet"
	default:
		pk.empty = fmt.Sprintf("No tasks defined on %s. use the @task decorator or set the 'tasks' attribute of the TaskSet", ts.Name)
	}
	p.pickers[ts] = pk
	for i, w := range ts.Tasks {
		if (w.Task == nil) == (w.Set == nil) {
			return fmt.Errorf("%s: entry %d must hold exactly one of a task and a task set", ts.Name, i)
		}
		if w.Weight <= 0 {
			continue // repeated zero times in Locust's tasks list
		}
		pk.total += w.Weight
		pk.cum = append(pk.cum, pk.total)
		pk.entries = append(pk.entries, i)
		if w.Set != nil {
			if err := p.add(w.Set, false); err != nil {
				return err
			}
		}
	}
	return nil
}

// picker chooses the next entry of one task set.
type picker struct {
	set     *TaskSet
	entries []int // indexes into set.Tasks with a positive weight
	cum     []int // cumulative weights of entries
	total   int
	empty   string // Locust's "No tasks defined" message for this set
}

// errNoTasks is raised, like Locust's plain Exception, when a set has
// nothing to run; the loop records it and goes on.
type errNoTasks struct{ msg string }

func (e *errNoTasks) Error() string { return e.msg }

// seqCursor walks a SequentialTaskSet in declaration order, cycling, with
// each weight as a repeat count. It lives on the set's loop frame, so a new
// entry into the set starts from the top, as a new Locust instance does.
type seqCursor struct {
	i, rep int
}

// pick returns the next entry: weighted random over the expanded list for a
// TaskSet, the next in order for a SequentialTaskSet.
func (pk *picker) pick(r interface{ IntN(int) int }, cur *seqCursor) (*Weighted, error) {
	if pk.total == 0 {
		return nil, &errNoTasks{pk.empty}
	}
	if pk.set.Sequential {
		w := &pk.set.Tasks[pk.entries[cur.i]]
		cur.rep++
		if cur.rep >= w.Weight {
			cur.rep = 0
			cur.i = (cur.i + 1) % len(pk.entries)
		}
		return w, nil
	}
	n := r.IntN(pk.total)
	k := sort.SearchInts(pk.cum, n+1)
	return &pk.set.Tasks[pk.entries[k]], nil
}
