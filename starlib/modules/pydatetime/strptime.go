package pydatetime

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gust-load/gust/starlib/pyrt"
)

// Parsed is the result of Strptime.
type Parsed struct {
	Wall  time.Time // fields in a UTC-located time
	TZ    *Timezone // set by %z
	Wday  int       // -1 unless %a/%A/%w gave it
	Yday  int       // -1 unless %j gave it
	HasTZ bool
}

// Strptime parses s with Python's strptime directives.
func Strptime(s, format string) (Parsed, error) {
	fail := func() (Parsed, error) {
		return Parsed{}, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("time data %s does not match format %s", pyrt.QuoteString(s), pyrt.QuoteString(format)))
	}
	year, month, day, hour, minute, sec, us := 1900, 1, 1, 0, 0, 0, 0
	hour12, pm, yday := -1, -1, -1
	res := Parsed{Wday: -1, Yday: -1}
	pos := 0
	digits := func(maxn int) (int, bool) {
		j := pos
		for j < len(s) && j-pos < maxn && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == pos {
			return 0, false
		}
		n, _ := strconv.Atoi(s[pos:j])
		pos = j
		return n, true
	}
	ranged := func(maxn, lo, hi int) (int, bool) {
		start := pos
		for n := maxn; n >= 1; n-- {
			pos = start
			v, ok := digits(n)
			if ok && pos-start == n && v >= lo && v <= hi {
				return v, true
			}
		}
		pos = start
		return 0, false
	}
	name := func(names []string, short bool) (int, bool) {
		for i, n := range names {
			cand := n
			if short {
				cand = n[:3]
			}
			if len(s)-pos >= len(cand) && strings.EqualFold(s[pos:pos+len(cand)], cand) {
				pos += len(cand)
				return i, true
			}
		}
		return 0, false
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if unicode.IsSpace(rune(c)) {
			for i+1 < len(format) && unicode.IsSpace(rune(format[i+1])) {
				i++
			}
			j := pos
			for j < len(s) && unicode.IsSpace(rune(s[j])) {
				j++
			}
			if j == pos {
				return fail()
			}
			pos = j
			continue
		}
		if c != '%' {
			if pos >= len(s) || !strings.EqualFold(s[pos:pos+1], format[i:i+1]) {
				return fail()
			}
			pos++
			continue
		}
		i++
		if i >= len(format) {
			return Parsed{}, pyrt.NewError(pyrt.ValueError, "stray % in format '"+format+"'")
		}
		var ok bool
		switch format[i] {
		case 'Y':
			if len(s)-pos < 4 {
				return fail()
			}
			year, ok = digits(4)
			ok = ok && year >= 1
		case 'y':
			var y int
			start := pos
			y, ok = digits(2)
			ok = ok && pos-start == 2
			if y < 69 {
				year = 2000 + y
			} else {
				year = 1900 + y
			}
		case 'm':
			month, ok = ranged(2, 1, 12)
		case 'd':
			if pos < len(s) && s[pos] == ' ' {
				pos++
			}
			day, ok = ranged(2, 1, 31)
		case 'H':
			hour, ok = ranged(2, 0, 23)
		case 'I':
			hour12, ok = ranged(2, 1, 12)
		case 'M':
			minute, ok = ranged(2, 0, 59)
		case 'S':
			sec, ok = ranged(2, 0, 61)
		case 'f':
			start := pos
			us, ok = digits(6)
			for k := pos - start; k < 6; k++ {
				us *= 10
			}
		case 'j':
			yday, ok = ranged(3, 1, 366)
		case 'p':
			switch {
			case len(s)-pos >= 2 && strings.EqualFold(s[pos:pos+2], "AM"):
				pm, ok = 0, true
			case len(s)-pos >= 2 && strings.EqualFold(s[pos:pos+2], "PM"):
				pm, ok = 1, true
			}
			pos += 2
		case 'b', 'h':
			var m int
			m, ok = name(monthNames, true)
			month = m + 1
		case 'B':
			var m int
			m, ok = name(monthNames, false)
			month = m + 1
		case 'a':
			res.Wday, ok = name(dayNames, true)
		case 'A':
			res.Wday, ok = name(dayNames, false)
		case 'w':
			res.Wday, ok = ranged(1, 0, 6)
		case 'z':
			res.TZ, ok = parseOffset(s, &pos)
			res.HasTZ = ok
		case 'Z':
			for _, z := range []string{"UTC", "GMT"} {
				if len(s)-pos >= 3 && strings.EqualFold(s[pos:pos+3], z) {
					pos += 3
					ok = true
					break
				}
			}
		case '%':
			ok = pos < len(s) && s[pos] == '%'
			pos++
		default:
			return Parsed{}, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("'%c' is a bad directive in format '%s'", format[i], format))
		}
		if !ok || pos > len(s) {
			return fail()
		}
	}
	if pos < len(s) {
		return Parsed{}, pyrt.NewError(pyrt.ValueError, "unconverted data remains: "+s[pos:])
	}
	if hour12 >= 0 {
		hour = hour12 % 12
		if pm == 1 {
			hour += 12
		}
	}
	if yday >= 0 && !strings.Contains(format, "%m") && !strings.Contains(format, "%d") {
		t := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, yday-1)
		month, day = int(t.Month()), t.Day()
	}
	if day > daysIn(year, month) {
		return Parsed{}, pyrt.NewError(pyrt.ValueError, "day is out of range for month")
	}
	sec = min(sec, 59)
	res.Wall = time.Date(year, time.Month(month), day, hour, minute, sec, us*1000, time.UTC)
	res.Yday = res.Wall.YearDay()
	if res.Wday < 0 {
		res.Wday = int(res.Wall.Weekday())
	}
	return res, nil
}

// parseOffset reads Z or ±HH[:]MM[[:]SS[.ffffff]].
func parseOffset(s string, pos *int) (*Timezone, bool) {
	p := *pos
	if p < len(s) && s[p] == 'Z' {
		*pos = p + 1
		return utcZone, true
	}
	if p >= len(s) || s[p] != '+' && s[p] != '-' {
		return nil, false
	}
	sign := int64(1)
	if s[p] == '-' {
		sign = -1
	}
	p++
	two := func() (int64, bool) {
		if p+2 > len(s) || s[p] < '0' || s[p] > '9' || s[p+1] < '0' || s[p+1] > '9' {
			return 0, false
		}
		n := int64(s[p]-'0')*10 + int64(s[p+1]-'0')
		p += 2
		return n, true
	}
	h, ok := two()
	if !ok {
		return nil, false
	}
	colon := p < len(s) && s[p] == ':'
	if colon {
		p++
	}
	m, ok := two()
	if !ok {
		return nil, false
	}
	var sec, frac int64
	if (colon && p < len(s) && s[p] == ':') || (!colon && p+1 < len(s) && s[p] >= '0' && s[p] <= '9') {
		if colon {
			p++
		}
		if sec, ok = two(); !ok {
			return nil, false
		}
		if p < len(s) && s[p] == '.' {
			p++
			start := p
			for p < len(s) && p-start < 6 && s[p] >= '0' && s[p] <= '9' {
				p++
			}
			frac, _ = strconv.ParseInt((s[start:p] + "000000")[:6], 10, 64)
		}
	}
	off := sign * (h*3600e6 + m*60e6 + sec*1e6 + frac)
	if off <= -usPerDay || off >= usPerDay {
		return nil, false
	}
	*pos = p
	if off == 0 {
		return utcZone, true
	}
	return &Timezone{offset: off}, true
}

// FromISO parses datetime.fromisoformat's input (Python 3.11 forms):
// YYYY-MM-DD or YYYYMMDD, then optionally any one separator and
// HH[:MM[:SS[.fff[fff]]]] (or compact), then Z or ±HH:MM[:SS[.ffffff]].
func FromISO(s string, dateOnly bool) (Parsed, error) {
	bad := func() (Parsed, error) {
		return Parsed{}, pyrt.NewError(pyrt.ValueError, "Invalid isoformat string: "+pyrt.QuoteString(s))
	}
	num := func(t string) (int, bool) {
		for _, c := range t {
			if c < '0' || c > '9' {
				return 0, false
			}
		}
		n, err := strconv.Atoi(t)
		return n, err == nil
	}
	var y, mo, d int
	var ok1, ok2, ok3 bool
	rest := ""
	switch {
	case len(s) >= 10 && s[4] == '-' && s[7] == '-':
		y, ok1 = num(s[:4])
		mo, ok2 = num(s[5:7])
		d, ok3 = num(s[8:10])
		rest = s[10:]
	case len(s) >= 8:
		y, ok1 = num(s[:4])
		mo, ok2 = num(s[4:6])
		d, ok3 = num(s[6:8])
		rest = s[8:]
	default:
		return bad()
	}
	if !ok1 || !ok2 || !ok3 || (dateOnly && rest != "") {
		return bad()
	}
	var f [7]int
	f[0], f[1], f[2] = y, mo, d
	var tz *Timezone
	if rest != "" {
		rest = rest[1:] // any separator
		clock := rest
		if i := strings.IndexAny(rest, "Z+-"); i >= 0 {
			clock = rest[:i]
			p := i
			z, ok := parseOffset(rest, &p)
			if !ok || p != len(rest) {
				return bad()
			}
			tz = z
		}
		main, frac, hasFrac := strings.Cut(strings.Replace(clock, ",", ".", 1), ".")
		parts := strings.Split(main, ":")
		if len(parts) == 1 && len(main) > 2 {
			parts = nil
			for i := 0; i < len(main); i += 2 {
				parts = append(parts, main[i:min(i+2, len(main))])
			}
		}
		if len(parts) == 0 || len(parts) > 3 || (hasFrac && len(parts) != 3) {
			return bad()
		}
		for i, p := range parts {
			n, ok := num(p)
			if !ok || len(p) != 2 {
				return bad()
			}
			f[3+i] = n
		}
		if hasFrac {
			if len(frac) == 0 || len(frac) > 6 && len(frac) != 9 {
				if len(frac) == 0 {
					return bad()
				}
			}
			frac = (frac + "000000")[:6]
			n, ok := num(frac)
			if !ok {
				return bad()
			}
			f[6] = n
		}
	}
	wall, err := makeWall(f)
	if err != nil {
		return Parsed{}, err
	}
	return Parsed{Wall: wall, TZ: tz, HasTZ: tz != nil}, nil
}
