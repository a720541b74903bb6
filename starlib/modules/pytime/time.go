// Package pytime is Python's time module for locustfiles. time.sleep
// blocks only the calling user and returns early, with the context's
// error, when the user is stopped.
//
// Script-level API:
//
//	time.time(), time_ns(), monotonic(), monotonic_ns(), perf_counter(),
//	perf_counter_ns(), process_time(), sleep(secs),
//	gmtime(secs=None), localtime(secs=None), mktime(t), strftime(format, t=None),
//	strptime(s, format), asctime(t=None), ctime(secs=None),
//	timezone, altzone, daylight, tzname
package pytime

import (
	"fmt"
	"math"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pydatetime"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

// Sleep blocks for d or until the thread's context ends; it returns the
// context's error in that case.
func Sleep(th *starlark.Thread, d time.Duration) error {
	ctx := thread.Context(th)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("time.sleep interrupted: %w", ctx.Err())
	}
}

// SleepBuiltin is time.sleep (also gevent.sleep).
func SleepBuiltin(name string) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var secs starlark.Value = starlark.MakeInt(0)
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0, &secs); err != nil {
			return nil, err
		}
		f, err := modules.Float(secs, "sleep() argument")
		if err != nil {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object cannot be interpreted as an integer", modules.TypeName(secs)))
		}
		if f < 0 {
			return nil, pyrt.NewError(pyrt.ValueError, "sleep length must be non-negative")
		}
		if math.IsNaN(f) || f > 1e9 {
			return nil, pyrt.NewError(pyrt.OverflowError, "sleep length is too large")
		}
		if err := Sleep(th, time.Duration(f*float64(time.Second))); err != nil {
			return nil, err
		}
		return starlark.None, nil
	})
}

func noArgs(name string, f func() starlark.Value) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0); err != nil {
			return nil, err
		}
		return f(), nil
	})
}

// secsArg reads an optional seconds-since-epoch argument.
func secsArg(env *modules.Env, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (time.Time, error) {
	var secs starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0, &secs); err != nil {
		return time.Time{}, err
	}
	if secs == starlark.None {
		return env.Time(), nil
	}
	f, err := modules.Float(secs, "seconds")
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(0, 0).Add(time.Duration(math.Floor(f)) * time.Second), nil
}

// tupleArg reads an optional struct_time argument (default: now, local).
func tupleArg(env *modules.Env, v starlark.Value) (time.Time, error) {
	if v == nil || v == starlark.None {
		return pydatetime.NewStructTime(env.Time().In(time.Local), 0).Wall(), nil
	}
	return pydatetime.TimeTuple(v)
}

// Module builds the time module.
func Module(env *modules.Env) (starlark.Value, error) {
	start := time.Now()
	_, off := time.Now().In(time.Local).Zone()
	zone, _ := time.Now().In(time.Local).Zone()
	return modules.NewModule("time", starlark.StringDict{
		"time":            noArgs("time", func() starlark.Value { return starlark.Float(float64(env.Time().UnixNano()) / 1e9) }),
		"time_ns":         noArgs("time_ns", func() starlark.Value { return starlark.MakeInt64(env.Time().UnixNano()) }),
		"monotonic":       noArgs("monotonic", func() starlark.Value { return starlark.Float(time.Since(start).Seconds()) }),
		"monotonic_ns":    noArgs("monotonic_ns", func() starlark.Value { return starlark.MakeInt64(int64(time.Since(start))) }),
		"perf_counter":    noArgs("perf_counter", func() starlark.Value { return starlark.Float(time.Since(start).Seconds()) }),
		"perf_counter_ns": noArgs("perf_counter_ns", func() starlark.Value { return starlark.MakeInt64(int64(time.Since(start))) }),
		"process_time":    noArgs("process_time", func() starlark.Value { return starlark.Float(time.Since(start).Seconds()) }),
		"sleep":           SleepBuiltin("sleep"),
		"gmtime": starlark.NewBuiltin("gmtime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			t, err := secsArg(env, b, args, kw)
			if err != nil {
				return nil, err
			}
			return pydatetime.NewStructTime(t.UTC(), 0), nil
		}),
		"localtime": starlark.NewBuiltin("localtime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			t, err := secsArg(env, b, args, kw)
			if err != nil {
				return nil, err
			}
			t = t.In(time.Local)
			dst := 0
			if t.IsDST() {
				dst = 1
			}
			return pydatetime.NewStructTime(t, dst), nil
		}),
		"mktime": starlark.NewBuiltin("mktime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var tv starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &tv); err != nil {
				return nil, err
			}
			w, err := pydatetime.TimeTuple(tv)
			if err != nil {
				return nil, err
			}
			local := time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.Local)
			return starlark.Float(float64(local.Unix())), nil
		}),
		"strftime": starlark.NewBuiltin("strftime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var format string
			var tv starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &format, &tv); err != nil {
				return nil, err
			}
			w, err := tupleArg(env, tv)
			if err != nil {
				return nil, err
			}
			return starlark.String(pydatetime.Strftime(w, format, nil, false)), nil
		}),
		"strptime": starlark.NewBuiltin("strptime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var s, format = "", "%a %b %d %H:%M:%S %Y"
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &s, &format); err != nil {
				return nil, err
			}
			p, err := pydatetime.Strptime(s, format)
			if err != nil {
				return nil, err
			}
			return pydatetime.NewStructTime(p.Wall, -1), nil
		}),
		"asctime": starlark.NewBuiltin("asctime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var tv starlark.Value = starlark.None
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0, &tv); err != nil {
				return nil, err
			}
			w, err := tupleArg(env, tv)
			if err != nil {
				return nil, err
			}
			return starlark.String(pydatetime.Strftime(w, "%a %b %e %H:%M:%S %Y", nil, false)), nil
		}),
		"ctime": starlark.NewBuiltin("ctime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			t, err := secsArg(env, b, args, kw)
			if err != nil {
				return nil, err
			}
			w := pydatetime.NewStructTime(t.In(time.Local), 0).Wall()
			return starlark.String(pydatetime.Strftime(w, "%a %b %e %H:%M:%S %Y", nil, false)), nil
		}),
		"timezone": starlark.MakeInt(-off),
		"altzone":  starlark.MakeInt(-off),
		"daylight": starlark.MakeInt(0),
		"tzname":   starlark.Tuple{starlark.String(zone), starlark.String(zone)},
	}), nil
}
