package pyparse

import (
	"os"
	"testing"
)

// BenchmarkParse parses a 300-line locustfile. gust's whole load-and-compile budget is 50 ms;
// the parser should stay well under 5 ms of it.
func BenchmarkParse(b *testing.B) {
	src, err := os.ReadFile("testdata/golden/bench_locustfile.py")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("locustfile.py", src); err != nil {
			b.Fatal(err)
		}
	}
}
