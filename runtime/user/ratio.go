package user

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gust-load/gust/runtime/pyrepr"
)

// Ratio is one node of Locust's task ratio tree (inspectuser.get_ratio): a
// user class, a task set or a task, with its share and, for classes and
// sets, the shares of what they hold.
type Ratio struct {
	Name string
	// Ratio is a fraction (1.0 = 100 %). In the per-class view a task's
	// ratio is relative to its own task set; in the total view it is the
	// share of all task runs, class weights included.
	Ratio float64
	// Tasks is nil for a task, non-nil (possibly empty) for a class or a
	// task set.
	Tasks []Ratio
}

// MarshalJSON encodes the node as Locust's /tasks route does:
// {"ratio": r, "tasks": {name: node, ...}}, "tasks" only for classes and
// sets, in declaration order.
func (r Ratio) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	writeRatioJSON(&b, r, "", "")
	return b.Bytes(), nil
}

// RatioList is an ordered set of named ratio nodes; it encodes as a JSON
// object keyed by name, keeping the order.
type RatioList []Ratio

// MarshalJSON encodes the list as an object keyed by name.
func (l RatioList) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	writeRatioMap(&b, l, "", "")
	return b.Bytes(), nil
}

// Distribution is how many users of each class Locust's --show-task-ratio
// assumes (inspectuser._calc_distribution): fixed_count classes get their
// count; the rest of numUsers is shared by weight and rounded half to even.
// numUsers 0 means "not given": the sum of the weights, or 1 when there are
// fixed_count classes.
func Distribution(classes []*Class, numUsers int) map[string]int {
	fixed := 0
	totalWeight := 0.0
	for _, c := range classes {
		if c.FixedCount > 0 {
			fixed += c.FixedCount
		} else {
			totalWeight += c.Weight
		}
	}
	n := float64(numUsers)
	if numUsers == 0 {
		n = totalWeight
		if fixed > 0 {
			n = 1
		}
	}
	weighted := max(0, n-float64(fixed))
	out := make(map[string]int, len(classes))
	for _, c := range classes {
		if c.FixedCount > 0 {
			out[c.Name] = c.FixedCount
			continue
		}
		count := 0.0
		if totalWeight > 0 {
			count = c.Weight / totalWeight * weighted
		}
		out[c.Name] = int(math.RoundToEven(count))
	}
	return out
}

// TaskRatios computes Locust's get_ratio for classes given how many users of
// each run (spawned): per class when total is false, overall when true. A
// task listed twice in a set is counted once with the summed weight (Locust
// groups the repeated entries of its tasks list).
func TaskRatios(classes []*Class, spawned map[string]int, total bool) RatioList {
	users := 0
	for _, n := range spawned {
		users += n
	}
	if users == 0 {
		users = 1
	}
	out := make(RatioList, 0, len(classes))
	for _, c := range classes {
		r := float64(spawned[c.Name]) / float64(users)
		root := c.Root
		if root == nil {
			root = &TaskSet{Name: c.Name}
		}
		out = append(out, Ratio{Name: c.Name, Ratio: r, Tasks: setRatios(root, total, r)})
	}
	return out
}

func setRatios(ts *TaskSet, total bool, parent float64) []Ratio {
	if !total {
		parent = 1
	}
	n := 0
	for _, w := range ts.Tasks {
		n += max(w.Weight, 0)
	}
	out := []Ratio{}
	if n == 0 {
		return out
	}
	// Group repeated entries first, then compute each share once, in the
	// same order of operations as Locust (count * parent / len(tasks)).
	index := map[string]int{}
	var counts []int
	for _, w := range ts.Tasks {
		if w.Weight <= 0 {
			continue
		}
		name := w.Name()
		if i, ok := index[name]; ok {
			counts[i] += w.Weight
			continue
		}
		index[name] = len(out)
		out = append(out, Ratio{Name: name})
		counts = append(counts, w.Weight)
	}
	for i := range out {
		out[i].Ratio = float64(counts[i]) * parent / float64(n)
	}
	for _, w := range ts.Tasks {
		if w.Set != nil && w.Weight > 0 {
			i := index[w.Name()]
			if out[i].Tasks == nil {
				out[i].Tasks = setRatios(w.Set, total, out[i].Ratio)
			}
		}
	}
	return out
}

// WriteTaskRatio writes the --show-task-ratio report exactly as Locust
// prints it: the per-class table, then the total table.
func WriteTaskRatio(w io.Writer, classes []*Class, numUsers int) error {
	d := Distribution(classes, numUsers)
	var b strings.Builder
	b.WriteString("\n Task ratio per User class\n")
	b.WriteString(strings.Repeat("-", 80) + "\n")
	writeRatioText(&b, TaskRatios(classes, d, false), 0)
	b.WriteString("\n Total task ratio\n")
	b.WriteString(strings.Repeat("-", 80) + "\n")
	writeRatioText(&b, TaskRatios(classes, d, true), 0)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeRatioText is Locust's _print_task_ratio: " %-10s %-50s" with the
// percentage as "%-6.1f", both indented two spaces per level.
func writeRatioText(b *strings.Builder, list []Ratio, level int) {
	pad := strings.Repeat("  ", level)
	for _, r := range list {
		pct := fmt.Sprintf("%-6.1f", r.Ratio*100)
		fmt.Fprintf(b, " %-10s %-50s\n", pad+pct, pad+r.Name)
		if r.Tasks != nil {
			writeRatioText(b, r.Tasks, level+1)
		}
	}
}

// WriteTaskRatioJSON writes the --show-task-ratio-json report as Locust
// prints it: json.dumps({"per_class": ..., "total": ...}, indent=4).
func WriteTaskRatioJSON(w io.Writer, classes []*Class, numUsers int) error {
	d := Distribution(classes, numUsers)
	var b bytes.Buffer
	b.WriteString("{\n    \"per_class\": ")
	writeRatioMap(&b, TaskRatios(classes, d, false), "    ", "    ")
	b.WriteString(",\n    \"total\": ")
	writeRatioMap(&b, TaskRatios(classes, d, true), "    ", "    ")
	b.WriteString("\n}\n")
	_, err := w.Write(b.Bytes())
	return err
}

// writeRatioMap writes list as a JSON object; with a non-empty step it
// follows Python's indent layout, otherwise it is compact.
func writeRatioMap(b *bytes.Buffer, list []Ratio, indent, step string) {
	if len(list) == 0 {
		b.WriteString("{}")
		return
	}
	inner := indent + step
	b.WriteByte('{')
	for i, r := range list {
		if i > 0 {
			b.WriteByte(',')
		}
		if step != "" {
			b.WriteString("\n" + inner)
		}
		b.WriteString(pyrepr.JSONString(r.Name))
		b.WriteString(colon(step))
		writeRatioJSON(b, r, inner, step)
	}
	if step != "" {
		b.WriteString("\n" + indent)
	}
	b.WriteByte('}')
}

func writeRatioJSON(b *bytes.Buffer, r Ratio, indent, step string) {
	inner := indent + step
	b.WriteByte('{')
	if step != "" {
		b.WriteString("\n" + inner)
	}
	b.WriteString(`"ratio"` + colon(step) + pyFloat(r.Ratio))
	if r.Tasks != nil {
		b.WriteByte(',')
		if step != "" {
			b.WriteString("\n" + inner)
		}
		b.WriteString(`"tasks"` + colon(step))
		writeRatioMap(b, r.Tasks, inner, step)
	}
	if step != "" {
		b.WriteString("\n" + indent)
	}
	b.WriteByte('}')
}

func colon(step string) string {
	if step != "" {
		return ": "
	}
	return ":"
}

// pyFloat formats f as Python's json.dumps does: repr for finite values,
// NaN and Infinity otherwise.
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return pyrepr.Float(f)
}
