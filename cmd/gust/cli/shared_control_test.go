package cli

// More end-to-end tests of ../shared/locustfiles (see
// shared_locustfiles_test.go): task sets, control-flow exceptions, tags,
// modules beside the locustfile, FastHttpUser, and the porting tools
// (check, --list, --show-task-ratio) on the whole folder.

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gust-load/gust/runtime/clock"
)

// TestSharedNestedTaskSets: in nested_tasksets.py a Visitor enters Forum
// twice as often as it goes home; in Forum, ThreadPage:list:stop = 3:6:1;
// in ThreadPage, read:leave = 5:1. So each ThreadPage visit reads 5 threads
// on average, /forum/thread/1 : /forum = 1.5 : 0.6 = 2.5, and each Forum
// visit (10 picks until stop) lists the forum 6 times against one home
// visit per two Forum visits: / : /forum = 1 : 12.
func TestSharedNestedTaskSets(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "nested_tasksets.py")
	r := runGust(t, dir, clock.NewScaled(100), "-f", "nested_tasksets.py", "--host", tg.URL, "--headless",
		"-u", "10", "-r", "1000", "-t", "200s", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	home, forum, reads := tg.count("GET /"), tg.count("GET /forum"), tg.count("GET /forum/thread/1")
	n := home + forum + reads
	if n < 1000 || forum == 0 {
		t.Fatalf("only %d requests (/ %d, /forum %d, threads %d)", n, home, forum, reads)
	}
	// Standard deviations of the two ratios measured by simulating the
	// task tree at 2000 requests (0.25 and 0.0175); they shrink as 1/sqrt(n).
	scale := math.Sqrt(2000 / float64(n))
	ratio := func(what string, got, want, sd float64) {
		if math.Abs(got-want) > 5*sd*scale {
			t.Errorf("%s = %.3f, want %.3f ± %.3f (/ %d, /forum %d, threads %d)", what, got, want, 5*sd*scale, home, forum, reads)
		}
	}
	ratio("threads read per forum listing", float64(reads)/float64(forum), 2.5, 0.25)
	ratio("home visits per forum listing", float64(home)/float64(forum), 1.0/12, 0.0175)
}

// TestSharedSplitModules: split_modules.py logs in once per user through
// common/auth.py and then calls GET /api/me with the bearer token it set.
func TestSharedSplitModules(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "split_modules.py", "common")
	r := runGust(t, dir, clock.NewScaled(50), "-f", "split_modules.py", "--host", tg.URL, "--headless",
		"-u", "5", "-r", "100", "-t", "30s", "--csv", "out/run", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d (a 401 from /api/me would mean the token was not set)\n%s", r.code, r.stderr)
	}
	if n := tg.count("POST /api/auth/login"); n != 5 {
		t.Errorf("%d logins, want one per user (5)", n)
	}
	me := tg.all("GET /api/me")
	if len(me) < 50 {
		t.Fatalf("only %d calls to /api/me", len(me))
	}
	for _, s := range me {
		if s.status != 200 || !strings.HasPrefix(s.header.Get("Authorization"), "Bearer ") {
			t.Fatalf("GET /api/me answered %d with Authorization %q", s.status, s.header.Get("Authorization"))
		}
	}
	if _, ok := statsRows(t, dir, "out/run")["POST login"]; !ok {
		t.Error("the helper's name=\"login\" is not in the stats")
	}
}

// TestSharedStopAndReschedule: stop_and_reschedule.py's users call /flaky
// until their counter reaches 3 and an answer is not a 500 (a 500 raises
// RescheduleTask), then StopUser; on_stop calls /bye once per user. Neither
// exception is counted in the exceptions table.
func TestSharedStopAndReschedule(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "stop_and_reschedule.py")
	const users = 20
	r := runGust(t, dir, clock.NewScaled(100), "-f", "stop_and_reschedule.py", "--host", tg.URL, "--headless",
		"-u", "20", "-r", "1000", "-t", "60s", "--csv", "out/run", "--only-summary")
	flaky := tg.all("GET /flaky")
	var ok, failed int64
	for _, s := range flaky {
		if s.status >= 500 {
			failed++
		} else {
			ok++
		}
	}
	wantCode := 0
	if failed > 0 {
		wantCode = 1 // the 500s are failed requests
	}
	if r.code != wantCode {
		t.Fatalf("exit %d, want %d (%d failed requests)\n%s", r.code, wantCode, failed, r.stderr)
	}
	if n := tg.count("GET /bye"); n != users {
		t.Errorf("/bye called %d times, want once per user (%d): on_stop runs after StopUser", n, users)
	}
	// Each user stops at its first good answer from the third call on, so
	// it makes at least 3 calls and at most 3 good ones.
	if int64(len(flaky)) < 3*users || ok < users || ok > 3*users || failed == 0 {
		t.Errorf("/flaky: %d calls, %d good, %d failed for %d users", len(flaky), ok, failed, users)
	}
	if rows := readCSV(t, filepath.Join(dir, "out", "run_exceptions.csv")); len(rows) != 1 {
		t.Errorf("StopUser/RescheduleTask counted as exceptions: %v", rows)
	}
	fails := statsRows(t, dir, "out/run")["GET /flaky"]
	if fails == nil || atoi(t, fails[3]) != failed {
		t.Errorf("stats row %q, want %d failures", fails, failed)
	}
}

// TestSharedTagsAndNames: with --tags browse only the browse tasks run
// (/products/[id] : /category/[c] = 5:2); with --exclude-tags slow every
// task but slow runs (5:2:1 with the untagged one).
func TestSharedTagsAndNames(t *testing.T) {
	for _, tt := range []struct {
		name  string
		args  []string
		share map[string]float64
	}{
		{"tags browse", []string{"--tags", "browse"}, map[string]float64{"/products/[id]": 5.0 / 7, "/category/[c]": 2.0 / 7}},
		{"exclude slow", []string{"--exclude-tags", "slow"}, map[string]float64{"/products/[id]": 5.0 / 8, "/category/[c]": 2.0 / 8, "/?ref=home": 1.0 / 8}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tg := newRecTarget(t, nil)
			dir := copyShared(t, "tags_and_names.py")
			args := append([]string{"-f", "tags_and_names.py", "--host", tg.URL, "--headless",
				"-u", "5", "-r", "100", "-t", "60s", "--csv", "out/run", "--only-summary"}, tt.args...)
			r := runGust(t, dir, clock.NewScaled(50), args...)
			if r.code != 0 {
				t.Fatalf("exit %d\n%s", r.code, r.stderr)
			}
			if n := tg.count("GET /slow"); n != 0 {
				t.Errorf("the slow task ran %d times", n)
			}
			rows := statsRows(t, dir, "out/run")
			var n int64
			for name := range tt.share {
				if rows["GET "+name] == nil {
					t.Fatalf("no stats row for %s: %v", name, rows)
				}
				n += atoi(t, rows["GET "+name][2])
			}
			if len(rows) != len(tt.share)+1 {
				t.Errorf("stats rows %v, want only %v and Aggregated", rows, tt.share)
			}
			if n < 200 {
				t.Fatalf("only %d requests", n)
			}
			for name, p := range tt.share {
				within(t, name, atoi(t, rows["GET "+name][2]), n, p)
			}
			for _, s := range tg.all("") {
				if s.path == "/" && s.query != "ref=home" {
					t.Errorf("GET / with query %q, want ref=home from params=", s.query)
				}
			}
		})
	}
}

// TestSharedThroughputAndFast: throughput_and_fast.py's FastHttpUsers run
// constant_throughput(2): two tasks per user per second of the (scaled)
// clock whatever the response time, with the same client calls as
// HttpUser (json=, headers=).
func TestSharedThroughputAndFast(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "throughput_and_fast.py")
	const users, seconds = 5, 60
	r := runGust(t, dir, clock.NewScaled(20), "-f", "throughput_and_fast.py", "--host", tg.URL, "--headless",
		"-u", "5", "-r", "1000", "-t", "60s", "--only-summary")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	index, echo := tg.count("GET /"), tg.count("POST /echo")
	n := index + echo
	// 2 tasks/s for each user; the first task starts at once, the last
	// may be cut by the end of the run.
	if want := int64(2 * users * seconds); n < want*85/100 || n > want+users {
		t.Errorf("%d tasks in %d s with %d users, want about %d (2 per user per second)", n, seconds, users, want)
	}
	within(t, "POST /echo share", echo, n, 0.5)
	for _, s := range tg.all("POST /echo") {
		var body map[string]int
		if json.Unmarshal(s.body, &body) != nil || body["n"] != 1 || s.header.Get("X-Test") != "1" ||
			s.header.Get("Content-Type") != "application/json" || s.status != 200 {
			t.Fatalf("POST /echo sent %q with headers %v, answered %d", s.body, s.header, s.status)
		}
	}
}

// TestSharedUnsupportedImport: unsupported_import.py is refused before any
// load with a message naming numpy, line 4, and what to use instead.
func TestSharedUnsupportedImport(t *testing.T) {
	tg := newRecTarget(t, nil)
	dir := copyShared(t, "unsupported_import.py")
	r := runGust(t, dir, clock.Real{}, "-f", "unsupported_import.py", "--host", tg.URL, "--headless", "-t", "5s")
	if r.code != ExitUsage {
		t.Fatalf("exit %d, want 2\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"unsupported_import.py:4:8: module 'numpy' is not available in gust",
		"    import numpy\n           ^", "hint: ", "random"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "Starting gust") || len(tg.all("")) != 0 {
		t.Error("a load started despite the unsupported import")
	}
}

// TestSharedPortingTools runs gust check on the whole folder (exactly the
// two bad files fail, each with its line), and --list and
// --show-task-ratio on every good locustfile.
func TestSharedPortingTools(t *testing.T) {
	src := sharedLocustfiles(t)
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	dir := copyShared(t, names...)
	r := runGust(t, dir, clock.Real{}, "check", ".")
	if r.code != ExitUsage {
		t.Fatalf("check: exit %d, want 2\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"broken_syntax.py:8:20: expected ':'", "unsupported_import.py:4:8: module 'numpy'"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("check: stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if !strings.Contains(r.stderr, "2 of ") {
		t.Errorf("check: want exactly two files with problems:\n%s", r.stderr)
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".py") || name == "broken_syntax.py" || name == "unsupported_import.py" || name == "check_thresholds.py" {
			continue
		}
		if !strings.Contains(r.stdout, name+": ok") {
			t.Errorf("check: %s not ok:\n%s", name, r.stdout)
		}
		t.Run(name, func(t *testing.T) {
			r := runGust(t, dir, clock.Real{}, "-f", name, "--list")
			if r.code != 0 || !strings.HasPrefix(r.stdout, "Available Users:\n    ") {
				t.Errorf("--list: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
			r = runGust(t, dir, clock.Real{}, "-f", name, "--show-task-ratio")
			if r.code != 0 || !strings.Contains(r.stdout, "ratio") {
				t.Errorf("--show-task-ratio: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}
