package web

import (
	"time"

	"github.com/gust-load/gust/runtime/history"
	"github.com/gust-load/gust/runtime/runner"
	"github.com/gust-load/gust/runtime/stats"
	"github.com/gust-load/gust/runtime/user"
)

// Backend is the run as the web server sees it. The CLI implements it over
// the runner, the statistics, the chart history and the loaded locustfile;
// the server never touches those directly, so it does not depend on the
// script language. Every method may be called from any goroutine, but never
// from inside a runner hook (Start and Stop block on the runner).
type Backend interface {
	// Start starts a test from the ready or stopped state — clearing the
	// statistics and the chart history, as Locust's clear_all — or, while
	// one runs, re-targets it to the new user count and spawn rate.
	Start(req SwarmRequest) error
	// Stop stops the running test (Locust's runner.stop) and returns when
	// every user has stopped.
	Stop() error
	// ResetStats is the web UI's reset: statistics (entries are kept as
	// zero rows), failures, exceptions and the chart history are cleared,
	// as Locust's reset_stats route does.
	ResetStats()
	// Snapshot returns the statistics now.
	Snapshot() *stats.Snapshot
	// State is the runner state.
	State() runner.State
	// UserCount is the number of running users.
	UserCount() int
	// TaskRatios returns Locust's task ratio trees per class and in total
	// (user.TaskRatios), by the users running — or, once the test has
	// stopped, by the users it last ran, as Locust's report does.
	TaskRatios() (perClass, total user.RatioList)
	// Logs returns the last log lines, oldest first (Locust keeps 500).
	Logs() []string
	// History returns the chart history of the current test.
	History() []history.Point
}

// SwarmRequest is a POST /swarm, validated.
type SwarmRequest struct {
	// Users and SpawnRate are the target user count and the users started
	// (or stopped) per second. Both are zero for a shape-driven test.
	Users     int
	SpawnRate float64
	// Shape is true when the locustfile's load shape drives the test
	// (Locust's runner.start_shape): Users and SpawnRate do not apply.
	Shape bool
	// Host is the target host for every user, overriding the classes' own
	// host attribute; "" lets each class use its own. It is the host the
	// form gave, or the current one when the form had none.
	Host string
	// RunTime, when positive, is how long the test runs. The server
	// itself stops the test when it is up (Locust's web run_time stops,
	// never quits); it is passed on for information.
	RunTime time.Duration
	// UserClasses are the classes chosen in the class picker, in name
	// order; nil means every class.
	UserClasses []string
	// Tags are the tags from the form (comma-separated there), or nil when
	// the form had none, which leaves the current selection unchanged.
	Tags []string
	// Profile is the form's profile label ("" clears it), or nil when the
	// form had none.
	Profile *string
	// Options are the custom parameters the form gave (Options.ExtraOptions
	// by name; a field may repeat), for environment.parsed_options.
	Options map[string][]string
}

// ExtraOption is one of the locustfile's own command-line options (added
// in init_command_line_parser) as the start form shows it: Locust's
// "Custom parameters".
type ExtraOption struct {
	// Name is the parsed_options attribute, which is also the form field.
	Name string
	// Default is the current value: a bool (a checkbox), an int64, a
	// float64, a string, a []string, or nil.
	Default any
	// Choices, when set, are the allowed values (a select box).
	Choices []string
	// HelpText is the option's help= text, the field's label.
	HelpText string
	// IsSecret masks the input; IsRequired makes it a required field.
	IsSecret, IsRequired bool
}
