package locust

import (
	"go.starlark.net/starlark"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
)

// Members returns the names `from locust import ...` offers.
func (rt *Runtime) Members() starlark.StringDict {
	m := starlark.StringDict{
		"User":                rt.classes.User,
		"HttpUser":            rt.classes.HttpUser,
		"FastHttpUser":        rt.classes.FastHttpUser,
		"TaskSet":             rt.classes.TaskSet,
		"SequentialTaskSet":   rt.classes.SequentialTaskSet,
		"LoadTestShape":       rt.classes.LoadTestShape,
		"task":                builtin("task", taskBuiltin),
		"tag":                 builtin("tag", tagBuiltin),
		"between":             builtin("between", waitBuiltin("between")),
		"constant":            builtin("constant", waitBuiltin("constant")),
		"constant_pacing":     builtin("constant_pacing", waitBuiltin("constant_pacing")),
		"constant_throughput": builtin("constant_throughput", waitBuiltin("constant_throughput")),
		"events":              rt.events,
		"run_single_user":     builtin("run_single_user", runSingleUser),
		"__version__":         starlark.String("2.46.3"),
	}
	for k, v := range rt.exc.members() {
		m[k] = v
	}
	for k, v := range rt.extra {
		m[k] = v
	}
	return m
}

// Register adds the locust modules to an import registry: locust,
// locust.exception, locust.clients (its exceptions), locust.user,
// locust.user.wait_time, locust.env, locust.contrib.fasthttp and
// locust.event.
func (rt *Runtime) Register(reg *modules.Registry) {
	members := rt.Members()
	pick := func(names ...string) starlark.StringDict {
		out := starlark.StringDict{}
		for _, n := range names {
			if v, ok := members[n]; ok {
				out[n] = v
			}
		}
		return out
	}
	excNames := []string{"LocustError", "StopUser", "StopTest", "RescheduleTask", "RescheduleTaskImmediately",
		"InterruptTaskSet", "MissingWaitTimeError", "ResponseError", "CatchResponseError"}
	mods := map[string]starlark.StringDict{
		"locust":                  members,
		"locust.exception":        pick(excNames...),
		"locust.clients":          pick("LocustError", "ResponseError", "CatchResponseError"),
		"locust.user":             pick("User", "HttpUser", "TaskSet", "SequentialTaskSet", "task", "tag"),
		"locust.user.users":       pick("User", "HttpUser"),
		"locust.user.task":        pick("TaskSet", "task", "tag"),
		"locust.user.wait_time":   pick("between", "constant", "constant_pacing", "constant_throughput"),
		"locust.contrib.fasthttp": pick("FastHttpUser"),
		"locust.shape":            pick("LoadTestShape"),
		"locust.event":            pick("events"),
		"locust.env":              {},
		"locust.runners": {
			"Runner": rt.env.classes.Runner, "LocalRunner": rt.env.classes.Local,
			"MasterRunner": rt.env.classes.Master, "WorkerRunner": rt.env.classes.Worker,
		},
	}
	addTypeOnly(mods)
	hx := rt.cfg.HTTP.Exceptions()
	reqExc := starlark.StringDict{}
	for name, c := range map[string]*pyrt.Class{
		"RequestException": hx.RequestException, "HTTPError": hx.HTTPError, "ConnectionError": hx.ConnectionError,
		"ProxyError": hx.ProxyError, "SSLError": hx.SSLError, "Timeout": hx.Timeout, "ConnectTimeout": hx.ConnectTimeout,
		"ReadTimeout": hx.ReadTimeout, "URLRequired": hx.URLRequired, "TooManyRedirects": hx.TooManyRedirects,
		"MissingSchema": hx.MissingSchema, "InvalidSchema": hx.InvalidSchema, "InvalidURL": hx.InvalidURL,
		"InvalidHeader": hx.InvalidHeader, "ChunkedEncodingError": hx.ChunkedEncodingError,
		"ContentDecodingError": hx.ContentDecodingError, "InvalidJSONError": hx.InvalidJSONError,
		"JSONDecodeError": hx.RequestsJSONDecodeError,
	} {
		if c != nil {
			reqExc[name] = c
		}
	}
	excMod := modules.NewModule("requests.exceptions", reqExc)
	reqMembers := starlark.StringDict{"exceptions": excMod}
	for k, v := range reqExc {
		reqMembers[k] = v
	}
	reqMod := modules.NewModule("requests", reqMembers)
	reqMod.Hints = map[string]string{
		"get":     "gust has no module-level requests functions; use self.client inside a User",
		"post":    "gust has no module-level requests functions; use self.client inside a User",
		"Session": "use self.client (an HttpUser's session) instead of requests.Session",
	}
	reg.Register("requests", func(*modules.Env) (starlark.Value, error) { return reqMod, nil })
	reg.Register("requests.exceptions", func(*modules.Env) (starlark.Value, error) { return excMod, nil })
	for name, m := range mods {
		mod := modules.NewModule(name, m)
		reg.Register(name, func(*modules.Env) (starlark.Value, error) { return mod, nil })
	}
}

// runSingleUser is locust.run_single_user, which debugs a locustfile run as
// a Python program. gust drops the `if __name__ == "__main__":` block it is
// called from, so the import works; a call elsewhere says what to run.
func runSingleUser(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
	return nil, pyrt.NewError(pyrt.RuntimeError, "run_single_user() runs a locustfile as a Python program; with gust run one user instead: gust -f FILE --headless -u 1 -i N")
}
