// Package pygevent is the one piece of gevent that makes sense in gust:
// gevent.sleep, which is time.sleep (it blocks only the calling user).
// Every gust user already runs concurrently, so spawning greenlets is not
// needed; those names raise an AttributeError that says so.
//
// Script-level API:
//
//	gevent.sleep(seconds=0)
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
	m := modules.NewModule("gevent", starlark.StringDict{"sleep": pytime.SleepBuiltin("sleep")})
	m.Hints = map[string]string{}
	for _, n := range []string{"spawn", "spawn_later", "joinall", "wait", "killall", "Greenlet", "getcurrent", "pool", "queue", "lock", "event", "monkey", "Timeout", "with_timeout", "kill"} {
		m.Hints[n] = concurrencyHint
	}
	return m, nil
}
