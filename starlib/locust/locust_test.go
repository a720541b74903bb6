package locust

import (
	"context"
	nethttp "net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
)

// The tests drive the module from Starlark the way lowered locustfiles do:
// classes are made with make_class (the lowering's __make_class), exceptions
// raised with raise_ (the lowering's __raise).

func makeClass(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	name := string(args[0].(starlark.String))
	var bases []*pyrt.Class
	for _, b := range args[1].(starlark.Tuple) {
		bases = append(bases, b.(*pyrt.Class))
	}
	d := args[2].(*starlark.Dict)
	attrs := map[string]starlark.Value{}
	var names []string
	for _, kv := range d.Items() {
		k := string(kv[0].(starlark.String))
		names = append(names, k)
		attrs[k] = kv[1]
	}
	return pyrt.NewClass(name, bases, names, attrs)
}

func raise(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
	exc, err := pyrt.MakeException(th, args[0])
	if err != nil {
		return nil, err
	}
	return nil, exc
}

type memRecorder struct {
	mu   sync.Mutex
	reqs []stats.Request
}

func (m *memRecorder) Record(r *stats.Request) {
	m.mu.Lock()
	m.reqs = append(m.reqs, *r)
	m.mu.Unlock()
}

func load(t *testing.T, rt *Runtime, src string) starlark.StringDict {
	return loadHost(t, rt, src, "")
}

func loadHost(t *testing.T, rt *Runtime, src, host string) starlark.StringDict {
	t.Helper()
	return loadWith(t, rt, src, host, nil)
}

// loadWith is loadHost with extra predeclared names.
func loadWith(t *testing.T, rt *Runtime, src, host string, extra starlark.StringDict) starlark.StringDict {
	t.Helper()
	pre := rt.Members()
	for k, v := range extra {
		pre[k] = v
	}
	pre["make_class"] = starlark.NewBuiltin("make_class", makeClass)
	pre["raise_"] = starlark.NewBuiltin("raise_", raise)
	pre["hasattr"] = starlark.Universe["hasattr"]
	pre["HOST"] = starlark.String(host)
	th := rt.NewThread(context.Background(), "init")
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	_, prog, err := starlark.SourceProgramOptions(opts, "locustfile.py", src, pre.Has)
	if err != nil {
		t.Fatal(err)
	}
	g, err := prog.Init(th, pre)
	if err != nil {
		t.Fatal(err)
	}
	// Not frozen: these single-user tests mutate module-level lists, which
	// the real loader turns into shared containers.
	return g
}

// newUser collects the script's first user class and makes user 1 of it.
func newUser(t *testing.T, rt *Runtime, g starlark.StringDict, opts user.Options) *user.User {
	t.Helper()
	lf, err := rt.Collect([]starlark.StringDict{g}, "")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := user.NewPlan(lf.Classes[0])
	if err != nil {
		t.Fatal(err)
	}
	return user.New(plan, 1, opts)
}

// bounded stops a user after n task iterations, so a broken test fails
// instead of looping.
func bounded(n int) user.Options {
	count := 0
	return user.Options{Gate: func() bool { count++; return count <= n }}
}

const shopSrc = `
def browse(self):
    self.log.append("browse")
def buy(self):
    self.log.append("buy")
def start(self):
    self.log = ["start"]
def stop(self):
    self.log.append("stop")
Shopper = make_class("Shopper", (HttpUser,), {
    "weight": 3, "host": "http://shop", "wait_time": constant(0),
    "on_start": start, "on_stop": stop,
    "browse": task(3)(browse), "buy": tag("money")(task(buy)),
})
Base = make_class("Base", (User,), {"abstract": True})
def adm(self):
    pass
Admin = make_class("Admin", (Base,), {"fixed_count": 2, "tasks": {adm: 5}})
`

func TestCollectFindsClassesTasksAndWeights(t *testing.T) {
	rt := NewRuntime(Config{})
	lf, err := rt.Collect([]starlark.StringDict{load(t, rt, shopSrc)}, "")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range lf.Classes {
		names = append(names, c.Name)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "Admin,Shopper" {
		t.Fatalf("classes = %v (User, HttpUser and abstract Base must be skipped)", names)
	}
	byName := map[string]*user.Class{}
	for _, c := range lf.Classes {
		byName[c.Name] = c
	}
	sh := byName["Shopper"]
	if sh.Weight != 3 || sh.Host != "http://shop" || sh.FixedCount != 0 {
		t.Errorf("Shopper = %+v", sh)
	}
	var got []string
	for _, w := range sh.Root.Tasks {
		got = append(got, w.Name()+":"+strconv.Itoa(w.Weight)+":"+strings.Join(w.Tags, "|"))
	}
	if strings.Join(got, " ") != "browse:3: buy:1:money" {
		t.Errorf("Shopper tasks = %v", got)
	}
	ad := byName["Admin"]
	if ad.FixedCount != 2 || len(ad.Root.Tasks) != 1 || ad.Root.Tasks[0].Weight != 5 {
		t.Errorf("Admin = %+v tasks %+v", ad, ad.Root.Tasks)
	}
	// --host overrides every class, visible to scripts too.
	rt2 := NewRuntime(Config{})
	lf2, err := rt2.Collect([]starlark.StringDict{load(t, rt2, shopSrc)}, "http://override")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range lf2.Classes {
		if c.Host != "http://override" {
			t.Errorf("%s host = %q", c.Name, c.Host)
		}
	}
}

func TestUserRunsHooksTasksAndRecordsRequests(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	srv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	rec := &memRecorder{}
	rt := NewRuntime(Config{Recorder: func() Recorder { return rec }, Seed: 7})
	g := loadHost(t, rt, `
def index(self):
    self.client.get("/")
    self.n = self.n + 1
    if self.n >= 4:
        raise_(StopUser)
def start(self):
    self.n = 0
    self.client.get("/login")
def stop(self):
    self.client.get("/logout")
seen = []
def on_req(request_type, name, response_time, response_length, exception, **kw):
    seen.append(name)
events.request.add_listener(on_req)
U = make_class("U", (HttpUser,), {"host": HOST, "on_start": start, "on_stop": stop, "index": task(index)})
`, srv.URL)
	if err := newUser(t, rt, g, bounded(100)).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range rec.reqs {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, " "); got != "/login / / / / /logout" {
		t.Fatalf("requests = %q", got)
	}
	if got := strings.Join(paths, " "); got != "/login / / / / /logout" {
		t.Errorf("server saw %q", got)
	}
	seen := g["seen"]
	if seen.(starlark.Sequence).Len() != 6 {
		t.Errorf("request listener saw %s", seen)
	}
}

func TestNestedTaskSetAndInterrupt(t *testing.T) {
	rt := NewRuntime(Config{Seed: 1})
	g := load(t, rt, `
log = []
def inner(self):
    log.append("inner:" + type(self.user))
    self.interrupt()
def ts_start(self):
    log.append("ts_start")
def ts_stop(self):
    log.append("ts_stop")
Inner = make_class("Inner", (TaskSet,), {"on_start": ts_start, "on_stop": ts_stop, "inner": task(inner)})
def outer(self):
    log.append("outer")
    if len(log) > 8:
        raise_(StopUser())
U = make_class("U", (User,), {"tasks": [Inner, outer]})
`)
	lf, err := rt.Collect([]starlark.StringDict{g}, "")
	if err != nil {
		t.Fatal(err)
	}
	ws := lf.Classes[0].Root.Tasks
	if len(ws) != 2 || ws[0].Set == nil || ws[0].Set.Name != "Inner" || ws[1].Task == nil {
		t.Fatalf("tasks = %+v", ws)
	}
	plan, _ := user.NewPlan(lf.Classes[0])
	if err := user.New(plan, 1, bounded(100)).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	log := g["log"].String()
	if !strings.Contains(log, `"ts_start", "inner:U", "ts_stop"`) {
		t.Fatalf("log = %s", log)
	}
}

func TestControlExceptionsMapToSignals(t *testing.T) {
	rt := NewRuntime(Config{})
	cases := map[string]user.Control{
		"StopUser": user.StopUser, "RescheduleTask": user.RescheduleTask,
		"RescheduleTaskImmediately": user.RescheduleTaskImmediately, "StopTest": user.StopTest,
		"InterruptTaskSet": user.InterruptTaskSet,
	}
	for name, want := range cases {
		cls := rt.Exceptions()[name].(*pyrt.Class)
		th := rt.NewThread(context.Background(), "t")
		exc, err := pyrt.MakeException(th, cls)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := user.ControlOf(exc); got != want {
			t.Errorf("%s -> %v, want %v", name, got, want)
		}
	}
	// InterruptTaskSet(False) carries reschedule=False.
	th := rt.NewThread(context.Background(), "t")
	v, err := starlark.Call(th, rt.Exceptions()["InterruptTaskSet"], starlark.Tuple{starlark.False}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, re := user.ControlOf(&pyrt.Error{Value: v.(*pyrt.Instance)})
	if c != user.InterruptTaskSet || re {
		t.Errorf("InterruptTaskSet(False) -> %v %v", c, re)
	}
}

func TestShapeTicks(t *testing.T) {
	rt := NewRuntime(Config{})
	g := load(t, rt, `
stages = [{"duration": 30, "users": 50}, {"duration": 60, "users": 100}]
def tick(self):
    run_time = self.get_run_time()
    for stage in stages:
        if run_time < stage["duration"]:
            return stage["users"], 10
    return None
Step = make_class("Step", (LoadTestShape,), {"tick": tick})
`)
	lf, err := rt.Collect([]starlark.StringDict{g}, "")
	if err != nil {
		t.Fatal(err)
	}
	if lf.Shape == nil || lf.Shape.Name() != "Step" || lf.Shape.UseCommonOptions() {
		t.Fatalf("shape = %+v", lf.Shape)
	}
	for _, tt := range []struct {
		at    time.Duration
		users int
		ok    bool
	}{{0, 50, true}, {29 * time.Second, 50, true}, {30 * time.Second, 100, true}, {60 * time.Second, 0, false}} {
		st, ok, err := lf.Shape.Tick(tt.at)
		if err != nil || ok != tt.ok || st.Users != tt.users || (ok && st.SpawnRate != 10) {
			t.Errorf("tick(%v) = %+v %v %v", tt.at, st, ok, err)
		}
	}
}

type fakeControl struct{ quits int }

func (f *fakeControl) Quit()          { f.quits++ }
func (f *fakeControl) Stop()          {}
func (f *fakeControl) UserCount() int { return 7 }
func (f *fakeControl) State() string  { return "running" }
func (f *fakeControl) UserClassesCount() map[string]int {
	return map[string]int{"B": 4, "A": 3}
}
func (f *fakeControl) TargetUserClassesCount() map[string]int {
	return map[string]int{"B": 5, "A": 3}
}

func TestEnvironmentExitCodeAndOptions(t *testing.T) {
	rt := NewRuntime(Config{})
	rt.Bind(Binding{Control: &fakeControl{}, Host: "http://h", ParsedOptions: map[string]starlark.Value{"num_users": starlark.MakeInt(5)}})
	g := load(t, rt, `
def on_quit(environment, **kw):
    environment.process_exit_code = 3
events.quitting.add_listener(on_quit)
`)
	_ = g
	if _, set := rt.ExitCode(); set {
		t.Fatal("exit code set too early")
	}
	if err := rt.Events().Hook("quitting").Fire(context.Background(), Kwargs("environment", rt.Environment()), true); err != nil {
		t.Fatal(err)
	}
	if code, set := rt.ExitCode(); !set || code != 3 {
		t.Fatalf("exit code = %d %v", code, set)
	}
	v, err := rt.Environment().Attr("parsed_options")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := v.(starlark.HasAttrs).Attr("num_users")
	if n.String() != "5" {
		t.Errorf("num_users = %s", n)
	}
	r, _ := rt.Environment().Attr("runner")
	uc, _ := r.(starlark.HasAttrs).Attr("user_count")
	if uc.String() != "7" {
		t.Errorf("user_count = %s", uc)
	}
	for name, want := range map[string]string{
		"user_classes_count":        `{"A": 3, "B": 4}`,
		"target_user_classes_count": `{"A": 3, "B": 5}`,
		"target_user_count":         "8",
	} {
		v, err := r.(starlark.HasAttrs).Attr(name)
		if err != nil || v.String() != want {
			t.Errorf("runner.%s = %v (%v), want %s", name, v, err, want)
		}
	}
}

func TestListenerErrorIsLoggedNotFatal(t *testing.T) {
	rt := NewRuntime(Config{})
	load(t, rt, `
def bad(**kw):
    x = {}["missing"]
events.test_start.add_listener(bad)
`)
	if err := rt.Events().Hook("test_start").Fire(context.Background(), Kwargs("environment", rt.Environment()), false); err != nil {
		t.Fatal(err)
	}
	if !rt.Unhandled() {
		t.Fatal("listener error must set the unhandled flag")
	}
}

// TestRunawayTaskIsReported: an endless loop in a task is cancelled by the
// step budget, recorded as a task error, and the user goes on.
func TestRunawayTaskIsReported(t *testing.T) {
	rt := NewRuntime(Config{StepBudget: 100_000})
	g := load(t, rt, `
def spin(self):
    n = 0
    while True:
        n += 1
U = make_class("U", (User,), {"spin": task(spin)})
`)
	var errs []string
	opts := bounded(3)
	opts.Exception = func(msg, _ string) { errs = append(errs, msg) }
	if err := newUser(t, rt, g, opts).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(errs) != 3 {
		t.Fatalf("recorded %d errors, want 3 (one per runaway task): %v", len(errs), errs)
	}
	if !strings.Contains(errs[0], "budget") {
		t.Errorf("error = %q, want it to name the step budget", errs[0])
	}
}

func TestRunnerClassesForIsinstance(t *testing.T) {
	rt := NewRuntime(Config{})
	rt.Bind(Binding{Control: &fakeControl{}})
	reg := modules.NewRegistry()
	rt.Register(reg)
	f, ok := reg.Lookup("locust.runners")
	if !ok {
		t.Fatal("no locust.runners module")
	}
	mod, err := f(nil)
	if err != nil {
		t.Fatal(err)
	}
	get := func(name string) *pyrt.Class {
		v, err := mod.(starlark.HasAttrs).Attr(name)
		if err != nil {
			t.Fatal(err)
		}
		return v.(*pyrt.Class)
	}
	runner, _ := rt.Environment().Attr("runner")
	if !pyrt.IsInstance(runner, get("LocalRunner")) || pyrt.IsInstance(runner, get("MasterRunner")) || pyrt.IsInstance(runner, get("WorkerRunner")) {
		t.Error("environment.runner must be a LocalRunner, not a Master/WorkerRunner")
	}
	uc, err := runner.(starlark.HasAttrs).Attr("user_count")
	if err != nil || uc.String() != "7" {
		t.Errorf("user_count = %v %v", uc, err)
	}
}

// TestSetParsedOption: the web UI's custom parameters replace
// parsed_options values keeping their types, as Locust's /swarm does.
func TestSetParsedOption(t *testing.T) {
	rt := NewRuntime(Config{})
	rt.Bind(Binding{ParsedOptions: map[string]starlark.Value{
		"my_int": starlark.MakeInt(1), "flag": starlark.False, "name": starlark.None, "label": starlark.String("x"),
		"tags": starlark.NewList([]starlark.Value{starlark.String("a")}), "nums": starlark.NewList([]starlark.Value{starlark.MakeInt(1)}),
		"ratio": starlark.Float(0.5),
	}})
	tests := []struct {
		name   string
		values []string
		want   string
	}{
		{"my_int", []string{" 42"}, "42"},
		{"flag", []string{"true"}, "True"},
		{"name", []string{"bob"}, `"bob"`},
		{"label", []string{"y z"}, `"y z"`},
		{"tags", []string{"b,c"}, `["b", "c"]`},
		{"tags", []string{"d", "e"}, `["d", "e"]`},
		{"nums", []string{"3,4"}, "[3, 4]"},
		{"ratio", []string{"0.25"}, "0.25"},
	}
	for _, tt := range tests {
		if err := rt.SetParsedOption(tt.name, tt.values); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		opts, _ := rt.Environment().Attr("parsed_options")
		v, err := opts.(starlark.HasAttrs).Attr(tt.name)
		if err != nil || v.String() != tt.want {
			t.Errorf("%s = %v (%v), want %s", tt.name, v, err, tt.want)
		}
	}
	for _, bad := range []struct{ name, value string }{{"my_int", "x"}, {"nums", "1,x"}, {"nope", "1"}} {
		if err := rt.SetParsedOption(bad.name, []string{bad.value}); err == nil {
			t.Errorf("%s=%q accepted", bad.name, bad.value)
		}
	}
}
