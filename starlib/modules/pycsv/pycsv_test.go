package pycsv

import (
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/modules/pyio"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import csv, io",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			if err != nil {
				return nil, err
			}
			io, err := pyio.Module(env)
			return starlark.StringDict{"csv": m, "io": io, "open": pyio.Open(env)}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// A module-level DictReader shared by users hands each row out once.
func TestSharedDictReader(t *testing.T) {
	env := modtest.TestEnv(t.TempDir())
	pre, _ := spec().Predeclared(env)
	lines := make([]starlark.Value, 0, 501)
	lines = append(lines, starlark.String("id,name"))
	for i := 0; i < 500; i++ {
		lines = append(lines, starlark.String("1,x"))
	}
	pre["LINES"] = starlark.NewList(lines)
	g, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "m.py", "rows = csv.DictReader(LINES)", pre)
	if err != nil {
		t.Fatal(err)
	}
	it := g["rows"].(*modules.Iter)
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			th := &starlark.Thread{}
			for {
				_, ok, err := it.NextValue(th)
				if err != nil {
					t.Error(err)
					return
				}
				if !ok {
					return
				}
				mu.Lock()
				n++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if n != 500 {
		t.Fatalf("%d rows, want 500", n)
	}
}

func FuzzReader(f *testing.F) {
	f.Add("a,b\n\"c\"\"d\",e\n", ",", false)
	f.Add("\"x\ny\",1", ";", true)
	f.Fuzz(func(t *testing.T, text, delim string, strict bool) {
		k := &kit{errCls: errClass()}
		d := excel()
		if r := []rune(delim); len(r) == 1 && r[0] != '"' && r[0] != '\n' && r[0] != '\r' {
			d.Delimiter = r[0]
		}
		d.Strict = strict
		lines := splitKeep(text)
		i := 0
		p := &parser{k: k, d: d, src: func(*starlark.Thread) (string, bool, error) {
			if i >= len(lines) {
				return "", false, nil
			}
			i++
			return lines[i-1], true, nil
		}}
		for n := 0; n < 10000; n++ {
			_, ok, err := p.next(&starlark.Thread{})
			if err != nil || !ok {
				return
			}
		}
		t.Fatal("reader did not terminate")
	})
}
