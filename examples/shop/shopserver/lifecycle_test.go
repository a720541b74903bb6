package shopserver

import (
	"bufio"
	"context"
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestOptionsValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts Options
		ok   bool
	}{
		{"zero", Options{}, true},
		{"everything", Options{Latency: time.Second, Jitter: time.Second, ErrorRate: 1, Seed: -5, MaxCountedPaths: 10}, true},
		{"negative latency", Options{Latency: -1}, false},
		{"negative jitter", Options{Jitter: -1}, false},
		{"error rate above 1", Options{ErrorRate: 1.5}, false},
		{"negative error rate", Options{ErrorRate: -0.1}, false},
		{"NaN error rate", Options{ErrorRate: math.NaN()}, false},
		{"negative path limit", Options{MaxCountedPaths: -1}, false},
	}
	for _, tt := range tests {
		_, err := New(tt.opts)
		if (err == nil) != tt.ok {
			t.Errorf("%s: New error %v, want ok=%v", tt.name, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrOptions) {
			t.Errorf("%s: error %v does not wrap ErrOptions", tt.name, err)
		}
	}
}

func TestURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8089}, "http://127.0.0.1:8089"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 80}, "http://127.0.0.1:80"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 80}, "http://127.0.0.1:80"},
		{&net.TCPAddr{Port: 80}, "http://127.0.0.1:80"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 80}, "http://[::1]:80"},
		{&net.TCPAddr{IP: net.IPv4(10, 1, 2, 3), Port: 443}, "http://10.1.2.3:443"},
	}
	for _, tt := range tests {
		if got := URL(tt.addr); got != tt.want {
			t.Errorf("URL(%v) = %s, want %s", tt.addr, got, tt.want)
		}
	}
}

func TestStart(t *testing.T) {
	t.Parallel()
	url, stop, err := Start(context.Background(), "127.0.0.1:0", quick())
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+$`).MatchString(url) {
		t.Errorf("Start URL = %q", url)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	if resp := send(t, client, url, request{method: "GET", path: "/status"}); resp.status != 200 {
		t.Errorf("GET /status = %d", resp.status)
	}
	client.CloseIdleConnections()
	stop()
	stop() // a second stop is harmless
	if _, err := client.Get(url + "/status"); err == nil {
		t.Error("server still answers after stop")
	}

	if _, _, err := Start(context.Background(), "127.0.0.1:0", Options{ErrorRate: 2}); !errors.Is(err, ErrOptions) {
		t.Errorf("Start with a bad option: %v, want ErrOptions", err)
	}
	if _, _, err := Start(context.Background(), "127.0.0.1:99999", quick()); err == nil {
		t.Error("Start on port 99999 did not fail")
	}
}

// TestStopInterruptsSlow checks that stopping the server answers a request that is waiting in
// /slow with 503 at once, rather than making shutdown wait up to a minute for it.
func TestStopInterruptsSlow(t *testing.T) {
	t.Parallel()
	s := newShop(t, quick())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	client := &http.Client{Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	answered := make(chan int, 1)
	go func() {
		resp, err := client.Get(URL(ln.Addr()) + "/slow?ms=60000")
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	waitForCount(t, s, "GET /slow")
	cancel()
	if code := <-answered; code != http.StatusServiceUnavailable {
		t.Errorf("in-flight /slow answered %d on stop, want 503", code)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve after stop: %v", err)
	}
}

// waitForCount waits until the server has received a request counted under key, so a test can
// act while that request is in flight.
func waitForCount(t *testing.T, s *Server, key string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.Counts()[key] == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("no %s request arrived", key)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestServeReportsListenerFailure(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if err := newShop(t, quick()).Serve(context.Background(), ln); err == nil {
		t.Error("Serve on a closed listener returned nil")
	}
}

func TestRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, "127.0.0.1:0", quick(), w)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("read the announced line: %v", err)
	}
	m := regexp.MustCompile(`^shop listening on (http://127\.0\.0\.1:\d+)\n$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("Run printed %q", line)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	if resp := send(t, client, m[1], request{method: "GET", path: "/"}); resp.status != 200 {
		t.Errorf("GET / on the announced URL = %d", resp.status)
	}
	client.CloseIdleConnections()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run after cancel: %v", err)
	}
	if rest, _ := io.ReadAll(out); len(rest) != 0 {
		t.Errorf("Run printed more than one line: %q", rest)
	}

	var sb strings.Builder
	if err := Run(context.Background(), "127.0.0.1:0", Options{Jitter: -1}, &sb); !errors.Is(err, ErrOptions) || sb.Len() != 0 {
		t.Errorf("Run with a bad option: error %v, printed %q", err, sb.String())
	}
	if err := Run(context.Background(), "127.0.0.1:99999", quick(), &sb); err == nil || sb.Len() != 0 {
		t.Errorf("Run on a bad address: error %v, printed %q", err, sb.String())
	}
}
