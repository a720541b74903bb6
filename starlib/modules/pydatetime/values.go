package pydatetime

import (
	"fmt"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Date is datetime.date.
type Date struct{ t time.Time } // midnight UTC of the date

// Datetime is datetime.datetime: wall-clock fields (held in a UTC
// time.Time) and an optional fixed-offset zone; nil tz means naive.
type Datetime struct {
	t  time.Time
	tz *Timezone
}

// Time is datetime.time.
type Time struct {
	us int64 // microseconds since midnight
	tz *Timezone
}

var (
	_ starlark.HasAttrs   = Date{}
	_ starlark.HasBinary  = Date{}
	_ starlark.Comparable = Date{}
	_ starlark.HasAttrs   = Datetime{}
	_ starlark.HasBinary  = Datetime{}
	_ starlark.Comparable = Datetime{}
	_ starlark.HasAttrs   = Time{}
	_ starlark.Comparable = Time{}
)

// NewDatetime wraps a Go time as a datetime: naive wall clock when naive
// is true, else aware with the time's fixed offset.
func NewDatetime(t time.Time, naive bool) Datetime {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond()/1000*1000, time.UTC)
	if naive {
		return Datetime{t: wall}
	}
	_, off := t.Zone()
	tz := &Timezone{offset: int64(off) * usPerSec}
	if off == 0 {
		tz = utcZone
	}
	return Datetime{t: wall, tz: tz}
}

// Instant returns the absolute time of an aware datetime, or the local
// interpretation of a naive one (as Python's timestamp() does).
func (d Datetime) Instant() time.Time {
	if d.tz == nil {
		return time.Date(d.t.Year(), d.t.Month(), d.t.Day(), d.t.Hour(), d.t.Minute(), d.t.Second(), d.t.Nanosecond(), time.Local)
	}
	return d.t.Add(-time.Duration(d.tz.offset) * time.Microsecond)
}

func checkYear(t time.Time) error {
	if t.Year() < 1 || t.Year() > 9999 {
		return pyrt.NewError(pyrt.OverflowError, "date value out of range")
	}
	return nil
}

func intField(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if !ok {
			return 0, pyrt.NewError(pyrt.OverflowError, "signed integer is greater than maximum")
		}
		return int(n), nil
	case starlark.Bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object cannot be interpreted as an integer", modules.TypeName(v)))
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// makeWall validates fields as Python's constructors do.
func makeWall(f [7]int) (time.Time, error) {
	switch {
	case f[0] < 1 || f[0] > 9999:
		return time.Time{}, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("year %d is out of range", f[0]))
	case f[1] < 1 || f[1] > 12:
		return time.Time{}, pyrt.NewError(pyrt.ValueError, "month must be in 1..12")
	case f[2] < 1 || f[2] > daysIn(f[0], f[1]):
		return time.Time{}, pyrt.NewError(pyrt.ValueError, "day is out of range for month")
	}
	if err := checkClock(f[3], f[4], f[5], f[6]); err != nil {
		return time.Time{}, err
	}
	return time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], f[6]*1000, time.UTC), nil
}

func checkClock(h, m, s, us int) error {
	switch {
	case h < 0 || h > 23:
		return pyrt.NewError(pyrt.ValueError, "hour must be in 0..23")
	case m < 0 || m > 59:
		return pyrt.NewError(pyrt.ValueError, "minute must be in 0..59")
	case s < 0 || s > 59:
		return pyrt.NewError(pyrt.ValueError, "second must be in 0..59")
	case us < 0 || us > 999999:
		return pyrt.NewError(pyrt.ValueError, "microsecond must be in 0..999999")
	}
	return nil
}

// --- Date ---

// String is isoformat(): "2024-01-02".
func (d Date) String() string { return d.t.Format("2006-01-02") }

// PyRepr is "datetime.date(2024, 1, 2)".
func (d Date) PyRepr() string {
	return fmt.Sprintf("datetime.date(%d, %d, %d)", d.t.Year(), d.t.Month(), d.t.Day())
}

// PyFormat is strftime(spec), or str() for an empty spec.
func (d Date) PyFormat(spec string) (string, error) {
	if spec == "" {
		return d.String(), nil
	}
	return Strftime(d.t, spec, nil, false), nil
}

// Type returns "date".
func (d Date) Type() string { return "date" }

// Freeze does nothing.
func (d Date) Freeze() {}

// Truth is true.
func (d Date) Truth() starlark.Bool { return true }

// Hash hashes the day.
func (d Date) Hash() (uint32, error) { return uint32(d.t.Unix() / 86400), nil }

// CompareSameType orders dates.
func (d Date) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	return cmpInt(op, d.t.Unix(), y.(Date).t.Unix()), nil
}

// Binary implements date ± timedelta and date - date.
func (d Date) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		days := floorDiv(y.us, usPerDay) // Python uses only td.days
		if op == syntax.PLUS || op == syntax.MINUS && side == starlark.Left {
			if op == syntax.MINUS {
				days = -days
			}
			t := d.t.AddDate(0, 0, int(days))
			if err := checkYear(t); err != nil {
				return nil, err
			}
			return Date{t}, nil
		}
	case Date:
		if op == syntax.MINUS {
			a, b := d.t, y.t
			if side == starlark.Right {
				a, b = b, a
			}
			return Timedelta{a.Sub(b).Microseconds()}, nil
		}
	}
	return nil, nil
}

// Attr returns the date fields and methods.
func (d Date) Attr(name string) (starlark.Value, error) {
	if v, ok := dateAttr(d.t, name); ok {
		return v, nil
	}
	switch name {
	case "isoformat", "__str__":
		return method(name, func() (starlark.Value, error) { return starlark.String(d.String()), nil }), nil
	case "strftime":
		return strftimeMethod(d.t, nil, false), nil
	case "replace":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			f := [7]int{d.t.Year(), int(d.t.Month()), d.t.Day()}
			vals := []starlark.Value{starlark.MakeInt(f[0]), starlark.MakeInt(f[1]), starlark.MakeInt(f[2])}
			if err := starlark.UnpackArgs(name, args, kw, "year?", &vals[0], "month?", &vals[1], "day?", &vals[2]); err != nil {
				return nil, err
			}
			for i, v := range vals {
				n, err := intField(v)
				if err != nil {
					return nil, err
				}
				f[i] = n
			}
			t, err := makeWall(f)
			return Date{t}, err
		}), nil
	}
	return nil, nil
}

// AttrNames lists the fields and methods.
func (d Date) AttrNames() []string {
	return append(dateAttrNames(), "isoformat", "replace", "strftime")
}

func dateAttrNames() []string {
	return []string{"ctime", "day", "isocalendar", "isoweekday", "month", "timetuple", "toordinal", "weekday", "year"}
}

// toordinal is Python's proleptic Gregorian ordinal (0001-01-01 is 1).
func toordinal(t time.Time) int64 {
	base := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return (day.Unix()-base.Unix())/86400 + 1
}

// isoCalendarDate is the result type of isocalendar() (immutable).
var isoCalendarDate = &modules.NamedTupleType{Typename: "datetime.IsoCalendarDate", Fields: []string{"year", "week", "weekday"}, Module: "datetime"}

// dateAttr serves the attributes dates and datetimes share.
func dateAttr(t time.Time, name string) (starlark.Value, bool) {
	switch name {
	case "year":
		return starlark.MakeInt(t.Year()), true
	case "month":
		return starlark.MakeInt(int(t.Month())), true
	case "day":
		return starlark.MakeInt(t.Day()), true
	case "weekday":
		return method(name, func() (starlark.Value, error) { return starlark.MakeInt((int(t.Weekday()) + 6) % 7), nil }), true
	case "isoweekday":
		return method(name, func() (starlark.Value, error) { return starlark.MakeInt((int(t.Weekday())+6)%7 + 1), nil }), true
	case "toordinal":
		return method(name, func() (starlark.Value, error) { return starlark.MakeInt64(toordinal(t)), nil }), true
	case "isocalendar":
		return method(name, func() (starlark.Value, error) {
			y, w := t.ISOWeek()
			return isoCalendarDate.New(starlark.MakeInt(y), starlark.MakeInt(w), starlark.MakeInt((int(t.Weekday())+6)%7+1)), nil
		}), true
	case "ctime":
		return method(name, func() (starlark.Value, error) {
			return starlark.String(Strftime(t, "%a %b %e %H:%M:%S %Y", nil, false)), nil
		}), true
	case "timetuple":
		return method(name, func() (starlark.Value, error) { return StructTimeOf(t, -1), nil }), true
	}
	return nil, false
}

func strftimeMethod(t time.Time, tz *Timezone, hasTZ bool) *starlark.Builtin {
	return starlark.NewBuiltin("strftime", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var f string
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &f); err != nil {
			return nil, err
		}
		return starlark.String(Strftime(t, f, tz, hasTZ)), nil
	})
}

// --- Time ---

func (t Time) fields() (h, m, s, us int) {
	return int(t.us / 3600e6), int(t.us / 60e6 % 60), int(t.us / 1e6 % 60), int(t.us % 1_000_000)
}

func (t Time) wall() time.Time {
	return time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(t.us) * time.Microsecond)
}

func (t Time) isoformat(timespec string) (string, error) {
	h, m, s, us := t.fields()
	out, err := clockISO(h, m, s, us, timespec)
	if err != nil {
		return "", err
	}
	if t.tz != nil {
		out += formatOffset(t.tz.offset, ":")
	}
	return out, nil
}

func clockISO(h, m, s, us int, timespec string) (string, error) {
	switch timespec {
	case "auto":
		if us != 0 {
			return fmt.Sprintf("%02d:%02d:%02d.%06d", h, m, s, us), nil
		}
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s), nil
	case "hours":
		return fmt.Sprintf("%02d", h), nil
	case "minutes":
		return fmt.Sprintf("%02d:%02d", h, m), nil
	case "seconds":
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s), nil
	case "milliseconds":
		return fmt.Sprintf("%02d:%02d:%02d.%03d", h, m, s, us/1000), nil
	case "microseconds":
		return fmt.Sprintf("%02d:%02d:%02d.%06d", h, m, s, us), nil
	}
	return "", pyrt.NewError(pyrt.ValueError, "Unknown timespec value")
}

// String is isoformat().
func (t Time) String() string { s, _ := t.isoformat("auto"); return s }

// PyRepr is "datetime.time(3, 4, 5)".
func (t Time) PyRepr() string {
	h, m, s, us := t.fields()
	args := fmt.Sprintf("%d, %d", h, m)
	if s != 0 || us != 0 {
		args += fmt.Sprintf(", %d", s)
	}
	if us != 0 {
		args += fmt.Sprintf(", %d", us)
	}
	if t.tz != nil {
		args += ", tzinfo=" + t.tz.PyRepr()
	}
	return "datetime.time(" + args + ")"
}

// PyFormat is strftime(spec), or str() for an empty spec.
func (t Time) PyFormat(spec string) (string, error) {
	if spec == "" {
		return t.String(), nil
	}
	return Strftime(t.wall(), spec, t.tz, t.tz != nil), nil
}

// Type returns "time".
func (t Time) Type() string { return "time" }

// Freeze does nothing.
func (t Time) Freeze() {}

// Truth is true.
func (t Time) Truth() starlark.Bool { return true }

// Hash hashes the clock value.
func (t Time) Hash() (uint32, error) { return uint32(t.us), nil }

// CompareSameType orders times of day.
func (t Time) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	o := y.(Time)
	a, b := t.us, o.us
	if t.tz != nil {
		a -= t.tz.offset
	}
	if o.tz != nil {
		b -= o.tz.offset
	}
	return cmpInt(op, a, b), nil
}

// Attr returns the fields and methods.
func (t Time) Attr(name string) (starlark.Value, error) {
	h, m, s, us := t.fields()
	switch name {
	case "hour":
		return starlark.MakeInt(h), nil
	case "minute":
		return starlark.MakeInt(m), nil
	case "second":
		return starlark.MakeInt(s), nil
	case "microsecond":
		return starlark.MakeInt(us), nil
	case "tzinfo":
		if t.tz == nil {
			return starlark.None, nil
		}
		return t.tz, nil
	case "isoformat":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			spec := "auto"
			if err := starlark.UnpackArgs(name, args, kw, "timespec?", &spec); err != nil {
				return nil, err
			}
			s, err := t.isoformat(spec)
			return starlark.String(s), err
		}), nil
	case "strftime":
		return strftimeMethod(t.wall(), t.tz, t.tz != nil), nil
	}
	return nil, nil
}

// AttrNames lists the fields and methods.
func (t Time) AttrNames() []string {
	return []string{"hour", "isoformat", "microsecond", "minute", "second", "strftime", "tzinfo"}
}
