package pylogging

import (
	"fmt"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// inert stands for handlers, formatters and filters: gust routes records to
// its own logger, so these accept configuration and do nothing.
type inert struct{ kind string }

var _ starlark.HasAttrs = (*inert)(nil)

func (x *inert) String() string        { return fmt.Sprintf("<%s>", x.kind) }
func (x *inert) Type() string          { return x.kind }
func (x *inert) Freeze()               {}
func (x *inert) Truth() starlark.Bool  { return true }
func (x *inert) Hash() (uint32, error) { return starlark.String(x.kind).Hash() }
func (x *inert) AttrNames() []string   { return []string{"setFormatter", "setLevel"} }
func (x *inert) Attr(name string) (starlark.Value, error) {
	switch name {
	case "setLevel", "setFormatter", "addFilter", "removeFilter", "flush", "close", "format":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute '%s'", x.kind, name))
}

func inertCtor(kind string) *starlark.Builtin {
	return starlark.NewBuiltin(kind, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return &inert{kind: kind}, nil
	})
}

// Module builds the logging module.
func Module(env *modules.Env) (starlark.Value, error) {
	m := managerFor(env)
	members := starlark.StringDict{
		"CRITICAL": starlark.MakeInt(CRITICAL), "FATAL": starlark.MakeInt(CRITICAL),
		"ERROR": starlark.MakeInt(ERROR), "WARNING": starlark.MakeInt(WARNING), "WARN": starlark.MakeInt(WARNING),
		"INFO": starlark.MakeInt(INFO), "DEBUG": starlark.MakeInt(DEBUG), "NOTSET": starlark.MakeInt(NOTSET),
		"root": m.root,
		"getLogger": starlark.NewBuiltin("getLogger", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var name starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0, &name); err != nil {
				return nil, err
			}
			if name == starlark.None {
				return m.root, nil
			}
			s, ok := name.(starlark.String)
			if !ok {
				return nil, pyrt.NewError(pyrt.TypeError, "A logger name must be a string")
			}
			return m.get(string(s)), nil
		}),
		"basicConfig": starlark.NewBuiltin("basicConfig", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			if len(args) > 0 {
				return nil, pyrt.NewError(pyrt.TypeError, "basicConfig() takes 0 positional arguments")
			}
			for _, kv := range kw {
				switch k := string(kv[0].(starlark.String)); k {
				case "level":
					lv, err := levelArg(kv[1])
					if err != nil {
						return nil, err
					}
					m.root.level.Store(int64(lv))
				case "filename", "filemode":
					return nil, pyrt.NewError(pyrt.PermissionError, "gust does not write files from locustfiles; logging.basicConfig(filename=...) was refused (use --logfile)")
				case "format", "datefmt", "style", "stream", "handlers", "force", "encoding", "errors":
				default:
					return nil, pyrt.NewError(pyrt.ValueError, "Unrecognised argument(s): "+k)
				}
			}
			return starlark.None, nil
		}),
		"getLevelName": starlark.NewBuiltin("getLevelName", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &v); err != nil {
				return nil, err
			}
			switch x := v.(type) {
			case starlark.Int:
				n, _ := x.Int64()
				return starlark.String(levelName(int(n))), nil
			case starlark.String:
				for n, name := range levelNames {
					if name == string(x) {
						return starlark.MakeInt(n), nil
					}
				}
				return starlark.String("Level " + string(x)), nil
			}
			return starlark.String(fmt.Sprintf("Level %s", pyrt.Repr(v))), nil
		}),
		"disable": starlark.NewBuiltin("disable", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value = starlark.MakeInt(CRITICAL)
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0, &v); err != nil {
				return nil, err
			}
			lv, err := levelArg(v)
			if err != nil {
				return nil, err
			}
			m.disabled.Store(int64(lv))
			return starlark.None, nil
		}),
		"captureWarnings": starlark.NewBuiltin("captureWarnings", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}),
		"StreamHandler": inertCtor("StreamHandler"),
		"NullHandler":   inertCtor("NullHandler"),
		"Handler":       inertCtor("Handler"),
		"Formatter":     inertCtor("Formatter"),
		"Filter":        inertCtor("Filter"),
	}
	for name := range methodLevels {
		members[name] = m.root.logMethod(name)
	}
	members["log"] = m.root.logMethod("log")
	mod := modules.NewModule("logging", members)
	mod.Hints = map[string]string{
		"FileHandler":         "gust does not write files from locustfiles; run gust with --logfile",
		"RotatingFileHandler": "gust does not write files from locustfiles; run gust with --logfile",
	}
	return mod, nil
}
