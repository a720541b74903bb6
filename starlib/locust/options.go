package locust

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/starlib/pyrt"
)

// CustomOption is a command-line option a locustfile adds in an
// init_command_line_parser listener with parser.add_argument(...).
type CustomOption struct {
	// Names are the option strings, e.g. ["--my-arg"] or ["-m", "--my-arg"].
	Names []string
	// Dest is the parsed_options attribute (argparse's dest).
	Dest string
	// Type converts a string value (int, float, str, or any callable);
	// nil keeps strings.
	Type starlark.Value
	// Default is the value when the option is not given (None if unset).
	Default starlark.Value
	// EnvVar is the environment variable that sets it (env_var=).
	EnvVar string
	// Flag is true for action="store_true" (or "store_false", with
	// FlagValue false).
	Flag      bool
	FlagValue bool
	// Choices, when set, are the allowed values.
	Choices []starlark.Value
	Help    string
	// HiddenInWebUI is include_in_web_ui=False: Locust shows every other
	// custom option in the web UI's start form ("Custom parameters").
	HiddenInWebUI bool
	// IsSecret (a masked input) and IsRequired shape that form field.
	IsSecret, IsRequired bool
}

// LongName returns the option's first long name without dashes (the config
// file key), or Dest.
func (o *CustomOption) LongName() string {
	for _, n := range o.Names {
		if strings.HasPrefix(n, "--") {
			return n[2:]
		}
	}
	return strings.ReplaceAll(o.Dest, "_", "-")
}

// Convert turns a string given on the command line, in the environment or
// in a config file into the option's value, calling its type on th.
func (o *CustomOption) Convert(th *starlark.Thread, s string) (starlark.Value, error) {
	if o.Flag {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "", "true", "yes", "1", "on":
			return starlark.Bool(o.FlagValue), nil
		case "false", "no", "0", "off":
			return starlark.Bool(!o.FlagValue), nil
		}
		return nil, fmt.Errorf("argument %s: expected true or false, got '%s'", o.Names[0], s)
	}
	var v starlark.Value = starlark.String(s)
	if o.Type != nil && o.Type != starlark.None {
		conv, err := starlark.Call(th, o.Type, starlark.Tuple{starlark.String(s)}, nil)
		if err != nil {
			return nil, fmt.Errorf("argument %s: invalid value: '%s'", o.Names[0], s)
		}
		v = conv
	}
	if len(o.Choices) > 0 {
		for _, c := range o.Choices {
			if eq, _ := starlark.Equal(c, v); eq {
				return v, nil
			}
		}
		var names []string
		for _, c := range o.Choices {
			names = append(names, pyrt.Repr(c))
		}
		return nil, fmt.Errorf("argument %s: invalid choice: %s (choose from %s)", o.Names[0], pyrt.Repr(v), strings.Join(names, ", "))
	}
	return v, nil
}

// parserValue is the `parser` an init_command_line_parser listener gets:
// it records add_argument calls.
type parserValue struct {
	mu   sync.Mutex
	opts []*CustomOption
}

var _ starlark.HasAttrs = (*parserValue)(nil)

func (p *parserValue) String() string        { return "<LocustArgumentParser>" }
func (p *parserValue) Type() string          { return "LocustArgumentParser" }
func (p *parserValue) Freeze()               {}
func (p *parserValue) Truth() starlark.Bool  { return true }
func (p *parserValue) Hash() (uint32, error) { return 0x50, nil }

// AttrNames lists the methods.
func (p *parserValue) AttrNames() []string {
	return []string{"add_argument", "add_argument_group", "set_defaults"}
}

// Attr returns add_argument and the group/defaults helpers.
func (p *parserValue) Attr(name string) (starlark.Value, error) {
	switch name {
	case "add_argument":
		return builtin("add_argument", p.addArgument), nil
	case "add_argument_group", "add_mutually_exclusive_group":
		return builtin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return p, nil
		}), nil
	case "set_defaults":
		return builtin(name, func(_ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
			p.mu.Lock()
			defer p.mu.Unlock()
			for _, kv := range kwargs {
				k := string(kv[0].(starlark.String))
				for _, o := range p.opts {
					if o.Dest == k {
						o.Default = kv[1]
					}
				}
			}
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

func (p *parserValue) addArgument(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
	o := &CustomOption{Default: starlark.None}
	for _, a := range args {
		s, ok := starlark.AsString(a)
		if !ok {
			return nil, pyrt.NewError(pyrt.TypeError, "add_argument() option names must be strings")
		}
		o.Names = append(o.Names, s)
	}
	if len(o.Names) == 0 {
		return nil, pyrt.NewError(pyrt.ValueError, "add_argument() needs an option name such as '--my-option'")
	}
	for _, n := range o.Names {
		if !strings.HasPrefix(n, "-") {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("gust supports only optional arguments (--name), not the positional %q", n))
		}
	}
	for _, kv := range kwargs {
		k := string(kv[0].(starlark.String))
		v := kv[1]
		switch k {
		case "type":
			o.Type = v
		case "default":
			o.Default = v
		case "dest":
			o.Dest, _ = starlark.AsString(v)
		case "env_var":
			o.EnvVar, _ = starlark.AsString(v)
		case "help":
			o.Help, _ = starlark.AsString(v)
		case "action":
			switch s, _ := starlark.AsString(v); s {
			case "store_true":
				o.Flag, o.FlagValue = true, true
			case "store_false":
				o.Flag, o.FlagValue = true, false
			case "store", "":
			default:
				return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("add_argument(action=%q) is not supported by gust; use store, store_true or store_false", s))
			}
		case "choices":
			if it, ok := v.(starlark.Iterable); ok {
				iter := it.Iterate()
				var x starlark.Value
				for iter.Next(&x) {
					o.Choices = append(o.Choices, x)
				}
				iter.Done()
			}
		case "include_in_web_ui":
			o.HiddenInWebUI = !bool(v.Truth())
		case "is_secret":
			o.IsSecret = bool(v.Truth())
		case "is_required":
			o.IsRequired = bool(v.Truth())
		case "required", "is_multiple", "metavar", "nargs", "const":
			// Accepted: they shape argparse's help and checks.
		default:
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("add_argument() got an unexpected keyword argument '%s'", k))
		}
	}
	if o.Dest == "" {
		name := o.Names[0]
		for _, n := range o.Names {
			if strings.HasPrefix(n, "--") {
				name = n
				break
			}
		}
		o.Dest = strings.ReplaceAll(strings.TrimLeft(name, "-"), "-", "_")
	}
	if o.Flag && o.Default == starlark.None {
		o.Default = starlark.Bool(!o.FlagValue)
	}
	p.mu.Lock()
	p.opts = append(p.opts, o)
	p.mu.Unlock()
	return starlark.None, nil
}

// CustomOptions fires init_command_line_parser with a parser and returns
// the options the listeners added.
func (rt *Runtime) CustomOptions(ctx context.Context) ([]*CustomOption, error) {
	p := &parserValue{}
	if err := rt.events.Hook("init_command_line_parser").Fire(ctx, Kwargs("parser", starlark.Value(p)), false); err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]*CustomOption(nil), p.opts...), nil
}
