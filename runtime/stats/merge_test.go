package stats

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"

	"github.com/gust-load/gust/runtime/clock"
)

// workload records a deterministic mix of requests, failures and
// exceptions; record receives each with the index of the half it belongs to.
func workload(record func(half int, r *Request), exception func(half int, msg, tb string)) {
	r := rand.New(rand.NewSource(3))
	names := []string{"/", "/a", "/b?x=1", "/slow"}
	methods := []string{"GET", "POST"}
	var reqs []*Request
	for i := 0; i < 3000; i++ {
		off := time.Duration(i) * 9 * time.Millisecond // 27 s of traffic
		if i > 2000 {
			off += 40 * time.Second // a gap longer than the ring
		}
		rt := time.Duration(r.ExpFloat64() * float64(30*time.Millisecond))
		if i%97 == 0 {
			rt = -1
		}
		err := ""
		if i%11 == 0 {
			err = fmt.Sprintf("HTTPError('%d Server Error')", 500+i%3)
		}
		reqs = append(reqs, &Request{
			Method: methods[i%2], Name: names[(i/2)%len(names)], Error: err,
			ResponseTime: rt, ResponseLength: int64(r.Intn(5000)),
			StartTime: testStart.Add(off),
		})
	}
	// Requests are recorded when they finish.
	finish := func(q *Request) time.Time { return q.StartTime.Add(max(q.ResponseTime, 0)) }
	sort.SliceStable(reqs, func(i, j int) bool { return finish(reqs[i]).Before(finish(reqs[j])) })
	for i, req := range reqs {
		record(r.Intn(2), req)
		if i%500 == 0 {
			exception(i/500%2, fmt.Sprintf("msg %d", i), fmt.Sprintf("tb %d", i%1000))
		}
	}
}

func mustJSON(t *testing.T, s *Snapshot) []byte {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestMergeOfHalvesEqualsWhole(t *testing.T) {
	t.Parallel()
	c := clock.NewFake(testStart)
	whole := New(c)
	halves := [2]*Stats{New(c), New(c)}
	workload(func(h int, r *Request) {
		whole.Record(r)
		halves[h].Record(r)
	}, func(h int, msg, tb string) {
		c.Advance(time.Millisecond) // distinct first-seen times order the rows
		whole.RecordException(LocalNode, msg, tb)
		halves[h].RecordException(LocalNode, msg, tb)
	})
	c.Advance(70*time.Second - 6*time.Millisecond)

	a, b := halves[0].Snapshot(), halves[1].Snapshot()
	aJSON, bJSON := mustJSON(t, a), mustJSON(t, b)
	merged := a.Merge(b)
	want := whole.Snapshot()
	if got, w := mustJSON(t, merged), mustJSON(t, want); !bytes.Equal(got, w) {
		t.Errorf("merge of halves differs from the whole:\n got %s\nwant %s", got, w)
	}
	if !bytes.Equal(aJSON, mustJSON(t, a)) || !bytes.Equal(bJSON, mustJSON(t, b)) {
		t.Error("Merge modified an input")
	}
	// Derived values agree too.
	ps := []float64{0.5, 0.95, 0.99, 1}
	for _, e := range want.Entries {
		m := merged.Entry(e.Method, e.Name)
		g, w := make([]int64, len(ps)), make([]int64, len(ps))
		m.Percentiles(ps, g)
		e.Percentiles(ps, w)
		if fmt.Sprint(g) != fmt.Sprint(w) || merged.CurrentRPS(m) != want.CurrentRPS(e) || m.AvgResponseTime() != e.AvgResponseTime() {
			t.Errorf("%s %s: percentiles %v vs %v", e.Method, e.Name, g, w)
		}
	}
	if len(want.Errors) == 0 || len(want.Exceptions) != 2 {
		t.Fatalf("workload too small: %d errors, %d exceptions", len(want.Errors), len(want.Exceptions))
	}

	// Merging in the other order and with an empty snapshot.
	if got, w := mustJSON(t, b.Merge(a)), mustJSON(t, want); !bytes.Equal(got, w) {
		t.Error("merge is not symmetric")
	}
	empty := New(c).Snapshot()
	if got, w := mustJSON(t, want.Merge(empty)), mustJSON(t, want); !bytes.Equal(got, w) {
		t.Errorf("merging an empty snapshot changed it:\n got %s\nwant %s", got, w)
	}
}

func TestJSONRoundTrip(t *testing.T) {
	t.Parallel()
	c := clock.NewFake(testStart)
	s := New(c)
	workload(func(_ int, r *Request) { s.Record(r) }, func(_ int, msg, tb string) { s.RecordException("w1", msg, tb) })
	c.Advance(69 * time.Second)
	snap := s.Snapshot()
	data := mustJSON(t, snap)
	var back Snapshot
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if again := mustJSON(t, &back); !bytes.Equal(again, data) {
		t.Errorf("round trip changed the snapshot:\n got %s\nwant %s", again, data)
	}
	for i, e := range snap.Entries {
		d := back.Entries[i]
		if e.Percentile(0.99) != d.Percentile(0.99) || back.TotalRPS(d) != snap.TotalRPS(e) {
			t.Errorf("%s %s differs after the round trip", e.Method, e.Name)
		}
		cp, cok := e.CurrentPercentile(0.5)
		dp, dok := d.CurrentPercentile(0.5)
		if cp != dp || cok != dok {
			t.Errorf("%s %s current percentile differs: %d %v vs %d %v", e.Method, e.Name, cp, cok, dp, dok)
		}
	}
	if fmt.Sprint(back.ErrorsByKey()[0]) != fmt.Sprint(snap.ErrorsByKey()[0]) {
		t.Error("errors differ after the round trip")
	}
}

func TestUnmarshalRejectsBadInput(t *testing.T) {
	t.Parallel()
	s, _ := newTestStats()
	s.Record(at(0, 5*time.Millisecond, "GET", "/", ""))
	valid := string(mustJSON(t, s.Snapshot()))
	foreign := newForeignHist()
	cases := map[string]string{
		"not json":          `{"version":`,
		"wrong version":     strings.Replace(valid, `"version":1`, `"version":2`, 1),
		"negative count":    strings.Replace(valid, `"num_requests":1`, `"num_requests":-1`, 1),
		"count mismatch":    strings.Replace(valid, `"num_requests":1`, `"num_requests":2`, 1),
		"bad histogram":     strings.Replace(valid, `"histogram":"`, `"histogram":"!!`, 1),
		"foreign geometry":  replaceHist(valid, foreign),
		"duplicate entry":   strings.Replace(valid, `"entries":[`, `"entries":[`+entryJSON(valid)+`,`, 1),
		"min above max":     strings.Replace(valid, `"max_response_time_ns":5000000`, `"max_response_time_ns":1`, 1),
		"unordered seconds": strings.Replace(valid, `"per_second":[[`, `"per_second":[[9999999999,1,0],[`, 1),
	}
	for name, in := range cases {
		if in == valid {
			t.Errorf("%s: the test input was not changed", name)
			continue
		}
		var out Snapshot
		if err := json.Unmarshal([]byte(in), &out); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func newForeignHist() string {
	h := hdr.NewPacked(1, 1000, 2)
	_ = h.RecordValue(5000 % 1000)
	b, _ := h.Encode()
	return string(b)
}

func replaceHist(js, h string) string {
	i := strings.Index(js, `"histogram":"`) + len(`"histogram":"`)
	j := strings.Index(js[i:], `"`)
	return js[:i] + h + js[i+j:]
}

func entryJSON(js string) string {
	i := strings.Index(js, `"entries":[`) + len(`"entries":[`)
	depth := 0
	for j := i; j < len(js); j++ {
		switch js[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return js[i : j+1]
			}
		}
	}
	return ""
}

func FuzzUnmarshalSnapshot(f *testing.F) {
	s, c := newTestStats()
	rec := s.Recorder()
	rec.Record(at(0, 5*time.Millisecond, "GET", "/", "E('x')"))
	rec.Record(at(time.Second, -1, "POST", "/p", ""))
	s.RecordException(LocalNode, "m", "tb")
	c.Advance(2 * time.Second)
	data, err := json.Marshal(s.Snapshot())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"version":1,"total":{"name":"Aggregated"}}`))
	f.Add([]byte(`{"version":1,"entries":[{"num_requests":1,"num_none_requests":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var snap Snapshot
		if err := json.Unmarshal(data, &snap); err != nil {
			return
		}
		// Whatever decodes must be usable.
		out := snap.Merge(&snap)
		if _, err := json.Marshal(out); err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		for _, e := range append(out.Entries, out.Total) {
			e.Median()
			e.Percentile(0.99)
			e.CurrentPercentile(0.5)
			out.CurrentRPS(e)
			out.TotalRPS(e)
		}
	})
}
