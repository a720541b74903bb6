package web

import (
	"math"
	"strings"
	"time"

	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
)

// MaxRows is how many entries and failures /stats/requests lists at most,
// as Locust truncates them (the Aggregated row always comes on top of the
// entries): a page with thousands of rows renders too slowly.
const MaxRows = 500

// The JSON shapes below follow Locust 2.46's web.py and stats.py field for
// field, in their declaration order; gust adds
// "response_time_percentile_0.9", which its UI shows.

// entryJSON is StatsEntry.to_dict.
type entryJSON struct {
	Method             string  `json:"method"`
	Name               string  `json:"name"`
	NumRequests        int64   `json:"num_requests"`
	NumFailures        int64   `json:"num_failures"`
	MinResponseTime    float64 `json:"min_response_time"`
	MaxResponseTime    float64 `json:"max_response_time"`
	CurrentRPS         float64 `json:"current_rps"`
	CurrentFailPerSec  float64 `json:"current_fail_per_sec"`
	AvgResponseTime    float64 `json:"avg_response_time"`
	MedianResponseTime float64 `json:"median_response_time"`
	TotalRPS           float64 `json:"total_rps"`
	TotalFailPerSec    float64 `json:"total_fail_per_sec"`
	P90                int64   `json:"response_time_percentile_0.9"`
	P95                int64   `json:"response_time_percentile_0.95"`
	P99                int64   `json:"response_time_percentile_0.99"`
	AvgContentLength   float64 `json:"avg_content_length"`
}

// errorJSON is StatsError.serialize; times are Unix seconds.
type errorJSON struct {
	Method      string   `json:"method"`
	Name        string   `json:"name"`
	Error       string   `json:"error"`
	Occurrences int64    `json:"occurrences"`
	FirstSeen   *float64 `json:"first_seen"`
	LastSeen    *float64 `json:"last_seen"`
}

// currentPercentilesJSON is the Aggregated current percentiles of
// PERCENTILES_TO_CHART, null before a window exists.
type currentPercentilesJSON struct {
	P50 *float64 `json:"response_time_percentile_0.5"`
	P95 *float64 `json:"response_time_percentile_0.95"`
}

// requestsJSON is the body of GET /stats/requests; the websocket "stats"
// message adds Time (Unix milliseconds). A local run has no workers, so
// Locust's master-only "workers" and "worker_count" are absent.
type requestsJSON struct {
	Stats                          []entryJSON            `json:"stats"`
	Errors                         []errorJSON            `json:"errors"`
	CurrentRPS                     float64                `json:"current_rps"`
	CurrentFailPerSec              float64                `json:"current_fail_per_sec"`
	TotalRPS                       float64                `json:"total_rps"`
	TotalFailPerSec                float64                `json:"total_fail_per_sec"`
	FailRatio                      float64                `json:"fail_ratio"`
	CurrentResponseTimePercentiles currentPercentilesJSON `json:"current_response_time_percentiles"`
	State                          string                 `json:"state"`
	UserCount                      int                    `json:"user_count"`
	Time                           *int64                 `json:"time,omitempty"`
}

// statsPercentiles are the whole-run percentiles of each row (Locust's
// PERCENTILES_TO_STATISTICS plus 0.9), ascending as Entry.Percentiles needs.
func statsPercentiles() []float64 { return []float64{0.9, 0.95, 0.99} }

// finite keeps NaN and infinities, which JSON cannot carry, out of a body.
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

func newEntryJSON(s *stats.Snapshot, e *stats.Entry) entryJSON {
	var pct [3]int64
	e.Percentiles(statsPercentiles(), pct[:])
	minMs, _ := e.MinResponseTime() // 0 when nothing was timed, as Locust
	median, _ := e.Median()
	return entryJSON{
		Method:             e.Method,
		Name:               e.Name,
		NumRequests:        e.NumRequests,
		NumFailures:        e.NumFailures,
		MinResponseTime:    math.Round(finite(minMs)),
		MaxResponseTime:    math.Round(finite(e.MaxResponseTime())),
		CurrentRPS:         finite(s.CurrentRPS(e)),
		CurrentFailPerSec:  finite(s.CurrentFailPerSec(e)),
		AvgResponseTime:    finite(e.AvgResponseTime()),
		MedianResponseTime: finite(median),
		TotalRPS:           finite(s.TotalRPS(e)),
		TotalFailPerSec:    finite(s.TotalFailPerSec(e)),
		P90:                pct[0],
		P95:                pct[1],
		P99:                pct[2],
		AvgContentLength:   finite(e.AvgContentLength()),
	}
}

func unixSeconds(t time.Time) *float64 {
	if t.IsZero() {
		return nil
	}
	v := float64(t.UnixNano()) / 1e9
	return &v
}

// newRequestsJSON builds the /stats/requests body from a snapshot.
func newRequestsJSON(s *stats.Snapshot, state string, userCount int) *requestsJSON {
	n := min(len(s.Entries), MaxRows)
	r := &requestsJSON{
		Stats:     make([]entryJSON, 0, n+1),
		Errors:    make([]errorJSON, 0, min(len(s.Errors), MaxRows)),
		State:     state,
		UserCount: userCount,
	}
	for _, e := range s.Entries[:n] {
		r.Stats = append(r.Stats, newEntryJSON(s, e))
	}
	for _, e := range s.Errors[:min(len(s.Errors), MaxRows)] {
		r.Errors = append(r.Errors, errorJSON{
			Method: e.Method, Name: e.Name, Error: e.Error, Occurrences: e.Occurrences,
			FirstSeen: unixSeconds(e.FirstSeen), LastSeen: unixSeconds(e.LastSeen),
		})
	}
	if s.Total == nil {
		return r
	}
	total := newEntryJSON(s, s.Total)
	r.Stats = append(r.Stats, total)
	r.CurrentRPS = total.CurrentRPS
	r.CurrentFailPerSec = total.CurrentFailPerSec
	r.TotalRPS = total.TotalRPS
	r.TotalFailPerSec = total.TotalFailPerSec
	r.FailRatio = finite(s.Total.FailRatio())
	var pct [2]int64
	if s.Total.CurrentPercentiles(history.ChartPercentiles(), pct[:]) {
		p50, p95 := float64(pct[0]), float64(pct[1])
		r.CurrentResponseTimePercentiles = currentPercentilesJSON{P50: &p50, P95: &p95}
	}
	return r
}

// exceptionJSON is one row of GET /exceptions.
type exceptionJSON struct {
	Count     int64  `json:"count"`
	Msg       string `json:"msg"`
	Traceback string `json:"traceback"`
	Nodes     string `json:"nodes"`
}

type exceptionsJSON struct {
	Exceptions []exceptionJSON `json:"exceptions"`
}

func newExceptionsJSON(s *stats.Snapshot) exceptionsJSON {
	out := exceptionsJSON{Exceptions: make([]exceptionJSON, 0, len(s.Exceptions))}
	for _, e := range s.Exceptions {
		out.Exceptions = append(out.Exceptions, exceptionJSON{
			Count: e.Count, Msg: e.Message, Traceback: e.Traceback, Nodes: strings.Join(e.Nodes, ", "),
		})
	}
	return out
}

// tasksJSON is GET /tasks.
type tasksJSON struct {
	PerClass user.RatioList `json:"per_class"`
	Total    user.RatioList `json:"total"`
}

// logsJSON is GET /logs; a local run has no workers.
type logsJSON struct {
	Master  []string            `json:"master"`
	Workers map[string][]string `json:"workers"`
}

// historyPointJSON is one point of the websocket "history" message: time in
// Unix milliseconds, the percentiles null where Locust has None.
type historyPointJSON struct {
	Time                 int64    `json:"time"`
	UserCount            int      `json:"user_count"`
	CurrentRPS           float64  `json:"current_rps"`
	CurrentFailPerSec    float64  `json:"current_fail_per_sec"`
	P50                  *float64 `json:"response_time_percentile_0.5"`
	P95                  *float64 `json:"response_time_percentile_0.95"`
	TotalAvgResponseTime float64  `json:"total_avg_response_time"`
}

type historyJSON struct {
	Points []historyPointJSON `json:"points"`
}

func newHistoryJSON(points []history.Point) historyJSON {
	out := historyJSON{Points: make([]historyPointJSON, 0, len(points))}
	for _, p := range points {
		q := historyPointJSON{
			Time:                 p.Time.UnixMilli(),
			UserCount:            p.UserCount,
			CurrentRPS:           finite(p.CurrentRPS),
			CurrentFailPerSec:    finite(p.CurrentFailPerSec),
			TotalAvgResponseTime: finite(p.TotalAvgResponseTime),
		}
		if p.HasPercentiles {
			p50, p95 := finite(p.ResponseTimeP50), finite(p.ResponseTimeP95)
			q.P50, q.P95 = &p50, &p95
		}
		out.Points = append(out.Points, q)
	}
	return out
}

// stateJSON is the websocket "state" message.
type stateJSON struct {
	State     string `json:"state"`
	UserCount int    `json:"user_count"`
}

// message is a websocket message: {"type": T, "data": D}.
type message struct {
	Type string `json:"type"`
	Data any    `json:"data"`
}
