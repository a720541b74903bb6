package pydatetime

import (
	"fmt"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

func (d Datetime) isoformat(sep, timespec string) (string, error) {
	t := d.t
	clock, err := clockISO(t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000, timespec)
	if err != nil {
		return "", err
	}
	out := t.Format("2006-01-02") + sep + clock
	if d.tz != nil {
		out += formatOffset(d.tz.offset, ":")
	}
	return out, nil
}

// String is isoformat(sep=' ').
func (d Datetime) String() string { s, _ := d.isoformat(" ", "auto"); return s }

// PyRepr is "datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=...)".
func (d Datetime) PyRepr() string {
	t := d.t
	f := []int{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond() / 1000}
	if f[6] == 0 {
		f = f[:6]
		if f[5] == 0 {
			f = f[:5]
		}
	}
	s := "datetime.datetime("
	for i, n := range f {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprint(n)
	}
	if d.tz != nil {
		s += ", tzinfo=" + d.tz.PyRepr()
	}
	return s + ")"
}

// PyFormat is strftime(spec), or str() for an empty spec.
func (d Datetime) PyFormat(spec string) (string, error) {
	if spec == "" {
		return d.String(), nil
	}
	return Strftime(d.t, spec, d.tz, d.tz != nil), nil
}

// Type returns "datetime".
func (d Datetime) Type() string { return "datetime" }

// Freeze does nothing.
func (d Datetime) Freeze() {}

// Truth is true.
func (d Datetime) Truth() starlark.Bool { return true }

// Hash hashes the instant (aware) or the wall clock (naive).
func (d Datetime) Hash() (uint32, error) {
	u := d.t.UnixMicro()
	if d.tz != nil {
		u -= d.tz.offset
	}
	return uint32(u) ^ uint32(u>>32), nil
}

// utcMicros returns the comparable position on the time line.
func (d Datetime) utcMicros() int64 {
	u := d.t.UnixMicro()
	if d.tz != nil {
		u -= d.tz.offset
	}
	return u
}

// CompareSameType orders datetimes; naive and aware ones are never equal
// and cannot be ordered.
func (d Datetime) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	o := y.(Datetime)
	if (d.tz == nil) != (o.tz == nil) {
		switch op {
		case syntax.EQL:
			return false, nil
		case syntax.NEQ:
			return true, nil
		}
		return false, pyrt.NewError(pyrt.TypeError, "can't compare offset-naive and offset-aware datetimes")
	}
	return cmpInt(op, d.utcMicros(), o.utcMicros()), nil
}

// Binary implements datetime ± timedelta and datetime - datetime.
func (d Datetime) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		if op == syntax.PLUS || op == syntax.MINUS && side == starlark.Left {
			us := y.us
			if op == syntax.MINUS {
				us = -us
			}
			t := d.t.Add(time.Duration(us) * time.Microsecond)
			if err := checkYear(t); err != nil {
				return nil, err
			}
			return Datetime{t: t, tz: d.tz}, nil
		}
	case Datetime:
		if op != syntax.MINUS {
			break
		}
		a, b := d, y
		if side == starlark.Right {
			a, b = b, a
		}
		if (a.tz == nil) != (b.tz == nil) {
			return nil, pyrt.NewError(pyrt.TypeError, "can't subtract offset-naive and offset-aware datetimes")
		}
		return Timedelta{a.utcMicros() - b.utcMicros()}, nil
	}
	return nil, nil
}

// Attr returns the fields and methods.
func (d Datetime) Attr(name string) (starlark.Value, error) {
	t := d.t
	if v, ok := dateAttr(t, name); ok {
		return v, nil
	}
	switch name {
	case "hour":
		return starlark.MakeInt(t.Hour()), nil
	case "minute":
		return starlark.MakeInt(t.Minute()), nil
	case "second":
		return starlark.MakeInt(t.Second()), nil
	case "microsecond":
		return starlark.MakeInt(t.Nanosecond() / 1000), nil
	case "tzinfo":
		if d.tz == nil {
			return starlark.None, nil
		}
		return d.tz, nil
	case "date":
		return method(name, func() (starlark.Value, error) {
			return Date{time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)}, nil
		}), nil
	case "time", "timetz":
		return method(name, func() (starlark.Value, error) {
			tm := Time{us: int64(t.Hour())*3600e6 + int64(t.Minute())*60e6 + int64(t.Second())*1e6 + int64(t.Nanosecond()/1000)}
			if name == "timetz" {
				tm.tz = d.tz
			}
			return tm, nil
		}), nil
	case "timestamp":
		return method(name, func() (starlark.Value, error) {
			return starlark.Float(float64(d.Instant().UnixMicro()) / 1e6), nil
		}), nil
	case "utcoffset":
		return method(name, func() (starlark.Value, error) {
			if d.tz == nil {
				return starlark.None, nil
			}
			return Timedelta{d.tz.offset}, nil
		}), nil
	case "tzname":
		return method(name, func() (starlark.Value, error) {
			if d.tz == nil {
				return starlark.None, nil
			}
			return starlark.String(d.tz.Name()), nil
		}), nil
	case "utctimetuple":
		return method(name, func() (starlark.Value, error) {
			return StructTimeOf(time.UnixMicro(d.utcMicros()).UTC(), 0), nil
		}), nil
	case "strftime":
		return strftimeMethod(t, d.tz, d.tz != nil), nil
	case "isoformat":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			sep, spec := "T", "auto"
			if err := starlark.UnpackArgs(name, args, kw, "sep?", &sep, "timespec?", &spec); err != nil {
				return nil, err
			}
			s, err := d.isoformat(sep, spec)
			return starlark.String(s), err
		}), nil
	case "astimezone":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var tzv starlark.Value = starlark.None
			if err := starlark.UnpackArgs(name, args, kw, "tz?", &tzv); err != nil {
				return nil, err
			}
			tz, err := tzArg(tzv)
			if err != nil {
				return nil, err
			}
			inst := d.Instant()
			if tz == nil {
				return NewDatetime(inst.In(time.Local), false), nil
			}
			wall := inst.UTC().Add(time.Duration(tz.offset) * time.Microsecond)
			return Datetime{t: wall, tz: tz}, nil
		}), nil
	case "replace":
		return starlark.NewBuiltin(name, d.replace), nil
	}
	return nil, nil
}

func (d Datetime) replace(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	t := d.t
	f := [7]int{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond() / 1000}
	vals := make([]starlark.Value, 7)
	for i, n := range f {
		vals[i] = starlark.MakeInt(n)
	}
	var tzv starlark.Value = starlark.None
	if d.tz != nil {
		tzv = d.tz
	}
	if err := starlark.UnpackArgs("replace", args, kw, "year?", &vals[0], "month?", &vals[1], "day?", &vals[2],
		"hour?", &vals[3], "minute?", &vals[4], "second?", &vals[5], "microsecond?", &vals[6], "tzinfo?", &tzv); err != nil {
		return nil, err
	}
	for i, v := range vals {
		n, err := intField(v)
		if err != nil {
			return nil, err
		}
		f[i] = n
	}
	wall, err := makeWall(f)
	if err != nil {
		return nil, err
	}
	tz, err := tzArg(tzv)
	if err != nil {
		return nil, err
	}
	return Datetime{t: wall, tz: tz}, nil
}

// AttrNames lists the fields and methods.
func (d Datetime) AttrNames() []string {
	return append(dateAttrNames(), "astimezone", "date", "hour", "isoformat", "microsecond", "minute",
		"replace", "second", "strftime", "time", "timestamp", "timetz", "tzinfo", "tzname", "utcoffset", "utctimetuple")
}

// fromTimestamp converts seconds since the epoch to a datetime in tz (nil:
// naive local time).
func fromTimestamp(v starlark.Value, tz *Timezone, utc bool) (starlark.Value, error) {
	f, err := modules.Float(v, "timestamp")
	if err != nil {
		return nil, err
	}
	if f < -62135596800 || f > 253402300799 {
		return nil, pyrt.NewError(pyrt.ValueError, "year is out of range")
	}
	us := int64(roundHalfEven(f * 1e6))
	inst := time.UnixMicro(us)
	switch {
	case utc:
		return NewDatetime(inst.UTC(), true), nil
	case tz == nil:
		return NewDatetime(inst.In(time.Local), true), nil
	}
	return Datetime{t: inst.UTC().Add(time.Duration(tz.offset) * time.Microsecond), tz: tz}, nil
}

// now returns the current time from the injected clock.
func now(env *modules.Env, tz *Timezone) Datetime {
	t := env.Time()
	if tz == nil {
		return NewDatetime(t.In(time.Local), true)
	}
	return Datetime{t: NewDatetime(t.UTC(), true).t.Add(time.Duration(tz.offset) * time.Microsecond), tz: tz}
}
