package pyfaker

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pydatetime"
	"github.com/gust-load/gust/starlib/modules/pyuuid"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// call is one provider invocation.
type call struct {
	r    *rand.Rand
	env  *modules.Env
	th   *starlark.Thread
	name string
	args starlark.Tuple
	kw   []starlark.Tuple
}

func (c *call) unpack(pairs ...any) error { return starlark.UnpackArgs(c.name, c.args, c.kw, pairs...) }

func str(s string) (starlark.Value, error) { return starlark.String(s), nil }

type provider func(c *call) (starlark.Value, error)

func simple(f func(r *rand.Rand) string) provider {
	return func(c *call) (starlark.Value, error) {
		if err := c.unpack(); err != nil {
			return nil, err
		}
		return str(f(c.r))
	}
}

func city(r *rand.Rand) string { return pick(r, cities) + pick(r, citySuffixes) }

func streetAddress(r *rand.Rand) string {
	return fmt.Sprintf("%d %s %s", 1+r.IntN(9999), pick(r, streetNames), pick(r, streetSuffixes))
}

var providers map[string]provider

func init() {
	providers = map[string]provider{
		"first_name": simple(func(r *rand.Rand) string { return pick(r, firstNames) }),
		"last_name":  simple(func(r *rand.Rand) string { return pick(r, lastNames) }),
		"name":       simple(func(r *rand.Rand) string { return pick(r, firstNames) + " " + pick(r, lastNames) }),
		"prefix":     simple(func(r *rand.Rand) string { return pick(r, []string{"Mr.", "Mrs.", "Ms.", "Dr."}) }),
		"user_name":  simple(userName),
		"email":      simple(func(r *rand.Rand) string { return userName(r) + "@" + pick(r, domains) }),
		"safe_email": simple(func(r *rand.Rand) string { return userName(r) + "@" + pick(r, domains) }),
		"free_email": simple(func(r *rand.Rand) string { return userName(r) + "@" + pick(r, domains) }),
		"company_email": simple(func(r *rand.Rand) string {
			return userName(r) + "@" + strings.ToLower(pick(r, lastNames)) + "." + pick(r, tlds)
		}),
		"phone_number":    simple(func(r *rand.Rand) string { return numerify(r, pick(r, phoneFormats)) }),
		"street_name":     simple(func(r *rand.Rand) string { return pick(r, streetNames) + " " + pick(r, streetSuffixes) }),
		"street_address":  simple(streetAddress),
		"building_number": simple(func(r *rand.Rand) string { return fmt.Sprint(1 + r.IntN(9999)) }),
		"city":            simple(city),
		"state":           simple(func(r *rand.Rand) string { return pick(r, states)[0] }),
		"state_abbr":      simple(func(r *rand.Rand) string { return pick(r, states)[1] }),
		"zipcode":         simple(func(r *rand.Rand) string { return numerify(r, "#####") }),
		"postcode":        simple(func(r *rand.Rand) string { return numerify(r, "#####") }),
		"address": simple(func(r *rand.Rand) string {
			return fmt.Sprintf("%s\n%s, %s %s", streetAddress(r), city(r), pick(r, states)[1], numerify(r, "#####"))
		}),
		"country":      simple(func(r *rand.Rand) string { return pick(r, countries)[0] }),
		"country_code": simple(func(r *rand.Rand) string { return pick(r, countries)[1] }),
		"company": simple(func(r *rand.Rand) string {
			switch r.IntN(3) {
			case 0:
				return pick(r, lastNames) + " " + pick(r, companySuffixes)
			case 1:
				return pick(r, lastNames) + "-" + pick(r, lastNames)
			}
			return fmt.Sprintf("%s, %s and %s", pick(r, lastNames), pick(r, lastNames), pick(r, lastNames))
		}),
		"job":         simple(func(r *rand.Rand) string { return pick(r, jobs) }),
		"word":        simple(func(r *rand.Rand) string { return pick(r, loremWords) }),
		"domain_name": simple(func(r *rand.Rand) string { return strings.ToLower(pick(r, lastNames)) + "." + pick(r, tlds) }),
		"url": simple(func(r *rand.Rand) string {
			return "https://www." + strings.ToLower(pick(r, lastNames)) + "." + pick(r, tlds) + "/"
		}),
		"ipv4": simple(func(r *rand.Rand) string {
			return fmt.Sprintf("%d.%d.%d.%d", 1+r.IntN(223), r.IntN(256), r.IntN(256), 1+r.IntN(254))
		}),
		"user_agent":    simple(func(r *rand.Rand) string { return pick(r, userAgents) }),
		"random_letter": simple(func(r *rand.Rand) string { return string(rune('a' + r.IntN(26))) }),
		"uuid4":         simple(func(r *rand.Rand) string { return uuidFrom(r).String() }),
		"password": func(c *call) (starlark.Value, error) {
			length := 10
			special, digits, upper, lower := true, true, true, true
			if err := c.unpack("length?", &length, "special_chars?", &special, "digits?", &digits, "upper_case?", &upper, "lower_case?", &lower); err != nil {
				return nil, err
			}
			s, err := password(c.r, length, special, digits, upper, lower)
			if err != nil {
				return nil, err
			}
			return str(s)
		},
		"words": func(c *call) (starlark.Value, error) {
			nb := 3
			if err := c.unpack("nb?", &nb); err != nil {
				return nil, err
			}
			out := make([]starlark.Value, max(nb, 0))
			for i := range out {
				out[i] = starlark.String(pick(c.r, loremWords))
			}
			return starlark.NewList(out), nil
		},
		"sentence": func(c *call) (starlark.Value, error) {
			nb, variable := 6, true
			if err := c.unpack("nb_words?", &nb, "variable_nb_words?", &variable); err != nil {
				return nil, err
			}
			return str(sentence(c.r, max(nb, 1), variable))
		},
		"sentences": func(c *call) (starlark.Value, error) {
			nb := 3
			if err := c.unpack("nb?", &nb); err != nil {
				return nil, err
			}
			out := make([]starlark.Value, max(nb, 0))
			for i := range out {
				out[i] = starlark.String(sentence(c.r, 6, true))
			}
			return starlark.NewList(out), nil
		},
		"paragraph": func(c *call) (starlark.Value, error) {
			nb, variable := 3, true
			if err := c.unpack("nb_sentences?", &nb, "variable_nb_sentences?", &variable); err != nil {
				return nil, err
			}
			if variable && nb > 1 {
				nb = max(1, nb+c.r.IntN(nb)-nb/2)
			}
			ss := make([]string, max(nb, 1))
			for i := range ss {
				ss[i] = sentence(c.r, 6, true)
			}
			return str(strings.Join(ss, " "))
		},
		"text": func(c *call) (starlark.Value, error) {
			maxChars := 200
			if err := c.unpack("max_nb_chars?", &maxChars); err != nil {
				return nil, err
			}
			if maxChars < 5 {
				return nil, pyrt.NewError(pyrt.ValueError, "text() can only generate text of at least 5 characters")
			}
			var b strings.Builder
			for {
				s := sentence(c.r, 6, true)
				if maxChars < 25 {
					s = sentence(c.r, 1+c.r.IntN(3), false)
				}
				add := s
				if b.Len() > 0 {
					add = " " + s
				}
				if b.Len()+len(add) > maxChars {
					if b.Len() == 0 {
						w := strings.TrimSuffix(s, ".")
						if len(w) > maxChars-1 {
							w = w[:maxChars-1]
						}
						return str(strings.TrimSpace(w) + ".")
					}
					return str(b.String())
				}
				b.WriteString(add)
			}
		},
		"random_int": func(c *call) (starlark.Value, error) {
			lo, hi, step := 0, 9999, 1
			if err := c.unpack("min?", &lo, "max?", &hi, "step?", &step); err != nil {
				return nil, err
			}
			if hi < lo || step <= 0 {
				return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("empty range for randrange() (%d, %d, %d)", lo, hi+1, hi+1-lo))
			}
			n := (hi-lo)/step + 1
			return starlark.MakeInt(lo + c.r.IntN(n)*step), nil
		},
		"pyint": func(c *call) (starlark.Value, error) {
			lo, hi, step := 0, 9999, 1
			if err := c.unpack("min_value?", &lo, "max_value?", &hi, "step?", &step); err != nil {
				return nil, err
			}
			if hi < lo || step <= 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "min_value must be less than or equal to max_value")
			}
			return starlark.MakeInt(lo + c.r.IntN((hi-lo)/step+1)*step), nil
		},
		"random_digit": func(c *call) (starlark.Value, error) { return starlark.MakeInt(c.r.IntN(10)), c.unpack() },
		"random_number": func(c *call) (starlark.Value, error) {
			var digits starlark.Value = starlark.None
			fix := false
			if err := c.unpack("digits?", &digits, "fix_len?", &fix); err != nil {
				return nil, err
			}
			d := int64(1 + c.r.IntN(9))
			if digits != starlark.None {
				var err error
				if d, err = modules.Int(digits, "digits"); err != nil {
					return nil, err
				}
			}
			if d < 0 || d > 18 {
				return nil, pyrt.NewError(pyrt.ValueError, "The digit parameter must be between 0 and 18 in gust")
			}
			hi := int64(1)
			for i := int64(0); i < d; i++ {
				hi *= 10
			}
			if fix && d > 0 {
				lo := hi / 10
				return starlark.MakeInt64(lo + c.r.Int64N(hi-lo)), nil
			}
			return starlark.MakeInt64(c.r.Int64N(hi)), nil
		},
		"random_element": func(c *call) (starlark.Value, error) {
			var elems starlark.Value = starlark.Tuple{starlark.String("a"), starlark.String("b"), starlark.String("c")}
			if err := c.unpack("elements?", &elems); err != nil {
				return nil, err
			}
			if m, ok := elems.(starlark.IterableMapping); ok {
				items := m.Items()
				if len(items) == 0 {
					return nil, pyrt.NewError(pyrt.IndexError, "Cannot choose from an empty sequence")
				}
				return items[c.r.IntN(len(items))][0], nil
			}
			items, err := modules.Elements(c.th, elems)
			if err != nil {
				return nil, err
			}
			if len(items) == 0 {
				return nil, pyrt.NewError(pyrt.IndexError, "Cannot choose from an empty sequence")
			}
			return items[c.r.IntN(len(items))], nil
		},
		"boolean": func(c *call) (starlark.Value, error) {
			chance := 50
			if err := c.unpack("chance_of_getting_true?", &chance); err != nil {
				return nil, err
			}
			return starlark.Bool(c.r.IntN(100) < chance), nil
		},
		"pystr": func(c *call) (starlark.Value, error) {
			minChars, maxChars := 0, 20
			if err := c.unpack("min_chars?", &minChars, "max_chars?", &maxChars); err != nil {
				return nil, err
			}
			n := maxChars
			if minChars < maxChars {
				n = minChars + c.r.IntN(maxChars-minChars+1)
			}
			b := make([]byte, max(n, 0))
			for i := range b {
				b[i] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[c.r.IntN(52)]
			}
			return str(string(b))
		},
		"date": func(c *call) (starlark.Value, error) {
			pattern := "%Y-%m-%d"
			if err := c.unpack("pattern?", &pattern, "end_datetime?", new(starlark.Value)); err != nil {
				return nil, err
			}
			return str(pydatetime.Strftime(randomTime(c.r, c.env.Time()), pattern, nil, false))
		},
		"time": func(c *call) (starlark.Value, error) {
			pattern := "%H:%M:%S"
			if err := c.unpack("pattern?", &pattern, "end_datetime?", new(starlark.Value)); err != nil {
				return nil, err
			}
			return str(pydatetime.Strftime(randomTime(c.r, c.env.Time()), pattern, nil, false))
		},
		"iso8601": func(c *call) (starlark.Value, error) {
			if err := c.unpack("tzinfo?", new(starlark.Value), "end_datetime?", new(starlark.Value), "sep?", new(starlark.Value), "timespec?", new(starlark.Value)); err != nil {
				return nil, err
			}
			return str(randomTime(c.r, c.env.Time()).Format("2006-01-02T15:04:05"))
		},
		"date_time": func(c *call) (starlark.Value, error) {
			if err := c.unpack("tzinfo?", new(starlark.Value), "end_datetime?", new(starlark.Value)); err != nil {
				return nil, err
			}
			return datetimeOf(randomTime(c.r, c.env.Time())), nil
		},
		"date_of_birth": func(c *call) (starlark.Value, error) {
			minAge, maxAge := 0, 115
			if err := c.unpack("tzinfo?", new(starlark.Value), "minimum_age?", &minAge, "maximum_age?", &maxAge); err != nil {
				return nil, err
			}
			now := c.env.Time().UTC()
			newest := now.AddDate(-minAge, 0, 0)
			oldest := now.AddDate(-maxAge-1, 0, 1)
			span := newest.Unix() - oldest.Unix()
			if span <= 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "minimum_age must be less than maximum_age")
			}
			t := time.Unix(oldest.Unix()+c.r.Int64N(span), 0).UTC()
			date, err := pydatetime.NewDatetime(t, true).Attr("date")
			if err != nil {
				return nil, err
			}
			return starlark.Call(c.th, date, nil, nil)
		},
		"year":         simple(func(r *rand.Rand) string { return fmt.Sprint(1970 + r.IntN(56)) }),
		"month":        simple(func(r *rand.Rand) string { return fmt.Sprintf("%02d", 1+r.IntN(12)) }),
		"day_of_month": simple(func(r *rand.Rand) string { return fmt.Sprintf("%02d", 1+r.IntN(28)) }),
		"numerify":     textFn(func(r *rand.Rand, s string) string { return fill(r, s, "#%") }, "###"),
		"lexify":       textFn(func(r *rand.Rand, s string) string { return fill(r, s, "?") }, "????"),
		"bothify":      textFn(func(r *rand.Rand, s string) string { return fill(r, s, "#%?") }, "## ??"),
		"hexify":       textFn(func(r *rand.Rand, s string) string { return fill(r, s, "^") }, "^^^^"),
	}
}

func textFn(f func(r *rand.Rand, s string) string, def string) provider {
	return func(c *call) (starlark.Value, error) {
		text := def
		if err := c.unpack("text?", &text, "letters?", new(starlark.Value)); err != nil {
			return nil, err
		}
		return str(f(c.r, text))
	}
}

func providerNames() []string {
	out := make([]string, 0, len(providers))
	for k := range providers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func uuidFrom(r *rand.Rand) pyuuid.UUID {
	var u pyuuid.UUID
	for i := 0; i < 16; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8; j++ {
			u[i+j] = byte(v >> (8 * j))
		}
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u
}
