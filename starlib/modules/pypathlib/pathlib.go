// Package pypathlib is Python's pathlib for reading data files beside a
// locustfile: Path(__file__).parent / "data.csv". Relative paths resolve
// against the locustfile's folder; writing methods are refused.
//
// Script-level API:
//
//	pathlib.Path(*parts) (also PurePath, PosixPath, PurePosixPath), Path.cwd(), Path.home()
//	p / "x", p.joinpath(*parts), str(p), p.name, p.stem, p.suffix, p.suffixes, p.parent,
//	p.parents, p.parts, p.anchor, p.exists(), p.is_file(), p.is_dir(), p.is_absolute(),
//	p.read_text(encoding=None), p.read_bytes(), p.open(mode='r', encoding=None, newline=None),
//	p.resolve(), p.absolute(), p.iterdir(), p.glob(pattern), p.with_name(n),
//	p.with_suffix(s), p.with_stem(s), p.relative_to(other), p.as_posix(), p.expanduser()
package pypathlib

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pyio"
	"github.com/gust-load/gust/starlib/modules/pyos"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Path is a pathlib path: its text (as Python normalises it) and the
// program environment it resolves in.
type Path struct {
	p   string
	env *modules.Env
}

var (
	_ starlark.HasAttrs   = (*Path)(nil)
	_ starlark.HasBinary  = (*Path)(nil)
	_ starlark.Comparable = (*Path)(nil)
	_ modules.PathLike    = (*Path)(nil)
)

// clean normalises like PurePosixPath: drops empty and "." components and
// trailing slashes, keeps ".." and a leading "//".
func clean(p string) string {
	if p == "" {
		return "."
	}
	root := ""
	switch {
	case strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "///"):
		root = "//"
	case strings.HasPrefix(p, "/"):
		root = "/"
	}
	var parts []string
	for _, c := range strings.Split(p, "/") {
		if c != "" && c != "." {
			parts = append(parts, c)
		}
	}
	s := root + strings.Join(parts, "/")
	if s == "" {
		return "."
	}
	return s
}

func (x *Path) mk(p string) *Path { return &Path{p: clean(p), env: x.env} }

// FSPath is the path text (os.PathLike).
func (x *Path) FSPath() string { return x.p }

// String is str(p).
func (x *Path) String() string { return x.p }

// PyRepr is "PosixPath('...')".
func (x *Path) PyRepr() string { return "PosixPath(" + pyrt.QuoteString(x.p) + ")" }

// Type returns "PosixPath".
func (x *Path) Type() string { return "PosixPath" }

// Freeze does nothing: paths are immutable.
func (x *Path) Freeze() {}

// Truth is true.
func (x *Path) Truth() starlark.Bool { return true }

// Hash hashes the text.
func (x *Path) Hash() (uint32, error) { return starlark.String(x.p).Hash() }

// CompareSameType compares the text.
func (x *Path) CompareSameType(op syntax.Token, y starlark.Value, depth int) (bool, error) {
	return starlark.CompareDepth(op, starlark.String(x.p), starlark.String(y.(*Path).p), depth)
}

func (x *Path) join(parts ...string) *Path {
	all := append([]string{x.p}, parts...)
	return x.mk(pyos.Join(all...))
}

// Binary implements p / "x" and "x" / p.
func (x *Path) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	if op != syntax.SLASH {
		return nil, nil
	}
	other, err := modules.PathArg(y, "/")
	if err != nil {
		return nil, nil
	}
	if side == starlark.Right {
		return x.mk(pyos.Join(other, x.p)), nil
	}
	return x.join(other), nil
}

func (x *Path) name() string {
	if x.p == "." || x.p == "/" || x.p == "//" {
		return ""
	}
	return pyos.Basename(x.p)
}

func (x *Path) parent() *Path {
	i := strings.LastIndexByte(x.p, '/')
	switch {
	case x.p == "." || x.p == "/" || x.p == "//":
		return x
	case i < 0:
		return x.mk(".")
	case i == 0:
		return x.mk("/")
	}
	return x.mk(x.p[:i])
}

func suffixOf(name string) string {
	i := strings.LastIndexByte(name, '.')
	if 0 < i && i < len(name)-1 {
		return name[i:]
	}
	return ""
}

func (x *Path) abs() string { return x.env.Resolve(x.p) }

func (x *Path) stat() (os.FileInfo, bool) {
	fi, err := os.Stat(x.abs())
	return fi, err == nil
}

func (x *Path) refuse(what string) error {
	return pyrt.NewError(pyrt.PermissionError, fmt.Sprintf("gust does not write files from locustfiles; Path(%s).%s() was refused", pyrt.QuoteString(x.p), what))
}

func strArgs(name string, args starlark.Tuple) ([]string, error) {
	out := make([]string, len(args))
	for i, a := range args {
		s, err := modules.PathArg(a, name)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

func (x *Path) newPaths(names []string) starlark.Value {
	out := make([]starlark.Value, len(names))
	for i, n := range names {
		out[i] = x.mk(n)
	}
	return starlark.NewList(out)
}

// Attr returns the path properties and methods.
func (x *Path) Attr(name string) (starlark.Value, error) {
	nm := x.name()
	switch name {
	case "name":
		return starlark.String(nm), nil
	case "suffix":
		return starlark.String(suffixOf(nm)), nil
	case "stem":
		if s := suffixOf(nm); s != "" {
			return starlark.String(nm[:len(nm)-len(s)]), nil
		}
		return starlark.String(nm), nil
	case "suffixes":
		var out []starlark.Value
		if !strings.HasSuffix(nm, ".") {
			parts := strings.Split(strings.TrimLeft(nm, "."), ".")
			for _, s := range parts[1:] {
				out = append(out, starlark.String("."+s))
			}
		}
		return starlark.NewList(out), nil
	case "parent":
		return x.parent(), nil
	case "parents":
		var out []starlark.Value
		for p := x; ; {
			q := p.parent()
			if q.p == p.p {
				break
			}
			out = append(out, q)
			p = q
		}
		return starlark.Tuple(out), nil
	case "parts":
		var out starlark.Tuple
		rest := x.p
		if strings.HasPrefix(rest, "/") {
			root := "/"
			if strings.HasPrefix(rest, "//") {
				root = "//"
			}
			out = append(out, starlark.String(root))
			rest = rest[len(root):]
		}
		if rest != "" && rest != "." {
			for _, c := range strings.Split(rest, "/") {
				out = append(out, starlark.String(c))
			}
		}
		return out, nil
	case "anchor", "root":
		switch {
		case strings.HasPrefix(x.p, "//"):
			return starlark.String("//"), nil
		case strings.HasPrefix(x.p, "/"):
			return starlark.String("/"), nil
		}
		return starlark.String(""), nil
	case "drive":
		return starlark.String(""), nil
	}
	if f, ok := pathMethods[name]; ok {
		return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return f(x, th, b, args, kw)
		}), nil
	}
	switch name {
	case "write_text", "write_bytes", "mkdir", "unlink", "rmdir", "touch", "rename", "replace", "chmod", "symlink_to":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return nil, x.refuse(name)
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'PosixPath' object has no attribute '%s'", name))
}

// AttrNames lists the API.
func (x *Path) AttrNames() []string {
	out := []string{"anchor", "name", "parent", "parents", "parts", "root", "stem", "suffix", "suffixes"}
	for k := range pathMethods {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type pathMethod func(x *Path, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)

func noArgs(f func(x *Path) (starlark.Value, error)) pathMethod {
	return func(x *Path, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0); err != nil {
			return nil, err
		}
		return f(x)
	}
}

func oneStr(f func(x *Path, s string) (starlark.Value, error)) pathMethod {
	return func(x *Path, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var s string
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &s); err != nil {
			return nil, err
		}
		return f(x, s)
	}
}

var pathMethods = map[string]pathMethod{
	"joinpath": func(x *Path, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		parts, err := strArgs(b.Name(), args)
		if err != nil {
			return nil, err
		}
		return x.join(parts...), nil
	},
	"exists": noArgs(func(x *Path) (starlark.Value, error) {
		_, ok := x.stat()
		return starlark.Bool(ok), nil
	}),
	"is_file": noArgs(func(x *Path) (starlark.Value, error) {
		fi, ok := x.stat()
		return starlark.Bool(ok && fi.Mode().IsRegular()), nil
	}),
	"is_dir": noArgs(func(x *Path) (starlark.Value, error) {
		fi, ok := x.stat()
		return starlark.Bool(ok && fi.IsDir()), nil
	}),
	"is_absolute": noArgs(func(x *Path) (starlark.Value, error) { return starlark.Bool(strings.HasPrefix(x.p, "/")), nil }),
	"as_posix":    noArgs(func(x *Path) (starlark.Value, error) { return starlark.String(x.p), nil }),
	"__fspath__":  noArgs(func(x *Path) (starlark.Value, error) { return starlark.String(x.p), nil }),
	"resolve":     noArgs(func(x *Path) (starlark.Value, error) { return x.mk(pyos.Abspath(x.env.Folder(), x.p)), nil }),
	"absolute": noArgs(func(x *Path) (starlark.Value, error) {
		if strings.HasPrefix(x.p, "/") {
			return x, nil
		}
		return x.mk(pyos.Join(x.env.Folder(), x.p)), nil
	}),
	"expanduser": noArgs(func(x *Path) (starlark.Value, error) {
		if x.p == "~" || strings.HasPrefix(x.p, "~/") {
			if home, ok := x.env.Lookup("HOME"); ok {
				return x.mk(home + x.p[1:]), nil
			}
		}
		return x, nil
	}),
	"read_bytes": noArgs(func(x *Path) (starlark.Value, error) {
		s, err := pyio.OpenPath(x.env, x.p, "rb", "", "", starlark.None)
		if err != nil {
			return nil, err
		}
		return starlark.Bytes(s.Text()), nil
	}),
	"read_text": func(x *Path, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var enc, errs starlark.Value = starlark.None, starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kw, "encoding?", &enc, "errors?", &errs); err != nil {
			return nil, err
		}
		s, err := pyio.OpenPath(x.env, x.p, "r", optStr(enc), optStr(errs), starlark.None)
		if err != nil {
			return nil, err
		}
		return starlark.String(s.Text()), nil
	},
	"open": func(x *Path, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		mode := "r"
		var buffering = -1
		var enc, errs, newline starlark.Value = starlark.None, starlark.None, starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kw, "mode?", &mode, "buffering?", &buffering, "encoding?", &enc, "errors?", &errs, "newline?", &newline); err != nil {
			return nil, err
		}
		return pyio.OpenPath(x.env, x.p, mode, optStr(enc), optStr(errs), newline)
	},
	"iterdir": noArgs(func(x *Path) (starlark.Value, error) {
		ents, err := os.ReadDir(x.abs())
		if err != nil {
			return nil, pyrt.NewError(pyrt.FileNotFoundError, fmt.Sprintf("[Errno 2] No such file or directory: %s", pyrt.QuoteString(x.p)))
		}
		names := make([]string, len(ents))
		for i, e := range ents {
			names[i] = pyos.Join(x.p, e.Name())
		}
		sort.Strings(names)
		return x.newPaths(names), nil
	}),
	"glob": oneStr(func(x *Path, pattern string) (starlark.Value, error) {
		base := x.abs()
		matches, err := filepath.Glob(filepath.Join(base, pattern))
		if err != nil {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Invalid pattern: %s", pattern))
		}
		names := make([]string, len(matches))
		for i, m := range matches {
			rel, _ := filepath.Rel(base, m)
			names[i] = pyos.Join(x.p, filepath.ToSlash(rel))
		}
		sort.Strings(names)
		return x.newPaths(names), nil
	}),
	"with_name": oneStr(func(x *Path, n string) (starlark.Value, error) {
		if x.name() == "" {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("%s has an empty name", x.PyRepr()))
		}
		if n == "" || strings.Contains(n, "/") || n == "." {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Invalid name %s", pyrt.QuoteString(n)))
		}
		return x.parent().join(n), nil
	}),
	"with_stem": oneStr(func(x *Path, s string) (starlark.Value, error) {
		return x.parent().join(s + suffixOf(x.name())), nil
	}),
	"with_suffix": oneStr(func(x *Path, s string) (starlark.Value, error) {
		if s != "" && (!strings.HasPrefix(s, ".") || s == ".") || strings.Contains(s, "/") {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Invalid suffix %s", pyrt.QuoteString(s)))
		}
		nm := x.name()
		if nm == "" {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("%s has an empty name", x.PyRepr()))
		}
		stem := strings.TrimSuffix(nm, suffixOf(nm))
		return x.parent().join(stem + s), nil
	}),
	"relative_to": func(x *Path, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		parts, err := strArgs(b.Name(), args)
		if err != nil || len(parts) == 0 {
			return nil, pyrt.NewError(pyrt.TypeError, "need at least one argument")
		}
		other := clean(pyos.Join(parts...))
		if other == x.p {
			return x.mk("."), nil
		}
		prefix := strings.TrimSuffix(other, "/") + "/"
		if other == "." && !strings.HasPrefix(x.p, "/") {
			return x, nil
		}
		if !strings.HasPrefix(x.p, prefix) {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("%s is not in the subpath of %s OR one path is relative and the other is absolute.", pyrt.QuoteString(x.p), pyrt.QuoteString(other)))
		}
		return x.mk(x.p[len(prefix):]), nil
	},
}

func optStr(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return ""
}

// Module builds the pathlib module.
func Module(env *modules.Env) (starlark.Value, error) {
	ctor := starlark.NewBuiltin("Path", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if len(kw) > 0 {
			return nil, pyrt.NewError(pyrt.TypeError, "Path() takes no keyword arguments")
		}
		parts, err := strArgs("Path", args)
		if err != nil {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("expected str, bytes or os.PathLike object, not %s", modules.TypeName(args[0])))
		}
		if len(parts) == 0 {
			parts = []string{"."}
		}
		return &Path{p: clean(pyos.Join(parts...)), env: env}, nil
	})
	cls := &pathClass{ctor: ctor, env: env}
	return modules.NewModule("pathlib", starlark.StringDict{
		"Path": cls, "PurePath": cls, "PosixPath": cls, "PurePosixPath": cls,
	}), nil
}

// pathClass is the Path type: callable, with cwd() and home().
type pathClass struct {
	ctor *starlark.Builtin
	env  *modules.Env
}

func (c *pathClass) String() string        { return "<class 'pathlib.Path'>" }
func (c *pathClass) Type() string          { return "type" }
func (c *pathClass) Freeze()               {}
func (c *pathClass) Truth() starlark.Bool  { return true }
func (c *pathClass) Hash() (uint32, error) { return starlark.String("pathlib.Path").Hash() }
func (c *pathClass) Name() string          { return "Path" }
func (c *pathClass) AttrNames() []string   { return []string{"cwd", "home"} }
func (c *pathClass) CallInternal(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	return starlark.Call(th, c.ctor, args, kw)
}
func (c *pathClass) Attr(name string) (starlark.Value, error) {
	switch name {
	case "cwd":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return &Path{p: clean(c.env.Folder()), env: c.env}, nil
		}), nil
	case "home":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			home, _ := c.env.Lookup("HOME")
			return &Path{p: clean(home), env: c.env}, nil
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("type object 'Path' has no attribute '%s'", name))
}
