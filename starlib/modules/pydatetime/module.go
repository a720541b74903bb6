package pydatetime

import (
	"fmt"
	"sort"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// class is a datetime type object: calling it constructs a value, its
// attributes are the alternate constructors and class constants.
type class struct {
	name  string
	ctor  func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)
	attrs starlark.StringDict
}

var (
	_ starlark.Callable = (*class)(nil)
	_ starlark.HasAttrs = (*class)(nil)
)

func (c *class) Name() string          { return c.name }
func (c *class) String() string        { return fmt.Sprintf("<class 'datetime.%s'>", c.name) }
func (c *class) PyRepr() string        { return c.String() }
func (c *class) Type() string          { return "type" }
func (c *class) Freeze()               {}
func (c *class) Truth() starlark.Bool  { return true }
func (c *class) Hash() (uint32, error) { return starlark.String(c.name).Hash() }
func (c *class) AttrNames() []string   { return sortedKeys(c.attrs) }
func (c *class) Attr(n string) (starlark.Value, error) {
	if n == "__name__" {
		return starlark.String(c.name), nil
	}
	if v, ok := c.attrs[n]; ok {
		return v, nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("type object 'datetime.%s' has no attribute '%s'", c.name, n))
}
func (c *class) CallInternal(th *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	return c.ctor(th, starlark.NewBuiltin(c.name, nil), args, kw)
}

func sortedKeys(d starlark.StringDict) []string {
	out := make([]string, 0, len(d))
	for k := range d {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func builtin(name string, f func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, f)
}

func fields(name string, args starlark.Tuple, kw []starlark.Tuple, names []string, required int) ([7]int, starlark.Value, error) {
	var f [7]int
	vals := make([]starlark.Value, len(names))
	var tzv starlark.Value = starlark.None
	pairs := []any{}
	for i, n := range names {
		if i >= required {
			n += "?"
		}
		pairs = append(pairs, n, &vals[i])
	}
	if len(names) > 3 || name == "time" {
		pairs = append(pairs, "tzinfo?", &tzv)
	}
	if err := starlark.UnpackArgs(name, args, kw, pairs...); err != nil {
		return f, nil, err
	}
	for i, v := range vals {
		if v == nil {
			continue
		}
		n, err := intField(v)
		if err != nil {
			return f, nil, err
		}
		f[i] = n
	}
	return f, tzv, nil
}

// Module builds the datetime module.
func Module(env *modules.Env) (starlark.Value, error) {
	dtNames := []string{"year", "month", "day", "hour", "minute", "second", "microsecond"}
	minDT := Datetime{t: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}
	maxDT := Datetime{t: time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)}

	tzClass := &class{name: "timezone", ctor: newTimezone, attrs: starlark.StringDict{"utc": utcZone}}
	deltaClass := &class{name: "timedelta", ctor: newTimedelta, attrs: starlark.StringDict{
		"min":        Timedelta{-maxDeltaDays * usPerDay},
		"max":        Timedelta{maxDeltaDays*usPerDay - 1},
		"resolution": Timedelta{1},
	}}
	dateClass := &class{name: "date", ctor: func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		f, _, err := fields("date", args, kw, dtNames[:3], 3)
		if err != nil {
			return nil, err
		}
		t, err := makeWall(f)
		return Date{t}, err
	}, attrs: starlark.StringDict{
		"min": Date{minDT.t},
		"max": Date{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)},
		"today": builtin("today", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			n := now(env, nil).t
			return Date{time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)}, nil
		}),
		"fromisoformat": builtin("fromisoformat", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &s); err != nil {
				return nil, err
			}
			p, err := FromISO(s, true)
			return Date{p.Wall}, err
		}),
		"fromtimestamp": builtin("fromtimestamp", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var ts starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &ts); err != nil {
				return nil, err
			}
			v, err := fromTimestamp(ts, nil, false)
			if err != nil {
				return nil, err
			}
			t := v.(Datetime).t
			return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}, nil
		}),
		"fromordinal": builtin("fromordinal", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var n int
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &n); err != nil {
				return nil, err
			}
			if n < 1 || n > 3652059 {
				return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("ordinal must be >= 1"))
			}
			return Date{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n-1)}, nil
		}),
	}}
	timeClass := &class{name: "time", ctor: func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		f, tzv, err := fields("time", args, kw, dtNames[3:], 0)
		if err != nil {
			return nil, err
		}
		if err := checkClock(f[0], f[1], f[2], f[3]); err != nil {
			return nil, err
		}
		tz, err := tzArg(tzv)
		return Time{us: int64(f[0])*3600e6 + int64(f[1])*60e6 + int64(f[2])*1e6 + int64(f[3]), tz: tz}, err
	}, attrs: starlark.StringDict{
		"min": Time{},
		"max": Time{us: usPerDay - 1},
		"fromisoformat": builtin("fromisoformat", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &s); err != nil {
				return nil, err
			}
			p, err := FromISO("2000-01-01T"+s, false)
			if err != nil {
				return nil, pyrt.NewError(pyrt.ValueError, "Invalid isoformat string: "+pyrt.QuoteString(s))
			}
			w := p.Wall
			return Time{us: int64(w.Hour())*3600e6 + int64(w.Minute())*60e6 + int64(w.Second())*1e6 + int64(w.Nanosecond()/1000), tz: p.TZ}, nil
		}),
	}}
	dtClass := &class{name: "datetime", ctor: func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		f, tzv, err := fields("datetime", args, kw, dtNames, 3)
		if err != nil {
			return nil, err
		}
		t, err := makeWall(f)
		if err != nil {
			return nil, err
		}
		tz, err := tzArg(tzv)
		return Datetime{t: t, tz: tz}, err
	}}
	tzOnly := func(name string, f func(tz *Timezone) (starlark.Value, error)) *starlark.Builtin {
		return builtin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var tzv starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kw, "tz?", &tzv); err != nil {
				return nil, err
			}
			tz, err := tzArg(tzv)
			if err != nil {
				return nil, err
			}
			return f(tz)
		})
	}
	dtClass.attrs = starlark.StringDict{
		"min":        minDT,
		"max":        maxDT,
		"resolution": Timedelta{1},
		"now":        tzOnly("now", func(tz *Timezone) (starlark.Value, error) { return now(env, tz), nil }),
		"today":      tzOnly("today", func(*Timezone) (starlark.Value, error) { return now(env, nil), nil }),
		"utcnow": builtin("utcnow", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return NewDatetime(env.Time().UTC(), true), nil
		}),
		"fromtimestamp": builtin("fromtimestamp", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var ts, tzv starlark.Value = nil, starlark.None
			if err := starlark.UnpackArgs(b.Name(), args, kw, "timestamp", &ts, "tz?", &tzv); err != nil {
				return nil, err
			}
			tz, err := tzArg(tzv)
			if err != nil {
				return nil, err
			}
			return fromTimestamp(ts, tz, false)
		}),
		"utcfromtimestamp": builtin("utcfromtimestamp", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var ts starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &ts); err != nil {
				return nil, err
			}
			return fromTimestamp(ts, nil, true)
		}),
		"fromisoformat": builtin("fromisoformat", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var s string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &s); err != nil {
				return nil, err
			}
			p, err := FromISO(s, false)
			return Datetime{t: p.Wall, tz: p.TZ}, err
		}),
		"strptime": builtin("strptime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var s, f string
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 2, &s, &f); err != nil {
				return nil, err
			}
			p, err := Strptime(s, f)
			return Datetime{t: p.Wall, tz: p.TZ}, err
		}),
		"combine": builtin("combine", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var dv, tv, tzv starlark.Value = nil, nil, nil
			if err := starlark.UnpackArgs(b.Name(), args, kw, "date", &dv, "time", &tv, "tzinfo?", &tzv); err != nil {
				return nil, err
			}
			var day time.Time
			switch x := dv.(type) {
			case Date:
				day = x.t
			case Datetime:
				day = time.Date(x.t.Year(), x.t.Month(), x.t.Day(), 0, 0, 0, 0, time.UTC)
			default:
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("combine() argument 1 must be datetime.date, not %s", modules.TypeName(dv)))
			}
			tm, ok := tv.(Time)
			if !ok {
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("combine() argument 2 must be datetime.time, not %s", modules.TypeName(tv)))
			}
			tz := tm.tz
			if tzv != nil {
				var err error
				if tz, err = tzArg(tzv); err != nil {
					return nil, err
				}
			}
			return Datetime{t: day.Add(time.Duration(tm.us) * time.Microsecond), tz: tz}, nil
		}),
	}
	return modules.NewModule("datetime", starlark.StringDict{
		"datetime":  dtClass,
		"date":      dateClass,
		"time":      timeClass,
		"timedelta": deltaClass,
		"timezone":  tzClass,
		"MINYEAR":   starlark.MakeInt(1),
		"MAXYEAR":   starlark.MakeInt(9999),
		"UTC":       utcZone,
	}), nil
}
