// Package logs formats log records the way Locust does —
// "[2026-11-26 06:14:12,159] host/INFO/locust.main: message" — and keeps the
// last lines in memory for the web UI's /logs route.
//
// Records name their logger with the attribute Key ("logger"); a record
// whose logger is Bare (the statistics tables) is written as the bare
// message, as Locust's stats logger does.
package logs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"
)

// Key is the record attribute naming the logger ("locust.main").
const Key = "logger"

// Bare is the logger whose records are printed without a prefix.
const Bare = "locust.stats_logger"

// Handler is a slog.Handler writing Locust's log format.
type Handler struct {
	mu    *sync.Mutex
	w     io.Writer
	level slog.Leveler
	host  string
	now   func() time.Time
	ring  *Ring
	attrs []slog.Attr
	name  string
	bare  bool
}

// Options configure a Handler.
type Options struct {
	// Level is the minimum level written (records below it are dropped).
	Level slog.Leveler
	// Host is the short host name shown in each line.
	Host string
	// Now overrides the clock (tests).
	Now func() time.Time
	// Ring, when set, also receives every formatted line.
	Ring *Ring
	// Bare writes every record as its bare message, as Python's
	// last-resort handler does when logging was not set up.
	Bare bool
}

// NewHandler returns a handler writing to w.
func NewHandler(w io.Writer, opts Options) *Handler {
	h := &Handler{mu: &sync.Mutex{}, w: w, level: opts.Level, host: opts.Host, now: opts.Now, ring: opts.Ring, bare: opts.Bare}
	if h.level == nil {
		h.level = slog.LevelInfo
	}
	if h.now == nil {
		h.now = time.Now
	}
	return h
}

// Enabled reports whether the level is written.
func (h *Handler) Enabled(_ context.Context, l slog.Level) bool { return l >= h.level.Level() }

// LevelName returns Locust's (Python logging's) name for a level.
func LevelName(l slog.Level) string {
	switch {
	case l >= slog.LevelError+4:
		return "CRITICAL"
	case l >= slog.LevelError:
		return "ERROR"
	case l >= slog.LevelWarn:
		return "WARNING"
	case l >= slog.LevelInfo:
		return "INFO"
	}
	return "DEBUG"
}

// ParseLevel parses Python's level names, case-insensitively.
func ParseLevel(s string) (slog.Level, error) {
	switch strings.ToUpper(s) {
	case "DEBUG":
		return slog.LevelDebug, nil
	case "INFO":
		return slog.LevelInfo, nil
	case "WARNING", "WARN":
		return slog.LevelWarn, nil
	case "ERROR":
		return slog.LevelError, nil
	case "CRITICAL", "FATAL":
		return slog.LevelError + 4, nil
	}
	return 0, fmt.Errorf("invalid log level %q (use DEBUG, INFO, WARNING, ERROR or CRITICAL)", s)
}

// Handle formats and writes one record.
func (h *Handler) Handle(_ context.Context, r slog.Record) error {
	name := h.name
	var extra []string
	collect := func(a slog.Attr) bool {
		if a.Key == Key {
			name = a.Value.String()
			return true
		}
		extra = append(extra, a.Key+"="+a.Value.String())
		return true
	}
	for _, a := range h.attrs {
		collect(a)
	}
	r.Attrs(collect)
	if name == "" {
		name = "root"
	}
	var line string
	if name == Bare || h.bare {
		line = r.Message
	} else {
		// The handler's clock, not the record's: the engine may run on a
		// test clock, and log times should agree with it.
		ts := h.now()
		msg := r.Message
		if len(extra) > 0 {
			msg += " " + strings.Join(extra, " ")
		}
		line = fmt.Sprintf("[%s,%03d] %s/%s/%s: %s", ts.Format("2006-01-02 15:04:05"), ts.Nanosecond()/1e6, h.host, LevelName(r.Level), name, msg)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ring != nil && name != Bare {
		h.ring.Add(line)
	}
	_, err := io.WriteString(h.w, line+"\n")
	return err
}

// WithAttrs returns a handler that adds attrs to every record.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	c := *h
	c.attrs = append(append([]slog.Attr(nil), h.attrs...), attrs...)
	return &c
}

// WithGroup is not used by gust; groups are flattened.
func (h *Handler) WithGroup(string) slog.Handler { return h }

// Named returns a logger for the Locust logger name (the "logger" attribute).
func Named(l *slog.Logger, name string) *slog.Logger { return l.With(Key, name) }

// Ring keeps the last lines logged, for the web UI.
type Ring struct {
	mu    sync.Mutex
	lines []string
	next  int
	full  bool
}

// NewRing keeps up to n lines.
func NewRing(n int) *Ring { return &Ring{lines: make([]string, n)} }

// Add appends a line, dropping the oldest when full.
func (r *Ring) Add(line string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines[r.next] = line
	r.next++
	if r.next == len(r.lines) {
		r.next = 0
		r.full = true
	}
}

// Lines returns the kept lines, oldest first.
func (r *Ring) Lines() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.full {
		return append([]string(nil), r.lines[:r.next]...)
	}
	out := append([]string(nil), r.lines[r.next:]...)
	return append(out, r.lines[:r.next]...)
}
