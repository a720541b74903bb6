package http

import (
	"context"
	"errors"
	"testing"
	"time"
)

// newOwnedHarness is newHarness with ctx as the session's UserContext and
// as the context of the snippets it runs.
func newOwnedHarness(t *testing.T, base string, f flavour, ctx context.Context) *harness {
	t.Helper()
	h := &harness{t: t, pool: NewPool(PoolOptions{}), ctx: ctx}
	h.pool.envProxy = f == netFlavour
	cfg := Config{BaseURL: base, OnRequest: h.record, UserContext: ctx}
	var err error
	if f == fastFlavour {
		fo := DefaultFastOptions()
		fo.NetworkTimeout, fo.ConnectionTimeout = 5*time.Second, 5*time.Second
		h.s, err = h.pool.NewFastHTTPSession(cfg, fo)
	} else {
		h.s, err = h.pool.NewHTTPSession(cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.s.Close() })
	return h
}

// TestInterruptOnUserContext: a request on the session's user context is
// not watched; cancelling the context and then calling Interrupt (what
// gust's engine does to kill a user) ends it with the cancellation,
// unreported, and the session serves requests on a fresh context after.
func TestInterruptOnUserContext(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			h := newOwnedHarness(t, tg.url(), f, ctx)
			h.mustRun(`client.get("/json")`) // a kept-alive connection
			h.events = nil
			timer := time.AfterFunc(50*time.Millisecond, func() {
				cancel()
				h.s.Interrupt()
			})
			_, err := h.run(`client.get("/slow?ms=5000")`)
			timer.Stop()
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("err %v, want context.Canceled", err)
			}
			if len(h.events) != 0 {
				t.Fatalf("an interrupted request was reported: %+v", h.events)
			}
			h.ctx = context.Background() // on_stop's fresh context
			h.mustRun(`r = client.get("/json")`)
			if ev := h.only(); ev.errText != "" {
				t.Fatalf("request after the interrupt failed: %s", ev.errText)
			}
		})
	}
}

// TestUserContextIsNotWatched: without Interrupt, cancelling the user
// context does not abort a request on the lean transports (the engine
// always interrupts after cancelling); net/http watches every context.
func TestUserContextIsNotWatched(t *testing.T) {
	tg := newTarget(t)
	for _, f := range []flavour{requestsFlavour, fastFlavour} {
		t.Run(f.String(), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			h := newOwnedHarness(t, tg.url(), f, ctx)
			timer := time.AfterFunc(50*time.Millisecond, cancel)
			defer timer.Stop()
			if _, err := h.run(`check(client.get("/slow?ms=300").text == "slow")`); err != nil {
				t.Fatalf("a request on the unwatched user context: %v", err)
			}
		})
	}
}

// TestInterruptWhileIdle: Interrupt with no request in progress leaves the
// kept-alive connection usable.
func TestInterruptWhileIdle(t *testing.T) {
	tg := newTarget(t)
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newOwnedHarness(t, tg.url(), f, context.Background())
			h.mustRun(`client.get("/json")`)
			h.s.Interrupt()
			h.events = nil
			h.mustRun(`client.get("/json")`)
			if ev := h.only(); ev.errText != "" {
				t.Fatalf("request after an idle interrupt failed: %s", ev.errText)
			}
		})
	}
}
