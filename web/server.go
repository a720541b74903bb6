// Package web is gust's web UI server: Locust 2.46's HTTP API under the
// same paths with the same JSON shapes (POST /swarm, /stop, /stats/...,
// /exceptions, /tasks, /logs, CSV downloads, the HTML report), a websocket
// at /ws that pushes statistics every second and state changes at once,
// and the embedded front end (web/assets) — all from the one binary, with
// no network access besides the browser's own connection.
//
// The server drives the run through a Backend, which the CLI implements
// over the runner, the statistics and the loaded locustfile; the package
// does not know the script language. Optional HTTP basic auth guards every
// route, the websocket and the assets; TLS serves HTTPS; BasePath mounts
// everything under a prefix (--web-base-path).
//
// A Server owns its goroutines: the HTTP server, the websocket hub, one
// reader and one writer per websocket connection, and the run-time timer of
// a test started with a run_time. Shutdown stops all of them, closing the
// websocket connections itself, which http.Server.Shutdown does not.
package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gust-load/gust/runtime/clock"
	"github.com/gust-load/gust/web/assets"
)

// DefaultPort is Locust's --web-port default.
const DefaultPort = 8089

// Options configure a Server. Only the backend is required.
type Options struct {
	// Host is the interface to listen on (--web-host); "" or "*" listens
	// on all interfaces.
	Host string
	// Port is the port to listen on (--web-port); 0 means DefaultPort.
	Port int
	// Listener, when set, is used instead of listening on Host:Port (tests
	// pass one on 127.0.0.1:0).
	Listener net.Listener
	// BasePath mounts every route under a prefix (--web-base-path). It must
	// start with "/"; a trailing "/" is dropped.
	BasePath string
	// Auth, as "user:password", requires HTTP basic auth on every route,
	// asset and the websocket (--web-auth, --web-login).
	Auth string
	// TLSCert and TLSKey are PEM files; with both, the server speaks HTTPS.
	TLSCert, TLSKey string

	// Locustfile is the locustfile's file name (not its path), shown in
	// the UI and the report and used in download file names.
	Locustfile string
	// Version is gust's version, shown in the UI.
	Version string
	// TargetHost is the host the form starts with (--host, or the single
	// host all user classes share); a swarm with a host replaces it.
	TargetHost string
	// Users, SpawnRate and RunTime prefill the start form (-u, -r, -t);
	// zero leaves a field empty.
	Users     int
	SpawnRate float64
	RunTime   time.Duration
	// Tags prefill the form's tags field (-T).
	Tags []string
	// UserClasses are the names of the locustfile's user classes.
	UserClasses []string
	// ClassPicker shows the user class picker (--class-picker).
	ClassPicker bool
	// ShapeName is the load shape class's name, "" without a shape. With a
	// shape, /swarm starts it and needs no user count or spawn rate.
	ShapeName string
	// HideCommonOptions hides users, spawn rate and run time in the form
	// (a shape that does not use them).
	HideCommonOptions bool
	// Profile is the --profile label the start form is prefilled with and
	// the report shows; the form can change it.
	Profile string
	// ExtraOptions are the locustfile's own options the start form shows
	// (Locust's "Custom parameters"); /swarm passes their fields on in
	// SwarmRequest.Options.
	ExtraOptions []ExtraOption
	// FullHistoryFile is the PREFIX_stats_history.csv being written with
	// --csv-full-history, served at /stats/requests_full_history/csv; ""
	// gives Locust's 404 there.
	FullHistoryFile string

	// Logger receives the server's log lines (default: discarded).
	Logger *slog.Logger
	// Clock times the run_time of tests started from the UI (default
	// clock.Real).
	Clock clock.Clock
	// StatsInterval is how often the websocket pushes statistics (default
	// one second).
	StatsInterval time.Duration
	// UI serves the front end (default assets.Handler(), the embedded
	// build).
	UI http.Handler
}

// Server is the web UI server. Make it with New, then Start it.
type Server struct {
	opts    Options
	backend Backend
	base    string
	log     *slog.Logger
	clock   clock.Clock
	handler http.Handler
	hub     *hub
	cache   reportCache

	ctx    context.Context // cancelled by Shutdown
	cancel context.CancelFunc

	// ctl serialises the calls that change the run (swarm, stop, the
	// run-time stop) and guards classes and timerCancel. It may be held
	// while the backend stops users, so nothing that serves a page waits
	// on it.
	ctl         sync.Mutex
	classes     []string // classes of the running test, nil for all
	timerCancel context.CancelFunc
	timers      tracker

	mu      sync.Mutex // guards host and the listener fields below; held briefly
	host    string     // current target host
	profile string     // current --profile label

	srv      *http.Server
	ln       net.Listener
	serveErr chan error
	started  bool

	shutdownOnce sync.Once
	shutdownErr  error
}

// New makes a server for backend. It checks the options (base path,
// auth, TLS files) but listens only in Start. It starts the websocket hub,
// so Shutdown must be called even if Start is not.
func New(backend Backend, opts Options) (*Server, error) {
	if backend == nil {
		return nil, errors.New("web: nil backend")
	}
	base, err := cleanBasePath(opts.BasePath)
	if err != nil {
		return nil, err
	}
	if opts.Auth != "" && !strings.Contains(opts.Auth, ":") {
		return nil, errors.New("web: auth must be given as user:password")
	}
	if (opts.TLSCert == "") != (opts.TLSKey == "") {
		return nil, errors.New("web: TLS needs both a certificate and a key file")
	}
	if opts.Port == 0 {
		opts.Port = DefaultPort
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Clock == nil {
		opts.Clock = clock.Real{}
	}
	if opts.StatsInterval <= 0 {
		opts.StatsInterval = time.Second
	}
	if opts.UI == nil {
		opts.UI = assets.Handler()
	}
	opts.UserClasses = slices.Sorted(slices.Values(opts.UserClasses))
	s := &Server{
		opts:    opts,
		backend: backend,
		base:    base,
		log:     opts.Logger.With("logger", "locust.web"),
		clock:   opts.Clock,
		host:    opts.TargetHost,
		profile: opts.Profile,
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.hub = newHub(s)
	s.handler = s.routes()
	go s.hub.run()
	return s, nil
}

// cleanBasePath checks --web-base-path: "" or a path starting with "/",
// without the characters that would change the meaning of a route pattern.
func cleanBasePath(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	if p[0] != '/' {
		return "", fmt.Errorf("Invalid format for --web-base-path argument (%s): the url path must start with a slash.", p)
	}
	for _, c := range p {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`{}?#"<>\^`+"`|", c) {
			return "", fmt.Errorf("web: invalid character %q in base path %q", c, p)
		}
	}
	return strings.TrimRight(p, "/"), nil
}

// Handler returns the server's HTTP handler (auth included), for tests and
// for embedding in another server.
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens and serves in the background. It returns the URL to print —
// Locust's "Starting web interface at <url>" — with the base path, 0.0.0.0
// for all interfaces and the actual port.
func (s *Server) Start() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started {
		return "", errors.New("web: server already started")
	}
	var tlsConf *tls.Config
	if s.opts.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(s.opts.TLSCert, s.opts.TLSKey)
		if err != nil {
			return "", fmt.Errorf("web: load TLS certificate: %w", err)
		}
		tlsConf = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	host := s.opts.Host
	if host == "*" {
		host = ""
	}
	ln := s.opts.Listener
	if ln == nil {
		var err error
		ln, err = net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(s.opts.Port)))
		if err != nil {
			return "", fmt.Errorf("web: listen: %w", err)
		}
	}
	if tlsConf != nil {
		ln = tls.NewListener(ln, tlsConf)
	}
	s.ln = ln
	s.srv = &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
		BaseContext:       func(net.Listener) context.Context { return s.ctx },
	}
	s.serveErr = make(chan error, 1)
	s.started = true
	go func() {
		err := s.srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		s.serveErr <- err
	}()
	return s.displayURL(host, tlsConf != nil), nil
}

func (s *Server) displayURL(host string, https bool) string {
	scheme := "http"
	if https {
		scheme = "https"
	}
	port := strconv.Itoa(s.opts.Port)
	if a, ok := s.ln.Addr().(*net.TCPAddr); ok {
		port = strconv.Itoa(a.Port)
		if s.opts.Listener != nil {
			host = a.IP.String()
		}
	}
	if host == "" {
		host = "0.0.0.0"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + s.base
}

// Addr returns the address the server listens on, or nil before Start.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// Shutdown stops the server gracefully: no new connections, the run-time
// timer cancelled, websocket clients sent a close frame and disconnected,
// then in-flight requests finished. ctx bounds the wait; pass a fresh one
// (context.WithTimeout(context.Background(), ...)), not the run's context,
// which is usually done already. Shutdown does not stop the test. Later
// calls return the first call's result.
func (s *Server) Shutdown(ctx context.Context) error {
	s.shutdownOnce.Do(func() { s.shutdownErr = s.shutdown(ctx) })
	return s.shutdownErr
}

func (s *Server) shutdown(ctx context.Context) error {
	s.mu.Lock()
	started := s.started
	s.mu.Unlock()
	s.cancel()
	var errs []error
	if started {
		errs = append(errs, s.srv.Shutdown(ctx))
	}
	s.hub.close()
	if err := s.timers.closeAndWait(ctx); err != nil {
		errs = append(errs, fmt.Errorf("web: run-time timer: %w", err))
	}
	if err := s.hub.wait(ctx); err != nil {
		errs = append(errs, fmt.Errorf("web: websocket connections: %w", err))
	}
	if started {
		select {
		case err := <-s.serveErr:
			errs = append(errs, err)
		case <-ctx.Done():
			errs = append(errs, fmt.Errorf("web: serve: %w", ctx.Err()))
		}
	}
	return errors.Join(errs...)
}

// routes builds the handler: Locust's routes under the base path, the
// websocket, the front end, CSRF protection for POST and basic auth around
// everything.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	b := s.base
	get := func(path string, h http.HandlerFunc) { mux.HandleFunc("GET "+b+path, h) }
	mux.HandleFunc("POST "+b+"/swarm", s.handleSwarm)
	mux.HandleFunc(b+"/swarm", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Allow", "POST")
		http.Error(w, "Method Not Allowed", http.StatusMethodNotAllowed)
	})
	get("/stop", s.handleStop)
	get("/stats/reset", s.handleReset)
	get("/stats/requests", s.handleRequests)
	get("/stats/requests/csv", s.handleRequestsCSV)
	get("/stats/requests_full_history/csv", s.handleFullHistoryCSV)
	get("/stats/failures/csv", s.handleFailuresCSV)
	get("/stats/report", s.handleReport)
	get("/exceptions", s.handleExceptions)
	get("/exceptions/csv", s.handleExceptionsCSV)
	get("/tasks", s.handleTasks)
	get("/logs", s.handleLogs)
	get("/worker-count", s.handleWorkerCount)
	get("/ui-config", s.handleUIConfig)
	get("/ws", s.handleWS)
	ui := http.StripPrefix(b, s.opts.UI)
	mux.Handle(b+"/", ui)
	if b != "" {
		mux.Handle(b, ui) // the assets handler redirects to b + "/"
	}
	var h http.Handler = mux
	h = http.NewCrossOriginProtection().Handler(h)
	if s.opts.Auth != "" {
		h = basicAuth(s.opts.Auth, h)
	}
	return h
}

// basicAuth requires the credentials "user:password" on every request. The
// comparison runs in constant time over hashes, so neither the length nor
// the content of the secret leaks through timing.
func basicAuth(userPass string, next http.Handler) http.Handler {
	want := sha256.Sum256([]byte(userPass))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, p, ok := r.BasicAuth()
		got := sha256.Sum256([]byte(u + ":" + p))
		if !ok || subtle.ConstantTimeCompare(got[:], want[:]) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="gust", charset="UTF-8"`)
			http.Error(w, "Unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}
