package http

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gust-load/gust/starlib/thread"
	"github.com/valyala/fasthttp"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// The idle-memory measurement is opt-in (it opens thousands of loopback
// connections): GUST_IDLEMEM=1 go test -run TestIdleMemory -v ./starlib/http
// The target runs in a child process so that its memory is not counted.

// TestIdleMemoryServer is the child process: a raw HTTP responder on
// loopback that prints its address and serves until stdin closes.
func TestIdleMemoryServer(t *testing.T) {
	if os.Getenv("GUST_IDLEMEM_SERVER") != "1" {
		t.Skip("helper process for TestIdleMemory")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(l.Addr().String())
	resp := []byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + strings.Repeat("x", 100))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				br := bufio.NewReader(c)
				for {
					line, err := br.ReadSlice('\n')
					if err != nil {
						return
					}
					if len(line) <= 2 {
						if _, err := c.Write(resp); err != nil {
							return
						}
					}
				}
			}()
		}
	}()
	_, _ = io.Copy(io.Discard, os.Stdin)
	_ = l.Close()
}

func rssKB(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skip("no /proc/self/statm")
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize()) / 1024
}

type memPoint struct {
	users             int
	rss, heap, stacks int64 // KB
}

func measure(t *testing.T, users int, gc bool) memPoint {
	if gc {
		runtime.GC()
		debug.FreeOSMemory()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return memPoint{users, rssKB(t), int64(ms.HeapInuse) / 1024, int64(ms.StackInuse) / 1024}
}

func TestIdleMemory(t *testing.T) {
	if os.Getenv("GUST_IDLEMEM") == "" {
		t.Skip("set GUST_IDLEMEM=1 to measure idle memory per connected user")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestIdleMemoryServer$")
	cmd.Env = append(os.Environ(), "GUST_IDLEMEM_SERVER=1", "GUST_IDLEMEM=")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stdin.Close(); _ = cmd.Wait() }()
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + strings.TrimSpace(addr)
	const n1, n2 = 1000, 4000
	for _, f := range flavours {
		runtime.GC()
		debug.FreeOSMemory()
		pool := NewPool(PoolOptions{})
		prog, err := starlark.ExecFileOptions(&syntax.FileOptions{}, &starlark.Thread{}, "t.py",
			"def task(client):\n    client.get(\"/\")\n", nil)
		if err != nil {
			t.Fatal(err)
		}
		task := prog["task"]
		var sessions []*Session
		add := func(upto int) {
			for len(sessions) < upto {
				cfg := Config{BaseURL: base}
				var s *Session
				if f == fastFlavour {
					s, err = pool.NewFastHTTPSession(cfg, DefaultFastOptions())
				} else {
					s, err = pool.NewHTTPSession(cfg)
				}
				if err != nil {
					t.Fatal(err)
				}
				th := &starlark.Thread{}
				thread.SetContext(th, context.Background())
				if _, err := starlark.Call(th, task, starlark.Tuple{s}, nil); err != nil {
					t.Fatal(err)
				}
				sessions = append(sessions, s)
			}
			time.Sleep(200 * time.Millisecond)
		}
		add(n1)
		r1 := measure(t, n1, false)
		p1 := measure(t, n1, true)
		add(n2)
		r2 := measure(t, n2, false)
		p2 := measure(t, n2, true)
		per := func(a, b int64) float64 { return float64(b-a) / float64(n2-n1) }
		t.Logf("%s: per idle connected user: RSS %.1f KB before a GC, %.1f KB after (heap %.1f KB, stacks %.1f KB); goroutines %d for %d users",
			f, per(r1.rss, r2.rss), per(p1.rss, p2.rss), per(p1.heap, p2.heap), per(p1.stacks, p2.stacks), runtime.NumGoroutine(), n2)
		for _, s := range sessions {
			_ = s.Close()
		}
		runtime.KeepAlive(sessions)
	}
}

// TestThroughput is an opt-in, bounded (3 s) load against an external
// target: GUST_THROUGHPUT=http://127.0.0.1:18437 taskset -c 0 go test
// -run TestThroughput -v ./starlib/http. It reports requests per second of
// generator CPU (user+sys), the figure compared with wrk.
func TestThroughput(t *testing.T) {
	base := os.Getenv("GUST_THROUGHPUT")
	if base == "" {
		t.Skip("set GUST_THROUGHPUT to a target URL to measure requests per CPU-second")
	}
	for _, f := range flavours {
		pool := NewPool(PoolOptions{})
		prog, err := starlark.ExecFileOptions(&syntax.FileOptions{}, &starlark.Thread{}, "t.py",
			"def task(client):\n    client.get(\"/\")\n", nil)
		if err != nil {
			t.Fatal(err)
		}
		task := prog["task"]
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		var wg sync.WaitGroup
		var mu sync.Mutex
		total, failed := 0, 0
		cpu0 := cpuTime(t)
		for range 50 {
			var n, nf int
			cfg := Config{BaseURL: base, OnRequest: func(_ *starlark.Thread, ev *Event) error {
				n++
				if ev.Request.Error != "" {
					nf++
				}
				return nil
			}}
			var s *Session
			if f == fastFlavour {
				s, err = pool.NewFastHTTPSession(cfg, DefaultFastOptions())
			} else {
				s, err = pool.NewHTTPSession(cfg)
			}
			if err != nil {
				t.Fatal(err)
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer s.Close()
				th := &starlark.Thread{}
				thread.SetContext(th, ctx)
				args := starlark.Tuple{s}
				for ctx.Err() == nil {
					_, _ = starlark.Call(th, task, args, nil)
				}
				mu.Lock()
				total, failed = total+n, failed+nf
				mu.Unlock()
			}()
		}
		wg.Wait()
		cancel()
		cpu := cpuTime(t) - cpu0
		t.Logf("%s: %d requests (%d failed) in 3 s, %.0f req/s, %.0f req per CPU-second (%.2f CPU-s)",
			f, total, failed, float64(total)/3, float64(total)/cpu.Seconds(), cpu.Seconds())
	}
}

// TestThroughputBaseline runs the prototype's fh-host client (one fasthttp
// HostClient per user, no Starlark, no statistics) the same way, so that
// TestThroughput's figure can be compared within one round.
func TestThroughputBaseline(t *testing.T) {
	base := os.Getenv("GUST_THROUGHPUT")
	if base == "" {
		t.Skip("set GUST_THROUGHPUT to a target URL")
	}
	addr := strings.TrimPrefix(base, "http://")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	var mu sync.Mutex
	total := 0
	cpu0 := cpuTime(t)
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := &fasthttp.HostClient{Addr: addr, MaxConns: 1}
			defer hc.CloseIdleConnections()
			n := 0
			for ctx.Err() == nil {
				req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
				req.SetRequestURI(base + "/")
				if err := hc.Do(req, resp); err == nil {
					n++
				}
				fasthttp.ReleaseRequest(req)
				fasthttp.ReleaseResponse(resp)
			}
			mu.Lock()
			total += n
			mu.Unlock()
		}()
	}
	wg.Wait()
	cpu := cpuTime(t) - cpu0
	t.Logf("fasthttp HostClient baseline: %d requests in 3 s, %.0f req per CPU-second", total, float64(total)/cpu.Seconds())
}
