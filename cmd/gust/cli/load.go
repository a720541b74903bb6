package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/locust"
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/stdlib"
	"github.com/gust-load/gust/starlib/pyfront"
	"github.com/gust-load/gust/starlib/pyrt"
)

// loaded is the program built from the locustfiles.
type loaded struct {
	rt    *locust.Runtime
	file  *locust.Locustfile
	progs []*pyfront.Program
	paths []string
	env   *modules.Env
}

// classNames lists the runnable user classes, sorted as Locust's UI lists
// them.
func (l *loaded) classNames() []string {
	var out []string
	for _, c := range l.file.Classes {
		out = append(out, c.Name)
	}
	return out
}

// needsHost reports whether a chosen class needs a host and has none.
func (l *loaded) needsHost(classes []*user.Class) bool { return l.hostError(classes) != "" }

func (l *loaded) hostError(classes []*user.Class) string {
	for _, c := range classes {
		sc := l.file.Script[c.Name]
		if sc == nil || c.Host != "" {
			continue
		}
		if locust.NeedsHost(sc) {
			return fmt.Sprintf("You must specify the base host. Either in the host attribute in the User class (%s), or on the command line using the --host option.", c.Name)
		}
	}
	return ""
}

// wrapError turns a script error into the Python view (message and
// traceback with locustfile lines).
func (l *loaded) wrapError(err error) error {
	var se *pyrt.ScriptError
	if errors.As(err, &se) {
		return err
	}
	var best *pyrt.ScriptError
	for _, p := range l.progs {
		t := p.Traced(err)
		if best == nil || len(t.Frames) > len(best.Frames) {
			best = t
		}
	}
	if best == nil {
		return err
	}
	return best
}

// load reads the locustfiles and builds the program. On failure it prints
// what went wrong and returns a nil program with the exit code.
func (s *session) load() (*loaded, int) {
	paths, err := locustfilePaths(s.st.Cwd, s.opts.Locustfile)
	if err != nil {
		fmt.Fprintln(s.st.Stderr, err)
		return nil, ExitUsage
	}
	l := &loaded{paths: paths}
	l.rt = locust.NewRuntime(locust.Config{
		Logger:    s.log,
		Stdout:    s.st.Stdout,
		Clock:     s.st.Clock,
		Recorder:  func() locust.Recorder { return s.stats.Recorder() },
		WrapError: l.wrapError,
	})
	var globals []starlark.StringDict
	for i, p := range paths {
		env := &modules.Env{
			Dir:     filepath.Dir(p),
			File:    p,
			Getenv:  s.st.Getenv,
			Environ: s.st.Environ,
			Stdout:  s.st.Stdout,
			Stderr:  s.st.Stderr,
			Logger:  s.log,
			Now:     s.st.Clock.Now,
		}
		reg := stdlib.Standard()
		l.rt.Register(reg)
		name := strings.TrimSuffix(filepath.Base(p), ".py")
		if i == 0 && len(paths) == 1 {
			name = "locustfile"
		}
		prog, err := pyfront.Load(pyfront.Options{
			Filename:   p,
			Registry:   reg,
			Env:        env,
			ModuleName: name,
			InitThread: l.rt.SetupThread,
		})
		if err != nil {
			s.printLoadError(err)
			return nil, ExitUsage
		}
		l.progs = append(l.progs, prog)
		l.env = env
		globals = append(globals, prog.Globals)
	}
	lf, err := l.rt.Collect(globals, s.opts.Host)
	if err != nil {
		fmt.Fprintf(s.st.Stderr, "gust: error: %v\n", err)
		return nil, ExitUsage
	}
	l.file = lf
	return l, ExitOK
}

// printLoadError shows load errors as a compiler does: file:line:col, the
// source line with a caret, and what to do instead.
func (s *session) printLoadError(err error) {
	fmt.Fprint(s.st.Stderr, describeLoadError(err))
	fmt.Fprintln(s.st.Stderr, "gust: the locustfile could not be loaded; nothing was started")
}

// describeLoadError renders load errors with their source lines and hints.
func describeLoadError(err error) string {
	var list pyfront.ErrorList
	var one *pyfront.LoadError
	var b strings.Builder
	switch {
	case errors.As(err, &list):
		for _, e := range list {
			b.WriteString(e.Detail())
		}
	case errors.As(err, &one):
		b.WriteString(one.Detail())
	default:
		b.WriteString(err.Error())
		b.WriteByte('\n')
	}
	return b.String()
}
