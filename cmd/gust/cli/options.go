package cli

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"go.starlark.net/starlark"
)

// Options are the parsed command-line options, named as Locust names them.
type Options struct {
	Locustfile      string
	Config          string
	Host            string
	Users           int
	UsersSet        bool
	SpawnRate       float64
	SpawnRateSet    bool
	RunTime         time.Duration
	Iterations      int
	Headless        bool
	Autostart       bool
	Autoquit        int
	StopTimeout     time.Duration
	CSVPrefix       string
	CSVFullHistory  bool
	PrintStats      bool
	OnlySummary     bool
	ResetStats      bool
	ExitCodeOnError int
	Tags            []string
	ExcludeTags     []string
	List            bool
	ShowTaskRatio   bool
	ShowTaskRatioJS bool
	LogLevel        string
	LogFile         string
	Version         bool
	UserClasses     []string
	CPUProfile      string
	MemProfile      string
	HTML            string
	JSON            bool
	JSONFile        string
	SkipLogSetup    bool
	EqualWeights    bool
	Headful         bool
	WebDisplayName  string
	ConfigUsers     []string
	Profile         string
	WebHost         string
	WebPort         int
	WebBasePath     string
	WebAuth         string
	WebLogin        string
	TLSCert         string
	TLSKey          string
	ClassPicker     bool

	// configExtra are config-file and environment settings that are no
	// built-in option: the locustfile's custom options, or mistakes.
	configExtra []setting
	// Custom are the values of the locustfile's own options, by dest.
	Custom map[string]starlark.Value
}

// flagSpec describes one option: its names, environment variable and how it
// is parsed. The table is the single source for flags, config-file keys and
// environment variables, so the three can never disagree.
type flagSpec struct {
	name, short string
	env         string // "" = no environment variable; "-" = derived LOCUST_<NAME>
	usage       string
	bind        func(fs *pflag.FlagSet, o *Options, s *flagSpec)
	noConfig    bool // not accepted in config files or the environment
}

func (s *flagSpec) envName() string {
	switch s.env {
	case "":
		return ""
	case "-":
		return "LOCUST_" + strings.ToUpper(strings.ReplaceAll(s.name, "-", "_"))
	}
	return s.env
}

func str(p func(*Options) *string, def string) func(*pflag.FlagSet, *Options, *flagSpec) {
	return func(fs *pflag.FlagSet, o *Options, s *flagSpec) {
		fs.StringVarP(p(o), s.name, s.short, def, s.usage)
	}
}

func boolean(p func(*Options) *bool) func(*pflag.FlagSet, *Options, *flagSpec) {
	return func(fs *pflag.FlagSet, o *Options, s *flagSpec) {
		fs.BoolVarP(p(o), s.name, s.short, false, s.usage)
	}
}

func integer(p func(*Options) *int, def int) func(*pflag.FlagSet, *Options, *flagSpec) {
	return func(fs *pflag.FlagSet, o *Options, s *flagSpec) {
		fs.VarP(&intValue{p: p(o), def: def, set: func() {}}, s.name, s.short, s.usage)
		*p(o) = def
	}
}

func list(p func(*Options) *[]string) func(*pflag.FlagSet, *Options, *flagSpec) {
	return func(fs *pflag.FlagSet, o *Options, s *flagSpec) {
		fs.VarP(&listValue{p: p(o)}, s.name, s.short, s.usage)
	}
}

func span(p func(*Options) *time.Duration) func(*pflag.FlagSet, *Options, *flagSpec) {
	return func(fs *pflag.FlagSet, o *Options, s *flagSpec) {
		fs.VarP(&spanValue{p: p(o)}, s.name, s.short, s.usage)
	}
}

// specs lists every option gust accepts, in help order.
var specs = []*flagSpec{
	{name: "locustfile", short: "f", env: "-", usage: "Python file(s) to import (comma-separated), or a directory of them", bind: str(func(o *Options) *string { return &o.Locustfile }, "locustfile.py")},
	{name: "config", env: "", usage: "Config file path", bind: str(func(o *Options) *string { return &o.Config }, ""), noConfig: true},
	{name: "host", short: "H", env: "-", usage: "Host to load test, e.g. http://10.21.32.33", bind: str(func(o *Options) *string { return &o.Host }, "")},
	{name: "users", short: "u", env: "-", usage: "Peak number of concurrent users", bind: func(fs *pflag.FlagSet, o *Options, s *flagSpec) {
		fs.VarP(&intValue{p: &o.Users, set: func() { o.UsersSet = true }}, s.name, s.short, s.usage)
	}},
	{name: "spawn-rate", short: "r", env: "-", usage: "Rate to spawn users at (users per second)", bind: func(fs *pflag.FlagSet, o *Options, s *flagSpec) {
		fs.VarP(&floatValue{p: &o.SpawnRate, set: func() { o.SpawnRateSet = true }}, s.name, s.short, s.usage)
	}},
	{name: "run-time", short: "t", env: "-", usage: "Stop after the given time, e.g. 300s, 20m, 3h, 1h30m", bind: span(func(o *Options) *time.Duration { return &o.RunTime })},
	{name: "iterations", short: "i", env: "-", usage: "Stop after this many task iterations in total", bind: integer(func(o *Options) *int { return &o.Iterations }, 0)},
	{name: "headless", env: "-", usage: "Disable the web interface and start the test immediately", bind: boolean(func(o *Options) *bool { return &o.Headless })},
	{name: "autostart", env: "-", usage: "Start the test immediately (like --headless, but keep the web UI)", bind: boolean(func(o *Options) *bool { return &o.Autostart })},
	{name: "autoquit", env: "-", usage: "Quit N seconds after the run ends (with --autostart)", bind: integer(func(o *Options) *int { return &o.Autoquit }, -1)},
	{name: "stop-timeout", short: "s", env: "-", usage: "How long users may finish their current task when stopping, e.g. 10s", bind: span(func(o *Options) *time.Duration { return &o.StopTimeout })},
	{name: "csv", env: "LOCUST_CSV", usage: "Store request stats to files in CSV format under this prefix", bind: str(func(o *Options) *string { return &o.CSVPrefix }, "")},
	{name: "csv-full-history", env: "-", usage: "Store each stats entry in the _stats_history.csv file (needs --csv)", bind: boolean(func(o *Options) *bool { return &o.CSVFullHistory })},
	{name: "print-stats", env: "-", usage: "Print the stats table in the console also in UI mode", bind: boolean(func(o *Options) *bool { return &o.PrintStats })},
	{name: "only-summary", env: "-", usage: "Only print the summary stats", bind: boolean(func(o *Options) *bool { return &o.OnlySummary })},
	{name: "reset-stats", env: "-", usage: "Reset statistics once spawning has been completed", bind: boolean(func(o *Options) *bool { return &o.ResetStats })},
	{name: "exit-code-on-error", env: "-", usage: "Process exit code to use when a test result contains any failure or error", bind: integer(func(o *Options) *int { return &o.ExitCodeOnError }, 1)},
	{name: "tags", short: "T", env: "-", usage: "Only run tasks tagged with any of these tags", bind: list(func(o *Options) *[]string { return &o.Tags })},
	{name: "exclude-tags", short: "E", env: "-", usage: "Exclude tasks tagged with any of these tags", bind: list(func(o *Options) *[]string { return &o.ExcludeTags })},
	{name: "list", short: "l", env: "", usage: "Show the list of available User classes and exit", bind: boolean(func(o *Options) *bool { return &o.List }), noConfig: true},
	{name: "show-task-ratio", env: "", usage: "Print a table of the User classes' task execution ratio", bind: boolean(func(o *Options) *bool { return &o.ShowTaskRatio }), noConfig: true},
	{name: "show-task-ratio-json", env: "", usage: "Print a JSON data of the User classes' task execution ratio", bind: boolean(func(o *Options) *bool { return &o.ShowTaskRatioJS }), noConfig: true},
	{name: "loglevel", short: "L", env: "-", usage: "Choose between DEBUG/INFO/WARNING/ERROR/CRITICAL", bind: str(func(o *Options) *string { return &o.LogLevel }, "INFO")},
	{name: "logfile", env: "-", usage: "Path to log file; if not set, log goes to stderr", bind: str(func(o *Options) *string { return &o.LogFile }, "")},
	{name: "version", short: "V", env: "", usage: "Show the program's version number and exit", bind: boolean(func(o *Options) *bool { return &o.Version }), noConfig: true},
	{name: "html", env: "-", usage: "Store an HTML report at this file path when the run ends ({u}, {r}, {t} are replaced by users, spawn rate and run time)", bind: str(func(o *Options) *string { return &o.HTML }, "")},
	{name: "json", env: "", usage: "Print the final stats in JSON format to stdout (with --skip-log-setup, the JSON is all that is printed)", bind: boolean(func(o *Options) *bool { return &o.JSON })},
	{name: "json-file", env: "", usage: "Write the final stats in JSON format to this file path (.json is appended); the summary tables are then not printed", bind: str(func(o *Options) *string { return &o.JSONFile }, "")},
	{name: "skip-log-setup", env: "-", usage: "Leave logging unconfigured, as Python leaves it: only warnings and errors, as bare messages, and no statistics tables", bind: boolean(func(o *Options) *bool { return &o.SkipLogSetup })},
	{name: "config-users", env: "-", usage: "Set attributes of user classes: a JSON object (or array of them) with user_class_name, or a .json file; repeat for more", bind: func(fs *pflag.FlagSet, o *Options, s *flagSpec) {
		fs.VarP(&stringsValue{p: &o.ConfigUsers}, s.name, s.short, s.usage)
	}},
	{name: "profile", env: "", usage: "A label for the test run, shown in the web UI and the HTML report", bind: str(func(o *Options) *string { return &o.Profile }, "")},
	{name: "equal-weights", env: "", usage: "Give every user class weight 1 and every task, those of nested TaskSets included, the same probability", bind: boolean(func(o *Options) *bool { return &o.EqualWeights })},
	{name: "web-host", env: "-", usage: "Host to bind the web interface to (default: all interfaces)", bind: str(func(o *Options) *string { return &o.WebHost }, "")},
	{name: "web-host-display-name", env: "-", usage: "The address to show in the 'Starting web interface at' line when --web-host is not set", bind: str(func(o *Options) *string { return &o.WebDisplayName }, "")},
	{name: "headful", env: "-", usage: "Cancel a headless setting from a config file or the environment", bind: boolean(func(o *Options) *bool { return &o.Headful })},
	{name: "web-port", short: "P", env: "-", usage: "Port on which to run the web interface", bind: integer(func(o *Options) *int { return &o.WebPort }, 8089)},
	{name: "web-base-path", env: "-", usage: "Base path for the web interface (must start with /)", bind: str(func(o *Options) *string { return &o.WebBasePath }, "")},
	{name: "web-auth", env: "-", usage: "Protect the web interface with HTTP basic auth: username:password", bind: str(func(o *Options) *string { return &o.WebAuth }, "")},
	{name: "web-login", env: "-", usage: "Require a login for the web interface: username:password (gust uses HTTP basic auth)", bind: str(func(o *Options) *string { return &o.WebLogin }, "")},
	{name: "tls-cert", env: "-", usage: "TLS certificate (PEM) to serve the web interface over HTTPS", bind: str(func(o *Options) *string { return &o.TLSCert }, "")},
	{name: "tls-key", env: "-", usage: "TLS private key (PEM) to serve the web interface over HTTPS", bind: str(func(o *Options) *string { return &o.TLSKey }, "")},
	{name: "class-picker", env: "LOCUST_USERCLASS_PICKER", usage: "Choose user classes, shapes and tags in the web interface", bind: boolean(func(o *Options) *bool { return &o.ClassPicker })},
	{name: "cpuprofile", env: "GUST_CPUPROFILE", usage: "Write a Go CPU profile of the run to this file", bind: str(func(o *Options) *string { return &o.CPUProfile }, "")},
	{name: "memprofile", env: "GUST_MEMPROFILE", usage: "Write a Go heap profile at the end of the run to this file", bind: str(func(o *Options) *string { return &o.MemProfile }, "")},
}

// specByName indexes specs by long name.
func specByName(name string) *flagSpec {
	for _, s := range specs {
		if s.name == name {
			return s
		}
	}
	return nil
}

// Flags registers every option on a new flag set bound to o.
func (o *Options) Flags() *pflag.FlagSet {
	fs := pflag.NewFlagSet("gust", pflag.ContinueOnError)
	fs.SortFlags = false
	for _, s := range specs {
		s.bind(fs, o, s)
	}
	return fs
}

// intValue is an int flag with argparse-style errors.
type intValue struct {
	p   *int
	def int
	set func()
}

func (v *intValue) String() string { return strconv.Itoa(*v.p) }
func (v *intValue) Type() string   { return "int" }
func (v *intValue) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("invalid int value: '%s'", s)
	}
	*v.p = n
	v.set()
	return nil
}

// floatValue is a float flag with argparse-style errors.
type floatValue struct {
	p   *float64
	set func()
}

func (v *floatValue) String() string { return strconv.FormatFloat(*v.p, 'g', -1, 64) }
func (v *floatValue) Type() string   { return "float" }
func (v *floatValue) Set(s string) error {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return fmt.Errorf("invalid float value: '%s'", s)
	}
	*v.p = f
	v.set()
	return nil
}

// listValue accepts "a,b" or repeated flags, as Locust's tag options do.
type listValue struct {
	p   *[]string
	set bool
}

func (v *listValue) String() string { return strings.Join(*v.p, ",") }
func (v *listValue) Type() string   { return "list" }
func (v *listValue) Set(s string) error {
	if !v.set {
		*v.p = nil
		v.set = true
	}
	for _, part := range splitList(s) {
		*v.p = append(*v.p, part)
	}
	return nil
}

// splitList splits "a, b", "[a, b]" or "a b" lists as Locust's config and
// environment sources write them.
func splitList(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "[")
	s = strings.TrimSuffix(s, "]")
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		part = strings.Trim(part, `"'`)
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// spanValue parses Locust's time spans.
type spanValue struct{ p *time.Duration }

func (v *spanValue) String() string {
	if *v.p == 0 {
		return ""
	}
	return v.p.String()
}
func (v *spanValue) Type() string { return "timespan" }
func (v *spanValue) Set(s string) error {
	d, err := ParseTimespan(s)
	if err != nil {
		return err
	}
	*v.p = d
	return nil
}

var timespanRE = regexp.MustCompile(`^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$`)

// ParseTimespan parses Locust's time span forms: "20" (seconds), "20s",
// "3m", "2h", "1h20m", "3h30m10s".
func ParseTimespan(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("Invalid time span format. Valid formats: 20, 20s, 3m, 2h, 1h20m, 3h30m10s, etc.")
	if s == "" {
		return 0, bad
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < 0 {
			return 0, bad
		}
		return time.Duration(n) * time.Second, nil
	}
	m := timespanRE.FindStringSubmatch(s)
	if m == nil {
		return 0, bad
	}
	var d time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
		if m[i+1] != "" {
			n, _ := strconv.Atoi(m[i+1])
			d += time.Duration(n) * unit
		}
	}
	return d, nil
}
