package locust

import (
	"context"
	"testing"

	"go.starlark.net/starlark"
	"go.starlark.net/syntax"

	"github.com/gust-load/gust/runtime/user"
)

// benchClass loads src (make_class style, see locust_test.go) and returns
// its one user class.
func benchClass(b *testing.B, src string) *user.Class {
	b.Helper()
	rt := NewRuntime(Config{})
	pre := rt.Members()
	pre["make_class"] = starlark.NewBuiltin("make_class", makeClass)
	th := rt.NewThread(context.Background(), "init")
	opts := &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}
	_, prog, err := starlark.SourceProgramOptions(opts, "locustfile.py", src, pre.Has)
	if err != nil {
		b.Fatal(err)
	}
	g, err := prog.Init(th, pre)
	if err != nil {
		b.Fatal(err)
	}
	lf, err := rt.Collect([]starlark.StringDict{g}, "")
	if err != nil {
		b.Fatal(err)
	}
	if len(lf.Classes) != 1 {
		b.Fatalf("%d classes", len(lf.Classes))
	}
	return lf.Classes[0]
}

// BenchmarkScriptTask is one Starlark task call as the engine makes it:
// Task.Run on a user instance (thread lookup, the bound method call, a
// field read and write), without HTTP — the per-task cost on top of the
// client (BenchmarkGET* in starlib/http) and the recorder (runtime/stats).
func BenchmarkScriptTask(b *testing.B) {
	cls := benchClass(b, `
def count(self):
    self.n = self.n + 1
def start(self):
    self.n = 0
U = make_class("U", (User,), {"on_start": start, "count": task(count)})
`)
	ctx := context.Background()
	inst, err := cls.New(ctx, 1)
	if err != nil {
		b.Fatal(err)
	}
	defer inst.Close()
	if err := inst.OnStart(ctx); err != nil {
		b.Fatal(err)
	}
	tk := cls.Root.Tasks[0].Task
	b.ReportAllocs()
	for b.Loop() {
		if err := tk.Run(ctx, inst); err != nil {
			b.Fatal(err)
		}
	}
}
