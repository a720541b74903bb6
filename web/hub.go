package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"github.com/gust-load/gust/runtime/runner"
)

// Websocket timing and limits, after gorilla/websocket's chat example.
const (
	// writeWait bounds one write to a client.
	writeWait = 10 * time.Second
	// pongWait is how long a client may stay silent (no pong) before it
	// is considered gone.
	pongWait = 60 * time.Second
	// pingPeriod sends pings often enough to get a pong within pongWait.
	pingPeriod = pongWait * 9 / 10
	// maxReadSize limits what a client may send: the page sends nothing
	// but control frames, so anything large is a misbehaving client.
	maxReadSize = 4096
	// sendBuffer is how many messages may wait for a slow client before
	// the hub drops it rather than wait: a client that cannot take a
	// message a second for this long has stalled.
	sendBuffer = 16
	// stateQueue bounds the state changes waiting for the hub.
	stateQueue = 64
)

// client is one websocket connection: a reader and a writer goroutine, and
// the queue the hub fills.
type client struct {
	conn *websocket.Conn
	send chan []byte // closed by the hub when it drops the client
	// first holds the messages sent before any broadcast (hello,
	// history), queued by the hub when it registers the client.
	first [][]byte
}

// hub owns the set of websocket clients. One goroutine (run) registers and
// unregisters them and broadcasts: statistics every StatsInterval, state
// changes as they come. It never blocks on a client: a client whose queue
// is full is dropped.
type hub struct {
	s          *Server
	register   chan *client
	unregister chan *client
	states     chan runner.State
	quit       chan struct{}
	closeOnce  sync.Once
	done       chan struct{} // closed when run returns
	conns      tracker       // the connections' goroutines
	count      chan chan int // asks run for the number of clients (tests)
	upgrader   websocket.Upgrader
}

func newHub(s *Server) *hub {
	return &hub{
		s:          s,
		register:   make(chan *client),
		unregister: make(chan *client),
		states:     make(chan runner.State, stateQueue),
		quit:       make(chan struct{}),
		done:       make(chan struct{}),
		count:      make(chan chan int),
		// The upgrader checks the Origin header (gorilla's default: the
		// same host), so a page on another site cannot open the socket
		// with the user's credentials.
		upgrader: websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 16 << 10},
	}
}

// tracker counts goroutines like a sync.WaitGroup, but refuses new ones
// once closed, so a connection upgraded during Shutdown cannot slip past
// the wait.
type tracker struct {
	mu     sync.Mutex
	n      int
	closed bool
	idle   chan struct{}
}

// add counts n more goroutines; false once the tracker is closed.
func (t *tracker) add(n int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.closed {
		return false
	}
	t.n += n
	return true
}

// done marks one goroutine finished.
func (t *tracker) done() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n--
	if t.n == 0 && t.closed {
		close(t.idle)
	}
}

// closeAndWait refuses new goroutines and waits for the counted ones to
// finish, or for ctx.
func (t *tracker) closeAndWait(ctx context.Context) error {
	t.mu.Lock()
	if !t.closed {
		t.closed = true
		t.idle = make(chan struct{})
		if t.n == 0 {
			close(t.idle)
		}
	}
	idle := t.idle
	t.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// running returns how many goroutines are counted.
func (t *tracker) running() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

// notify queues a state change without blocking; when the queue is full
// the change is dropped, and the next statistics message carries the state.
func (h *hub) notify(st runner.State) {
	select {
	case h.states <- st:
	default:
	}
}

// close asks run to disconnect every client and return.
func (h *hub) close() { h.closeOnce.Do(func() { close(h.quit) }) }

// wait waits until run has returned and every connection's goroutines have
// ended, or ctx ends.
func (h *hub) wait(ctx context.Context) error {
	select {
	case <-h.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return h.conns.closeAndWait(ctx)
}

// clients returns the number of registered clients, or -1 once the hub has
// stopped.
func (h *hub) clients() int {
	reply := make(chan int, 1)
	select {
	case h.count <- reply:
		return <-reply
	case <-h.done:
		return -1
	}
}

func (h *hub) run() {
	defer close(h.done)
	clients := map[*client]struct{}{}
	drop := func(c *client) {
		if _, ok := clients[c]; ok {
			delete(clients, c)
			close(c.send)
		}
	}
	broadcast := func(msg []byte) {
		for c := range clients {
			select {
			case c.send <- msg:
			default:
				drop(c) // too slow: never hold up the others
			}
		}
	}
	t := h.s.clock.NewTicker(h.s.opts.StatsInterval)
	defer t.Stop()
	for {
		select {
		case <-h.quit:
			for c := range clients {
				drop(c)
			}
			return
		case c := <-h.register:
			for _, m := range c.first {
				c.send <- m // the queue is empty and larger than first
			}
			c.first = nil
			clients[c] = struct{}{}
		case c := <-h.unregister:
			drop(c)
		case reply := <-h.count:
			reply <- len(clients)
		case st := <-h.states:
			if len(clients) > 0 {
				if msg, err := encode("state", stateJSON{State: string(st), UserCount: h.s.backend.UserCount()}); err == nil {
					broadcast(msg)
				}
			}
		case <-t.C():
			if len(clients) == 0 {
				continue
			}
			rep, err := h.s.requestsReport()
			if err != nil {
				h.s.log.Error("websocket stats: " + err.Error())
				continue
			}
			if msg, err := encode("stats", rep); err == nil {
				broadcast(msg)
			}
		}
	}
}

func encode(typ string, data any) ([]byte, error) {
	return marshalJSON(message{Type: typ, Data: data})
}

// handleWS upgrades to a websocket and serves the client: hello, history,
// then whatever the hub broadcasts.
func (s *Server) handleWS(w http.ResponseWriter, r *http.Request) {
	hello, err := encode("hello", s.uiConfig())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	hist, err := encode("history", newHistoryJSON(s.backend.History()))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := s.hub
	if !h.conns.add(2) {
		http.Error(w, "server shutting down", http.StatusServiceUnavailable)
		return
	}
	conn, err := h.upgrader.Upgrade(w, r, nil)
	if err != nil {
		h.conns.done()
		h.conns.done()
		return // Upgrade has answered the client
	}
	c := &client{conn: conn, send: make(chan []byte, sendBuffer), first: [][]byte{hello, hist}}
	select {
	case h.register <- c:
	case <-h.quit:
		h.conns.done()
		h.conns.done()
		_ = conn.Close()
		return
	}
	go c.write(h)
	c.read(h) // on the handler's goroutine, which the hub's tracker counts
}

// read discards what the client sends, keeping the read deadline fresh on
// pongs; it returns when the connection fails or closes, and unregisters.
func (c *client) read(h *hub) {
	defer h.conns.done()
	defer func() {
		select {
		case h.unregister <- c:
		case <-h.done:
		}
		_ = c.conn.Close()
	}()
	c.conn.SetReadLimit(maxReadSize)
	_ = c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	for {
		if _, _, err := c.conn.ReadMessage(); err != nil {
			return
		}
	}
}

// write sends the queued messages and pings; when the hub closes the queue
// it sends a close frame and closes the connection, which ends read.
func (c *client) write(h *hub) {
	defer h.conns.done()
	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	defer c.conn.Close()
	for {
		select {
		case msg, ok := <-c.send:
			_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if !ok {
				_ = c.conn.WriteMessage(websocket.CloseMessage,
					websocket.FormatCloseMessage(websocket.CloseGoingAway, "server closing"))
				return
			}
			if err := c.conn.WriteMessage(websocket.TextMessage, msg); err != nil {
				return
			}
		case <-ping.C:
			_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}
