package locust

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pyrandom"
	"github.com/gust-load/gust/starlib/pyfront"
	"go.starlark.net/starlark"
)

// loadFile loads a real locustfile through the Python front end with this
// runtime as its locust module.
func loadFile(t *testing.T, rt *Runtime, path string) *Locustfile {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	reg := modules.NewRegistry()
	reg.Register("random", pyrandom.Module)
	rt.Register(reg)
	prog, err := pyfront.Load(pyfront.Options{Filename: path, Registry: reg, InitThread: rt.SetupThread})
	if err != nil {
		t.Fatal(err)
	}
	lf, err := rt.Collect([]starlark.StringDict{prog.Globals}, "http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	return lf
}

// TestSeedWaitTimes checks the wait strategies of the seed guide's
// seed_wait_times.py on a fake clock: ConstantUser waits 2 s, PacedUser
// starts a task every 4 s whatever the task takes, GaussUser waits
// max(0.5, gauss(2.0, 0.5)), BetweenUser 1 to 5 s.
func TestSeedWaitTimes(t *testing.T) {
	fc := clock.NewFake(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	rt := NewRuntime(Config{Clock: fc, Seed: 3})
	lf := loadFile(t, rt, "../../examples/seed/seed_wait_times.py")
	scopes := map[string]user.Instance{}
	for _, c := range lf.Classes {
		inst, err := c.New(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		defer inst.Close()
		scopes[c.Name] = inst
	}
	wait := func(name string) time.Duration {
		d, ok, err := scopes[name].WaitTime(context.Background())
		if err != nil || !ok {
			t.Fatalf("%s: %v %v", name, ok, err)
		}
		return d
	}
	if d := wait("ConstantUser"); d != 2*time.Second {
		t.Errorf("ConstantUser waits %v", d)
	}
	// constant_pacing(4): a task that took 0.5 s leaves 3.5 s; one that
	// took 5 s leaves nothing.
	// The engine sleeps each wait before the next task, so the fake clock
	// moves by the wait plus the task's duration.
	first := wait("PacedUser") // measured from creation: the "task" took 0 s
	fc.Advance(first + 500*time.Millisecond)
	if d := wait("PacedUser"); d != 3500*time.Millisecond {
		t.Errorf("PacedUser after a 0.5 s task waits %v, want 3.5s", d)
	}
	fc.Advance(3500*time.Millisecond + 5*time.Second)
	if d := wait("PacedUser"); d != 0 {
		t.Errorf("PacedUser after a 5 s task waits %v, want 0", d)
	}
	var sum time.Duration
	const n = 2000
	for i := 0; i < n; i++ {
		d := wait("GaussUser")
		if d < 500*time.Millisecond {
			t.Fatalf("GaussUser waited %v < 0.5 s", d)
		}
		sum += d
		b := wait("BetweenUser")
		if b < time.Second || b > 5*time.Second {
			t.Fatalf("BetweenUser waited %v", b)
		}
	}
	if mean := sum / n; mean < 1900*time.Millisecond || mean > 2100*time.Millisecond {
		t.Errorf("GaussUser mean wait %v, want about 2 s", mean)
	}
}
