package shopserver

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// failures returns, for n requests to path, which ones were answered 500.
func failures(t *testing.T, s *Server, path string, n int) []bool {
	t.Helper()
	out := make([]bool, n)
	for i := range out {
		resp := call(s, request{method: "GET", path: path})
		switch resp.status {
		case http.StatusOK:
		case http.StatusInternalServerError:
			out[i] = true
		default:
			t.Fatalf("GET %s = %d %s", path, resp.status, resp.body)
		}
	}
	return out
}

func count(fails []bool) int {
	n := 0
	for _, f := range fails {
		if f {
			n++
		}
	}
	return n
}

func equal(a, b []bool) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestFlaky(t *testing.T) {
	t.Parallel()
	const n = 1000
	seeded := func(seed int64) []bool {
		return failures(t, newShop(t, Options{NoBaseLatency: true, Seed: seed}), "/flaky", n)
	}
	a := seeded(42)
	// One in five, within ±5 standard deviations (σ ≈ 12.6 for 1000 draws).
	if got := count(a); got < 137 || got > 263 {
		t.Errorf("seed 42: %d of %d /flaky requests failed, want about %d", got, n, n/5)
	}
	if b := seeded(42); !equal(a, b) {
		t.Error("two servers with seed 42 failed different /flaky requests")
	}
	if c := seeded(7); equal(a, c) {
		t.Error("seeds 42 and 7 failed the same /flaky requests")
	}
}

func TestErrorRate(t *testing.T) {
	t.Parallel()
	const n = 1000
	tests := []struct {
		rate     float64
		min, max int
	}{
		{0, 0, 0},
		{0.3, 300 - 73, 300 + 73}, // ±5σ, σ ≈ 14.5
		{1, n, n},
	}
	for _, tt := range tests {
		s := newShop(t, Options{NoBaseLatency: true, ErrorRate: tt.rate, Seed: 1})
		got := count(failures(t, s, "/status", n))
		if got < tt.min || got > tt.max {
			t.Errorf("error rate %v: %d of %d failed, want %d to %d", tt.rate, got, n, tt.min, tt.max)
		}
		// The control endpoints never fail, so tests can always read the counts.
		if resp := call(s, request{method: "GET", path: "/_/requests"}); resp.status != 200 {
			t.Errorf("error rate %v: GET /_/requests = %d", tt.rate, resp.status)
		}
	}
}

func TestDelayFor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		opts     Options
		lat      latency
		min, max time.Duration // max is exclusive
	}{
		{"page", Options{}, latPage, 1 * time.Millisecond, 3 * time.Millisecond},
		{"report", Options{}, latReport, 8 * time.Millisecond, 16 * time.Millisecond},
		{"none", Options{}, latNone, 0, 1},
		{"added latency", Options{Latency: 50 * time.Millisecond}, latFast, 50*time.Millisecond + 500*time.Microsecond, 51 * time.Millisecond},
		{"added jitter", Options{Jitter: 10 * time.Millisecond}, latNone, 0, 10 * time.Millisecond},
		{"no base latency", Options{NoBaseLatency: true, Latency: time.Millisecond}, latReport, time.Millisecond, time.Millisecond + 1},
	}
	for _, tt := range tests {
		s := newShop(t, tt.opts)
		for range 200 {
			if d := s.delayFor(tt.lat); d < tt.min || d >= tt.max {
				t.Fatalf("%s: delay %v outside [%v, %v)", tt.name, d, tt.min, tt.max)
			}
		}
	}
	// Every route's latency is "a few milliseconds" at most.
	for l := latNone; l <= latReport; l++ {
		if base, jitter := l.profile(); base+jitter > 20*time.Millisecond {
			t.Errorf("latency %d is up to %v", l, base+jitter)
		}
	}
}

// TestInterruptedDelay checks that a request whose client has gone, or whose server is
// stopping, stops waiting and is answered 503 instead of sleeping on.
func TestInterruptedDelay(t *testing.T) {
	t.Parallel()
	s := newShop(t, Options{Latency: time.Hour})
	for _, path := range []string{"/", "/slow?ms=60000"} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		w := httptest.NewRecorder()
		s.ServeHTTP(w, httptest.NewRequestWithContext(ctx, "GET", path, nil))
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("GET %s with a cancelled context = %d, want 503", path, w.Code)
		}
	}
}
