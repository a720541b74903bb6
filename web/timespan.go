package web

import (
	"errors"
	"math"
)

// errTimespan is Locust's message for a run time it cannot read.
var errTimespan = errors.New("Invalid time span format. Valid formats: 20, 20s, 3m, 2h, 1h20m, 3h30m10s, etc.")

// parseTimespan is Locust's parse_timespan for the form's run_time: whole
// seconds ("20"), or hours, minutes and seconds in that order, each
// optional ("20s", "3m", "2h", "1h20m", "3h30m10s"). The whole text must
// match. It returns whole seconds.
func parseTimespan(s string) (int64, error) {
	if s == "" {
		return 0, errTimespan
	}
	if n, ok := digits(s); ok && n == len(s) {
		return parseUint(s)
	}
	var total int64
	units := []struct {
		suffix byte
		secs   int64
	}{{'h', 3600}, {'m', 60}, {'s', 1}}
	rest, seen := s, false
	for _, u := range units {
		n, _ := digits(rest)
		if n == 0 || n == len(rest) || rest[n] != u.suffix {
			continue
		}
		v, err := parseUint(rest[:n])
		if err != nil || v > math.MaxInt64/u.secs || total > math.MaxInt64-v*u.secs {
			return 0, errTimespan
		}
		total += v * u.secs
		rest, seen = rest[n+1:], true
	}
	if rest != "" || !seen {
		return 0, errTimespan
	}
	return total, nil
}

// digits returns the length of the run of ASCII digits at the start of s.
func digits(s string) (int, bool) {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n, n > 0
}

// parseUint parses a run of digits, failing on overflow.
func parseUint(s string) (int64, error) {
	var v int64
	for i := 0; i < len(s); i++ {
		d := int64(s[i] - '0')
		if v > (math.MaxInt64-d)/10 {
			return 0, errTimespan
		}
		v = v*10 + d
	}
	return v, nil
}
