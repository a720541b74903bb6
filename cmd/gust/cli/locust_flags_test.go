package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

// idleUser is a user class that does nothing each second, for locustfiles
// whose point is elsewhere (events, options).
const idleUser = `
class U(User):
    wait_time = constant(1)

    @task
    def t(self):
        pass
`

// runScript runs gust headless (on a clock 20 times fast) in a new
// directory holding src as locustfile.py, and fails unless it exits with
// code.
func runScript(t *testing.T, src string, code int, args ...string) gustRun {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, dir, "locustfile.py", src)
	r := runGust(t, dir, clock.NewScaled(20), append([]string{"--headless", "--only-summary"}, args...)...)
	if r.code != code {
		t.Fatalf("exit %d, want %d\n%s\n%s", r.code, code, r.stdout, r.stderr)
	}
	return r
}

// wantAll fails for each of wants that out lacks.
func wantAll(t *testing.T, what, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("%s lacks %q:\n%s", what, w, out)
		}
	}
}

// TestEqualWeights: --equal-weights gives every class weight 1 and every
// task, nested TaskSets' tasks included, the same share, as Locust's
// Environment.assign_equal_weights does.
func TestEqualWeights(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "locustfile.py", `from locust import User, TaskSet, task

class Nested(TaskSet):
    @task(5)
    def s1(self):
        pass

    @task
    def s2(self):
        pass

class A(User):
    weight = 1

    @task(10)
    def a1(self):
        pass

    @task
    def a2(self):
        pass

class B(User):
    weight = 9
    tasks = {Nested: 3}

    @task(2)
    def b1(self):
        pass
`)
	ratios := func(args ...string) map[string]map[string]float64 {
		r := runGust(t, dir, clock.Real{}, append([]string{"--show-task-ratio-json", "-u", "10"}, args...)...)
		if r.code != 0 {
			t.Fatalf("exit %d\n%s", r.code, r.stderr)
		}
		var out struct {
			PerClass map[string]struct {
				Ratio float64 `json:"ratio"`
				Tasks map[string]struct {
					Ratio float64 `json:"ratio"`
				} `json:"tasks"`
			} `json:"per_class"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("%v\n%s", err, r.stdout)
		}
		got := map[string]map[string]float64{}
		for cls, c := range out.PerClass {
			got[cls] = map[string]float64{"": c.Ratio}
			for name, task := range c.Tasks {
				got[cls][name] = task.Ratio
			}
		}
		return got
	}
	before := ratios()
	if before["A"][""] != 0.1 || before["B"]["Nested"] == 0 {
		t.Fatalf("without the flag the locustfile's weights apply: %v", before)
	}
	got := ratios("--equal-weights")
	third := 1.0 / 3
	want := map[string]map[string]float64{
		"A": {"": 0.5, "a1": 0.5, "a2": 0.5},
		"B": {"": 0.5, "b1": third, "s1": third, "s2": third},
	}
	for cls, tasks := range want {
		for name, ratio := range tasks {
			if d := got[cls][name] - ratio; d > 1e-9 || d < -1e-9 {
				t.Errorf("%s %q: ratio %v, want %v (all: %v)", cls, name, got[cls][name], ratio, got)
			}
		}
		if len(got[cls]) != len(tasks) {
			t.Errorf("%s: entries %v, want %v", cls, got[cls], tasks)
		}
	}
}

// TestHeadful: --headful cancels a headless setting from a config file or
// the environment, as in Locust.
func TestHeadful(t *testing.T) {
	dir := t.TempDir()
	o, code, stderr := parse(t, dir, map[string]string{"LOCUST_HEADLESS": "true"}, "--headful")
	if code != 0 || o.Headless {
		t.Fatalf("exit %d, headless %v: %s", code, o != nil && o.Headless, stderr)
	}
	o, _, _ = parse(t, dir, map[string]string{"LOCUST_HEADLESS": "true"})
	if !o.Headless {
		t.Fatal("LOCUST_HEADLESS=true did not set headless")
	}
}

// TestWebHostDisplayName: the start line shows --web-host-display-name
// when no --web-host is set.
func TestWebHostDisplayName(t *testing.T) {
	dir := seed(t, "examples/seed/seed_web_user.py")
	g := startWebGust(t, dir, "-f", "seed_web_user.py", "--host", "http://127.0.0.1:1", "--web-host-display-name", "http://loadgen.internal:8089")
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(g.out.String(), "Starting web interface at http://loadgen.internal:8089\n") {
		if time.Now().After(deadline) {
			t.Fatalf("no start line with the display name:\n%s", g.out)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestConfigUsers: --config-users sets user class attributes as Locust's
// update_user_class does: weight, fixed_count and tasks steer the run,
// any other key becomes a class attribute the users read; a class the
// locustfile lacks exits 255 (Locust's -1), bad JSON is a usage error.
func TestConfigUsers(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "locustfile.py", `from locust import User, task, constant

class A(User):
    wait_time = constant(1)

    @task(3)
    def a1(self):
        pass

    @task
    def a2(self):
        pass

class B(User):
    wait_time = constant(1)
    greeting = "hello"

    def on_start(self):
        print("greeting=%s" % self.greeting)

    @task
    def b1(self):
        pass
`)
	writeFile(t, dir, "users.json", `[{"user_class_name": "B", "fixed_count": 1, "greeting": "hi"}]`)
	cfg := []string{"--config-users", `{"user_class_name": "A", "weight": 3, "tasks": ["a2"]}`, "--config-users", "users.json"}

	r := runGust(t, dir, clock.Real{}, append(cfg, "--show-task-ratio-json", "-u", "4")...)
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	var ratios struct {
		PerClass map[string]struct {
			Ratio float64 `json:"ratio"`
			Tasks map[string]struct {
				Ratio float64 `json:"ratio"`
			} `json:"tasks"`
		} `json:"per_class"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &ratios); err != nil {
		t.Fatal(err)
	}
	a, b := ratios.PerClass["A"], ratios.PerClass["B"]
	if a.Ratio != 0.75 || b.Ratio != 0.25 || len(a.Tasks) != 1 || a.Tasks["a2"].Ratio != 1 {
		t.Errorf("ratios %+v, want A 0.75 with only a2, B 0.25 (fixed_count 1 of 4)", ratios.PerClass)
	}

	r = runGust(t, dir, clock.NewScaled(20), append(cfg, "--headless", "-u", "2", "-r", "10", "-t", "2s", "--only-summary")...)
	if r.code != 0 || !strings.Contains(r.stdout, "greeting=hi\n") {
		t.Errorf("exit %d; the B user should read greeting=hi:\n%s\n%s", r.code, r.stdout, r.stderr)
	}

	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--config-users", `{"user_class_name": "Nope"}`, "-l"}, ExitConfigUsers, "not present in your locustfile: 'Nope'"},
		{[]string{"--config-users", `{"weight": 2}`, "-l"}, ExitUsage, "The user config must specify a user_class_name"},
		{[]string{"--config-users", `{"user_class_name": "A",}`, "-l"}, ExitUsage, "must be a valid JSON string or file: Expecting property name enclosed in double quotes"},
	} {
		r := runGust(t, dir, clock.Real{}, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("%v: exit %d, want %d and %q:\n%s", tt.args, r.code, tt.code, tt.want, r.stderr)
		}
	}
}

// TestProfileFlag: --profile labels the HTML report and is
// environment.parsed_options.profile, as in Locust.
func TestProfileFlag(t *testing.T) {
	src := `from locust import User, task, constant, events

@events.test_start.add_listener
def _(environment, **kw):
    print("profile=%r" % environment.parsed_options.profile)

` + idleUser
	r := runScript(t, src, 0, "-t", "2s", "--profile", "nightly", "--html", "out/report.html")
	wantAll(t, "stdout", r.stdout, "profile='nightly'\n")
	report, err := os.ReadFile(filepath.Join(r.dir, "out", "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), `<dt>Profile:</dt><dd id="profile">nightly</dd>`) {
		t.Error("the HTML report does not show the profile")
	}
	wantAll(t, "stdout without --profile", runScript(t, src, 0, "-t", "1s").stdout, "profile=None\n")
}

// TestUserErrorEvent: events.user_error fires for every unexpected task
// exception with the instance that ran the task, the exception and its
// traceback, as Locust's TaskSet.run fires it; the user goes on.
func TestUserErrorEvent(t *testing.T) {
	r := runScript(t, `from locust import User, TaskSet, task, constant, events

seen = []
with_line = []

@events.user_error.add_listener
def on_user_error(user_instance, exception, tb, **kwargs):
    seen.append("%s %s: %s" % (type(user_instance).__name__, type(exception).__name__, exception))
    if "line 22, in bad" in tb:
        with_line.append(1)

@events.test_stop.add_listener
def _(environment, **kw):
    print("user_error fired %d times, first: %s" % (len(seen), seen[0] if seen else None))
    print("tracebacks with the line: %d" % len(with_line))

class U(User):
    wait_time = constant(1)

    @task
    def bad(self):
        {}["missing"]
`, 1, "-u", "2", "-r", "10", "-t", "3s", "--csv", "out/run") // 1: task exceptions
	m := regexp.MustCompile(`user_error fired (\d+) times, first: U KeyError: 'missing'\n`).FindStringSubmatch(r.stdout)
	if m == nil || !strings.Contains(r.stdout, "tracebacks with the line: "+m[1]+"\n") {
		t.Fatalf("the user_error listener did not see the errors:\n%s", r.stdout)
	}
	rows := readCSV(t, filepath.Join(r.dir, "out", "run_exceptions.csv"))
	if len(rows) != 2 || rows[1][0] != m[1] {
		t.Errorf("exceptions CSV %v: the count must equal the %s user_error calls", rows, m[1])
	}
}

// TestUsageMonitorEvent: events.usage_monitor fires every 10 s (Locust's
// CPU_MONITOR_INTERVAL) with the process's CPU use and resident memory,
// which the runner also shows (current_cpu_usage, current_memory_usage).
func TestUsageMonitorEvent(t *testing.T) {
	r := runScript(t, `from locust import User, task, constant, events

@events.usage_monitor.add_listener
def _(environment, cpu_usage, memory_usage, **kwargs):
    print("usage: cpu %s memory %s" % (type(cpu_usage).__name__, "ok" if memory_usage > 1000000 else memory_usage))

@events.quitting.add_listener
def _(environment, **kwargs):
    r = environment.runner
    print("runner: memory %s, cpu %s, fail ratio %s" % (r.current_memory_usage > 1000000, type(r.current_cpu_usage).__name__, r.stats.total.fail_ratio))

`+idleUser, 0, "-t", "35s")
	if n := strings.Count(r.stdout, "usage: cpu float memory ok\n"); n < 2 || n > 4 {
		t.Errorf("usage_monitor fired %d times in 35 s, want about 3:\n%s", n, r.stdout)
	}
	// The runner's view of the same (Locust's runner.current_memory_usage,
	// runner.stats as environment.stats).
	wantAll(t, "stdout", r.stdout, "runner: memory True, cpu float, fail ratio 0.0\n")
}

// TestCustomMessages: runner.register_message and send_message work in one
// process as with Locust's LocalRunner: the message goes to the runner's
// own listener at once (Locust's documentation example, unchanged).
func TestCustomMessages(t *testing.T) {
	r := runScript(t, `from locust import User, task, events, constant
from locust.runners import MasterRunner, WorkerRunner

usernames = []

def setup_test_users(environment, msg, **kwargs):
    usernames.extend(map(lambda u: u["name"], msg.data))
    environment.runner.send_message("acknowledge_users", f"Thanks for the {len(msg.data)} users!")

def on_acknowledge(msg, **kwargs):
    print(msg.data, msg.node_id, msg.type)

@events.init.add_listener
def on_locust_init(environment, **_kwargs):
    if not isinstance(environment.runner, MasterRunner):
        environment.runner.register_message("test_users", setup_test_users)
    if not isinstance(environment.runner, WorkerRunner):
        environment.runner.register_message("acknowledge_users", on_acknowledge)

@events.test_start.add_listener
def on_test_start(environment, **_kwargs):
    environment.runner.send_message("test_users", [{"name": "User1"}, {"name": "User2"}])
    environment.runner.send_message("no_such_type")
    print("usernames:", usernames)
    try:
        environment.runner.register_message("test_users", setup_test_users)
    except Exception as e:
        print("again:", e)

`+idleUser, 0, "-t", "1s")
	wantAll(t, "stdout", r.stdout,
		"Thanks for the 2 users! local acknowledge_users\n",
		"usernames: ['User1', 'User2']\n",
		"again: Tried to register listener method for test_users, but it already had a listener!\n")
	wantAll(t, "stderr", r.stderr, "WARNING/locust.runners: Unknown message type received: no_such_type")
}

// TestRunnerAndEnvironmentAttributes: the runner and environment
// attributes locustfiles read in Locust's documentation and examples.
func TestRunnerAndEnvironmentAttributes(t *testing.T) {
	r := runScript(t, `from locust import User, task, constant, events

@events.spawning_complete.add_listener
def _(user_count, **kw):
    print("spawned", user_count)

@events.test_stopping.add_listener
def _(environment, **kw):
    r = environment.runner
    print("target", r.target_user_count, "classes", r.user_classes_count, "targets", r.target_user_classes_count)
    print("user_classes", sorted([c.__name__ for c in environment.user_classes]), "available", sorted(environment.available_user_classes.keys()))
    print("reset_stats", environment.reset_stats, "fail_ratio", r.stats.total.fail_ratio)
    print("web_ui", environment.web_ui)

class A(User):
    weight = 1
    wait_time = constant(1)

    @task
    def t(self):
        pass

class B(User):
    weight = 3
    wait_time = constant(1)

    @task
    def t(self):
        pass
`, 0, "-u", "4", "-r", "100", "-t", "2s", "--reset-stats")
	wantAll(t, "stdout", r.stdout,
		"spawned 4\n",
		"target 4 classes {'A': 1, 'B': 3} targets {'A': 1, 'B': 3}\n",
		"user_classes ['A', 'B'] available ['A', 'B']\n",
		"reset_stats True fail_ratio 0.0\n",
		"web_ui None\n")
	if strings.Contains(r.stderr, "web_ui") {
		t.Errorf("headless, web_ui is None as in Locust, without a warning:\n%s", r.stderr)
	}
}

// TestWebUIExtensionWarning: with the web UI, a locustfile that looks for
// environment.web_ui (to add Flask routes) gets None and a warning.
func TestWebUIExtensionWarning(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "locustfile.py", `from locust import User, task, constant, events

@events.init.add_listener
def _(environment, **kw):
    if environment.web_ui:
        @environment.web_ui.app.route("/added")
        def added():
            return "x"

`+idleUser)
	g := startWebGust(t, dir)
	if !strings.Contains(g.out.String(), "WARNING/locust.main: environment.web_ui is None in gust: its web UI takes no Flask routes or extensions") {
		t.Errorf("no warning about web_ui:\n%s", g.out)
	}
}
