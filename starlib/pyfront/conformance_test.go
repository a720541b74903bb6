package pyfront

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
)

// conformanceDir holds one Python script per feature, each with the output
// CPython prints for it (see its README).
const conformanceDir = "../../testdata/conformance"

// TestConformance runs every script through the loader and compares what it
// prints with what CPython printed.
func TestConformance(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(conformanceDir, "*.py"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no conformance scripts found")
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".py")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			want, err := os.ReadFile(strings.TrimSuffix(f, ".py") + ".out")
			if err != nil {
				t.Fatalf("missing expected output: %v", err)
			}
			got, runErr := runScript(t, f)
			if runErr != nil {
				wantErr, _ := os.ReadFile(strings.TrimSuffix(f, ".py") + ".err")
				var ie *InitError
				if len(wantErr) == 0 || !errors.As(runErr, &ie) || !strings.Contains(ie.Err.Format(), strings.TrimSpace(string(wantErr))) {
					t.Fatalf("run failed: %v\noutput so far:\n%s", detail(runErr), got)
				}
			}
			if got != string(want) {
				t.Errorf("output differs from CPython's\n--- gust\n%s\n--- python3\n%s", got, want)
			}
		})
	}
}

func detail(err error) string {
	var le *LoadError
	if errors.As(err, &le) {
		return le.Detail()
	}
	var list ErrorList
	if errors.As(err, &list) {
		var b strings.Builder
		for _, e := range list {
			b.WriteString(e.Detail())
		}
		return b.String()
	}
	return err.Error()
}

// runScript loads a script as a locustfile with a buffer for stdout.
func runScript(t *testing.T, path string) (string, error) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	env := &modules.Env{Stdout: &out, Getenv: func(string) (string, bool) { return "", false }}
	_, err = Load(Options{Filename: abs, Registry: testRegistry(), Env: env, ModuleName: "__conformance__"})
	return out.String(), err
}
