package runner

import (
	"runtime"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/user"
)

// BenchmarkSpawn100k ramps 100,000 parked users at 10,000 users/s on a fake
// clock (ten dispatch iterations), then stops them all: the engine's own
// cost of spawning and stopping, per 100k users.
func BenchmarkSpawn100k(b *testing.B) {
	const users = 100_000
	c := &counters{}
	spawned := make(chan int, 1)
	clk := newFake()
	r, err := New([]*user.Class{class("A", 3, 0, c, nil, parked(c)), class("B", 1, 0, c, nil, parked(c))},
		Options{Clock: clk, Hooks: Hooks{SpawningComplete: func(n int) { spawned <- n }}})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Quit()
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Start(users, 10_000, nil); err != nil {
			b.Fatal(err)
		}
		for done := false; !done; {
			select {
			case <-spawned:
				done = true
			default:
				if clk.Sleepers() == 1 {
					clk.Advance(time.Second)
				} else {
					runtime.Gosched()
				}
			}
		}
		if err := r.Stop(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/users, "ns/user")
}
