package pydatetime

import (
	"testing"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import datetime",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			m, err := Module(env)
			return starlark.StringDict{"datetime": m, "max": starlark.Universe["max"], "bool": starlark.Universe["bool"]}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

// now(), utcnow() and today() read the injected clock.
func TestNowUsesEnvClock(t *testing.T) {
	fixed := time.Date(2030, 6, 7, 8, 9, 10, 11000, time.UTC)
	env := modtest.TestEnv(t.TempDir())
	env.Now = func() time.Time { return fixed }
	local := fixed.In(time.Local)
	out, err := modtest.Run(env, spec(), `
p(datetime.datetime.utcnow())
p(datetime.datetime.now(datetime.timezone.utc))
p(datetime.datetime.now())
p(datetime.date.today())
p(datetime.datetime.now().timestamp())
`)
	if err != nil {
		t.Fatal(err)
	}
	want := "2030-06-07 08:09:10.000011\n2030-06-07 08:09:10.000011+00:00\n" +
		local.Format("2006-01-02 15:04:05.000000") + "\n" + local.Format("2006-01-02") + "\n" + pyrt.FloatRepr(float64(fixed.UnixMicro())/1e6) + "\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}

func FuzzStrptime(f *testing.F) {
	f.Add("2024-03-09 14:05:07", "%Y-%m-%d %H:%M:%S")
	f.Add("09/Mar/2024:14:05:07 +0100", "%d/%b/%Y:%H:%M:%S %z")
	f.Add("3 PM", "%I %p")
	f.Fuzz(func(t *testing.T, s, format string) {
		p, err := Strptime(s, format)
		if err == nil && (p.Wall.Year() < 1 || p.Wall.Year() > 9999) {
			t.Fatalf("year out of range: %v", p.Wall)
		}
	})
}

func FuzzFromISO(f *testing.F) {
	f.Add("2024-03-09T14:05:07.123456+02:00")
	f.Add("20240309T140507")
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = FromISO(s, false)
	})
}
