package pyfront

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// loadSource loads src as a locustfile at a temporary absolute path.
func loadSource(t testing.TB, src string) (*Program, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "locustfile.py")
	prog, err := Load(Options{Filename: path, Source: []byte(src), Registry: locustRegistry(), Env: &modules.Env{}})
	if err != nil {
		t.Fatal(detail(err))
	}
	return prog, path
}

// callMethod makes an instance of class cls and calls its method name on a
// fresh thread, as the engine does for a task.
func callMethod(t testing.TB, prog *Program, cls, name string) (starlark.Value, error) {
	t.Helper()
	th := &starlark.Thread{Name: "vu"}
	c := prog.Globals[cls].(*pyrt.Class)
	inst, err := starlark.Call(th, c, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := inst.(starlark.HasAttrs).Attr(name)
	if err != nil {
		t.Fatal(err)
	}
	return starlark.Call(th, m, nil, nil)
}

const errUserSrc = `from locust import HttpUser, task, constant


class ErrUser(HttpUser):
    wait_time = constant(0.1)

    @task
    def ok(self):
        return "fine"

    def helper(self, data):
        return data["missing"]

    @task
    def bad(self):
        data = {"a": 1}
        try:
            return self.helper(data)
        finally:
            data["seen"] = True

    def deep(self):
        return [1][5]

    def raises(self):
        raise ValueError("custom %d" % 3)
`

func TestTracebackOfTaskError(t *testing.T) {
	prog, path := loadSource(t, errUserSrc)
	if v, err := callMethod(t, prog, "ErrUser", "ok"); err != nil || v != starlark.String("fine") {
		t.Fatalf("ok() = %v, %v", v, err)
	}
	_, err := callMethod(t, prog, "ErrUser", "bad")
	if err == nil {
		t.Fatal("bad() did not fail")
	}
	se := prog.Traced(err)
	var traced user.Traced = se
	if traced.Message() != "'missing'" || se.Error() != "KeyError: 'missing'" {
		t.Errorf("message %q, error %q", traced.Message(), se.Error())
	}
	want := fmt.Sprintf("  File %q, line 18, in bad\n    return self.helper(data)\n  File %q, line 12, in helper\n    return data[\"missing\"]\n", path, path)
	if traced.Traceback() != want {
		t.Errorf("traceback:\n%s\nwant:\n%s", traced.Traceback(), want)
	}
	if !strings.HasPrefix(se.Format(), "Traceback (most recent call last):\n") || !strings.HasSuffix(se.Format(), "KeyError: 'missing'\n") {
		t.Errorf("format:\n%s", se.Format())
	}
	for _, tc := range []struct{ method, msg, line string }{
		{"deep", "IndexError: list index out of range", "line 23, in deep\n    return [1][5]\n"},
		{"raises", "ValueError: custom 3", "line 26, in raises\n    raise ValueError(\"custom %d\" % 3)\n"},
	} {
		_, err := callMethod(t, prog, "ErrUser", tc.method)
		se := prog.Traced(err)
		if se.Error() != tc.msg || !strings.HasSuffix(se.Traceback(), tc.line) {
			t.Errorf("%s: %s\n%s", tc.method, se.Error(), se.Traceback())
		}
	}
}

func TestRunawayTaskIsCancelled(t *testing.T) {
	prog, _ := loadSource(t, `
def spin():
    n = 0
    while True:
        n += 1
`)
	th := &starlark.Thread{Name: "vu"}
	pyrt.LimitSteps(th, 100000)
	_, err := starlark.Call(th, prog.Globals["spin"], nil, nil)
	se := prog.Traced(err)
	if se.Exc != nil || !strings.HasPrefix(se.Message(), "task cancelled: exceeded its budget of 100000 steps") {
		t.Fatalf("got %v", se.Message())
	}
	if !strings.Contains(se.Traceback(), "in spin\n") {
		t.Errorf("traceback:\n%s", se.Traceback())
	}
}

// TestUsersShareModuleState runs one loaded program from many goroutines:
// module-level containers and counters mutated by every user, no lost
// update (run with -race).
func TestUsersShareModuleState(t *testing.T) {
	prog, _ := loadSource(t, `
from locust import HttpUser, task

ACCOUNTS = [{"name": "user%d" % i} for i in range(500)]
stats = {"calls": 0}
taken = []
counter = 0


class U(HttpUser):
    hits = 0

    def on_start(self):
        global counter
        self.account = ACCOUNTS.pop()
        self.account["owner"] = "me"
        taken.append(self.account["name"])
        stats["calls"] += 1
        counter += 1
        U.hits += 1
        self.n = 0

    @task
    def work(self):
        for _ in range(3):
            self.n += 1
        return self.n
`)
	const users = 100
	var wg sync.WaitGroup
	errs := make(chan error, users)
	for i := 0; i < users; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			th := &starlark.Thread{}
			inst, err := starlark.Call(th, prog.Globals["U"], nil, nil)
			if err == nil {
				var m starlark.Value
				if m, err = inst.(starlark.HasAttrs).Attr("on_start"); err == nil {
					_, err = starlark.Call(th, m, nil, nil)
				}
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(prog.Traced(err).Format())
	}
	acc := prog.Globals["ACCOUNTS"].(*pyrt.SharedList)
	stats, _, _ := prog.Globals["stats"].(*pyrt.SharedDict).Get(starlark.String("calls"))
	taken := prog.Globals["taken"].(*pyrt.SharedList)
	hits, _ := prog.Globals["U"].(*pyrt.Class).Attr("hits")
	counter, _ := prog.Main.Attr("counter")
	if acc.Len() != 500-users || stats.String() != "100" || taken.Len() != users || hits.String() != "100" || counter.String() != "100" {
		t.Errorf("left %d, calls %s, taken %d, hits %s, counter %s", acc.Len(), stats, taken.Len(), hits, counter)
	}
	seen := map[string]bool{}
	for _, v := range taken.Snapshot() {
		seen[string(v.(starlark.String))] = true
	}
	if len(seen) != users {
		t.Errorf("%d distinct accounts, want %d", len(seen), users)
	}
}

func TestInitErrorShowsTraceback(t *testing.T) {
	path := filepath.Join(t.TempDir(), "locustfile.py")
	_, err := Load(Options{Filename: path, Source: []byte("x = 1\ndata = {}\nvalue = data['k']\n"), Registry: locustRegistry()})
	var ie *InitError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(ie.Error(), "line 3, in <module>\n    value = data['k']\nKeyError: 'k'") {
		t.Errorf("got:\n%s", ie.Error())
	}
}
