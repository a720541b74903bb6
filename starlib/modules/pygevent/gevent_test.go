package pygevent

import (
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func TestGevent(t *testing.T) {
	spec := modtest.Spec{Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
		m, err := Module(env)
		return starlark.StringDict{"gevent": m}, err
	}}
	out, err := modtest.Run(modtest.TestEnv(t.TempDir()), spec, "p(gevent.sleep(0))\ngevent.spawn(p)")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "None\nAttributeError: gevent.spawn is not available in gust: every gust user already runs concurrently") {
		t.Fatalf("got %q", out)
	}
}

// TestMonkeyPatchIsInert: old locustfiles start with
// `from gevent import monkey; monkey.patch_all()`.
func TestMonkeyPatchIsInert(t *testing.T) {
	spec := modtest.Spec{Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
		m, err := Module(env)
		return starlark.StringDict{"gevent": m}, err
	}}
	out, err := modtest.Run(modtest.TestEnv(t.TempDir()), spec, "monkey = gevent.monkey\np(monkey.patch_all(), monkey.patch_all(thread=False, ssl=False), monkey.patch_socket())")
	if err != nil {
		t.Fatal(err)
	}
	if out != "None None None\n" {
		t.Fatalf("got %q", out)
	}
}
