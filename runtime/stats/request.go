// Package stats records requests and task exceptions the way Locust's
// RequestStats does — one entry per (method, name) plus an Aggregated total,
// failures grouped by (method, name, error), exceptions grouped by traceback —
// with HdrHistogram percentiles, a recording path that does not serialise
// users on one lock, and immutable snapshots that serialise and merge exactly
// across processes.
package stats

import "time"

// Request is one finished request, as Locust's request event reports it.
type Request struct {
	// Method is the request type ("GET", "POST", or any custom type).
	Method string
	// Name is the statistics name (the name= argument, or the path).
	Name string
	// ResponseTime runs from sending the request to reading its last byte.
	// A negative value means "no time" (Locust's response_time=None): the
	// request is counted but not timed.
	ResponseTime time.Duration
	// ResponseLength is the body length in bytes.
	ResponseLength int64
	// Error is empty for a success. For a failure it is the error text as
	// Locust keys its failures table: repr of the exception, for example
	// "HTTPError('404 Client Error: Not Found for url: /missing')" or
	// "CatchResponseError('too slow')".
	Error string
	// StartTime is when the request was sent.
	StartTime time.Time
}

// Failed reports whether the request is a failure.
func (r *Request) Failed() bool { return r.Error != "" }
