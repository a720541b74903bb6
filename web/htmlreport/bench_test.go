package htmlreport

import (
	"bytes"
	"testing"

	"github.com/gust-load/gust/runtime/history"
)

// BenchmarkWriteHTML renders the report of a run with the sampler's largest
// history.
func BenchmarkWriteHTML(b *testing.B) {
	d := data()
	d.History = points(history.DefaultMaxPoints)
	b.ReportAllocs()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WriteHTML(&buf, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/op-file")
}
