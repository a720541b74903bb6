package report

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/stats"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n--- got ---\n%s\n--- want ---\n%s", name, got, want)
	}
}

// start is the run's start: 2026-01-02 03:04:05 UTC, Unix 1767323045.
var start = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// run is a deterministic test run: recorded requests at fixed offsets
// from start with fixed response times, a fake clock for snapshots.
type run struct {
	c *clock.Fake
	s *stats.Stats
}

func newRun() *run {
	c := clock.NewFake(start)
	return &run{c: c, s: stats.New(c)}
}

// req records a request that finished off after the start.
func (r *run) req(off time.Duration, method, name string, rt time.Duration, length int64, err string) {
	r.s.Record(request(off, method, name, rt, length, err))
}

func request(off time.Duration, method, name string, rt time.Duration, length int64, err string) *stats.Request {
	return &stats.Request{
		Method: method, Name: name, ResponseTime: rt, ResponseLength: length, Error: err,
		StartTime: start.Add(off - max(rt, 0)),
	}
}

// snapshotAt advances the clock to start+off and takes a snapshot.
func (r *run) snapshotAt(off time.Duration) *stats.Snapshot {
	if d := start.Add(off).Sub(r.c.Now()); d > 0 {
		r.c.Advance(d)
	}
	return r.s.Snapshot()
}

const longName = "/a/very/long/path/that/does/not/fit/into/the/name/column/of/the/console/table?x=1&y=2"

// traffic records about 14 seconds of the kinds of rows Locust prints:
// fast and slow entries, failures of several kinds, untimed requests, a
// long name, CSV-hostile names and errors, and task exceptions.
func (r *run) traffic() {
	var reqs []*stats.Request
	req := func(off time.Duration, method, name string, rt time.Duration, length int64, err string) {
		reqs = append(reqs, request(off, method, name, rt, length, err))
	}
	ms := time.Millisecond
	for i := 0; i < 40; i++ { // GET /: 1.2 … 2.6 ms, 33 bytes
		req(time.Duration(i)*350*ms, "GET", "/", 1200*time.Microsecond+time.Duration(i)*35*time.Microsecond+time.Duration(i%7)*123, 33, "")
	}
	for i := 0; i < 13; i++ { // POST /: every one fails by catch_response
		req(time.Duration(i)*1000*ms+500*ms, "POST", "/", time.Duration(1000+i*77)*time.Microsecond, 0, "CatchResponseError('custom failure msg')")
	}
	for i := 0; i < 20; i++ { // a slow named entry
		req(time.Duration(i)*700*ms+100*ms, "GET", "/slow-named", 153*ms+time.Duration(i*5)*ms+time.Duration(i)*4567, 1024, "")
	}
	for i := 0; i < 4; i++ {
		req(time.Duration(i)*3*time.Second, "GET", "/missing?id=1", 900*time.Microsecond, 179,
			"HTTPError('404 Client Error: Not Found for url: /missing?id=1')")
	}
	req(5*time.Second, "GET", "/refused", 2*ms, 0, "ConnectionRefusedError(111, 'Connection refused')")
	req(6*time.Second, "PUT", `/quote"and,comma`, 188875241, 5, `Weird("x", 'y')`)
	req(7*time.Second, "custom", "ws:message", -1, 12, "")
	req(7*time.Second+500*ms, "custom", "ws:message", -1, 14, "")
	req(8*time.Second, "GET", longName, 12*ms, 1, "")
	// A run records requests as they finish.
	sort.SliceStable(reqs, func(i, j int) bool {
		return reqs[i].StartTime.Add(max(reqs[i].ResponseTime, 0)).Before(reqs[j].StartTime.Add(max(reqs[j].ResponseTime, 0)))
	})
	for _, q := range reqs {
		r.s.Record(q)
	}
	r.c.Advance(2 * time.Second)
	r.s.RecordException(stats.LocalNode, "division by zero",
		"  File \"locustfile.py\", line 12, in my_task\n    1 / 0\n")
	r.c.Advance(time.Second)
	r.s.RecordException(stats.LocalNode, "list index out of range",
		"  File \"locustfile.py\", line 20, in other, task\n    x[3]\n")
	r.s.RecordException(stats.LocalNode, "division by zero (again)",
		"  File \"locustfile.py\", line 12, in my_task\n    1 / 0\n")
}

func render(t *testing.T, f func(*bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := f(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestConsoleTables(t *testing.T) {
	t.Parallel()
	r := newRun()
	empty := r.snapshotAt(0)
	golden(t, "console_start.golden", render(t, func(b *bytes.Buffer) error {
		return WriteRequestTable(b, empty, DefaultNameWidth, CurrentRates)
	}))
	r.traffic()
	snap := r.snapshotAt(15 * time.Second)
	golden(t, "console_current.golden", render(t, func(b *bytes.Buffer) error {
		return WriteRequestTable(b, snap, DefaultNameWidth, CurrentRates)
	}))
	golden(t, "console_final.golden", render(t, func(b *bytes.Buffer) error {
		for _, f := range []func() error{
			func() error { return WriteRequestTable(b, snap, DefaultNameWidth, TotalRates) },
			func() error { return WritePercentileTable(b, snap, DefaultNameWidth) },
			func() error { return WriteErrorReport(b, snap, DefaultNameWidth) },
		} {
			if err := f(); err != nil {
				return err
			}
		}
		return nil
	}))
	// A terminal of 100 columns: STATS_NAME_WIDTH 20, name column 16.
	golden(t, "console_narrow.golden", render(t, func(b *bytes.Buffer) error {
		if err := WriteRequestTable(b, snap, NameWidth(100, true), TotalRates); err != nil {
			return err
		}
		return WritePercentileTable(b, snap, NameWidth(100, true))
	}))
	// A terminal narrower than 80 columns: STATS_NAME_WIDTH 0, and Locust's
	// name column width −4 formats as "%--4s".
	golden(t, "console_tiny.golden", render(t, func(b *bytes.Buffer) error {
		if err := WriteRequestTable(b, snap, NameWidth(60, true), CurrentRates); err != nil {
			return err
		}
		return WriteErrorReport(b, snap, NameWidth(60, true))
	}))
	if got := render(t, func(b *bytes.Buffer) error { return WriteErrorReport(b, empty, DefaultNameWidth) }); len(got) != 0 {
		t.Errorf("error report without errors printed %q", got)
	}
}

func TestCSVFiles(t *testing.T) {
	t.Parallel()
	r := newRun()
	empty := r.snapshotAt(0)
	golden(t, "start_stats.csv", render(t, func(b *bytes.Buffer) error { return WriteRequestsCSV(b, empty) }))
	golden(t, "start_stats_history.csv", render(t, func(b *bytes.Buffer) error {
		if err := WriteHistoryHeader(b); err != nil {
			return err
		}
		return WriteHistoryRows(b, empty, 0, false)
	}))
	r.traffic()
	snap := r.snapshotAt(15 * time.Second)
	golden(t, "stats.csv", render(t, func(b *bytes.Buffer) error { return WriteRequestsCSV(b, snap) }))
	golden(t, "failures.csv", render(t, func(b *bytes.Buffer) error { return WriteFailuresCSV(b, snap) }))
	golden(t, "exceptions.csv", render(t, func(b *bytes.Buffer) error { return WriteExceptionsCSV(b, snap) }))
	golden(t, "stats_history.csv", render(t, func(b *bytes.Buffer) error { return WriteHistoryRows(b, snap, 7, false) }))
	late := r.snapshotAt(22 * time.Second) // the window holds only the last request
	golden(t, "stats_history_full.csv", render(t, func(b *bytes.Buffer) error {
		if err := WriteHistoryRows(b, snap, 7, true); err != nil {
			return err
		}
		return WriteHistoryRows(b, late, 3, true)
	}))
}

// After a reset, entries stay as zero rows with N/A percentiles.
func TestCSVAfterReset(t *testing.T) {
	t.Parallel()
	r := newRun()
	r.traffic()
	r.snapshotAt(15 * time.Second)
	r.s.Reset()
	r.req(15*time.Second+time.Millisecond, "GET", "/", 5*time.Millisecond, 10, "")
	snap := r.snapshotAt(16 * time.Second)
	golden(t, "reset_stats.csv", render(t, func(b *bytes.Buffer) error { return WriteRequestsCSV(b, snap) }))
}

// TestJSON: --json's output for the test traffic, and Python's json module
// reads it back and writes it out again byte for byte (where python3 is
// installed), so layout, escaping and float digits are json.dumps(indent=4)'s.
func TestJSON(t *testing.T) {
	r := newRun()
	r.s.KeepRunSeconds()
	r.req(0, "GET", "/ünïcode/\U0001F600\t\"q\"", 3*time.Millisecond, 7, "")
	r.traffic()
	r.c.Advance(time.Second)
	got := render(t, func(b *bytes.Buffer) error { return WriteJSON(b, r.s.SnapshotWithRunSeconds()) })
	golden(t, "stats.json", got)
	empty := render(t, func(b *bytes.Buffer) error { return WriteJSON(b, newRun().s.Snapshot()) })
	if string(empty) != "[]\n" {
		t.Errorf("no entries: %q, want \"[]\\n\"", empty)
	}

	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed: the golden file is not re-checked against Python's json module")
	}
	cmd := exec.Command(python, "-c", "import json, sys; sys.stdout.write(json.dumps(json.load(sys.stdin), indent=4) + '\\n')")
	cmd.Stdin = bytes.NewReader(got)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3 could not read the JSON: %v", err)
	}
	if !bytes.Equal(out, got) {
		t.Errorf("Python's json.dumps(indent=4) writes it differently:\n%s", out)
	}
}
