// Package modtest runs table tests for the Python modules: each case is a
// snippet written in the common subset of Python and Starlark, run on
// go.starlark.net with the module predeclared, and its output is compared
// with a golden file that the real python3 produced offline
// (`go test -update` regenerates it; normal runs never need python3).
//
// Snippets print with p(...) (Python's print), and may use repr, str,
// next, dec (bytes→str) and enc (str→bytes). An uncaught exception prints
// "ClassName: message" and ends the case, in both interpreters.
package modtest

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// update regenerates golden files with python3 (a test flag, read once).
var update = flag.Bool("update", false, "regenerate golden files with python3")

// Spec describes one package's case file.
type Spec struct {
	// Cases and Golden default to testdata/cases.txt and testdata/cases.golden.
	Cases, Golden string
	// Predeclared returns the names the Starlark side sees (the modules).
	Predeclared func(env *modules.Env) (starlark.StringDict, error)
	// PyPrelude is Python code run before the cases (imports, setup).
	PyPrelude string
	// Env adjusts the environment (defaults: Dir = testdata, a fixed
	// environment, a fixed clock).
	Env func(env *modules.Env)
	// Thread prepares each case's thread (random source, context).
	Thread func(th *starlark.Thread)
}

// Case is one named snippet.
type Case struct {
	Name, Code string
}

// Parse reads a case file: "=== name" lines start cases.
func Parse(text string) []Case {
	var out []Case
	for _, line := range strings.SplitAfter(text, "\n") {
		if name, ok := strings.CutPrefix(line, "=== "); ok {
			out = append(out, Case{Name: strings.TrimSpace(name)})
			continue
		}
		if len(out) == 0 {
			continue
		}
		out[len(out)-1].Code += line
	}
	return out
}

// TestEnv is the environment cases run in.
func TestEnv(dir string) *modules.Env {
	vars := map[string]string{"GUST_TEST": "1", "HOME": "/home/tester"}
	return &modules.Env{
		Dir:  dir,
		File: filepath.Join(dir, "locustfile.py"),
		Getenv: func(k string) (string, bool) {
			v, ok := vars[k]
			return v, ok
		},
		Environ: func() []string { return []string{"GUST_TEST=1", "HOME=/home/tester"} },
	}
}

// Builtins are Python's builtins (from pyrt) plus the helpers every snippet
// may use.
func Builtins(out *bytes.Buffer) starlark.StringDict {
	all := pyrt.Builtins(pyrt.Options{Stdout: out})
	for k, v := range helpers(out) {
		all[k] = v
	}
	return all
}

func helpers(out *bytes.Buffer) starlark.StringDict {
	return starlark.StringDict{
		"p": starlark.NewBuiltin("p", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			for i, a := range args {
				if i > 0 {
					out.WriteByte(' ')
				}
				out.WriteString(pyrt.StrThread(th, a))
			}
			out.WriteByte('\n')
			return starlark.None, nil
		}),
		"repr": starlark.NewBuiltin("repr", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(pyrt.ReprThread(th, args[0])), nil
		}),
		"str": starlark.NewBuiltin("str", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(pyrt.StrThread(th, args[0])), nil
		}),
		"next": starlark.NewBuiltin("next", func(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			v, ok, err := modules.Next(th, args[0])
			if err != nil {
				return nil, err
			}
			if !ok {
				if len(args) > 1 {
					return args[1], nil
				}
				return nil, modules.StopIteration()
			}
			return v, nil
		}),
		"dec": starlark.NewBuiltin("dec", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			b, err := modules.BytesLike(args[0])
			return starlark.String(b), err
		}),
		"enc": starlark.NewBuiltin("enc", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
			s, _ := starlark.AsString(args[0])
			return starlark.Bytes(s), nil
		}),
	}
}

// Options are the dialect options the front end compiles locustfiles with.
var Options = &syntax.FileOptions{Set: true, While: true, TopLevelControl: true, GlobalReassign: true, Recursion: true}

// Run executes one snippet and returns what it printed, ending with the
// "Class: message" line of an uncaught exception.
func Run(env *modules.Env, spec Spec, code string) (string, error) {
	var out bytes.Buffer
	pre := Builtins(&out)
	if spec.Predeclared != nil {
		mods, err := spec.Predeclared(env)
		if err != nil {
			return "", err
		}
		for k, v := range mods {
			pre[k] = v
		}
	}
	th := &starlark.Thread{Name: "case"}
	if spec.Thread != nil {
		spec.Thread(th)
	}
	_, err := starlark.ExecFileOptions(Options, th, "case.py", code, pre)
	if err != nil {
		var se syntax.Error
		if errors.As(err, &se) || strings.Contains(err.Error(), "undefined:") {
			return "", err
		}
		exc, ok := pyrt.FromError(err)
		if !ok {
			return "", err
		}
		msg := exc.Message()
		if msg == "" {
			out.WriteString(exc.Class().Name() + "\n")
		} else {
			out.WriteString(exc.Class().Name() + ": " + msg + "\n")
		}
	}
	return out.String(), nil
}

// Cases runs a package's case file against its golden file.
func Cases(t *testing.T, spec Spec) {
	t.Helper()
	if spec.Cases == "" {
		spec.Cases = filepath.Join("testdata", "cases.txt")
	}
	if spec.Golden == "" {
		spec.Golden = filepath.Join("testdata", "cases.golden")
	}
	src, err := os.ReadFile(spec.Cases)
	if err != nil {
		t.Fatal(err)
	}
	cases := Parse(string(src))
	if *update {
		if err := regenerate(spec, cases); err != nil {
			t.Fatal(err)
		}
	}
	golden, err := os.ReadFile(spec.Golden)
	if err != nil {
		t.Fatalf("%v (run with -update where python3 is installed)", err)
	}
	want := map[string]string{}
	for _, c := range Parse(string(golden)) {
		want[c.Name] = c.Code
	}
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			env := TestEnv(dir)
			if spec.Env != nil {
				spec.Env(env)
			}
			got, err := Run(env, spec, c.Code)
			if err != nil {
				t.Fatalf("case does not run: %v", err)
			}
			w, ok := want[c.Name]
			if !ok {
				t.Fatalf("no golden output (run with -update)")
			}
			if got != w {
				t.Errorf("output differs from CPython\n--- code\n%s--- got\n%s--- want (python3)\n%s", c.Code, got, w)
			}
		})
	}
}

// regenerate runs every case with python3 and writes the golden file.
func regenerate(spec Spec, cases []Case) error {
	var prog strings.Builder
	prog.WriteString("import sys, os\np = print\ndef dec(b): return b.decode()\ndef enc(s): return s.encode()\n")
	prog.WriteString(spec.PyPrelude + "\n")
	for i, c := range cases {
		fmt.Fprintf(&prog, "print('=== %s')\ndef __case%d():\n", c.Name, i)
		body := strings.TrimRight(c.Code, "\n")
		if strings.TrimSpace(body) == "" {
			body = "pass"
		}
		for _, l := range strings.Split(body, "\n") {
			prog.WriteString("    " + l + "\n")
		}
		fmt.Fprintf(&prog, "try:\n    __case%d()\nexcept Exception as e:\n    print(type(e).__name__ + (': ' + str(e) if str(e) else ''))\nsys.stdout.flush()\n", i)
	}
	cmd := exec.Command("python3", "-c", prog.String())
	cmd.Dir = "testdata"
	cmd.Env = []string{"GUST_TEST=1", "HOME=/home/tester", "TZ=UTC", "LC_ALL=C.UTF-8", "PYTHONHASHSEED=0"}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	res, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("python3: %v\n%s", err, stderr.String())
	}
	return os.WriteFile(spec.Golden, res, 0o644)
}
