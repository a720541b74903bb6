package wait

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fixedRand returns its values in turn, cycling.
type fixedRand struct {
	vals []float64
	i    int
}

func (r *fixedRand) Float64() float64 {
	v := r.vals[r.i%len(r.vals)]
	r.i++
	return v
}

func TestStrategies(t *testing.T) {
	t.Parallel()
	ms := time.Millisecond
	tests := []struct {
		name     string
		s        Strategy
		str      string
		rand     []float64
		sinceNew time.Duration   // time between Bind and the first call
		taskRuns []time.Duration // run time of the task before each call (after the first)
		want     []time.Duration
	}{
		{"constant", Constant(1.5), "constant(1.5)", nil, 0, []time.Duration{0, 0}, []time.Duration{1500 * ms, 1500 * ms, 1500 * ms}},
		{"constant zero", Constant(0), "constant(0)", nil, 0, nil, []time.Duration{0}},
		{"constant negative clamps", Constant(-1), "constant(-1)", nil, 0, nil, []time.Duration{0}},
		{"between", Between(1, 3), "between(1, 3)", []float64{0, 0.5, 0.999}, 0, []time.Duration{0, 0}, []time.Duration{time.Second, 2 * time.Second, 2998 * ms}},
		{"between fractional", Between(0.5, 0.5), "between(0.5, 0.5)", []float64{0.7}, 0, nil, []time.Duration{500 * ms}},
		// Locust 2.18+: the first interval runs from instance creation,
		// so a first call 300 ms after creation waits 700 ms, not 1 s.
		{"pacing first call", ConstantPacing(1), "constant_pacing(1)", nil, 300 * ms, nil, []time.Duration{700 * ms}},
		{"pacing", ConstantPacing(10), "constant_pacing(10)", nil, 2 * time.Second,
			[]time.Duration{3 * time.Second, 12 * time.Second, 0},
			[]time.Duration{8 * time.Second, 7 * time.Second, 0, 10 * time.Second}},
		{"pacing slow first task", ConstantPacing(1), "constant_pacing(1)", nil, 5 * time.Second, []time.Duration{100 * ms}, []time.Duration{0, 900 * ms}},
		{"throughput", ConstantThroughput(4), "constant_throughput(4)", nil, 50 * ms, []time.Duration{100 * ms}, []time.Duration{200 * ms, 150 * ms}},
		{"throughput fractional", ConstantThroughput(0.5), "constant_throughput(0.5)", nil, 0, nil, []time.Duration{2 * time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.s.String(); got != tt.str {
				t.Errorf("String() = %q, want %q", got, tt.str)
			}
			c := clock.NewFake(epoch)
			r := &fixedRand{vals: append(tt.rand, 0)}
			f := tt.s.Bind(c, r)
			c.Advance(tt.sinceNew)
			for i, want := range tt.want {
				if i > 0 {
					// The user sleeps what it was told, then runs a task.
					c.Advance(tt.want[i-1] + tt.taskRuns[i-1])
				}
				if got := f(); got != want {
					t.Fatalf("call %d: wait = %v, want %v", i, got, want)
				}
			}
		})
	}
}

// Two instances bound from one strategy keep separate pacing state.
func TestPacingStateIsPerInstance(t *testing.T) {
	t.Parallel()
	c := clock.NewFake(epoch)
	s := ConstantPacing(2)
	a := s.Bind(c, nil)
	c.Advance(time.Second)
	b := s.Bind(c, nil)
	if got := a(); got != time.Second {
		t.Fatalf("a() = %v, want 1s", got)
	}
	if got := b(); got != 2*time.Second {
		t.Fatalf("b() = %v, want 2s", got)
	}
}

func TestBetweenDistribution(t *testing.T) {
	t.Parallel()
	f := Between(1, 2).Bind(clock.Real{}, rand.New(rand.NewPCG(1, 2)))
	var sum time.Duration
	const n = 10000
	for range n {
		d := f()
		if d < time.Second || d >= 2*time.Second {
			t.Fatalf("between(1, 2) gave %v", d)
		}
		sum += d
	}
	mean := (sum / n).Seconds()
	if math.Abs(mean-1.5) > 0.02 {
		t.Fatalf("mean of between(1, 2) = %.3f, want 1.5 ± 0.02", mean)
	}
}

func TestSeconds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   float64
		want time.Duration
	}{
		{0, 0}, {-3, 0}, {math.NaN(), 0}, {1, time.Second}, {0.001, time.Millisecond},
		{1e-10, 0}, {math.Inf(1), time.Duration(math.MaxInt64)}, {1e300, time.Duration(math.MaxInt64)},
	}
	for _, tt := range tests {
		if got := Seconds(tt.in); got != tt.want {
			t.Errorf("Seconds(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
