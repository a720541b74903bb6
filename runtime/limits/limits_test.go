package limits

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	linux := Limits{OpenFiles: 20000, OpenFilesMax: 20000, PortLow: 32768, PortHigh: 60999}
	cases := []struct {
		name  string
		needs Needs
		lim   Limits
		want  []string // substrings, one per expected warning, in order
	}{
		{"fits", Needs{Users: 15000, SocketsPerUser: 1}, linux, nil},
		{"plain users need no sockets", Needs{Users: 100000}, linux, nil},
		{"open files are the bound", Needs{Users: 12000, SocketsPerUser: 2}, linux,
			[]string{"System open file limit 20000 is below the 12000 users × 2 sockets (+100 for gust) needed: about 9950 users will connect"}},
		{"reserve counts", Needs{Users: 19950, SocketsPerUser: 1}, linux,
			[]string{"System open file limit 20000 is below the 19950 users × 1 socket (+100"}},
		{"ports are the bound", Needs{Users: 30000, SocketsPerUser: 1}, Limits{OpenFiles: 1 << 20, OpenFilesMax: 1 << 20, PortLow: 32768, PortHigh: 60999},
			[]string{"The local port range 32768-60999 allows 28232 connections to one target host:port, below the 30000 users × 1 socket needed"}},
		{"both", Needs{Users: 30000, SocketsPerUser: 1}, linux,
			[]string{"System open file limit 20000", "The local port range 32768-60999"}},
		{"Locust's minimum", Needs{Users: 10, SocketsPerUser: 1}, Limits{OpenFiles: 1024, OpenFilesMax: 4096},
			[]string{"System open file limit '1024' is below minimum setting '10000'."}},
		{"unknown limits", Needs{Users: 1 << 20, SocketsPerUser: 4}, Limits{}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Check(c.needs, c.lim)
			if len(got) != len(c.want) {
				t.Fatalf("got %d warnings %q, want %d", len(got), got, len(c.want))
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Errorf("warning %d = %q\nwant it to contain %q", i, got[i], w)
				}
			}
		})
	}
}

func TestParsePortRange(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in     string
		lo, hi int
		ok     bool
	}{
		{"32768\t60999\n", 32768, 60999, true},
		{"1024 65535", 1024, 65535, true},
		{"5000 5000", 5000, 5000, true},
		{"60999 32768", 0, 0, false},
		{"0 100", 0, 0, false},
		{"1 70000", 0, 0, false},
		{"32768", 0, 0, false},
		{"a b", 0, 0, false},
		{"", 0, 0, false},
	}
	for _, c := range cases {
		lo, hi, err := parsePortRange(c.in)
		if (err == nil) != c.ok || lo != c.lo || hi != c.hi {
			t.Errorf("parsePortRange(%q) = %d, %d, %v; want %d, %d, ok=%v", c.in, lo, hi, err, c.lo, c.hi, c.ok)
		}
	}
}

func FuzzParsePortRange(f *testing.F) {
	for _, s := range []string{"32768\t60999\n", "1 2", "", "x", "-1 5", "99999999999999999999 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lo, hi, err := parsePortRange(s)
		if err != nil {
			return
		}
		if lo <= 0 || hi < lo || hi > 65535 {
			t.Fatalf("parsePortRange(%q) accepted %d-%d", s, lo, hi)
		}
		if (Limits{PortLow: lo, PortHigh: hi}).Ports() != hi-lo+1 {
			t.Fatalf("Ports of %d-%d", lo, hi)
		}
	})
}
