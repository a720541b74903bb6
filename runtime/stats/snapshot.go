package stats

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Snapshot is the statistics at one instant. It is immutable: Stats never
// changes a snapshot it returned, so the console, the CSV writers and the
// web UI read it from any goroutine without locks (and must not modify it
// either). Snapshots merge exactly (Merge) and serialise (MarshalJSON).
type Snapshot struct {
	// Time is when the snapshot was taken; the current-percentile window
	// ends at its second.
	Time time.Time
	// Entries holds one entry per (method, name), sorted by (name, method)
	// as Locust sorts its rows.
	Entries []*Entry
	// Total is the Aggregated entry (Method "", Name "Aggregated"). It
	// received every sample itself; it is not a sum of Entries. Its
	// StartTime and LastRequest are the run's, used by every rate.
	Total *Entry
	// Errors lists the failures grouped by (method, name, error) in
	// first-seen order, the order of Locust's console error report.
	Errors []*Error
	// Exceptions lists task exceptions grouped by traceback, in first-seen
	// order.
	Exceptions []*Exception
}

// Entry is one row of statistics: a (method, name) pair or the Aggregated
// total, with Locust's StatsEntry fields and derived values.
type Entry struct {
	// Method is the request type; "" for Aggregated.
	Method string
	// Name is the statistics name; "Aggregated" for the total.
	Name string
	// NumRequests counts every request, failed or not, timed or not.
	NumRequests int64
	// NumNoneRequests counts requests logged without a response time.
	NumNoneRequests int64
	// NumFailures counts failed requests (also counted in NumRequests).
	NumFailures int64
	// TotalContentLength is the sum of response lengths in bytes.
	TotalContentLength int64
	// StartTime is when the entry was created or last reset.
	StartTime time.Time
	// LastRequest is when the latest request finished; zero if none.
	LastRequest time.Time
	// PerSecond holds request and failure counts of the entry's most recent
	// seconds with traffic (within 24 seconds of its newest), oldest first:
	// enough for Locust's current rates.
	PerSecond []SecondCount
	// RunSeconds holds the request and failure counts of every second of
	// the run with traffic, oldest first; only SnapshotWithRunSeconds
	// fills it in.
	RunSeconds []SecondCount

	sum          nsSum
	minNs, maxNs int64 // minNs is MaxInt64 while nothing is timed
	hist         *hdr.PackedHistogram
	window       window
}

// window is the histogram of the current-percentile window (see
// liveEntry.windowStart), with the exact extremes of its samples.
type window struct {
	hist         *hdr.PackedHistogram // nil when the window has no timed sample
	minNs, maxNs int64
	ok           bool // a window exists (Locust found a cached copy)
}

// SecondCount is the traffic of one Unix second.
type SecondCount struct {
	// Unix is the second; Requests and Failures its counts.
	Unix     int64
	Requests int64
	Failures int64
}

// Error is one row of the failures table.
type Error struct {
	// Method and Name are the failing request's entry.
	Method string
	Name   string
	// Error is the error text: the exception's repr with any
	// "object at 0x…" address replaced by "0x....", as Locust's parse_error.
	Error string
	// Occurrences counts the failures; FirstSeen and LastSeen bound them.
	Occurrences int64
	FirstSeen   time.Time
	LastSeen    time.Time
	// Key is Locust's key for the error: the hex sha256 of
	// "<method>.<name>.<repr(error)>". Its failures CSV is sorted by it.
	Key string
}

// Exception is one row of the exceptions table: every task exception with
// the same formatted traceback.
type Exception struct {
	// Count is how many times it happened.
	Count int64
	// Message is str(exception) of the first occurrence.
	Message   string
	Traceback string
	// Nodes lists, sorted, where it happened: LocalNode standalone, worker
	// ids on a master.
	Nodes []string
	// FirstSeen is when it was first recorded; it orders the rows.
	FirstSeen time.Time
}

// TimedRequests is the number of requests with a response time.
func (e *Entry) TimedRequests() int64 { return e.NumRequests - e.NumNoneRequests }

// TotalResponseTime is the sum of response times in milliseconds.
func (e *Entry) TotalResponseTime() float64 { return e.sum.ms() }

// MinResponseTime is the exact fastest response time in milliseconds; ok is
// false when nothing was timed (Locust's None).
func (e *Entry) MinResponseTime() (ms float64, ok bool) {
	if e.minNs == math.MaxInt64 {
		return 0, false
	}
	return nsToMs(e.minNs), true
}

// MaxResponseTime is the exact slowest response time in milliseconds, 0
// when nothing was timed.
func (e *Entry) MaxResponseTime() float64 { return nsToMs(e.maxNs) }

// AvgResponseTime is total / timed requests in milliseconds, 0 if none.
func (e *Entry) AvgResponseTime() float64 {
	n := e.TimedRequests()
	if n <= 0 {
		return 0
	}
	return e.sum.ms() / float64(n)
}

// AvgContentLength is total content length / requests, 0 if none.
func (e *Entry) AvgContentLength() float64 {
	if e.NumRequests == 0 {
		return 0
	}
	return float64(e.TotalContentLength) / float64(e.NumRequests)
}

// FailRatio is failures / requests; 1 when there are failures but no
// requests, 0 when there are neither.
func (e *Entry) FailRatio() float64 {
	if e.NumRequests == 0 {
		if e.NumFailures > 0 {
			return 1
		}
		return 0
	}
	return float64(e.NumFailures) / float64(e.NumRequests)
}

// BucketCount is the number of timed requests in one of Locust's
// response-time buckets (see BucketResponseTime), in milliseconds.
type BucketCount struct {
	Ms    int64
	Count int64
}

// ResponseTimes is Locust's response_times table: the timed requests
// counted per bucket, ascending. Each histogram bucket (within 1/2048 of
// its samples) counts at its midpoint, clamped to the exact min and max.
func (e *Entry) ResponseTimes() []BucketCount {
	if e.histCount() == 0 {
		return nil
	}
	minMs, maxMs := nsToMs(e.minNs), nsToMs(e.maxNs)
	var out []BucketCount
	e.hist.ForEachBucket(func(value, count int64) bool {
		ms := (float64(value) + float64(bucketWidth(value))/2) / 1000
		b := BucketResponseTime(math.Min(math.Max(ms, minMs), maxMs))
		if n := len(out); n > 0 && out[n-1].Ms == b {
			out[n-1].Count += count
		} else {
			out = append(out, BucketCount{Ms: b, Count: count})
		}
		return true
	})
	return out
}

// HasResponseTimes reports whether any request was timed (Locust prints a
// percentile row only for such entries).
func (e *Entry) HasResponseTimes() bool { return e.hist != nil && e.hist.TotalCount() > 0 }

// Median is Locust's median_response_time: the lower median of the timed
// samples, bucketed, then clamped to the exact [min, max]. bucketed is true
// when the value is an integer bucket (Locust prints an int) and false when
// the clamp replaced it with the exact min or max (Locust prints that
// float). It is (0, true) when nothing was timed.
func (e *Entry) Median() (ms float64, bucketed bool) {
	n := e.histCount()
	if n == 0 {
		return 0, true
	}
	minMs, maxMs := nsToMs(e.minNs), nsToMs(e.maxNs)
	var v [1]float64
	rankValuesMs(e.hist, []int64{(n - 1) / 2}, minMs, maxMs, v[:])
	b := float64(BucketResponseTime(v[0]))
	switch {
	case b > maxMs:
		return maxMs, false
	case b < minMs:
		return minMs, false
	}
	return b, true
}

// Percentile is Locust's response-time percentile over the whole run, p in
// [0, 1]: the sample of rank int(n·p), bucketed. 0 when nothing was timed.
func (e *Entry) Percentile(p float64) int64 {
	var out [1]int64
	e.Percentiles([]float64{p}, out[:])
	return out[0]
}

// Percentiles fills out[i] with Percentile(ps[i]) in one pass; ps must be
// ascending.
func (e *Entry) Percentiles(ps []float64, out []int64) {
	percentiles(e.hist, e.minNs, e.maxNs, ps, out)
}

// CurrentPercentile is the percentile over about the last 10 seconds, as
// Locust's get_current_response_time_percentile computes it at the
// snapshot's time (its window rule is described at liveEntry.windowStart).
// ok is false when Locust would return None (no window: the web UI shows
// null, the CSV 0); an empty window gives (0, true).
func (e *Entry) CurrentPercentile(p float64) (ms int64, ok bool) {
	var out [1]int64
	ok = e.CurrentPercentiles([]float64{p}, out[:])
	return out[0], ok
}

// CurrentPercentiles fills out[i] with the current percentile ps[i] (ps
// ascending) and returns CurrentPercentile's ok; out is all zeros for an
// empty or missing window.
func (e *Entry) CurrentPercentiles(ps []float64, out []int64) bool {
	percentiles(e.window.hist, e.window.minNs, e.window.maxNs, ps, out)
	return e.window.ok
}

func (e *Entry) histCount() int64 {
	if e.hist == nil {
		return 0
	}
	return e.hist.TotalCount()
}

func percentiles(h *hdr.PackedHistogram, minNs, maxNs int64, ps []float64, out []int64) {
	var n int64
	if h != nil {
		n = h.TotalCount()
	}
	if n == 0 {
		for i := range out[:len(ps)] {
			out[i] = 0
		}
		return
	}
	ranks := make([]int64, len(ps))
	for i, p := range ps {
		ranks[i] = percentileRank(n, p)
	}
	vals := make([]float64, len(ps))
	rankValuesMs(h, ranks, nsToMs(minNs), nsToMs(maxNs), vals)
	for i, v := range vals {
		out[i] = BucketResponseTime(v)
	}
}

// TotalRPS is Locust's total_rps for e: its requests divided by the run's
// duration (Aggregated last request − start), 0 before any request.
func (s *Snapshot) TotalRPS(e *Entry) float64 { return s.perRunSecond(e.NumRequests) }

// TotalFailPerSec is total_rps for failures.
func (s *Snapshot) TotalFailPerSec(e *Entry) float64 { return s.perRunSecond(e.NumFailures) }

func (s *Snapshot) perRunSecond(n int64) float64 {
	t := s.Total
	if t == nil || t.LastRequest.IsZero() || t.StartTime.IsZero() {
		return 0
	}
	d := t.LastRequest.Sub(t.StartTime).Seconds()
	if d == 0 {
		return 0
	}
	return float64(n) / d
}

// CurrentRPS is Locust's current_rps for e: its mean requests per second
// over the whole seconds max(L−12, S) … L−3, where L and S are the run's
// last-request and start seconds — at most 10 seconds, skipping the newest
// 3 that may still be filling. 0 until such a second exists.
func (s *Snapshot) CurrentRPS(e *Entry) float64 {
	return s.currentRate(e, func(c SecondCount) int64 { return c.Requests })
}

// CurrentFailPerSec is CurrentRPS for failures.
func (s *Snapshot) CurrentFailPerSec(e *Entry) float64 {
	return s.currentRate(e, func(c SecondCount) int64 { return c.Failures })
}

func (s *Snapshot) currentRate(e *Entry, count func(SecondCount) int64) float64 {
	t := s.Total
	if t == nil || t.LastRequest.IsZero() {
		return 0
	}
	last := floorDiv(t.LastRequest.UnixNano(), 1e9)
	var start int64
	if !t.StartTime.IsZero() {
		start = floorDiv(t.StartTime.UnixNano(), 1e9)
	}
	from, to := max(last-12, start), last-2 // Python's range(from, to)
	var sum int64
	for _, c := range e.PerSecond {
		if c.Unix >= from && c.Unix < to {
			sum += count(c)
		}
	}
	return float64(sum) / float64(max(to-from, 1))
}

// ErrorsByKey returns the errors in the order of Locust's failures CSV:
// sorted by Key.
func (s *Snapshot) ErrorsByKey() []*Error {
	out := append([]*Error(nil), s.Errors...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// Entry returns the entry for (method, name), or nil.
func (s *Snapshot) Entry(method, name string) *Entry {
	i := sort.Search(len(s.Entries), func(i int) bool {
		return !entryLess(s.Entries[i].Name, s.Entries[i].Method, name, method)
	})
	if i < len(s.Entries) && s.Entries[i].Name == name && s.Entries[i].Method == method {
		return s.Entries[i]
	}
	return nil
}

// entryLess orders entries by (name, method), as Python sorts the tuples.
func entryLess(name1, method1, name2, method2 string) bool {
	if name1 != name2 {
		return name1 < name2
	}
	return method1 < method2
}

func sortEntries(es []*Entry) {
	slices.SortFunc(es, func(a, b *Entry) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Method, b.Method)
	})
}

func sortSeconds(cs []SecondCount) {
	slices.SortFunc(cs, func(a, b SecondCount) int { return cmp.Compare(a.Unix, b.Unix) })
}

func nsToMs(ns int64) float64 { return float64(ns) / 1e6 }

// unixTime converts Unix ns to a time, UTC so that snapshots print the same
// wherever they are made.
func unixTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }
