package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/limits"
	"github.com/gust-load/gust/runtime/report"
	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/usage"
	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/locust"
	"github.com/gust-load/gust/web"
	"github.com/gust-load/gust/web/htmlreport"
)

// testPlan is what the options ask the first test to be.
type testPlan struct {
	users    int
	rate     float64
	runTime  time.Duration
	shape    *locust.Shape
	autoRun  bool // start at once (headless or --autostart)
	headless bool
}

func (s *session) plan() testPlan {
	o := s.opts
	p := testPlan{users: o.Users, rate: o.SpawnRate, runTime: o.RunTime, shape: s.lf.file.Shape,
		autoRun: o.Headless || o.Autostart, headless: o.Headless}
	if !o.UsersSet {
		p.users = 1
	}
	if !o.SpawnRateSet {
		p.rate = 1
	}
	if p.shape != nil && !p.shape.UseCommonOptions() {
		var ignored []string
		if o.UsersSet {
			ignored = append(ignored, "--users")
		}
		if o.SpawnRateSet {
			ignored = append(ignored, "--spawn-rate")
		}
		if o.RunTime > 0 {
			ignored = append(ignored, "--run-time")
		}
		if len(ignored) > 0 {
			s.named("locust.main").Warn("The following option(s) will be ignored: " + strings.Join(ignored, ", ") +
				". --run-time, --users or --spawn-rate have no impact on LoadShapes unless the shape class sets use_common_options = True")
		}
		p.runTime = 0
	}
	return p
}

// runTest runs the test: headless (start now, quit at the end) or with the
// web UI (start from the browser, or now with --autostart).
func (s *session) runTest(ctx context.Context) int {
	opts, st := s.opts, s.st
	mainLog := s.named("locust.main")
	mainLog.Info("Starting gust " + Version)
	if opts.Autoquit >= 0 && !opts.Autostart && !opts.Headless {
		fmt.Fprintln(st.Stderr, "--autoquit is only meaningful in combination with --autostart")
		return ExitError
	}
	p := s.plan()
	if p.headless && s.lf.needsHost(s.classes) && opts.Host == "" {
		fmt.Fprintf(st.Stderr, "gust: error: %s\n", s.lf.hostError(s.classes))
		return ExitUsage
	}

	s.checkLimits(p)
	s.stats = stats.New(st.Clock)
	if opts.JSON || opts.JSONFile != "" {
		s.stats.KeepRunSeconds()
	}
	s.hist = history.New(history.DefaultMaxPoints)
	s.tags = opts.Tags
	if err := s.newRunner(ctx, s.classes, p); err != nil {
		fmt.Fprintln(st.Stderr, err)
		return ExitError
	}
	rt := s.lf.rt
	rt.Bind(locust.Binding{
		Control:       sessionControl{s},
		Host:          opts.Host,
		ParsedOptions: parsedOptions(opts, p.users, p.rate),
		Stats:         s.stats.Snapshot,
		StopTimeout:   opts.StopTimeout.Seconds(),
	})
	s.fireEvent(ctx, "init", false)

	if opts.CSVPrefix != "" {
		w, err := report.OpenCSV(s.path(opts.CSVPrefix), opts.CSVFullHistory, s.stats.Snapshot())
		if err != nil {
			fmt.Fprintf(st.Stderr, "gust: error: %v\n", err)
			_ = s.currentRunner().Quit()
			return ExitError
		}
		s.csv = w
	}
	if !p.headless {
		if code := s.startWeb(p); code != ExitOK {
			_ = s.currentRunner().Quit()
			return code
		}
	}

	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	s.startBackground(bg, &wg, p.headless || opts.PrintStats)
	defer s.startKeyboard()()

	if p.autoRun {
		var err error
		if p.shape != nil {
			err = s.currentRunner().StartShape()
		} else {
			err = s.currentRunner().Start(p.users, p.rate, nil)
		}
		if err != nil {
			mainLog.Error(err.Error())
		}
	}

	s.waitForEnd(ctx, mainLog)
	return s.shutdown(ctx, stopBG, &wg)
}

// checkLimits raises the open-file limit and warns, as Locust does, when
// the open files or local ports will not hold the run's connections.
func (s *session) checkLimits(p testPlan) {
	sockets := 0
	for _, c := range s.classes {
		if sc := s.lf.file.Script[c.Name]; sc != nil && locust.NeedsHost(sc) {
			sockets = 1
		}
	}
	for _, w := range limits.Prepare(limits.Needs{Users: p.users, SocketsPerUser: sockets}) {
		s.named("locust.main").Warn(w)
	}
}

// newRunner makes the runner for classes; the web UI makes a new one when
// a test starts with other tags.
func (s *session) newRunner(ctx context.Context, classes []*user.Class, p testPlan) error {
	opts := s.opts
	rt := s.lf.rt
	ropts := runner.Options{
		Clock:       s.st.Clock,
		Logger:      s.log,
		StopTimeout: opts.StopTimeout,
		Iterations:  int64(opts.Iterations),
		Headless:    p.headless,
		Exception:   func(msg, tb string) { s.stats.RecordException(stats.LocalNode, msg, tb) },
		TaskError:   s.lf.rt.FireUserError,
		Hooks: runner.Hooks{
			TestStart: func() {
				// A new test from ready/stopped: Locust's clear_all.
				s.stats.Clear()
				s.hist.Clear()
				s.fireEvent(ctx, "test_start", false)
			},
			TestStopping: func() { s.fireEvent(ctx, "test_stopping", false) },
			TestStop:     func() { s.fireEvent(ctx, "test_stop", false) },
			SpawningComplete: func(n int) {
				if opts.ResetStats {
					s.named("locust.main").Info("Resetting stats")
					s.stats.Reset()
				}
				_ = rt.Events().Hook("spawning_complete").Fire(ctx, locust.Kwargs("user_count", starlark.MakeInt(n)), false)
			},
			StateChange: func(state runner.State) {
				if w := s.webServer(); w != nil {
					w.StateChanged(state)
				}
				if state == runner.StateStopped && !p.headless && opts.Autostart {
					s.scheduleAutoquit(ctx)
				}
			},
			Unhandled: func(error) {
				s.mu.Lock()
				s.unhandled = true
				s.mu.Unlock()
			},
		},
	}
	if p.autoRun {
		ropts.RunTime = p.runTime
	}
	if p.shape != nil {
		ropts.Shape = p.shape
	}
	r, err := runner.New(classes, ropts)
	if err != nil {
		return err
	}
	s.mu.Lock()
	old := s.runner
	s.runner = r
	s.classes = classes
	s.mu.Unlock()
	if old != nil {
		_ = old.Quit()
	}
	return nil
}

func (s *session) currentRunner() *runner.Runner {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.runner
}

func (s *session) webServer() *web.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.web
}

// scheduleAutoquit quits --autoquit seconds after a test ended.
func (s *session) scheduleAutoquit(ctx context.Context) {
	if s.opts.Autoquit < 0 {
		s.named("locust.main").Info("--autoquit not specified, leaving web ui running indefinitely")
		return
	}
	r := s.currentRunner()
	go func() {
		if s.st.Clock.Sleep(ctx, time.Duration(s.opts.Autoquit)*time.Second) == nil {
			r.RequestQuit()
		}
	}()
}

// waitForEnd returns when the runner quits or a signal arrives.
func (s *session) waitForEnd(ctx context.Context, mainLog interface{ Info(string, ...any) }) {
	for {
		r := s.currentRunner()
		select {
		case <-r.Done():
			if s.currentRunner() != r {
				continue // replaced by a new runner for other tags
			}
			return
		case sig := <-s.st.Signals:
			if sig == syscall.SIGTERM {
				mainLog.Info("Got SIGTERM signal")
			} else {
				mainLog.Info("Got Ctrl-C, shutting down")
			}
			return
		case <-ctx.Done():
			return
		}
	}
}

// startBackground starts the periodic console table (when printStats),
// the CSV ticker and the chart history sampler.
func (s *session) startBackground(ctx context.Context, wg *sync.WaitGroup, printStats bool) {
	if printStats && !s.opts.OnlySummary {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := s.st.Clock.NewTicker(consoleInterval)
			defer t.Stop()
			s.printTable(report.CurrentRates)
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C():
					s.printTable(report.CurrentRates)
				}
			}
		}()
	}
	if s.csv != nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := s.st.Clock.NewTicker(csvInterval)
			defer t.Stop()
			for {
				select {
				case <-ctx.Done():
					return
				case <-t.C():
					if err := s.csv.Tick(s.stats.Snapshot(), s.userCount()); err != nil {
						s.named("locust.main").Error(err.Error())
					}
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.monitorUsage(ctx)
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.hist.Run(ctx, s.st.Clock, time.Second, func(time.Time) (history.Point, bool) {
			r := s.currentRunner()
			switch r.State() {
			case runner.StateReady, runner.StateStopped:
				return history.Point{}, false
			}
			n := r.UserCount()
			s.mu.Lock()
			s.peak = max(s.peak, n)
			s.mu.Unlock()
			return history.FromSnapshot(s.stats.Snapshot(), n), true
		})
	}()
}

// usageInterval is Locust's CPU_MONITOR_INTERVAL.
const usageInterval = 10 * time.Second

// monitorUsage samples gust's CPU and memory use every usageInterval, as
// Locust's runner does: events.usage_monitor gets cpu_usage (percent of one
// core) and memory_usage (resident bytes); above 90% of the cores gust may
// use, events.cpu_warning fires and a warning is logged once. Locust, one
// core per process, warns above 90%.
func (s *session) monitorUsage(ctx context.Context) {
	m := usage.NewMonitor()
	t := s.st.Clock.NewTicker(usageInterval)
	defer t.Stop()
	cores := runtime.GOMAXPROCS(0)
	warned := false
	env := s.lf.rt.Environment()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C():
		}
		cpu, rss := m.Sample()
		s.lf.rt.SetUsage(cpu, rss)
		if cpu > 90*float64(cores) {
			s.fireEventArgs(ctx, "cpu_warning", locust.Kwargs("environment", env, "cpu_usage", starlark.Float(cpu)))
			if !warned {
				warned = true
				s.named("root").Warn(fmt.Sprintf("CPU usage above 90%% of the %d cores gust may use! This may constrain your throughput and may even give inconsistent response time measurements!", cores))
			}
		}
		s.fireEventArgs(ctx, "usage_monitor", locust.Kwargs("environment", env, "cpu_usage", starlark.Float(cpu), "memory_usage", starlark.MakeInt64(rss)))
	}
}

func (s *session) userCount() int {
	if r := s.currentRunner(); r != nil {
		return r.UserCount()
	}
	return 0
}

func (s *session) printTable(rates report.Rates) {
	var b strings.Builder
	if err := report.WriteRequestTable(&b, s.stats.Snapshot(), s.width, rates); err == nil {
		_, _ = io.WriteString(s.tables, b.String())
	}
}

// shutdown follows Locust's order: quitting event, exit code, stop users,
// final tables, reports.
func (s *session) shutdown(ctx context.Context, stopBG context.CancelFunc, wg *sync.WaitGroup) int {
	rt := s.lf.rt
	s.fireEvent(ctx, "quitting", true)
	_ = s.currentRunner().Quit()
	if w := s.webServer(); w != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = w.Shutdown(sctx)
		cancel()
	}
	stopBG()
	wg.Wait()

	final := s.stats.Snapshot()
	code := ExitOK
	s.mu.Lock()
	unhandled := s.unhandled || rt.Unhandled()
	s.mu.Unlock()
	if c, ok := rt.ExitCode(); ok {
		code = c
	} else if len(final.Errors) > 0 || len(final.Exceptions) > 0 {
		code = s.opts.ExitCodeOnError
	} else if unhandled {
		code = ExitUsage
	}
	s.named("locust.main").Info(fmt.Sprintf("Shutting down (exit code %d)", code))

	s.writeJSON()
	if s.opts.JSONFile == "" { // Locust prints no tables with --json-file
		var b strings.Builder
		_ = report.WriteRequestTable(&b, final, s.width, report.TotalRates)
		_ = report.WritePercentileTable(&b, final, s.width)
		_ = report.WriteErrorReport(&b, final, s.width)
		_, _ = io.WriteString(s.tables, b.String())
	}

	if s.csv != nil {
		if err := s.csv.Close(final, s.userCount()); err != nil {
			s.named("locust.main").Error(err.Error())
		}
	}
	if s.opts.HTML != "" {
		if err := s.writeHTML(final); err != nil {
			s.named("locust.main").Error(err.Error())
		}
	}
	if s.opts.MemProfile != "" {
		if f, err := os.Create(s.path(s.opts.MemProfile)); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	return code
}

// writeJSON prints the final statistics as JSON (--json) to stdout and
// writes them to --json-file NAME.json.
func (s *session) writeJSON() {
	if !s.opts.JSON && s.opts.JSONFile == "" {
		return
	}
	var b strings.Builder
	_ = report.WriteJSON(&b, s.stats.SnapshotWithRunSeconds())
	if s.opts.JSON {
		_, _ = io.WriteString(s.st.Stdout, b.String())
	}
	if s.opts.JSONFile != "" {
		path := s.path(s.opts.JSONFile + ".json")
		err := os.MkdirAll(filepath.Dir(path), 0o755)
		if err == nil {
			err = os.WriteFile(path, []byte(b.String()), 0o644)
		}
		if err != nil {
			s.named("locust.main").Error(fmt.Sprintf("--json-file: %v", err))
		}
	}
}

// currentProfile is the run's profile label: --profile, or what the web
// form set last.
func (s *session) currentProfile() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.profile
}

// writeHTML writes --html FILE, with Locust's {u}, {r}, {t} placeholders.
func (s *session) writeHTML(final *stats.Snapshot) error {
	p := s.plan()
	name := strings.NewReplacer("{u}", strconv.Itoa(p.users), "{r}", strconv.Itoa(int(p.rate)),
		"{t}", strconv.Itoa(int(p.runTime.Seconds()))).Replace(s.opts.HTML)
	path := s.path(name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("--html: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--html: %w", err)
	}
	perClass, total := s.taskRatios()
	s.mu.Lock()
	peak := s.peak
	s.mu.Unlock()
	err = htmlreport.WriteHTML(f, htmlreport.Data{
		Locustfile: filepath.Base(s.lf.paths[0]), Host: s.opts.Host, Profile: s.currentProfile(), Version: Version, Users: peak,
		Snapshot: final, History: s.hist.Points(), PerClassRatios: perClass, TotalRatios: total,
	})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("--html %s: %w", path, err)
	}
	return nil
}

// taskRatios are Locust's ratio trees by the running users, or by the
// last target once stopped.
func (s *session) taskRatios() (perClass, total user.RatioList) {
	r := s.currentRunner()
	counts := r.UserClassesCount()
	if st := r.State(); st == runner.StateStopped || st == runner.StateReady || len(counts) == 0 {
		counts = r.TargetUserClassesCount()
	}
	s.mu.Lock()
	classes := s.classes
	s.mu.Unlock()
	return user.TaskRatios(classes, counts, false), user.TaskRatios(classes, counts, true)
}

// sessionControl is environment.runner for scripts: quit and stop must not
// block the user calling them.
type sessionControl struct{ s *session }

func (c sessionControl) Quit()          { c.s.currentRunner().RequestQuit() }
func (c sessionControl) Stop()          { c.s.currentRunner().RequestStop() }
func (c sessionControl) UserCount() int { return c.s.currentRunner().UserCount() }
func (c sessionControl) State() string  { return string(c.s.currentRunner().State()) }
func (c sessionControl) UserClassesCount() map[string]int {
	return c.s.currentRunner().UserClassesCount()
}
func (c sessionControl) TargetUserClassesCount() map[string]int {
	return c.s.currentRunner().TargetUserClassesCount()
}

// sameTags compares tag selections.
func sameTags(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
