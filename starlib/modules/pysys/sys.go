// Package pysys is the part of Python's sys module locustfiles use.
//
// Script-level API:
//
//	sys.argv ([locustfile]), sys.exit(code=None) (raises SystemExit),
//	sys.stdout.write(s), sys.stderr.write(s), .flush(), sys.version, sys.version_info,
//	sys.platform, sys.maxsize, sys.byteorder, sys.path, sys.modules, sys.executable,
//	sys.getrecursionlimit(), sys.setrecursionlimit(n) (accepted)
package pysys

import (
	"fmt"
	"io"
	"math"
	"runtime"
	"sync"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// stream is sys.stdout / sys.stderr: whole writes go to the writer under a
// lock, so concurrent users' lines do not interleave mid-write.
type stream struct {
	name string
	mu   *sync.Mutex
	w    io.Writer
}

var _ starlark.HasAttrs = (*stream)(nil)

func (s *stream) String() string {
	return fmt.Sprintf("<_io.TextIOWrapper name='<%s>' mode='w' encoding='utf-8'>", s.name)
}
func (s *stream) Type() string          { return "TextIOWrapper" }
func (s *stream) Freeze()               {}
func (s *stream) Truth() starlark.Bool  { return true }
func (s *stream) Hash() (uint32, error) { return starlark.String(s.name).Hash() }
func (s *stream) AttrNames() []string   { return []string{"flush", "isatty", "write", "writelines"} }

func (s *stream) Attr(name string) (starlark.Value, error) {
	switch name {
	case "write":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &v); err != nil {
				return nil, err
			}
			str, ok := v.(starlark.String)
			if !ok {
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("write() argument must be str, not %s", modules.TypeName(v)))
			}
			s.mu.Lock()
			_, err := io.WriteString(s.w, string(str))
			s.mu.Unlock()
			if err != nil {
				return nil, fmt.Errorf("sys.%s.write: %w", s.name, err)
			}
			return starlark.MakeInt(utf8.RuneCountInString(string(str))), nil
		}), nil
	case "writelines":
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &v); err != nil {
				return nil, err
			}
			items, err := modules.Elements(th, v)
			if err != nil {
				return nil, err
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			for _, it := range items {
				if _, err := io.WriteString(s.w, pyrt.StrThread(th, it)); err != nil {
					return nil, fmt.Errorf("sys.%s.writelines: %w", s.name, err)
				}
			}
			return starlark.None, nil
		}), nil
	case "flush":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}), nil
	case "isatty":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.False, nil
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'_io.TextIOWrapper' object has no attribute '%s'", name))
}

var versionInfo = &modules.NamedTupleType{Typename: "sys.version_info", Fields: []string{"major", "minor", "micro", "releaselevel", "serial"}}

// Module builds the sys module.
func Module(env *modules.Env) (starlark.Value, error) {
	mu := env.Shared("pysys.lock", func() any { return &sync.Mutex{} }).(*sync.Mutex)
	argv0 := env.File
	if argv0 == "" {
		argv0 = "locustfile.py"
	}
	m := modules.NewModule("sys", starlark.StringDict{
		"argv":   starlark.NewList([]starlark.Value{starlark.String(argv0)}),
		"stdout": &stream{name: "stdout", mu: mu, w: env.Out()},
		"stderr": &stream{name: "stderr", mu: mu, w: env.Err()},
		"exit": starlark.NewBuiltin("exit", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var code starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs("exit", args, kw, 0, &code); err != nil {
				return nil, err
			}
			if code == starlark.None {
				return nil, pyrt.NewErrorArgs(pyrt.SystemExit)
			}
			return nil, pyrt.NewErrorArgs(pyrt.SystemExit, code)
		}),
		"version":      starlark.String("3.11.0 (gust; Python locustfiles on go.starlark.net)"),
		"version_info": versionInfo.New(starlark.MakeInt(3), starlark.MakeInt(11), starlark.MakeInt(0), starlark.String("final"), starlark.MakeInt(0)),
		"platform":     starlark.String(runtime.GOOS),
		"maxsize":      starlark.MakeInt64(math.MaxInt64),
		"byteorder":    starlark.String("little"),
		"path":         starlark.NewList(nil),
		"modules":      starlark.NewDict(0),
		"executable":   starlark.String(""),
		"getrecursionlimit": starlark.NewBuiltin("getrecursionlimit", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(1000), nil
		}),
		"setrecursionlimit": starlark.NewBuiltin("setrecursionlimit", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}),
	})
	m.Hints = map[string]string{
		"stdin":      "locustfiles cannot read the terminal; use os.environ or a data file",
		"settrace":   "tracing is tied to CPython's internals",
		"setprofile": "profiling is tied to CPython's internals",
		"_getframe":  "frames are tied to CPython's internals",
		"exc_info":   "catch the exception with `except ... as e` instead",
		"getsizeof":  "object sizes are tied to CPython's internals",
	}
	return m, nil
}
