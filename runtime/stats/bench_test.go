package stats

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

// benchRequests is a realistic mix: 20 names, two methods, exponential
// response times around 20 ms, 5% failures.
func benchRequests() []Request {
	r := rand.New(rand.NewSource(1))
	out := make([]Request, 4096)
	for i := range out {
		out[i] = Request{
			Method:         []string{"GET", "POST"}[i%2],
			Name:           fmt.Sprintf("/api/item/%d", r.Intn(20)),
			ResponseTime:   time.Duration(r.ExpFloat64() * float64(20*time.Millisecond)),
			ResponseLength: int64(r.Intn(10000)),
		}
		if i%20 == 0 {
			out[i].Error = "HTTPError('500 Server Error: Internal Server Error for url: /api')"
		}
	}
	return out
}

// stamp dates request i as if 100k requests a second were finishing (and
// being recorded) in order, so the per-second ring turns over during the
// benchmark as in a real run.
func stamp(req *Request, i int64) {
	req.StartTime = testStart.Add(time.Duration(i)*10*time.Microsecond - max(req.ResponseTime, 0))
}

// BenchmarkRecord measures one user recording through its Recorder,
// including its share of the flushes.
func BenchmarkRecord(b *testing.B) {
	s := New(clock.NewFake(testStart))
	reqs := benchRequests()
	rec := s.Recorder()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		req := &reqs[int(i)&(len(reqs)-1)]
		stamp(req, int64(i))
		rec.Record(req)
	}
}

// BenchmarkRecordParallel measures many users (one Recorder each) at once;
// run with -cpu 1,2 to see that they do not serialise on one lock.
func BenchmarkRecordParallel(b *testing.B) {
	s := New(clock.NewFake(testStart))
	base := benchRequests()
	var n atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		reqs := append([]Request(nil), base...)
		rec := s.Recorder()
		i := n.Add(1 << 40) // each goroutine its own stretch of time
		for pb.Next() {
			req := &reqs[int(i)&(len(reqs)-1)]
			stamp(req, i&(1<<40-1))
			rec.Record(req)
			i++
		}
	})
}

// BenchmarkStatsRecordParallel is the handle-less Stats.Record under load.
func BenchmarkStatsRecordParallel(b *testing.B) {
	s := New(clock.NewFake(testStart))
	base := benchRequests()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		reqs := append([]Request(nil), base...)
		var i int64
		for pb.Next() {
			req := &reqs[int(i)&(len(reqs)-1)]
			stamp(req, i)
			s.Record(req)
			i++
		}
	})
}

// filledStats returns statistics with names entries that all saw traffic
// during the last 20 seconds.
func filledStats(names int) (*Stats, *clock.Fake) {
	c := clock.NewFake(testStart)
	s := New(c)
	rec := s.Recorder()
	r := rand.New(rand.NewSource(2))
	for sec := 0; sec < 20; sec++ {
		for i := 0; i < 50*names/10; i++ {
			rec.Record(&Request{
				Method: "GET", Name: fmt.Sprintf("/n/%d", i%names),
				ResponseTime: time.Duration(r.ExpFloat64() * float64(20*time.Millisecond)),
				StartTime:    testStart.Add(time.Duration(sec)*time.Second + time.Duration(i)*time.Microsecond),
			})
		}
	}
	c.Advance(20 * time.Second)
	return s, c
}

// BenchmarkSnapshot measures a snapshot of 500 busy entries (every entry
// changed since the previous snapshot, the worst case).
func BenchmarkSnapshot(b *testing.B) {
	s, _ := filledStats(500)
	req := &Request{Method: "GET", ResponseTime: time.Millisecond, StartTime: testStart.Add(19 * time.Second)}
	names := make([]string, 500)
	for i := range names {
		names[i] = fmt.Sprintf("/n/%d", i)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		for _, n := range names { // touch every entry
			req.Name = n
			s.Record(req)
		}
		b.StartTimer()
		s.Snapshot()
	}
}

// BenchmarkSnapshotIdle is a snapshot when nothing changed.
func BenchmarkSnapshotIdle(b *testing.B) {
	s, _ := filledStats(500)
	s.Snapshot()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.Snapshot()
	}
}

// BenchmarkMerge merges two 500-entry snapshots, as a master would.
func BenchmarkMerge(b *testing.B) {
	s, _ := filledStats(500)
	a := s.Snapshot()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Merge(a)
	}
}

// BenchmarkMarshal encodes a 500-entry snapshot to JSON.
func BenchmarkMarshal(b *testing.B) {
	s, _ := filledStats(500)
	a := s.Snapshot()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data, err := json.Marshal(a)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
	}
}
