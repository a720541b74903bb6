// Package ci holds the seed guide's GitHub Actions workflow with gust in
// place of Locust (load-test.yml), the locustfile it runs and the guide's
// threshold script. The test runs the workflow's own commands — not GitHub —
// against the demo shop.
package ci

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gust-load/gust/examples/shop/shopserver"
)

// step is one `run:` step of the workflow.
type step struct {
	name string
	run  string
}

// runSteps extracts the run steps of a GitHub Actions workflow (the subset
// of YAML the workflow uses: "- name:" items with "run: cmd" or "run: |"
// blocks).
func runSteps(t *testing.T, path string) []step {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var steps []step
	var cur *step
	block, blockIndent := false, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " "))
		if block {
			if trimmed == "" || indent >= blockIndent {
				if blockIndent == 0 {
					blockIndent = indent
				}
				if indent >= blockIndent {
					cur.run += strings.TrimPrefix(line, strings.Repeat(" ", blockIndent)) + "\n"
					continue
				}
			}
			block = false
		}
		if name, ok := strings.CutPrefix(trimmed, "- name: "); ok {
			steps = append(steps, step{name: name})
			cur = &steps[len(steps)-1]
			continue
		}
		if cmd, ok := strings.CutPrefix(trimmed, "run: "); ok && cur != nil {
			if cmd == "|" {
				block, blockIndent = true, 0
				continue
			}
			cur.run = cmd + "\n"
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return steps
}

func TestWorkflowCommandsAgainstDemoShop(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3 is required in CI (.ci/run installs it)")
		}
		t.Skip("python3 not installed: the workflow's threshold step cannot run")
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "gust"), "github.com/gust-load/gust/cmd/gust")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build gust: %v\n%s", err, out)
	}
	if err := os.Symlink(py, filepath.Join(bin, "python")); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	url, stop, err := shopserver.Start(ctx, "127.0.0.1:0", shopserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	// The repository the workflow checks out: locustfile.py and
	// scripts/check_thresholds.py.
	work := t.TempDir()
	for _, f := range []string{"locustfile.py", "scripts/check_thresholds.py"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(work, filepath.Dir(f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(work, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	steps := runSteps(t, "load-test.yml")
	ran := map[string]bool{}
	for _, s := range steps {
		if s.run == "" {
			continue // uses: actions
		}
		cmd := s.run
		if strings.HasPrefix(cmd, "go install ") {
			continue // the binary built above stands in for the install step
		}
		// Bound the load: a few seconds, not three minutes, and the demo
		// shop as the target.
		cmd = strings.ReplaceAll(cmd, "${{ secrets.PERF_TARGET_URL }}", url)
		cmd = strings.ReplaceAll(cmd, "--run-time 3m", "--run-time 5s")
		c := exec.Command("bash", "-euo", "pipefail", "-c", cmd)
		c.Dir = work
		c.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("step %q failed: %v\n%s", s.name, err, out)
		}
		ran[s.name] = true
		if s.name == "Check thresholds" && !strings.Contains(string(out), "PASS: all thresholds met") {
			t.Errorf("threshold step output:\n%s", out)
		}
	}
	for _, want := range []string{"Run gust headless", "Check thresholds"} {
		if !ran[want] {
			t.Errorf("the workflow has no %q step that ran", want)
		}
	}
	for _, suffix := range []string{"_stats.csv", "_stats_history.csv", "_failures.csv", "_exceptions.csv"} {
		if _, err := os.Stat(filepath.Join(work, "results", "locust_report"+suffix)); err != nil {
			t.Errorf("artifact missing: %v", err)
		}
	}
}
