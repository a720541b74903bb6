package locust

import (
	"context"
	"errors"
	"sort"
	"sync"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/logs"
	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/pyrt"
)

// eventNames are Locust's event hooks. All accept listeners; gust fires the
// ones whose moments it has.
var eventNames = []string{
	"init", "init_command_line_parser", "test_start", "test_stopping", "test_stop",
	"request", "user_error", "report_to_master", "worker_report", "worker_connect",
	"spawning_complete", "quitting", "quit", "reset_stats", "cpu_warning", "usage_monitor",
	"heartbeat_sent", "heartbeat_received",
}

// Events is locust.events: one EventHook per event name.
type Events struct {
	rt    *Runtime
	hooks map[string]*EventHook
}

var _ starlark.HasAttrs = (*Events)(nil)

func newEvents(rt *Runtime) *Events {
	e := &Events{rt: rt, hooks: map[string]*EventHook{}}
	for _, n := range eventNames {
		e.hooks[n] = &EventHook{name: n, rt: rt}
	}
	return e
}

// Hook returns the hook of an event name (nil if unknown).
func (e *Events) Hook(name string) *EventHook { return e.hooks[name] }

// String names the value.
func (e *Events) String() string { return "<locust.event.Events object>" }

// Type returns "Events".
func (e *Events) Type() string { return "Events" }

// Freeze does nothing: hooks guard their own listener lists.
func (e *Events) Freeze() {}

// Truth is true.
func (e *Events) Truth() starlark.Bool { return true }

// Hash hashes by identity.
func (e *Events) Hash() (uint32, error) { return 0x45, nil }

// Attr returns a hook.
func (e *Events) Attr(name string) (starlark.Value, error) {
	if h, ok := e.hooks[name]; ok {
		return h, nil
	}
	return nil, nil
}

// AttrNames lists the hooks.
func (e *Events) AttrNames() []string {
	out := append([]string(nil), eventNames...)
	sort.Strings(out)
	return out
}

// EventHook is one event: listeners added with add_listener (also usable
// as a decorator) and fired with keyword arguments only.
type EventHook struct {
	name string
	rt   *Runtime

	mu        sync.RWMutex
	listeners []starlark.Callable
}

var _ starlark.HasAttrs = (*EventHook)(nil)

// String names the hook.
func (h *EventHook) String() string { return "<locust.event.EventHook object>" }

// Type returns "EventHook".
func (h *EventHook) Type() string { return "EventHook" }

// Freeze does nothing: the listener list has its own lock.
func (h *EventHook) Freeze() {}

// Truth is true.
func (h *EventHook) Truth() starlark.Bool { return true }

// Hash hashes by name.
func (h *EventHook) Hash() (uint32, error) { return starlark.String(h.name).Hash() }

// HasListeners reports whether any script listener is registered (the
// request path skips building event arguments when none is).
func (h *EventHook) HasListeners() bool {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.listeners) > 0
}

// Attr returns add_listener, remove_listener and fire.
func (h *EventHook) Attr(name string) (starlark.Value, error) {
	switch name {
	case "add_listener":
		return builtin("add_listener", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var fn starlark.Callable
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &fn); err != nil {
				return nil, err
			}
			h.mu.Lock()
			h.listeners = append(h.listeners, fn)
			h.mu.Unlock()
			return fn, nil
		}), nil
	case "remove_listener":
		return builtin("remove_listener", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			var fn starlark.Callable
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kwargs, 1, &fn); err != nil {
				return nil, err
			}
			h.mu.Lock()
			defer h.mu.Unlock()
			for i, l := range h.listeners {
				if l == fn {
					h.listeners = append(h.listeners[:i:i], h.listeners[i+1:]...)
					break
				}
			}
			return starlark.None, nil
		}), nil
	case "fire":
		return builtin("fire", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 0 {
				return nil, pyrt.NewError(pyrt.TypeError, "fire() takes keyword arguments only")
			}
			reverse := false
			var rest []starlark.Tuple
			for _, kv := range kwargs {
				if string(kv[0].(starlark.String)) == "reverse" {
					reverse = bool(kv[1].Truth())
					continue
				}
				rest = append(rest, kv)
			}
			if h.name == "request" {
				h.rt.recordFromKwargs(th, rest)
			}
			return starlark.None, h.fire(th, rest, reverse)
		}), nil
	}
	return nil, nil
}

// AttrNames lists the methods.
func (h *EventHook) AttrNames() []string { return []string{"add_listener", "fire", "remove_listener"} }

// Fire calls every listener with the keyword arguments on a thread of its
// own (for events the engine fires: init, test_start, quitting...).
// Listener errors are logged as Locust does; control-flow exceptions
// (StopUser, StopTest...) are returned.
func (h *EventHook) Fire(ctx context.Context, kwargs []starlark.Tuple, reverse bool) error {
	if !h.HasListeners() {
		return nil
	}
	th := h.rt.NewThread(ctx, "event:"+h.name)
	return h.fire(th, kwargs, reverse)
}

// FireOn is Fire on a given thread (a user's).
func (h *EventHook) FireOn(th *starlark.Thread, kwargs []starlark.Tuple) error {
	return h.fire(th, kwargs, false)
}

func (h *EventHook) fire(th *starlark.Thread, kwargs []starlark.Tuple, reverse bool) error {
	h.mu.RLock()
	ls := append([]starlark.Callable(nil), h.listeners...)
	h.mu.RUnlock()
	if reverse {
		for i, j := 0, len(ls)-1; i < j; i, j = i+1, j-1 {
			ls[i], ls[j] = ls[j], ls[i]
		}
	}
	for _, fn := range ls {
		if _, err := starlark.Call(th, fn, nil, kwargs); err != nil {
			if pyrt.IsCancellation(err) {
				return err
			}
			if c, _ := user.ControlOf(err); c != user.NoControl {
				return err
			}
			h.rt.unhandled.Store(true)
			werr := h.rt.wrapError(err)
			msg := werr.Error()
			var tr user.Traced
			if errors.As(werr, &tr) {
				msg = tr.Message() + "\n" + tr.Traceback()
			}
			h.rt.cfg.Logger.Error("Uncaught exception in event handler: \n"+msg, logs.Key, "locust.event")
		}
	}
	return nil
}

// Kwargs builds keyword arguments for EventHook.Fire from name, value pairs.
func Kwargs(pairs ...any) []starlark.Tuple {
	out := make([]starlark.Tuple, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, starlark.Tuple{starlark.String(pairs[i].(string)), pairs[i+1].(starlark.Value)})
	}
	return out
}
