package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/pflag"
)

// setting is one option value from a config file or the environment.
type setting struct {
	key    string
	values []string // one element, or several for lists
	source string   // where it came from, for error messages
}

// layer is one configuration source; later layers win.
type layer []setting

// readConfFile reads Locust's .conf format: "key = value", "key: value" or
// "key value" lines, # and ; comments, [section] lines ignored, lists as
// "[a, b]".
func readConfFile(path string) (layer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out layer
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' || (line[0] == '[' && strings.HasSuffix(line, "]") && !strings.Contains(line, "=")) {
			continue
		}
		var key, val string
		if i := strings.IndexAny(line, "=:"); i >= 0 {
			key, val = line[:i], line[i+1:]
		} else if i := strings.IndexAny(line, " \t"); i >= 0 {
			key, val = line[:i], line[i+1:]
		} else {
			key, val = line, "true"
		}
		key = strings.TrimLeft(strings.TrimSpace(key), "-")
		val = strings.TrimSpace(val)
		src := fmt.Sprintf("%s:%d", path, n)
		if strings.HasPrefix(val, "[") && strings.HasSuffix(val, "]") {
			out = append(out, setting{key: key, values: splitList(val), source: src})
		} else {
			out = append(out, setting{key: key, values: []string{unquote(val)}, source: src})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}

func unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		return s[1 : len(s)-1]
	}
	return s
}

// readPyproject reads the [tool.locust] table of a pyproject.toml (also
// [tool.gust]); a file without it contributes nothing.
func readPyproject(path string) (layer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Tool map[string]map[string]any `toml:"tool"`
	}
	if err := toml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	var out layer
	for _, section := range []string{"locust", "gust"} {
		table := doc.Tool[section]
		keys := make([]string, 0, len(table))
		for k := range table {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			src := fmt.Sprintf("%s [tool.%s] %s", path, section, k)
			switch v := table[k].(type) {
			case []any:
				var vals []string
				for _, e := range v {
					vals = append(vals, fmt.Sprint(e))
				}
				out = append(out, setting{key: k, values: vals, source: src})
			default:
				out = append(out, setting{key: k, values: []string{fmt.Sprint(v)}, source: src})
			}
		}
	}
	return out, nil
}

// envLayer reads LOCUST_* and then GUST_* variables (GUST_ wins).
func envLayer(fset *pflag.FlagSet, getenv func(string) (string, bool)) layer {
	var out layer
	for _, prefix := range []string{"LOCUST_", "GUST_"} {
		for _, s := range specs {
			name := s.envName()
			if name == "" {
				continue
			}
			name = prefix + strings.TrimPrefix(strings.TrimPrefix(name, "LOCUST_"), "GUST_")
			v, ok := getenv(name)
			if !ok {
				continue
			}
			kind := fset.Lookup(s.name).Value.Type()
			if kind == "bool" {
				switch strings.ToLower(strings.TrimSpace(v)) {
				case "true", "yes", "1":
					out = append(out, setting{key: s.name, values: []string{"true"}, source: name})
				}
				continue
			}
			vals := []string{v}
			if kind == "list" {
				if strings.HasPrefix(strings.TrimSpace(v), "[") {
					vals = splitList(v)
				}
			}
			out = append(out, setting{key: s.name, values: vals, source: name})
		}
	}
	return out
}

// configLayers reads the default config files and the --config file, in
// Locust's order: ~/.locust.conf, ./locust.conf, ./gust.conf,
// ./pyproject.toml, --config. Missing default files are skipped; a missing
// --config file is an error.
func configLayers(home, cwd, explicit string) ([]layer, error) {
	var out []layer
	candidates := []string{}
	if home != "" {
		candidates = append(candidates, filepath.Join(home, ".locust.conf"))
	}
	candidates = append(candidates, filepath.Join(cwd, "locust.conf"), filepath.Join(cwd, "gust.conf"), filepath.Join(cwd, "pyproject.toml"))
	for _, p := range candidates {
		l, err := readConfigFile(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	if explicit != "" {
		p := explicit
		if !filepath.IsAbs(p) {
			p = filepath.Join(cwd, p)
		}
		l, err := readConfigFile(p)
		if err != nil {
			return nil, fmt.Errorf("config file %s: %w", explicit, err)
		}
		out = append(out, l)
	}
	return out, nil
}

func readConfigFile(path string) (layer, error) {
	if strings.HasSuffix(path, ".toml") {
		return readPyproject(path)
	}
	return readConfFile(path)
}

// applyLayers sets every option that the command line did not set, from the
// layers in order (later wins). Keys that are no built-in option are
// returned, last value per key, for the locustfile's custom options (see
// custom.go); whatever is left of them is an error there.
func applyLayers(fset *pflag.FlagSet, layers []layer) (unknown []setting, err error) {
	final := map[string]setting{}
	var order []string
	for _, l := range layers {
		for _, s := range l {
			spec := specByName(s.key)
			if spec == nil {
				// Locust also accepts the argparse dest spelling with underscores.
				spec = specByName(strings.ReplaceAll(s.key, "_", "-"))
			}
			if spec != nil && spec.noConfig {
				return nil, &usageError{msg: fmt.Sprintf("option %q cannot be set in %s", s.key, s.source)}
			}
			if spec == nil {
				unknown = append(unknown, s)
				continue
			}
			s.key = spec.name
			if _, seen := final[s.key]; !seen {
				order = append(order, s.key)
			}
			final[s.key] = s
		}
	}
	for _, k := range order {
		if fset.Changed(k) {
			continue
		}
		s := final[k]
		f := fset.Lookup(k)
		if f.Value.Type() == "bool" {
			v := strings.ToLower(strings.TrimSpace(s.values[0]))
			switch v {
			case "true", "yes", "1", "on":
				v = "true"
			case "false", "no", "0", "off", "":
				v = "false"
			default:
				return nil, &usageError{msg: fmt.Sprintf("argument --%s: expected true or false, got '%s' (%s)", k, s.values[0], s.source)}
			}
			if err := f.Value.Set(v); err != nil {
				return nil, &usageError{msg: fmt.Sprintf("argument --%s: %v (%s)", k, err, s.source)}
			}
			continue
		}
		if lv, ok := f.Value.(*listValue); ok {
			// Config files and the environment give lists element by
			// element ("[a, b]"); a plain value is one element, as in Locust.
			*lv.p = append([]string(nil), s.values...)
			lv.set = true
			continue
		}
		if err := f.Value.Set(s.values[0]); err != nil {
			return nil, &usageError{msg: fmt.Sprintf("argument %s: %v (%s)", flagLabel(f), err, s.source)}
		}
	}
	return unknown, nil
}

// flagLabel is argparse's "-u/--users" form.
func flagLabel(f *pflag.Flag) string {
	if f.Shorthand != "" {
		return "-" + f.Shorthand + "/--" + f.Name
	}
	return "--" + f.Name
}

// usageError is a command-line or configuration mistake: exit code 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }
