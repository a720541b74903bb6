package pyos

import (
	crand "crypto/rand"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"sort"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Join is posixpath.join.
func Join(parts ...string) string {
	path := parts[0]
	for _, b := range parts[1:] {
		switch {
		case strings.HasPrefix(b, "/"):
			path = b
		case path == "" || strings.HasSuffix(path, "/"):
			path += b
		default:
			path += "/" + b
		}
	}
	return path
}

// Dirname is posixpath.dirname.
func Dirname(p string) string {
	head := p[:strings.LastIndexByte(p, '/')+1]
	if head != "" && strings.Trim(head, "/") != "" {
		head = strings.TrimRight(head, "/")
	}
	return head
}

// Basename is posixpath.basename.
func Basename(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

// Splitext is posixpath.splitext: leading dots of the name do not start an
// extension.
func Splitext(p string) (string, string) {
	sep := strings.LastIndexByte(p, '/')
	dot := strings.LastIndexByte(p, '.')
	if dot > sep {
		first := sep + 1
		for first < dot && p[first] == '.' {
			first++
		}
		if first < dot {
			return p[:dot], p[dot:]
		}
	}
	return p, ""
}

// Normpath is posixpath.normpath.
func Normpath(p string) string {
	if p == "" {
		return "."
	}
	initial := 0
	if strings.HasPrefix(p, "/") {
		initial = 1
		if strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///") {
			initial = 2
		}
	}
	var out []string
	for _, c := range strings.Split(p, "/") {
		switch {
		case c == "" || c == ".":
		case c != "..", initial == 0 && len(out) == 0, len(out) > 0 && out[len(out)-1] == "..":
			out = append(out, c)
		case len(out) > 0:
			out = out[:len(out)-1]
		}
	}
	s := strings.Repeat("/", initial) + strings.Join(out, "/")
	if s == "" {
		return "."
	}
	return s
}

// Abspath resolves p against dir (the locustfile's folder) and normalises it.
func Abspath(dir, p string) string {
	if !strings.HasPrefix(p, "/") {
		p = Join(dir, p)
	}
	return Normpath(p)
}

// Relpath is posixpath.relpath against start (both made absolute in dir).
func Relpath(dir, p, start string) string {
	a := strings.Split(strings.Trim(Abspath(dir, p), "/"), "/")
	b := strings.Split(strings.Trim(Abspath(dir, start), "/"), "/")
	if len(a) == 1 && a[0] == "" {
		a = nil
	}
	if len(b) == 1 && b[0] == "" {
		b = nil
	}
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	var parts []string
	for range b[i:] {
		parts = append(parts, "..")
	}
	parts = append(parts, a[i:]...)
	if len(parts) == 0 {
		return "."
	}
	return strings.Join(parts, "/")
}

type pathFn func(env *modules.Env, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)

func onePath(f func(env *modules.Env, p string) (starlark.Value, error)) pathFn {
	return func(env *modules.Env, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &v); err != nil {
			return nil, err
		}
		p, err := modules.PathArg(v, b.Name())
		if err != nil {
			return nil, err
		}
		return f(env, p)
	}
}

func stat(env *modules.Env, p string) (fs.FileInfo, bool) {
	if p == "" {
		return nil, false
	}
	fi, err := os.Stat(env.Resolve(p))
	return fi, err == nil
}

var pathFns = map[string]pathFn{
	"join": func(_ *modules.Env, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if len(kw) > 0 || len(args) == 0 {
			return nil, pyrt.NewError(pyrt.TypeError, "join() missing 1 required positional argument: 'a'")
		}
		parts := make([]string, len(args))
		for i, a := range args {
			p, err := modules.PathArg(a, "join")
			if err != nil {
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("join() argument must be str, bytes, or os.PathLike object, not '%s'", modules.TypeName(a)))
			}
			parts[i] = p
		}
		return starlark.String(Join(parts...)), nil
	},
	"exists": onePath(func(env *modules.Env, p string) (starlark.Value, error) {
		_, ok := stat(env, p)
		return starlark.Bool(ok), nil
	}),
	"isfile": onePath(func(env *modules.Env, p string) (starlark.Value, error) {
		fi, ok := stat(env, p)
		return starlark.Bool(ok && fi.Mode().IsRegular()), nil
	}),
	"isdir": onePath(func(env *modules.Env, p string) (starlark.Value, error) {
		fi, ok := stat(env, p)
		return starlark.Bool(ok && fi.IsDir()), nil
	}),
	"getsize": onePath(func(env *modules.Env, p string) (starlark.Value, error) {
		fi, ok := stat(env, p)
		if !ok {
			return nil, pyrt.NewError(pyrt.FileNotFoundError, fmt.Sprintf("[Errno 2] No such file or directory: %s", pyrt.QuoteString(p)))
		}
		return starlark.MakeInt64(fi.Size()), nil
	}),
	"dirname":  onePath(func(_ *modules.Env, p string) (starlark.Value, error) { return starlark.String(Dirname(p)), nil }),
	"basename": onePath(func(_ *modules.Env, p string) (starlark.Value, error) { return starlark.String(Basename(p)), nil }),
	"normpath": onePath(func(_ *modules.Env, p string) (starlark.Value, error) { return starlark.String(Normpath(p)), nil }),
	"isabs": onePath(func(_ *modules.Env, p string) (starlark.Value, error) {
		return starlark.Bool(strings.HasPrefix(p, "/")), nil
	}),
	"abspath": onePath(func(env *modules.Env, p string) (starlark.Value, error) {
		return starlark.String(Abspath(env.Folder(), p)), nil
	}),
	"realpath": onePath(func(env *modules.Env, p string) (starlark.Value, error) {
		return starlark.String(Abspath(env.Folder(), p)), nil
	}),
	"expanduser": onePath(func(env *modules.Env, p string) (starlark.Value, error) {
		if p == "~" || strings.HasPrefix(p, "~/") {
			if home, ok := env.Lookup("HOME"); ok {
				return starlark.String(strings.TrimRight(home, "/") + p[1:]), nil
			}
		}
		return starlark.String(p), nil
	}),
	"splitext": onePath(func(_ *modules.Env, p string) (starlark.Value, error) {
		a, b := Splitext(p)
		return starlark.Tuple{starlark.String(a), starlark.String(b)}, nil
	}),
	"split": onePath(func(_ *modules.Env, p string) (starlark.Value, error) {
		return starlark.Tuple{starlark.String(Dirname(p)), starlark.String(Basename(p))}, nil
	}),
	"relpath": func(env *modules.Env, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var p, start string = "", "."
		if err := starlark.UnpackArgs(b.Name(), args, kw, "path", &p, "start?", &start); err != nil {
			return nil, err
		}
		return starlark.String(Relpath(env.Folder(), p, start)), nil
	},
}

func bind(env *modules.Env, fns map[string]pathFn) starlark.StringDict {
	out := starlark.StringDict{}
	for name, f := range fns {
		f := f
		out[name] = starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return f(env, th, b, args, kw)
		})
	}
	return out
}

// PathModule builds os.path.
func PathModule(env *modules.Env) (starlark.Value, error) {
	m := bind(env, pathFns)
	m["sep"] = starlark.String("/")
	m["curdir"] = starlark.String(".")
	m["pardir"] = starlark.String("..")
	return modules.NewModule("posixpath", m), nil
}

var osFns = map[string]pathFn{
	"getenv": func(env *modules.Env, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var k string
		var d starlark.Value = starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kw, "key", &k, "default?", &d); err != nil {
			return nil, err
		}
		if v, ok := EnvironFor(env).Lookup(k); ok {
			return starlark.String(v), nil
		}
		return d, nil
	},
	"getcwd": func(env *modules.Env, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return starlark.String(env.Folder()), starlark.UnpackPositionalArgs(b.Name(), args, kw, 0)
	},
	"getpid": func(*modules.Env, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.MakeInt(os.Getpid()), nil
	},
	"cpu_count": func(*modules.Env, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.MakeInt(runtime.NumCPU()), nil
	},
	"urandom": func(_ *modules.Env, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var n int
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &n); err != nil {
			return nil, err
		}
		if n < 0 {
			return nil, pyrt.NewError(pyrt.ValueError, "negative argument not allowed")
		}
		buf := make([]byte, n)
		_, _ = crand.Read(buf)
		return starlark.Bytes(buf), nil
	},
	"listdir": func(env *modules.Env, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var v starlark.Value = starlark.String(".")
		if err := starlark.UnpackArgs(b.Name(), args, kw, "path?", &v); err != nil {
			return nil, err
		}
		p, err := modules.PathArg(v, "listdir")
		if err != nil {
			return nil, err
		}
		ents, err := os.ReadDir(env.Resolve(p))
		if err != nil {
			return nil, pyrt.NewError(pyrt.FileNotFoundError, fmt.Sprintf("[Errno 2] No such file or directory: %s", pyrt.QuoteString(p)))
		}
		names := make([]string, len(ents))
		for i, e := range ents {
			names[i] = e.Name()
		}
		sort.Strings(names)
		out := make([]starlark.Value, len(names))
		for i, n := range names {
			out[i] = starlark.String(n)
		}
		return starlark.NewList(out), nil
	},
}

// Module builds the os module.
func Module(env *modules.Env) (starlark.Value, error) {
	path, err := PathModule(env)
	if err != nil {
		return nil, err
	}
	m := bind(env, osFns)
	m["environ"] = EnvironFor(env)
	m["path"] = path
	m["sep"] = starlark.String("/")
	m["linesep"] = starlark.String("\n")
	m["name"] = starlark.String("posix")
	m["curdir"] = starlark.String(".")
	m["pardir"] = starlark.String("..")
	m["pathsep"] = starlark.String(":")
	mod := modules.NewModule("os", m)
	mod.Hints = map[string]string{
		"system":   "gust does not run processes from locustfiles",
		"popen":    "gust does not run processes from locustfiles",
		"remove":   "gust does not write files from locustfiles",
		"makedirs": "gust does not write files from locustfiles",
		"mkdir":    "gust does not write files from locustfiles",
		"chdir":    "paths resolve against the locustfile's folder, which cannot change",
		"fork":     "gust runs users as goroutines; start more users instead",
		"kill":     "gust does not signal processes from locustfiles",
	}
	return mod, nil
}
