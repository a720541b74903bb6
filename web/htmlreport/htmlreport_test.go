package htmlreport

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var epoch = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// run records a deterministic 30-second run on a fake clock.
func run() *stats.Snapshot {
	c := clock.NewFake(epoch)
	st := stats.New(c)
	names := []string{"/", "/products", "/products/[id]", "/search?q=<script>alert(1)</script>"}
	for sec := range 30 {
		for i, name := range names {
			for k := range 4 {
				req := &stats.Request{Method: "GET", Name: name, ResponseLength: int64(200 * (i + 1)),
					ResponseTime: time.Duration(10+i*25+k*7) * time.Millisecond,
					StartTime:    epoch.Add(time.Duration(sec)*time.Second + time.Duration(i*4+k)*time.Millisecond)}
				if i == 2 && k == 0 && sec%3 == 0 {
					req.Error = "HTTPError('404 Client Error: Not Found for url: /products/[id]')"
				}
				st.Record(req)
			}
		}
		c.Advance(time.Second)
		st.Snapshot()
	}
	st.RecordException("local", "KeyError('price')", "  File \"locustfile.py\", line 12, in product\n    price = item[\"price\"]")
	return st.Snapshot()
}

func points(n int) []history.Point {
	out := make([]history.Point, n)
	for i := range out {
		out[i] = history.Point{
			Time: epoch.Add(time.Duration(i) * time.Second), UserCount: min(i, 10),
			CurrentRPS: float64(min(i, 10)) * 4, CurrentFailPerSec: float64(i%3) / 3,
			ResponseTimeP50: float64(40 + i%5), ResponseTimeP95: float64(90 + i%11), HasPercentiles: i >= 2,
			TotalAvgResponseTime: 48.5,
		}
	}
	return out
}

func ratios() (user.RatioList, user.RatioList) {
	classes := []*user.Class{{Name: "ShopUser", Weight: 1, Root: &user.TaskSet{Name: "ShopUser", Tasks: []user.Weighted{
		{Weight: 3, Task: user.TaskFunc{TaskName: "browse", Fn: func(context.Context, user.Scope) error { return nil }}},
		{Weight: 1, Task: user.TaskFunc{TaskName: "buy", Fn: func(context.Context, user.Scope) error { return nil }}},
	}}}}
	counts := map[string]int{"ShopUser": 10}
	return user.TaskRatios(classes, counts, false), user.TaskRatios(classes, counts, true)
}

func data() Data {
	per, total := ratios()
	return Data{Locustfile: "locustfile.py", Host: "http://shop.test", Version: "1.2.3", Users: 10,
		Snapshot: run(), History: points(30), PerClassRatios: per, TotalRatios: total}
}

func render(t *testing.T, d Data) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteHTML(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (open both in a browser, then run with -update)", name)
	}
}

// TestProfile: a profile labels the report (title and Profile: row), as
// Locust's report shows it; without one neither appears.
func TestProfile(t *testing.T) {
	t.Parallel()
	d := data()
	d.Profile = "nightly <run>"
	got := string(render(t, d))
	for _, want := range []string{"<title>Locust Test Report - nightly &lt;run&gt;</title>",
		"<dt>Users:</dt><dd id=\"users\">10</dd>\n<dt>Profile:</dt><dd id=\"profile\">nightly &lt;run&gt;</dd>"} {
		if !strings.Contains(got, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(string(render(t, data())), "Profile:") {
		t.Error("a report without a profile shows a Profile row")
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	d := data()
	d.ShowDownloadLink = true
	golden(t, "report.html", render(t, d))
	d.Theme, d.ShowDownloadLink = "dark", false
	golden(t, "report-dark.html", render(t, d))
}

func TestContent(t *testing.T) {
	t.Parallel()
	out := string(render(t, data()))
	for _, want := range []string{
		"<h1>Locust Test Report</h1>",
		`<dd id="during">2026-03-04 05:06:07 UTC - 2026-03-04 05:06:36 UTC (29 seconds)</dd>`,
		`<dd id="target-host">http://shop.test</dd>`,
		`<dd id="script">locustfile.py</dd>`,
		`<dd id="users">10</dd>`,
		"Request Statistics", "Response Time Statistics", "Failures Statistics", "Exceptions Statistics", "Final ratio",
		"<th>50%ile (ms)</th><th>60%ile (ms)</th>", "<th>99%ile (ms)</th><th>100%ile (ms)</th>",
		"HTTPError(&#39;404 Client Error: Not Found for url: /products/[id]&#39;)",
		`<tr class="aggregated"><td class="text"></td><td class="text">Aggregated</td><td>480</td><td>10</td>`,
		`<span class="ratio">75.00%</span> browse`,
		`id="chart-rps"`, `id="chart-response-times"`, `id="chart-users"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(out, "<script>") {
		t.Error("a request name reached the page unescaped")
	}
	// Self-contained: nothing is loaded from anywhere.
	for _, bad := range []string{"<script", "<link", "src=", "@import", "url("} {
		if strings.Contains(out, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	if strings.Contains(out, "download-link") {
		t.Error("download link shown without ShowDownloadLink")
	}
}

func TestEmpty(t *testing.T) {
	t.Parallel()
	c := clock.NewFake(epoch)
	out := string(render(t, Data{Snapshot: stats.New(c).Snapshot()}))
	for _, want := range []string{"No data", "No failures.", "No task ratios.", "<dd id=\"target-host\">None</dd>", "(0 seconds)"} {
		if !strings.Contains(out, want) {
			t.Errorf("empty report lacks %q", want)
		}
	}
	if strings.Contains(out, "Exceptions Statistics") {
		t.Error("empty report has an exceptions section")
	}
	if err := WriteHTML(&bytes.Buffer{}, Data{}); err == nil {
		t.Error("WriteHTML without a snapshot succeeded")
	}
}

// TestLongHistoryStaysSmall draws the sampler's largest history: the paths
// keep at most two points per horizontal unit, so the file stays small
// however long the run.
func TestLongHistoryStaysSmall(t *testing.T) {
	t.Parallel()
	d := data()
	d.History = points(history.DefaultMaxPoints)
	out := render(t, d)
	if len(out) > 400<<10 {
		t.Errorf("report with %d points is %d bytes", len(d.History), len(out))
	}
	t.Logf("report with %d history points: %d bytes", len(d.History), len(out))
	re := regexp.MustCompile(` d="([^"]*)"`)
	for _, m := range re.FindAllSubmatch(out, -1) {
		if n := bytes.Count(m[1], []byte("L")) + bytes.Count(m[1], []byte("M")); n > 2*(plotRight-plotLeft+1) {
			t.Errorf("a path has %d points", n)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	t.Parallel()
	tests := []struct {
		secs int
		want string
	}{
		{0, "0 seconds"},
		{-5, "0 seconds"},
		{1, "1 second"},
		{59, "59 seconds"},
		{60, "1 minute"},
		{61, "1 minute and 1 second"},
		{7200, "2 hours"},
		{3723, "1 hour, 2 minutes and 3 seconds"},
		{90061, "1 day, 1 hour, 1 minute and 1 second"},
		{172800 + 120, "2 days and 2 minutes"},
	}
	for _, tc := range tests {
		if got := FormatDuration(epoch, epoch.Add(time.Duration(tc.secs)*time.Second)); got != tc.want {
			t.Errorf("FormatDuration(%d s) = %q, want %q", tc.secs, got, tc.want)
		}
	}
}

func TestNiceMax(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want float64 }{
		{0, 1}, {-3, 1}, {1, 1}, {3, 3.2}, {7.5, 8}, {9, 10}, {42, 60}, {50, 60}, {99, 100}, {101, 120}, {1234, 1600}, {0.03, 0.032},
	}
	for _, tc := range tests {
		got := niceMax(tc.in)
		if fmt.Sprintf("%.6g", got) != fmt.Sprintf("%.6g", tc.want) {
			t.Errorf("niceMax(%v) = %v, want %v", tc.in, got, tc.want)
		}
		if got < tc.in {
			t.Errorf("niceMax(%v) = %v is below the maximum", tc.in, got)
		}
	}
}
