package stats

import (
	"math"
	"math/bits"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// Histogram geometry, shared by every histogram the package makes so that any
// two of them (and any two snapshots, across processes) merge exactly.
const (
	// histLowest is 1 µs: values are recorded in whole microseconds.
	histLowest = 1
	// histHighest is one hour in microseconds. Longer response times are
	// recorded as one hour; the exact maximum is kept beside the histogram,
	// and percentiles are clamped to it.
	histHighest = 3_600_000_000
	// histDigits is the precision: 3 significant figures, so a recorded
	// value is within 1/2048 of the sample (exact below 2.048 ms). Locust's
	// own bucketing, applied afterwards, is coarser (about 2 figures).
	histDigits = 3
	// subBucketBits is log2 of the sub-bucket count (2048) that histDigits
	// gives with histLowest 1; it defines the width of each value bucket.
	subBucketBits = 11
)

// newHist returns an empty histogram with the package's geometry.
func newHist() *hdr.PackedHistogram {
	return hdr.NewPacked(histLowest, histHighest, histDigits)
}

// micros converts a response time in nanoseconds to the recorded value.
func micros(ns int64) int64 {
	us := ns / 1000
	if us > histHighest {
		return histHighest
	}
	return us
}

// bucketWidth is the width, in µs, of the histogram bucket whose lowest
// value is v: 1 below 2048, then doubling with each power of two.
func bucketWidth(v int64) int64 {
	n := bits.Len64(uint64(v))
	if n <= subBucketBits {
		return 1
	}
	return 1 << (n - subBucketBits)
}

// BucketResponseTime rounds a response time in milliseconds the way Locust's
// bucket_response_time does before storing it: to the nearest 1 ms below
// 100 ms, 10 ms below 1 s, 100 ms below 10 s and 1000 ms above, with Python's
// round-half-to-even on the exact binary value (0.5 → 0, 2.5 → 2, 105 → 100).
// Every percentile and median gust reports goes through it, so the numbers
// read like Locust's.
func BucketResponseTime(ms float64) int64 {
	switch {
	case ms != ms: // NaN: no sample can produce it
		return 0
	case ms >= 1<<53: // beyond any Duration; also keeps roundHalfEven exact
		return math.MaxInt64
	case ms < 100:
		return int64(math.RoundToEven(ms))
	case ms < 1000:
		return roundHalfEven(ms, 10)
	case ms < 10000:
		return roundHalfEven(ms, 100)
	default:
		return roundHalfEven(ms, 1000)
	}
}

// roundHalfEven rounds x to a multiple of unit, ties to the even multiple,
// deciding with exact comparisons (x/unit alone can round onto a tie).
func roundHalfEven(x, unit float64) int64 {
	n := math.Floor(x / unit)
	for n > 0 && n*unit > x {
		n--
	}
	for (n+1)*unit <= x {
		n++
	}
	lo := n * unit
	mid := lo + unit/2
	switch {
	case x < mid:
		return int64(lo)
	case x > mid:
		return int64(lo + unit)
	case math.Mod(n, 2) == 0:
		return int64(lo)
	default:
		return int64(lo + unit)
	}
}

// rankValuesMs returns, for each 0-based rank in ranks (ascending, each
// below h.TotalCount()), the value of the sample at that rank in
// milliseconds: the middle of its histogram bucket, clamped to the exact
// [minMs, maxMs] of the recorded samples. One pass over the buckets serves
// all ranks. out must have len(ranks) elements.
func rankValuesMs(h *hdr.PackedHistogram, ranks []int64, minMs, maxMs float64, out []float64) {
	i := 0
	var seen int64
	h.ForEachBucket(func(value, count int64) bool {
		seen += count
		for i < len(ranks) && ranks[i] < seen {
			ms := (float64(value) + float64(bucketWidth(value))/2) / 1000
			out[i] = math.Min(math.Max(ms, minMs), maxMs)
			i++
		}
		return i < len(ranks)
	})
	for ; i < len(ranks); i++ { // only if counts and ranks disagree
		out[i] = maxMs
	}
}

// percentileRank is Locust's k = int(n·p), the 0-based rank its descending
// bucket walk returns, limited to the last sample (p = 1 gives k = n).
func percentileRank(n int64, p float64) int64 {
	k := int64(float64(n) * p)
	if k >= n {
		k = n - 1
	}
	if k < 0 {
		k = 0
	}
	return k
}

func cloneHist(h *hdr.PackedHistogram) *hdr.PackedHistogram {
	if h == nil {
		return nil
	}
	return h.Clone()
}

// mergeHist adds b into a (which the caller owns) and returns it; either may
// be nil.
func mergeHist(a, b *hdr.PackedHistogram) *hdr.PackedHistogram {
	if b == nil || b.TotalCount() == 0 {
		return a
	}
	if a == nil {
		a = newHist()
	}
	a.Merge(b)
	return a
}
