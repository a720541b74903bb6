package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/pflag"
	"go.starlark.net/starlark"

	"github.com/gust-load/gust/starlib/locust"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/web"
)

// parseCustomOptions is the second pass over the command line, once the
// locustfile is loaded: Locust fires init_command_line_parser so a
// locustfile can add options (parser.add_argument("--my-arg", ...)), then
// parses everything. Unknown flags — typos — are reported here. Each custom
// option takes its value from the command line, else its env_var, else a
// config file, else its default; values land in environment.parsed_options.
func (s *session) parseCustomOptions(ctx context.Context) error {
	custom, err := s.lf.rt.CustomOptions(ctx)
	if err != nil {
		return err
	}
	s.custom = custom
	fs := (&Options{}).Flags()
	byName := map[string]*locust.CustomOption{}
	set := map[*locust.CustomOption]*customValue{}
	for _, o := range custom {
		v := &customValue{flag: o.Flag}
		set[o] = v
		var long, short string
		for _, n := range o.Names {
			switch {
			case strings.HasPrefix(n, "--"):
				long = n[2:]
			case len(n) == 2:
				short = n[1:]
			}
		}
		if long == "" {
			long = strings.ReplaceAll(o.Dest, "_", "-")
		}
		if fs.Lookup(long) != nil || (short != "" && fs.ShorthandLookup(short) != nil) {
			return &usageError{msg: fmt.Sprintf("the locustfile's option %s clashes with a built-in option", strings.Join(o.Names, "/"))}
		}
		f := fs.VarPF(v, long, short, o.Help)
		if o.Flag {
			f.NoOptDefVal = "true"
		}
		byName[long] = o
		byName[o.Dest] = o
	}
	args, err := expandAbbreviations(s.st.Args, fs)
	if err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return &usageError{msg: flagErrorText(fs, err)}
	}
	if args := fs.Args(); len(args) > 0 {
		s.opts.UserClasses = args
	}

	var leftover []string
	config := map[*locust.CustomOption]setting{}
	for _, st := range s.opts.configExtra {
		o := byName[st.key]
		if o == nil {
			o = byName[strings.ReplaceAll(st.key, "_", "-")]
		}
		if o == nil {
			leftover = append(leftover, fmt.Sprintf("%q in %s", st.key, st.source))
			continue
		}
		config[o] = st
	}
	if len(leftover) > 0 {
		return &usageError{msg: "unrecognized option " + strings.Join(leftover, ", ")}
	}

	th := s.lf.rt.NewThread(ctx, "options")
	s.opts.Custom = map[string]starlark.Value{}
	for _, o := range custom {
		var raw string
		found := true
		if v := set[o]; v.set {
			raw = v.value
		} else if env, ok := s.envFor(o); ok {
			raw = env
		} else if c, ok := config[o]; ok {
			raw = strings.Join(c.values, ",")
		} else {
			found = false
		}
		if !found {
			s.opts.Custom[o.Dest] = o.Default
			continue
		}
		val, err := o.Convert(th, raw)
		if err != nil {
			return &usageError{msg: err.Error()}
		}
		s.opts.Custom[o.Dest] = val
	}
	return nil
}

// envFor reads an option's env_var (or LOCUST_<DEST>).
func (s *session) envFor(o *locust.CustomOption) (string, bool) {
	if o.EnvVar != "" {
		if v, ok := s.st.Getenv(o.EnvVar); ok {
			return v, true
		}
	}
	return s.st.Getenv("LOCUST_" + strings.ToUpper(o.Dest))
}

// customValue is a pflag.Value that remembers the raw text.
type customValue struct {
	value string
	set   bool
	flag  bool
}

func (v *customValue) String() string { return v.value }
func (v *customValue) Type() string {
	if v.flag {
		return "bool"
	}
	return "string"
}
func (v *customValue) Set(s string) error {
	v.value, v.set = s, true
	return nil
}

var _ pflag.Value = (*customValue)(nil)

// webExtraOptions are the locustfile's options the web UI's start form
// shows (all but include_in_web_ui=False ones), with their current values.
func (s *session) webExtraOptions() []web.ExtraOption {
	var out []web.ExtraOption
	for _, o := range s.custom {
		if o.HiddenInWebUI {
			continue
		}
		e := web.ExtraOption{Name: o.Dest, Default: goValue(s.opts.Custom[o.Dest]), HelpText: o.Help,
			IsSecret: o.IsSecret, IsRequired: o.IsRequired}
		for _, c := range o.Choices {
			e.Choices = append(e.Choices, pyrt.Str(c))
		}
		out = append(out, e)
	}
	return out
}

// goValue is a parsed option's value as the web UI's JSON shows it.
func goValue(v starlark.Value) any {
	switch x := v.(type) {
	case nil, starlark.NoneType:
		return nil
	case starlark.Bool:
		return bool(x)
	case starlark.Int:
		if n, ok := x.Int64(); ok {
			return n
		}
	case starlark.Float:
		return float64(x)
	case starlark.String:
		return string(x)
	case *starlark.List:
		out := make([]string, x.Len())
		for i := range x.Len() {
			out[i] = pyrt.Str(x.Index(i))
		}
		return out
	}
	return pyrt.Str(v)
}
