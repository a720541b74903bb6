package pydatetime

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

var (
	dayNames   = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// Strftime formats wall-clock fields with Python's (glibc's, C locale)
// directives. tz is the zone for %z and %Z; hasTZ false leaves them empty
// as for naive datetimes.
func Strftime(t time.Time, format string, tz *Timezone, hasTZ bool) string {
	var b strings.Builder
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 >= len(format) {
			b.WriteByte(c)
			continue
		}
		i++
		pad := true
		if format[i] == '-' && i+1 < len(format) {
			pad = false
			i++
		}
		num := func(n, width int, padc byte) {
			s := strconv.Itoa(n)
			if pad {
				for len(s) < width {
					s = string(padc) + s
				}
			}
			b.WriteString(s)
		}
		hour12 := t.Hour() % 12
		if hour12 == 0 {
			hour12 = 12
		}
		switch format[i] {
		case 'a':
			b.WriteString(dayNames[t.Weekday()][:3])
		case 'A':
			b.WriteString(dayNames[t.Weekday()])
		case 'w':
			num(int(t.Weekday()), 1, '0')
		case 'u':
			num((int(t.Weekday())+6)%7+1, 1, '0')
		case 'd':
			num(t.Day(), 2, '0')
		case 'e':
			num(t.Day(), 2, ' ')
		case 'b', 'h':
			b.WriteString(monthNames[t.Month()-1][:3])
		case 'B':
			b.WriteString(monthNames[t.Month()-1])
		case 'm':
			num(int(t.Month()), 2, '0')
		case 'y':
			num(t.Year()%100, 2, '0')
		case 'Y':
			num(t.Year(), 1, '0')
		case 'C':
			num(t.Year()/100, 2, '0')
		case 'G':
			y, _ := t.ISOWeek()
			num(y, 1, '0')
		case 'V':
			_, w := t.ISOWeek()
			num(w, 2, '0')
		case 'H':
			num(t.Hour(), 2, '0')
		case 'k':
			num(t.Hour(), 2, ' ')
		case 'I':
			num(hour12, 2, '0')
		case 'l':
			num(hour12, 2, ' ')
		case 'p':
			if t.Hour() < 12 {
				b.WriteString("AM")
			} else {
				b.WriteString("PM")
			}
		case 'P':
			if t.Hour() < 12 {
				b.WriteString("am")
			} else {
				b.WriteString("pm")
			}
		case 'M':
			num(t.Minute(), 2, '0')
		case 'S':
			num(t.Second(), 2, '0')
		case 'f':
			fmt.Fprintf(&b, "%06d", t.Nanosecond()/1000)
		case 'j':
			num(t.YearDay(), 3, '0')
		case 'U':
			num((t.YearDay()+6-int(t.Weekday()))/7, 2, '0')
		case 'W':
			num((t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2, '0')
		case 'z':
			if hasTZ && tz != nil {
				b.WriteString(formatOffset(tz.offset, ""))
			}
		case 'Z':
			if hasTZ && tz != nil {
				b.WriteString(tz.Name())
			}
		case 'c':
			b.WriteString(Strftime(t, "%a %b %e %H:%M:%S %Y", tz, hasTZ))
		case 'x', 'D':
			b.WriteString(Strftime(t, "%m/%d/%y", tz, hasTZ))
		case 'X', 'T':
			b.WriteString(Strftime(t, "%H:%M:%S", tz, hasTZ))
		case 'F':
			b.WriteString(Strftime(t, "%Y-%m-%d", tz, hasTZ))
		case 'R':
			b.WriteString(Strftime(t, "%H:%M", tz, hasTZ))
		case 'r':
			b.WriteString(Strftime(t, "%I:%M:%S %p", tz, hasTZ))
		case 's':
			off := int64(0)
			if hasTZ && tz != nil {
				off = tz.offset / usPerSec
			}
			fmt.Fprintf(&b, "%d", t.Unix()-off)
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case '%':
			b.WriteByte('%')
		default:
			b.WriteByte('%')
			if !pad {
				b.WriteByte('-')
			}
			b.WriteByte(format[i])
		}
	}
	return b.String()
}

// StructTime is time.struct_time: a 9-field tuple with named attributes.
type StructTime struct {
	fields [9]int
	zone   string
	gmtoff int
}

var (
	_ starlark.Indexable = (*StructTime)(nil)
	_ starlark.HasAttrs  = (*StructTime)(nil)
)

var structFields = []string{"tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday", "tm_isdst"}

// NewStructTime makes a struct_time from a time's wall-clock fields.
func NewStructTime(t time.Time, isdst int) *StructTime {
	name, off := t.Zone()
	return &StructTime{fields: [9]int{t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second(),
		(int(t.Weekday()) + 6) % 7, t.YearDay(), isdst}, zone: name, gmtoff: off}
}

// StructTimeOf returns t's fields as a time.struct_time value.
func StructTimeOf(t time.Time, isdst int) starlark.Value { return NewStructTime(t, isdst) }

// Wall returns the fields as a UTC-located time.Time.
func (s *StructTime) Wall() time.Time {
	f := s.fields
	return time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, time.UTC)
}

// String is Python's repr.
func (s *StructTime) String() string {
	parts := make([]string, 9)
	for i, n := range s.fields {
		parts[i] = fmt.Sprintf("%s=%d", structFields[i], n)
	}
	return "time.struct_time(" + strings.Join(parts, ", ") + ")"
}

// PyRepr is the same as String.
func (s *StructTime) PyRepr() string { return s.String() }

// Type returns "struct_time".
func (s *StructTime) Type() string { return "struct_time" }

// Freeze does nothing.
func (s *StructTime) Freeze() {}

// Truth is true.
func (s *StructTime) Truth() starlark.Bool { return true }

// Hash hashes the fields.
func (s *StructTime) Hash() (uint32, error) {
	var h uint32
	for _, n := range s.fields {
		h = h*31 + uint32(n)
	}
	return h, nil
}

// Len is 9.
func (s *StructTime) Len() int { return 9 }

// Index returns field i.
func (s *StructTime) Index(i int) starlark.Value { return starlark.MakeInt(s.fields[i]) }

// Iterate yields the nine fields.
func (s *StructTime) Iterate() starlark.Iterator {
	t := make(starlark.Tuple, 9)
	for i, n := range s.fields {
		t[i] = starlark.MakeInt(n)
	}
	return t.Iterate()
}

// Attr returns a named field.
func (s *StructTime) Attr(name string) (starlark.Value, error) {
	for i, n := range structFields {
		if n == name {
			return starlark.MakeInt(s.fields[i]), nil
		}
	}
	switch name {
	case "tm_zone":
		return starlark.String(s.zone), nil
	case "tm_gmtoff":
		return starlark.MakeInt(s.gmtoff), nil
	}
	return nil, nil
}

// AttrNames lists the fields.
func (s *StructTime) AttrNames() []string {
	return append(append([]string(nil), structFields...), "tm_gmtoff", "tm_zone")
}

// TimeTuple reads a struct_time or a 9-tuple of ints as wall-clock fields.
func TimeTuple(v starlark.Value) (time.Time, error) {
	if s, ok := v.(*StructTime); ok {
		return s.Wall(), nil
	}
	items, err := modules.Elements(nil, v)
	if err != nil || len(items) != 9 {
		return time.Time{}, pyrt.NewError(pyrt.TypeError, "Tuple or struct_time argument required")
	}
	var f [6]int
	for i := range f {
		n, err := intField(items[i])
		if err != nil {
			return time.Time{}, err
		}
		f[i] = n
	}
	return time.Date(f[0], time.Month(f[1]), f[2], f[3], f[4], f[5], 0, time.UTC), nil
}
