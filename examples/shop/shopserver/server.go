package shopserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// MaxSlow is the longest /slow?ms=N honours. The server has no write timeout, so that a /slow
// response of this length is never cut off.
const MaxSlow = 60 * time.Second

// DefaultMaxCountedPaths is the number of distinct "METHOD path" keys counted when
// Options.MaxCountedPaths is zero.
const DefaultMaxCountedPaths = 100_000

// ErrOptions is wrapped by the error New (and so Run and Start) returns for an out-of-range
// option, so a command can tell a usage error from a failure to serve.
var ErrOptions = errors.New("invalid shop options")

// shutdownGrace bounds how long Serve waits for in-flight responses once asked to stop.
const shutdownGrace = 5 * time.Second

// Options configures a Server. The zero value is a realistic shop: a few milliseconds per
// response, no injected failures, seed 0.
type Options struct {
	// Latency is added to every response (except /_/ endpoints), on top of the route's own.
	Latency time.Duration
	// Jitter adds a uniformly random delay in [0, Jitter) to every response.
	Jitter time.Duration
	// ErrorRate is the probability, in [0, 1], that a request is answered with an injected
	// 500 instead of its normal response.
	ErrorRate float64
	// Seed makes /flaky and the injected errors reproducible: the n-th /flaky request (and the
	// n-th request overall, for ErrorRate) fails or not as a pure function of Seed and n.
	Seed int64
	// NoBaseLatency turns off the routes' built-in latency, leaving only Latency and Jitter, for
	// benchmarks of the server itself and fast unit tests.
	NoBaseLatency bool
	// MaxCountedPaths caps the distinct keys GET /_/requests reports (0 means
	// DefaultMaxCountedPaths); requests for further paths are counted under OverflowKey.
	MaxCountedPaths int
	// ErrorLog receives the HTTP server's own errors (accept failures, broken connections);
	// nil means the standard logger.
	ErrorLog *log.Logger
}

func (o Options) validate() error {
	switch {
	case o.Latency < 0:
		return fmt.Errorf("latency %v is negative", o.Latency)
	case o.Jitter < 0:
		return fmt.Errorf("jitter %v is negative", o.Jitter)
	case !(o.ErrorRate >= 0 && o.ErrorRate <= 1): // also rejects NaN
		return fmt.Errorf("error rate %v is outside [0, 1]", o.ErrorRate)
	case o.MaxCountedPaths < 0:
		return fmt.Errorf("max counted paths %d is negative", o.MaxCountedPaths)
	}
	return nil
}

// Server is the shop. It is an http.Handler, so it can be mounted on an httptest.Server; Serve,
// Run and Start run it on a real listener with sane timeouts.
type Server struct {
	opts    Options
	mux     *http.ServeMux
	started time.Time
	signer  *signer
	catalog *catalog

	counts   atomic.Pointer[requestCounts] // swapped whole on reset
	errorSeq atomic.Uint64                 // requests seen, for ErrorRate
	flakySeq atomic.Uint64                 // /flaky requests seen
	idSeq    atomic.Uint64                 // order, cart and token numbers
}

// New returns a Server for opts, or an error if an option is out of range.
func New(opts Options) (*Server, error) {
	if err := opts.validate(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrOptions, err)
	}
	if opts.MaxCountedPaths == 0 {
		opts.MaxCountedPaths = DefaultMaxCountedPaths
	}
	cat, err := newCatalog()
	if err != nil {
		return nil, fmt.Errorf("shop catalog: %w", err)
	}
	s := &Server{
		opts:    opts,
		mux:     http.NewServeMux(),
		started: time.Now(),
		signer:  newSigner(),
		catalog: cat,
	}
	s.counts.Store(newRequestCounts(opts.MaxCountedPaths))
	s.routes()
	return s, nil
}

// ServeHTTP counts the request (unless it is for the /_/ control endpoints, so that reading the
// counts does not change them) and routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/_/") {
		s.counts.Load().add(r.Method, r.URL.Path)
	}
	s.mux.ServeHTTP(w, r)
}

// Counts returns the number of requests received since the start or the last reset, keyed by
// "METHOD path" (the path without its query).
func (s *Server) Counts() map[string]int64 {
	return s.counts.Load().snapshot()
}

// ResetCounts starts counting afresh and returns the counts it replaced. Resetting swaps in a new
// set of counters instead of locking every request out, so a request that races with the reset
// may be counted in the replaced set after it was read, and so appear in neither.
func (s *Server) ResetCounts() map[string]int64 {
	old := s.counts.Swap(newRequestCounts(s.opts.MaxCountedPaths))
	return old.snapshot()
}

// Serve serves HTTP on ln until ctx is done, then stops: handlers that are waiting out a delay
// answer 503 at once, in-flight responses get shutdownGrace to finish, and remaining connections
// are closed. It returns nil after a requested stop, or the error that ended serving.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	base, cancelBase := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelBase()
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		// ReadTimeout covers header and body; bodies here are small (readBody caps them).
		ReadTimeout: 30 * time.Second,
		// No WriteTimeout: it would cut off /slow (up to MaxSlow) and any added Latency.
		IdleTimeout: 2 * time.Minute,
		ErrorLog:    s.opts.ErrorLog,
		BaseContext: func(net.Listener) context.Context { return base },
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	cancelBase() // wake handlers sleeping in a delay, so shutdown does not wait for /slow
	drain, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	shutdownErr := srv.Shutdown(drain)
	if shutdownErr != nil {
		shutdownErr = errors.Join(fmt.Errorf("shut down %s: %w", ln.Addr(), shutdownErr), srv.Close())
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return errors.Join(fmt.Errorf("serve %s: %w", ln.Addr(), err), shutdownErr)
	}
	return shutdownErr
}

// Run listens on addr, writes the line "shop listening on http://HOST:PORT" to stdout (scripts
// read the URL from it) and serves until ctx is done. It is the whole of `go run ./examples/shop`
// and `gust demo-target`.
func Run(ctx context.Context, addr string, opts Options, stdout io.Writer) error {
	s, err := New(opts)
	if err != nil {
		return err
	}
	ln, err := listen(ctx, addr)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(stdout, "shop listening on %s\n", URL(ln.Addr())); err != nil {
		return errors.Join(fmt.Errorf("announce address: %w", err), ln.Close())
	}
	return s.Serve(ctx, ln)
}

// Start runs a shop on addr in the background, for tests in other packages. It returns the base
// URL and a stop function that shuts the server down and waits for it; stop is safe to call more
// than once. The server also stops when ctx is done (stop must still be called to wait for it).
func Start(ctx context.Context, addr string, opts Options) (url string, stop func(), err error) {
	s, err := New(opts)
	if err != nil {
		return "", nil, err
	}
	ln, err := listen(ctx, addr)
	if err != nil {
		return "", nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := s.Serve(ctx, ln); err != nil {
			s.logf("shop: %v", err)
		}
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			<-done
		})
	}
	return URL(ln.Addr()), stop, nil
}

// URL returns the base URL for a listener address. An unspecified host (":8080", "[::]:8080")
// becomes 127.0.0.1, which such a listener also accepts, so the URL can be used as it is.
func URL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func listen(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("shop listen on %s: %w", addr, err)
	}
	return ln, nil
}

func (s *Server) logf(format string, args ...any) {
	if s.opts.ErrorLog != nil {
		s.opts.ErrorLog.Printf(format, args...)
		return
	}
	log.Printf(format, args...)
}
