package pyfront

import (
	"strings"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
	"go.starlark.net/syntax"
)

// Imports are resolved when the program loads: every module a file names
// is found (registry module or file beside the locustfile) and loaded
// before the file runs, so at run time `import x` only looks the module up:
//
//	import a.b.c        ->  a = __import("a.b.c", True)
//	import a.b as m     ->  m = __import("a.b", False)
//	from a import x as y ->  y = __import_from(__import("a", False), "x", "a")
//	from a import *     ->  one __import_from per public name of a

// absModule resolves a possibly relative module name against pkg.
func absModule(name string, level int, pkg string) (string, bool) {
	if level == 0 {
		return name, true
	}
	if pkg == "" {
		return "", false
	}
	parts := strings.Split(pkg, ".")
	if level-1 >= len(parts) {
		return "", false
	}
	base := strings.Join(parts[:len(parts)-(level-1)], ".")
	if name == "" {
		return base, true
	}
	return base + "." + name, true
}

func (l *lowerer) importStmt(s *pyast.Import) []syntax.Stmt {
	var out []syntax.Stmt
	for _, al := range s.Names {
		p := al.StartPos
		top := l.ident("True", p)
		if al.AsName != "" {
			top = l.ident("False", p)
		}
		val := l.helper("__import", p, l.str(al.Name, p), top)
		out = append(out, l.assign(l.storeName(importBinding(al), p), val, p))
	}
	return out
}

func (l *lowerer) importFrom(s *pyast.ImportFrom) []syntax.Stmt {
	name, ok := absModule(s.Module, s.Level, l.pkg)
	if !ok {
		l.errorf(s.StartPos, "ImportError", "relative imports work inside packages beside the locustfile", "attempted relative import with no known parent package")
		return nil
	}
	p := s.StartPos
	if s.ModulePos.IsValid() {
		p = s.ModulePos
	}
	mod := func() syntax.Expr { return l.helper("__import", p, l.str(name, p), l.ident("False", p)) }
	var out []syntax.Stmt
	if len(s.Names) == 1 && s.Names[0].Name == "*" {
		names, ok := l.info.starNames(name)
		if !ok {
			return nil // reported by the loader
		}
		if len(names) == 0 {
			return nil
		}
		tmp := l.temp("__mod")
		out = append(out, l.assign(l.ident(tmp, p), mod(), p))
		for _, n := range names {
			val := l.helper("__import_from", p, l.ident(tmp, p), l.str(n, p), l.str(name, p))
			out = append(out, l.assign(l.storeName(n, p), val, p))
		}
		return out
	}
	for _, al := range s.Names {
		q := al.StartPos
		bind := al.Name
		if al.AsName != "" {
			bind = al.AsName
		}
		val := l.helper("__import_from", q, mod(), l.str(al.Name, q), l.str(name, q))
		out = append(out, l.assign(l.storeName(bind, q), val, q))
	}
	return out
}

// importRef is one module a file needs.
type importRef struct {
	name    string // absolute module name
	pos     pyast.Pos
	guarded bool // inside a try whose handlers catch ImportError
	star    bool // from name import *
	from    []string
	fromPos []pyast.Pos // where each name of from is written
}

// collectImports lists the modules a file imports, in source order,
// skipping the body of `if __name__ == "__main__":`.
func collectImports(mod *pyast.Module, pkg string) ([]importRef, []*pyast.ImportFrom) {
	var refs []importRef
	var badRelative []*pyast.ImportFrom
	var walk func(list []pyast.Stmt, guarded bool, top bool)
	walk = func(list []pyast.Stmt, guarded bool, top bool) {
		for _, st := range list {
			switch s := st.(type) {
			case *pyast.Import:
				for _, al := range s.Names {
					refs = append(refs, importRef{name: al.Name, pos: al.StartPos, guarded: guarded})
				}
			case *pyast.ImportFrom:
				name, ok := absModule(s.Module, s.Level, pkg)
				if !ok {
					badRelative = append(badRelative, s)
					continue
				}
				p := s.StartPos
				if s.ModulePos.IsValid() {
					p = s.ModulePos
				}
				ref := importRef{name: name, pos: p, guarded: guarded}
				for _, al := range s.Names {
					if al.Name == "*" {
						ref.star = true
					} else {
						ref.from = append(ref.from, al.Name)
						ref.fromPos = append(ref.fromPos, al.StartPos)
					}
				}
				refs = append(refs, ref)
			case *pyast.If:
				if top && isMainGuard(s) {
					walk(s.OrElse, guarded, top)
					continue
				}
				walk(s.Body, guarded, top)
				walk(s.OrElse, guarded, top)
			case *pyast.For:
				walk(s.Body, guarded, top)
				walk(s.OrElse, guarded, top)
			case *pyast.While:
				walk(s.Body, guarded, top)
				walk(s.OrElse, guarded, top)
			case *pyast.With:
				walk(s.Body, guarded, top)
			case *pyast.Try:
				walk(s.Body, guarded || catchesImportError(s), top)
				for _, h := range s.Handlers {
					walk(h.Body, guarded, top)
				}
				walk(s.OrElse, guarded, top)
				walk(s.FinalBody, guarded, top)
			case *pyast.FunctionDef:
				walk(s.Body, guarded, false)
			case *pyast.ClassDef:
				walk(s.Body, guarded, false)
			}
		}
	}
	walk(mod.Body, false, true)
	return refs, badRelative
}

// catchesImportError reports a try statement with a handler for
// ImportError (or one of its bases, or a bare except).
func catchesImportError(s *pyast.Try) bool {
	for _, h := range s.Handlers {
		if h.Type == nil {
			return true
		}
		var names []pyast.Expr
		if t, ok := h.Type.(*pyast.Tuple); ok {
			names = t.Elts
		} else {
			names = []pyast.Expr{h.Type}
		}
		for _, n := range names {
			if id, ok := n.(*pyast.Name); ok {
				switch id.ID {
				case "ImportError", "ModuleNotFoundError", "Exception", "BaseException":
					return true
				}
			}
		}
	}
	return false
}
