// Package pylogging is Python's logging module for locustfiles. Records go
// to the program's slog.Logger (Env.Logger) with the Python logger name in
// the "logger" attribute; %-style arguments are formatted as Python does.
// As in Locust, the root logger starts at INFO.
//
// Script-level API:
//
//	logging.debug/info/warning/warn/error/exception/critical/fatal(msg, *args, exc_info=, extra=, stack_info=)
//	logging.log(level, msg, *args), logging.getLogger(name=None), logging.basicConfig(**kw),
//	logging.getLevelName(level), logging.disable(level), the level constants
//	logger.debug/.../log, logger.setLevel(level), logger.getEffectiveLevel(),
//	logger.isEnabledFor(level), logger.getChild(suffix), logger.addHandler(h) (accepted),
//	logger.name, logger.level, logger.propagate, logger.disabled
//	logging.StreamHandler(), NullHandler(), Formatter(fmt) — accepted, inert
package pylogging

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Python's level numbers.
const (
	NOTSET   = 0
	DEBUG    = 10
	INFO     = 20
	WARNING  = 30
	ERROR    = 40
	CRITICAL = 50
)

// LevelCritical is the slog level CRITICAL records use (above Error).
const LevelCritical = slog.LevelError + 4

var levelNames = map[int]string{CRITICAL: "CRITICAL", ERROR: "ERROR", WARNING: "WARNING", INFO: "INFO", DEBUG: "DEBUG", NOTSET: "NOTSET"}

// SlogLevel maps a Python level to slog's.
func SlogLevel(level int) slog.Level {
	switch {
	case level <= DEBUG:
		return slog.LevelDebug
	case level <= INFO:
		return slog.LevelInfo
	case level <= WARNING:
		return slog.LevelWarn
	case level <= ERROR:
		return slog.LevelError
	}
	return LevelCritical
}

// manager holds a program's loggers.
type manager struct {
	env      *modules.Env
	mu       sync.Mutex
	loggers  map[string]*Logger
	root     *Logger
	disabled atomic.Int64 // logging.disable(level)
}

func managerFor(env *modules.Env) *manager {
	return env.Shared("pylogging.manager", func() any {
		m := &manager{env: env, loggers: map[string]*Logger{}}
		m.root = &Logger{m: m, name: "root"}
		m.root.level.Store(INFO)
		m.root.propagate.Store(true)
		return m
	}).(*manager)
}

func (m *manager) get(name string) *Logger {
	if name == "" || name == "root" {
		return m.root
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	l, ok := m.loggers[name]
	if !ok {
		l = &Logger{m: m, name: name}
		l.propagate.Store(true)
		m.loggers[name] = l
	}
	return l
}

func (m *manager) lookup(name string) *Logger {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.loggers[name]
}

// Logger is logging.Logger. Its level is atomic: a module-level logger is
// shared by every user.
type Logger struct {
	m         *manager
	name      string
	level     atomic.Int64
	propagate atomic.Bool
	disabled  atomic.Bool
}

var _ starlark.HasAttrs = (*Logger)(nil)
var _ starlark.HasSetField = (*Logger)(nil)

// EffectiveLevel walks up the dotted hierarchy to the first level set.
func (l *Logger) EffectiveLevel() int {
	if lv := l.level.Load(); lv != NOTSET || l == l.m.root {
		return int(lv)
	}
	name := l.name
	for {
		i := strings.LastIndexByte(name, '.')
		if i < 0 {
			return int(l.m.root.level.Load())
		}
		name = name[:i]
		if p := l.m.lookup(name); p != nil {
			if lv := p.level.Load(); lv != NOTSET {
				return int(lv)
			}
		}
	}
}

// Enabled reports whether a record at level would be emitted.
func (l *Logger) Enabled(level int) bool {
	if l.disabled.Load() || int64(level) <= l.m.disabled.Load() {
		return false
	}
	return level >= l.EffectiveLevel()
}

// String is Python's repr: <Logger name (INFO)>.
func (l *Logger) String() string {
	if l == l.m.root {
		return fmt.Sprintf("<RootLogger root (%s)>", levelName(l.EffectiveLevel()))
	}
	return fmt.Sprintf("<Logger %s (%s)>", l.name, levelName(l.EffectiveLevel()))
}

// PyRepr is the same as String.
func (l *Logger) PyRepr() string { return l.String() }

// Type returns "Logger".
func (l *Logger) Type() string { return "Logger" }

// Freeze does nothing: loggers are shared and synchronised.
func (l *Logger) Freeze() {}

// Truth is true.
func (l *Logger) Truth() starlark.Bool { return true }

// Hash hashes the name.
func (l *Logger) Hash() (uint32, error) { return starlark.String(l.name).Hash() }

func levelName(level int) string {
	if n, ok := levelNames[level]; ok {
		return n
	}
	return fmt.Sprintf("Level %d", level)
}

// levelArg accepts a level number or name.
func levelArg(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, _ := x.Int64()
		return int(n), nil
	case starlark.String:
		for n, name := range levelNames {
			if name == string(x) {
				return n, nil
			}
		}
		if x == "WARN" {
			return WARNING, nil
		}
		if x == "FATAL" {
			return CRITICAL, nil
		}
		return 0, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("Unknown level: %s", pyrt.QuoteString(string(x))))
	}
	return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("Level not an integer or a valid string: %s", pyrt.Repr(v)))
}

// Message formats msg % args as Python's LogRecord.getMessage does.
func Message(th *starlark.Thread, msg starlark.Value, args starlark.Tuple) string {
	text := pyrt.StrThread(th, msg)
	if len(args) == 0 {
		return text
	}
	var operand starlark.Value = args
	if len(args) == 1 {
		if m, ok := args[0].(starlark.Mapping); ok && bool(args[0].Truth()) {
			operand = m
		}
	}
	s, err := pyrt.PercentFormat(th, text, operand)
	if err != nil {
		// Python prints "--- Logging error ---"; gust keeps the record.
		return text + " " + pyrt.ReprThread(th, args) + " (logging: " + err.Error() + ")"
	}
	return s
}

// emit sends one record to the program's logger.
func (l *Logger) emit(th *starlark.Thread, level int, msg starlark.Value, args starlark.Tuple, kwargs []starlark.Tuple) error {
	var extra starlark.Value
	for _, kv := range kwargs {
		switch k := string(kv[0].(starlark.String)); k {
		case "exc_info", "stack_info", "stacklevel":
		case "extra":
			extra = kv[1]
		default:
			return pyrt.NewError(pyrt.TypeError, fmt.Sprintf("Logger._log() got an unexpected keyword argument '%s'", k))
		}
	}
	if !l.Enabled(level) {
		return nil
	}
	log := l.m.env.Log()
	sl := SlogLevel(level)
	ctx := context.Background()
	if !log.Enabled(ctx, sl) {
		return nil
	}
	attrs := []slog.Attr{slog.String("logger", l.name)}
	if m, ok := extra.(starlark.IterableMapping); ok {
		for _, kv := range m.Items() {
			attrs = append(attrs, slog.String(pyrt.StrThread(th, kv[0]), pyrt.StrThread(th, kv[1])))
		}
	}
	log.LogAttrs(ctx, sl, Message(th, msg, args), attrs...)
	return nil
}

var methodLevels = map[string]int{"debug": DEBUG, "info": INFO, "warning": WARNING, "warn": WARNING,
	"error": ERROR, "exception": ERROR, "critical": CRITICAL, "fatal": CRITICAL}

func (l *Logger) logMethod(name string) *starlark.Builtin {
	level, fixed := methodLevels[name]
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if !fixed {
			if len(args) < 1 {
				return nil, pyrt.NewError(pyrt.TypeError, "log() missing 2 required positional arguments: 'level' and 'msg'")
			}
			lv, err := levelArg(args[0])
			if err != nil {
				return nil, pyrt.NewError(pyrt.TypeError, "level must be an integer")
			}
			level, args = lv, args[1:]
		}
		if len(args) < 1 {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("%s() missing 1 required positional argument: 'msg'", name))
		}
		return starlark.None, l.emit(th, level, args[0], args[1:], kw)
	})
}

// Attr returns the logger's methods and attributes.
func (l *Logger) Attr(name string) (starlark.Value, error) {
	if _, ok := methodLevels[name]; ok || name == "log" {
		return l.logMethod(name), nil
	}
	switch name {
	case "name":
		return starlark.String(l.name), nil
	case "level":
		return starlark.MakeInt64(l.level.Load()), nil
	case "propagate":
		return starlark.Bool(l.propagate.Load()), nil
	case "disabled":
		return starlark.Bool(l.disabled.Load()), nil
	case "handlers":
		return starlark.NewList(nil), nil
	case "parent":
		if l == l.m.root {
			return starlark.None, nil
		}
		return l.m.root, nil
	case "setLevel":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &v); err != nil {
				return nil, err
			}
			lv, err := levelArg(v)
			if err != nil {
				return nil, err
			}
			l.level.Store(int64(lv))
			return starlark.None, nil
		}), nil
	case "getEffectiveLevel":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.MakeInt(l.EffectiveLevel()), nil
		}), nil
	case "isEnabledFor":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var lv int
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &lv); err != nil {
				return nil, err
			}
			return starlark.Bool(l.Enabled(lv)), nil
		}), nil
	case "getChild":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var suffix string
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &suffix); err != nil {
				return nil, err
			}
			if l == l.m.root {
				return l.m.get(suffix), nil
			}
			return l.m.get(l.name + "." + suffix), nil
		}), nil
	case "addHandler", "removeHandler", "addFilter", "removeFilter":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}), nil
	case "hasHandlers":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.True, nil
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'Logger' object has no attribute '%s'", name))
}

// SetField supports logger.propagate = False, logger.disabled = True and
// logger.level = n.
func (l *Logger) SetField(name string, v starlark.Value) error {
	switch name {
	case "propagate":
		l.propagate.Store(bool(v.Truth()))
	case "disabled":
		l.disabled.Store(bool(v.Truth()))
	case "level":
		lv, err := levelArg(v)
		if err != nil {
			return err
		}
		l.level.Store(int64(lv))
	default:
		return pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("gust's Logger does not support setting '%s'", name))
	}
	return nil
}

// AttrNames lists the methods.
func (l *Logger) AttrNames() []string {
	out := []string{"addHandler", "disabled", "getChild", "getEffectiveLevel", "handlers", "hasHandlers", "isEnabledFor",
		"level", "log", "name", "parent", "propagate", "removeHandler", "setLevel"}
	for k := range methodLevels {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
