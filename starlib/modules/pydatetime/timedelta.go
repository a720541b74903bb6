// Package pydatetime is Python's datetime module for locustfiles: date,
// time, datetime, timedelta and fixed-offset timezone values with Python's
// arithmetic, comparisons, str/repr and strftime/strptime formats. It also
// exports Strftime and Strptime for the time module.
//
// Script-level API:
//
//	datetime.datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
//	  .now(tz=None) .utcnow() .today() .fromtimestamp(ts, tz=None) .utcfromtimestamp(ts)
//	  .fromisoformat(s) .strptime(s, fmt) .combine(date, time)
//	  d.year .month .day .hour .minute .second .microsecond .tzinfo
//	  d.strftime(fmt) d.isoformat(sep='T', timespec='auto') d.timestamp() d.replace(...)
//	  d.date() d.time() d.weekday() d.isoweekday() d.astimezone(tz) d.utcoffset()
//	  d.tzname() d.toordinal() d.isocalendar() d.ctime(); d ± timedelta; d - d; ==, <
//	datetime.date(year, month, day): .today() .fromisoformat() .fromtimestamp() and the
//	  date-part methods
//	datetime.time(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
//	datetime.timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0,
//	  hours=0, weeks=0): .days .seconds .microseconds .total_seconds(); + - * / // % abs
//	datetime.timezone(offset, name=None), datetime.timezone.utc
//
// Only fixed-offset time zones exist (no zoneinfo); naive datetimes are
// local wall-clock times, as in Python.
package pydatetime

import (
	"fmt"
	"math"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

const (
	usPerSec = int64(1_000_000)
	usPerDay = 86_400 * usPerSec
	// maxDeltaDays keeps microsecond totals inside int64 (Python allows
	// 999999999 days; gust allows about 106 thousand days, 292 years).
	maxDeltaDays = 106_751
)

// Timedelta is datetime.timedelta, stored as total microseconds.
type Timedelta struct{ us int64 }

var (
	_ starlark.HasAttrs   = Timedelta{}
	_ starlark.HasBinary  = Timedelta{}
	_ starlark.HasUnary   = Timedelta{}
	_ starlark.Comparable = Timedelta{}
)

func newDelta(us int64) (Timedelta, error) {
	if us > maxDeltaDays*usPerDay || us < -maxDeltaDays*usPerDay {
		return Timedelta{}, pyrt.NewError(pyrt.OverflowError, "timedelta out of gust's range (±106751 days)")
	}
	return Timedelta{us}, nil
}

// Micros returns the total microseconds.
func (t Timedelta) Micros() int64 { return t.us }

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// parts returns Python's normalised (days, seconds, microseconds).
func (t Timedelta) parts() (days, secs, us int64) {
	days = floorDiv(t.us, usPerDay)
	rest := t.us - days*usPerDay
	return days, rest / usPerSec, rest % usPerSec
}

// String is Python's str(timedelta): "1 day, 2:03:04.000005".
func (t Timedelta) String() string {
	d, s, us := t.parts()
	var b strings.Builder
	if d != 0 {
		plural := "s"
		if d == 1 || d == -1 {
			plural = ""
		}
		fmt.Fprintf(&b, "%d day%s, ", d, plural)
	}
	fmt.Fprintf(&b, "%d:%02d:%02d", s/3600, s/60%60, s%60)
	if us != 0 {
		fmt.Fprintf(&b, ".%06d", us)
	}
	return b.String()
}

// PyRepr is "datetime.timedelta(days=1, seconds=5)".
func (t Timedelta) PyRepr() string {
	d, s, us := t.parts()
	var args []string
	if d != 0 {
		args = append(args, fmt.Sprintf("days=%d", d))
	}
	if s != 0 {
		args = append(args, fmt.Sprintf("seconds=%d", s))
	}
	if us != 0 {
		args = append(args, fmt.Sprintf("microseconds=%d", us))
	}
	if len(args) == 0 {
		return "datetime.timedelta(0)"
	}
	return "datetime.timedelta(" + strings.Join(args, ", ") + ")"
}

// PyFormat supports only the empty spec, as Python's timedelta does.
func (t Timedelta) PyFormat(spec string) (string, error) {
	if spec == "" {
		return t.String(), nil
	}
	return "", pyrt.NewError(pyrt.TypeError, "unsupported format string passed to datetime.timedelta.__format__")
}

// Type returns "timedelta".
func (t Timedelta) Type() string { return "timedelta" }

// Freeze does nothing: timedeltas are immutable.
func (t Timedelta) Freeze() {}

// Truth is false for a zero duration.
func (t Timedelta) Truth() starlark.Bool { return t.us != 0 }

// Hash hashes the duration.
func (t Timedelta) Hash() (uint32, error) { return uint32(t.us) ^ uint32(t.us>>32), nil }

// CompareSameType orders durations.
func (t Timedelta) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	return cmpInt(op, t.us, y.(Timedelta).us), nil
}

func cmpInt(op syntax.Token, a, b int64) bool {
	switch op {
	case syntax.EQL:
		return a == b
	case syntax.NEQ:
		return a != b
	case syntax.LT:
		return a < b
	case syntax.LE:
		return a <= b
	case syntax.GT:
		return a > b
	}
	return a >= b
}

// Attr returns the fields and methods.
func (t Timedelta) Attr(name string) (starlark.Value, error) {
	d, s, us := t.parts()
	switch name {
	case "days":
		return starlark.MakeInt64(d), nil
	case "seconds":
		return starlark.MakeInt64(s), nil
	case "microseconds":
		return starlark.MakeInt64(us), nil
	case "total_seconds":
		return method(name, func() (starlark.Value, error) {
			return starlark.Float(float64(t.us) / 1e6), nil
		}), nil
	case "__abs__":
		return method(name, func() (starlark.Value, error) {
			if t.us < 0 {
				return Timedelta{-t.us}, nil
			}
			return t, nil
		}), nil
	}
	return nil, nil
}

// AttrNames lists the fields.
func (t Timedelta) AttrNames() []string {
	return []string{"days", "microseconds", "seconds", "total_seconds"}
}

// method makes a no-argument method.
func method(name string, f func() (starlark.Value, error)) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0); err != nil {
			return nil, err
		}
		return f()
	})
}

// Unary implements -td and +td.
func (t Timedelta) Unary(op syntax.Token) (starlark.Value, error) {
	switch op {
	case syntax.MINUS:
		return Timedelta{-t.us}, nil
	case syntax.PLUS:
		return t, nil
	}
	return nil, nil
}

// roundHalfEven rounds a float to the nearest integer, ties to even, as
// Python's timedelta constructor does.
func roundHalfEven(f float64) int64 { return int64(math.RoundToEven(f)) }

// Binary implements timedelta arithmetic.
func (t Timedelta) Binary(op syntax.Token, y starlark.Value, side starlark.Side) (starlark.Value, error) {
	switch y := y.(type) {
	case Timedelta:
		a, b := t.us, y.us
		if side == starlark.Right {
			a, b = b, a
		}
		switch op {
		case syntax.PLUS:
			return newDelta(a + b)
		case syntax.MINUS:
			return newDelta(a - b)
		case syntax.SLASH:
			if b == 0 {
				return nil, pyrt.NewError(pyrt.ZeroDivisionError, "division by zero")
			}
			return starlark.Float(float64(a) / float64(b)), nil
		case syntax.SLASHSLASH:
			if b == 0 {
				return nil, pyrt.NewError(pyrt.ZeroDivisionError, "integer division or modulo by zero")
			}
			return starlark.MakeInt64(floorDiv(a, b)), nil
		case syntax.PERCENT:
			if b == 0 {
				return nil, pyrt.NewError(pyrt.ZeroDivisionError, "integer division or modulo by zero")
			}
			return Timedelta{floorMod(a, b)}, nil
		}
	case starlark.Int, starlark.Float:
		f, _ := modules.Float(y, "")
		switch {
		case op == syntax.STAR:
			if i, ok := y.(starlark.Int); ok {
				if n, ok := i.Int64(); ok && (n == 0 || t.us*n/n == t.us) {
					return newDelta(t.us * n)
				}
			}
			return fromFloatMicros(float64(t.us) * f)
		case op == syntax.SLASH && side == starlark.Left:
			if f == 0 {
				if _, isInt := y.(starlark.Int); isInt {
					return nil, pyrt.NewError(pyrt.ZeroDivisionError, "integer division or modulo by zero")
				}
				return nil, pyrt.NewError(pyrt.ZeroDivisionError, "float division by zero")
			}
			return fromFloatMicros(float64(t.us) / f)
		case op == syntax.SLASHSLASH && side == starlark.Left:
			i, ok := y.(starlark.Int)
			if !ok {
				break
			}
			n, _ := i.Int64()
			if n == 0 {
				return nil, pyrt.NewError(pyrt.ZeroDivisionError, "integer division or modulo by zero")
			}
			return Timedelta{floorDiv(t.us, n)}, nil
		}
	}
	return nil, nil
}

func fromFloatMicros(f float64) (starlark.Value, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > float64(maxDeltaDays*usPerDay) {
		return nil, pyrt.NewError(pyrt.OverflowError, "timedelta out of gust's range (±106751 days)")
	}
	return Timedelta{roundHalfEven(f)}, nil
}

// newTimedelta is the timedelta constructor.
func newTimedelta(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	vals := make([]starlark.Value, 7)
	for i := range vals {
		vals[i] = starlark.MakeInt(0)
	}
	if err := starlark.UnpackArgs("timedelta", args, kw, "days?", &vals[0], "seconds?", &vals[1], "microseconds?", &vals[2],
		"milliseconds?", &vals[3], "minutes?", &vals[4], "hours?", &vals[5], "weeks?", &vals[6]); err != nil {
		return nil, err
	}
	scale := []int64{usPerDay, usPerSec, 1, 1000, 60 * usPerSec, 3600 * usPerSec, 7 * usPerDay}
	var whole int64
	var frac float64
	for i, v := range vals {
		switch x := v.(type) {
		case starlark.Int:
			n, ok := x.Int64()
			if !ok || n > 1<<40 || n < -(1<<40) {
				return nil, pyrt.NewError(pyrt.OverflowError, "timedelta out of gust's range (±106751 days)")
			}
			whole += n * scale[i]
		case starlark.Float:
			f := float64(x) * float64(scale[i])
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, pyrt.NewError(pyrt.ValueError, "cannot convert float NaN to integer")
			}
			frac += f
		default:
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("unsupported type for timedelta %s component: %s",
				[]string{"days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"}[i], modules.TypeName(v)))
		}
	}
	if math.Abs(frac) > float64(maxDeltaDays*usPerDay) {
		return nil, pyrt.NewError(pyrt.OverflowError, "timedelta out of gust's range (±106751 days)")
	}
	return newDelta(whole + roundHalfEven(frac))
}
