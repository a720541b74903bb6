package clock

import (
	"container/heap"
	"context"
	"fmt"
	"sync"
	"time"
)

// Fake is a manually advanced clock for tests. Time stands still until the
// test calls Advance; goroutines that Sleep on it stay blocked until the fake
// time reaches their deadline or their context ends. BlockUntil lets a test
// wait, without timing assumptions, until the goroutines it expects are parked
// in Sleep, so that a long load shape can be stepped through deterministically.
//
// The zero value is not usable; call NewFake.
type Fake struct {
	mu       sync.Mutex
	now      time.Time
	sleepers sleeperHeap
	seq      uint64 // tie-breaker: sleepers with equal deadlines wake in call order
	tickers  map[*fakeTicker]struct{}
	// changed is closed and replaced whenever the set of sleepers changes,
	// so BlockUntil can wait for a change without polling.
	changed chan struct{}
}

// NewFake returns a fake clock that reads start until advanced.
func NewFake(start time.Time) *Fake {
	return &Fake{now: start, tickers: map[*fakeTicker]struct{}{}, changed: make(chan struct{})}
}

type sleeper struct {
	deadline time.Time
	seq      uint64
	wake     chan struct{}
	index    int // position in the heap, -1 once removed
}

type sleeperHeap []*sleeper

func (h sleeperHeap) Len() int { return len(h) }
func (h sleeperHeap) Less(i, j int) bool {
	if h[i].deadline.Equal(h[j].deadline) {
		return h[i].seq < h[j].seq
	}
	return h[i].deadline.Before(h[j].deadline)
}
func (h sleeperHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index, h[j].index = i, j
}
func (h *sleeperHeap) Push(x any) {
	s := x.(*sleeper)
	s.index = len(*h)
	*h = append(*h, s)
}
func (h *sleeperHeap) Pop() any {
	old := *h
	s := old[len(old)-1]
	old[len(old)-1] = nil
	s.index = -1
	*h = old[:len(old)-1]
	return s
}

// notifyLocked wakes BlockUntil callers; f.mu must be held.
func (f *Fake) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// Now returns the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Sleep blocks until the fake time has advanced by d or ctx is done. A
// non-positive d returns at once (with ctx.Err()), as Real.Sleep does.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	f.seq++
	s := &sleeper{deadline: f.now.Add(d), seq: f.seq, wake: make(chan struct{})}
	heap.Push(&f.sleepers, s)
	f.notifyLocked()
	f.mu.Unlock()

	select {
	case <-s.wake:
		return nil
	case <-ctx.Done():
		f.mu.Lock()
		if s.index >= 0 {
			heap.Remove(&f.sleepers, s.index)
			f.notifyLocked()
		}
		f.mu.Unlock()
		// A wake that raced with the cancellation still counts as
		// cancelled: the caller asked to stop.
		return ctx.Err()
	}
}

// Sleepers reports how many goroutines are blocked in Sleep right now.
func (f *Fake) Sleepers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.sleepers)
}

// Tickers reports how many tickers are running (made and not stopped).
func (f *Fake) Tickers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.tickers)
}

// BlockUntil waits until exactly n goroutines are blocked in Sleep, or ctx
// ends. Tests call it before Advance so that every goroutine they expect to
// wake has reached its Sleep: the step is then deterministic.
func (f *Fake) BlockUntil(ctx context.Context, n int) error {
	for {
		f.mu.Lock()
		got := len(f.sleepers)
		ch := f.changed
		f.mu.Unlock()
		if got == n {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fake clock: waiting for %d sleepers, have %d: %w", n, got, ctx.Err())
		}
	}
}

// Advance moves the fake time forward by d, wakes every sleeper whose
// deadline has been reached (earliest first) and delivers ticks to running
// tickers. Like time.Ticker, a ticker whose channel is full drops the tick.
// Advance does not wait for the woken goroutines to run.
func (f *Fake) Advance(d time.Duration) {
	if d < 0 {
		d = 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	woke := false
	for len(f.sleepers) > 0 && !f.sleepers[0].deadline.After(f.now) {
		s := heap.Pop(&f.sleepers).(*sleeper)
		close(s.wake)
		woke = true
	}
	if woke {
		f.notifyLocked()
	}
	for t := range f.tickers {
		if t.next.After(f.now) {
			continue
		}
		// One tick for the latest period reached; missed ones are
		// dropped, as a slow reader of time.Ticker would see.
		periods := f.now.Sub(t.next)/t.period + 1
		t.next = t.next.Add(periods * t.period)
		select {
		case t.c <- f.now:
		default:
		}
	}
}

// NewTicker returns a ticker that fires each time the fake time crosses a
// multiple of d after now. d must be positive, as for time.NewTicker.
func (f *Fake) NewTicker(d time.Duration) Ticker {
	if d <= 0 {
		panic("clock: non-positive interval for Fake.NewTicker")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTicker{f: f, period: d, next: f.now.Add(d), c: make(chan time.Time, 1)}
	f.tickers[t] = struct{}{}
	return t
}

type fakeTicker struct {
	f      *Fake
	period time.Duration
	next   time.Time
	c      chan time.Time
}

func (t *fakeTicker) C() <-chan time.Time { return t.c }

func (t *fakeTicker) Stop() {
	t.f.mu.Lock()
	defer t.f.mu.Unlock()
	delete(t.f.tickers, t)
}
