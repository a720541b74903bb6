package web

import (
	"testing"

	"github.com/gust-load/gust/runtime/runner"
)

// BenchmarkRequestsJSON measures the /stats/requests body (and the
// websocket stats message) for a run with 500 request names and 500
// failure rows: built once a second while a page is open.
func BenchmarkRequestsJSON(b *testing.B) {
	snap := syntheticStats(500, 1)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		data, err := marshalJSON(newRequestsJSON(snap, string(runner.StateRunning), 100))
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes/op-body")
}

// BenchmarkHistoryMessage measures the websocket "history" message for an
// hour of points, sent once to each page that connects.
func BenchmarkHistoryMessage(b *testing.B) {
	points := syntheticHistory(3600)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		data, err := encode("history", newHistoryJSON(points))
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes/op-body")
}
