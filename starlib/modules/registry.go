// Package modules is the registry of the Python modules a locustfile can
// import (json, random, time, os, ...). Each module lives in its own package
// below this one (pyjson, pyrandom, ...) and is built once per loaded
// program from an Env, then shared read-only by every virtual user; what
// differs per user (random source, context) comes from thread-locals (see
// starlib/thread).
package modules

import (
	"fmt"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"
)

// Env is what modules need to know about the run they are loaded into. It is
// injected so that tests (and the CLI) control the process boundary.
type Env struct {
	// Dir is the locustfile's folder: open() and relative paths resolve here.
	Dir string
	// Getenv and Environ read the environment (os.environ, os.getenv).
	Getenv  func(key string) (string, bool)
	Environ func() []string
	// File is the locustfile's path (sys.argv[0]).
	File string
	// Stdout receives print() output and sys.stdout.write.
	Stdout io.Writer
	// Stderr receives sys.stderr.write; Stdout when unset.
	Stderr io.Writer
	// Logger receives the logging module's records.
	Logger *slog.Logger
	// Now is the wall clock (time.time, datetime.now).
	Now func() time.Time

	sharedMu sync.Mutex
	shared   map[string]any // see Shared
}

// Factory builds a module for a program.
type Factory func(env *Env) (starlark.Value, error)

// Registry maps import names ("json", "os.path", "urllib.parse") to module
// factories.
type Registry struct {
	factories map[string]Factory
	// hints names a replacement for modules gust cannot provide.
	hints map[string]string
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{factories: map[string]Factory{}, hints: map[string]string{}}
}

// Register adds a module under its import name.
func (r *Registry) Register(name string, f Factory) { r.factories[name] = f }

// Unavailable records a module gust cannot provide and what to use instead;
// importing it is a load-time error that says so.
func (r *Registry) Unavailable(name, hint string) { r.hints[name] = hint }

// Lookup returns the factory for an import name.
func (r *Registry) Lookup(name string) (Factory, bool) {
	f, ok := r.factories[name]
	return f, ok
}

// Hint returns the advice for a module gust cannot provide. A dotted name
// without its own hint takes its parent's ("paho.mqtt.client" → "paho").
func (r *Registry) Hint(name string) (string, bool) {
	for {
		if h, ok := r.hints[name]; ok {
			return h, true
		}
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			return "", false
		}
		name = name[:i]
	}
}

// Names lists the importable modules, sorted.
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.factories))
	for n := range r.factories {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ErrNoModule is returned for an import gust cannot satisfy.
type ErrNoModule struct {
	Name string
	Hint string
}

func (e *ErrNoModule) Error() string {
	if e.Hint != "" {
		return fmt.Sprintf("module %q is not available in gust: %s", e.Name, e.Hint)
	}
	return fmt.Sprintf("module %q is not available in gust", e.Name)
}
