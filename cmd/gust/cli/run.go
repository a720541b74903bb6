package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/logs"
	"github.com/gust-load/gust/runtime/report"
	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/locust"
	"github.com/gust-load/gust/web"
)

const (
	consoleInterval = 2 * time.Second // Locust's CONSOLE_STATS_INTERVAL_SEC
	csvInterval     = time.Second     // Locust's CSV_STATS_INTERVAL_SEC
)

func parseLogLevel(s string) (slog.Level, error) { return logs.ParseLevel(s) }

// session is one gust process run: the loaded locustfiles, the engine, the
// outputs.
type session struct {
	st      *State
	opts    *Options
	log     *slog.Logger // log records (stderr or --logfile)
	tables  io.Writer    // the statistics tables: always stderr
	stderr  *lockedWriter
	ring    *logs.Ring
	width   int
	closers []func()

	lf      *loaded
	custom  []*locust.CustomOption // the locustfile's own options
	chosen  []*user.Class          // the positional UserClass selection, before tags
	classes []*user.Class          // after tag filtering: what the runner runs
	stats   *stats.Stats
	hist    *history.Sampler
	csv     *report.CSVWriter
	web     *web.Server

	mu        sync.Mutex
	runner    *runner.Runner
	tags      []string // the tags the runner's classes were filtered with
	unhandled bool     // a runner error Locust logs as unhandled (exit 2)
	peak      int      // the most users seen, for the HTML report
	profile   string   // the --profile label, or the web form's
}

func (s *session) named(name string) *slog.Logger { return logs.Named(s.log, name) }

// path resolves a path given on the command line against the working
// directory of the process (State.Cwd).
func (s *session) path(p string) string {
	if p == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(s.st.Cwd, p)
}

// run is the main command: load, then run headless (or serve the web UI).
func run(ctx context.Context, st *State, opts *Options) int {
	if opts.Version {
		exe, _ := os.Executable()
		fmt.Fprintf(st.Stdout, "gust %s from %s (locust 2.46.3 compatible)\n", Version, exe)
		return ExitOK
	}
	stderr := &lockedWriter{w: st.Stderr}
	s := &session{st: st, opts: opts, tables: stderr, stderr: stderr, ring: logs.NewRing(500), profile: opts.Profile}
	defer func() {
		for i := len(s.closers) - 1; i >= 0; i-- {
			s.closers[i]()
		}
	}()
	if err := s.setupLogging(); err != nil {
		fmt.Fprintf(st.Stderr, "gust: error: %v\n", err)
		return ExitUsage
	}
	if opts.CPUProfile != "" {
		f, err := os.Create(s.path(opts.CPUProfile))
		if err != nil {
			fmt.Fprintf(st.Stderr, "gust: error: --cpuprofile: %v\n", err)
			return ExitUsage
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			fmt.Fprintf(st.Stderr, "gust: error: --cpuprofile: %v\n", err)
			return ExitUsage
		}
		s.closers = append(s.closers, func() { pprof.StopCPUProfile(); f.Close() })
	}
	s.width = report.NameWidth(80, false)
	if st.StdoutTTY {
		s.width = report.NameWidth(terminalColumns(st), true)
	}

	lf, code := s.load()
	if lf == nil {
		return code
	}
	s.lf = lf
	if err := s.parseCustomOptions(ctx); err != nil {
		fmt.Fprintf(st.Stderr, "Usage: gust [OPTIONS] [UserClass ...]\ngust: error: %v\n", err)
		return ExitUsage
	}
	cfgUsers, err := s.parseConfigUsers()
	if err != nil {
		fmt.Fprintf(st.Stderr, "Usage: gust [OPTIONS] [UserClass ...]\ngust: error: %v\n", err)
		return ExitUsage
	}
	if code := s.applyConfigUsers(cfgUsers); code != ExitOK {
		return code
	}
	if opts.List {
		fmt.Fprintln(st.Stdout, "Available Users:")
		for _, name := range lf.classNames() {
			fmt.Fprintf(st.Stdout, "    %s\n", name)
		}
		return ExitOK
	}
	classes, code := s.selectClasses()
	if classes == nil {
		return code
	}
	s.classes = classes
	if opts.ShowTaskRatio || opts.ShowTaskRatioJS {
		users := opts.Users
		if !opts.UsersSet {
			users = 1
		}
		var err error
		if opts.ShowTaskRatioJS {
			err = user.WriteTaskRatioJSON(st.Stdout, classes, users)
		} else {
			err = user.WriteTaskRatio(st.Stdout, classes, users)
		}
		if err != nil {
			fmt.Fprintf(st.Stderr, "gust: error: %v\n", err)
			return ExitError
		}
		return ExitOK
	}
	return s.runTest(ctx)
}

func terminalColumns(st *State) int {
	if v, ok := st.Getenv("COLUMNS"); ok {
		var n int
		if _, err := fmt.Sscan(v, &n); err == nil && n > 0 {
			return n
		}
	}
	return 80
}

// setupLogging sends log records to stderr, or to --logfile, in Locust's
// format; the web UI's /logs reads the ring.
func (s *session) setupLogging() error {
	level, err := logs.ParseLevel(s.opts.LogLevel)
	if err != nil {
		return err
	}
	var w io.Writer = s.stderr
	if s.opts.LogFile != "" {
		f, err := os.OpenFile(s.path(s.opts.LogFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("--logfile: %w", err)
		}
		s.closers = append(s.closers, func() { f.Close() })
		w = &lockedWriter{w: f}
	}
	lo := logs.Options{Level: level, Host: s.st.Hostname, Ring: s.ring, Now: s.st.Clock.Now}
	if s.opts.SkipLogSetup {
		// Python's logging as Locust leaves it: the root logger at
		// WARNING, records written bare by the last-resort handler, and
		// the statistics tables (INFO records) not at all.
		lo.Level, lo.Bare = slog.LevelWarn, true
		s.tables = io.Discard
	}
	s.log = slog.New(logs.NewHandler(w, lo))
	return nil
}

// lockedWriter serialises writes from the logger and the table printer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// selectClasses applies the positional UserClass arguments and the tag
// filters.
func (s *session) selectClasses() ([]*user.Class, int) {
	all := s.lf.file.Classes
	if len(all) == 0 {
		fmt.Fprintln(s.st.Stderr, "No User class found!")
		return nil, ExitUsage
	}
	chosen := all
	if len(s.opts.UserClasses) > 0 {
		byName := map[string]*user.Class{}
		for _, c := range all {
			byName[c.Name] = c
		}
		chosen = nil
		var missing []string
		for _, n := range s.opts.UserClasses {
			c, ok := byName[n]
			if !ok {
				missing = append(missing, n)
				continue
			}
			chosen = append(chosen, c)
		}
		if len(missing) > 0 {
			s.named("locust.main").Error("Unknown User(s): " + strings.Join(missing, ", "))
			return nil, ExitError
		}
	}
	s.chosen = chosen
	return s.filterTags(s.opts.Tags, s.opts.ExcludeTags), ExitOK
}

// filterTags applies --tags/--exclude-tags (or the web form's tags) to the
// chosen classes, logging Locust's warnings.
func (s *session) filterTags(include, exclude []string) []*user.Class {
	filtered, warnings := user.FilterTags(s.chosen, include, exclude)
	for _, w := range warnings {
		s.named("locust.main").Warn(w)
	}
	if s.opts.EqualWeights {
		filtered = user.EqualWeights(filtered)
	}
	return filtered
}

// fireEvent fires a locust event with environment=..., logging a
// control-flow exception from a listener.
func (s *session) fireEvent(ctx context.Context, name string, reverse bool) {
	rt := s.lf.rt
	if err := rt.Events().Hook(name).Fire(ctx, locust.Kwargs("environment", rt.Environment()), reverse); err != nil {
		s.named("locust.event").Error(fmt.Sprintf("%s listener: %v", name, err))
	}
}

// fireEventArgs fires a locust event with the given keyword arguments.
func (s *session) fireEventArgs(ctx context.Context, name string, kwargs []starlark.Tuple) {
	if err := s.lf.rt.Events().Hook(name).Fire(ctx, kwargs, false); err != nil {
		s.named("locust.event").Error(fmt.Sprintf("%s listener: %v", name, err))
	}
}

// parsedOptions are environment.parsed_options, by Locust's dest names.
func parsedOptions(o *Options, users int, rate float64) map[string]starlark.Value {
	str := func(s string) starlark.Value {
		if s == "" {
			return starlark.None
		}
		return starlark.String(s)
	}
	list := func(l []string) starlark.Value {
		vals := make([]starlark.Value, len(l))
		for i, v := range l {
			vals[i] = starlark.String(v)
		}
		return starlark.NewList(vals)
	}
	var runTime starlark.Value = starlark.None
	if o.RunTime > 0 {
		runTime = starlark.MakeInt(int(o.RunTime.Seconds()))
	}
	m := map[string]starlark.Value{
		"locustfile":            starlark.String(o.Locustfile),
		"host":                  str(o.Host),
		"num_users":             starlark.MakeInt(users),
		"spawn_rate":            starlark.Float(rate),
		"run_time":              runTime,
		"iterations":            starlark.MakeInt(o.Iterations),
		"headless":              starlark.Bool(o.Headless),
		"autostart":             starlark.Bool(o.Autostart),
		"autoquit":              starlark.MakeInt(o.Autoquit),
		"stop_timeout":          starlark.Float(o.StopTimeout.Seconds()),
		"csv_prefix":            str(o.CSVPrefix),
		"stats_history_enabled": starlark.Bool(o.CSVFullHistory),
		"print_stats":           starlark.Bool(o.PrintStats),
		"only_summary":          starlark.Bool(o.OnlySummary),
		"reset_stats":           starlark.Bool(o.ResetStats),
		"exit_code_on_error":    starlark.MakeInt(o.ExitCodeOnError),
		"tags":                  list(o.Tags),
		"exclude_tags":          list(o.ExcludeTags),
		"loglevel":              starlark.String(strings.ToUpper(o.LogLevel)),
		"logfile":               str(o.LogFile),
		"user_classes":          list(o.UserClasses),
		"json":                  starlark.Bool(o.JSON),
		"json_file":             str(o.JSONFile),
		"skip_log_setup":        starlark.Bool(o.SkipLogSetup),
		"equal_weights":         starlark.Bool(o.EqualWeights),
		"html_file":             str(o.HTML),
		"profile":               str(o.Profile),
		"master":                starlark.False,
		"worker":                starlark.False,
	}
	for k, v := range o.Custom {
		m[k] = v
	}
	return m
}
