package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/report"
	"github.com/gust-load/gust/runtime/runner"
)

// The JSON shapes of Locust 2.46, read from locust/web.py and
// locust/stats.py (StatsEntry.to_dict, StatsError.serialize, the
// request_stats, exceptions, swarm, stop, logs and worker-count routes):
// key → JSON type. gust adds "response_time_percentile_0.9" to each
// statistics row; a local run has no "workers" or "worker_count".

func locustEntryShape() map[string]string {
	return map[string]string{
		"method": "string", "name": "string", "num_requests": "number", "num_failures": "number",
		"min_response_time": "number", "max_response_time": "number", "current_rps": "number",
		"current_fail_per_sec": "number", "avg_response_time": "number", "median_response_time": "number",
		"total_rps": "number", "total_fail_per_sec": "number",
		"response_time_percentile_0.95": "number", "response_time_percentile_0.99": "number",
		"avg_content_length":           "number",
		"response_time_percentile_0.9": "number", // gust
	}
}

func locustErrorShape() map[string]string {
	return map[string]string{"method": "string", "name": "string", "error": "string", "occurrences": "number",
		"first_seen": "number|null", "last_seen": "number|null"}
}

func locustRequestsShape() map[string]string {
	return map[string]string{
		"stats": "array", "errors": "array", "current_rps": "number", "current_fail_per_sec": "number",
		"total_rps": "number", "total_fail_per_sec": "number", "fail_ratio": "number",
		"current_response_time_percentiles": "object", "state": "string", "user_count": "number",
	}
}

func locustCurrentPercentilesShape() map[string]string {
	return map[string]string{"response_time_percentile_0.5": "number|null", "response_time_percentile_0.95": "number|null"}
}

// checkRequestsShape checks a /stats/requests body (or a websocket stats
// message's data) against Locust's shape.
func checkRequestsShape(t *testing.T, where string, r map[string]any, extra map[string]string) {
	t.Helper()
	want := locustRequestsShape()
	for k, v := range extra {
		want[k] = v
	}
	checkObject(t, where, r, want)
	rows, _ := r["stats"].([]any)
	if len(rows) == 0 {
		t.Fatalf("%s: no stats rows", where)
	}
	for i, row := range rows {
		checkObject(t, where+".stats[]", row.(map[string]any), locustEntryShape())
		if i == len(rows)-1 {
			last := row.(map[string]any)
			if last["name"] != "Aggregated" || last["method"] != "" {
				t.Errorf("%s: last row is %v %v, want the Aggregated row with method \"\"", where, last["method"], last["name"])
			}
		}
	}
	for _, e := range r["errors"].([]any) {
		checkObject(t, where+".errors[]", e.(map[string]any), locustErrorShape())
	}
	if cp, ok := r["current_response_time_percentiles"].(map[string]any); ok {
		checkObject(t, where+".current_response_time_percentiles", cp, locustCurrentPercentilesShape())
	}
}

func fakeOptions() Options {
	return Options{
		Locustfile: "locustfile.py", Version: "1.2.3", TargetHost: "http://shop.test",
		Users: 10, SpawnRate: 2, RunTime: 90 * time.Second, Tags: []string{"checkout"},
		UserClasses: []string{"WebsiteUser", "ApiUser"},
		ExtraOptions: []ExtraOption{
			{Name: "my_arg", Default: int64(1), HelpText: "a number"},
			{Name: "api_key", Default: nil, IsSecret: true, IsRequired: true},
			{Name: "mode", Default: "a", Choices: []string{"a", "b"}},
			{Name: "verbose", Default: false},
		},
	}
}

func TestGoldenJSON(t *testing.T) {
	b := newFakeBackend()
	ts := startServer(t, b, fakeOptions())

	var req map[string]any
	golden(t, "requests.json", ts.getJSON(t, "/stats/requests", &req))
	checkRequestsShape(t, "/stats/requests", req, nil)

	tests := []struct {
		path, file string
		shape      map[string]string
	}{
		{"/exceptions", "exceptions.json", map[string]string{"exceptions": "array"}},
		{"/tasks", "tasks.json", map[string]string{"per_class": "object", "total": "object"}},
		{"/logs", "logs.json", map[string]string{"master": "array", "workers": "object"}},
		{"/worker-count", "worker-count.json", map[string]string{"worker_count": "number"}},
		{"/ui-config", "ui-config.json", map[string]string{
			"version": "string", "locustfile": "string", "host": "string", "num_users": "number|null",
			"spawn_rate": "number|null", "run_time": "number|string|null", "state": "string", "class_picker": "boolean",
			"user_classes": "array", "tags": "array", "hide_common_options": "boolean", "is_shape": "boolean",
			"percentiles_to_chart": "array", "extra_options": "object", "profile": "string|null",
		}},
	}
	for _, tc := range tests {
		var obj map[string]any
		golden(t, tc.file, ts.getJSON(t, tc.path, &obj))
		checkObject(t, tc.path, obj, tc.shape)
	}

	var exc struct{ Exceptions []map[string]any }
	ts.getJSON(t, "/exceptions", &exc)
	if len(exc.Exceptions) != 2 {
		t.Fatalf("exceptions: %d rows, want 2", len(exc.Exceptions))
	}
	for _, e := range exc.Exceptions {
		checkObject(t, "/exceptions[]", e, map[string]string{"count": "number", "msg": "string", "traceback": "string", "nodes": "string"})
	}
}

func TestRequestsTruncation(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	b.snap = syntheticStats(700, 2)
	ts := startServer(t, b, fakeOptions())
	var r struct {
		Stats  []map[string]any `json:"stats"`
		Errors []map[string]any `json:"errors"`
	}
	body := ts.getJSON(t, "/stats/requests", &r)
	if len(r.Stats) != MaxRows+1 || r.Stats[MaxRows]["name"] != "Aggregated" {
		t.Errorf("stats: %d rows (last %v), want %d entries then Aggregated", len(r.Stats), r.Stats[len(r.Stats)-1]["name"], MaxRows)
	}
	if len(r.Errors) != MaxRows {
		t.Errorf("errors: %d rows, want %d", len(r.Errors), MaxRows)
	}
	// 500 rows of about 600 bytes and 500 errors of about 200: the body
	// stays well under half a megabyte however many names the run has.
	if len(body) > 512<<10 {
		t.Errorf("body is %d bytes", len(body))
	}
	if r.Stats[0]["name"] != "/" || r.Stats[1]["name"] != "/item/0001" {
		t.Errorf("rows are not in Locust's (name, method) order: %v, %v", r.Stats[0]["name"], r.Stats[1]["name"])
	}
}

func TestSwarmValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		opts    func(*Options)
		form    url.Values
		want    map[string]any // expected fields of the answer
		started bool
		check   func(t *testing.T, req SwarmRequest)
	}{
		{
			name: "missing spawn_rate",
			form: url.Values{"user_count": {"5"}},
			want: map[string]any{"success": false, "message": "Missing user_count or spawn_rate from /swarm request", "host": "http://shop.test"},
		},
		{
			name: "missing user_count",
			form: url.Values{"spawn_rate": {"5"}},
			want: map[string]any{"success": false, "message": "Missing user_count or spawn_rate from /swarm request"},
		},
		{
			name: "zero spawn rate counts as missing",
			form: url.Values{"user_count": {"5"}, "spawn_rate": {"0"}},
			want: map[string]any{"success": false, "message": "Missing user_count or spawn_rate from /swarm request"},
		},
		{
			name: "bad run time",
			form: url.Values{"user_count": {"5"}, "spawn_rate": {"1"}, "run_time": {"5 minutes"}},
			want: map[string]any{"success": false, "message": "Valid run_time formats are : 20, 20s, 3m, 2h, 1h20m, 3h30m10s, etc."},
		},
		{
			name: "bad user count",
			form: url.Values{"user_count": {"ten"}, "spawn_rate": {"1"}},
			want: map[string]any{"success": false, "message": `Invalid user_count "ten": it must be a whole number of users, 0 or more`},
		},
		{
			name: "negative user count",
			form: url.Values{"user_count": {"-1"}, "spawn_rate": {"1"}},
			want: map[string]any{"success": false},
		},
		{
			name: "bad spawn rate",
			form: url.Values{"user_count": {"1"}, "spawn_rate": {"fast"}},
			want: map[string]any{"success": false, "message": `Invalid spawn_rate "fast": it must be a number of users per second`},
		},
		{
			name:    "start with host, run time and tags",
			form:    url.Values{"user_count": {"5"}, "spawn_rate": {"2.5"}, "host": {"http://<b>x.test</b>"}, "run_time": {"1h2m3s"}, "tags": {"a, b,,c"}},
			want:    map[string]any{"success": true, "message": "Swarming started", "host": "http://bx.test/b", "run_time": float64(3723)},
			started: true,
			check: func(t *testing.T, req SwarmRequest) {
				if req.Users != 5 || req.SpawnRate != 2.5 || req.Host != "http://bx.test/b" || req.RunTime != 3723*time.Second {
					t.Errorf("request %+v", req)
				}
				if strings.Join(req.Tags, "|") != "a|b|c" || req.UserClasses != nil || req.Shape {
					t.Errorf("tags %q, classes %v, shape %v", req.Tags, req.UserClasses, req.Shape)
				}
			},
		},
		{
			name:    "profile",
			form:    url.Values{"user_count": {"1"}, "spawn_rate": {"1"}, "profile": {" nightly "}},
			want:    map[string]any{"success": true},
			started: true,
			check: func(t *testing.T, req SwarmRequest) {
				if req.Profile == nil || *req.Profile != "nightly" {
					t.Errorf("profile %v, want nightly", req.Profile)
				}
			},
		},
		{
			name: "custom parameters",
			form: url.Values{"user_count": {"1"}, "spawn_rate": {"1"}, "my_arg": {"7"}, "verbose": {"true"},
				"mode": {"b"}, "not_an_option": {"x"}},
			want:    map[string]any{"success": true},
			started: true,
			check: func(t *testing.T, req SwarmRequest) {
				want := map[string][]string{"my_arg": {"7"}, "verbose": {"true"}, "mode": {"b"}}
				if fmt.Sprint(req.Options) != fmt.Sprint(want) {
					t.Errorf("options %v, want %v (only the extra options, as given)", req.Options, want)
				}
			},
		},
		{
			name:    "repeated tags",
			form:    url.Values{"user_count": {"1"}, "spawn_rate": {"1"}, "tags": {"x", "y"}},
			want:    map[string]any{"success": true, "host": "http://shop.test"},
			started: true,
			check: func(t *testing.T, req SwarmRequest) {
				if strings.Join(req.Tags, "|") != "x|y" {
					t.Errorf("tags %q", req.Tags)
				}
			},
		},
		{
			name:    "class picker",
			opts:    func(o *Options) { o.ClassPicker = true },
			form:    url.Values{"user_count": {"4"}, "spawn_rate": {"1"}, "user_classes": {"WebsiteUser", "ApiUser"}},
			want:    map[string]any{"success": true, "user_classes": []any{"ApiUser", "WebsiteUser"}},
			started: true,
			check: func(t *testing.T, req SwarmRequest) {
				if strings.Join(req.UserClasses, ",") != "ApiUser,WebsiteUser" {
					t.Errorf("classes %v", req.UserClasses)
				}
			},
		},
		{
			name:    "class picker with none picked starts every class",
			opts:    func(o *Options) { o.ClassPicker = true },
			form:    url.Values{"user_count": {"4"}, "spawn_rate": {"1"}},
			want:    map[string]any{"success": true, "user_classes": []any{"ApiUser", "WebsiteUser"}},
			started: true,
		},
		{
			name: "class picker with an unknown class",
			opts: func(o *Options) { o.ClassPicker = true },
			form: url.Values{"user_count": {"4"}, "spawn_rate": {"1"}, "user_classes": {"Nope"}},
			want: map[string]any{"success": false, "message": "Unknown User(s): Nope"},
		},
		{
			name:    "shape needs no users",
			opts:    func(o *Options) { o.ShapeName = "StepShape" },
			form:    url.Values{},
			want:    map[string]any{"success": true, "message": "Swarming started using shape class 'StepShape'"},
			started: true,
			check: func(t *testing.T, req SwarmRequest) {
				if !req.Shape {
					t.Errorf("request %+v is not a shape start", req)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newFakeBackend()
			opts := fakeOptions()
			if tc.opts != nil {
				tc.opts(&opts)
			}
			ts := startServer(t, b, opts)
			got := ts.swarm(t, tc.form)
			for k, v := range tc.want {
				gv, _ := json.Marshal(got[k])
				wv, _ := json.Marshal(v)
				if !bytes.Equal(gv, wv) {
					t.Errorf("%s = %s, want %s", k, gv, wv)
				}
			}
			starts, _, _ := b.calls()
			if tc.started != (len(starts) == 1) {
				t.Fatalf("backend started %d times, want started=%v", len(starts), tc.started)
			}
			if tc.check != nil && len(starts) == 1 {
				tc.check(t, starts[0])
			}
		})
	}
}

func TestSwarmBackendError(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	b.startErr = errFake
	ts := startServer(t, b, fakeOptions())
	got := ts.swarm(t, url.Values{"user_count": {"1"}, "spawn_rate": {"1"}})
	if got["success"] != false || got["message"] != "Could not start the test: fake start failure" {
		t.Fatalf("answer %v", got)
	}
	var cfg map[string]any
	ts.getJSON(t, "/ui-config", &cfg)
	if cfg["host"] != "http://shop.test" {
		t.Errorf("a failed swarm changed the host to %v", cfg["host"])
	}
}

func TestSwarmMethodAndCrossSite(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	ts := startServer(t, b, fakeOptions())
	if status, _, _ := ts.do(t, http.MethodGet, "/swarm", nil); status != http.StatusMethodNotAllowed {
		t.Errorf("GET /swarm: %d, want 405", status)
	}
	for _, path := range []string{"/swarm", "/stop", "/stats/reset"} {
		method := http.MethodGet
		var body *strings.Reader
		if path == "/swarm" {
			method = http.MethodPost
			body = strings.NewReader("user_count=1&spawn_rate=1")
		} else {
			body = strings.NewReader("")
		}
		req, _ := http.NewRequest(method, ts.url+path, body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		resp, err := ts.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("cross-site %s %s: %d, want 403", method, path, resp.StatusCode)
		}
	}
	starts, stops, resets := b.calls()
	if len(starts)+stops+resets != 0 {
		t.Errorf("cross-site requests reached the backend: %d starts, %d stops, %d resets", len(starts), stops, resets)
	}
}

func TestStopAndReset(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	ts := startServer(t, b, fakeOptions())
	ts.swarm(t, url.Values{"user_count": {"3"}, "spawn_rate": {"1"}})
	var stop map[string]any
	golden(t, "stop.json", ts.getJSON(t, "/stop", &stop))
	checkObject(t, "/stop", stop, map[string]string{"success": "boolean", "message": "string"})
	status, hdr, body := ts.do(t, http.MethodGet, "/stats/reset", nil)
	if status != http.StatusOK || string(body) != "ok" || !strings.HasPrefix(hdr.Get("Content-Type"), "text/html") {
		t.Errorf("reset: %d %q %q", status, hdr.Get("Content-Type"), body)
	}
	if _, stops, resets := b.calls(); stops != 1 || resets != 1 {
		t.Errorf("backend: %d stops, %d resets; want 1 and 1", stops, resets)
	}
}

func TestRunTimeStopsTheTest(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	c := clock.NewFake(epoch)
	opts := fakeOptions()
	opts.Clock = c
	ts := startServer(t, b, opts)
	got := ts.swarm(t, url.Values{"user_count": {"3"}, "spawn_rate": {"1"}, "run_time": {"30s"}})
	if got["run_time"] != float64(30) {
		t.Fatalf("answer %v", got)
	}
	ctx := t.Context()
	if err := c.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// Re-targeting without a run time keeps the timer, as Locust does.
	ts.swarm(t, url.Values{"user_count": {"5"}, "spawn_rate": {"1"}})
	c.Advance(29 * time.Second)
	if _, stops, _ := b.calls(); stops != 0 || b.State() != runner.StateRunning {
		t.Fatalf("stopped before the run time: %d stops, state %s", stops, b.State())
	}
	c.Advance(time.Second)
	waitFor(t, "the run-time stop", func() bool { _, stops, _ := b.calls(); return stops == 1 })
	if b.State() != runner.StateStopped {
		t.Errorf("state %s, want stopped", b.State())
	}

	// A new run time replaces the old timer; /stop cancels it.
	ts.swarm(t, url.Values{"user_count": {"3"}, "spawn_rate": {"1"}, "run_time": {"10"}})
	if err := c.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	ts.getJSON(t, "/stop", nil)
	waitFor(t, "the timer to go", func() bool { return c.Sleepers() == 0 })
	c.Advance(time.Minute)
	if _, stops, _ := b.calls(); stops != 2 {
		t.Errorf("%d stops, want 2 (the timer fired after /stop)", stops)
	}
}

func TestDownloads(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	ts := startServer(t, b, fakeOptions())
	stamp := b.snap.Total.StartTime.Local().Format("2006-01-02-15h04")
	tests := []struct {
		path, suffix string
		render       func(*bytes.Buffer) error
	}{
		{"/stats/requests/csv", "_requests.csv", func(w *bytes.Buffer) error { return report.WriteRequestsCSV(w, b.snap) }},
		{"/stats/failures/csv", "_failures.csv", func(w *bytes.Buffer) error { return report.WriteFailuresCSV(w, b.snap) }},
		{"/exceptions/csv", "_exceptions.csv", func(w *bytes.Buffer) error { return report.WriteExceptionsCSV(w, b.snap) }},
	}
	for _, tc := range tests {
		status, hdr, body := ts.do(t, http.MethodGet, tc.path, nil)
		if status != http.StatusOK || hdr.Get("Content-Type") != "text/csv" {
			t.Errorf("%s: %d %q", tc.path, status, hdr.Get("Content-Type"))
		}
		want := "attachment;filename=Locust_" + stamp + "_locustfile.py_http://shop.test" + tc.suffix
		if got := hdr.Get("Content-Disposition"); got != want {
			t.Errorf("%s: Content-Disposition %q, want %q", tc.path, got, want)
		}
		var w bytes.Buffer
		if err := tc.render(&w); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(body, w.Bytes()) {
			t.Errorf("%s: body differs from runtime/report's:\n%s\nwant\n%s", tc.path, body, w.Bytes())
		}
	}

	status, _, body := ts.do(t, http.MethodGet, "/stats/requests_full_history/csv", nil)
	if status != http.StatusNotFound || string(body) != "Error: Server was not started with option to generate full history." {
		t.Errorf("full history without the option: %d %q", status, body)
	}
	file := filepath.Join(t.TempDir(), "run_stats_history.csv")
	if err := os.WriteFile(file, []byte("Timestamp,User Count\r\n1,2\r\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	opts := fakeOptions()
	opts.FullHistoryFile = file
	opts.TargetHost = ""
	ts2 := startServer(t, newFakeBackend(), opts)
	status, hdr, body := ts2.do(t, http.MethodGet, "/stats/requests_full_history/csv", nil)
	if status != http.StatusOK || string(body) != "Timestamp,User Count\r\n1,2\r\n" ||
		hdr.Get("Content-Disposition") != "attachment;filename=Locust_"+stamp+"_locustfile.py_requests_full_history.csv" {
		t.Errorf("full history: %d %q %q", status, hdr.Get("Content-Disposition"), body)
	}
}

func TestReportRoute(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	ts := startServer(t, b, fakeOptions())
	status, hdr, body := ts.do(t, http.MethodGet, "/stats/report", nil)
	if status != http.StatusOK || hdr.Get("Content-Disposition") != "" {
		t.Fatalf("report: %d, disposition %q", status, hdr.Get("Content-Disposition"))
	}
	for _, want := range []string{"<title>Locust Test Report - locustfile.py</title>", `data-theme="light"`,
		`id="download-link" href="?download=1&amp;theme=light"`, "http://shop.test", `id="chart-rps"`, "WebsiteUser"} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("report lacks %q", want)
		}
	}
	status, hdr, body = ts.do(t, http.MethodGet, "/stats/report?download=1&theme=dark", nil)
	stamp := b.snap.Total.StartTime.Local().Format("2006-01-02-15h04")
	if want := "attachment;filename=Locust_" + stamp + "_locustfile.py_http://shop.test.html"; status != http.StatusOK || hdr.Get("Content-Disposition") != want {
		t.Errorf("download: %d, disposition %q, want %q", status, hdr.Get("Content-Disposition"), want)
	}
	if !bytes.Contains(body, []byte(`data-theme="dark"`)) || bytes.Contains(body, []byte("download-link")) {
		t.Error("the downloaded dark report has the wrong theme or a download link")
	}
}

// TestProfile: --profile prefills the form (ui-config) and labels the
// report; a profile the form posts replaces it, an empty one clears it.
func TestProfile(t *testing.T) {
	t.Parallel()
	opts := fakeOptions()
	opts.Profile = "baseline"
	ts := startServer(t, newFakeBackend(), opts)
	profile := func() any {
		var cfg map[string]any
		ts.getJSON(t, "/ui-config", &cfg)
		return cfg["profile"]
	}
	report := func() string {
		_, _, body := ts.do(t, http.MethodGet, "/stats/report", nil)
		return string(body)
	}
	if p := profile(); p != "baseline" || !strings.Contains(report(), `<dt>Profile:</dt><dd id="profile">baseline</dd>`) ||
		!strings.Contains(report(), "<title>Locust Test Report - baseline</title>") {
		t.Fatalf("profile %v; the report must show it", p)
	}
	ts.swarm(t, url.Values{"user_count": {"1"}, "spawn_rate": {"1"}, "profile": {"nightly"}})
	if p := profile(); p != "nightly" || !strings.Contains(report(), ">nightly<") {
		t.Errorf("after the form's profile: %v", p)
	}
	ts.swarm(t, url.Values{"user_count": {"2"}, "spawn_rate": {"1"}})
	if p := profile(); p != "nightly" {
		t.Errorf("a form without the field changed the profile to %v", p)
	}
	ts.swarm(t, url.Values{"user_count": {"1"}, "spawn_rate": {"1"}, "profile": {""}})
	if p := profile(); p != nil || strings.Contains(report(), `id="profile"`) {
		t.Errorf("an empty profile should clear it: %v", p)
	}
}

func TestBadOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"relative base path", Options{BasePath: "locust"}, "must start with a slash"},
		{"pattern characters in base path", Options{BasePath: "/{x}"}, "invalid character"},
		{"auth without a colon", Options{Auth: "admin"}, "user:password"},
		{"cert without key", Options{TLSCert: "cert.pem"}, "both a certificate and a key"},
	}
	for _, tc := range tests {
		_, err := New(newFakeBackend(), tc.opts)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := New(nil, Options{}); err == nil {
		t.Error("New(nil) succeeded")
	}
}
