package cli

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/user"
	"github.com/gust-load/gust/starlib/modules/pyjson"
	"github.com/gust-load/gust/starlib/pyrt"
)

// ExitConfigUsers is Locust's sys.exit(-1) when --config-users names a user
// class the locustfile lacks.
const ExitConfigUsers = 255

// userConfig is one object of --config-users: Locust's update_user_class
// settings for the class named by user_class_name.
type userConfig struct {
	class string
	keys  []string
	vals  map[string]starlark.Value
}

// parseConfigUsers reads every --config-users value — a JSON object, an
// array of them, or a .json file holding either — as Locust's
// json_user_config does; a problem is a usage error (exit 2).
func (s *session) parseConfigUsers() ([]userConfig, error) {
	var out []userConfig
	th := &starlark.Thread{Name: "config-users"}
	for _, raw := range s.opts.ConfigUsers {
		text := raw
		if strings.HasSuffix(raw, ".json") {
			data, err := os.ReadFile(s.path(raw))
			if err != nil {
				return nil, &usageError{msg: "argument --config-users: " + err.Error()}
			}
			text = string(data)
		}
		v, err := pyjson.Decode(th, text, pyjson.Hooks{})
		if err != nil {
			msg := err.Error()
			var pe *pyrt.Error
			if errors.As(err, &pe) {
				msg = pe.Message()
			}
			return nil, &usageError{msg: "argument --config-users: The --config-users argument must be a valid JSON string or file: " + msg}
		}
		items := []starlark.Value{v}
		if l, ok := v.(*starlark.List); ok {
			items = items[:0]
			for i := range l.Len() {
				items = append(items, l.Index(i))
			}
		}
		for _, item := range items {
			d, ok := item.(*starlark.Dict)
			if !ok {
				return nil, &usageError{msg: "argument --config-users: The user config must specify a user_class_name"}
			}
			name, found, _ := d.Get(starlark.String("user_class_name"))
			cls, isStr := name.(starlark.String)
			if !found || !isStr {
				return nil, &usageError{msg: "argument --config-users: The user config must specify a user_class_name"}
			}
			c := userConfig{class: string(cls), vals: map[string]starlark.Value{}}
			for _, kv := range d.Items() {
				k, _ := starlark.AsString(kv[0])
				if k == "user_class_name" {
					continue
				}
				c.keys = append(c.keys, k)
				c.vals[k] = kv[1]
			}
			out = append(out, c)
		}
	}
	return out, nil
}

// applyConfigUsers applies --config-users to the loaded classes as
// Locust's Environment.update_user_class does: every setting becomes a
// class attribute (weight, fixed_count and host also steer the engine),
// and "tasks" keeps only the named tasks, with their weights. A class the
// locustfile lacks ends gust with Locust's error and exit code.
func (s *session) applyConfigUsers(cfgs []userConfig) int {
	for _, c := range cfgs {
		idx := slices.IndexFunc(s.lf.file.Classes, func(u *user.Class) bool { return u.Name == c.class })
		script := s.lf.file.Script[c.class]
		if idx < 0 || script == nil {
			s.named("locust.main").Error(fmt.Sprintf("Error applying user config, probably you tried to specify config for a User not present in your locustfile: '%s'", c.class))
			return ExitConfigUsers
		}
		uc := *s.lf.file.Classes[idx]
		for _, k := range c.keys {
			v := c.vals[k]
			if err := s.applyUserSetting(&uc, k, v); err != nil {
				s.named("locust.main").Error(fmt.Sprintf("Error applying user config to %s: %v", c.class, err))
				return ExitConfigUsers
			}
			if k == "tasks" {
				continue
			}
			v.Freeze()
			if err := script.SetField(k, v); err != nil {
				s.named("locust.main").Error(fmt.Sprintf("Error applying user config to %s: %v", c.class, err))
				return ExitConfigUsers
			}
		}
		s.lf.file.Classes[idx] = &uc
	}
	return ExitOK
}

// applyUserSetting applies the settings the engine reads itself.
func (s *session) applyUserSetting(uc *user.Class, key string, v starlark.Value) error {
	switch key {
	case "weight":
		f, ok := starlark.AsFloat(v)
		if !ok || f < 0 {
			return fmt.Errorf("weight must be a number, not %s", v)
		}
		uc.Weight = f
	case "fixed_count":
		n, err := starlark.AsInt32(v)
		if err != nil || n < 0 {
			return fmt.Errorf("fixed_count must be a whole number, not %s", v)
		}
		uc.FixedCount = n
	case "host":
		h, ok := starlark.AsString(v)
		if !ok {
			return fmt.Errorf("host must be a string, not %s", v)
		}
		if s.opts.Host == "" { // --host overrides every class's host
			uc.Host = h
		}
	case "tasks":
		l, ok := v.(*starlark.List)
		if !ok {
			return fmt.Errorf("tasks must be a list of task names, not %s", v)
		}
		var names []string
		for i := range l.Len() {
			n, _ := starlark.AsString(l.Index(i))
			names = append(names, n)
		}
		root := &user.TaskSet{Name: uc.Name}
		if uc.Root != nil {
			cp := *uc.Root
			cp.Tasks = nil
			for _, w := range uc.Root.Tasks {
				if slices.Contains(names, w.Name()) {
					cp.Tasks = append(cp.Tasks, w)
				}
			}
			root = &cp
		}
		uc.Root = root
	}
	return nil
}

// stringsValue is a repeatable string option (--config-users '{..}' '{..}'
// as Locust's nargs="*" takes them, given here one flag each).
type stringsValue struct{ p *[]string }

func (v *stringsValue) String() string { return strings.Join(*v.p, " ") }
func (v *stringsValue) Type() string   { return "json" }
func (v *stringsValue) Set(s string) error {
	*v.p = append(*v.p, s)
	return nil
}

var _ pflag.Value = (*stringsValue)(nil)
