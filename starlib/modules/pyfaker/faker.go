// Package pyfaker is a small Faker for locustfiles: realistic names,
// addresses, emails, text and numbers from built-in word lists. Every
// value is drawn from the calling user's generator (thread.Rand), so one
// module-level Faker() serves every user without a lock, and a seed makes
// a user's sequence repeatable.
//
// Script-level API:
//
//	faker.Faker(locale=None), Faker.seed(n) (reseeds the calling user),
//	fake.seed_instance(n), and the providers: name, first_name, last_name,
//	prefix, user_name, email, safe_email, free_email, company_email, password(length=10,
//	special_chars=True, digits=True, upper_case=True, lower_case=True), phone_number,
//	address, street_address, street_name, building_number, city, state, state_abbr,
//	zipcode, postcode, country, country_code, company, job, text(max_nb_chars=200),
//	sentence(nb_words=6), sentences(nb=3), paragraph(nb_sentences=3), word(), words(nb=3),
//	uuid4(), random_int(min=0, max=9999, step=1), random_number(digits=None),
//	random_digit(), random_letter(), random_element(elements), boolean(chance_of_getting_true=50),
//	pyint(min_value=0, max_value=9999), pystr(max_chars=20), date(pattern='%Y-%m-%d'),
//	date_time(), date_of_birth(minimum_age=0, maximum_age=115), iso8601(), time(pattern='%H:%M:%S'),
//	year(), month(), day_of_month(), url(), domain_name(), ipv4(), user_agent(), hexify,
//	numerify, lexify, bothify
package pyfaker

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pydatetime"
	"github.com/gust-load/gust/starlib/modules/pyrandom"
	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// numerify replaces # with digits and % with non-zero digits.
func numerify(r *rand.Rand, s string) string { return fill(r, s, "#%") }

// fill replaces the placeholder characters listed in which: # (digit),
// % (non-zero digit), ? (letter), ^ (hex digit).
func fill(r *rand.Rand, s, which string) string {
	var b strings.Builder
	for _, c := range s {
		if !strings.ContainsRune(which, c) {
			b.WriteRune(c)
			continue
		}
		switch c {
		case '#':
			b.WriteByte(byte('0' + r.IntN(10)))
		case '%':
			b.WriteByte(byte('1' + r.IntN(9)))
		case '?':
			b.WriteByte(byte('a' + r.IntN(26)))
		case '^':
			b.WriteByte("0123456789abcdef"[r.IntN(16)])
		}
	}
	return b.String()
}

func sentence(r *rand.Rand, n int, variable bool) string {
	if variable && n > 1 {
		n = max(1, n+r.IntN(n*8/10+1)-n*4/10)
	}
	ws := make([]string, n)
	for i := range ws {
		ws[i] = pick(r, loremWords)
	}
	s := strings.Join(ws, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func userName(r *rand.Rand) string {
	first, last := strings.ToLower(pick(r, firstNames)), strings.ToLower(pick(r, lastNames))
	switch r.IntN(4) {
	case 0:
		return first + "." + last
	case 1:
		return first[:1] + last
	case 2:
		return last + numerify(r, "##")
	}
	return first + numerify(r, "##")
}

func password(r *rand.Rand, length int, special, digits, upper, lower bool) (string, error) {
	var sets []string
	if special {
		sets = append(sets, "!@#$%^&*()_+")
	}
	if digits {
		sets = append(sets, "0123456789")
	}
	if upper {
		sets = append(sets, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	}
	if lower {
		sets = append(sets, "abcdefghijklmnopqrstuvwxyz")
	}
	if len(sets) == 0 || length < len(sets) {
		return "", pyrt.NewError(pyrt.ValueError, "password length is too short for the required character classes")
	}
	all := strings.Join(sets, "")
	out := make([]byte, length)
	for i := range out {
		out[i] = all[r.IntN(len(all))]
	}
	// One character of each required class, at distinct random places.
	for i, pos := range r.Perm(length)[:len(sets)] {
		out[pos] = sets[i][r.IntN(len(sets[i]))]
	}
	return string(out), nil
}

func randomTime(r *rand.Rand, now time.Time) time.Time {
	start := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	end := now.Unix()
	if end <= start {
		end = start + 1
	}
	return time.Unix(start+r.Int64N(end-start), 0).UTC()
}

// seeder reseeds the calling user's generator, shared by Faker.seed and
// fake.seed_instance.
func seeder(name string) *starlark.Builtin {
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var seed starlark.Value = starlark.None
		if err := starlark.UnpackPositionalArgs(name, args, kw, 0, &seed); err != nil {
			return nil, err
		}
		r, err := pyrandom.Seeded(seed)
		if err != nil {
			return nil, err
		}
		thread.SetRand(th, r)
		return starlark.None, nil
	})
}

// Faker is a Faker() instance. It has no state of its own: providers draw
// from the calling user's generator.
type Faker struct{ env *modules.Env }

var _ starlark.HasAttrs = (*Faker)(nil)

// String is the default repr.
func (f *Faker) String() string { return "<faker.proxy.Faker object>" }

// Type returns "Faker".
func (f *Faker) Type() string { return "Faker" }

// Freeze does nothing.
func (f *Faker) Freeze() {}

// Truth is true.
func (f *Faker) Truth() starlark.Bool { return true }

// Hash is constant: all Faker instances behave alike.
func (f *Faker) Hash() (uint32, error) { return 0x66616b, nil }

// Attr returns a provider bound to the calling user's generator.
func (f *Faker) Attr(name string) (starlark.Value, error) {
	if name == "seed_instance" {
		return seeder(name), nil
	}
	p, ok := providers[name]
	if !ok {
		return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'Faker' object has no attribute '%s' (gust's Faker has: %s)", name, strings.Join(providerNames(), ", ")))
	}
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return p(&call{r: thread.Rand(th), env: f.env, th: th, name: name, args: args, kw: kw})
	}), nil
}

// AttrNames lists the providers.
func (f *Faker) AttrNames() []string { return append(providerNames(), "seed_instance") }

// fakerClass is the Faker type: callable, with a seed() class method.
type fakerClass struct{ env *modules.Env }

func (c *fakerClass) String() string        { return "<class 'faker.proxy.Faker'>" }
func (c *fakerClass) Type() string          { return "type" }
func (c *fakerClass) Freeze()               {}
func (c *fakerClass) Truth() starlark.Bool  { return true }
func (c *fakerClass) Hash() (uint32, error) { return 0x66616c, nil }
func (c *fakerClass) Name() string          { return "Faker" }
func (c *fakerClass) AttrNames() []string   { return []string{"seed"} }
func (c *fakerClass) Attr(name string) (starlark.Value, error) {
	if name == "seed" {
		return seeder("seed"), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("type object 'Faker' has no attribute '%s'", name))
}
func (c *fakerClass) CallInternal(_ *starlark.Thread, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var locale starlark.Value = starlark.None
	if err := starlark.UnpackArgs("Faker", args, kw, "locale?", &locale, "providers?", new(starlark.Value), "generator?", new(starlark.Value),
		"includes?", new(starlark.Value), "use_weighting?", new(starlark.Value)); err != nil {
		return nil, err
	}
	return &Faker{env: c.env}, nil
}

// Module builds the faker module.
func Module(env *modules.Env) (starlark.Value, error) {
	return modules.NewModule("faker", starlark.StringDict{"Faker": &fakerClass{env: env}}), nil
}

// datetimeOf wraps a time as a naive datetime value.
func datetimeOf(t time.Time) starlark.Value { return pydatetime.NewDatetime(t, true) }
