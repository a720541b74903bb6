package report

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gust-load/gust/runtime/pyrepr"
	"github.com/gust-load/gust/runtime/stats"
)

// CSV headers of Locust 2.46, verbatim.
const (
	requestsHeader   = "Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%\r\n"
	historyHeader    = "Timestamp,User Count,Type,Name,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%,Total Request Count,Total Failure Count,Total Median Response Time,Total Average Response Time,Total Min Response Time,Total Max Response Time,Total Average Content Size\r\n"
	failuresHeader   = "Method,Name,Error,Occurrences,First Seen,Last Seen\r\n"
	exceptionsHeader = "Count,Message,Traceback,Nodes\r\n"
)

// WriteRequestsCSV writes PREFIX_stats.csv (also served at
// /stats/requests/csv): the header, one row per entry sorted by (name,
// method), then Aggregated with an empty Type. Rates are whole-run.
func WriteRequestsCSV(w io.Writer, s *stats.Snapshot) error {
	if err := checkSnapshot(s, "requests CSV"); err != nil {
		return err
	}
	return write(w, "requests CSV", requestsHeader+requestsRows(s))
}

func requestsRows(s *stats.Snapshot) string {
	var b strings.Builder
	for _, e := range append(s.Entries[:len(s.Entries):len(s.Entries)], s.Total) {
		f := []string{e.Method, e.Name, itoa(e.NumRequests), itoa(e.NumFailures)}
		f = append(f, medianField(e), pyrepr.Float(e.AvgResponseTime()), minField(e), maxField(e), contentField(e),
			pyrepr.Float(s.TotalRPS(e)), pyrepr.Float(s.TotalFailPerSec(e)))
		f = append(f, percentileFields(e, false)...)
		csvRow(&b, f...)
	}
	return b.String()
}

// WriteFailuresCSV writes PREFIX_failures.csv (also /stats/failures/csv):
// one row per (method, name, error), in Locust's order (by its sha256 key),
// with first and last seen as UTC ISO 8601 seconds.
func WriteFailuresCSV(w io.Writer, s *stats.Snapshot) error {
	if err := checkSnapshot(s, "failures CSV"); err != nil {
		return err
	}
	return write(w, "failures CSV", failuresHeader+failuresRows(s))
}

func failuresRows(s *stats.Snapshot) string {
	var b strings.Builder
	for _, e := range s.ErrorsByKey() {
		csvRow(&b, e.Method, e.Name, e.Error, itoa(e.Occurrences), isoSeconds(e.FirstSeen), isoSeconds(e.LastSeen))
	}
	return b.String()
}

// WriteExceptionsCSV writes PREFIX_exceptions.csv (also /exceptions/csv).
func WriteExceptionsCSV(w io.Writer, s *stats.Snapshot) error {
	if err := checkSnapshot(s, "exceptions CSV"); err != nil {
		return err
	}
	return write(w, "exceptions CSV", exceptionsHeader+exceptionsRows(s))
}

func exceptionsRows(s *stats.Snapshot) string {
	var b strings.Builder
	for _, e := range s.Exceptions {
		csvRow(&b, itoa(e.Count), e.Message, e.Traceback, strings.Join(e.Nodes, ", "))
	}
	return b.String()
}

// WriteHistoryHeader writes the header of PREFIX_stats_history.csv.
func WriteHistoryHeader(w io.Writer) error {
	return write(w, "history CSV", historyHeader)
}

// WriteHistoryRows appends one tick of PREFIX_stats_history.csv: the
// Aggregated row alone, or with fullHistory (--csv-full-history) a row per
// entry first. All rows carry the snapshot's time in whole Unix seconds and
// the user count. Requests/s and Failures/s are the current rates with six
// decimals (Locust's "{:2f}"). The percentiles are whole-run for the
// Aggregated-only form and current-window for the full form — Locust's own
// asymmetry — with 0 when the window is empty and N/A without requests.
func WriteHistoryRows(w io.Writer, s *stats.Snapshot, userCount int, fullHistory bool) error {
	if err := checkSnapshot(s, "history CSV"); err != nil {
		return err
	}
	return write(w, "history CSV", historyRows(s, userCount, fullHistory))
}

func historyRows(s *stats.Snapshot, userCount int, fullHistory bool) string {
	var b strings.Builder
	rows := []*stats.Entry{s.Total}
	if fullHistory {
		rows = append(s.Entries[:len(s.Entries):len(s.Entries)], s.Total)
	}
	ts := strconv.FormatInt(s.Time.Unix(), 10)
	for _, e := range rows {
		f := []string{ts, strconv.Itoa(userCount), e.Method, e.Name,
			strconv.FormatFloat(s.CurrentRPS(e), 'f', 6, 64), strconv.FormatFloat(s.CurrentFailPerSec(e), 'f', 6, 64)}
		f = append(f, percentileFields(e, fullHistory)...)
		f = append(f, itoa(e.NumRequests), itoa(e.NumFailures), medianField(e), pyrepr.Float(e.AvgResponseTime()),
			minField(e), maxField(e), contentField(e))
		csvRow(&b, f...)
	}
	return b.String()
}

// percentileFields are Locust's _percentile_fields: N/A for an entry
// without requests, else whole-run or current-window percentiles.
func percentileFields(e *stats.Entry, current bool) []string {
	out := make([]string, numPercentiles)
	if e.NumRequests == 0 {
		for i := range out {
			out[i] = "N/A"
		}
		return out
	}
	var vals [numPercentiles]int64
	ps := reportPercentiles()
	if current {
		e.CurrentPercentiles(ps[:], vals[:])
	} else {
		e.Percentiles(ps[:], vals[:])
	}
	for i, v := range vals {
		out[i] = itoa(v)
	}
	return out
}

// medianField is median_response_time: an int bucket, or the exact min or
// max as a float when the clamp replaced the bucket.
func medianField(e *stats.Entry) string {
	m, bucketed := e.Median()
	if bucketed {
		return itoa(int64(m))
	}
	return pyrepr.Float(m)
}

// minField is "min_response_time or 0": int 0 when nothing was timed or
// the fastest request took exactly 0 ms.
func minField(e *stats.Entry) string {
	m, ok := e.MinResponseTime()
	if !ok || m == 0 {
		return "0"
	}
	return pyrepr.Float(m)
}

// maxField is max_response_time, which starts as int 0.
func maxField(e *stats.Entry) string {
	if m := e.MaxResponseTime(); m != 0 {
		return pyrepr.Float(m)
	}
	return "0"
}

// contentField is avg_content_length: a float, or int 0 without requests.
func contentField(e *stats.Entry) string {
	if e.NumRequests == 0 {
		return "0"
	}
	return pyrepr.Float(e.AvgContentLength())
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// isoSeconds is Locust's format_utc_timestamp.
func isoSeconds(t time.Time) string {
	return time.Unix(t.Unix(), 0).UTC().Format("2006-01-02T15:04:05Z")
}
