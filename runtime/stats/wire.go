package stats

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"

	hdr "github.com/HdrHistogram/hdrhistogram-go"
)

// wireVersion is the serialised snapshot format; decoding rejects others.
const wireVersion = 1

// The wire structs are the JSON form of a snapshot. Times are Unix
// nanoseconds (absent means Locust's None); histograms use the HDR
// library's V2 compressed base64 encoding, readable by any HdrHistogram
// implementation.
type wireSnapshot struct {
	Version    int             `json:"version"`
	Time       int64           `json:"time"`
	Entries    []wireEntry     `json:"entries"`
	Total      wireEntry       `json:"total"`
	Errors     []wireError     `json:"errors"`
	Exceptions []wireException `json:"exceptions"`
}

type wireEntry struct {
	Method             string     `json:"method"`
	Name               string     `json:"name"`
	NumRequests        int64      `json:"num_requests"`
	NumNoneRequests    int64      `json:"num_none_requests"`
	NumFailures        int64      `json:"num_failures"`
	TotalContentLength int64      `json:"total_content_length"`
	TotalResponseTime  [2]uint64  `json:"total_response_time_ns"` // high, low 64 bits
	MinResponseTime    *int64     `json:"min_response_time_ns,omitempty"`
	MaxResponseTime    int64      `json:"max_response_time_ns"`
	StartTime          int64      `json:"start_time"`
	LastRequest        *int64     `json:"last_request_timestamp,omitempty"`
	PerSecond          [][3]int64 `json:"per_second,omitempty"` // unix second, requests, failures
	Histogram          string     `json:"histogram,omitempty"`
	Window             *wireWin   `json:"window,omitempty"`
}

// wireWin is present when the entry has a current-percentile window; its
// histogram is empty when the window holds no timed sample.
type wireWin struct {
	Histogram       string `json:"histogram,omitempty"`
	MinResponseTime int64  `json:"min_response_time_ns"`
	MaxResponseTime int64  `json:"max_response_time_ns"`
}

type wireError struct {
	Method      string `json:"method"`
	Name        string `json:"name"`
	Error       string `json:"error"`
	Occurrences int64  `json:"occurrences"`
	FirstSeen   int64  `json:"first_seen"`
	LastSeen    int64  `json:"last_seen"`
}

type wireException struct {
	Count     int64    `json:"count"`
	Message   string   `json:"msg"`
	Traceback string   `json:"traceback"`
	Nodes     []string `json:"nodes"`
	FirstSeen int64    `json:"first_seen"`
}

// MarshalJSON encodes the snapshot for another process (a worker's report
// to its master); UnmarshalJSON reads it back so that Merge is exact.
func (s *Snapshot) MarshalJSON() ([]byte, error) {
	w := wireSnapshot{Version: wireVersion, Time: s.Time.UnixNano()}
	var err error
	if s.Total != nil {
		if w.Total, err = toWire(s.Total); err != nil {
			return nil, err
		}
	}
	w.Entries = make([]wireEntry, 0, len(s.Entries))
	for _, e := range s.Entries {
		we, err := toWire(e)
		if err != nil {
			return nil, err
		}
		w.Entries = append(w.Entries, we)
	}
	w.Errors = make([]wireError, 0, len(s.Errors))
	for _, e := range s.Errors {
		w.Errors = append(w.Errors, wireError{
			Method: e.Method, Name: e.Name, Error: e.Error, Occurrences: e.Occurrences,
			FirstSeen: e.FirstSeen.UnixNano(), LastSeen: e.LastSeen.UnixNano(),
		})
	}
	w.Exceptions = make([]wireException, 0, len(s.Exceptions))
	for _, e := range s.Exceptions {
		w.Exceptions = append(w.Exceptions, wireException{
			Count: e.Count, Message: e.Message, Traceback: e.Traceback, Nodes: e.Nodes, FirstSeen: e.FirstSeen.UnixNano(),
		})
	}
	return json.Marshal(w)
}

func toWire(e *Entry) (wireEntry, error) {
	w := wireEntry{
		Method: e.Method, Name: e.Name,
		NumRequests: e.NumRequests, NumNoneRequests: e.NumNoneRequests, NumFailures: e.NumFailures,
		TotalContentLength: e.TotalContentLength,
		TotalResponseTime:  [2]uint64{e.sum.Hi, e.sum.Lo},
		MaxResponseTime:    e.maxNs,
		StartTime:          e.StartTime.UnixNano(),
	}
	if e.minNs != math.MaxInt64 {
		w.MinResponseTime = &e.minNs
	}
	if !e.LastRequest.IsZero() {
		ns := e.LastRequest.UnixNano()
		w.LastRequest = &ns
	}
	for _, c := range e.PerSecond {
		w.PerSecond = append(w.PerSecond, [3]int64{c.Unix, c.Requests, c.Failures})
	}
	var err error
	if w.Histogram, err = encodeHist(e.hist); err != nil {
		return w, fmt.Errorf("encode histogram of %s %s: %w", e.Method, e.Name, err)
	}
	if e.window.ok {
		h, err := encodeHist(e.window.hist)
		if err != nil {
			return w, fmt.Errorf("encode window histogram of %s %s: %w", e.Method, e.Name, err)
		}
		w.Window = &wireWin{Histogram: h, MinResponseTime: e.window.minNs, MaxResponseTime: e.window.maxNs}
	}
	return w, nil
}

func encodeHist(h *hdr.PackedHistogram) (string, error) {
	if h == nil || h.TotalCount() == 0 {
		return "", nil
	}
	b, err := h.Encode()
	return string(b), err
}

// UnmarshalJSON decodes a snapshot written by MarshalJSON, rejecting
// anything inconsistent (negative counts, foreign histogram geometry,
// histogram totals that disagree with the counters) so that a bad report
// cannot corrupt a merge.
func (s *Snapshot) UnmarshalJSON(data []byte) error {
	var w wireSnapshot
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("decode stats snapshot: %w", err)
	}
	if w.Version != wireVersion {
		return fmt.Errorf("decode stats snapshot: unsupported version %d (want %d)", w.Version, wireVersion)
	}
	out := Snapshot{Time: unixTime(w.Time)}
	var err error
	if out.Total, err = fromWire(&w.Total); err != nil {
		return fmt.Errorf("decode stats snapshot: total: %w", err)
	}
	seen := make(map[entryKey]bool, len(w.Entries))
	for i := range w.Entries {
		e, err := fromWire(&w.Entries[i])
		if err != nil {
			return fmt.Errorf("decode stats snapshot: entry %s %q: %w", w.Entries[i].Method, w.Entries[i].Name, err)
		}
		k := entryKey{e.Name, e.Method}
		if seen[k] {
			return fmt.Errorf("decode stats snapshot: duplicate entry %s %q", e.Method, e.Name)
		}
		seen[k] = true
		out.Entries = append(out.Entries, e)
	}
	sortEntries(out.Entries)
	errSeen := make(map[errorKey]bool, len(w.Errors))
	for _, we := range w.Errors {
		k := errorKey{we.Method, we.Name, we.Error}
		switch {
		case errSeen[k]:
			return fmt.Errorf("decode stats snapshot: duplicate error %s %q: %q", we.Method, we.Name, we.Error)
		case we.Occurrences < 0 || we.LastSeen < we.FirstSeen:
			return fmt.Errorf("decode stats snapshot: error %s %q: bad occurrences or times", we.Method, we.Name)
		}
		errSeen[k] = true
		out.Errors = append(out.Errors, &Error{
			Method: we.Method, Name: we.Name, Error: we.Error, Occurrences: we.Occurrences,
			FirstSeen: unixTime(we.FirstSeen), LastSeen: unixTime(we.LastSeen),
			Key: errorKeyHash(we.Method, we.Name, we.Error),
		})
	}
	excSeen := make(map[string]bool, len(w.Exceptions))
	for _, we := range w.Exceptions {
		if excSeen[we.Traceback] || we.Count < 0 {
			return fmt.Errorf("decode stats snapshot: duplicate or negative exception %q", we.Message)
		}
		excSeen[we.Traceback] = true
		out.Exceptions = append(out.Exceptions, &Exception{
			Count: we.Count, Message: we.Message, Traceback: we.Traceback, Nodes: unionSorted(we.Nodes, nil),
			FirstSeen: unixTime(we.FirstSeen),
		})
	}
	*s = out
	return nil
}

var errInconsistent = errors.New("inconsistent counters")

func fromWire(w *wireEntry) (*Entry, error) {
	e := &Entry{
		Method: w.Method, Name: w.Name,
		NumRequests: w.NumRequests, NumNoneRequests: w.NumNoneRequests, NumFailures: w.NumFailures,
		TotalContentLength: w.TotalContentLength,
		StartTime:          unixTime(w.StartTime),
		sum:                nsSum{Hi: w.TotalResponseTime[0], Lo: w.TotalResponseTime[1]},
		minNs:              math.MaxInt64,
		maxNs:              w.MaxResponseTime,
		window:             window{minNs: math.MaxInt64},
	}
	if w.NumRequests < 0 || w.NumNoneRequests < 0 || w.NumFailures < 0 || w.TotalContentLength < 0 ||
		w.NumNoneRequests > w.NumRequests || w.MaxResponseTime < 0 {
		return nil, errInconsistent
	}
	if w.MinResponseTime != nil {
		if *w.MinResponseTime < 0 || *w.MinResponseTime > w.MaxResponseTime {
			return nil, errInconsistent
		}
		e.minNs = *w.MinResponseTime
	}
	if w.LastRequest != nil {
		e.LastRequest = unixTime(*w.LastRequest)
	}
	if len(w.PerSecond) > ringSize {
		return nil, fmt.Errorf("%d per-second counts (at most %d)", len(w.PerSecond), ringSize)
	}
	for i, c := range w.PerSecond {
		if c[1] < 0 || c[2] < 0 || (i > 0 && c[0] <= w.PerSecond[i-1][0]) {
			return nil, fmt.Errorf("per-second counts: %w", errInconsistent)
		}
		e.PerSecond = append(e.PerSecond, SecondCount{Unix: c[0], Requests: c[1], Failures: c[2]})
	}
	var err error
	if e.hist, err = decodeHist(w.Histogram); err != nil {
		return nil, fmt.Errorf("histogram: %w", err)
	}
	timed := w.NumRequests - w.NumNoneRequests
	if e.hist.TotalCount() != timed || (timed > 0) != (w.MinResponseTime != nil) {
		return nil, fmt.Errorf("histogram holds %d values for %d timed requests: %w", e.hist.TotalCount(), timed, errInconsistent)
	}
	if w.Window != nil {
		h, err := decodeHist(w.Window.Histogram)
		if err != nil {
			return nil, fmt.Errorf("window histogram: %w", err)
		}
		e.window.ok = true
		if h.TotalCount() > 0 {
			if h.TotalCount() > timed || w.Window.MinResponseTime < 0 || w.Window.MinResponseTime > w.Window.MaxResponseTime {
				return nil, fmt.Errorf("window: %w", errInconsistent)
			}
			e.window.hist, e.window.minNs, e.window.maxNs = h, w.Window.MinResponseTime, w.Window.MaxResponseTime
		}
	}
	return e, nil
}

func decodeHist(s string) (*hdr.PackedHistogram, error) {
	if s == "" {
		return newHist(), nil
	}
	h, err := hdr.DecodePacked([]byte(s))
	if err != nil {
		return nil, err
	}
	if h.LowestTrackableValue() != histLowest || h.HighestTrackableValue() != histHighest || h.SignificantFigures() != histDigits {
		return nil, fmt.Errorf("geometry %d..%d at %d digits, want %d..%d at %d",
			h.LowestTrackableValue(), h.HighestTrackableValue(), h.SignificantFigures(), histLowest, histHighest, histDigits)
	}
	return h, nil
}
