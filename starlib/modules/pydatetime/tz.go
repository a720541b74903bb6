package pydatetime

import (
	"fmt"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// Timezone is datetime.timezone: a fixed UTC offset with an optional name.
type Timezone struct {
	offset int64 // microseconds east of UTC
	name   string
	named  bool
}

var (
	_ starlark.HasAttrs   = (*Timezone)(nil)
	_ starlark.Comparable = (*Timezone)(nil)
)

// UTC is timezone.utc.
var utcZone = &Timezone{}

// formatOffset writes "+HH:MM" (with ":SS" and ".ffffff" when present);
// sep is ":" or "" (strftime's %z).
func formatOffset(us int64, sep string) string {
	sign := "+"
	if us < 0 {
		sign = "-"
		us = -us
	}
	h, m, s, f := us/3600e6, us/60e6%60, us/1e6%60, us%1_000_000
	out := fmt.Sprintf("%s%02d%s%02d", sign, h, sep, m)
	if s != 0 || f != 0 {
		out += fmt.Sprintf("%s%02d", sep, s)
		if f != 0 {
			out += fmt.Sprintf(".%06d", f)
		}
	}
	return out
}

// Name is tzname(): the given name, "UTC", or "UTC+05:30".
func (z *Timezone) Name() string {
	if z.named {
		return z.name
	}
	if z.offset == 0 {
		return "UTC"
	}
	return "UTC" + formatOffset(z.offset, ":")
}

// String is str(tz), the name.
func (z *Timezone) String() string { return z.Name() }

// PyRepr is "datetime.timezone.utc" or "datetime.timezone(datetime.timedelta(...))".
func (z *Timezone) PyRepr() string {
	if z.offset == 0 && !z.named {
		return "datetime.timezone.utc"
	}
	if z.named {
		return fmt.Sprintf("datetime.timezone(%s, %s)", Timedelta{z.offset}.PyRepr(), pyrt.QuoteString(z.name))
	}
	return fmt.Sprintf("datetime.timezone(%s)", Timedelta{z.offset}.PyRepr())
}

// Type returns "timezone".
func (z *Timezone) Type() string { return "timezone" }

// Freeze does nothing: time zones are immutable.
func (z *Timezone) Freeze() {}

// Truth is true.
func (z *Timezone) Truth() starlark.Bool { return true }

// Hash hashes the offset.
func (z *Timezone) Hash() (uint32, error) { return uint32(z.offset / 1e6), nil }

// CompareSameType: zones are equal when their offsets are.
func (z *Timezone) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	o := y.(*Timezone)
	switch op {
	case syntax.EQL:
		return z.offset == o.offset, nil
	case syntax.NEQ:
		return z.offset != o.offset, nil
	}
	return false, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' not supported between instances of 'datetime.timezone' and 'datetime.timezone'", op))
}

// Attr provides utcoffset, tzname and dst.
func (z *Timezone) Attr(name string) (starlark.Value, error) {
	switch name {
	case "utcoffset":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return Timedelta{z.offset}, nil
		}), nil
	case "tzname":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(z.Name()), nil
		}), nil
	case "dst":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.None, nil
		}), nil
	}
	return nil, nil
}

// AttrNames lists the methods.
func (z *Timezone) AttrNames() []string { return []string{"dst", "tzname", "utcoffset"} }

func newTimezone(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var off starlark.Value
	var name starlark.Value = starlark.None
	if err := starlark.UnpackArgs("timezone", args, kw, "offset", &off, "name?", &name); err != nil {
		return nil, err
	}
	td, ok := off.(Timedelta)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("timezone() argument 1 must be datetime.timedelta, not %s", modules.TypeName(off)))
	}
	if td.us <= -usPerDay || td.us >= usPerDay {
		return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not %s.", td.PyRepr()))
	}
	z := &Timezone{offset: td.us}
	if name != starlark.None {
		s, ok := name.(starlark.String)
		if !ok {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("timezone() argument 2 must be str, not %s", modules.TypeName(name)))
		}
		z.name, z.named = string(s), true
	}
	if z.offset == 0 && !z.named {
		return utcZone, nil
	}
	return z, nil
}

// tzArg reads an optional tzinfo argument.
func tzArg(v starlark.Value) (*Timezone, error) {
	switch x := v.(type) {
	case nil, starlark.NoneType:
		return nil, nil
	case *Timezone:
		return x, nil
	}
	return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("tzinfo argument must be None or of a tzinfo subclass, not type '%s'", modules.TypeName(v)))
}
