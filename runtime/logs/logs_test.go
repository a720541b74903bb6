package logs

import (
	"bytes"
	"context"
	"log/slog"
	"strconv"
	"testing"
	"time"
)

func TestHandlerFormat(t *testing.T) {
	var buf bytes.Buffer
	ring := NewRing(2)
	now := time.Date(2026, 11, 26, 6, 14, 12, 159_000_000, time.UTC)
	h := NewHandler(&buf, Options{Host: "vm", Now: func() time.Time { return now }, Ring: ring, Level: slog.LevelInfo})
	emit := func(name string, level slog.Level, msg string, args ...any) {
		r := slog.NewRecord(now, level, msg, 0)
		r.Add(args...)
		hh := h.WithAttrs([]slog.Attr{slog.String(Key, name)})
		if hh.Enabled(context.Background(), level) {
			if err := hh.Handle(context.Background(), r); err != nil {
				t.Fatal(err)
			}
		}
	}
	emit("locust.main", slog.LevelInfo, "Starting gust 0.1.0")
	emit("locust.main", slog.LevelDebug, "hidden")
	emit(Bare, slog.LevelInfo, "Type     Name")
	emit("locust.runners", slog.LevelWarn, "careful", "n", 3)
	want := "[2026-11-26 06:14:12,159] vm/INFO/locust.main: Starting gust 0.1.0\n" +
		"Type     Name\n" +
		"[2026-11-26 06:14:12,159] vm/WARNING/locust.runners: careful n=3\n"
	if got := buf.String(); got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	if lines := ring.Lines(); len(lines) != 2 {
		t.Fatalf("ring kept %d lines, want 2 (bare lines are not kept)", len(lines))
	}
}

// TestBareHandler: with Bare (gust --skip-log-setup) records are written
// as Python's last-resort handler writes them: the message alone.
func TestBareHandler(t *testing.T) {
	var buf bytes.Buffer
	h := NewHandler(&buf, Options{Level: slog.LevelWarn, Bare: true})
	l := Named(slog.New(h), "locust.runners")
	l.Info("Ramping to 3 users")
	l.Warn("careful")
	l.Error("failed")
	if got, want := buf.String(), "careful\nfailed\n"; got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestRingWraps(t *testing.T) {
	r := NewRing(3)
	for i := 0; i < 5; i++ {
		r.Add(strconv.Itoa(i))
	}
	got := r.Lines()
	if len(got) != 3 || got[0] != "2" || got[2] != "4" {
		t.Fatalf("got %v", got)
	}
}

func TestParseLevel(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		ok   bool
	}{{"debug", "DEBUG", true}, {"INFO", "INFO", true}, {"Warning", "WARNING", true}, {"critical", "CRITICAL", true}, {"loud", "", false}} {
		l, err := ParseLevel(tt.in)
		if (err == nil) != tt.ok {
			t.Fatalf("%s: err=%v", tt.in, err)
		}
		if tt.ok && LevelName(l) != tt.want {
			t.Errorf("%s -> %s", tt.in, LevelName(l))
		}
	}
}
