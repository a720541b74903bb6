// Command target is the load target of `make bench`: a small net/http
// server on loopback whose responses cost the same for every generator, so
// that the generators' CPU can be compared.
//
//	GET /            200, a 100-byte text body
//	GET /delay?ms=N  the same after sleeping N milliseconds (0-60000)
//
// It prints "target listening on http://ADDR" once it accepts connections
// and stops on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// bodyLen is the size of every response body: the issue's "GET / of a
// 100-byte response".
const bodyLen = 100

// maxDelay bounds /delay so that a typo cannot hold a connection for hours.
const maxDelay = time.Minute

// handler serves / and /delay; the body is built once and shared read-only.
type handler struct {
	body []byte
}

func newHandler() *handler {
	return &handler{body: []byte(strings.Repeat("x", bodyLen-1) + "\n")}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/":
	case "/delay":
		ms, err := strconv.Atoi(r.URL.Query().Get("ms"))
		if err != nil || ms < 0 || time.Duration(ms)*time.Millisecond > maxDelay {
			http.Error(w, "ms must be an integer from 0 to 60000", http.StatusBadRequest)
			return
		}
		if ms > 0 {
			t := time.NewTimer(time.Duration(ms) * time.Millisecond)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
	default:
		http.NotFound(w, r)
		return
	}
	hd := w.Header()
	hd["Content-Type"] = []string{"text/plain"}
	hd["Content-Length"] = []string{strconv.Itoa(bodyLen)}
	if r.Method != http.MethodHead {
		_, _ = w.Write(h.body)
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback)")
	flag.Parse()
	if err := run(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "target:", err)
		os.Exit(1)
	}
}

func run(addr string) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: newHandler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 15 * time.Minute}
	fmt.Printf("target listening on http://%s\n", l.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("shutdown: %w", err)
	}
	<-errc
	return nil
}
