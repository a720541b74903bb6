package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/stats"
)

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestCSVWriter(t *testing.T) {
	t.Parallel()
	prefix := filepath.Join(t.TempDir(), "results", "nested", "run")
	r := newRun()
	initial := r.snapshotAt(0)
	w, err := OpenCSV(prefix, false, initial)
	if err != nil {
		t.Fatal(err)
	}
	var history bytes.Buffer
	_ = WriteHistoryHeader(&history)
	_ = WriteHistoryRows(&history, initial, 0, false)

	r.traffic()
	busy := r.snapshotAt(15 * time.Second)
	if err := w.Tick(busy, 10); err != nil {
		t.Fatal(err)
	}
	_ = WriteHistoryRows(&history, busy, 10, false)
	if got, want := readFile(t, prefix+"_failures.csv"), string(render(t, func(b *bytes.Buffer) error { return WriteFailuresCSV(b, busy) })); got != want {
		t.Errorf("failures after a tick:\n%s\nwant\n%s", got, want)
	}

	// A reset shortens the rewritten files: the old rows must not remain.
	r.s.Reset()
	r.s.ResetExceptions()
	r.req(16*time.Second, "GET", "/", 3*time.Millisecond, 10, "")
	final := r.snapshotAt(17 * time.Second)
	if err := w.Close(final, 4); err != nil {
		t.Fatal(err)
	}
	_ = WriteHistoryRows(&history, final, 4, false)

	checks := map[string]func(*bytes.Buffer) error{
		"_stats.csv":      func(b *bytes.Buffer) error { return WriteRequestsCSV(b, final) },
		"_failures.csv":   func(b *bytes.Buffer) error { return WriteFailuresCSV(b, final) },
		"_exceptions.csv": func(b *bytes.Buffer) error { return WriteExceptionsCSV(b, final) },
	}
	for suffix, f := range checks {
		if got, want := readFile(t, prefix+suffix), string(render(t, f)); got != want {
			t.Errorf("%s after Close:\n%s\nwant\n%s", suffix, got, want)
		}
	}
	if got := readFile(t, w.HistoryFile()); got != history.String() {
		t.Errorf("history:\n%s\nwant\n%s", got, history.String())
	}
	if got := readFile(t, prefix+"_failures.csv"); got != failuresHeader {
		t.Errorf("failures after reset = %q, want the header only", got)
	}
	if err := w.Close(final, 4); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if err := w.Tick(final, 4); err == nil {
		t.Error("Tick after Close succeeded")
	}
}

func TestCSVWriterHeadersOnly(t *testing.T) {
	t.Parallel()
	prefix := filepath.Join(t.TempDir(), "x")
	w, err := OpenCSV(prefix, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(nil, 0); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, prefix+"_stats_history.csv"); got != historyHeader {
		t.Errorf("history = %q", got)
	}
}

func TestCSVWriterErrorsNameTheFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	// A path below a regular file cannot be created.
	_, err := OpenCSV(filepath.Join(blocker, "sub", "run"), false, nil)
	if err == nil || !strings.Contains(err.Error(), "CSV") {
		t.Fatalf("err = %v", err)
	}
	// The directory exists but the stats file cannot be created.
	if err := os.Mkdir(filepath.Join(dir, "run_stats.csv"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = OpenCSV(filepath.Join(dir, "run"), false, nil)
	if err == nil || !strings.Contains(err.Error(), "run_stats.csv") {
		t.Fatalf("err = %v, want it to name run_stats.csv", err)
	}
}

// A snapshot not made by runtime/stats is an error, not a panic.
func TestRenderersRejectEmptySnapshot(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	for name, err := range map[string]error{
		"requests":    WriteRequestsCSV(&b, nil),
		"failures":    WriteFailuresCSV(&b, &stats.Snapshot{}),
		"exceptions":  WriteExceptionsCSV(&b, &stats.Snapshot{}),
		"history":     WriteHistoryRows(&b, &stats.Snapshot{}, 0, true),
		"table":       WriteRequestTable(&b, &stats.Snapshot{}, 80, TotalRates),
		"percentiles": WritePercentileTable(&b, nil, 80),
		"errors":      WriteErrorReport(&b, nil, 80),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if b.Len() != 0 {
		t.Errorf("wrote %q", b.String())
	}
}
