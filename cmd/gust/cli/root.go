// Package cli is gust's command line: Locust's options and defaults, the
// configuration sources in Locust's order of precedence (config files <
// environment < command line), signals, and exit codes. Everything the
// process touches — arguments, environment, standard streams, signals,
// clock — comes through State, so tests run the whole CLI in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/gust-load/gust/runtime/clock"
)

// Exit codes, as Locust uses them.
const (
	ExitOK    = 0
	ExitError = 1 // failures in the run (default of --exit-code-on-error), or a setup problem after parsing
	ExitUsage = 2 // bad command line, configuration or locustfile: nothing started
)

// Version is gust's version, set at build time with
// -ldflags "-X github.com/gust-load/gust/cmd/gust/cli.Version=...".
var Version = "0.1.0-dev"

// State is the process boundary: what the CLI reads and writes.
type State struct {
	Args      []string
	Stdin     io.Reader
	Stdout    io.Writer
	Stderr    io.Writer
	Getenv    func(string) (string, bool)
	Environ   func() []string
	Cwd       string
	Home      string
	Hostname  string
	StdoutTTY bool
	// Terminal is stdin when it is a terminal: gust reads Locust's
	// keyboard controls from it (nil: none).
	Terminal *os.File
	// Signals delivers SIGINT/SIGTERM (tests send on it).
	Signals <-chan os.Signal
	Clock   clock.Clock
	// WebListener, when set, is where the web UI serves instead of
	// --web-host/--web-port (tests pass 127.0.0.1:0).
	WebListener net.Listener
}

// OSState returns the State of the real process.
func OSState() *State {
	cwd, _ := os.Getwd()
	home, _ := os.UserHomeDir()
	host, _ := os.Hostname()
	if i := strings.IndexByte(host, '.'); i > 0 {
		host = host[:i]
	}
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	tty := false
	if fi, err := os.Stdout.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		tty = true
	}
	var terminal *os.File
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		terminal = os.Stdin
	}
	return &State{
		Args: os.Args[1:], Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr,
		Getenv: os.LookupEnv, Environ: os.Environ, Cwd: cwd, Home: home, Hostname: host,
		StdoutTTY: tty, Terminal: terminal, Signals: sig, Clock: clock.Real{},
	}
}

// Main runs gust and returns the process exit code. It never panics: a
// panic inside is reported as an internal error with exit code 1.
func Main(st *State) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(st.Stderr, "gust: internal error: %v\n%s", r, debug.Stack())
			code = ExitError
		}
	}()
	root := newRootCommand(st, &code, run)
	root.SetOut(st.Stdout)
	root.SetErr(st.Stderr)
	err := setArgs(root, st.Args)
	if err == nil {
		err = root.ExecuteContext(context.Background())
	}
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(st.Stderr, "Usage: gust [OPTIONS] [UserClass ...]\ngust: error: %s\n", ue.msg)
			return ExitUsage
		}
		var ce *codeError
		if errors.As(err, &ce) {
			if ce.msg != "" {
				fmt.Fprintln(st.Stderr, ce.msg)
			}
			return ce.code
		}
		fmt.Fprintf(st.Stderr, "gust: error: %v\n", err)
		return ExitError
	}
	return code
}

// codeError ends the process with a given code after printing msg.
type codeError struct {
	code int
	msg  string
}

func (e *codeError) Error() string { return e.msg }

// runFunc runs the parsed command (run, or a capture in tests).
type runFunc func(ctx context.Context, st *State, opts *Options) int

func newRootCommand(st *State, code *int, runFn runFunc) *cobra.Command {
	opts := &Options{}
	root := &cobra.Command{
		Use:           "gust [OPTIONS] [UserClass ...]",
		Short:         "gust runs Locust locustfiles: a load generator in one binary",
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.ArbitraryArgs,
		// Unknown flags may be the locustfile's own (init_command_line_parser):
		// they are checked once it is loaded (custom.go).
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := finishOptions(st, cmd.Flags(), opts, args); err != nil {
				return err
			}
			*code = runFn(cmd.Context(), st, opts)
			return nil
		},
	}
	root.Flags().AddFlagSet(opts.Flags())
	root.Flags().SortFlags = false
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return &usageError{msg: flagErrorText(c.Flags(), err)}
	})
	root.AddCommand(newDemoTargetCommand(st))
	root.AddCommand(newCheckCommand(st, code))
	return root
}

// setArgs gives root the command line with the built-in options'
// abbreviations expanded; a subcommand's arguments are left alone.
func setArgs(root *cobra.Command, args []string) error {
	if len(args) > 0 {
		for _, c := range root.Commands() {
			if c.Name() == args[0] {
				root.SetArgs(args)
				return nil
			}
		}
	}
	expanded, err := expandAbbreviations(args, root.Flags())
	if err != nil {
		return err
	}
	root.SetArgs(expanded)
	return nil
}

// expandAbbreviations rewrites a unique prefix of a long option of fs into
// the option, as Locust's argparse parser does (allow_abbrev): --headl is
// --headless, --only-s=x is --only-summary=x. A prefix of several options
// is an error naming them all; exact names, unknown names (perhaps the
// locustfile's own options, which a second pass knows) and everything
// after "--" are left alone.
func expandAbbreviations(args []string, fs *pflag.FlagSet) ([]string, error) {
	var names []string
	fs.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if fs.Lookup("help") == nil {
		names = append(names, "help") // cobra adds it when it executes
	}
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if !strings.HasPrefix(a, "--") || name == "" || slices.Contains(names, name) {
			out = append(out, a)
			continue
		}
		var matches []string
		for _, n := range names {
			if strings.HasPrefix(n, name) {
				matches = append(matches, "--"+n)
			}
		}
		switch {
		case len(matches) == 1 && hasValue:
			out = append(out, matches[0]+"="+value)
		case len(matches) == 1:
			out = append(out, matches[0])
		case len(matches) > 1:
			return nil, &usageError{msg: fmt.Sprintf("ambiguous option: %s could match %s", a, strings.Join(matches, ", "))}
		default:
			out = append(out, a)
		}
	}
	return out, nil
}

// finishOptions applies config files and environment variables under the
// command line, then validates combinations.
func finishOptions(st *State, fset *pflag.FlagSet, opts *Options, args []string) error {
	layers, err := configLayers(st.Home, st.Cwd, opts.Config)
	if err != nil {
		return &usageError{msg: err.Error()}
	}
	layers = append(layers, envLayer(fset, st.Getenv))
	unknown, err := applyLayers(fset, layers)
	if err != nil {
		return err
	}
	opts.configExtra = unknown
	opts.UserClasses = args
	if len(args) == 0 {
		if v, ok := st.Getenv("LOCUST_USER_CLASSES"); ok {
			opts.UserClasses = strings.Fields(v)
		}
	}
	if opts.Headful {
		opts.Headless = false
	}
	if opts.CSVFullHistory && opts.CSVPrefix == "" {
		return &usageError{msg: "argument --csv-full-history: requires --csv"}
	}
	if opts.SpawnRateSet && opts.SpawnRate <= 0 {
		return &usageError{msg: "argument -r/--spawn-rate: must be greater than 0"}
	}
	if opts.UsersSet && opts.Users < 0 {
		return &usageError{msg: "argument -u/--users: must not be negative"}
	}
	if opts.Iterations < 0 {
		return &usageError{msg: "argument -i/--iterations: must not be negative"}
	}
	if opts.WebBasePath != "" && !strings.HasPrefix(opts.WebBasePath, "/") {
		return &usageError{msg: "argument --web-base-path: must start with a /"}
	}
	if (opts.TLSCert == "") != (opts.TLSKey == "") {
		return &usageError{msg: "arguments --tls-cert and --tls-key: give both or neither"}
	}
	for _, a := range []struct{ name, v string }{{"--web-auth", opts.WebAuth}, {"--web-login", opts.WebLogin}} {
		if a.v != "" && !strings.Contains(a.v, ":") {
			return &usageError{msg: "argument " + a.name + ": expected username:password"}
		}
	}
	if _, err := parseLogLevel(opts.LogLevel); err != nil {
		return &usageError{msg: "argument -L/--loglevel: " + err.Error()}
	}
	return nil
}

// flagErrorText turns pflag's messages into argparse-style ones with a
// spelling hint.
func flagErrorText(fset *pflag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: "); ok {
		return "unrecognized arguments: " + name + didYouMean(fset, strings.TrimLeft(name, "-"))
	}
	if rest, ok := strings.CutPrefix(msg, "unknown shorthand flag: "); ok {
		return "unrecognized arguments: " + rest
	}
	// pflag: `invalid argument "abc" for "-u, --users" flag: invalid int value: 'abc'`
	if i := strings.Index(msg, " flag: "); i >= 0 && strings.HasPrefix(msg, "invalid argument") {
		label := msg[:i]
		if j := strings.LastIndex(label, " for \""); j >= 0 {
			label = strings.Trim(label[j+5:], "\"")
			label = strings.ReplaceAll(label, ", ", "/")
		}
		return "argument " + label + ": " + msg[i+7:]
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "argument " + strings.Trim(name, "'") + ": expected one argument"
	}
	return msg
}

func didYouMean(fset *pflag.FlagSet, name string) string {
	best, bestD := "", 4
	fset.VisitAll(func(f *pflag.Flag) {
		if d := levenshtein(name, f.Name); d < bestD {
			best, bestD = f.Name, d
		}
	})
	if best == "" {
		return ""
	}
	return fmt.Sprintf("\nDid you mean '--%s'?", best)
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// locustfilePaths expands -f: a comma-separated list of files, or a
// directory whose *.py files (recursively, skipping names starting with "_")
// are all loaded.
func locustfilePaths(cwd, spec string) ([]string, error) {
	var out []string
	for _, p := range strings.Split(spec, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		fi, err := os.Stat(p)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) && !strings.HasSuffix(p, ".py") {
				if _, err2 := os.Stat(p + ".py"); err2 == nil {
					out = append(out, p+".py")
					continue
				}
			}
			return nil, fmt.Errorf("Could not find '%s'. Ensure your locustfile ends with '.py' or is a directory with locustfiles.", strings.TrimPrefix(p, cwd+string(filepath.Separator)))
		}
		if !fi.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".py") && !strings.HasPrefix(d.Name(), "_") {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("read locustfile directory %s: %w", p, err)
		}
		sort.Strings(found)
		if len(found) == 0 {
			return nil, fmt.Errorf("no locustfiles (*.py) found in directory %s", p)
		}
		out = append(out, found...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no locustfile given")
	}
	return out, nil
}
