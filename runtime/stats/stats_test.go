package stats

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

// testStart is a whole second, so tests can reason in Unix seconds.
var testStart = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newTestStats() (*Stats, *clock.Fake) {
	c := clock.NewFake(testStart)
	return New(c), c
}

// at builds a request that finished at testStart + off.
func at(off, rt time.Duration, method, name, err string) *Request {
	return &Request{
		Method: method, Name: name, Error: err,
		ResponseTime: rt, ResponseLength: 10,
		StartTime: testStart.Add(off - rt),
	}
}

func TestCountsAndDerivedValues(t *testing.T) {
	t.Parallel()
	s, c := newTestStats()
	rec := s.Recorder()
	rec.Record(&Request{Method: "GET", Name: "/a", ResponseTime: 2 * time.Millisecond, ResponseLength: 100})
	rec.Record(&Request{Method: "GET", Name: "/a", ResponseTime: 4 * time.Millisecond, ResponseLength: 200, Error: "boom"})
	rec.Record(&Request{Method: "GET", Name: "/a", ResponseTime: -1, ResponseLength: 300})
	s.Record(&Request{Method: "POST", Name: "/a", ResponseTime: 0})
	c.Advance(1500 * time.Millisecond)
	snap := s.Snapshot()

	e := snap.Entry("GET", "/a")
	if e == nil {
		t.Fatal("no GET /a entry")
	}
	if e.NumRequests != 3 || e.NumFailures != 1 || e.NumNoneRequests != 1 || e.TimedRequests() != 2 {
		t.Errorf("counts = %d/%d/%d", e.NumRequests, e.NumFailures, e.NumNoneRequests)
	}
	if got := e.AvgResponseTime(); got != 3 {
		t.Errorf("avg = %v, want 3 (none requests excluded)", got)
	}
	if got := e.AvgContentLength(); got != 200 {
		t.Errorf("avg content = %v, want 200", got)
	}
	if mn, ok := e.MinResponseTime(); !ok || mn != 2 || e.MaxResponseTime() != 4 {
		t.Errorf("min/max = %v %v / %v", mn, ok, e.MaxResponseTime())
	}
	if got := e.FailRatio(); got != 1.0/3 {
		t.Errorf("fail ratio = %v", got)
	}
	if got := e.TotalResponseTime(); got != 6 {
		t.Errorf("total = %v", got)
	}
	if snap.Total.NumRequests != 4 || snap.Total.NumFailures != 1 {
		t.Errorf("total counts = %d/%d", snap.Total.NumRequests, snap.Total.NumFailures)
	}
	if snap.Total.Name != "Aggregated" || snap.Total.Method != "" {
		t.Errorf("total is %q %q", snap.Total.Method, snap.Total.Name)
	}
	// Entries sort by (name, method): GET /a before POST /a.
	if len(snap.Entries) != 2 || snap.Entries[0].Method != "GET" || snap.Entries[1].Method != "POST" {
		t.Errorf("entry order wrong: %v", names(snap))
	}
	p := snap.Entry("POST", "/a")
	if mn, ok := p.MinResponseTime(); !ok || mn != 0 {
		t.Errorf("a 0 ms request must count as timed, min = %v %v", mn, ok)
	}
	// All four requests finished at the start instant: rates divide by 0.
	if got := snap.TotalRPS(snap.Total); got != 0 {
		t.Errorf("total rps with zero duration = %v", got)
	}
}

func names(s *Snapshot) []string {
	var out []string
	for _, e := range s.Entries {
		out = append(out, e.Method+" "+e.Name)
	}
	return out
}

func TestEntrySortOrder(t *testing.T) {
	t.Parallel()
	s, _ := newTestStats()
	for _, k := range [][2]string{{"POST", "/"}, {"GET", "/err"}, {"GET", "/"}, {"DELETE", "/b"}, {"GET", "/B"}} {
		s.Record(&Request{Method: k[0], Name: k[1], ResponseTime: time.Millisecond})
	}
	got := fmt.Sprint(names(s.Snapshot()))
	want := "[GET / POST / GET /B DELETE /b GET /err]"
	if got != want {
		t.Errorf("order = %s, want %s", got, want)
	}
}

func TestRates(t *testing.T) {
	t.Parallel()
	s, c := newTestStats()
	rec := s.Recorder()
	// Second k (k = 0..15 after the start) carries k+1 requests, one failed
	// every even second.
	for k := 0; k < 16; k++ {
		for i := 0; i <= k; i++ {
			err := ""
			if i == 0 && k%2 == 0 {
				err = "x"
			}
			rec.Record(at(time.Duration(k)*time.Second+time.Duration(i)*time.Millisecond, time.Millisecond, "GET", "/", err))
		}
	}
	c.Advance(16 * time.Second)
	snap := s.Snapshot()
	// L = start+15 (+15 ms), S = start: range(max(L-12, S), L-2) is
	// seconds 3..12, carrying 4..13 requests: mean 8.5.
	if got := snap.CurrentRPS(snap.Total); got != 8.5 {
		t.Errorf("current rps = %v, want 8.5", got)
	}
	if got := snap.CurrentFailPerSec(snap.Total); got != 0.5 {
		t.Errorf("current fail/s = %v, want 0.5", got)
	}
	e := snap.Entry("GET", "/")
	if got := snap.CurrentRPS(e); got != 8.5 {
		t.Errorf("entry current rps = %v", got)
	}
	// 136 requests over 15.015 s.
	run := (15*time.Second + 15*time.Millisecond).Seconds()
	if got, want := snap.TotalRPS(snap.Total), 136/run; got != want {
		t.Errorf("total rps = %v, want %v", got, want)
	}
	if got, want := snap.TotalFailPerSec(e), 8/run; got != want {
		t.Errorf("total fail/s = %v, want %v", got, want)
	}

	// Early in a run the range is short or empty.
	s2, _ := newTestStats()
	s2.Record(at(2*time.Second, time.Millisecond, "GET", "/", ""))
	snap2 := s2.Snapshot()
	if got := snap2.CurrentRPS(snap2.Total); got != 0 {
		t.Errorf("current rps with an empty range = %v", got)
	}
	s2.Record(at(4*time.Second, time.Millisecond, "GET", "/", ""))
	snap2 = s2.Snapshot()
	// L = start+4: range(start, start+2) holds seconds 0, 1 with 0 requests.
	if got := snap2.CurrentRPS(snap2.Total); got != 0 {
		t.Errorf("current rps = %v", got)
	}
	s2.Record(at(5*time.Second, time.Millisecond, "GET", "/", ""))
	snap2 = s2.Snapshot()
	// L = start+5: seconds 0..2, one request at second 2.
	if got := snap2.CurrentRPS(snap2.Total); got != 1.0/3 {
		t.Errorf("current rps = %v, want 1/3", got)
	}
}

// The current percentiles follow Locust's response-times cache. The
// expected values were computed offline by running Locust 2.46's stats.py
// (RequestStats with time.time patched) on the same requests.
func TestCurrentPercentileWindow(t *testing.T) {
	t.Parallel()
	s, c := newTestStats()
	rec := s.Recorder()
	// Slow requests at seconds 0..4, fast ones at 10..14, recorded in order.
	for k := 0; k < 5; k++ {
		rec.Record(at(time.Duration(k)*time.Second, 500*time.Millisecond, "GET", "/", ""))
	}
	for k := 0; k < 5; k++ {
		rec.Record(at(time.Duration(k+10)*time.Second, 5*time.Millisecond, "GET", "/", ""))
	}
	type want struct {
		entryP95, totalP50 int64
		ok                 bool
	}
	check := func(off time.Duration, w want) {
		t.Helper()
		c.Advance(testStart.Add(off).Sub(c.Now()))
		snap := s.Snapshot()
		p95, ok1 := snap.Entry("GET", "/").CurrentPercentile(0.95)
		p50, ok2 := snap.Total.CurrentPercentile(0.5)
		if p95 != w.entryP95 || p50 != w.totalP50 || ok1 != w.ok || ok2 != w.ok {
			t.Errorf("at +%v: entry p95 %d %v, total p50 %d %v; want %+v", off, p95, ok1, p50, ok2, w)
		}
	}
	// At 14 s the newest copy near t−10 is key 3: the window is seconds 4..14.
	check(14100*time.Millisecond, want{500, 5, true})
	// Idle since 14 s: key 13 stays in reach, so second 14 is the window.
	check(24*time.Second, want{5, 5, true})
	check(31*time.Second, want{5, 5, true})
	// Beyond t−18: no copy, Locust's None.
	check(32*time.Second, want{0, 0, false})
	if got, _ := s.Snapshot().Total.Median(); got != 5 {
		t.Errorf("cumulative median = %v, want 5", got)
	}

	// After a reset the copy at the reset second is replaced by the first
	// new second's, which holds the first request after the reset.
	c.Advance(8 * time.Second) // 40 s
	s.Reset()
	rec.Record(at(40500*time.Millisecond, 7*time.Millisecond, "GET", "/", ""))
	rec.Record(at(41200*time.Millisecond, 9*time.Millisecond, "GET", "/", ""))
	rec.Record(at(43*time.Second, 11*time.Millisecond, "GET", "/", ""))
	for _, off := range []time.Duration{43500 * time.Millisecond, 50 * time.Second, 53 * time.Second, 60 * time.Second} {
		check(off, want{11, 11, true})
		e := s.Snapshot().Entry("GET", "/")
		if got, _ := e.CurrentPercentile(0.5); got != 11 {
			t.Errorf("at +%v after reset: p50 %d, want 11", off, got)
		}
	}
	check(61*time.Second, want{0, 0, false})
}

// A long run crosses many ring cycles; every sample must still reach the
// cumulative histogram exactly once, in order or a little late.
func TestCumulativeAcrossRingCycles(t *testing.T) {
	t.Parallel()
	s, c := newTestStats()
	rec := s.Recorder()
	var n int64
	for k := 0; k < 100; k++ {
		for i := 0; i < 3; i++ {
			off := time.Duration(k)*time.Second + time.Duration(i)*300*time.Millisecond
			rec.Record(at(off, time.Duration(k+1)*time.Millisecond, "GET", "/", ""))
			n++
		}
		if k%7 == 0 && k > 3 { // a late sample, two seconds back
			rec.Record(at(time.Duration(k-2)*time.Second, time.Millisecond, "GET", "/", ""))
			n++
		}
		if k%25 == 0 { // a very late one, beyond the ring
			rec.Record(at(time.Duration(k-40)*time.Second, time.Millisecond, "GET", "/", ""))
			n++
		}
		if k%10 == 0 {
			c.Advance(10 * time.Second)
			s.Snapshot()
		}
	}
	snap := s.Snapshot()
	e := snap.Entry("GET", "/")
	if e.NumRequests != n || e.hist.TotalCount() != n || snap.Total.hist.TotalCount() != n {
		t.Errorf("requests %d, histogram %d, total histogram %d, want %d", e.NumRequests, e.hist.TotalCount(), snap.Total.hist.TotalCount(), n)
	}
	if len(e.PerSecond) > ringSize {
		t.Errorf("%d per-second counts kept", len(e.PerSecond))
	}
	if got := e.Percentile(1); got != 100 {
		t.Errorf("p100 = %d, want 100", got)
	}
}

func TestErrorsTable(t *testing.T) {
	t.Parallel()
	s, _ := newTestStats()
	rec := s.Recorder()
	rec.Record(at(3*time.Second, time.Millisecond, "POST", "/", "CatchResponseError('custom failure msg')"))
	rec.Record(at(1*time.Second, time.Millisecond, "GET", "/missing", "HTTPError('404 Client Error: Not Found for url: /missing')"))
	rec.Record(at(2*time.Second, time.Millisecond, "GET", "/o", "Err(<Foo object at 0x7f12ab>, <Foo object at 0x7f12ab>)"))
	rec.Record(at(4*time.Second, time.Millisecond, "GET", "/o", "Err(<Foo object at 0x7f99cd>, <Foo object at 0x7f99cd>)"))
	rec.Record(at(5*time.Second, time.Millisecond, "GET", "/o", "Err(<Foo object at 0x7f99cd>, <Foo object at 0x7f99cd>)"))
	rec.Record(at(6*time.Second, time.Millisecond, "POST", "/", "CatchResponseError('custom failure msg')"))
	snap := s.Snapshot()
	if len(snap.Errors) != 3 {
		t.Fatalf("%d error rows, want 3: %+v", len(snap.Errors), snap.Errors)
	}
	// First-seen order.
	want := []struct {
		name, text  string
		occ         int64
		first, last int
	}{
		{"/missing", "HTTPError('404 Client Error: Not Found for url: /missing')", 1, 1, 1},
		{"/o", "Err(<Foo object at 0x....>, <Foo object at 0x....>)", 3, 2, 5},
		{"/", "CatchResponseError('custom failure msg')", 2, 3, 6},
	}
	for i, w := range want {
		e := snap.Errors[i]
		if e.Name != w.name || e.Error != w.text || e.Occurrences != w.occ ||
			!e.FirstSeen.Equal(testStart.Add(time.Duration(w.first)*time.Second)) ||
			!e.LastSeen.Equal(testStart.Add(time.Duration(w.last)*time.Second)) {
			t.Errorf("row %d = %+v, want %+v", i, e, w)
		}
	}
	// Keys computed by Locust's create_key in CPython.
	keys := map[string]string{
		"/missing": "b662e1d6e13e22a67d0b329c184fe1d00394e7718b9316e3a7815820fca3bb88",
		"/":        "3c6f6ba427017c6d2d7678c0ee28696d75e23975a0b7b954d3924450e240b57d",
	}
	for _, e := range snap.Errors {
		if k, ok := keys[e.Name]; ok && e.Key != k {
			t.Errorf("key of %s = %s, want %s", e.Name, e.Key, k)
		}
	}
	byKey := snap.ErrorsByKey()
	for i := 1; i < len(byKey); i++ {
		if byKey[i-1].Key > byKey[i].Key {
			t.Errorf("ErrorsByKey not sorted")
		}
	}
}

func TestNormalizeError(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"plain":                               "plain",
		"<x.Y object at 0x7fab>":              "<x.Y object at 0x....>",
		"<x.Y object at 0x7fab> and 0x7fab":   "<x.Y object at 0x....> and 0x....",
		"object at 0x7fab no closing bracket": "object at 0x7fab no closing bracket",
	}
	for in, want := range cases {
		if got := normalizeError(in); got != want {
			t.Errorf("normalizeError(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPyRepr(t *testing.T) {
	t.Parallel()
	// Right-hand sides printed by CPython 3.11's repr().
	cases := map[string]string{
		"plain":         `'plain'`,
		"it's":          `"it's"`,
		`say "hi"`:      `'say "hi"'`,
		`say "hi" it's`: `'say "hi" it\'s'`,
		"tab\there\n\x01é\u200b😀\\\x7f\u0085\u00a0\u2028\U000e0001": `'tab\there\n\x01é\u200b😀\\\x7f\x85\xa0\u2028\U000e0001'`,
	}
	for in, want := range cases {
		if got := PyRepr(in); got != want {
			t.Errorf("PyRepr(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestExceptions(t *testing.T) {
	t.Parallel()
	s, _ := newTestStats()
	s.RecordException(LocalNode, "first", "tb2")
	s.RecordException(LocalNode, "other", "tb1")
	s.RecordException("w2", "second message", "tb2")
	snap := s.Snapshot()
	if len(snap.Exceptions) != 2 {
		t.Fatalf("%d exception rows", len(snap.Exceptions))
	}
	e := snap.Exceptions[0]
	if e.Traceback != "tb2" || e.Count != 2 || e.Message != "first" || fmt.Sprint(e.Nodes) != "[local w2]" {
		t.Errorf("row 0 = %+v", e)
	}
	s.Reset()
	if got := len(s.Snapshot().Exceptions); got != 2 {
		t.Errorf("Reset must keep exceptions (Locust's reset_all), have %d", got)
	}
	s.ResetExceptions()
	if got := len(s.Snapshot().Exceptions); got != 0 {
		t.Errorf("ResetExceptions left %d", got)
	}
}

func TestResetAndClear(t *testing.T) {
	t.Parallel()
	s, c := newTestStats()
	rec := s.Recorder()
	rec.Record(at(0, time.Millisecond, "GET", "/", "e"))
	s.RecordException(LocalNode, "m", "tb")
	s.Snapshot()
	rec.Record(at(0, time.Millisecond, "GET", "/unflushed", "")) // still in a shard buffer
	c.Advance(5 * time.Second)
	s.Reset()
	snap := s.Snapshot()
	if len(snap.Entries) != 1 || snap.Entries[0].NumRequests != 0 || snap.Entries[0].HasResponseTimes() {
		t.Errorf("after Reset entries = %v (%+v)", names(snap), snap.Entries)
	}
	if snap.Total.NumRequests != 0 || len(snap.Errors) != 0 || len(snap.Exceptions) != 1 {
		t.Errorf("after Reset: total %d, errors %d, exceptions %d", snap.Total.NumRequests, len(snap.Errors), len(snap.Exceptions))
	}
	if !snap.Total.StartTime.Equal(testStart.Add(5*time.Second)) || !snap.Entries[0].StartTime.Equal(snap.Total.StartTime) {
		t.Errorf("start times after Reset: %v, %v", snap.Total.StartTime, snap.Entries[0].StartTime)
	}
	if !snap.Total.LastRequest.IsZero() {
		t.Errorf("last request after Reset = %v", snap.Total.LastRequest)
	}
	if m, _ := snap.Entries[0].Median(); m != 0 || snap.Entries[0].Percentile(0.5) != 0 {
		t.Errorf("median/percentile of a reset entry = %v", m)
	}
	c.Advance(time.Second)
	s.Clear()
	snap = s.Snapshot()
	if len(snap.Entries) != 0 || len(snap.Exceptions) != 0 || !snap.Total.StartTime.Equal(testStart.Add(6*time.Second)) {
		t.Errorf("after Clear: %v, %d exceptions, start %v", names(snap), len(snap.Exceptions), snap.Total.StartTime)
	}
}

// An idle entry's snapshot is shared with the previous snapshot until
// something it shows changes.
func TestSnapshotReusesIdleEntries(t *testing.T) {
	t.Parallel()
	s, c := newTestStats()
	s.Record(at(0, time.Millisecond, "GET", "/idle", ""))
	s.Record(at(0, time.Millisecond, "GET", "/busy", ""))
	a := s.Snapshot()
	s.Record(at(0, time.Millisecond, "GET", "/busy", ""))
	b := s.Snapshot()
	if a.Entry("GET", "/idle") != b.Entry("GET", "/idle") {
		t.Error("idle entry was copied")
	}
	if a.Entry("GET", "/busy") == b.Entry("GET", "/busy") || b.Entry("GET", "/busy").NumRequests != 2 {
		t.Error("busy entry was not refreshed")
	}
	if _, ok := b.Entry("GET", "/idle").CurrentPercentile(0.5); ok {
		t.Error("no window yet: the creation copy is not 2 s old")
	}
	c.Advance(5 * time.Second) // the creation copy comes into reach
	d := s.Snapshot()
	if d.Entry("GET", "/idle") == b.Entry("GET", "/idle") {
		t.Error("entry reused although its window changed")
	}
	if got, ok := d.Entry("GET", "/idle").CurrentPercentile(0.5); !ok || got != 1 {
		t.Errorf("window = %d %v, want 1 true", got, ok)
	}
	c.Advance(20 * time.Second) // and out of reach again
	if _, ok := s.Snapshot().Entry("GET", "/idle").CurrentPercentile(0.5); ok {
		t.Error("window should be gone")
	}
}

func TestConcurrentRecording(t *testing.T) {
	t.Parallel()
	s, c := newTestStats()
	const users, each = 8, 2000
	var wg sync.WaitGroup
	for u := 0; u < users; u++ {
		wg.Add(1)
		go func(u int) {
			defer wg.Done()
			rec := s.Recorder()
			for i := 0; i < each; i++ {
				req := at(time.Duration(i)*time.Millisecond, time.Duration(i%50)*time.Millisecond,
					"GET", fmt.Sprintf("/%d", i%5), "")
				if i%3 == 0 {
					req.Error = "bad"
				}
				if u%2 == 0 {
					rec.Record(req)
				} else {
					s.Record(req)
				}
			}
		}(u)
	}
	done := make(chan struct{})
	go func() { // snapshots race with recording
		defer close(done)
		for i := 0; i < 20; i++ {
			s.Snapshot()
		}
	}()
	wg.Wait()
	<-done
	c.Advance(time.Second)
	snap := s.Snapshot()
	var sum int64
	for _, e := range snap.Entries {
		sum += e.NumRequests
	}
	if snap.Total.NumRequests != users*each || sum != users*each {
		t.Errorf("total %d, entries %d, want %d", snap.Total.NumRequests, sum, users*each)
	}
	var fails int64
	for _, e := range snap.Errors {
		fails += e.Occurrences
	}
	if want := int64(users * ((each + 2) / 3)); snap.Total.NumFailures != want || fails != want {
		t.Errorf("failures %d, error occurrences %d, want %d", snap.Total.NumFailures, fails, want)
	}
}

// Once rows, buckets and per-second slots exist, recording — including the
// folds at each new second — does not allocate.
func TestRecordDoesNotAllocate(t *testing.T) {
	s, _ := newTestStats()
	rec := s.Recorder()
	reqs := []*Request{
		at(0, 3*time.Millisecond, "GET", "/a", ""),
		at(0, 7*time.Millisecond, "POST", "/b", "HTTPError('500')"),
		at(0, -1, "GET", "/c", ""),
	}
	i := 0
	f := func() {
		r := reqs[i%len(reqs)]
		// 2000 requests a second: every 2000 calls a new second folds.
		r.StartTime = testStart.Add(time.Duration(i) * 500 * time.Microsecond)
		rec.Record(r)
		s.Record(r)
		i++
	}
	for j := 0; j < 2*ringSize*2000; j++ { // warm up: every slot has its storage
		f()
	}
	// AllocsPerRun rounds down; count every allocation of 10000 calls (five
	// folds) instead. A histogram still allocates when a bucket's count
	// outgrows its byte width (255, 65535, …), which happens a few times in
	// a run; anything per call or per fold would show here.
	// The count is the process's, so a goroutine of the test framework may
	// add to it on a busy machine: the least of three batches counts (an
	// allocation per call or per fold would show in all three).
	least := uint64(math.MaxUint64)
	for range 3 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for j := 0; j < 10000; j++ {
			f()
		}
		runtime.ReadMemStats(&after)
		least = min(least, after.Mallocs-before.Mallocs)
	}
	if least > 4 {
		t.Errorf("10000 Record calls allocated %d times", least)
	}
}

// TestRunSeconds: with KeepRunSeconds, an entry lists the requests and
// failures of every second of the run (Locust's num_reqs_per_sec and
// num_fail_per_sec), far beyond the ring's span, also when shards fold
// their seconds out of order; without it, nothing is kept.
func TestRunSeconds(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{true, false} {
		s, c := newTestStats()
		if keep {
			s.KeepRunSeconds()
		}
		rec, other := s.Recorder(), s.Recorder()
		want := map[int64]SecondCount{}
		add := func(off time.Duration, err string) {
			r := rec
			if off/time.Second%3 == 1 || off%time.Second == 3*time.Millisecond {
				// Another shard: its seconds are folded later, so they
				// reach the entry out of order, or in two parts.
				r = other
			}
			r.Record(at(off, time.Millisecond, "GET", "/", err))
			sec := testStart.Add(off).Unix()
			w := want[sec]
			w.Unix = sec
			w.Requests++
			if err != "" {
				w.Failures++
			}
			want[sec] = w
		}
		for k := 0; k < 3*ringSize; k++ {
			add(time.Duration(k)*time.Second, "")
			if k%5 == 0 {
				add(time.Duration(k)*time.Second+time.Millisecond, "boom")
			}
			if k%4 == 0 {
				add(time.Duration(k)*time.Second+3*time.Millisecond, "")
			}
			if k%10 == 0 {
				c.Advance(10 * time.Second)
				s.Snapshot()
			}
		}
		snap := s.SnapshotWithRunSeconds()
		for _, e := range []*Entry{snap.Entry("GET", "/"), snap.Total} {
			if !keep {
				if e.RunSeconds != nil {
					t.Errorf("%s: run seconds kept without KeepRunSeconds", e.Name)
				}
				continue
			}
			if len(e.RunSeconds) != len(want) {
				t.Fatalf("%s: %d seconds, want %d", e.Name, len(e.RunSeconds), len(want))
			}
			for i, got := range e.RunSeconds {
				if got != want[got.Unix] || (i > 0 && got.Unix <= e.RunSeconds[i-1].Unix) {
					t.Fatalf("%s: second %d = %+v, want %+v, ascending", e.Name, i, got, want[got.Unix])
				}
			}
		}
		if plain := s.Snapshot(); plain.Entry("GET", "/").RunSeconds != nil {
			t.Error("Snapshot filled RunSeconds")
		}
	}
}

// TestResponseTimes: the response_times table counts every timed request
// in Locust's bucket of its response time.
func TestResponseTimes(t *testing.T) {
	t.Parallel()
	s, _ := newTestStats()
	rec := s.Recorder()
	for _, rt := range []time.Duration{
		400 * time.Microsecond, 1200 * time.Microsecond, 1400 * time.Microsecond, 99 * time.Millisecond,
		147 * time.Millisecond, 152 * time.Millisecond, 3432 * time.Millisecond, 58760 * time.Millisecond,
	} {
		rec.Record(&Request{Method: "GET", Name: "/", ResponseTime: rt})
	}
	rec.Record(&Request{Method: "GET", Name: "/", ResponseTime: -1})
	got := s.Snapshot().Entry("GET", "/").ResponseTimes()
	want := []BucketCount{{0, 1}, {1, 2}, {99, 1}, {150, 2}, {3400, 1}, {59000, 1}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("response times %v, want %v", got, want)
	}
}
