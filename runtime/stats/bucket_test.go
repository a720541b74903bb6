package stats

import (
	"math"
	"math/rand"
	"sort"
	"testing"
	"time"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Expected values come from Locust's bucket_response_time run in CPython
// 3.11 (python3 -c 'print(bucket(x))'), offline.
func TestBucketResponseTime(t *testing.T) {
	t.Parallel()
	cases := []struct {
		ms   float64
		want int64
	}{
		{0.0, 0}, {0.4, 0}, {0.5, 0}, {0.5000000000000001, 1}, {1.5, 2}, {2.5, 2}, {3.5, 4},
		{99.4, 99}, {99.5, 100}, {99.50000000000001, 100}, {100.0, 100},
		{104.99999999999999, 100}, {105.0, 100}, {105.00000000000001, 110}, {115.0, 120},
		{125.0, 120}, {147.0, 150}, {994.9999999999999, 990}, {995.0, 1000}, {1000.0, 1000},
		{1050.0, 1000}, {1150.0, 1200}, {3432.0, 3400}, {9950.0, 10000}, {9949.999999999998, 9900},
		{10000.0, 10000}, {10500.0, 10000}, {11500.0, 12000}, {58760.0, 59000},
		{1234567.0, 1235000}, {188.8752410000052, 190}, {2.410879583341815, 2}, {1e-05, 0}, {0.0001, 0},
		{math.Inf(1), math.MaxInt64}, {math.NaN(), 0}, {9223372036854.775807, 9223372037000},
	}
	for _, c := range cases {
		if got := BucketResponseTime(c.ms); got != c.want {
			t.Errorf("BucketResponseTime(%v) = %d, want %d", c.ms, got, c.want)
		}
	}
}

// bucketWidth must describe the library's buckets exactly, or the midpoint
// used for every percentile would be off.
func TestBucketWidthMatchesLibrary(t *testing.T) {
	t.Parallel()
	h := hdr.New(histLowest, histHighest, histDigits)
	for _, v := range []int64{0, 1, 2047, 2048, 2050, 4095, 4096, 1 << 20, 123456, 99999999, histHighest - 5000} {
		low := v &^ (bucketWidth(v) - 1)
		w := bucketWidth(low)
		if !h.ValuesAreEquivalent(low, low+w-1) || h.ValuesAreEquivalent(low, low+w) {
			t.Errorf("value %d: bucket [%d, %d) does not match the library", v, low, low+w)
		}
		if low > 0 && h.ValuesAreEquivalent(low-1, low) {
			t.Errorf("value %d: %d is not a bucket's lowest value", v, low)
		}
	}
	p := newHist()
	_ = p.RecordValue(5001)
	p.ForEachBucket(func(value, _ int64) bool {
		if value != 5000 {
			t.Errorf("ForEachBucket reports %d for 5001, want the lowest equivalent 5000", value)
		}
		return true
	})
}

// locustBuckets is Locust's StatsEntry.response_times for exact samples.
func locustBuckets(ms []float64) map[int64]int64 {
	m := map[int64]int64{}
	for _, x := range ms {
		m[BucketResponseTime(x)]++
	}
	return m
}

// locustPercentile is calculate_response_time_percentile, literally.
func locustPercentile(buckets map[int64]int64, n int64, p float64) int64 {
	keys := make([]int64, 0, len(buckets))
	for k := range buckets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] > keys[j] })
	k := int64(float64(n) * p)
	var processed int64
	for _, rt := range keys {
		processed += buckets[rt]
		if n-processed <= k {
			return rt
		}
	}
	return 0
}

// locustMedian is median_response_time with median_from_dict, literally.
func locustMedian(buckets map[int64]int64, n int64, minMs, maxMs float64) float64 {
	keys := make([]int64, 0, len(buckets))
	for k := range buckets {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	pos := float64(n-1) / 2
	var med float64
	for _, k := range keys {
		if pos < float64(buckets[k]) {
			med = float64(k)
			break
		}
		pos -= float64(buckets[k])
	}
	if med > maxMs {
		return maxMs
	}
	if med < minMs {
		return minMs
	}
	return med
}

func entryOf(t *testing.T, samples []time.Duration) *Entry {
	t.Helper()
	s, _ := newTestStats()
	rec := s.Recorder()
	for _, d := range samples {
		rec.Record(&Request{Method: "GET", Name: "/", ResponseTime: d})
	}
	return s.Snapshot().Entry("GET", "/")
}

func TestMedianAndPercentileExamples(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	e := entryOf(t, []time.Duration{1 * ms, 2 * ms, 3 * ms, 4 * ms})
	if got := e.Percentile(0.5); got != 3 {
		t.Errorf("p50 of 1,2,3,4 ms = %d, want 3", got)
	}
	if got, bucketed := e.Median(); got != 2 || !bucketed {
		t.Errorf("median of 1,2,3,4 ms = %v (bucketed %v), want 2", got, bucketed)
	}
	if got := e.Percentile(1); got != 4 {
		t.Errorf("p100 = %d, want 4", got)
	}

	// One slow request: the bucket (190) is above the exact max, so the
	// median is the exact max, a float, as in Locust's CSV.
	e = entryOf(t, []time.Duration{188875241 * time.Nanosecond})
	if got, bucketed := e.Median(); got != 188.875241 || bucketed {
		t.Errorf("median of one 188.875241 ms sample = %v (bucketed %v), want the exact value", got, bucketed)
	}
	if got := e.Percentile(0.95); got != 190 {
		t.Errorf("p95 = %d, want 190", got)
	}
	if got := e.AvgResponseTime(); got != 188.875241 {
		t.Errorf("avg = %v", got)
	}

	e = entryOf(t, nil)
	if e != nil {
		t.Fatalf("no requests must mean no entry, got %+v", e)
	}
}

// The HDR-based percentiles must equal Locust's bucket-dict algorithm on
// the exact samples, except where a sample sits within the histogram's
// resolution of one of Locust's rounding boundaries.
func TestPercentilesAgreeWithLocust(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(7))
	ps := []float64{0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1}
	dists := map[string]func() float64{
		"exp20":   func() float64 { return r.ExpFloat64() * 20 },
		"uniform": func() float64 { return r.Float64() * 3000 },
		"wide":    func() float64 { return math.Exp(r.Float64() * 12) },
	}
	for name, gen := range dists {
		for _, n := range []int{1, 2, 3, 7, 100, 1001} {
			durs := make([]time.Duration, n)
			exact := make([]float64, n)
			for i := range durs {
				durs[i] = time.Duration(gen() * 1e6)
				exact[i] = float64(durs[i]) / 1e6
			}
			e := entryOf(t, durs)
			sorted := append([]float64(nil), exact...)
			sort.Float64s(sorted)
			buckets := locustBuckets(exact)
			got := make([]int64, len(ps))
			e.Percentiles(ps, got)
			for i, p := range ps {
				want := locustPercentile(buckets, int64(n), p)
				x := sorted[percentileRank(int64(n), p)]
				if got[i] != want && !nearBoundary(x) {
					t.Errorf("%s n=%d p=%v: got %d, Locust %d (sample %v)", name, n, p, got[i], want, x)
				}
			}
			med, _ := e.Median()
			want := locustMedian(buckets, int64(n), sorted[0], sorted[n-1])
			if med != want && !nearBoundary(sorted[(n-1)/2]) {
				t.Errorf("%s n=%d median: got %v, Locust %v", name, n, med, want)
			}
		}
	}
}

// nearBoundary reports whether x ms is within the histogram's error of a
// rounding boundary of BucketResponseTime.
func nearBoundary(x float64) bool {
	tol := math.Max(x/1500, 0.001)
	return BucketResponseTime(x-tol) != BucketResponseTime(x+tol)
}

// bucketIndex and bucketValue must be the library's bucket layout, or the
// count table would put samples into the wrong buckets.
func TestBucketIndexMatchesLibrary(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(9))
	values := []int64{0, 1, 2, 1023, 1024, 2047, 2048, 2049, 2050, 4095, 4096, 4097, 1 << 30, histHighest}
	for i := 0; i < 2000; i++ {
		values = append(values, r.Int63n(histHighest+1), r.Int63n(100000))
	}
	for _, v := range values {
		p := newHist()
		_ = p.RecordValue(v)
		var low int64 = -1
		p.ForEachBucket(func(value, _ int64) bool { low = value; return false })
		i := bucketIndex(v)
		if got := bucketValue(i); got != low {
			t.Fatalf("value %d: bucketValue(bucketIndex) = %d, library bucket starts at %d", v, got, low)
		}
		if i > 0 && bucketIndex(bucketValue(i)-1) != i-1 {
			t.Fatalf("value %d: indexes are not contiguous at %d", v, i)
		}
	}
}

func TestCountTable(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(4))
	var tab countTable
	for round := 0; round < 3; round++ { // reuse after draining
		direct, viaTable := newHist(), newHist()
		for i := 0; i < 5000; i++ {
			us := int64(r.ExpFloat64() * 30000)
			_ = direct.RecordValue(us)
			tab.add(bucketIndex(us))
		}
		tab.drainInto(viaTable)
		if tab.n != 0 || !equalHists(direct, viaTable) {
			t.Fatalf("round %d: table drained %d buckets differently from direct recording", round, viaTable.Populated())
		}
	}
	tab.add(5)
	tab.reset()
	h := newHist()
	tab.drainInto(h)
	if h.TotalCount() != 0 {
		t.Error("reset table still drained samples")
	}
}

func equalHists(a, b *hdr.PackedHistogram) bool {
	var av, bv [][2]int64
	a.ForEachBucket(func(v, c int64) bool { av = append(av, [2]int64{v, c}); return true })
	b.ForEachBucket(func(v, c int64) bool { bv = append(bv, [2]int64{v, c}); return true })
	if len(av) != len(bv) || a.TotalCount() != b.TotalCount() {
		return false
	}
	for i := range av {
		if av[i] != bv[i] {
			return false
		}
	}
	return true
}
