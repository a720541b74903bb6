package pyfront

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// fakeLocust is a stand-in for the locust module with just enough
// behaviour for locustfiles to load: the real one lives in starlib/locust.
func fakeLocust(reg *modules.Registry) {
	user := pyrt.MustClass("User", nil, map[string]starlark.Value{})
	httpUser := pyrt.MustClass("HttpUser", []*pyrt.Class{user}, nil)
	fast := pyrt.MustClass("FastHttpUser", []*pyrt.Class{user}, nil)
	taskSet := pyrt.MustClass("TaskSet", nil, nil)
	seq := pyrt.MustClass("SequentialTaskSet", []*pyrt.Class{taskSet}, nil)
	shape := pyrt.MustClass("LoadTestShape", nil, nil)
	identity := func(name string) *starlark.Builtin {
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			if len(args) == 1 {
				if _, ok := args[0].(*starlark.Function); ok {
					return args[0], nil
				}
			}
			return starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, a starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
				return a[0], nil
			}), nil
		})
	}
	wait := starlark.NewBuiltin("wait", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.NewBuiltin("wait_time", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Float(1), nil
		}), nil
	})
	events := &fakeEvents{}
	exc := starlark.StringDict{}
	for _, n := range []string{"StopUser", "RescheduleTask", "InterruptTaskSet", "StopTest"} {
		exc[n] = pyrt.MustClass(n, []*pyrt.Class{pyrt.Exception}, nil)
	}
	members := starlark.StringDict{
		"User": user, "HttpUser": httpUser, "FastHttpUser": fast, "TaskSet": taskSet,
		"SequentialTaskSet": seq, "LoadTestShape": shape, "task": identity("task"), "tag": identity("tag"),
		"between": wait, "constant": wait, "constant_pacing": wait, "constant_throughput": wait, "events": events,
	}
	reg.Register("locust", func(*modules.Env) (starlark.Value, error) { return modules.NewModule("locust", members), nil })
	reg.Register("locust.exception", func(*modules.Env) (starlark.Value, error) { return modules.NewModule("locust.exception", exc), nil })
}

// fakeEvents answers every event name with a hook.
type fakeEvents struct{}

func (*fakeEvents) String() string                      { return "<events>" }
func (*fakeEvents) Type() string                        { return "Events" }
func (*fakeEvents) Freeze()                             {}
func (*fakeEvents) Truth() starlark.Bool                { return true }
func (*fakeEvents) Hash() (uint32, error)               { return 2, nil }
func (*fakeEvents) AttrNames() []string                 { return nil }
func (*fakeEvents) Attr(string) (starlark.Value, error) { return &fakeEvent{}, nil }

type fakeEvent struct{}

func (*fakeEvent) String() string        { return "<event>" }
func (*fakeEvent) Type() string          { return "EventHook" }
func (*fakeEvent) Freeze()               {}
func (*fakeEvent) Truth() starlark.Bool  { return true }
func (*fakeEvent) Hash() (uint32, error) { return 1, nil }
func (*fakeEvent) AttrNames() []string   { return []string{"add_listener"} }
func (*fakeEvent) Attr(name string) (starlark.Value, error) {
	if name != "add_listener" {
		return nil, nil
	}
	return starlark.NewBuiltin("add_listener", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return args[0], nil
	}), nil
}

// sharedLocustfiles finds ../shared/locustfiles beside the repository (as
// CI lays it out), or /work/shared; "" when neither exists.
func sharedLocustfiles() string {
	for _, dir := range []string{os.Getenv("GUST_SHARED_LOCUSTFILES"), "../../../shared/locustfiles", "/work/shared/locustfiles"} {
		if dir == "" {
			continue
		}
		if fi, err := os.Stat(filepath.Join(dir, "README.md")); err == nil && !fi.IsDir() {
			if abs, err := filepath.Abs(dir); err == nil {
				return abs
			}
			return dir
		}
	}
	return ""
}

func locustRegistry() *modules.Registry {
	reg := testRegistry()
	fakeLocust(reg)
	return reg
}

// TestSharedLocustfilesLoad loads every locustfile of the shared corpus (the
// good ones run their top level; the bad ones must fail as described).
func TestSharedLocustfilesLoad(t *testing.T) {
	locustfiles := sharedLocustfiles()
	if locustfiles == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("the shared locustfiles (../shared/locustfiles beside the repository) are missing in CI")
		}
		t.Skip("the shared locustfiles (../shared/locustfiles beside the repository) are not here; set GUST_SHARED_LOCUSTFILES")
	}
	files, _ := filepath.Glob(filepath.Join(locustfiles, "*.py"))
	for _, f := range files {
		name := filepath.Base(f)
		if name == "check_thresholds.py" {
			continue // a CI script for CPython, not a locustfile
		}
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			prog, err := Load(Options{Filename: f, Registry: locustRegistry(), Env: &modules.Env{Stdout: &out}})
			switch name {
			case "broken_syntax.py":
				var le *LoadError
				if !errors.As(err, &le) || le.Pos.Line != 8 || le.Pos.Col != 20 || le.Msg != "expected ':'" {
					t.Fatalf("got %v", err)
				}
				if !strings.HasPrefix(le.Error(), f+":8:20: ") || !strings.Contains(le.Excerpt(), "def index(self)\n") {
					t.Errorf("rendering: %s\n%s", le.Error(), le.Excerpt())
				}
				return
			case "unsupported_import.py":
				var le *LoadError
				if !errors.As(err, &le) || le.Pos.Line != 4 || !strings.Contains(le.Msg, "numpy") || le.Hint == "" {
					t.Fatalf("got %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(detail(err))
			}
			if len(prog.Globals) == 0 {
				t.Error("no globals")
			}
		})
	}
}
