package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/gust-load/gust/runtime/runner"
)

// wsMessage is a websocket message with its data left raw.
type wsMessage struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// dialWS opens the server's websocket with the given request header.
func dialWS(t *testing.T, ts *testServer, d *websocket.Dialer, hdr http.Header) *websocket.Conn {
	t.Helper()
	if d == nil {
		d = &websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	}
	u := "ws" + strings.TrimPrefix(ts.url, "http") + "/ws"
	conn, resp, err := d.Dial(u, hdr)
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (status %d)", u, err, status)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// readWS reads the next message, bounded so that a broken server fails the
// test instead of hanging it.
func readWS(t *testing.T, conn *websocket.Conn) wsMessage {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	var m wsMessage
	if err := conn.ReadJSON(&m); err != nil {
		t.Fatalf("read websocket: %v", err)
	}
	return m
}

// readUntil reads messages until one of type typ satisfies ok.
func readUntil(t *testing.T, conn *websocket.Conn, typ string, ok func(json.RawMessage) bool) json.RawMessage {
	t.Helper()
	for range 1000 {
		m := readWS(t, conn)
		if m.Type == typ && (ok == nil || ok(m.Data)) {
			return m.Data
		}
	}
	t.Fatalf("no matching %s message in 1000", typ)
	return nil
}

func TestWebsocketMessages(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	opts := fakeOptions()
	opts.StatsInterval = 20 * time.Millisecond
	ts := startServer(t, b, opts)
	conn := dialWS(t, ts, nil, nil)

	hello := readWS(t, conn)
	if hello.Type != "hello" {
		t.Fatalf("first message is %q, want hello", hello.Type)
	}
	status, _, cfg := ts.do(t, http.MethodGet, "/ui-config", nil)
	if status != http.StatusOK || string(hello.Data) != string(cfg) {
		t.Errorf("hello data differs from /ui-config:\n%s\n%s", hello.Data, cfg)
	}
	hist := readWS(t, conn)
	if hist.Type != "history" {
		t.Fatalf("second message is %q, want history", hist.Type)
	}
	golden(t, "ws-history.json", hist.Data)

	stats := readUntil(t, conn, "stats", nil)
	var rep map[string]any
	if err := json.Unmarshal(stats, &rep); err != nil {
		t.Fatal(err)
	}
	checkRequestsShape(t, "stats message", rep, map[string]string{"time": "number"})
	if got, want := int64(rep["time"].(float64)), b.snap.Time.UnixMilli(); got != want {
		t.Errorf("time %d, want the snapshot's %d", got, want)
	}

	b.mu.Lock()
	b.state, b.users = runner.StateSpawning, 3
	b.mu.Unlock()
	ts.StateChanged(runner.StateSpawning)
	data := readUntil(t, conn, "state", nil)
	if string(data) != `{"state":"spawning","user_count":3}` {
		t.Errorf("state message %s", data)
	}
}

func TestWebsocketCloseLeavesNoGoroutine(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	opts := fakeOptions()
	opts.StatsInterval = 10 * time.Millisecond
	ts := startServer(t, b, opts)
	var conns []*websocket.Conn
	for range 3 {
		c := dialWS(t, ts, nil, nil)
		readUntil(t, c, "stats", nil)
		conns = append(conns, c)
	}
	if n := ts.hub.clients(); n != 3 {
		t.Fatalf("%d clients registered, want 3", n)
	}
	for _, c := range conns {
		_ = c.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "bye"))
		_ = c.Close()
	}
	waitFor(t, "the hub to forget the clients", func() bool { return ts.hub.clients() == 0 })
	waitFor(t, "the connection goroutines to end", func() bool { return ts.hub.conns.running() == 0 })
}

func TestShutdownClosesWebsockets(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	ts := startServer(t, b, fakeOptions())
	conn := dialWS(t, ts, nil, nil)
	readWS(t, conn) // hello
	readWS(t, conn) // history
	done := make(chan error, 1)
	go func() {
		_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
		for {
			if _, _, err := conn.ReadMessage(); err != nil {
				done <- err
				return
			}
		}
	}()
	ctx, cancel := contextWithTimeout(10 * time.Second)
	defer cancel()
	if err := ts.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	err := <-done
	if !websocket.IsCloseError(err, websocket.CloseGoingAway) {
		t.Errorf("client saw %v, want a going-away close frame", err)
	}
	if n := ts.hub.conns.running(); n != 0 {
		t.Errorf("%d connection goroutines left", n)
	}
	// A second Shutdown (the test cleanup's) is harmless.
}

// TestHubDropsSlowClient fills a client's queue without a writer draining
// it: the hub must drop the client rather than block the others.
func TestHubDropsSlowClient(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	ts := startServer(t, b, fakeOptions())
	h := ts.hub
	c := &client{send: make(chan []byte, sendBuffer)}
	h.register <- c
	for range sendBuffer + 4 {
		ts.StateChanged(runner.StateRunning)
	}
	waitFor(t, "the slow client to be dropped", func() bool { return h.clients() == 0 })
	n := 0
	for range c.send {
		n++
	}
	if n != sendBuffer {
		t.Errorf("%d messages queued before the drop, want %d", n, sendBuffer)
	}
}

// TestLongHistory sends an hour of history, one point a second, to a new
// client: the message holds every point and stays under a megabyte (about
// 185 bytes a point).
func TestLongHistory(t *testing.T) {
	t.Parallel()
	b := newFakeBackend()
	b.points = syntheticHistory(3600)
	ts := startServer(t, b, fakeOptions())
	conn := dialWS(t, ts, nil, nil)
	readWS(t, conn)
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	_, raw, err := conn.ReadMessage()
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Type string
		Data historyJSON
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if m.Type != "history" || len(m.Data.Points) != 3600 {
		t.Fatalf("%s message with %d points, want history with 3600", m.Type, len(m.Data.Points))
	}
	if len(raw) > 1<<20 {
		t.Errorf("history message is %d bytes", len(raw))
	}
	t.Logf("one hour of history: %d bytes", len(raw))
	if m.Data.Points[0].P50 != nil || m.Data.Points[3].P50 == nil {
		t.Error("percentiles should be null before the first window and numbers after")
	}
}
