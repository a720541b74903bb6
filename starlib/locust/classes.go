package locust

import (
	"fmt"
	"time"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/wait"
	"github.com/gust-load/gust/starlib/http"
	"github.com/gust-load/gust/starlib/pyrt"
)

// baseClasses are the Go-defined classes scripts subclass.
type baseClasses struct {
	User, HttpUser, FastHttpUser, TaskSet, SequentialTaskSet, LoadTestShape *pyrt.Class
}

// classKind marks the base classes (pyrt.Class.Native), so that the
// bridge can tell users, task sets and shapes apart along any MRO.
type classKind int

const (
	kindUser classKind = iota + 1
	kindTaskSet
	kindShape
)

// clientMarker is the Native payload of HttpUser and FastHttpUser.
type clientMarker struct{ kind ClientKind }

func builtin(name string, fn func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, fn)
}

func noop(name string) *starlark.Builtin {
	return builtin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, nil
	})
}

// selfArg returns the instance a Go method was called on.
func selfArg(b *starlark.Builtin, args starlark.Tuple) (*pyrt.Instance, starlark.Tuple, error) {
	if len(args) == 0 {
		return nil, nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() missing 1 required positional argument: 'self'", b.Name()))
	}
	self, ok := args[0].(*pyrt.Instance)
	if !ok {
		return nil, nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() needs an instance as self, got %s", b.Name(), args[0].Type()))
	}
	return self, args[1:], nil
}

func newBaseClasses(rt *Runtime) baseClasses {
	var bc baseClasses
	mk := func(name string, bases []*pyrt.Class, attrs map[string]starlark.Value) *pyrt.Class {
		c := pyrt.MustClass(name, bases, attrs)
		c.SetModule("locust")
		return c
	}
	bc.User = mk("User", nil, map[string]starlark.Value{
		"__init__":    builtin("__init__", rt.userInit),
		"abstract":    starlark.True,
		"host":        starlark.None,
		"weight":      starlark.MakeInt(1),
		"fixed_count": starlark.MakeInt(0),
		"tasks":       starlark.NewList(nil),
		"wait_time":   &WaitTime{Strategy: wait.Constant(0)},
		"on_start":    noop("on_start"),
		"on_stop":     noop("on_stop"),
		"context": builtin("context", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.NewDict(0), nil
		}),
	})
	bc.User.Native = kindUser
	bc.HttpUser = mk("HttpUser", []*pyrt.Class{bc.User}, map[string]starlark.Value{
		"abstract": starlark.True,
	})
	bc.HttpUser.Native = &clientMarker{kind: HTTPClient}
	bc.FastHttpUser = mk("FastHttpUser", []*pyrt.Class{bc.User}, map[string]starlark.Value{
		"abstract":           starlark.True,
		"network_timeout":    starlark.Float(60),
		"connection_timeout": starlark.Float(60),
		"max_redirects":      starlark.MakeInt(30),
		"max_retries":        starlark.MakeInt(0),
		"insecure":           starlark.True,
		"concurrency":        starlark.MakeInt(10),
		"default_headers":    starlark.None,
	})
	bc.FastHttpUser.Native = &clientMarker{kind: FastHTTPClient}
	bc.TaskSet = mk("TaskSet", nil, map[string]starlark.Value{
		"__init__":  builtin("__init__", taskSetInit),
		"tasks":     starlark.NewList(nil),
		"on_start":  noop("on_start"),
		"on_stop":   noop("on_stop"),
		"interrupt": builtin("interrupt", rt.interrupt),
	})
	bc.TaskSet.Native = kindTaskSet
	bc.SequentialTaskSet = mk("SequentialTaskSet", []*pyrt.Class{bc.TaskSet}, nil)
	bc.LoadTestShape = mk("LoadTestShape", nil, map[string]starlark.Value{
		"abstract":               starlark.True,
		"use_common_options":     starlark.False,
		"runner":                 starlark.None,
		"get_run_time":           builtin("get_run_time", rt.shapeRunTime),
		"reset_time":             builtin("reset_time", rt.shapeResetTime),
		"get_current_user_count": builtin("get_current_user_count", rt.shapeUserCount),
	})
	bc.LoadTestShape.Native = kindShape
	return bc
}

// kindOf tells what a script class is.
func kindOf(c *pyrt.Class) classKind {
	for _, k := range c.MRO() {
		if ck, ok := k.Native.(classKind); ok {
			return ck
		}
	}
	return 0
}

// clientKindOf tells which client a user class gets.
func clientKindOf(c *pyrt.Class) ClientKind {
	for _, k := range c.MRO() {
		if m, ok := k.Native.(*clientMarker); ok {
			return m.kind
		}
	}
	return NoClient
}

// userInit is User.__init__(self, environment): it records the
// environment and, for HttpUser and FastHttpUser, makes self.client.
func (rt *Runtime) userInit(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, rest, err := selfArg(b, args)
	if err != nil {
		return nil, err
	}
	var env starlark.Value = rt.env
	if err := starlark.UnpackArgs("__init__", rest, kwargs, "environment?", &env); err != nil {
		return nil, err
	}
	self.SetFieldDirect("environment", env)
	kind := clientKindOf(self.Class())
	if kind == NoClient {
		return starlark.None, nil
	}
	hostV, err := self.Attr("host")
	if err != nil {
		return nil, err
	}
	host, _ := starlark.AsString(hostV)
	if host == "" {
		return nil, &pyrt.Error{Value: newExcInstance(rt.exc.LocustError,
			"You must specify the base host. Either in the host attribute in the User class, or on the command line using the --host option.")}
	}
	vu := vuOf(th)
	cfg := http.Config{BaseURL: host, OnRequest: rt.onRequestNoUser}
	if vu != nil {
		cfg.OnRequest = vu.onRequest
		// The user's own context: the engine cancels it and then calls
		// VU.Cancel, which interrupts the client, so the client need
		// not watch it (see http.Config.UserContext).
		cfg.UserContext = vu.ctx
	}
	var client *http.Session
	if kind == FastHTTPClient {
		fo, err := fastOptions(self.Class())
		if err != nil {
			return nil, err
		}
		client, err = rt.cfg.HTTP.NewFastHTTPSession(cfg, fo)
		if err != nil {
			return nil, err
		}
	} else {
		client, err = rt.cfg.HTTP.NewHTTPSession(cfg)
		if err != nil {
			return nil, err
		}
	}
	if vu != nil {
		vu.closers = append(vu.closers, func() { _ = client.Close() })
		vu.cancelMu.Lock() // Cancel reads interrupters from the killing goroutine
		vu.interrupters = append(vu.interrupters, client.Interrupt)
		vu.cancelMu.Unlock()
	}
	self.SetFieldDirect("client", client)
	return starlark.None, nil
}

func newExcInstance(cls *pyrt.Class, msg string) *pyrt.Instance {
	inst := pyrt.NewInstance(cls)
	inst.SetFieldDirect("args", starlark.Tuple{starlark.String(msg)})
	return inst
}

// taskSetInit is TaskSet.__init__(self, parent).
func taskSetInit(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	self, rest, err := selfArg(b, args)
	if err != nil {
		return nil, err
	}
	var parent starlark.Value
	if err := starlark.UnpackArgs("__init__", rest, kwargs, "parent", &parent); err != nil {
		return nil, err
	}
	self.SetFieldDirect("parent", parent)
	var userV starlark.Value = parent
	if p, ok := parent.(*pyrt.Instance); ok && kindOf(p.Class()) == kindTaskSet {
		if u, ok := p.Field("user"); ok {
			userV = u
		}
	}
	self.SetFieldDirect("user", userV)
	if u, ok := userV.(*pyrt.Instance); ok {
		if c, ok := u.Field("client"); ok {
			self.SetFieldDirect("client", c)
		}
		if e, ok := u.Field("environment"); ok {
			self.SetFieldDirect("environment", e)
		}
	}
	return starlark.None, nil
}

// interrupt is TaskSet.interrupt(self, reschedule=True).
func (rt *Runtime) interrupt(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	_, rest, err := selfArg(b, args)
	if err != nil {
		return nil, err
	}
	var reschedule starlark.Value = starlark.True
	if err := starlark.UnpackArgs("interrupt", rest, kwargs, "reschedule?", &reschedule); err != nil {
		return nil, err
	}
	inst := pyrt.NewInstance(rt.exc.InterruptTaskSet)
	inst.SetFieldDirect("args", starlark.Tuple{reschedule})
	inst.SetFieldDirect("reschedule", starlark.Bool(reschedule.Truth()))
	return nil, &pyrt.Error{Value: inst}
}

// fastOptions reads FastHttpUser's class attributes.
func fastOptions(cls *pyrt.Class) (http.FastOptions, error) {
	fo := http.DefaultFastOptions()
	secs := func(name string, d *time.Duration) error {
		v, err := cls.Attr(name)
		if err != nil {
			return err
		}
		if v == starlark.None {
			*d = 0
			return nil
		}
		f, ok := starlark.AsFloat(v)
		if !ok {
			return fmt.Errorf("%s.%s must be a number, not %s", cls.Name(), name, v.Type())
		}
		*d = wait.Seconds(f)
		return nil
	}
	if err := secs("network_timeout", &fo.NetworkTimeout); err != nil {
		return fo, err
	}
	if err := secs("connection_timeout", &fo.ConnectionTimeout); err != nil {
		return fo, err
	}
	if v, err := cls.Attr("max_redirects"); err == nil {
		if n, err := starlark.AsInt32(v); err == nil {
			fo.MaxRedirects = n
		}
	}
	if v, err := cls.Attr("insecure"); err == nil {
		fo.Insecure = bool(v.Truth())
	}
	if v, err := cls.Attr("default_headers"); err == nil {
		if m, ok := v.(starlark.IterableMapping); ok {
			for _, kv := range m.Items() {
				k, _ := starlark.AsString(kv[0])
				fo.DefaultHeaders = append(fo.DefaultHeaders, [2]string{k, pyrt.Str(kv[1])})
			}
		}
	}
	return fo, nil
}
