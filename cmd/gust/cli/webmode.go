package cli

import (
	"context"
	"fmt"
	"path/filepath"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/web"
)

// startWeb serves the web UI; it returns a non-zero exit code when the
// server cannot start.
func (s *session) startWeb(p testPlan) int {
	o := s.opts
	wopts := web.Options{
		Host: o.WebHost, Port: o.WebPort, BasePath: o.WebBasePath, Auth: o.WebAuth,
		TLSCert: s.path(o.TLSCert), TLSKey: s.path(o.TLSKey),
		Locustfile: filepath.Base(s.lf.paths[0]), Version: Version,
		TargetHost: o.Host, Tags: o.Tags, ClassPicker: o.ClassPicker,
		Logger: s.named("locust.web"), Clock: s.st.Clock, Listener: s.st.WebListener,
	}
	if o.WebLogin != "" {
		wopts.Auth = o.WebLogin
	}
	if o.UsersSet {
		wopts.Users = o.Users
	}
	if o.SpawnRateSet {
		wopts.SpawnRate = o.SpawnRate
	}
	wopts.RunTime = p.runTime
	for _, c := range s.chosen {
		wopts.UserClasses = append(wopts.UserClasses, c.Name)
	}
	if wopts.TargetHost == "" {
		wopts.TargetHost = s.lf.commonHost(s.chosen)
	}
	if p.shape != nil {
		wopts.ShapeName = p.shape.Name()
		wopts.HideCommonOptions = !p.shape.UseCommonOptions() && !o.ClassPicker
	}
	if s.csv != nil && o.CSVFullHistory {
		wopts.FullHistoryFile = s.csv.HistoryFile()
	}
	wopts.ExtraOptions = s.webExtraOptions()
	wopts.Profile = s.currentProfile()
	srv, err := web.New(webBackend{s}, wopts)
	if err != nil {
		fmt.Fprintf(s.st.Stderr, "gust: error: %v\n", err)
		return ExitError
	}
	url, err := srv.Start()
	if err != nil {
		_ = srv.Shutdown(context.Background())
		fmt.Fprintf(s.st.Stderr, "gust: error: web UI: %v\n", err)
		return ExitError
	}
	s.mu.Lock()
	s.web = srv
	s.mu.Unlock()
	if (o.WebHost == "" || o.WebHost == "*") && o.WebDisplayName != "" {
		url = o.WebDisplayName // Locust shows it only when no --web-host is set
	}
	s.named("locust.main").Info(fmt.Sprintf("Starting web interface at %s", url))
	return ExitOK
}

// commonHost is the host every class shares, for the start form.
func (l *loaded) commonHost(classes []*user.Class) string {
	host := ""
	for _, c := range classes {
		if c.Host == "" {
			continue
		}
		if host != "" && host != c.Host {
			return ""
		}
		host = c.Host
	}
	return host
}

// webBackend is the web server's view of the session.
type webBackend struct{ s *session }

// Start starts or re-targets a test from the web form.
func (b webBackend) Start(req web.SwarmRequest) error {
	s := b.s
	r := s.currentRunner()
	idle := r.State() == runner.StateReady || r.State() == runner.StateStopped
	if idle && req.Tags != nil && !sameTags(req.Tags, s.tags) {
		p := s.plan()
		p.autoRun, p.headless = false, false
		if err := s.newRunner(context.Background(), s.filterTags(req.Tags, s.opts.ExcludeTags), p); err != nil {
			return err
		}
		s.mu.Lock()
		s.tags = req.Tags
		s.mu.Unlock()
		r = s.currentRunner()
	}
	if req.Profile != nil {
		s.mu.Lock()
		s.profile = *req.Profile
		s.mu.Unlock()
		var v starlark.Value = starlark.None
		if *req.Profile != "" {
			v = starlark.String(*req.Profile)
		}
		s.lf.rt.SetParsedOptionValue("profile", v)
	}
	for name, values := range req.Options {
		if err := s.lf.rt.SetParsedOption(name, values); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	if req.Host != "" {
		s.lf.rt.SetHost(req.Host)
	}
	if req.Shape {
		return r.StartShape()
	}
	return r.Start(req.Users, req.SpawnRate, req.UserClasses)
}

// Stop stops the test.
func (b webBackend) Stop() error { return b.s.currentRunner().Stop() }

// ResetStats is the UI's reset: statistics, exceptions and chart history.
func (b webBackend) ResetStats() {
	s := b.s
	s.stats.Reset()
	s.stats.ResetExceptions()
	s.hist.Clear()
	s.fireEvent(context.Background(), "reset_stats", false)
}

// Snapshot returns the statistics now.
func (b webBackend) Snapshot() *stats.Snapshot { return b.s.stats.Snapshot() }

// State is the runner state.
func (b webBackend) State() runner.State { return b.s.currentRunner().State() }

// UserCount is the number of running users.
func (b webBackend) UserCount() int { return b.s.userCount() }

// TaskRatios are the ratio trees for /tasks and the report.
func (b webBackend) TaskRatios() (user.RatioList, user.RatioList) { return b.s.taskRatios() }

// Logs are the last log lines.
func (b webBackend) Logs() []string { return b.s.ring.Lines() }

// History is the chart history.
func (b webBackend) History() []history.Point { return b.s.hist.Points() }
