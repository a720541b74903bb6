package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/gust-load/gust/runtime/clock"
)

// jsonEntry is one entry of --json's output, with every key Locust writes.
type jsonEntry struct {
	Name                 string           `json:"name"`
	Method               string           `json:"method"`
	LastRequestTimestamp *float64         `json:"last_request_timestamp"`
	StartTime            float64          `json:"start_time"`
	NumRequests          int64            `json:"num_requests"`
	NumNoneRequests      int64            `json:"num_none_requests"`
	NumFailures          int64            `json:"num_failures"`
	TotalResponseTime    float64          `json:"total_response_time"`
	MaxResponseTime      float64          `json:"max_response_time"`
	MinResponseTime      *float64         `json:"min_response_time"`
	TotalContentLength   int64            `json:"total_content_length"`
	ResponseTimes        map[string]int64 `json:"response_times"`
	NumReqsPerSec        map[string]int64 `json:"num_reqs_per_sec"`
	NumFailPerSec        map[string]int64 `json:"num_fail_per_sec"`
}

// readJSONEntries parses --json output, insisting on Locust's exact keys.
func readJSONEntries(t *testing.T, data string) []jsonEntry {
	t.Helper()
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(data), &raw); err != nil {
		t.Fatalf("not a JSON list: %v\n%s", err, data)
	}
	want := []string{"last_request_timestamp", "max_response_time", "method", "min_response_time", "name",
		"num_fail_per_sec", "num_failures", "num_none_requests", "num_reqs_per_sec", "num_requests",
		"response_times", "start_time", "total_content_length", "total_response_time"}
	for _, m := range raw {
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, want) {
			t.Fatalf("entry keys %v, want Locust's %v", keys, want)
		}
	}
	var out []jsonEntry
	if err := json.Unmarshal([]byte(data), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func sumValues(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

// TestJSONOutput: --json prints the final per-entry statistics to stdout,
// agreeing with the stats CSV and with themselves (per-second counts and
// response-time buckets add up to the request counts); with
// --skip-log-setup nothing else is printed, as Locust's help promises.
// --json-file writes NAME.json and, as in Locust, no summary tables.
func TestJSONOutput(t *testing.T) {
	tg := newTarget(t)
	src := "from locust import HttpUser, task, constant\n\nclass U(HttpUser):\n    wait_time = constant(0.5)\n\n" +
		"    @task(3)\n    def ok(self):\n        self.client.get('/products')\n\n" +
		"    @task\n    def missing(self):\n        self.client.get('/no-such-page', name='missing')\n"
	common := []string{"--host", tg.URL, "--headless", "-u", "3", "-r", "10", "-t", "20s", "--csv", "out/run", "--exit-code-on-error", "0"}

	t.Run("--json --skip-log-setup", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		writeFile(t, dir, "locustfile.py", src)
		// The real clock: the HTTP client dates requests by it, so the
		// per-second counts span the run only on it.
		r := runGust(t, dir, clock.Real{}, append(common, "-t", "4s", "--json", "--skip-log-setup")...)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		if r.stderr != "" {
			t.Errorf("with --skip-log-setup, stderr should be empty:\n%s", r.stderr)
		}
		entries := readJSONEntries(t, r.stdout)
		rows := statsRows(t, dir, "out/run")
		if len(entries) != 2 {
			t.Fatalf("%d entries, want GET /products and GET missing: %+v", len(entries), entries)
		}
		for _, e := range entries {
			row := rows[e.Method+" "+e.Name]
			if row == nil {
				t.Fatalf("entry %s %s is not in the stats CSV", e.Method, e.Name)
			}
			if strconv.FormatInt(e.NumRequests, 10) != row[2] || strconv.FormatInt(e.NumFailures, 10) != row[3] {
				t.Errorf("%s: JSON %d requests/%d failures, CSV %s/%s", e.Name, e.NumRequests, e.NumFailures, row[2], row[3])
			}
			if sumValues(e.NumReqsPerSec) != e.NumRequests || sumValues(e.NumFailPerSec) != e.NumFailures {
				t.Errorf("%s: per-second counts add up to %d/%d, want %d/%d", e.Name,
					sumValues(e.NumReqsPerSec), sumValues(e.NumFailPerSec), e.NumRequests, e.NumFailures)
			}
			if sumValues(e.ResponseTimes) != e.NumRequests-e.NumNoneRequests {
				t.Errorf("%s: response_times count %d, want %d", e.Name, sumValues(e.ResponseTimes), e.NumRequests)
			}
			if e.MinResponseTime == nil || *e.MinResponseTime > e.MaxResponseTime || e.LastRequestTimestamp == nil || *e.LastRequestTimestamp < e.StartTime {
				t.Errorf("%s: min/max/timestamps inconsistent: %+v", e.Name, e)
			}
			if len(e.NumReqsPerSec) < 3 && e.Name == "/products" {
				t.Errorf("%s: only %d seconds with requests in a 4-s run", e.Name, len(e.NumReqsPerSec))
			}
		}
		if missing := rows["GET missing"]; missing == nil || missing[2] != missing[3] || missing[2] == "0" {
			t.Errorf("every 'missing' request should fail: %v", missing)
		}
	})

	t.Run("--json-file", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		writeFile(t, dir, "locustfile.py", src)
		r := runGust(t, dir, clock.NewScaled(20), append(common, "--json-file", "out/final")...)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		data, err := os.ReadFile(filepath.Join(dir, "out", "final.json"))
		if err != nil {
			t.Fatal(err)
		}
		if n := len(readJSONEntries(t, string(data))); n != 2 {
			t.Errorf("%d entries in final.json", n)
		}
		if strings.Contains(r.stdout, "num_requests") {
			t.Error("--json-file alone printed the JSON to stdout")
		}
		if strings.Contains(r.stderr, "Response time percentiles") || !strings.Contains(r.stderr, "Shutting down (exit code 0)") {
			t.Errorf("with --json-file Locust logs as usual but prints no summary tables:\n%s", r.stderr)
		}
	})

	t.Run("--json", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		writeFile(t, dir, "locustfile.py", src)
		r := runGust(t, dir, clock.NewScaled(20), append(common, "--json", "--only-summary")...)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		readJSONEntries(t, r.stdout)
		if !strings.Contains(r.stderr, "Response time percentiles (approximated)") {
			t.Errorf("--json alone keeps the summary tables on stderr:\n%s", r.stderr)
		}
	})
}
