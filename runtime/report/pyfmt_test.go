package report

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gust-load/gust/runtime/stats"
)

func TestCSVQuoting(t *testing.T) {
	t.Parallel()
	cases := []struct {
		fields []string
		want   string
	}{
		// Python: csv.writer(sys.stdout).writerow([...])
		{[]string{"a b", " x", "\n", `q"`, "", "c\rd", "é", "x\ty"}, "a b, x,\"\n\",\"q\"\"\",,\"c\rd\",é,x\ty\r\n"},
		{[]string{"GET", "/", "1"}, "GET,/,1\r\n"},
		{[]string{""}, "\"\"\r\n"},
		{[]string{"", ""}, ",\r\n"},
		{[]string{"ConnectionRefusedError(111, 'Connection refused')"}, "\"ConnectionRefusedError(111, 'Connection refused')\"\r\n"},
	}
	for _, c := range cases {
		var b strings.Builder
		csvRow(&b, c.fields...)
		if b.String() != c.want {
			t.Errorf("csvRow(%q) = %q, want %q", c.fields, b.String(), c.want)
		}
	}
}

func TestUnwrapCatchResponse(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"CatchResponseError('custom failure msg')":        "custom failure msg",
		`CatchResponseError("it's slow")`:                 "it's slow",
		`CatchResponseError('say \'hi\'\n\tnow\\')`:       "say 'hi'\n\tnow\\",
		`CatchResponseError('caf\xe9 \u20ac \U0001f600')`: "café € 😀",
		"CatchResponseError('a', 'b')":                    "a",
		"CatchResponseError(404)":                         "404",
		"CatchResponseError()":                            "",
		"CatchResponseError('unterminated)":               "'unterminated",
		"HTTPError('500 Server Error')":                   "HTTPError('500 Server Error')",
		"CatchResponseError('x') trailing":                "CatchResponseError('x') trailing",
	}
	for in, want := range cases {
		if got := unwrapCatchResponse(in); got != want {
			t.Errorf("unwrapCatchResponse(%q) = %q, want %q", in, got, want)
		}
	}
}

// Reading back what stats.PyRepr writes must give the string again.
func FuzzPyUnquote(f *testing.F) {
	for _, s := range []string{"", "plain", "it's", `"q"`, "tab\there\n\x01é\u200b😀\\\x7f", "\u2028"} {
		f.Add(s)
		f.Add(stats.PyRepr(s))
	}
	f.Fuzz(func(t *testing.T, s string) {
		pyUnquote(s) // arbitrary input must not panic
		unwrapCatchResponse("CatchResponseError(" + s + ")")
		if !utf8.ValidString(s) {
			return
		}
		got, rest, ok := pyUnquote(stats.PyRepr(s))
		if !ok || rest != "" || got != s {
			t.Fatalf("pyUnquote(PyRepr(%q)) = %q, %q, %v", s, got, rest, ok)
		}
	})
}

func TestNameWidth(t *testing.T) {
	t.Parallel()
	cases := []struct {
		columns int
		tty     bool
		want    int
	}{
		{0, false, 80}, {200, false, 80}, {200, true, 80}, {160, true, 80}, {120, true, 40}, {80, true, 0}, {40, true, 0},
	}
	for _, c := range cases {
		if got := NameWidth(c.columns, c.tty); got != c.want {
			t.Errorf("NameWidth(%d, %v) = %d, want %d", c.columns, c.tty, got, c.want)
		}
	}
}
