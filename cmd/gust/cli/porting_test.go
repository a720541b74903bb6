package cli

// Regression tests for what stopped real-world locustfiles from loading in
// gust (docs/porting.md, "Real locustfiles"): each case is a small,
// anonymised script with the construct that one or more of the surveyed
// files used.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gust-load/gust/runtime/clock"
)

func TestRealWorldConstructsLoad(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		users string // --list output after "Available Users:\n"
	}{
		{"package __init__ imports its own submodule", map[string]string{
			"locustfile.py":          "from loadtests import Behaviour\nfrom locust import HttpUser\n\nclass Visitor(HttpUser):\n    tasks = [Behaviour]\n",
			"loadtests/__init__.py":  "from loadtests.behaviour import Behaviour\n",
			"loadtests/behaviour.py": "from locust import TaskSet, task\n\nclass Behaviour(TaskSet):\n    @task\n    def home(self):\n        self.client.get('/')\n",
		}, "    Visitor\n"},
		{"locust.clients exceptions", map[string]string{
			"locustfile.py": "from locust import HttpUser, task\nfrom locust.clients import ResponseError\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        r = self.client.get('/')\n        if r.status_code != 200:\n            raise ResponseError('bad')\n",
		}, "    U\n"},
		{"run_single_user under the main guard", map[string]string{
			"locustfile.py": "from locust import HttpUser, task, run_single_user\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get('/')\n\nif __name__ == '__main__':\n    run_single_user(U)\n",
		}, "    U\n"},
		{"http.client debuglevel and HTTPStatus", map[string]string{
			"locustfile.py": "from http.client import HTTPConnection\nfrom http import HTTPStatus\nfrom locust import HttpUser, task\n\nHTTPConnection.debuglevel = 1\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        assert self.client.get('/').status_code == HTTPStatus.OK\n",
		}, "    U\n"},
		{"gevent monkey patching", map[string]string{
			"locustfile.py": "from gevent import monkey\nmonkey.patch_all()\nfrom locust import HttpUser, task\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get('/')\n",
		}, "    U\n"},
		{"Locust classes imported for annotations", map[string]string{
			"locustfile.py": "from locust import HttpUser, task, events\nfrom locust.env import Environment\nfrom locust.clients import HttpSession\nfrom locust.contrib.fasthttp import FastHttpSession\n\n@events.test_start.add_listener\ndef start(environment: Environment, **kw) -> None:\n    pass\n\ndef fetch(client: HttpSession) -> None:\n    client.get('/')\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        fetch(self.client)\n",
		}, "    U\n"},
		{"runner classes in an init listener", map[string]string{
			"locustfile.py": "from locust import HttpUser, task, events\nfrom locust.runners import MasterRunner, WorkerRunner\n\n@events.init.add_listener\ndef init(environment, **kw):\n    if not isinstance(environment.runner, (MasterRunner, WorkerRunner)):\n        print('local run')\n\nclass U(HttpUser):\n    @task\n    def t(self):\n        self.client.get('/')\n",
		}, "    U\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, src := range tt.files {
				if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
					t.Fatal(err)
				}
				writeFile(t, dir, name, src)
			}
			r := runGust(t, dir, clock.Real{}, "check", "locustfile.py")
			if r.code != 0 {
				t.Fatalf("check: exit %d\n%s", r.code, r.stderr)
			}
			r = runGust(t, dir, clock.Real{}, "--list")
			if r.code != 0 || !strings.HasSuffix(r.stdout, "Available Users:\n"+tt.users) {
				t.Fatalf("--list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// TestRealWorldConstructsRun runs the constructs above against the demo
// shop: the package's task set, the HTTPStatus comparison and the patched
// gevent all work at run time, with no exception.
func TestRealWorldConstructsRun(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "loadtests"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "loadtests/__init__.py", "from loadtests.behaviour import Behaviour\n")
	writeFile(t, dir, "loadtests/behaviour.py", `from http import HTTPStatus
from locust import TaskSet, task
from locust.clients import ResponseError


class Behaviour(TaskSet):
    @task
    def home(self):
        r = self.client.get("/")
        if r.status_code != HTTPStatus.OK:
            raise ResponseError(f"got {r.status_code}")
        ok = (r.status_code == 200) + (len(r.text) > 0)
        self.client.get(f"/products/{'B0' + str(ok)}")
`)
	writeFile(t, dir, "locustfile.py", `from gevent import monkey
monkey.patch_all()
from loadtests import Behaviour
from locust import HttpUser, constant, run_single_user


class Visitor(HttpUser):
    wait_time = constant(0.1)
    tasks = [Behaviour]


if __name__ == "__main__":
    run_single_user(Visitor)
`)
	r := runGust(t, dir, clock.NewScaled(50), "--host", tg.URL, "--headless", "-u", "2", "-r", "10", "-t", "10s",
		"--csv", "out/run", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	home, product := tg.count("GET /"), tg.count("GET /products/B02")
	// A user stopped between its two requests misses the second one.
	if home < 20 || product > home || product < home-2 || tg.count("GET /products/B01")+tg.count("GET /products/B00") != 0 {
		t.Errorf("GET / %d times, GET /products/B02 %d times: the bool sum must be 2 after every home page", home, product)
	}
	if rows := readCSV(t, filepath.Join(dir, "out", "run_exceptions.csv")); len(rows) != 1 {
		t.Errorf("exceptions: %v", rows)
	}
}

// TestRenamedLocustNamesRefused: a Locust 0.x locustfile (HttpLocust) is
// refused before any load with the name, its position and the rename.
func TestRenamedLocustNamesRefused(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "locustfile.py", "from locust import HttpLocust, TaskSet, task\n\nclass Tasks(TaskSet):\n    @task\n    def t(self):\n        self.client.get('/')\n\nclass U(HttpLocust):\n    task_set = Tasks\n")
	r := runGust(t, dir, clock.Real{}, "check", ".")
	if r.code != ExitUsage {
		t.Fatalf("exit %d, want 2\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"locustfile.py:1:20: cannot import name 'HttpLocust' from 'locust'",
		"    from locust import HttpLocust, TaskSet, task\n                       ^", "HttpLocust was renamed HttpUser in Locust 1.0"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}
