package pyhttp

import (
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

func TestCases(t *testing.T) {
	modtest.Cases(t, modtest.Spec{
		PyPrelude: "import http, http.client",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"http": m}, err
		},
	})
}

// TestConnectionsRefused: opening a connection says what to use instead.
func TestConnectionsRefused(t *testing.T) {
	m, err := ClientModule(&modules.Env{})
	if err != nil {
		t.Fatal(err)
	}
	conn, _ := m.(*modules.Module).Attr("HTTPConnection")
	_, err = starlark.Call(&starlark.Thread{}, conn, starlark.Tuple{starlark.String("example.com")}, nil)
	if err == nil || err.Error() != "RuntimeError: http.client connections cannot be opened in gust: make requests with self.client in an HttpUser, so gust measures them" {
		t.Errorf("got %v", err)
	}
}
