// Package pyfront loads Python locustfiles onto go.starlark.net: it parses
// each file (pyparse), lowers the Python syntax tree to a go.starlark.net
// syntax tree built node by node (never Starlark text), compiles it with
// starlark.FileProgram, runs the module top levels once, and freezes the
// result so every virtual user can call into it from its own goroutine.
//
// What a locustfile can do is Python 3 minus generators, async code and
// the modules gust does not provide; the runtime semantics (classes,
// exceptions, string formatting, shared containers) come from package pyrt.
// Modules beside the locustfile (`import helpers`, `from common.auth import
// login`) load from its folder, once per program.
//
// Everything that cannot work is reported before anything runs, as a
// LoadError with file:line:col, the source line and a hint.
package pyfront

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pyio"
	"github.com/gust-load/gust/starlib/pyfront/pyast"
	"github.com/gust-load/gust/starlib/pyfront/pyparse"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/resolve"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Options configure Load and Check.
type Options struct {
	// Filename is the locustfile's path; it is made absolute.
	Filename string
	// Source is the locustfile's text; read from Filename when nil.
	Source []byte
	// Registry provides the importable Go modules (json, random, locust...).
	Registry *modules.Registry
	// Env is what modules see of the run. Dir defaults to the locustfile's
	// folder, File to its path.
	Env *modules.Env
	// ModuleName is the locustfile's __name__ (default "locustfile").
	ModuleName string
	// InitThread, when set, prepares each thread that runs a module's top
	// level (thread-locals for print and logging).
	InitThread func(th *starlark.Thread)
	// ReadFile reads modules beside the locustfile (os.ReadFile by default).
	ReadFile func(path string) ([]byte, error)
	// Stat reports whether a path exists and is a directory (os.Stat by
	// default).
	Stat func(path string) (exists, isDir bool)
}

// Program is a loaded, frozen locustfile: safe to share by every goroutine,
// each calling its functions on its own *starlark.Thread.
type Program struct {
	// Main is the locustfile's module.
	Main *Module
	// Globals are the locustfile's frozen module globals (User classes,
	// shapes, listeners) as they were when loading finished, without the
	// names the lowering synthesizes. A name the script rebinds at run time
	// (declared `global` in a function) is read live with Main.Attr.
	Globals starlark.StringDict
	// Modules are all imported modules by import name: Go modules from the
	// registry and Python modules beside the locustfile.
	Modules map[string]starlark.Value
	// Sources holds the text of every Python file, for tracebacks.
	Sources *pyrt.Sources
	// Predeclared is the environment the files were compiled against.
	Predeclared starlark.StringDict
}

// Traced converts an error returned by a call into the program into the
// Python view the engine reports (a user.Traced: message and traceback
// lines with this program's source lines, helper frames hidden).
func (p *Program) Traced(err error) *pyrt.ScriptError {
	return pyrt.NewScriptError(err, p.Sources)
}

// Load parses, lowers, compiles and runs a locustfile and the modules it
// imports. On any problem nothing runs and the error is a *LoadError, an
// ErrorList, or an *InitError when a module's top level raised.
func Load(opts Options) (*Program, error) {
	ld, err := newLoader(opts)
	if err != nil {
		return nil, err
	}
	if err := ld.compileAll(); err != nil {
		return nil, err
	}
	if err := ld.initAll(); err != nil {
		return nil, err
	}
	return ld.program(), nil
}

// Check reports every problem Load would find without running any script
// code (for `gust check`): syntax, unsupported constructs and modules,
// undefined names, in the locustfile and the modules it imports.
func Check(opts Options) error {
	ld, err := newLoader(opts)
	if err != nil {
		return err
	}
	return ld.compileAll()
}

// InitError is an exception raised by a module's top level while loading.
type InitError struct {
	File string
	Err  *pyrt.ScriptError
}

// Error is the Python traceback of the failure.
func (e *InitError) Error() string {
	return fmt.Sprintf("error while running %s:\n%s", e.File, strings.TrimRight(e.Err.Format(), "\n"))
}

// Unwrap returns the script error.
func (e *InitError) Unwrap() error { return e.Err }

// unit is one Python file of the program.
type unit struct {
	name   string // module name: "locustfile", "common.auth", "common"
	path   string
	pkg    string // package relative imports resolve against
	isPkg  bool
	src    []byte
	lines  []string
	tree   *pyast.Module
	prog   *starlark.Program
	mod    *Module
	state  int // 0 new, 1 in progress, 2 compiled
	parent string
}

type loader struct {
	opts   Options
	env    *modules.Env
	dir    string // the locustfile's folder: the import root
	units  map[string]*unit
	order  []*unit                   // compiled units, dependencies first
	goMods map[string]starlark.Value // registry modules built so far
	table  map[string]starlark.Value // every loaded module by name
	errs   ErrorList
	pre    starlark.StringDict
	srcs   *pyrt.Sources
}

func newLoader(opts Options) (*loader, error) {
	if opts.Filename == "" {
		return nil, errors.New("pyfront: no locustfile given")
	}
	abs, err := filepath.Abs(opts.Filename)
	if err != nil {
		return nil, fmt.Errorf("locustfile %s: %w", opts.Filename, err)
	}
	opts.Filename = abs
	if opts.ModuleName == "" {
		opts.ModuleName = "locustfile"
	}
	if opts.ReadFile == nil {
		opts.ReadFile = os.ReadFile
	}
	if opts.Stat == nil {
		opts.Stat = func(p string) (bool, bool) {
			fi, err := os.Stat(p)
			if err != nil {
				return false, false
			}
			return true, fi.IsDir()
		}
	}
	if opts.Registry == nil {
		opts.Registry = modules.NewRegistry()
	}
	env := opts.Env
	if env == nil {
		env = &modules.Env{}
	}
	if env.Dir == "" {
		env.Dir = filepath.Dir(abs)
	}
	if env.File == "" {
		env.File = abs
	}
	ld := &loader{opts: opts, env: env, dir: filepath.Dir(abs), units: map[string]*unit{},
		goMods: map[string]starlark.Value{}, table: map[string]starlark.Value{}, srcs: pyrt.NewSources()}
	ld.pre = pyrt.Predeclared(pyrt.Options{Stdout: env.Out()})
	ld.pre["open"] = pyio.Open(env)
	ld.pre["__import"] = starlark.NewBuiltin("__import", ld.importBuiltin)
	ld.pre["__import_from"] = starlark.NewBuiltin("__import_from", ld.importFromBuiltin)
	return ld, nil
}

func (ld *loader) fail(e *LoadError) { ld.errs = append(ld.errs, e) }

// compileAll loads the locustfile and, depth first, everything it imports.
func (ld *loader) compileAll() error {
	src := ld.opts.Source
	if src == nil {
		b, err := ld.opts.ReadFile(ld.opts.Filename)
		if err != nil {
			return fmt.Errorf("read locustfile: %w", err)
		}
		src = b
	}
	main := &unit{name: ld.opts.ModuleName, path: ld.opts.Filename, src: src}
	ld.units[main.name] = main
	ld.compile(main)
	return ld.errs.err()
}

// compile parses, resolves the imports of, lowers and compiles one unit.
func (ld *loader) compile(u *unit) {
	u.state = 1
	u.lines = sourceLines(u.src)
	ld.srcs.Add(u.path, string(u.src))
	tree, err := pyparse.Parse(u.path, u.src)
	if err != nil {
		var pe *pyparse.Error
		if errors.As(err, &pe) {
			ld.fail(&LoadError{File: u.path, Pos: pe.Pos, Kind: pe.Kind, Msg: pe.Msg, Line: pe.Line})
		} else {
			ld.fail(&LoadError{File: u.path, Kind: "SyntaxError", Msg: err.Error()})
		}
		u.state = 2
		return
	}
	u.tree = tree
	refs, bad := collectImports(tree, u.pkg)
	for _, s := range bad {
		ld.fail(newLoadError(u.path, u.lines, s.StartPos, "ImportError", "attempted relative import with no known parent package", "relative imports work in packages beside the locustfile"))
	}
	for _, r := range refs {
		ld.require(u, r)
	}
	f, errs := ld.lower(u, tree)
	for _, e := range errs {
		ld.fail(e)
	}
	if f != nil {
		// Compile even after lowering errors, so undefined names are
		// reported in the same pass (for gust check).
		prog, err := starlark.FileProgram(f, ld.pre.Has)
		if err != nil {
			ld.resolveErrors(u, err)
		} else if len(errs) == 0 {
			u.prog = prog
		}
	}
	u.state = 2
	ld.order = append(ld.order, u)
}

// lower lowers a parsed unit. A bug in the lowering must not crash the
// program that loads a locustfile: a panic becomes a load error.
func (ld *loader) lower(u *unit, tree *pyast.Module) (f *syntax.File, errs []*LoadError) {
	defer func() {
		if r := recover(); r != nil {
			f, errs = nil, []*LoadError{{File: u.path, Kind: "InternalError",
				Msg: fmt.Sprintf("internal error in gust's Python front end (please report it): %v", r)}}
		}
	}()
	return lowerModule(u.path, u.lines, tree, u.name, u.pkg, ld)
}

// resolveErrors turns go.starlark.net resolver errors into load errors.
func (ld *loader) resolveErrors(u *unit, err error) {
	var list resolve.ErrorList
	if !errors.As(err, &list) {
		var se syntax.Error
		if errors.As(err, &se) {
			list = resolve.ErrorList{resolve.Error{Pos: se.Pos, Msg: se.Msg}}
		} else {
			ld.fail(&LoadError{File: u.path, Kind: "SyntaxError", Msg: err.Error()})
			return
		}
	}
	for _, e := range list {
		pos := pyast.Pos{Line: e.Pos.Line, Col: e.Pos.Col}
		if name, ok := strings.CutPrefix(e.Msg, "undefined: "); ok {
			if name == invalidName {
				continue // a placeholder for a construct already reported
			}
			hint := builtinHint(name)
			ld.fail(newLoadError(u.path, u.lines, pos, "NameError", fmt.Sprintf("NameError at load: name '%s' is not defined", name), hint))
			continue
		}
		ld.fail(newLoadError(u.path, u.lines, pos, "SyntaxError", e.Msg, ""))
	}
}

// require makes the module an import names available, or records why not.
func (ld *loader) require(from *unit, r importRef) {
	reg := ld.opts.Registry
	parts := strings.Split(r.name, ".")
	for i := range parts {
		name := strings.Join(parts[:i+1], ".")
		if ld.haveModule(from, r, name, i == len(parts)-1) {
			continue
		}
		return
	}
	if r.star {
		return
	}
	if v, ok := ld.goMods[r.name]; ok {
		ld.checkGoNames(from, r, v)
		return
	}
	// from pkg import sub: the names may be submodules of a file package.
	if u := ld.units[r.name]; u != nil && u.isPkg {
		for _, n := range r.from {
			sub := r.name + "." + n
			if _, ok := reg.Lookup(sub); ok {
				_ = ld.goModule(sub)
				continue
			}
			if ld.findFile(sub) != "" {
				ld.fileModule(from, r, sub)
			}
		}
	}
}

// haveModule loads module name (a prefix of the import) and reports success.
func (ld *loader) haveModule(from *unit, r importRef, name string, last bool) bool {
	if _, ok := ld.table[name]; ok {
		return true
	}
	if u, ok := ld.units[name]; ok {
		if u.state == 1 && u.isPkg && (!last || (len(r.from) > 0 && within(from.name, name))) {
			// A package's __init__ importing its own submodules
			// (`from pkg.sub import x`, `from . import sub`): Python
			// allows it, the submodules load first.
			return true
		}
		if u.state == 1 {
			ld.fail(newLoadError(from.path, from.lines, r.pos, "ImportError", fmt.Sprintf("circular import: %s imports %s, which is still loading", from.name, name), "move the shared code into a third module that both import"))
			return false
		}
		return true
	}
	if _, ok := ld.opts.Registry.Lookup(name); ok {
		return ld.goModule(name) != nil
	}
	if name == "typing" && ld.findFile(name) == "" {
		ld.goMods[name] = typingModule{}
		ld.table[name] = typingModule{}
		return true
	}
	if ld.findFile(name) != "" {
		return ld.fileModule(from, r, name)
	}
	if !last {
		// A dotted Go module ("os.path", "urllib.parse") need not have a
		// registered parent.
		if _, ok := ld.opts.Registry.Lookup(r.name); ok {
			return true
		}
	}
	if r.guarded {
		return false
	}
	hint, ok := ld.opts.Registry.Hint(name)
	if !ok {
		hint = moduleHint(name)
	}
	if hint == "" {
		hint = "gust provides " + strings.Join(ld.opts.Registry.Names(), ", ") + "; Python files beside the locustfile can be imported too"
	}
	ld.fail(newLoadError(from.path, from.lines, r.pos, "ModuleNotFoundError", fmt.Sprintf("module '%s' is not available in gust", name), hint))
	return false
}

// checkGoNames reports, before anything runs, a name that `from m import
// name` asks of a Go module m that does not have it (unless the import is
// guarded by an except ImportError), so `gust check` finds it.
func (ld *loader) checkGoNames(from *unit, r importRef, mod starlark.Value) {
	if r.guarded {
		return
	}
	ha, _ := mod.(starlark.HasAttrs)
	for i, n := range r.from {
		if ha != nil {
			if v, err := ha.Attr(n); err == nil && v != nil {
				continue
			}
		}
		sub := r.name + "." + n
		if _, ok := ld.opts.Registry.Lookup(sub); ok {
			_ = ld.goModule(sub)
			continue
		}
		hint := importNameHint(r.name, n)
		if hint == "" && ha != nil {
			if _, err := ha.Attr(n); err != nil {
				var pe *pyrt.Error
				if errors.As(err, &pe) && strings.Contains(pe.Message(), " is not available in gust: ") {
					_, hint, _ = strings.Cut(pe.Message(), " is not available in gust: ")
				}
			}
		}
		ld.fail(newLoadError(from.path, from.lines, r.fromPos[i], "ImportError", fmt.Sprintf("cannot import name '%s' from '%s'", n, r.name), hint))
	}
}

// within reports whether module name is pkg or inside package pkg.
func within(name, pkg string) bool {
	return name == pkg || strings.HasPrefix(name, pkg+".")
}

// goModule builds a registry module once.
func (ld *loader) goModule(name string) starlark.Value {
	if v, ok := ld.goMods[name]; ok {
		return v
	}
	f, _ := ld.opts.Registry.Lookup(name)
	v, err := f(ld.env)
	if err != nil {
		ld.fail(&LoadError{File: ld.opts.Filename, Kind: "ImportError", Msg: fmt.Sprintf("module %s: %v", name, err)})
		return nil
	}
	v.Freeze()
	ld.goMods[name] = v
	ld.table[name] = v
	return v
}

// findFile returns the file that implements module name beside the
// locustfile: name.py, name/__init__.py, or name/ (a namespace package).
func (ld *loader) findFile(name string) string {
	rel := filepath.Join(strings.Split(name, ".")...)
	base := filepath.Join(ld.dir, rel)
	if ok, dir := ld.opts.Stat(base + ".py"); ok && !dir {
		return base + ".py"
	}
	if ok, dir := ld.opts.Stat(filepath.Join(base, "__init__.py")); ok && !dir {
		return filepath.Join(base, "__init__.py")
	}
	if ok, dir := ld.opts.Stat(base); ok && dir {
		return base
	}
	return ""
}

// fileModule compiles a Python module beside the locustfile.
func (ld *loader) fileModule(from *unit, r importRef, name string) bool {
	path := ld.findFile(name)
	u := &unit{name: name, path: path}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		u.parent = name[:i]
		u.pkg = name[:i]
	}
	ld.units[name] = u
	switch {
	case strings.HasSuffix(path, "__init__.py"):
		u.isPkg, u.pkg = true, name
	case !strings.HasSuffix(path, ".py"):
		// Namespace package: an empty module.
		u.isPkg, u.pkg = true, name
		u.src = nil
		u.state = 2
		u.path = path
		ld.order = append(ld.order, u)
		return true
	}
	src, err := ld.opts.ReadFile(path)
	if err != nil {
		ld.fail(newLoadError(from.path, from.lines, r.pos, "ImportError", fmt.Sprintf("cannot read module '%s': %v", name, err), ""))
		u.state = 2
		return false
	}
	u.src = src
	ld.compile(u)
	return true
}

// starNames implements moduleInfo for the lowering.
func (ld *loader) starNames(name string) ([]string, bool) {
	if v, ok := ld.goMods[name]; ok {
		ha, ok := v.(starlark.HasAttrs)
		if !ok {
			return nil, true
		}
		var out []string
		for _, n := range ha.AttrNames() {
			if !strings.HasPrefix(n, "_") {
				out = append(out, n)
			}
		}
		return out, true
	}
	u, ok := ld.units[name]
	if !ok || u.tree == nil {
		return nil, false
	}
	an := analyze(u.tree, u.path, u.lines)
	var out []string
	for _, n := range an.mod.order {
		if !strings.HasPrefix(n, "_") {
			out = append(out, n)
		}
	}
	for n := range an.gnames {
		if !strings.HasPrefix(n, "_") && !an.mod.bound[n] {
			out = append(out, n)
		}
	}
	return out, true
}

// initAll runs the module top levels, dependencies first.
func (ld *loader) initAll() error {
	for _, u := range ld.order {
		m := &Module{name: u.name, file: u.path, subs: map[string]starlark.Value{}}
		// Submodules a package's __init__ imported loaded before it.
		for _, c := range ld.order {
			if c.parent == u.name && c.mod != nil {
				m.subs[c.name[len(u.name)+1:]] = c.mod
			}
		}
		// Registered before its top level runs, as in sys.modules, so the
		// package is visible (partly initialised) to its own __init__.
		ld.table[u.name] = m
		if u.prog != nil {
			th := &starlark.Thread{Name: "load " + u.name}
			if ld.opts.InitThread != nil {
				ld.opts.InitThread(th)
			}
			g, err := u.prog.Init(th, ld.pre)
			if err != nil {
				return &InitError{File: u.path, Err: pyrt.NewScriptError(err, ld.srcs)}
			}
			g.Freeze()
			m.globals = g
		}
		u.mod = m
		if u.parent != "" {
			if p, ok := ld.table[u.parent].(*Module); ok {
				p.subs[u.name[len(u.parent)+1:]] = m
			}
		}
	}
	return nil
}

func (ld *loader) program() *Program {
	main := ld.units[ld.opts.ModuleName].mod
	return &Program{Main: main, Globals: main.Public(), Modules: ld.table, Sources: ld.srcs, Predeclared: ld.pre}
}

// importBuiltin is __import(name, top): the loaded module, or its top-level
// package for `import a.b.c`.
func (ld *loader) importBuiltin(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var name string
	var top bool
	if err := starlark.UnpackPositionalArgs("__import", args, kwargs, 2, &name, &top); err != nil {
		return nil, err
	}
	v, ok := ld.table[name]
	if !ok {
		return nil, pyrt.NewError(pyrt.ModuleNotFoundError, fmt.Sprintf("No module named '%s'", name))
	}
	if top {
		first := name
		if i := strings.IndexByte(name, '.'); i >= 0 {
			first = name[:i]
		}
		if t, ok := ld.table[first]; ok {
			return t, nil
		}
	}
	return v, nil
}

// importFromBuiltin is __import_from(module, name, module_name).
func (ld *loader) importFromBuiltin(th *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	var mod starlark.Value
	var name, modName string
	if err := starlark.UnpackPositionalArgs("__import_from", args, kwargs, 3, &mod, &name, &modName); err != nil {
		return nil, err
	}
	if ha, ok := mod.(starlark.HasAttrs); ok {
		if v, err := ha.Attr(name); err == nil && v != nil {
			return v, nil
		}
	}
	if v, ok := ld.table[modName+"."+name]; ok {
		return v, nil
	}
	msg := fmt.Sprintf("cannot import name '%s' from '%s'", name, modName)
	if m, ok := mod.(*Module); ok && m.file != "" {
		msg += fmt.Sprintf(" (%s)", m.file)
	}
	return nil, pyrt.NewError(pyrt.ImportError, msg)
}
