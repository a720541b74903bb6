package stats

import (
	"math/bits"
	"slices"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// bucketIndex is the histogram's flat bucket index of a value in µs (the
// library's counts index for histDigits 3 and histLowest 1): values below
// 2048 have their own bucket; above, each power of two holds 1024 buckets.
func bucketIndex(us int64) int32 {
	if us < 1<<subBucketBits {
		return int32(us)
	}
	k := bits.Len64(uint64(us)) - subBucketBits
	return int32(k<<(subBucketBits-1) + int(us>>k))
}

// bucketValue is the lowest value of the bucket with index i.
func bucketValue(i int32) int64 {
	if i < 1<<subBucketBits {
		return int64(i)
	}
	k := int(i>>(subBucketBits-1)) - 1
	return int64(int(i)-k<<(subBucketBits-1)) << k
}

// countTable counts a partial's timed requests per histogram bucket, in an
// open-addressing hash table. Recording into a packed histogram costs a
// binary search over its populated buckets (tens of ns for a busy row);
// this costs one hash probe. When the partial is folded, drainInto adds the
// counts to a packed histogram in one sorted pass. Its memory follows the
// busiest second's distinct buckets (8 bytes a slot, at most half full).
type countTable struct {
	keys   []uint32 // bucket index + 1; 0 marks an empty slot
	counts []uint32
	n      int
	sorted []uint64 // drain scratch: index<<32 | count
	// sparse counts drains that used under an eighth of the table; after
	// shrinkAfter of them the storage is released, so a burst does not
	// pin a big table.
	sparse int
}

// shrinkAfter is how many sparse drains in a row release a big table.
const shrinkAfter = 8

func (t *countTable) add(i int32) {
	if 2*(t.n+1) > len(t.keys) {
		t.grow()
	}
	k := uint32(i) + 1
	mask := uint32(len(t.keys) - 1)
	for h := (k * 0x9E3779B1) >> 7 & mask; ; h = (h + 1) & mask {
		switch t.keys[h] {
		case k:
			t.counts[h]++
			return
		case 0:
			t.keys[h], t.counts[h] = k, 1
			t.n++
			return
		}
	}
}

func (t *countTable) grow() {
	oldKeys, oldCounts := t.keys, t.counts
	size := max(64, 2*len(oldKeys))
	t.keys, t.counts = make([]uint32, size), make([]uint32, size)
	mask := uint32(size - 1)
	for j, k := range oldKeys {
		if k == 0 {
			continue
		}
		h := (k * 0x9E3779B1) >> 7 & mask
		for t.keys[h] != 0 {
			h = (h + 1) & mask
		}
		t.keys[h], t.counts[h] = k, oldCounts[j]
	}
}

// drainInto adds the counted samples to h and empties the table, keeping
// its storage.
func (t *countTable) drainInto(h *hdr.PackedHistogram) {
	if t.n == 0 {
		return
	}
	s := t.sorted[:0]
	for j, k := range t.keys {
		if k != 0 {
			s = append(s, uint64(k-1)<<32|uint64(t.counts[j]))
			t.keys[j] = 0
		}
	}
	slices.Sort(s) // ascending buckets: each lands at the end of h's list
	for _, x := range s {
		// The value is inside the geometry, so recording cannot fail.
		_ = h.RecordValues(bucketValue(int32(x>>32)), int64(uint32(x)))
	}
	t.sorted = s[:0]
	t.emptied()
}

// reset empties the table without recording.
func (t *countTable) reset() {
	clear(t.keys)
	t.emptied()
}

// emptied notes a drain or reset of t.n buckets and releases the storage of
// a table that has long been mostly empty.
func (t *countTable) emptied() {
	if len(t.keys) > 256 && t.n*8 < len(t.keys) {
		t.sparse++
	} else {
		t.sparse = 0
	}
	t.n = 0
	if t.sparse >= shrinkAfter {
		t.keys, t.counts, t.sorted, t.sparse = nil, nil, nil, 0
	}
}
