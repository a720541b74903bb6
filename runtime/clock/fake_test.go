package clock

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// testCtx bounds every wait in these tests so a bug fails instead of hanging.
func testCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestFakeSleepWakesInDeadlineOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		sleeps  []time.Duration
		advance []time.Duration
		// woken[i] is how many sleepers have returned after advance[i].
		woken []int
	}{
		{"one step wakes all due", []time.Duration{time.Second, 2 * time.Second, 3 * time.Second}, []time.Duration{2 * time.Second}, []int{2}},
		{"stepwise", []time.Duration{time.Second, 2 * time.Second}, []time.Duration{500 * time.Millisecond, 500 * time.Millisecond, time.Second}, []int{0, 1, 2}},
		{"exact deadline wakes", []time.Duration{time.Second}, []time.Duration{time.Second}, []int{1}},
		{"zero advance wakes nothing", []time.Duration{time.Second}, []time.Duration{0, time.Second}, []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := testCtx(t)
			f := NewFake(epoch)
			done := make(chan time.Duration, len(tt.sleeps))
			for _, d := range tt.sleeps {
				go func() {
					if err := f.Sleep(ctx, d); err != nil {
						t.Errorf("Sleep(%v) = %v", d, err)
					}
					done <- d
				}()
			}
			if err := f.BlockUntil(ctx, len(tt.sleeps)); err != nil {
				t.Fatal(err)
			}
			total := 0
			for i, adv := range tt.advance {
				f.Advance(adv)
				for total < tt.woken[i] {
					select {
					case <-done:
						total++
					case <-ctx.Done():
						t.Fatalf("step %d: only %d woke, want %d", i, total, tt.woken[i])
					}
				}
				if err := f.BlockUntil(ctx, len(tt.sleeps)-tt.woken[i]); err != nil {
					t.Fatalf("step %d: %v", i, err)
				}
			}
			// Release whatever is left so no goroutine leaks.
			f.Advance(time.Hour)
			for total < len(tt.sleeps) {
				<-done
				total++
			}
		})
	}
}

func TestFakeSleepHonoursContext(t *testing.T) {
	t.Parallel()
	ctx := testCtx(t)
	f := NewFake(epoch)
	sctx, cancel := context.WithCancel(ctx)
	errc := make(chan error, 1)
	go func() { errc <- f.Sleep(sctx, time.Minute) }()
	if err := f.BlockUntil(ctx, 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep after cancel = %v, want context.Canceled", err)
	}
	if err := f.BlockUntil(ctx, 0); err != nil {
		t.Fatalf("cancelled sleeper still registered: %v", err)
	}
	// Already-cancelled contexts and non-positive durations return at once.
	if err := f.Sleep(sctx, time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("Sleep on done ctx = %v", err)
	}
	if err := f.Sleep(ctx, 0); err != nil {
		t.Fatalf("Sleep(0) = %v", err)
	}
	if got := f.Now(); !got.Equal(epoch) {
		t.Fatalf("Now moved without Advance: %v", got)
	}
}

func TestFakeNowAdvances(t *testing.T) {
	t.Parallel()
	f := NewFake(epoch)
	f.Advance(90 * time.Second)
	f.Advance(-time.Second) // ignored: time never goes back
	if got, want := f.Now(), epoch.Add(90*time.Second); !got.Equal(want) {
		t.Fatalf("Now = %v, want %v", got, want)
	}
}

func TestFakeTicker(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		period  time.Duration
		advance []time.Duration
		ticks   []bool // whether a tick is ready after each advance (the channel is drained each step)
	}{
		{"fires each period", time.Second, []time.Duration{time.Second, time.Second}, []bool{true, true}},
		{"not before the period", time.Second, []time.Duration{999 * time.Millisecond, time.Millisecond}, []bool{false, true}},
		{"missed periods collapse to one tick", time.Second, []time.Duration{5 * time.Second, 500 * time.Millisecond, 500 * time.Millisecond}, []bool{true, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := NewFake(epoch)
			tk := f.NewTicker(tt.period)
			defer tk.Stop()
			for i, adv := range tt.advance {
				f.Advance(adv)
				select {
				case at := <-tk.C():
					if !tt.ticks[i] {
						t.Fatalf("step %d: unexpected tick at %v", i, at)
					}
					if !at.Equal(f.Now()) {
						t.Fatalf("step %d: tick time %v, now %v", i, at, f.Now())
					}
				default:
					if tt.ticks[i] {
						t.Fatalf("step %d: no tick", i)
					}
				}
			}
		})
	}
}

func TestFakeTickerStop(t *testing.T) {
	t.Parallel()
	f := NewFake(epoch)
	tk := f.NewTicker(time.Second)
	if f.Tickers() != 1 {
		t.Fatalf("Tickers = %d, want 1", f.Tickers())
	}
	tk.Stop()
	f.Advance(time.Minute)
	select {
	case <-tk.C():
		t.Fatal("stopped ticker fired")
	default:
	}
	if f.Tickers() != 0 {
		t.Fatalf("Tickers = %d after Stop", f.Tickers())
	}
}

func TestBlockUntilRespectsContext(t *testing.T) {
	t.Parallel()
	f := NewFake(epoch)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.BlockUntil(ctx, 3); !errors.Is(err, context.Canceled) {
		t.Fatalf("BlockUntil = %v, want context.Canceled", err)
	}
}

func TestRealSleep(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Real{}).Sleep(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("Real.Sleep on cancelled ctx = %v", err)
	}
	if err := (Real{}).Sleep(context.Background(), time.Microsecond); err != nil {
		t.Fatalf("Real.Sleep = %v", err)
	}
}
