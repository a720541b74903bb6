package cli

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gust-load/gust/starlib/locust"
	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/stdlib"
	"github.com/gust-load/gust/starlib/pyfront"
)

// newCheckCommand is `gust check FILE|DIR...`: load locustfiles without
// running them and report every problem at once, so a directory of
// locustfiles can be checked in CI.
func newCheckCommand(st *State, code *int) *cobra.Command {
	return &cobra.Command{
		Use:   "check FILE|DIR ...",
		Short: "Check locustfiles without running them: syntax, unsupported constructs and modules, undefined names",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			var files []string
			for _, a := range args {
				paths, err := locustfilePaths(st.Cwd, a)
				if err != nil {
					return &usageError{msg: err.Error()}
				}
				files = append(files, paths...)
			}
			bad := 0
			for _, f := range files {
				if err := checkFile(st, f); err != nil {
					bad++
					fmt.Fprint(st.Stderr, describeLoadError(err))
					continue
				}
				fmt.Fprintf(st.Stdout, "%s: ok\n", relPath(st.Cwd, f))
			}
			if bad > 0 {
				fmt.Fprintf(st.Stderr, "%d of %d locustfiles have problems\n", bad, len(files))
				*code = ExitUsage
				return nil
			}
			fmt.Fprintf(st.Stdout, "%d locustfiles ok\n", len(files))
			*code = ExitOK
			return nil
		},
	}
}

func checkFile(st *State, path string) error {
	rt := locust.NewRuntime(locust.Config{})
	reg := stdlib.Standard()
	rt.Register(reg)
	env := &modules.Env{Dir: filepath.Dir(path), File: path, Getenv: st.Getenv, Environ: st.Environ}
	return pyfront.Check(pyfront.Options{Filename: path, Registry: reg, Env: env})
}

func relPath(cwd, p string) string {
	if r, err := filepath.Rel(cwd, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}
