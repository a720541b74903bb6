// Package pydotenv is python-dotenv for locustfiles: load_dotenv() reads the
// .env file beside the locustfile (or the nearest one above it) into the
// program's os.environ view, never into the gust process.
//
// Script-level API:
//
//	dotenv.load_dotenv(dotenv_path=None, stream=None, verbose=False, override=False,
//	                   interpolate=True, encoding='utf-8') → bool
//	dotenv.dotenv_values(dotenv_path=None, stream=None, verbose=False, interpolate=True,
//	                     encoding='utf-8') → dict (a key without '=' maps to None)
//	dotenv.find_dotenv(filename='.env', raise_error_if_not_found=False, usecwd=False) → str
package pydotenv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pyos"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Binding is one parsed entry; Value is nil for a bare key.
type Binding struct {
	Key   string
	Value *string
}

// Parse reads .env text with python-dotenv's rules: comments, `export`,
// single quotes (literal), double quotes (escapes, multi-line), unquoted
// values with ` #` comments. Lines it cannot read are skipped, as
// python-dotenv does (with a warning).
func Parse(text string) []Binding {
	var out []Binding
	s := text
	for len(s) > 0 {
		// One logical line.
		s = strings.TrimLeft(s, " \t\r\n")
		if s == "" {
			break
		}
		if s[0] == '#' {
			s = skipLine(s)
			continue
		}
		if strings.HasPrefix(s, "export ") || strings.HasPrefix(s, "export\t") {
			s = strings.TrimLeft(s[len("export"):], " \t")
		}
		var key string
		if s[0] == '\'' || s[0] == '"' {
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				s = skipLine(s)
				continue
			}
			key, s = s[1:1+end], s[2+end:]
		} else {
			i := strings.IndexAny(s, "=#\n \t\r")
			if i < 0 {
				i = len(s)
			}
			key, s = s[:i], s[i:]
		}
		s = strings.TrimLeft(s, " \t")
		if key == "" {
			s = skipLine(s)
			continue
		}
		if s == "" || s[0] == '\n' || s[0] == '\r' || s[0] == '#' {
			out = append(out, Binding{Key: key})
			s = skipLine(s)
			continue
		}
		if s[0] != '=' {
			s = skipLine(s)
			continue
		}
		s = strings.TrimLeft(s[1:], " \t")
		var val string
		switch {
		case s != "" && s[0] == '\'':
			end := findQuote(s[1:], '\'')
			if end < 0 {
				s = skipLine(s)
				continue
			}
			raw := s[1 : 1+end]
			val = strings.NewReplacer(`\\`, `\`, `\'`, `'`).Replace(raw)
			s = skipLine(s[2+end:])
		case s != "" && s[0] == '"':
			end := findQuote(s[1:], '"')
			if end < 0 {
				s = skipLine(s)
				continue
			}
			val = unescape(s[1 : 1+end])
			s = skipLine(s[2+end:])
		default:
			line := s
			if i := strings.IndexAny(s, "\r\n"); i >= 0 {
				line, s = s[:i], s[i:]
			} else {
				s = ""
			}
			if i := strings.Index(line, " #"); i >= 0 {
				line = line[:i]
			}
			if i := strings.Index(line, "\t#"); i >= 0 {
				line = line[:i]
			}
			val = strings.TrimRight(line, " \t")
		}
		v := val
		out = append(out, Binding{Key: key, Value: &v})
	}
	return out
}

func skipLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return ""
}

// findQuote finds the closing quote, skipping backslash escapes.
func findQuote(s string, q byte) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case q:
			return i
		}
	}
	return -1
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 >= len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		switch s[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '"', '\\', '\'':
			b.WriteByte(s[i])
		default:
			b.WriteByte('\\')
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// expand resolves ${NAME} and ${NAME:-default}.
func expand(v string, lookup func(string) (string, bool)) string {
	var b strings.Builder
	for {
		i := strings.Index(v, "${")
		if i < 0 {
			b.WriteString(v)
			return b.String()
		}
		end := strings.IndexByte(v[i:], '}')
		if end < 0 {
			b.WriteString(v)
			return b.String()
		}
		b.WriteString(v[:i])
		ref := v[i+2 : i+end]
		name, def, _ := strings.Cut(ref, ":-")
		if val, ok := lookup(name); ok {
			b.WriteString(val)
		} else {
			b.WriteString(def)
		}
		v = v[i+end+1:]
	}
}

// Resolve turns bindings into values, expanding ${VAR} references in every
// value (quoted ones too, as python-dotenv 1.x does); environ values win
// over the file's own unless override is set.
func Resolve(bs []Binding, environ func(string) (string, bool), override, interpolate bool) ([]string, []*string) {
	file := map[string]string{}
	var keys []string
	var vals []*string
	for _, b := range bs {
		if b.Value == nil {
			keys, vals = append(keys, b.Key), append(vals, nil)
			continue
		}
		v := *b.Value
		if interpolate {
			v = expand(v, func(n string) (string, bool) {
				if !override {
					if x, ok := environ(n); ok {
						return x, true
					}
				}
				if x, ok := file[n]; ok {
					return x, true
				}
				return environ(n)
			})
		}
		file[b.Key] = v
		keys, vals = append(keys, b.Key), append(vals, &v)
	}
	return keys, vals
}

// Find is find_dotenv: the nearest file with that name in the locustfile's
// folder or above it.
func Find(env *modules.Env, name string) string {
	dir := env.Folder()
	for {
		p := filepath.Join(dir, name)
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

func read(th *starlark.Thread, env *modules.Env, path, stream starlark.Value) (string, bool, error) {
	if stream != starlark.None {
		ha, ok := stream.(starlark.HasAttrs)
		var r starlark.Value
		if ok {
			r, _ = ha.Attr("read")
		}
		if r == nil {
			return "", false, pyrt.NewError(pyrt.TypeError, "stream must have a read() method")
		}
		v, err := starlark.Call(th, r, nil, nil)
		if err != nil {
			return "", false, err
		}
		return pyrt.StrThread(th, v), true, nil
	}
	var p string
	if path == starlark.None {
		p = Find(env, ".env")
		if p == "" {
			return "", false, nil
		}
	} else {
		var err error
		if p, err = modules.PathArg(path, "dotenv_path"); err != nil {
			return "", false, err
		}
		p = env.Resolve(p)
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return "", false, nil // python-dotenv ignores a missing file
	}
	return string(data), true, nil
}

// Module builds the dotenv module.
func Module(env *modules.Env) (starlark.Value, error) {
	environ := pyos.EnvironFor(env)
	return modules.NewModule("dotenv", starlark.StringDict{
		"load_dotenv": starlark.NewBuiltin("load_dotenv", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var path, stream, enc starlark.Value = starlark.None, starlark.None, starlark.None
			verbose, override, interpolate := false, false, true
			if err := starlark.UnpackArgs(b.Name(), args, kw, "dotenv_path?", &path, "stream?", &stream, "verbose?", &verbose,
				"override?", &override, "interpolate?", &interpolate, "encoding?", &enc); err != nil {
				return nil, err
			}
			text, ok, err := read(th, env, path, stream)
			if err != nil || !ok {
				return starlark.False, err
			}
			keys, vals := Resolve(Parse(text), environ.Lookup, override, interpolate)
			if len(keys) == 0 {
				return starlark.False, nil
			}
			for i, k := range keys {
				if vals[i] == nil {
					continue
				}
				if _, exists := environ.Lookup(k); exists && !override {
					continue
				}
				environ.Set(k, *vals[i])
			}
			return starlark.True, nil
		}),
		"dotenv_values": starlark.NewBuiltin("dotenv_values", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var path, stream, enc starlark.Value = starlark.None, starlark.None, starlark.None
			verbose, interpolate := false, true
			if err := starlark.UnpackArgs(b.Name(), args, kw, "dotenv_path?", &path, "stream?", &stream, "verbose?", &verbose,
				"interpolate?", &interpolate, "encoding?", &enc); err != nil {
				return nil, err
			}
			d := starlark.NewDict(0)
			text, ok, err := read(th, env, path, stream)
			if err != nil || !ok {
				return d, err
			}
			keys, vals := Resolve(Parse(text), environ.Lookup, false, interpolate)
			for i, k := range keys {
				var v starlark.Value = starlark.None
				if vals[i] != nil {
					v = starlark.String(*vals[i])
				}
				_ = d.SetKey(starlark.String(k), v)
			}
			return d, nil
		}),
		"find_dotenv": starlark.NewBuiltin("find_dotenv", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			name := ".env"
			raise, usecwd := false, false
			if err := starlark.UnpackArgs(b.Name(), args, kw, "filename?", &name, "raise_error_if_not_found?", &raise, "usecwd?", &usecwd); err != nil {
				return nil, err
			}
			p := Find(env, name)
			if p == "" && raise {
				return nil, pyrt.NewError(pyrt.OSError, fmt.Sprintf("File not found"))
			}
			return starlark.String(p), nil
		}),
	}), nil
}
