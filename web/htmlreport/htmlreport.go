// Package htmlreport writes gust's HTML report — Locust's --html file and
// its /stats/report page — as one self-contained file that opens offline:
// run metadata, request statistics, response-time percentiles, failures,
// exceptions, charts over time and the task ratios. The charts are inline
// SVG drawn in Go, so the file carries no script, no font and no link to
// anything outside itself.
package htmlreport

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
)

// Data is what a report shows.
type Data struct {
	// Locustfile is the locustfile's file name ("Script").
	Locustfile string
	// Profile is the run's --profile label ("" for none): shown as
	// "Profile:" and in the page title, as in Locust's report.
	Profile string
	// Host is the target host ("" when each class uses its own).
	Host string
	// Version is gust's version, shown in the footer.
	Version string
	// Users is the peak number of users of the run.
	Users int
	// Snapshot is the final (or current) statistics; required. The run's
	// start and end come from it: the Aggregated start time and the last
	// request (Locust's report uses the same).
	Snapshot *stats.Snapshot
	// History is the chart history of the run.
	History []history.Point
	// PerClassRatios and TotalRatios are the task ratio trees (Locust's
	// "Final ratio").
	PerClassRatios user.RatioList
	TotalRatios    user.RatioList
	// Theme is "dark" for the dark theme; anything else is light.
	Theme string
	// ShowDownloadLink adds a "Download the Report" link (the web UI's
	// page view; not in a downloaded or --html file).
	ShowDownloadLink bool
}

// ReportPercentiles are the response-time percentiles of the report's
// table, Locust's PERCENTILES_FOR_HTML_REPORT (a fresh slice each call).
func ReportPercentiles() []float64 { return []float64{0.50, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0} }

// WriteHTML writes the report of d to w.
func WriteHTML(w io.Writer, d Data) error {
	if d.Snapshot == nil || d.Snapshot.Total == nil {
		return errors.New("html report: no statistics snapshot")
	}
	v := newView(d)
	var b bytes.Buffer
	if err := newPage().Execute(&b, v); err != nil {
		return fmt.Errorf("html report: render: %w", err)
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return fmt.Errorf("html report: write: %w", err)
	}
	return nil
}

// view is the template's data: every value already formatted.
type view struct {
	Dark, ShowDownloadLink         bool
	Theme                          string
	Locustfile, Host, Version      string
	Profile                        string
	Start, End, Duration           string
	Users                          int
	Requests                       []requestRow
	PercentileHeads                []string
	Percentiles                    []percentileRow
	Failures                       []failureRow
	Exceptions                     []exceptionRow
	Charts                         []template.HTML
	PerClassRatios, TotalRatios    template.HTML
	TotalRequests, TotalFailures   int64
	FailRatio, TotalRPS, AvgTiming string
}

type requestRow struct {
	Method, Name, Requests, Failures, Avg, Min, Max, Size, RPS, FailPerSec string
	Aggregated                                                             bool
}

type percentileRow struct {
	Method, Name string
	Values       []string
	Aggregated   bool
}

type failureRow struct {
	Occurrences, Method, Name, Error, FirstSeen, LastSeen string
}

type exceptionRow struct {
	Count, Message, Traceback, Nodes string
}

func newView(d Data) view {
	s := d.Snapshot
	start := s.Total.StartTime
	end := s.Total.LastRequest
	if end.IsZero() {
		end = start
	}
	v := view{
		Dark:             d.Theme == "dark",
		Theme:            "light",
		ShowDownloadLink: d.ShowDownloadLink,
		Locustfile:       d.Locustfile,
		Profile:          d.Profile,
		Host:             d.Host,
		Version:          d.Version,
		Start:            formatTime(start),
		End:              formatTime(end),
		Duration:         FormatDuration(start, end),
		Users:            d.Users,
		TotalRequests:    s.Total.NumRequests,
		TotalFailures:    s.Total.NumFailures,
		FailRatio:        trimFloat(100*s.Total.FailRatio(), 2) + "%",
		TotalRPS:         trimFloat(s.TotalRPS(s.Total), 2),
		AvgTiming:        trimFloat(s.Total.AvgResponseTime(), 2),
	}
	if v.Dark {
		v.Theme = "dark"
	}
	if v.Host == "" {
		v.Host = "None"
	}
	rows := append(append([]*stats.Entry{}, s.Entries...), s.Total)
	pcts := ReportPercentiles()
	for _, p := range pcts {
		v.PercentileHeads = append(v.PercentileHeads, trimFloat(p*100, 1)+"%ile (ms)")
	}
	for _, e := range rows {
		agg := e == s.Total
		minMs, _ := e.MinResponseTime()
		v.Requests = append(v.Requests, requestRow{
			Method: e.Method, Name: e.Name, Aggregated: agg,
			Requests: strconv.FormatInt(e.NumRequests, 10), Failures: strconv.FormatInt(e.NumFailures, 10),
			Avg: trimFloat(e.AvgResponseTime(), 2), Min: trimFloat(math.Round(minMs), 0),
			Max: trimFloat(math.Round(e.MaxResponseTime()), 0), Size: trimFloat(e.AvgContentLength(), 2),
			RPS: trimFloat(s.TotalRPS(e), 2), FailPerSec: trimFloat(s.TotalFailPerSec(e), 2),
		})
		vals := make([]int64, len(pcts))
		e.Percentiles(pcts, vals)
		row := percentileRow{Method: e.Method, Name: e.Name, Aggregated: agg}
		for _, x := range vals {
			row.Values = append(row.Values, strconv.FormatInt(x, 10))
		}
		v.Percentiles = append(v.Percentiles, row)
	}
	for _, e := range s.Errors {
		v.Failures = append(v.Failures, failureRow{
			Occurrences: strconv.FormatInt(e.Occurrences, 10), Method: e.Method, Name: e.Name, Error: e.Error,
			FirstSeen: formatTime(e.FirstSeen), LastSeen: formatTime(e.LastSeen),
		})
	}
	for _, e := range s.Exceptions {
		v.Exceptions = append(v.Exceptions, exceptionRow{
			Count: strconv.FormatInt(e.Count, 10), Message: e.Message, Traceback: e.Traceback,
			Nodes: strings.Join(e.Nodes, ", "),
		})
	}
	v.Charts = charts(d.History)
	v.PerClassRatios = ratiosHTML(d.PerClassRatios)
	v.TotalRatios = ratiosHTML(d.TotalRatios)
	return v
}

// charts draws Locust's three charts from the history.
func charts(points []history.Point) []template.HTML {
	n := len(points)
	times := make([]time.Time, n)
	rps, fails, p50, p95, avg, users := make([]float64, n), make([]float64, n), make([]float64, n),
		make([]float64, n), make([]float64, n), make([]float64, n)
	for i, p := range points {
		times[i] = p.Time
		rps[i], fails[i], avg[i], users[i] = p.CurrentRPS, p.CurrentFailPerSec, p.TotalAvgResponseTime, float64(p.UserCount)
		p50[i], p95[i] = math.NaN(), math.NaN()
		if p.HasPercentiles {
			p50[i], p95[i] = p.ResponseTimeP50, p.ResponseTimeP95
		}
	}
	return []template.HTML{
		chart{id: "chart-rps", title: "Total Requests per Second", unit: "per second", times: times, series: []series{
			{name: "RPS", color: "#00a651", values: rps},
			{name: "Failures/s", color: "#e5484d", values: fails},
		}}.svg(),
		chart{id: "chart-response-times", title: "Response Times (ms)", unit: "ms", times: times, series: []series{
			{name: "50th percentile", color: "#8e4ec6", values: p50},
			{name: "95th percentile", color: "#f76b15", values: p95},
			{name: "Average", color: "#8d8d8d", values: avg, dashed: true},
		}}.svg(),
		chart{id: "chart-users", title: "Number of Users", unit: "users", times: times, series: []series{
			{name: "Users", color: "#0090ff", values: users},
		}}.svg(),
	}
}

// ratiosHTML renders a ratio tree as nested lists, as Locust's "Final
// ratio" does: "50.00% name".
func ratiosHTML(list user.RatioList) template.HTML {
	if len(list) == 0 {
		return template.HTML(`<p class="muted">No task ratios.</p>`)
	}
	var b strings.Builder
	var walk func([]user.Ratio)
	walk = func(rs []user.Ratio) {
		b.WriteString("<ul>")
		for _, r := range rs {
			b.WriteString(`<li><span class="ratio">` + strconv.FormatFloat(100*r.Ratio, 'f', 2, 64) + `%</span> ` +
				template.HTMLEscapeString(r.Name))
			if len(r.Tasks) > 0 {
				walk(r.Tasks)
			}
			b.WriteString("</li>")
		}
		b.WriteString("</ul>")
	}
	walk(list)
	return template.HTML(b.String())
}

// formatTime writes a time in UTC to the second; "" for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05") + " UTC"
}

// FormatDuration is Locust's format_duration over whole seconds: "1 hour,
// 2 minutes and 3 seconds", "0 seconds".
func FormatDuration(start, end time.Time) string {
	secs := end.Unix() - start.Unix()
	if secs <= 0 {
		return "0 seconds"
	}
	units := []struct {
		n    int64
		name string
	}{{secs / 86400, "day"}, {secs % 86400 / 3600, "hour"}, {secs % 3600 / 60, "minute"}, {secs % 60, "second"}}
	var parts []string
	for _, u := range units {
		if u.n > 0 {
			p := strconv.FormatInt(u.n, 10) + " " + u.name
			if u.n != 1 {
				p += "s"
			}
			parts = append(parts, p)
		}
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// trimFloat writes f with at most prec decimals and no trailing zeros, as
// the web UI's tables round.
func trimFloat(f float64, prec int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}
