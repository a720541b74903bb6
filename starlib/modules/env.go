package modules

import (
	"io"
	"log/slog"
	"path/filepath"
	"time"
)

// Shared returns the per-program value stored under key, making it with mk
// on first use. Modules that must agree on one object meet here (os.environ
// and dotenv's load_dotenv write to the same environment view). It is safe
// for concurrent use.
func (e *Env) Shared(key string, mk func() any) any {
	e.sharedMu.Lock()
	defer e.sharedMu.Unlock()
	if v, ok := e.shared[key]; ok {
		return v
	}
	if e.shared == nil {
		e.shared = map[string]any{}
	}
	v := mk()
	e.shared[key] = v
	return v
}

// Time returns the current wall-clock time from Now, or time.Now when unset.
func (e *Env) Time() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Lookup reads one environment variable through Getenv (an unset Getenv is
// an empty environment).
func (e *Env) Lookup(key string) (string, bool) {
	if e.Getenv == nil {
		return "", false
	}
	return e.Getenv(key)
}

// EnvironList returns the environment as KEY=VALUE strings.
func (e *Env) EnvironList() []string {
	if e.Environ == nil {
		return nil
	}
	return e.Environ()
}

// Out returns Stdout, or io.Discard when unset.
func (e *Env) Out() io.Writer {
	if e.Stdout == nil {
		return io.Discard
	}
	return e.Stdout
}

// Err returns Stderr, falling back to Stdout.
func (e *Env) Err() io.Writer {
	if e.Stderr == nil {
		return e.Out()
	}
	return e.Stderr
}

// Log returns Logger, or slog.Default() when unset.
func (e *Env) Log() *slog.Logger {
	if e.Logger == nil {
		return slog.Default()
	}
	return e.Logger
}

// Folder returns Dir as an absolute path ("." when unset).
func (e *Env) Folder() string {
	d := e.Dir
	if d == "" {
		d = "."
	}
	if abs, err := filepath.Abs(d); err == nil {
		return abs
	}
	return d
}

// Resolve makes a script path absolute against the locustfile's folder.
func (e *Env) Resolve(p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(e.Folder(), p)
}
