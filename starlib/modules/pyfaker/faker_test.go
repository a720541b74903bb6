package pyfaker

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

func spec(seed uint64) modtest.Spec {
	return modtest.Spec{
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"faker": m}, err
		},
		Thread: func(th *starlark.Thread) { thread.SetRand(th, rand.New(rand.NewPCG(seed, 7))) },
	}
}

func env(t *testing.T) *modules.Env {
	e := modtest.TestEnv(t.TempDir())
	e.Now = func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	return e
}

const sample = `
fake = faker.Faker()
p(fake.name())
p(fake.email())
p(fake.address())
p(fake.password(), fake.phone_number(), fake.company(), fake.city(), fake.country())
p(fake.sentence(), fake.random_int(1, 6), fake.uuid4(), fake.date(), fake.iso8601())
`

// The same seed gives the same values; another seed differs.
func TestDeterministicPerSeed(t *testing.T) {
	a, err := modtest.Run(env(t), spec(1), sample)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := modtest.Run(env(t), spec(1), sample)
	c, _ := modtest.Run(env(t), spec(2), sample)
	if a != b {
		t.Fatalf("same seed, different output:\n%s\n%s", a, b)
	}
	if a == c {
		t.Fatal("different seeds gave identical output")
	}
	// Faker.seed reseeds the calling user's generator.
	s1, _ := modtest.Run(env(t), spec(1), "faker.Faker.seed(42)\n"+sample)
	s2, _ := modtest.Run(env(t), spec(9), "faker.Faker().seed_instance(42)\n"+sample)
	if s1 != s2 {
		t.Fatalf("seed(42) not repeatable:\n%s\n%s", s1, s2)
	}
}

// Every provider returns a value of the right shape.
func TestProviderShapes(t *testing.T) {
	checks := map[string]string{
		"fake.name()":                           `^[A-Z][a-z]+ [A-Z][a-z]+$`,
		"fake.first_name()":                     `^[A-Z][a-z]+$`,
		"fake.email()":                          `^[a-z0-9.]+@example\.(com|org|net)$`,
		"fake.user_name()":                      `^[a-z0-9.]+$`,
		"fake.password(length=12)":              `^.{12}$`,
		"fake.password(8, special_chars=False)": `^[A-Za-z0-9]{8}$`,
		"fake.phone_number()":                   `^[-+()0-9.x]+$`,
		"fake.zipcode()":                        `^\d{5}$`,
		"fake.uuid4()":                          `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`,
		"fake.date()":                           `^(19[7-9]\d|20[0-2]\d)-\d\d-\d\d$`,
		"fake.iso8601()":                        `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$`,
		"str(fake.random_int(5, 10))":           `^([5-9]|10)$`,
		"str(fake.random_int(0, 100, 10))":      `^(\d0|0|100)$`,
		"fake.sentence()":                       `^[A-Z][a-z ]+\.$`,
		"str(len(fake.text(50)) <= 50)":         `^True$`,
		"fake.bothify('??-##')":                 `^[a-z]{2}-\d{2}$`,
		"fake.lexify('id-????')":                `^id-[a-z]{4}$`,
		"fake.numerify('#%#')":                  `^\d[1-9]\d$`,
		"fake.hexify('^^')":                     `^[0-9a-f]{2}$`,
		"fake.ipv4()":                           `^\d+\.\d+\.\d+\.\d+$`,
		"str(fake.date_time().year >= 1970)":    `^True$`,
		"str(fake.date_of_birth(minimum_age=18, maximum_age=30).year)": `^(199[4-9]|200[0-7])$`,
		"fake.random_element(['x', 'y'])":                              `^[xy]$`,
		"str(fake.boolean(chance_of_getting_true=100))":                `^True$`,
		"fake.address()": `^\d+ [A-Za-z ]+\n[A-Za-z ]+, [A-Z]{2} \d{5}$`,
	}
	for expr, pattern := range checks {
		re := regexp.MustCompile(pattern)
		for i := 0; i < 20; i++ {
			out, err := modtest.Run(env(t), spec(uint64(i)), "fake = faker.Faker()\np("+expr+")")
			if err != nil {
				t.Fatal(err)
			}
			out = strings.TrimSuffix(out, "\n")
			if !re.MatchString(out) {
				t.Fatalf("%s = %q, does not match %s", expr, out, pattern)
			}
		}
	}
}

func TestUnknownProvider(t *testing.T) {
	out, _ := modtest.Run(env(t), spec(1), "faker.Faker().credit_card_number()")
	if !strings.HasPrefix(out, "AttributeError: 'Faker' object has no attribute 'credit_card_number' (gust's Faker has:") {
		t.Fatalf("got %q", out)
	}
}

// One module-level Faker used by many users at once (-race).
func TestConcurrentUsers(t *testing.T) {
	mod, _ := Module(env(t))
	g, err := starlark.ExecFileOptions(modtest.Options, &starlark.Thread{}, "m.py", "fake = faker.Faker()", starlark.StringDict{"faker": mod})
	if err != nil {
		t.Fatal(err)
	}
	g.Freeze()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			th := &starlark.Thread{}
			thread.SetRand(th, rand.New(rand.NewPCG(uint64(i), 1)))
			code := "for i in range(100):\n    fake.name()\n    fake.email()\n    fake.text()\n"
			if _, err := starlark.ExecFileOptions(modtest.Options, th, "u.py", code, g); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
}
