package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/runner"
)

// requestsBody is the part of /stats/requests the live tests read.
type requestsBody struct {
	Stats []struct {
		Method      string `json:"method"`
		Name        string `json:"name"`
		NumRequests int64  `json:"num_requests"`
		NumFailures int64  `json:"num_failures"`
	} `json:"stats"`
	Errors    []map[string]any `json:"errors"`
	State     string           `json:"state"`
	UserCount int              `json:"user_count"`
}

func (r requestsBody) total() int64 {
	if len(r.Stats) == 0 {
		return 0
	}
	return r.Stats[len(r.Stats)-1].NumRequests
}

// freshRequests reads /stats/requests past its one-second cache.
func freshRequests(t *testing.T, ts *testServer) requestsBody {
	t.Helper()
	ts.cache.invalidate()
	var r requestsBody
	ts.getJSON(t, "/stats/requests", &r)
	return r
}

// TestLiveRun drives a real runner whose users GET the demo shop: start,
// statistics, exceptions, task ratios, logs, re-targeting, stop, CSV
// against JSON, reset. Load is bounded: at most 4 users, each waiting
// 50 ms between tasks, for a few seconds.
func TestLiveRun(t *testing.T) {
	b := newRunBackend(t, 50*time.Millisecond, 100*time.Millisecond)
	opts := Options{Locustfile: "locustfile.py", Version: "test", UserClasses: []string{"ShopUser", "AdminUser"},
		StatsInterval: 100 * time.Millisecond}
	ts := startServer(t, b, opts)
	conn := dialWS(t, ts, nil, nil)
	readWS(t, conn) // hello
	readWS(t, conn) // history

	got := ts.swarm(t, url.Values{"user_count": {"2"}, "spawn_rate": {"20"}})
	if got["success"] != true {
		t.Fatalf("swarm: %v", got)
	}
	readUntil(t, conn, "state", func(d json.RawMessage) bool { return strings.Contains(string(d), `"running"`) })
	waitFor(t, "requests, failures and an exception", func() bool {
		r := freshRequests(t, ts)
		var exc struct{ Exceptions []any }
		ts.getJSON(t, "/exceptions", &exc)
		return r.total() > 20 && len(r.Errors) > 0 && len(exc.Exceptions) > 0
	})

	var live map[string]any
	ts.cache.invalidate()
	ts.getJSON(t, "/stats/requests", &live)
	checkRequestsShape(t, "live /stats/requests", live, nil)
	if live["state"] != "running" || live["user_count"] != float64(2) {
		t.Errorf("state %v with %v users, want running with 2", live["state"], live["user_count"])
	}
	body := ts.getJSON(t, "/tasks", nil)
	if !bytes.Contains(body, []byte(`"ShopUser":{"ratio":0.5,"tasks":{"browse":{"ratio":0.6},"product":{"ratio":0.2},"missing":{"ratio":0.2}}}`)) {
		t.Errorf("task ratios for one user of each class: %s", body)
	}
	var lg logsJSON
	ts.getJSON(t, "/logs", &lg)
	if !strings.Contains(strings.Join(lg.Master, "\n"), "Ramping to 2 users at a rate of 20.00 per second") {
		t.Errorf("logs lack the ramp line: %q", lg.Master)
	}

	// Re-target: more users, same test (the statistics keep counting).
	before := freshRequests(t, ts).total()
	if got := ts.swarm(t, url.Values{"user_count": {"4"}, "spawn_rate": {"20"}}); got["success"] != true {
		t.Fatalf("re-target: %v", got)
	}
	waitFor(t, "4 users", func() bool { return b.UserCount() == 4 && b.State() == runner.StateRunning })
	if after := freshRequests(t, ts).total(); after < before {
		t.Errorf("re-targeting reset the statistics: %d requests, then %d", before, after)
	}
	if sw := b.swarms(); len(sw) != 2 || sw[1].Users != 4 {
		t.Errorf("swarm requests %+v", sw)
	}

	// Stop, then the CSV and the JSON agree row by row.
	var stop map[string]any
	ts.getJSON(t, "/stop", &stop)
	if b.State() != runner.StateStopped || b.UserCount() != 0 {
		t.Fatalf("after /stop: %s with %d users", b.State(), b.UserCount())
	}
	readUntil(t, conn, "state", func(d json.RawMessage) bool { return strings.Contains(string(d), `"stopped"`) })
	r := freshRequests(t, ts)
	status, _, csvBody := ts.do(t, http.MethodGet, "/stats/requests/csv", nil)
	if status != http.StatusOK {
		t.Fatalf("CSV: %d", status)
	}
	rows, err := csv.NewReader(bytes.NewReader(csvBody)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(r.Stats)+1 {
		t.Fatalf("CSV has %d rows, JSON %d entries", len(rows)-1, len(r.Stats))
	}
	for i, e := range r.Stats {
		row := rows[i+1]
		if row[0] != e.Method || row[1] != e.Name || row[2] != strconv.FormatInt(e.NumRequests, 10) || row[3] != strconv.FormatInt(e.NumFailures, 10) {
			t.Errorf("CSV row %v, JSON %+v", row[:4], e)
		}
	}

	// The report of the stopped test has the ratios it ran with.
	status, _, html := ts.do(t, http.MethodGet, "/stats/report", nil)
	if status != http.StatusOK || !bytes.Contains(html, []byte("/products/[id]")) || !bytes.Contains(html, []byte("%</span> ShopUser")) {
		t.Errorf("report: %d, %d bytes", status, len(html))
	}

	ts.do(t, http.MethodGet, "/stats/reset", nil)
	if n := freshRequests(t, ts).total(); n != 0 {
		t.Errorf("after reset: %d requests", n)
	}
	if len(b.History()) != 0 {
		t.Error("reset left the chart history")
	}
}

// TestLiveRunTime starts a test with a run time from the form: the server
// stops it (the state becomes stopped; the runner does not quit).
func TestLiveRunTime(t *testing.T) {
	b := newRunBackend(t, 100*time.Millisecond, time.Second)
	ts := startServer(t, b, Options{Locustfile: "locustfile.py", UserClasses: []string{"ShopUser", "AdminUser"}})
	got := ts.swarm(t, url.Values{"user_count": {"1"}, "spawn_rate": {"10"}, "run_time": {"1s"}})
	if got["success"] != true || got["run_time"] != float64(1) {
		t.Fatalf("swarm: %v", got)
	}
	waitFor(t, "the run time to stop the test", func() bool { return b.State() == runner.StateStopped })
	select {
	case <-b.r.Done():
		t.Error("the run time quit the runner; the web UI's run time only stops")
	default:
	}
	// A new test can start after it.
	if got := ts.swarm(t, url.Values{"user_count": {"1"}, "spawn_rate": {"10"}}); got["success"] != true {
		t.Fatalf("second swarm: %v", got)
	}
	waitFor(t, "the second test", func() bool { return b.State() == runner.StateRunning })
}
