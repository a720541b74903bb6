package pyfront

import "strings"

// moduleHint names the alternative for well-known Python modules gust does
// not provide, when the registry has no advice of its own.
func moduleHint(name string) string {
	top := name
	if i := strings.IndexByte(name, '.'); i >= 0 {
		top = name[:i]
	}
	switch top {
	case "numpy", "scipy", "pandas":
		return "gust runs plain Python; use the random, math and statistics-free built-ins (random.randint, random.choice, sum, min, max) instead of " + top
	case "threading", "multiprocessing", "concurrent", "asyncio", "gevent", "greenlet":
		return "every gust user already runs concurrently on its own goroutine; remove the " + top + " code and let gust spawn users (-u / --spawn-rate)"
	case "subprocess":
		return "locustfiles cannot start processes in gust; prepare data before the run and read it with open()"
	case "socket", "ssl", "select", "http", "urllib3":
		return "use self.client (HttpUser) for network calls"
	case "requests":
		return "use self.client in a user, which takes the same arguments as a requests.Session"
	case "sqlite3", "psycopg2", "pymysql", "redis", "pymongo":
		return "gust cannot open database connections; export the data to a CSV or JSON file and read it with open()"
	case "typing_extensions", "abc":
		return "write a plain class"
	case "pickle", "shelve", "marshal":
		return "store data as JSON and use the json module"
	case "ctypes", "importlib", "inspect", "gc":
		return top + " is tied to CPython's internals"
	}
	return ""
}

// builtinHint explains Python built-ins that are deliberately absent.
func builtinHint(name string) string {
	switch name {
	case "eval", "exec", "compile", "__import__", "globals", "locals", "breakpoint":
		return name + "() is not available in gust: write the code directly"
	case "input":
		return "locustfiles cannot read the terminal; use os.environ or a data file"
	case "bytearray", "memoryview", "complex":
		return name + " is not available in gust"
	}
	return ""
}

// importNameHint explains names that `from module import name` asks of a
// module gust provides but that it does not have: mostly names Locust
// itself renamed or removed.
func importNameHint(module, name string) string {
	if module == "locust" || strings.HasPrefix(module, "locust.") {
		switch name {
		case "HttpLocust":
			return "HttpLocust was renamed HttpUser in Locust 1.0; subclass HttpUser"
		case "Locust":
			return "Locust was renamed User in Locust 1.0; subclass User"
		case "TaskSequence":
			return "TaskSequence was renamed SequentialTaskSet in Locust 1.0"
		case "seq_task":
			return "seq_task was removed in Locust 1.0: tasks of a SequentialTaskSet run in the order they are declared, so use @task"
		case "main", "stats", "web", "rpc", "dispatch", "argument_parser":
			return "gust does not expose Locust's internals; use events and self.environment (runner, stats) instead"
		}
		return "gust's locust module has the names of Locust's public API (User, HttpUser, FastHttpUser, TaskSet, SequentialTaskSet, task, tag, between, constant, constant_pacing, constant_throughput, events, LoadTestShape, exceptions)"
	}
	return ""
}
