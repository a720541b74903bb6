package runner

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

// The expected values below were produced by running Locust 2.46's
// locust/dispatch.py (UsersDispatcher with one local worker node) on the
// same classes and targets.

func dc(name string, weight float64, fixed int) dispatchClass {
	return dispatchClass{name: name, weight: weight, fixedCount: fixed}
}

func sortedClasses(cs ...dispatchClass) []dispatchClass {
	sort.Slice(cs, func(i, j int) bool { return cs[i].name < cs[j].name })
	return cs
}

// spawnSequence grows the user count one at a time and names the class of
// each new user.
func spawnSequence(cs []dispatchClass, n int) string {
	d := newDispatcher(cs)
	var b strings.Builder
	for i := 1; i <= n; i++ {
		before := slices.Clone(d.counts)
		d.newDispatch(i, 1, nil)
		for !d.step() {
		}
		for c := range cs {
			if d.counts[c] > before[c] {
				b.WriteString(cs[c].name)
			}
		}
	}
	return b.String()
}

func TestDispatchSequences(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		classes []dispatchClass
		n       int
		want    string
	}{
		{"weights 3:1", sortedClasses(dc("A", 3, 0), dc("B", 1, 0)), 12, "ABAAABAAABAA"},
		{"weights 5:1", sortedClasses(dc("B", 1, 0), dc("A", 5, 0)), 12, "AABAAAAABAAA"},
		{"equal weights round-robin by name", sortedClasses(dc("C", 1, 0), dc("A", 1, 0), dc("B", 1, 0)), 9, "ABCABCABC"},
		{"float weights", sortedClasses(dc("A", 2.5, 0), dc("B", 1, 0), dc("C", 0.5, 0)), 12, "ABACAABAABAC"},
		{"weights 1:2:3", sortedClasses(dc("A", 1, 0), dc("B", 2, 0), dc("C", 3, 0)), 12, "CBACBCCBACBC"},
		{"fixed_count first", sortedClasses(dc("F", 1, 2), dc("A", 1, 0), dc("B", 1, 0)), 8, "FFABABAB"},
		{"fixed counts exceeding the target", sortedClasses(dc("F", 1, 3), dc("G", 1, 2), dc("A", 1, 0)), 4, "FGFG"},
		{"only fixed: stops when they are all out", sortedClasses(dc("F", 1, 2)), 4, "FF"},
		{"zero weight never spawned", sortedClasses(dc("A", 1, 0), dc("Z", 0, 0)), 3, "AAA"},
	}
	for _, tt := range tests {
		if got := spawnSequence(tt.classes, tt.n); got != tt.want {
			t.Errorf("%s: sequence %s, want %s", tt.name, got, tt.want)
		}
	}
}

type cycle struct {
	target  int
	rate    float64
	classes []int
}

// iterations runs dispatch cycles and returns the counts after every
// iteration, formatted like Locust's dicts ("A=3 B=1").
func iterations(cs []dispatchClass, cycles ...cycle) [][]string {
	d := newDispatcher(cs)
	var out [][]string
	format := func() string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = fmt.Sprintf("%s=%d", c.name, d.counts[i])
		}
		return strings.Join(parts, " ")
	}
	for _, c := range cycles {
		d.newDispatch(c.target, c.rate, c.classes)
		var its []string
		if d.done() {
			its = append(its, format()) // Locust yields the unchanged state once
		} else {
			for {
				last := d.step()
				its = append(its, format())
				if last {
					break
				}
			}
		}
		out = append(out, its)
	}
	return out
}

func TestDispatchIterations(t *testing.T) {
	t.Parallel()
	ab := sortedClasses(dc("A", 3, 0), dc("B", 1, 0))
	tests := []struct {
		name    string
		classes []dispatchClass
		cycles  []cycle
		want    [][]string
	}{
		{"rate 4 adds 4 per iteration", ab, []cycle{{10, 4, nil}}, [][]string{{"A=3 B=1", "A=6 B=2", "A=7 B=3"}}},
		{"rate 2.5 adds 2 per iteration", ab, []cycle{{5, 2.5, nil}}, [][]string{{"A=1 B=1", "A=3 B=1", "A=4 B=1"}}},
		{"up, down removes the latest first, up continues the interleave", ab,
			[]cycle{{12, 100, nil}, {9, 100, nil}, {12, 100, nil}},
			[][]string{{"A=9 B=3"}, {"A=7 B=2"}, {"A=9 B=3"}}},
		{"ramp-down at the spawn rate", sortedClasses(dc("A", 1, 0), dc("B", 1, 0)),
			[]cycle{{6, 4, nil}, {1, 2, nil}},
			[][]string{{"A=2 B=2", "A=3 B=3"}, {"A=2 B=2", "A=1 B=1", "A=1 B=0"}}},
		{"fixed users refilled first after a ramp-down", sortedClasses(dc("F", 1, 2), dc("A", 1, 0)),
			[]cycle{{4, 10, nil}, {1, 10, nil}, {4, 10, nil}},
			[][]string{{"A=2 F=2"}, {"A=0 F=1"}, {"A=2 F=2"}}},
		{"same target yields the state once", ab, []cycle{{2, 1, nil}, {2, 1, nil}}, [][]string{{"A=1 B=0", "A=1 B=1"}, {"A=1 B=1"}}},
		{"class subset restarts the generator", sortedClasses(dc("A", 1, 0), dc("B", 1, 0), dc("C", 1, 0)),
			[]cycle{{6, 10, nil}, {9, 10, []int{2}}},
			[][]string{{"A=2 B=2 C=2"}, {"A=2 B=2 C=5"}}},
	}
	for _, tt := range tests {
		if got := iterations(tt.classes, tt.cycles...); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s:\n got %v\nwant %v", tt.name, got, tt.want)
		}
	}
}

func TestDispatchPacing(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rate float64
		per  int
		wait time.Duration
	}{
		{10, 10, time.Second}, {0.5, 1, 2 * time.Second}, {2.5, 2, 800 * time.Millisecond}, {10000, 10000, time.Second}, {1.5, 1, 666666666},
	}
	for _, tt := range tests {
		d := newDispatcher(sortedClasses(dc("A", 1, 0)))
		d.newDispatch(100, tt.rate, nil)
		if d.perIteration != tt.per || d.wait != tt.wait {
			t.Errorf("rate %v: %d users every %v, want %d every %v", tt.rate, d.perIteration, d.wait, tt.per, tt.wait)
		}
	}
}

func BenchmarkDispatch100k(b *testing.B) {
	cs := sortedClasses(dc("A", 3, 0), dc("B", 1, 0), dc("C", 0.5, 0), dc("F", 1, 100))
	for b.Loop() {
		d := newDispatcher(cs)
		d.newDispatch(100000, 10000, nil)
		for !d.step() {
		}
		d.newDispatch(0, 10000, nil)
		for !d.step() {
		}
	}
}
