package user

import "fmt"

// FilterTags returns copies of classes whose task trees keep only what
// Locust's --tags and --exclude-tags let through (an empty list means no
// filter). The originals, shared with the loaded script, are not touched.
//
// As in Locust's filter_tasks_by_tags: a task's tags are its own plus those
// of every enclosing nested set entry; with include, untagged tasks are
// dropped; with exclude, a task having any excluded tag is dropped; a nested
// set left empty is removed. Every task holder left empty (a set or a whole
// class) adds the warning "X had no tasks left after filtering,
// instantiating it will fail!", innermost first, for the caller to log at
// WARNING. Classes themselves are kept, even when empty.
func FilterTags(classes []*Class, include, exclude []string) (filtered []*Class, warnings []string) {
	if len(include) == 0 && len(exclude) == 0 {
		out := make([]*Class, len(classes))
		for i, c := range classes {
			cp := *c
			out[i] = &cp
		}
		return out, nil
	}
	f := tagFilter{include: toSet(include), exclude: toSet(exclude)}
	out := make([]*Class, len(classes))
	for i, c := range classes {
		cp := *c
		root := c.Root
		if root == nil {
			root = &TaskSet{Name: c.Name}
		}
		cp.Root = f.filter(root, nil)
		out[i] = &cp
	}
	return out, f.warnings
}

type tagFilter struct {
	include, exclude map[string]bool
	warnings         []string
}

func toSet(list []string) map[string]bool {
	if len(list) == 0 {
		return nil
	}
	m := make(map[string]bool, len(list))
	for _, s := range list {
		m[s] = true
	}
	return m
}

// filter copies ts keeping the entries that pass; inherited holds the tags
// of the enclosing set entries.
func (f *tagFilter) filter(ts *TaskSet, inherited []string) *TaskSet {
	cp := &TaskSet{Name: ts.Name, Sequential: ts.Sequential, Source: ts.Source}
	for _, w := range ts.Tasks {
		if w.Set != nil {
			sub := f.filter(w.Set, append(inherited[:len(inherited):len(inherited)], w.Tags...))
			if len(sub.Tasks) > 0 {
				w.Set = sub
				cp.Tasks = append(cp.Tasks, w)
			}
			continue
		}
		if f.pass(w.Tags, inherited) {
			cp.Tasks = append(cp.Tasks, w)
		}
	}
	if len(cp.Tasks) == 0 {
		f.warnings = append(f.warnings, fmt.Sprintf("%s had no tasks left after filtering, instantiating it will fail!", ts.Name))
	}
	return cp
}

func (f *tagFilter) pass(own, inherited []string) bool {
	has := func(set map[string]bool) bool {
		for _, t := range own {
			if set[t] {
				return true
			}
		}
		for _, t := range inherited {
			if set[t] {
				return true
			}
		}
		return false
	}
	if f.include != nil && !has(f.include) {
		return false
	}
	if f.exclude != nil && has(f.exclude) {
		return false
	}
	return true
}
