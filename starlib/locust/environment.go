package locust

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/logs"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/starlib/pyrt"
)

// Control is what a script may do to the run: the runner's methods behind
// self.environment.runner.
type Control interface {
	Quit()
	Stop()
	UserCount() int
	State() string
	// UserClassesCount and TargetUserClassesCount are the running and
	// the targeted users per class.
	UserClassesCount() map[string]int
	TargetUserClassesCount() map[string]int
}

// Binding connects the script-visible environment to a run.
type Binding struct {
	Control Control
	// Host is the --host value ("" if none).
	Host string
	// ParsedOptions are the option values scripts read as
	// environment.parsed_options.<name> (Locust's argparse dest names).
	ParsedOptions map[string]starlark.Value
	// Stats returns the current statistics (environment.stats).
	Stats func() *stats.Snapshot
	// StopTimeout is --stop-timeout in seconds.
	StopTimeout float64
}

// Bind connects the runtime to a run; call it before users start.
func (rt *Runtime) Bind(b Binding) {
	rt.mu.Lock()
	rt.control = b.Control
	rt.mu.Unlock()
	rt.env.bind(b)
}

func (rt *Runtime) controlOrNil() Control {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	return rt.control
}

// ExitCode returns environment.process_exit_code when a script set it.
func (rt *Runtime) ExitCode() (int, bool) { return rt.env.exitCode() }

// Environment is self.environment: host, runner, parsed_options, stats,
// events and the settable process_exit_code.
type Environment struct {
	rt *Runtime

	mu      sync.Mutex
	binding Binding
	exitVal starlark.Value // None until a script sets it
	runner  *pyrt.Instance // a LocalRunner
	classes runnerClasses
	options *optionsValue
	extra   map[string]starlark.Value
	// messages are the runner's custom message listeners by type.
	messages map[string]starlark.Callable
	// webUIWarned: the web_ui warning was logged.
	webUIWarned bool
}

var (
	_ starlark.HasAttrs    = (*Environment)(nil)
	_ starlark.HasSetField = (*Environment)(nil)
)

func newEnvironment(rt *Runtime) *Environment {
	e := &Environment{rt: rt, exitVal: starlark.None, extra: map[string]starlark.Value{}}
	e.classes = newRunnerClasses(e)
	e.runner = pyrt.NewInstance(e.classes.Local)
	e.runner.Freeze()
	e.options = &optionsValue{vals: map[string]starlark.Value{}}
	return e
}

func (e *Environment) bind(b Binding) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.binding = b
	vals := map[string]starlark.Value{}
	for k, v := range b.ParsedOptions {
		vals[k] = v
	}
	e.options = &optionsValue{vals: vals}
}

func (e *Environment) runnerValue() starlark.Value { return e.runner }

func (e *Environment) exitCode() (int, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.exitVal == starlark.None {
		return 0, false
	}
	n, err := starlark.AsInt32(e.exitVal)
	if err != nil {
		return 1, true
	}
	return n, true
}

// String names the value.
func (e *Environment) String() string { return "<locust.env.Environment object>" }

// Type returns "Environment".
func (e *Environment) Type() string { return "Environment" }

// Freeze does nothing: the environment guards its own state.
func (e *Environment) Freeze() {}

// Truth is true.
func (e *Environment) Truth() starlark.Bool { return true }

// Hash hashes by identity.
func (e *Environment) Hash() (uint32, error) { return 0xe5, nil }

// Attr returns the environment's attributes.
func (e *Environment) Attr(name string) (starlark.Value, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch name {
	case "host":
		if e.binding.Host == "" {
			return starlark.None, nil
		}
		return starlark.String(e.binding.Host), nil
	case "runner":
		return e.runner, nil
	case "parsed_options":
		return e.options, nil
	case "process_exit_code":
		return e.exitVal, nil
	case "events":
		return e.rt.events, nil
	case "stats":
		return &statsValue{get: e.binding.Stats}, nil
	case "catch_exceptions":
		return starlark.True, nil
	case "stop_timeout":
		return starlark.Float(e.binding.StopTimeout), nil
	case "user_classes", "available_user_classes":
		e.rt.mu.Lock()
		classes := append([]*pyrt.Class(nil), e.rt.userClasses...)
		e.rt.mu.Unlock()
		if name == "user_classes" {
			vals := make([]starlark.Value, len(classes))
			for i, c := range classes {
				vals[i] = c
			}
			return starlark.NewList(vals), nil
		}
		d := starlark.NewDict(len(classes))
		for _, c := range classes {
			_ = d.SetKey(starlark.String(c.Name()), c)
		}
		return d, nil
	case "reset_stats":
		if v, ok := e.binding.ParsedOptions["reset_stats"]; ok {
			return v, nil
		}
		return starlark.False, nil
	case "web_ui":
		// None, as Locust's is without a web UI. With one, Locust hands
		// out its Flask app for custom routes, which gust's server cannot
		// take: say so once, so that a guarded extension is not silently
		// missing.
		if h, ok := e.binding.ParsedOptions["headless"]; ok && !bool(h.Truth()) && !e.webUIWarned {
			e.webUIWarned = true
			e.rt.cfg.Logger.Warn("environment.web_ui is None in gust: its web UI takes no Flask routes or extensions", logs.Key, "locust.main")
		}
		return starlark.None, nil
	}
	if v, ok := e.extra[name]; ok {
		return v, nil
	}
	return nil, nil
}

// AttrNames lists the attributes.
func (e *Environment) AttrNames() []string {
	return []string{"available_user_classes", "catch_exceptions", "events", "host", "parsed_options", "process_exit_code",
		"reset_stats", "runner", "stats", "stop_timeout", "user_classes", "web_ui"}
}

// SetField supports environment.process_exit_code = N and custom fields.
func (e *Environment) SetField(name string, v starlark.Value) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	switch name {
	case "process_exit_code":
		if v != starlark.None {
			if _, err := starlark.AsInt32(v); err != nil {
				return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("process_exit_code must be an int, not %s", v.Type()))
			}
		}
		e.exitVal = v
		return nil
	case "host", "runner", "parsed_options", "events", "stats", "user_classes", "available_user_classes", "reset_stats":
		return pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("can't set attribute '%s'", name))
	}
	e.extra[name] = pyrt.Share(v)
	return nil
}

// runnerClasses are locust.runners' Runner, LocalRunner, MasterRunner and
// WorkerRunner, so that listeners can test isinstance(environment.runner,
// MasterRunner) as Locust's documentation does.
type runnerClasses struct {
	Runner, Local, Master, Worker *pyrt.Class
}

func newRunnerClasses(e *Environment) runnerClasses {
	control := func() Control { return e.rt.controlOrNil() }
	method := func(name string, f func(Control)) *starlark.Builtin {
		return builtin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			if c := control(); c != nil {
				// Asynchronous: the calling user is among those stopped.
				go f(c)
			}
			return starlark.None, nil
		})
	}
	getter := func(name string, f func(Control) starlark.Value, def starlark.Value) *pyrt.Property {
		return &pyrt.Property{Getter: builtin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			if c := control(); c != nil {
				return f(c), nil
			}
			return def, nil
		})}
	}
	base := pyrt.MustClass("Runner", nil, map[string]starlark.Value{
		"quit":                      method("quit", Control.Quit),
		"stop":                      method("stop", Control.Stop),
		"user_count":                getter("user_count", func(c Control) starlark.Value { return starlark.MakeInt(c.UserCount()) }, starlark.MakeInt(0)),
		"state":                     getter("state", func(c Control) starlark.Value { return starlark.String(c.State()) }, starlark.String("ready")),
		"environment":               getter("environment", func(Control) starlark.Value { return e }, e),
		"worker_index":              getter("worker_index", func(Control) starlark.Value { return starlark.MakeInt(0) }, starlark.MakeInt(0)),
		"user_classes_count":        getter("user_classes_count", func(c Control) starlark.Value { return countsDict(c.UserClassesCount()) }, starlark.NewDict(0)),
		"target_user_classes_count": getter("target_user_classes_count", func(c Control) starlark.Value { return countsDict(c.TargetUserClassesCount()) }, starlark.NewDict(0)),
		"target_user_count": getter("target_user_count", func(c Control) starlark.Value {
			n := 0
			for _, v := range c.TargetUserClassesCount() {
				n += v
			}
			return starlark.MakeInt(n)
		}, starlark.MakeInt(0)),
		"register_message": builtin("register_message", e.registerMessage),
		"send_message":     builtin("send_message", e.sendMessage),
		// runner.stats is environment.stats, as in Locust.
		"stats": &pyrt.Property{Getter: builtin("stats", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return e.Attr("stats")
		})},
		"current_cpu_usage": &pyrt.Property{Getter: builtin("current_cpu_usage", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Float(math.Float64frombits(e.rt.cpuUsage.Load())), nil
		})},
		"current_memory_usage": &pyrt.Property{Getter: builtin("current_memory_usage", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt64(e.rt.memUsage.Load()), nil
		})},
	})
	rc := runnerClasses{Runner: base}
	rc.Local = pyrt.MustClass("LocalRunner", []*pyrt.Class{base}, nil)
	rc.Master = pyrt.MustClass("MasterRunner", []*pyrt.Class{base}, nil)
	rc.Worker = pyrt.MustClass("WorkerRunner", []*pyrt.Class{base}, nil)
	for _, c := range []*pyrt.Class{base, rc.Local, rc.Master, rc.Worker} {
		c.SetModule("locust.runners")
	}
	return rc
}

// countsDict is a {class name: users} dict, sorted by name.
func countsDict(m map[string]int) starlark.Value {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	d := starlark.NewDict(len(m))
	for _, k := range names {
		_ = d.SetKey(starlark.String(k), starlark.MakeInt(m[k]))
	}
	return d
}

// messageClass is locust.rpc.protocol.Message: type, data and node_id.
var messageClass = func() *pyrt.Class {
	c := pyrt.MustClass("Message", nil, nil)
	c.SetModule("locust.rpc.protocol")
	return c
}()

// registerMessage is runner.register_message(msg_type, listener,
// concurrent=False): the listener of a custom message type.
func (e *Environment) registerMessage(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		self       starlark.Value
		msgType    string
		listener   starlark.Callable
		concurrent bool
	)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "self", &self, "msg_type", &msgType, "listener", &listener, "concurrent?", &concurrent); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.messages == nil {
		e.messages = map[string]starlark.Callable{}
	}
	if _, dup := e.messages[msgType]; dup {
		return nil, pyrt.NewError(pyrt.Exception, fmt.Sprintf("Tried to register listener method for %s, but it already had a listener!", msgType))
	}
	e.messages[msgType] = listener
	return starlark.None, nil
}

// sendMessage is LocalRunner.send_message(msg_type, data=None,
// client_id=None): with one process the message goes to this runner's own
// listener at once, as Locust's LocalRunner delivers it (node_id "local");
// an unknown type logs a warning.
func (e *Environment) sendMessage(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var (
		self     starlark.Value
		msgType  string
		data     starlark.Value = starlark.None
		clientID starlark.Value = starlark.None
	)
	if err := starlark.UnpackArgs(b.Name(), args, kwargs, "self", &self, "msg_type", &msgType, "data?", &data, "client_id?", &clientID); err != nil {
		return nil, err
	}
	e.mu.Lock()
	listener := e.messages[msgType]
	e.mu.Unlock()
	if listener == nil {
		e.rt.cfg.Logger.Warn("Unknown message type received: "+msgType, logs.Key, "locust.runners")
		return starlark.None, nil
	}
	msg := pyrt.NewInstance(messageClass)
	msg.SetFieldDirect("type", starlark.String(msgType))
	msg.SetFieldDirect("data", data)
	msg.SetFieldDirect("node_id", starlark.String("local"))
	if _, err := starlark.Call(th, listener, nil, Kwargs("environment", starlark.Value(e), "msg", starlark.Value(msg))); err != nil {
		return nil, err
	}
	return starlark.None, nil
}

// optionsValue is environment.parsed_options: read-only option values by
// Locust's dest names.
type optionsValue struct {
	mu   sync.RWMutex // the web UI's start form sets values while users read them
	vals map[string]starlark.Value
}

var _ starlark.HasAttrs = (*optionsValue)(nil)

func (o *optionsValue) String() string        { return "Namespace(...)" }
func (o *optionsValue) Type() string          { return "Namespace" }
func (o *optionsValue) Freeze()               {}
func (o *optionsValue) Truth() starlark.Bool  { return true }
func (o *optionsValue) Hash() (uint32, error) { return 0x4f, nil }

// Attr returns an option value.
func (o *optionsValue) Attr(name string) (starlark.Value, error) {
	o.mu.RLock()
	defer o.mu.RUnlock()
	if v, ok := o.vals[name]; ok {
		return v, nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'Namespace' object has no attribute '%s'", name))
}

// AttrNames lists the options.
func (o *optionsValue) AttrNames() []string {
	o.mu.RLock()
	defer o.mu.RUnlock()
	out := make([]string, 0, len(o.vals))
	for k := range o.vals {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// set replaces an option's value from the web UI's start form as Locust's
// /swarm does, keeping the current value's type: a bool is "true" or not,
// a list takes the comma-separated parts (or every value given), of ints
// when it held ints, an int or float parses the text, and anything else
// (a string, None) takes the text.
func (o *optionsValue) set(name string, values []string) error {
	if len(values) == 0 {
		return nil
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	cur, ok := o.vals[name]
	if !ok {
		return fmt.Errorf("no option %q", name)
	}
	text := values[0]
	var v starlark.Value
	switch c := cur.(type) {
	case starlark.Bool:
		v = starlark.Bool(text == "true")
	case starlark.Int:
		n, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return fmt.Errorf("invalid literal for int() with base 10: %s", pyrt.Repr(starlark.String(text)))
		}
		v = starlark.MakeInt64(n)
	case starlark.Float:
		f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return fmt.Errorf("could not convert string to float: %s", pyrt.Repr(starlark.String(text)))
		}
		v = starlark.Float(f)
	case *starlark.List:
		parts := values
		if strings.Contains(text, ",") {
			parts = strings.Split(text, ",")
		}
		ints := c.Len() > 0
		for i := range c.Len() {
			if _, isInt := c.Index(i).(starlark.Int); !isInt {
				ints = false
			}
		}
		elems := make([]starlark.Value, len(parts))
		for i, p := range parts {
			if ints {
				n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64)
				if err != nil {
					return fmt.Errorf("invalid literal for int() with base 10: %s", pyrt.Repr(starlark.String(p)))
				}
				elems[i] = starlark.MakeInt64(n)
			} else {
				elems[i] = starlark.String(p)
			}
		}
		v = starlark.NewList(elems)
	default:
		v = starlark.String(text)
	}
	o.vals[name] = v
	return nil
}

// SetParsedOptionValue sets environment.parsed_options.<name> to v as it
// is (the web UI's profile, which an empty form field makes None).
func (rt *Runtime) SetParsedOptionValue(name string, v starlark.Value) {
	rt.env.mu.Lock()
	opts := rt.env.options
	rt.env.mu.Unlock()
	opts.mu.Lock()
	defer opts.mu.Unlock()
	opts.vals[name] = v
}

// SetParsedOption sets environment.parsed_options.<name> from the web UI's
// start form (see optionsValue.set for the conversion). It fails for a name
// that is no option or a value the option's type does not parse.
func (rt *Runtime) SetParsedOption(name string, values []string) error {
	rt.env.mu.Lock()
	opts := rt.env.options
	rt.env.mu.Unlock()
	return opts.set(name, values)
}

// statsValue is environment.stats: Locust's RequestStats, read from a
// snapshot taken when an attribute is read.
type statsValue struct{ get func() *stats.Snapshot }

var _ starlark.HasAttrs = (*statsValue)(nil)

func (s *statsValue) String() string        { return "<locust.stats.RequestStats object>" }
func (s *statsValue) Type() string          { return "RequestStats" }
func (s *statsValue) Freeze()               {}
func (s *statsValue) Truth() starlark.Bool  { return true }
func (s *statsValue) Hash() (uint32, error) { return 0x53, nil }

func (s *statsValue) snap() *stats.Snapshot {
	if s.get == nil {
		return nil
	}
	return s.get()
}

// Attr returns total, entries, errors, num_requests, num_failures and get.
func (s *statsValue) Attr(name string) (starlark.Value, error) {
	snap := s.snap()
	switch name {
	case "total":
		if snap == nil {
			return &entryValue{}, nil
		}
		return &entryValue{snap: snap, e: snap.Total}, nil
	case "entries":
		d := starlark.NewDict(0)
		if snap != nil {
			for _, e := range snap.Entries {
				_ = d.SetKey(starlark.Tuple{starlark.String(e.Name), starlark.String(e.Method)}, &entryValue{snap: snap, e: e})
			}
		}
		return d, nil
	case "errors":
		d := starlark.NewDict(0)
		if snap != nil {
			for _, er := range snap.Errors {
				row := starlark.NewDict(4)
				_ = row.SetKey(starlark.String("method"), starlark.String(er.Method))
				_ = row.SetKey(starlark.String("name"), starlark.String(er.Name))
				_ = row.SetKey(starlark.String("error"), starlark.String(er.Error))
				_ = row.SetKey(starlark.String("occurrences"), starlark.MakeInt64(er.Occurrences))
				_ = d.SetKey(starlark.String(er.Key), row)
			}
		}
		return d, nil
	case "num_requests", "num_failures":
		return (&entryValue{snap: snap, e: totalOf(snap)}).Attr(name)
	case "get":
		return builtin("get", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var name, method string
			if err := starlark.UnpackArgs(b.Name(), args, kwargs, "name", &name, "method", &method); err != nil {
				return nil, err
			}
			if snap == nil {
				return &entryValue{}, nil
			}
			return &entryValue{snap: snap, e: snap.Entry(method, name)}, nil
		}), nil
	}
	return nil, nil
}

func totalOf(s *stats.Snapshot) *stats.Entry {
	if s == nil {
		return nil
	}
	return s.Total
}

// AttrNames lists the attributes.
func (s *statsValue) AttrNames() []string {
	return []string{"entries", "errors", "get", "num_failures", "num_requests", "total"}
}

// entryValue is one StatsEntry (a row, or the total).
type entryValue struct {
	snap *stats.Snapshot
	e    *stats.Entry
}

var _ starlark.HasAttrs = (*entryValue)(nil)

func (v *entryValue) String() string        { return "<locust.stats.StatsEntry object>" }
func (v *entryValue) Type() string          { return "StatsEntry" }
func (v *entryValue) Freeze()               {}
func (v *entryValue) Truth() starlark.Bool  { return true }
func (v *entryValue) Hash() (uint32, error) { return 0x45e, nil }

// Attr returns Locust's StatsEntry fields and derived values.
func (v *entryValue) Attr(name string) (starlark.Value, error) {
	e, s := v.e, v.snap
	if e == nil {
		e = &stats.Entry{}
	}
	switch name {
	case "name":
		return starlark.String(e.Name), nil
	case "method":
		return starlark.String(e.Method), nil
	case "num_requests":
		return starlark.MakeInt64(e.NumRequests), nil
	case "num_failures":
		return starlark.MakeInt64(e.NumFailures), nil
	case "num_none_requests":
		return starlark.MakeInt64(e.NumNoneRequests), nil
	case "fail_ratio":
		return starlark.Float(e.FailRatio()), nil
	case "avg_response_time":
		return starlark.Float(e.AvgResponseTime()), nil
	case "median_response_time":
		m, _ := e.Median()
		return starlark.Float(m), nil
	case "min_response_time":
		if m, ok := e.MinResponseTime(); ok {
			return starlark.Float(m), nil
		}
		return starlark.None, nil
	case "max_response_time":
		return starlark.Float(e.MaxResponseTime()), nil
	case "total_response_time":
		return starlark.Float(e.TotalResponseTime()), nil
	case "avg_content_length":
		return starlark.Float(e.AvgContentLength()), nil
	case "total_content_length":
		return starlark.MakeInt64(e.TotalContentLength), nil
	case "total_rps":
		if s == nil {
			return starlark.Float(0), nil
		}
		return starlark.Float(s.TotalRPS(e)), nil
	case "total_fail_per_sec":
		if s == nil {
			return starlark.Float(0), nil
		}
		return starlark.Float(s.TotalFailPerSec(e)), nil
	case "current_rps":
		if s == nil {
			return starlark.Float(0), nil
		}
		return starlark.Float(s.CurrentRPS(e)), nil
	case "current_fail_per_sec":
		if s == nil {
			return starlark.Float(0), nil
		}
		return starlark.Float(s.CurrentFailPerSec(e)), nil
	case "get_response_time_percentile", "get_current_response_time_percentile":
		current := name == "get_current_response_time_percentile"
		return builtin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var p float64
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &p); err != nil {
				return nil, err
			}
			if current {
				ms, ok := e.CurrentPercentile(p)
				if !ok {
					return starlark.None, nil
				}
				return starlark.MakeInt64(ms), nil
			}
			return starlark.MakeInt64(e.Percentile(p)), nil
		}), nil
	}
	return nil, nil
}

// AttrNames lists the fields.
func (v *entryValue) AttrNames() []string {
	return []string{"avg_content_length", "avg_response_time", "current_fail_per_sec", "current_rps",
		"fail_ratio", "get_current_response_time_percentile", "get_response_time_percentile",
		"max_response_time", "median_response_time", "method", "min_response_time", "name",
		"num_failures", "num_none_requests", "num_requests", "total_content_length",
		"total_fail_per_sec", "total_response_time", "total_rps"}
}

// SetHost changes the host of every user class and of the environment (a
// test started from the web UI with a host): users made afterwards use it.
func (rt *Runtime) SetHost(host string) {
	rt.mu.Lock()
	classes := append([]*pyrt.Class(nil), rt.userClasses...)
	rt.mu.Unlock()
	for _, c := range classes {
		_ = c.SetField("host", starlark.String(host))
	}
	rt.env.mu.Lock()
	rt.env.binding.Host = host
	rt.env.mu.Unlock()
}
