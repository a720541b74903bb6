package report

import (
	"cmp"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/gust-load/gust/runtime/pyrepr"
	"github.com/gust-load/gust/runtime/stats"
)

// WriteJSON writes the final statistics as Locust's --json and --json-file
// do: json.dumps(stats.serialize_stats(), indent=4), a list of the raw
// entries (no Aggregated row, no errors) with the keys of Locust's
// StatsEntryDict, in the order their first requests came (ties by name and
// method). Entries without requests are left out, as Locust leaves them.
// Per-second counts come from Entry.RunSeconds (Stats.KeepRunSeconds).
func WriteJSON(w io.Writer, snap *stats.Snapshot) error {
	entries := make([]*stats.Entry, 0, len(snap.Entries))
	for _, e := range snap.Entries {
		if e.NumRequests > 0 || e.NumFailures > 0 {
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b *stats.Entry) int {
		if c := a.StartTime.Compare(b.StartTime); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return cmp.Compare(a.Method, b.Method)
	})
	var b strings.Builder
	if len(entries) == 0 {
		b.WriteString("[]")
	} else {
		b.WriteString("[\n")
		for i, e := range entries {
			if i > 0 {
				b.WriteString(",\n")
			}
			writeJSONEntry(&b, e)
		}
		b.WriteString("\n]")
	}
	b.WriteString("\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// jsonField is one key of a JSON object and its already encoded value.
type jsonField struct{ key, value string }

func writeJSONEntry(b *strings.Builder, e *stats.Entry) {
	timed := e.TimedRequests() > 0
	// Locust's sums start as the int 0 and become floats with the first
	// timed request (response times are float milliseconds).
	msOrZero := func(ms float64) string {
		if !timed {
			return "0"
		}
		return pyrepr.Float(ms)
	}
	last := "null"
	if !e.LastRequest.IsZero() {
		last = pyrepr.Float(unixSeconds(e.LastRequest.UnixNano()))
	}
	minRT := "null"
	if ms, ok := e.MinResponseTime(); ok {
		minRT = pyrepr.Float(ms)
	}
	var rts, reqs, fails []jsonField
	for _, c := range e.ResponseTimes() {
		rts = append(rts, jsonField{strconv.FormatInt(c.Ms, 10), strconv.FormatInt(c.Count, 10)})
	}
	for _, c := range e.RunSeconds {
		sec := strconv.FormatInt(c.Unix, 10)
		if c.Requests > 0 {
			reqs = append(reqs, jsonField{sec, strconv.FormatInt(c.Requests, 10)})
		}
		if c.Failures > 0 {
			fails = append(fails, jsonField{sec, strconv.FormatInt(c.Failures, 10)})
		}
	}
	b.WriteString("    ")
	b.WriteString(objectText(1, []jsonField{
		{"name", pyrepr.JSONString(e.Name)},
		{"method", pyrepr.JSONString(e.Method)},
		{"last_request_timestamp", last},
		{"start_time", pyrepr.Float(unixSeconds(e.StartTime.UnixNano()))},
		{"num_requests", strconv.FormatInt(e.NumRequests, 10)},
		{"num_none_requests", strconv.FormatInt(e.NumNoneRequests, 10)},
		{"num_failures", strconv.FormatInt(e.NumFailures, 10)},
		{"total_response_time", msOrZero(e.TotalResponseTime())},
		{"max_response_time", msOrZero(e.MaxResponseTime())},
		{"min_response_time", minRT},
		{"total_content_length", strconv.FormatInt(e.TotalContentLength, 10)},
		{"response_times", objectText(2, rts)},
		{"num_reqs_per_sec", objectText(2, reqs)},
		{"num_fail_per_sec", objectText(2, fails)},
	}))
}

// unixSeconds is Python's time.time() for an instant in Unix nanoseconds.
func unixSeconds(ns int64) float64 { return float64(ns) / 1e9 }

// objectText is fields as json.dumps(indent=4) lays out an object whose
// closing brace is depth levels deep: {} when empty, else one
// "key": value per line, one level deeper.
func objectText(depth int, fields []jsonField) string {
	if len(fields) == 0 {
		return "{}"
	}
	var b strings.Builder
	inner := strings.Repeat("    ", depth+1)
	b.WriteString("{\n")
	for i, f := range fields {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(inner)
		b.WriteString(pyrepr.JSONString(f.key))
		b.WriteString(": ")
		b.WriteString(f.value)
	}
	b.WriteString("\n")
	b.WriteString(strings.Repeat("    ", depth))
	b.WriteString("}")
	return b.String()
}
