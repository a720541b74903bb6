// Package locust is the `locust` module a locustfile imports — User,
// HttpUser, FastHttpUser, TaskSet, SequentialTaskSet, task, tag, between,
// constant, constant_pacing, constant_throughput, LoadTestShape, events and
// the locust.exception classes — and the bridge that turns the script's
// classes into the engine's user classes (runtime/user).
//
// Script-level API:
//
//	from locust import HttpUser, FastHttpUser, User, TaskSet, SequentialTaskSet
//	from locust import task, tag, between, constant, constant_pacing, constant_throughput
//	from locust import LoadTestShape, events
//	from locust.exception import StopUser, RescheduleTask, RescheduleTaskImmediately,
//	    InterruptTaskSet, StopTest, LocustError, ResponseError, CatchResponseError
//
//	class WebUser(HttpUser):
//	    host = "http://..."; weight = 3; fixed_count = 0; abstract = False
//	    wait_time = between(1, 3)          # or def wait_time(self): return 1.5
//	    tasks = [f, SomeTaskSet] or {f: 3}
//	    def on_start(self): ...; def on_stop(self): ...
//	    @task(3)
//	    def index(self): self.client.get("/")
//	    # self.environment.host / .runner.quit() / .parsed_options / .process_exit_code
//	    # self.interrupt(reschedule=False) in a TaskSet
//
// A Runtime holds everything of one loaded program: the base classes, the
// event hooks, the script-visible environment. Nothing is package-level.
package locust

import (
	"context"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/starlib/http"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
)

// ClientKind says which client a user class gets as self.client.
type ClientKind int

// The client kinds.
const (
	// NoClient: a plain User has no self.client.
	NoClient ClientKind = iota
	// HTTPClient: HttpUser's requests-like session.
	HTTPClient
	// FastHTTPClient: FastHttpUser's session.
	FastHTTPClient
)

// Recorder receives the requests of one user.
type Recorder interface {
	Record(*stats.Request)
}

// Config is what a Runtime needs from its surroundings.
type Config struct {
	// Logger receives log lines (Locust's logger names in the "logger"
	// attribute).
	Logger *slog.Logger
	// Stdout receives print() output of event listeners run outside users.
	Stdout io.Writer
	// Clock is the engine's clock.
	Clock clock.Clock
	// HTTP is the program's HTTP client pool (its exception classes are
	// the ones scripts catch); nil makes a fresh one.
	HTTP *http.Pool
	// Recorder returns the recorder for a new user (one per user, so
	// recording never serialises users).
	Recorder func() Recorder
	// WrapError turns a script error into what the engine reports (a
	// user.Traced with a Python traceback); nil keeps errors as they are.
	WrapError func(error) error
	// Seed, when non-zero, makes every user's random source deterministic
	// (seeded from Seed and the user id), for tests.
	Seed uint64
	// StepBudget bounds the interpreter steps of one task or hook call
	// (about 170 million a second), so that an endless loop is reported as
	// an error instead of spinning for ever; 0 means DefaultStepBudget.
	StepBudget uint64
}

// DefaultStepBudget is about three seconds of pure interpretation: far more
// than any real task, small enough to catch an endless loop quickly.
const DefaultStepBudget = 500_000_000

// Runtime is the locust module of one loaded program.
type Runtime struct {
	cfg     Config
	exc     *exceptionClasses
	classes baseClasses
	events  *Events
	env     *Environment
	extra   starlark.StringDict

	// unhandled is set when an event listener raised: exit code 2 unless a
	// failure or the script decides otherwise (Locust's rule).
	unhandled atomic.Bool

	// cpuUsage (float64 bits) and memUsage are the latest usage sample:
	// runner.current_cpu_usage and current_memory_usage.
	cpuUsage atomic.Uint64
	memUsage atomic.Int64

	mu          sync.Mutex
	control     Control
	userClasses []*pyrt.Class // collected user classes, for SetHost
}

const runtimeKey = "gust.locust.runtime"

// NewRuntime makes the locust module for one program.
func NewRuntime(cfg Config) *Runtime {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Stdout == nil {
		cfg.Stdout = io.Discard
	}
	if cfg.Clock == nil {
		cfg.Clock = clock.Real{}
	}
	if cfg.StepBudget == 0 {
		cfg.StepBudget = DefaultStepBudget
	}
	if cfg.HTTP == nil {
		cfg.HTTP = http.NewPool(http.PoolOptions{})
	}
	rt := &Runtime{cfg: cfg, exc: newExceptionClasses(cfg.HTTP.Exceptions())}
	rt.events = newEvents(rt)
	rt.classes = newBaseClasses(rt)
	rt.env = newEnvironment(rt)
	return rt
}

// AddNames adds names to the locust module (for example the HTTP client's
// ResponseError and CatchResponseError, which live with the client).
func (rt *Runtime) AddNames(names starlark.StringDict) {
	if rt.extra == nil {
		rt.extra = starlark.StringDict{}
	}
	for k, v := range names {
		rt.extra[k] = v
	}
}

// Events returns the event hooks.
func (rt *Runtime) Events() *Events { return rt.events }

// Environment returns the script-visible environment.
func (rt *Runtime) Environment() *Environment { return rt.env }

// Exceptions returns the locust.exception classes by name.
func (rt *Runtime) Exceptions() starlark.StringDict { return rt.exc.members() }

// Unhandled reports whether an event listener raised an exception.
func (rt *Runtime) Unhandled() bool { return rt.unhandled.Load() }

func (rt *Runtime) clock() clock.Clock { return rt.cfg.Clock }

// NewThread makes a thread for running script code outside a user (event
// listeners, shapes): it knows the runtime, prints to Stdout and watches
// ctx.
func (rt *Runtime) NewThread(ctx context.Context, name string) *starlark.Thread {
	th := &starlark.Thread{Name: name}
	th.SetLocal(runtimeKey, rt)
	thread.SetContext(th, ctx)
	thread.SetLogger(th, rt.cfg.Logger)
	out := rt.cfg.Stdout
	th.Print = func(_ *starlark.Thread, msg string) { _, _ = io.WriteString(out, msg+"\n") }
	return th
}

// SetupThread prepares a thread made elsewhere (the loader's init thread)
// so that locust builtins find this runtime.
func (rt *Runtime) SetupThread(th *starlark.Thread) { th.SetLocal(runtimeKey, rt) }

// runtimeOf finds the runtime a builtin runs under.
func runtimeOf(th *starlark.Thread) *Runtime {
	if th != nil {
		if rt, ok := th.Local(runtimeKey).(*Runtime); ok {
			return rt
		}
	}
	return nil
}

func randOf(th *starlark.Thread) *rand.Rand { return thread.Rand(th) }

// SetUsage records the latest CPU (percent of one core) and resident
// memory sample, which scripts read as runner.current_cpu_usage and
// runner.current_memory_usage.
func (rt *Runtime) SetUsage(cpuPercent float64, rss int64) {
	rt.cpuUsage.Store(math.Float64bits(cpuPercent))
	rt.memUsage.Store(rss)
}

func (rt *Runtime) wrapError(err error) error {
	if err == nil || rt.cfg.WrapError == nil {
		return err
	}
	return rt.cfg.WrapError(err)
}
