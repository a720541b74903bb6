package stats

import (
	"slices"
	"sort"
	"time"
)

// Merge returns a new snapshot holding the statistics of both s and o, as if
// every request, failure and exception of both had been recorded in one
// Stats: counts and sums add, histograms add bucket by bucket (so percentiles
// are exact, not averaged), minimum and maximum take the extreme,
// per-second counts add second by second, start times take the earliest and
// last-request times the latest. Errors with the same (method, name, error)
// add their occurrences and keep the earliest first-seen and latest
// last-seen; exceptions with the same traceback add their counts and join
// their nodes and keep the earliest message. The current-percentile windows add too, so merge snapshots
// taken at about the same time. Neither input is modified.
func (s *Snapshot) Merge(o *Snapshot) *Snapshot {
	out := &Snapshot{Time: laterTime(s.Time, o.Time), Total: mergeEntry(s.Total, o.Total)}

	byKey := make(map[entryKey]*Entry, len(s.Entries)+len(o.Entries))
	for _, e := range s.Entries {
		byKey[entryKey{e.Name, e.Method}] = e
	}
	for _, e := range o.Entries {
		k := entryKey{e.Name, e.Method}
		byKey[k] = mergeEntry(byKey[k], e)
	}
	for _, e := range byKey {
		out.Entries = append(out.Entries, e)
	}
	sortEntries(out.Entries)

	errs := make(map[errorKey]*Error, len(s.Errors)+len(o.Errors))
	for _, list := range [][]*Error{s.Errors, o.Errors} {
		for _, e := range list {
			k := errorKey{e.Method, e.Name, e.Error}
			m := errs[k]
			if m == nil {
				c := *e
				errs[k] = &c
				out.Errors = append(out.Errors, &c)
				continue
			}
			m.Occurrences += e.Occurrences
			if e.FirstSeen.Before(m.FirstSeen) {
				m.FirstSeen = e.FirstSeen
			}
			m.LastSeen = laterTime(m.LastSeen, e.LastSeen)
		}
	}
	sort.SliceStable(out.Errors, func(i, j int) bool { return out.Errors[i].FirstSeen.Before(out.Errors[j].FirstSeen) })

	excs := make(map[string]*Exception, len(s.Exceptions)+len(o.Exceptions))
	for _, list := range [][]*Exception{s.Exceptions, o.Exceptions} {
		for _, e := range list {
			m := excs[e.Traceback]
			if m == nil {
				c := *e
				c.Nodes = append([]string(nil), e.Nodes...)
				excs[e.Traceback] = &c
				out.Exceptions = append(out.Exceptions, &c)
				continue
			}
			m.Count += e.Count
			m.Nodes = unionSorted(m.Nodes, e.Nodes)
			if e.FirstSeen.Before(m.FirstSeen) {
				m.FirstSeen, m.Message = e.FirstSeen, e.Message
			}
		}
	}
	sort.SliceStable(out.Exceptions, func(i, j int) bool { return out.Exceptions[i].FirstSeen.Before(out.Exceptions[j].FirstSeen) })
	return out
}

// mergeEntry returns the sum of two entries for the same row; a may be nil.
func mergeEntry(a, b *Entry) *Entry {
	if a == nil {
		a, b = b, nil
	}
	if a == nil {
		return nil
	}
	out := *a
	out.PerSecond = append([]SecondCount(nil), a.PerSecond...)
	out.RunSeconds = slices.Clone(a.RunSeconds)
	out.hist = cloneHist(a.hist)
	out.window.hist = cloneHist(a.window.hist)
	if b == nil {
		return &out
	}
	out.NumRequests += b.NumRequests
	out.NumNoneRequests += b.NumNoneRequests
	out.NumFailures += b.NumFailures
	out.TotalContentLength += b.TotalContentLength
	out.sum.addSum(b.sum)
	out.minNs = min(out.minNs, b.minNs)
	out.maxNs = max(out.maxNs, b.maxNs)
	if out.StartTime.IsZero() || (!b.StartTime.IsZero() && b.StartTime.Before(out.StartTime)) {
		out.StartTime = b.StartTime
	}
	out.LastRequest = laterTime(out.LastRequest, b.LastRequest)
	out.PerSecond = mergeSeconds(out.PerSecond, b.PerSecond)
	out.RunSeconds = addSeconds(out.RunSeconds, b.RunSeconds)
	out.hist = mergeHist(out.hist, b.hist)
	out.window.hist = mergeHist(out.window.hist, b.window.hist)
	out.window.minNs = min(out.window.minNs, b.window.minNs)
	out.window.maxNs = max(out.window.maxNs, b.window.maxNs)
	out.window.ok = out.window.ok || b.window.ok
	return &out
}

// mergeSeconds adds two per-second series and keeps the newest ringSize
// seconds, the span a live entry keeps.
func mergeSeconds(a, b []SecondCount) []SecondCount {
	out := addSeconds(a, b)
	if len(out) > 0 {
		newest := out[len(out)-1].Unix
		i := sort.Search(len(out), func(i int) bool { return out[i].Unix > newest-ringSize })
		out = out[i:]
	}
	return out
}

// addSeconds adds two per-second series into a new one, oldest first.
func addSeconds(a, b []SecondCount) []SecondCount {
	if len(a) == 0 && len(b) == 0 {
		return nil
	}
	m := make(map[int64]SecondCount, len(a)+len(b))
	for _, list := range [][]SecondCount{a, b} {
		for _, c := range list {
			x := m[c.Unix]
			x.Unix = c.Unix
			x.Requests += c.Requests
			x.Failures += c.Failures
			m[c.Unix] = x
		}
	}
	out := make([]SecondCount, 0, len(m))
	for _, c := range m {
		out = append(out, c)
	}
	sortSeconds(out)
	return out
}

func unionSorted(a, b []string) []string {
	set := make(map[string]struct{}, len(a)+len(b))
	for _, list := range [][]string{a, b} {
		for _, s := range list {
			set[s] = struct{}{}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func laterTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
