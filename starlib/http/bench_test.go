package http

import (
	"bufio"
	"context"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// benchServer answers every request with a fixed 100-byte response, like
// the prototype's target (bench/target). It is a raw loop that allocates
// nothing per request, so allocs/op counts the client alone.
func benchServer(b *testing.B) string {
	b.Helper()
	resp := []byte("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n" + strings.Repeat("x", 100))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadSlice('\n')
					if err != nil {
						return
					}
					if len(line) <= 2 { // the blank line ending a GET's head
						if _, err := c.Write(resp); err != nil {
							return
						}
					}
				}
			}()
		}
	}()
	b.Cleanup(func() {
		_ = l.Close()
		mu.Lock()
		for _, c := range conns {
			_ = c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return "http://" + l.Addr().String()
}

// benchGET runs `client.get("/")` from a Starlark function, as a task does,
// with a hook that only counts (the engine's recorder is measured in
// runtime/stats).
func benchGET(b *testing.B, f flavour, src string) {
	base := benchServer(b)
	pool := NewPool(PoolOptions{})
	pool.envProxy = f == netFlavour
	n := 0
	cfg := Config{BaseURL: base, OnRequest: func(_ *starlark.Thread, ev *Event) error {
		if ev.Request.Error != "" {
			b.Fatalf("request failed: %s", ev.Request.Error)
		}
		n++
		return nil
	}}
	var s *Session
	var err error
	if f == fastFlavour {
		s, err = pool.NewFastHTTPSession(cfg, DefaultFastOptions())
	} else {
		s, err = pool.NewHTTPSession(cfg)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	th := &starlark.Thread{Name: "bench"}
	thread.SetContext(th, context.Background())
	opts := &syntax.FileOptions{}
	g, err := starlark.ExecFileOptions(opts, th, "bench.py", src, starlark.StringDict{"client": s})
	if err != nil {
		b.Fatal(err)
	}
	task := g["task"]
	args := starlark.Tuple{}
	if _, err := starlark.Call(th, task, args, nil); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := starlark.Call(th, task, args, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if n < b.N {
		b.Fatalf("%d requests reported, want at least %d", n, b.N)
	}
}

const benchTask = "def task():\n    client.get(\"/\")\n"

// BenchmarkGETFastHTTP is one FastHttpUser GET through the client from
// Starlark over loopback; allocs/op is the per-request allocation count.
func BenchmarkGETFastHTTP(b *testing.B) { benchGET(b, fastFlavour, benchTask) }

// BenchmarkGETHttpUser is the same through HttpUser's client (requests
// semantics on the same lean connection).
func BenchmarkGETHttpUser(b *testing.B) { benchGET(b, requestsFlavour, benchTask) }

// BenchmarkGETNetHTTP is HttpUser on net/http, its transport when the
// environment names a proxy.
func BenchmarkGETNetHTTP(b *testing.B) { benchGET(b, netFlavour, benchTask) }

// BenchmarkGETFastHTTPText also reads the response text and status, the
// common check a task makes.
func BenchmarkGETFastHTTPText(b *testing.B) {
	benchGET(b, fastFlavour, "def task():\n    r = client.get(\"/\")\n    if r.status_code != 200 or len(r.text) != 100:\n        fail(r)\n")
}
