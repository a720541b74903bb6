package user

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func nop(name string, weight int) Weighted {
	return Weighted{Weight: weight, Task: TaskFunc{TaskName: name}}
}

// ratioClasses mirrors the classes the golden files were made from with
// Locust's own inspectuser functions (get_ratio, _calc_distribution,
// _print_task_ratio, json.dumps(indent=4)).
func ratioClasses() []*Class {
	deep := &TaskSet{Name: "Deep", Tasks: []Weighted{nop("a", 1)}}
	browse := &TaskSet{Name: "Browse", Tasks: []Weighted{nop("view", 1), nop("list", 3), {Weight: 1, Set: deep}}}
	return []*Class{
		{Name: "WebUser", Weight: 3, Root: &TaskSet{Name: "WebUser", Tasks: []Weighted{nop("index", 3), nop("about", 1), {Weight: 2, Set: browse}}}},
		{Name: "AdminUser", Weight: 1, Root: &TaskSet{Name: "AdminUser", Tasks: []Weighted{nop("dashboard", 1)}}},
		{Name: "FixedUser", FixedCount: 2, Root: &TaskSet{Name: "FixedUser", Tasks: []Weighted{nop("ping", 1)}}},
		{Name: "Empty", Weight: 1.5},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestTaskRatioGolden(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 7, 10} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			t.Parallel()
			var txt, js bytes.Buffer
			if err := WriteTaskRatio(&txt, ratioClasses(), n); err != nil {
				t.Fatal(err)
			}
			golden(t, fmt.Sprintf("ratio_%d.txt", n), txt.Bytes())
			if err := WriteTaskRatioJSON(&js, ratioClasses(), n); err != nil {
				t.Fatal(err)
			}
			golden(t, fmt.Sprintf("ratio_%d.json", n), js.Bytes())
		})
	}
}

func TestDistribution(t *testing.T) {
	t.Parallel()
	c := func(name string, w float64, fixed int) *Class {
		return &Class{Name: name, Weight: w, FixedCount: fixed}
	}
	tests := []struct {
		name    string
		classes []*Class
		users   int
		want    map[string]int
	}{
		{"weights", []*Class{c("A", 3, 0), c("B", 1, 0)}, 8, map[string]int{"A": 6, "B": 2}},
		{"no users given: sum of weights", []*Class{c("A", 3, 0), c("B", 1, 0)}, 0, map[string]int{"A": 3, "B": 1}},
		{"round half to even", []*Class{c("A", 1, 0), c("B", 1, 0), c("C", 2, 0)}, 2, map[string]int{"A": 0, "B": 0, "C": 1}},
		{"fixed first", []*Class{c("A", 1, 0), c("F", 5, 3)}, 5, map[string]int{"A": 2, "F": 3}},
		{"fixed exceed", []*Class{c("A", 1, 0), c("F", 1, 3)}, 2, map[string]int{"A": 0, "F": 3}},
	}
	for _, tt := range tests {
		if got := Distribution(tt.classes, tt.users); !maps.Equal(got, tt.want) {
			t.Errorf("%s: Distribution = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestTaskRatiosGroupRepeatsAndWeighClasses(t *testing.T) {
	t.Parallel()
	shared := TaskFunc{TaskName: "t"}
	classes := []*Class{
		{Name: "A", Root: &TaskSet{Tasks: []Weighted{{Weight: 1, Task: shared}, nop("u", 2), {Weight: 1, Task: shared}}}},
		{Name: "B", Root: &TaskSet{Tasks: []Weighted{nop("v", 1)}}},
	}
	got := TaskRatios(classes, map[string]int{"A": 3, "B": 1}, true)
	want := RatioList{
		{Name: "A", Ratio: 0.75, Tasks: []Ratio{{Name: "t", Ratio: 0.375}, {Name: "u", Ratio: 0.375}}},
		{Name: "B", Ratio: 0.25, Tasks: []Ratio{{Name: "v", Ratio: 0.25}}},
	}
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(want)
	if !bytes.Equal(a, b) {
		t.Fatalf("TaskRatios = %s, want %s", a, b)
	}
	// The compact encoding is valid JSON and keeps declaration order.
	if string(a) != `{"A":{"ratio":0.75,"tasks":{"t":{"ratio":0.375},"u":{"ratio":0.375}}},"B":{"ratio":0.25,"tasks":{"v":{"ratio":0.25}}}}` {
		t.Fatalf("JSON = %s", a)
	}
	var decoded map[string]any
	if err := json.Unmarshal(a, &decoded); err != nil {
		t.Fatal(err)
	}
	if got := TaskRatios(nil, nil, false); len(got) != 0 {
		t.Fatalf("no classes: %v", got)
	}
}

func TestPyFloat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want string
	}{
		{1, "1.0"}, {0, "0.0"}, {math.Copysign(0, -1), "-0.0"}, {0.5, "0.5"}, {1.0 / 3, "0.3333333333333333"},
		{0.0001, "0.0001"}, {0.00001, "1e-05"}, {1.5e-7, "1.5e-07"}, {1e15, "1000000000000000.0"},
		{1e16, "1e+16"}, {123456789.25, "123456789.25"}, {math.Inf(1), "Infinity"}, {math.NaN(), "NaN"},
	}
	for _, tt := range tests {
		if got := pyFloat(tt.in); got != tt.want {
			t.Errorf("pyFloat(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFilterTags(t *testing.T) {
	t.Parallel()
	tagged := func(name string, tags ...string) Weighted {
		w := nop(name, 1)
		w.Tags = tags
		return w
	}
	build := func() []*Class {
		inner := &TaskSet{Name: "Inner", Tasks: []Weighted{tagged("i1"), tagged("i2", "slow")}}
		return []*Class{
			{Name: "A", Root: &TaskSet{Name: "A", Source: "A-source", Tasks: []Weighted{
				tagged("a1", "fast"), tagged("a2", "slow"), tagged("plain"),
				{Weight: 1, Set: inner, Tags: []string{"fast"}},
			}}},
			{Name: "B", Root: &TaskSet{Name: "B", Tasks: []Weighted{tagged("b1")}}},
		}
	}
	names := func(ts *TaskSet) []string {
		var out []string
		var walk func(*TaskSet, string)
		walk = func(ts *TaskSet, prefix string) {
			for _, w := range ts.Tasks {
				out = append(out, prefix+w.Name())
				if w.Set != nil {
					walk(w.Set, prefix+w.Name()+"/")
				}
			}
		}
		walk(ts, "")
		return out
	}
	tests := []struct {
		name             string
		include, exclude []string
		want             map[string][]string
		warnings         []string
	}{
		{"no filter", nil, nil, map[string][]string{"A": {"a1", "a2", "plain", "Inner", "Inner/i1", "Inner/i2"}, "B": {"b1"}}, nil},
		{"include drops untagged; set tags apply inside", []string{"fast"}, nil,
			map[string][]string{"A": {"a1", "Inner", "Inner/i1", "Inner/i2"}, "B": nil},
			[]string{"B had no tasks left after filtering, instantiating it will fail!"}},
		{"exclude", nil, []string{"slow"}, map[string][]string{"A": {"a1", "plain", "Inner", "Inner/i1"}, "B": {"b1"}}, nil},
		{"exclude a set's tag removes the set", nil, []string{"fast"}, map[string][]string{"A": {"a2", "plain"}, "B": {"b1"}},
			[]string{"Inner had no tasks left after filtering, instantiating it will fail!"}},
		{"include and exclude", []string{"fast", "slow"}, []string{"slow"}, map[string][]string{"A": {"a1", "Inner", "Inner/i1"}, "B": nil},
			[]string{"B had no tasks left after filtering, instantiating it will fail!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			orig := build()
			got, warnings := FilterTags(orig, tt.include, tt.exclude)
			for _, c := range got {
				if g := names(c.Root); fmt.Sprint(g) != fmt.Sprint(tt.want[c.Name]) {
					t.Errorf("%s tasks = %q, want %q", c.Name, g, tt.want[c.Name])
				}
			}
			if fmt.Sprint(warnings) != fmt.Sprint(tt.warnings) {
				t.Errorf("warnings = %q, want %q", warnings, tt.warnings)
			}
			if got[0].Root.Source != "A-source" {
				t.Errorf("Source lost in the copy: %v", got[0].Root.Source)
			}
			if n := len(names(orig[0].Root)); n != 6 {
				t.Errorf("the original class was modified: %d entries left", n)
			}
		})
	}
}
