// Package wait implements Locust's wait_time strategies as small pure values,
// in the spirit of vegeta's Pacer: a Strategy is a declaration (what the
// locustfile says: constant(1), between(1, 5), constant_pacing(10),
// constant_throughput(2)), and Bind turns it into the per-instance stateful
// function that the user loop calls after every task.
//
// Keeping the state per bound function matters for the pacing strategies:
// Locust keeps _cp_last_run and _cp_last_wait_time on the user (or task set)
// instance, so two users never share a pacing schedule.
package wait

import (
	"fmt"
	"math"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

// Rand is the random source a strategy draws from: a per-user source in the
// engine (math/rand/v2's *rand.Rand satisfies it), a fixed one in tests.
type Rand interface {
	// Float64 returns a number in [0, 1).
	Float64() float64
}

// Func returns how long to wait after the task that just ended.
type Func func() time.Duration

// Strategy is a wait_time declaration.
type Strategy interface {
	// Bind makes the waiting function of one user or task set instance. It
	// is called when the instance is created: pacing strategies measure
	// their first interval from then (Locust 2.18+), not from the first
	// call.
	Bind(c clock.Clock, r Rand) Func
	// String returns the declaration as a locustfile spells it.
	String() string
}

// Seconds converts Locust's float seconds to a Duration, rounding to the
// nearest nanosecond. Negative, NaN and infinite values give 0, since a
// wait can never be negative.
func Seconds(s float64) time.Duration {
	if !(s > 0) {
		return 0
	}
	if s >= float64(math.MaxInt64)/1e9 {
		return time.Duration(math.MaxInt64)
	}
	return time.Duration(math.Round(s * 1e9))
}

// Constant waits the same time after every task: Locust's constant(s).
func Constant(s float64) Strategy { return constant(s) }

type constant float64

func (c constant) Bind(clock.Clock, Rand) Func {
	d := Seconds(float64(c))
	return func() time.Duration { return d }
}

func (c constant) String() string { return fmt.Sprintf("constant(%s)", num(float64(c))) }

// Between waits a uniformly random time in [min, max): Locust's
// between(min, max), computed as min + random()*(max-min).
func Between(min, max float64) Strategy { return between{min, max} }

type between struct{ min, max float64 }

func (b between) Bind(_ clock.Clock, r Rand) Func {
	return func() time.Duration { return Seconds(b.min + r.Float64()*(b.max-b.min)) }
}

func (b between) String() string { return fmt.Sprintf("between(%s, %s)", num(b.min), num(b.max)) }

// ConstantPacing aims for one task start every T seconds whatever the task
// takes: Locust's constant_pacing(T). Each call measures the time since the
// previous call minus the wait it returned then (that is, the task's run
// time) and waits what is left of T, never less than zero.
func ConstantPacing(t float64) Strategy { return pacing{period: t, name: "constant_pacing", arg: t} }

// ConstantThroughput aims for r task runs per second per user: Locust's
// constant_throughput(r), which is constant_pacing(1/r).
func ConstantThroughput(r float64) Strategy {
	return pacing{period: 1 / r, name: "constant_throughput", arg: r}
}

type pacing struct {
	period float64
	name   string
	arg    float64
}

func (p pacing) Bind(c clock.Clock, _ Rand) Func {
	period := Seconds(p.period)
	lastRun := c.Now() // Locust sets _cp_last_run when the instance is made
	var lastWait time.Duration
	return func() time.Duration {
		now := c.Now()
		run := now.Sub(lastRun) - lastWait
		lastWait = max(0, period-run)
		lastRun = now
		return lastWait
	}
}

func (p pacing) String() string { return fmt.Sprintf("%s(%s)", p.name, num(p.arg)) }

// num prints a number the way a locustfile would write it.
func num(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%g", f)
}
