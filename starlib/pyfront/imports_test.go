package pyfront

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"go.starlark.net/starlark"
)

// TestImportNamesCheckedAtLoad: `from <module gust provides> import name`
// with a name the module lacks is a load error at the name, with advice,
// found by Check (gust check) without running anything.
func TestImportNamesCheckedAtLoad(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int32
		msg, hint string
	}{
		{"renamed by Locust 1.0", "from locust import HttpUser, HttpLocust, task\n", 1, 30,
			"cannot import name 'HttpLocust' from 'locust'", "renamed HttpUser"},
		{"second import", "import json\nfrom json import dumps, nope\n", 2, 25,
			"cannot import name 'nope' from 'json'", ""},
		{"module hint", "from requests import Session\n", 1, 22,
			"cannot import name 'Session' from 'requests'", "self.client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := locustRegistry()
			reg.Register("requests", func(*modules.Env) (starlark.Value, error) {
				m := modules.NewModule("requests", nil)
				m.Hints = map[string]string{"Session": "use self.client"}
				return m, nil
			})
			path := filepath.Join(t.TempDir(), "locustfile.py")
			err := Check(Options{Filename: path, Source: []byte(tt.src), Registry: reg})
			var le *LoadError
			if !errors.As(err, &le) {
				t.Fatalf("got %v, want a load error", err)
			}
			if le.Pos.Line != tt.line || le.Pos.Col != tt.col || le.Msg != tt.msg || !strings.Contains(le.Hint, tt.hint) {
				t.Errorf("got %d:%d %q hint %q; want %d:%d %q hint containing %q", le.Pos.Line, le.Pos.Col, le.Msg, le.Hint, tt.line, tt.col, tt.msg, tt.hint)
			}
		})
	}
	// Guarded by except ImportError, a missing name is the script's business.
	src := "try:\n    from json import nope\nexcept ImportError:\n    nope = None\nprint(nope)\n"
	path := filepath.Join(t.TempDir(), "locustfile.py")
	if _, err := Load(Options{Filename: path, Source: []byte(src), Registry: locustRegistry(), Env: &modules.Env{}}); err != nil {
		t.Fatal(detail(err))
	}
}
