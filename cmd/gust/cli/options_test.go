package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gust-load/gust/runtime/clock"
)

// parse runs the root command on args with a capturing run function and
// returns the options it received, the exit code and stderr.
func parse(t *testing.T, dir string, env map[string]string, args ...string) (*Options, int, string) {
	t.Helper()
	var stderr, stdout bytes.Buffer
	st := &State{
		Args: args, Stdout: &stdout, Stderr: &stderr, Cwd: dir, Home: filepath.Join(dir, "home"),
		Getenv:  func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Environ: func() []string { return nil }, Clock: clock.Real{}, Hostname: "test",
	}
	var got *Options
	code := 0
	root := newRootCommand(st, &code, func(_ context.Context, _ *State, o *Options) int { got = o; return 0 })
	root.SetOut(&stdout)
	root.SetErr(&stderr)
	err := setArgs(root, args)
	if err == nil {
		err = root.ExecuteContext(context.Background())
	}
	if err != nil {
		code = exitFor(st, err)
	}
	return got, code, stderr.String()
}

// exitFor maps an error the way Main does.
func exitFor(st *State, err error) int {
	st.Args = nil
	if _, ok := err.(*usageError); ok {
		return ExitUsage
	}
	return ExitError
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestConfigPrecedence reproduces Locust's observed order: ~/.locust.conf <
// ./locust.conf < ./pyproject.toml < --config < LOCUST_* < command line.
func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "home", ".locust.conf"), "users = 2\nspawn-rate = 2\n")
	write(t, filepath.Join(dir, "locust.conf"), "users = 3\nrun-time = 1m\n")
	write(t, filepath.Join(dir, "pyproject.toml"), "[tool.locust]\nusers = 5\ntags = [\"a\", \"b\"]\n")
	write(t, filepath.Join(dir, "extra.conf"), "users = 4\nheadless = true\n")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want int
	}{
		{"files only", nil, nil, 5},
		{"--config beats the default files", nil, []string{"--config", "extra.conf"}, 4},
		{"environment beats files", map[string]string{"LOCUST_USERS": "6"}, []string{"--config", "extra.conf"}, 6},
		{"GUST_ beats LOCUST_", map[string]string{"LOCUST_USERS": "6", "GUST_USERS": "8"}, nil, 8},
		{"command line beats all", map[string]string{"LOCUST_USERS": "6"}, []string{"--config", "extra.conf", "-u", "7"}, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, code, errOut := parse(t, dir, tt.env, tt.args...)
			if code != 0 || o == nil {
				t.Fatalf("code %d: %s", code, errOut)
			}
			if o.Users != tt.want {
				t.Errorf("users = %d, want %d", o.Users, tt.want)
			}
			if o.SpawnRate != 2 || o.RunTime != time.Minute || strings.Join(o.Tags, ",") != "a,b" {
				t.Errorf("spawn rate %v, run time %v, tags %v", o.SpawnRate, o.RunTime, o.Tags)
			}
		})
	}
}

func TestEnvironmentBooleansAndLists(t *testing.T) {
	dir := t.TempDir()
	o, code, errOut := parse(t, dir, map[string]string{
		"LOCUST_HEADLESS": "true", "LOCUST_ONLY_SUMMARY": "0", "LOCUST_TAGS": "[x, y]",
		"LOCUST_EXCLUDE_TAGS": "a b", "LOCUST_USER_CLASSES": "A B",
	})
	if code != 0 {
		t.Fatal(errOut)
	}
	if !o.Headless || o.OnlySummary {
		t.Errorf("headless %v only-summary %v", o.Headless, o.OnlySummary)
	}
	if strings.Join(o.Tags, ",") != "x,y" {
		t.Errorf("tags = %v", o.Tags)
	}
	// Without [..] the whole value is one element, as in Locust.
	if len(o.ExcludeTags) != 1 || o.ExcludeTags[0] != "a b" {
		t.Errorf("exclude tags = %q", o.ExcludeTags)
	}
	if strings.Join(o.UserClasses, ",") != "A,B" {
		t.Errorf("user classes = %v", o.UserClasses)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "bad.conf"), "no-such-option = 1\n")
	// Unknown flags are checked once the locustfile is loaded (it may add
	// options of its own), as Locust does.
	write(t, filepath.Join(dir, "locustfile.py"), "from locust import User, task\n\nclass U(User):\n    @task\n    def t(self):\n        pass\n")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--userz", "3"}, "unrecognized arguments: --userz"},
		{[]string{"-u", "abc"}, "invalid int value: 'abc'"},
		{[]string{"-r", "x"}, "invalid float value: 'x'"},
		{[]string{"-t", "5x"}, "Invalid time span format"},
		{[]string{"--csv-full-history"}, "requires --csv"},
		{[]string{"--config", "bad.conf"}, "unrecognized option \"no-such-option\""},
		{[]string{"--config", "missing.conf"}, "missing.conf"},
		{[]string{"-L", "LOUD"}, "invalid log level"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			var stderr bytes.Buffer
			st := &State{Args: tt.args, Stdout: &bytes.Buffer{}, Stderr: &stderr, Cwd: dir,
				Getenv: func(string) (string, bool) { return "", false }, Clock: clock.Real{}}
			if code := Main(st); code != ExitUsage {
				t.Fatalf("exit code %d, want 2; stderr: %s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q does not contain %q", stderr.String(), tt.want)
			}
		})
	}
}

// TestAbbreviations: like Locust's argparse parser, gust takes a unique
// prefix of a long option for the option and rejects an ambiguous one with
// exit code 2, naming the candidates as argparse does.
func TestAbbreviations(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want func(o *Options) bool
		err  string
	}{
		{[]string{"--headl", "--only-s", "--u", "3"}, func(o *Options) bool { return o.Headless && o.OnlySummary && o.Users == 3 }, ""},
		{[]string{"--run=10s", "--csv", "out", "--csv-f"}, func(o *Options) bool {
			return o.RunTime == 10*time.Second && o.CSVPrefix == "out" && o.CSVFullHistory
		}, ""},
		{[]string{"--exit-code=3", "--", "--headl"}, func(o *Options) bool {
			return o.ExitCodeOnError == 3 && !o.Headless && len(o.UserClasses) == 1 && o.UserClasses[0] == "--headl"
		}, ""},
		{[]string{"--web"}, nil, "ambiguous option: --web could match --web-host, --web-host-display-name, --web-port, --web-base-path, --web-auth, --web-login"},
		{[]string{"--he"}, nil, "ambiguous option: --he could match --headless, --headful, --help"},
		{[]string{"--tls=x"}, nil, "ambiguous option: --tls=x could match --tls-cert, --tls-key"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			if tt.err != "" {
				var stderr bytes.Buffer
				st := &State{Args: tt.args, Stdout: &bytes.Buffer{}, Stderr: &stderr, Cwd: dir,
					Getenv: func(string) (string, bool) { return "", false }, Clock: clock.Real{}}
				if code := Main(st); code != ExitUsage || !strings.Contains(stderr.String(), "gust: error: "+tt.err+"\n") {
					t.Fatalf("exit %d, stderr %q; want 2 and %q", code, stderr.String(), tt.err)
				}
				return
			}
			o, code, stderr := parse(t, dir, nil, tt.args...)
			if code != 0 || o == nil || !tt.want(o) {
				t.Fatalf("exit %d, options %+v, stderr %q", code, o, stderr)
			}
		})
	}
}

func TestDidYouMean(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "locustfile.py"), "from locust import User, task\n\nclass U(User):\n    @task\n    def t(self):\n        pass\n")
	var stderr bytes.Buffer
	st := &State{Args: []string{"--headlss"}, Stdout: &bytes.Buffer{}, Stderr: &stderr, Cwd: dir,
		Getenv: func(string) (string, bool) { return "", false }, Clock: clock.Real{}}
	if code := Main(st); code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(stderr.String(), "Did you mean '--headless'?") {
		t.Errorf("stderr = %q", stderr.String())
	}
}

func TestParseTimespan(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"20": 20 * time.Second, "20s": 20 * time.Second, "3m": 3 * time.Minute, "2h": 2 * time.Hour,
		"1h20m": 80 * time.Minute, "3h30m10s": 3*time.Hour + 30*time.Minute + 10*time.Second, "1h30m": 90 * time.Minute,
	} {
		got, err := ParseTimespan(in)
		if err != nil || got != want {
			t.Errorf("ParseTimespan(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "1.5m", "m", "10x", "1m2h", "-5"} {
		if _, err := ParseTimespan(bad); err == nil {
			t.Errorf("ParseTimespan(%q) accepted", bad)
		}
	}
}

func TestLocustfilePaths(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a.py"), "")
	write(t, filepath.Join(dir, "pkg", "b.py"), "")
	write(t, filepath.Join(dir, "pkg", "_skip.py"), "")
	write(t, filepath.Join(dir, "pkg", "sub", "c.py"), "")
	got, err := locustfilePaths(dir, "a.py,pkg")
	if err != nil {
		t.Fatal(err)
	}
	var rel []string
	for _, p := range got {
		r, _ := filepath.Rel(dir, p)
		rel = append(rel, r)
	}
	if strings.Join(rel, " ") != "a.py pkg/b.py pkg/sub/c.py" {
		t.Errorf("paths = %v", rel)
	}
	if _, err := locustfilePaths(dir, "missing.py"); err == nil || !strings.Contains(err.Error(), "Could not find 'missing.py'") {
		t.Errorf("missing file error = %v", err)
	}
	// Locust 2.12 appended .py to a bare name.
	if got, err := locustfilePaths(dir, "a"); err != nil || len(got) != 1 {
		t.Errorf("bare name: %v %v", got, err)
	}
}
