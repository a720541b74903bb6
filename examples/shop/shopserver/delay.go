package shopserver

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"
)

// latency names a route's own response time: a base plus a uniformly random part. Reads are
// quick, writes that "touch a database" slower, reports slowest, as in a real shop.
type latency int

const (
	latNone latency = iota
	latFast
	latPage
	latQuery
	latWrite
	latCheckout
	latReport
)

// profile returns the base and jitter of l; the delay is base + [0, jitter).
func (l latency) profile() (base, jitter time.Duration) {
	switch l {
	case latFast:
		return 500 * time.Microsecond, 500 * time.Microsecond
	case latPage:
		return 1 * time.Millisecond, 2 * time.Millisecond
	case latQuery:
		return 2 * time.Millisecond, 3 * time.Millisecond
	case latWrite:
		return 3 * time.Millisecond, 4 * time.Millisecond
	case latCheckout:
		return 5 * time.Millisecond, 5 * time.Millisecond
	case latReport:
		return 8 * time.Millisecond, 8 * time.Millisecond
	default:
		return 0, 0
	}
}

// Salts keep the pseudo-random streams derived from one seed independent of each other.
const (
	saltFlaky  = 0x5eed_f1a4
	saltErrors = 0x5eed_e220
)

// chance reports whether event n of a stream fails with probability p: a pure function of seed,
// salt and n, so a sequence of requests fails at the same positions on every run, however the
// requests interleave.
func chance(seed int64, salt, n uint64, p float64) bool {
	return float64(splitmix64(uint64(seed)^salt+n)>>11)/(1<<53) < p
}

// splitmix64 is the finaliser of the SplitMix64 generator: a cheap, well-mixed bijection of
// uint64, which makes consecutive n look independent.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// randDuration returns a uniformly random duration in [0, d). It uses math/rand/v2's per-thread
// generator, so concurrent requests do not contend on a shared source.
func randDuration(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}

// delayFor is the total delay a request to a route with latency l waits before it is handled.
func (s *Server) delayFor(l latency) time.Duration {
	d := s.opts.Latency + randDuration(s.opts.Jitter)
	if !s.opts.NoBaseLatency {
		base, jitter := l.profile()
		d += base + randDuration(jitter)
	}
	return d
}

// sleep waits for d, or until ctx is done (the client went away or the server is stopping);
// it reports whether the full time passed.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// shop wraps a route's handler with what every shop endpoint shares: the route's latency plus
// the configured one, then an injected failure at Options.ErrorRate.
func (s *Server) shop(l latency, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !sleep(r.Context(), s.delayFor(l)) {
			interrupted(w)
			return
		}
		if s.opts.ErrorRate > 0 && chance(s.opts.Seed, saltErrors, s.errorSeq.Add(1), s.opts.ErrorRate) {
			writeJSON(w, http.StatusInternalServerError, errorBody{Error: "injected failure (error rate)"})
			return
		}
		h(w, r)
	})
}

// interrupted answers a request whose delay was cut short. If the client went away nobody
// reads it; if the server is stopping, the client learns why instead of seeing a reset.
func interrupted(w http.ResponseWriter) {
	w.Header().Set("Connection", "close")
	writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: "server stopping"})
}
