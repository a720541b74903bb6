package cli

import (
	"io"
	"sync/atomic"

	"github.com/gust-load/gust/runtime/runner"
)

// keySpawnRate is the rate Locust's keyboard controls ramp at.
const keySpawnRate = 100

// keyActions are Locust's keyboard controls, read from a terminal in
// headless and web UI mode alike: w and W add 1 and 10 users, s and S
// remove 1 and 10, all at 100 users per second, and nothing happens (but a
// warning) while users are being spawned.
func (s *session) keyActions() map[byte]func() {
	change := func(delta int, busy string) func() {
		return func() {
			r := s.currentRunner()
			if r.State() == runner.StateSpawning {
				s.named("root").Warn(busy)
				return
			}
			if err := r.Start(max(0, r.UserCount()+delta), keySpawnRate, nil); err != nil {
				s.named("locust.main").Error(err.Error())
			}
		}
	}
	const more, fewer = "Already spawning users, can't spawn more right now", "Spawning users, can't stop right now"
	return map[byte]func(){
		'w': change(1, more),
		'W': change(10, more),
		's': change(-1, fewer),
		'S': change(-10, fewer),
	}
}

// listenKeys runs the action of every key read from r until r fails.
func listenKeys(r io.Reader, actions map[byte]func()) {
	buf := make([]byte, 64)
	for {
		n, err := r.Read(buf)
		for _, b := range buf[:n] {
			if f := actions[b]; f != nil {
				f()
			}
		}
		if err != nil {
			return
		}
	}
}

// startKeyboard listens to the terminal, if gust has one, for the keyboard
// controls, with the terminal in cbreak mode (keys arrive as typed, without
// echo) until restore, which the caller defers.
func (s *session) startKeyboard() (restore func()) {
	if s.st.Terminal == nil {
		return func() {}
	}
	reset, ok := cbreak(s.st.Terminal)
	if !ok {
		return func() {}
	}
	// The reader stays blocked on the terminal after the run; keys typed
	// then do nothing.
	var off atomic.Bool
	actions := s.keyActions()
	for k, f := range actions {
		actions[k] = func() {
			if !off.Load() {
				f()
			}
		}
	}
	go listenKeys(s.st.Terminal, actions)
	return func() {
		off.Store(true)
		reset()
	}
}
