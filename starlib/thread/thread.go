// Package thread holds what a Starlark builtin needs to know about the
// virtual user it runs for: the user's context (so that blocking calls stop
// when the user stops), its random source, and its logger. Values are stored
// in thread-locals by the goroutine that owns the thread, before the thread
// runs any code, as go.starlark.net's lib/time does with SetNow.
package thread

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"

	"go.starlark.net/starlark"
)

const (
	ctxKey    = "gust.context"
	randKey   = "gust.rand"
	loggerKey = "gust.logger"
)

// SetContext records the context blocking builtins must watch.
func SetContext(th *starlark.Thread, ctx context.Context) { th.SetLocal(ctxKey, ctx) }

// Context returns the thread's context, or context.Background() when none
// was set (module initialisation, tests).
func Context(th *starlark.Thread) context.Context {
	if th != nil {
		if ctx, ok := th.Local(ctxKey).(context.Context); ok {
			return ctx
		}
	}
	return context.Background()
}

// SetRand gives the thread its own random source: each virtual user draws
// from its own generator, so users never contend on one lock.
func SetRand(th *starlark.Thread, r *rand.Rand) { th.SetLocal(randKey, r) }

// Rand returns the thread's random source, or a process-wide one guarded by
// a lock when the thread has none (module initialisation).
func Rand(th *starlark.Thread) *rand.Rand {
	if th != nil {
		if r, ok := th.Local(randKey).(*rand.Rand); ok {
			return r
		}
	}
	return fallback.get()
}

// SetLogger sets the logger script output (logging module, print) goes to.
func SetLogger(th *starlark.Thread, l *slog.Logger) { th.SetLocal(loggerKey, l) }

// Logger returns the thread's logger, or slog.Default().
func Logger(th *starlark.Thread) *slog.Logger {
	if th != nil {
		if l, ok := th.Local(loggerKey).(*slog.Logger); ok {
			return l
		}
	}
	return slog.Default()
}

// lockedSource makes a rand.Source safe for concurrent use.
type lockedSource struct {
	mu  sync.Mutex
	src rand.Source
}

func (l *lockedSource) Uint64() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.src.Uint64()
}

type fallbackRand struct {
	once sync.Once
	r    *rand.Rand
}

func (f *fallbackRand) get() *rand.Rand {
	f.once.Do(func() {
		f.r = rand.New(&lockedSource{src: rand.NewPCG(rand.Uint64(), rand.Uint64())})
	})
	return f.r
}

// fallback serves threads without their own source. It is safe for
// concurrent use and holds no per-run state.
var fallback fallbackRand
