// Package pygevent is the one piece of gevent that makes sense in gust:
// gevent.sleep, which is time.sleep (it blocks only the calling user).
// Every gust user already runs concurrently, so spawning greenlets is not
// needed; those names raise an AttributeError that says so.
//
// Script-level API:
//
//	gevent.sleep(seconds=0)
//	gevent.monkey.patch_all(**kw), patch_socket(), patch_ssl(), ... accepted
//	    and inert: Locust patches before loading a locustfile, and gust
//	    needs no patching, so old locustfiles that call it run unchanged
package pygevent

import (
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pytime"
	"go.starlark.net/starlark"
)

const concurrencyHint = "every gust user already runs concurrently on its own goroutine; " +
	"do the work inline in the task, or add users (-u) instead of greenlets"

// Module builds the gevent module.
func Module(*modules.Env) (starlark.Value, error) {
	monkey, err := MonkeyModule(nil)
	if err != nil {
		return nil, err
	}
	m := modules.NewModule("gevent", starlark.StringDict{"sleep": pytime.SleepBuiltin("sleep"), "monkey": monkey})
	m.Hints = map[string]string{}
	for _, n := range []string{"spawn", "spawn_later", "joinall", "wait", "killall", "Greenlet", "getcurrent", "pool", "queue", "lock", "event", "Timeout", "with_timeout", "kill"} {
		m.Hints[n] = concurrencyHint
	}
	return m, nil
}

// MonkeyModule builds gevent.monkey, whose patch functions do nothing:
// there is nothing to patch in gust.
func MonkeyModule(*modules.Env) (starlark.Value, error) {
	members := starlark.StringDict{}
	for _, n := range []string{"patch_all", "patch_socket", "patch_ssl", "patch_thread", "patch_time", "patch_select", "patch_dns", "patch_os", "patch_queue", "patch_subprocess", "patch_sys", "patch_signal"} {
		members[n] = starlark.NewBuiltin(n, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		})
	}
	members["is_module_patched"] = starlark.NewBuiltin("is_module_patched", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.True, nil
	})
	return modules.NewModule("gevent.monkey", members), nil
}
