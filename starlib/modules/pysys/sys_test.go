package pysys

import (
	"bytes"
	"errors"
	"runtime"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func TestSys(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := modtest.TestEnv(t.TempDir())
	env.Stdout, env.Stderr = &stdout, &stderr
	spec := modtest.Spec{Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
		m, err := Module(env)
		return starlark.StringDict{"sys": m}, err
	}}
	out, err := modtest.Run(env, spec, `
n = sys.stdout.write("héllo\n")
sys.stderr.write("warn\n")
sys.stdout.flush()
p(n, sys.argv[0].endswith("locustfile.py"), sys.version_info[0], sys.version_info.major, sys.maxsize, sys.platform)
sys.exit(3)
`)
	if err != nil {
		t.Fatal(err)
	}
	if stdout.String() != "héllo\n" || stderr.String() != "warn\n" {
		t.Fatalf("stdout %q stderr %q", stdout.String(), stderr.String())
	}
	if want := "6 True 3 3 9223372036854775807 " + runtime.GOOS + "\nSystemExit: 3\n"; out != want {
		t.Fatalf("got %q want %q", out, want)
	}
	// The raised error is a SystemExit the engine can recognise.
	m, _ := Module(env)
	exit := m.(*modules.Module).Members["exit"]
	_, err = starlark.Call(&starlark.Thread{}, exit, starlark.Tuple{starlark.MakeInt(2)}, nil)
	var pe *pyrt.Error
	if !errors.As(err, &pe) || pe.Class() != pyrt.SystemExit {
		t.Fatalf("got %v", err)
	}
}
