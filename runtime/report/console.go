// Package report renders statistics snapshots the way Locust 2.46 does:
// the console tables (request statistics, response-time percentiles, error
// report) and the four CSV files (_stats, _stats_history, _failures,
// _exceptions), byte for byte. Every function is a pure function of a
// runtime/stats Snapshot writing to an io.Writer, so the CLI, the web UI's
// CSV downloads and tests share them; CSVWriter keeps the files of a
// --csv prefix up to date during a run.
package report

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gust-load/gust/runtime/stats"
)

// DefaultNameWidth is Locust's STATS_NAME_WIDTH when stdout is not a
// terminal (CI, redirection).
const DefaultNameWidth = 80

// typeWidth is Locust's STATS_TYPE_WIDTH.
const typeWidth = 8

// NameWidth is Locust's STATS_NAME_WIDTH for a stdout of the given width in
// columns: columns − 80, between 0 and 80; DefaultNameWidth when stdout is
// not a terminal (isTerminal false). Locust recomputes it on SIGWINCH.
func NameWidth(columns int, isTerminal bool) int {
	if !isTerminal {
		return DefaultNameWidth
	}
	return max(min(columns-80, 80), 0)
}

// Rates selects the request-per-second columns of the request table.
type Rates int

const (
	// CurrentRates is the periodic table: the current rates (about the
	// last 10 seconds, ending 3 s before the latest request).
	CurrentRates Rates = iota
	// TotalRates is the final summary: whole-run rates.
	TotalRates
)

// numPercentiles is the length of Locust's PERCENTILES_TO_REPORT.
const numPercentiles = 11

// reportPercentiles returns Locust's PERCENTILES_TO_REPORT (a fresh array:
// the package keeps no mutable state).
func reportPercentiles() [numPercentiles]float64 {
	return [...]float64{0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0}
}

// percentileLabels returns the column labels Locust's
// get_readable_percentiles gives reportPercentiles.
func percentileLabels() [numPercentiles]string {
	return [...]string{"50%", "66%", "75%", "80%", "90%", "95%", "98%", "99%", "99.9%", "99.99%", "100%"}
}

// padRight left-justifies s in a field of w characters, as Python's
// "%-Ns"; a negative width pads to its absolute value, as Python's
// "%--Ns" (Locust's name column is STATS_NAME_WIDTH − 4, which goes
// negative on narrow terminals).
func padRight(s string, w int) string {
	return fmt.Sprintf("%-*s", abs(w), s)
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// dashes is Python's "-" * n, empty for n ≤ 0.
func dashes(n int) string { return strings.Repeat("-", max(n, 0)) }

// WriteRequestTable writes Locust's request statistics table (print_stats)
// followed by its empty line. nameWidth is STATS_NAME_WIDTH (see
// NameWidth); the name column is nameWidth − 4 wide. Rates chooses current
// (periodic) or whole-run (final) req/s and failures/s.
func WriteRequestTable(w io.Writer, s *stats.Snapshot, nameWidth int, rates Rates) error {
	if err := checkSnapshot(s, "request table"); err != nil {
		return err
	}
	col := nameWidth - typeWidth + 4
	var b strings.Builder
	fmt.Fprintf(&b, "%-8s %s %7s %12s |%7s %7s %7s%7s | %7s %11s\n",
		"Type", padRight("Name", col), "# reqs", "# fails", "Avg", "Min", "Max", "Med", "req/s", "failures/s")
	sep := strings.Join([]string{dashes(typeWidth), dashes(col), dashes(7), dashes(13),
		dashes(7), dashes(7), dashes(7), dashes(7), dashes(8), dashes(11)}, "|") + "\n"
	b.WriteString(sep)
	for _, e := range s.Entries {
		requestRow(&b, s, e, col, rates)
	}
	b.WriteString(sep)
	requestRow(&b, s, s.Total, col, rates)
	b.WriteString("\n")
	return write(w, "request table", b.String())
}

// requestRow is Locust's StatsEntry.to_string.
func requestRow(b *strings.Builder, s *stats.Snapshot, e *stats.Entry, col int, rates Rates) {
	method := ""
	if e.Method != "" {
		method = e.Method + " "
	}
	rps, fps := s.CurrentRPS(e), s.CurrentFailPerSec(e)
	if rates == TotalRates {
		rps, fps = s.TotalRPS(e), s.TotalFailPerSec(e)
	}
	minMs, _ := e.MinResponseTime()
	med, _ := e.Median()
	fails := fmt.Sprintf("%d(%.2f%%)", e.NumFailures, e.FailRatio()*100)
	// %7d of a float truncates towards zero in Python, as int64() does.
	fmt.Fprintf(b, "%-8s %s %7d %12s |%7d %7d %7d%7d | %7.2f %11.2f\n",
		method, padRight(e.Name, col), e.NumRequests, fails,
		int64(e.AvgResponseTime()), int64(minMs), int64(e.MaxResponseTime()), int64(med), rps, fps)
}

// WritePercentileTable writes Locust's "Response time percentiles
// (approximated)" table (print_percentile_stats) and its empty line. Only
// entries with timed requests get a row.
func WritePercentileTable(w io.Writer, s *stats.Snapshot, nameWidth int) error {
	if err := checkSnapshot(s, "percentile table"); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteString("Response time percentiles (approximated)\n")
	labels := percentileLabels()
	fmt.Fprintf(&b, "%-8s %s %8s", "Type", padRight("Name", nameWidth), labels[0])
	for _, l := range labels[1:] {
		fmt.Fprintf(&b, " %6s", l)
	}
	fmt.Fprintf(&b, " %6s\n", "# reqs")
	sep := dashes(typeWidth) + "|" + dashes(nameWidth) + "|" + dashes(8) + "|" +
		strings.Repeat(dashes(6)+"|", numPercentiles-1) + dashes(6) + "\n"
	b.WriteString(sep)
	for _, e := range s.Entries {
		if e.HasResponseTimes() {
			percentileRow(&b, e, nameWidth)
		}
	}
	b.WriteString(sep)
	if s.Total.HasResponseTimes() {
		percentileRow(&b, s.Total, nameWidth)
	}
	b.WriteString("\n")
	return write(w, "percentile table", b.String())
}

// percentileRow is Locust's StatsEntry.percentile.
func percentileRow(b *strings.Builder, e *stats.Entry, nameWidth int) {
	var ps [numPercentiles]int64
	pcts := reportPercentiles()
	e.Percentiles(pcts[:], ps[:])
	fmt.Fprintf(b, "%-8s %s %8d", e.Method, padRight(e.Name, nameWidth), ps[0])
	for _, p := range ps[1:] {
		fmt.Fprintf(b, " %6d", p)
	}
	fmt.Fprintf(b, " %6d\n", e.NumRequests)
}

// WriteErrorReport writes Locust's "Error report" (print_error_report):
// one row per failure kind in first-seen order, CatchResponseError shown as
// its bare message. It writes nothing when there were no failures.
func WriteErrorReport(w io.Writer, s *stats.Snapshot, nameWidth int) error {
	if err := checkSnapshot(s, "error report"); err != nil {
		return err
	}
	if len(s.Errors) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("Error report\n")
	fmt.Fprintf(&b, "%-18s %-100s\n", "# occurrences", "Error")
	sep := dashes(18) + "|" + dashes(80+nameWidth-19) + "\n"
	b.WriteString(sep)
	for _, e := range s.Errors {
		fmt.Fprintf(&b, "%-18d %-100s\n", e.Occurrences, e.Method+" "+e.Name+": "+unwrapCatchResponse(e.Error))
	}
	b.WriteString(sep)
	b.WriteString("\n")
	return write(w, "error report", b.String())
}

// errNoTotal rejects a snapshot not made by runtime/stats (no Aggregated
// row), which the renderers cannot print.
var errNoTotal = errors.New("snapshot has no Aggregated entry")

func checkSnapshot(s *stats.Snapshot, what string) error {
	if s == nil || s.Total == nil {
		return fmt.Errorf("write %s: %w", what, errNoTotal)
	}
	return nil
}

func write(w io.Writer, what, text string) error {
	if _, err := io.WriteString(w, text); err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	return nil
}
