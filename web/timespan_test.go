package web

import (
	"strings"
	"testing"
)

func TestParseTimespan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"20", 20, true},
		{"0", 0, true},
		{"20s", 20, true},
		{"3m", 180, true},
		{"2h", 7200, true},
		{"1h20m", 4800, true},
		{"3h30m10s", 12610, true},
		{"1h5s", 3605, true},
		{"90m", 5400, true},
		{"", 0, false},
		{"s", 0, false},
		{"1d", 0, false},
		{"10m5h", 0, false}, // units out of order
		{"5 m", 0, false},
		{" 5", 0, false},
		{"5s ", 0, false},
		{"-5", 0, false},
		{"1.5h", 0, false},
		{"1h1h", 0, false},
		{"99999999999999999999", 0, false},
		{"9999999999999999h", 0, false},
	}
	for _, tc := range tests {
		got, err := parseTimespan(tc.in)
		if tc.ok != (err == nil) || got != tc.want {
			t.Errorf("parseTimespan(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "Invalid time span format") {
			t.Errorf("parseTimespan(%q): error %q", tc.in, err)
		}
	}
}

// FuzzParseTimespan checks that any text parses without panicking, to a
// non-negative number of seconds, and that what parses is made only of
// digits and the h, m, s units.
func FuzzParseTimespan(f *testing.F) {
	for _, s := range []string{"20", "20s", "3m", "2h", "1h20m", "3h30m10s", "", "h", "1h1h", "99999999999999999999h"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseTimespan(s)
		if err != nil {
			return
		}
		if n < 0 {
			t.Fatalf("parseTimespan(%q) = %d", s, n)
		}
		if strings.Trim(s, "0123456789hms") != "" {
			t.Fatalf("parseTimespan(%q) accepted other characters", s)
		}
	})
}
