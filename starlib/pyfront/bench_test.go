package pyfront

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"go.starlark.net/starlark"
)

// benchLocustfile is the 300-line locustfile the parser's golden corpus
// also holds (one copy, shared by both packages' benchmarks).
const benchLocustfile = "pyparse/testdata/golden/bench_locustfile.py"

// BenchmarkLoad300 is start-up: parse, lower, compile and run a realistic
// 300-line locustfile (budget: 50 ms).
func BenchmarkLoad300(b *testing.B) {
	src, err := os.ReadFile(benchLocustfile)
	if err != nil {
		b.Fatal(err)
	}
	path, _ := filepath.Abs(benchLocustfile)
	reg := locustRegistry()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(Options{Filename: path, Source: src, Registry: reg, Env: &modules.Env{}}); err != nil {
			b.Fatal(detail(err))
		}
	}
}

// TestBenchLocustfileLoads keeps the benchmark input loadable.
func TestBenchLocustfileLoads(t *testing.T) {
	path, _ := filepath.Abs(benchLocustfile)
	if _, err := Load(Options{Filename: path, Registry: locustRegistry(), Env: &modules.Env{}}); err != nil {
		t.Fatal(detail(err))
	}
}

const benchSrc = `
from locust import HttpUser, task


class U(HttpUser):
    def helper(self, n):
        return n + 1

    @task
    def work(self):
        return self.helper(1)

    @task
    def guarded(self):
        try:
            return self.helper(2)
        except KeyError:
            return -1

    @task
    def failing(self):
        try:
            return {}["k"]
        except KeyError as e:
            return str(e)
`

func benchMethod(b *testing.B, name string) {
	prog, _ := loadSource(b, benchSrc)
	th := &starlark.Thread{}
	inst, err := starlark.Call(th, prog.Globals["U"], nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	m, err := inst.(starlark.HasAttrs).Attr(name)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := starlark.Call(th, m, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMethodCall is a task calling self.helper(1).
func BenchmarkMethodCall(b *testing.B) { benchMethod(b, "work") }

// BenchmarkTry is a task whose body runs in a lowered try (no exception).
func BenchmarkTry(b *testing.B) { benchMethod(b, "guarded") }

// BenchmarkTryCaught is a lowered try whose handler catches a KeyError.
func BenchmarkTryCaught(b *testing.B) { benchMethod(b, "failing") }
