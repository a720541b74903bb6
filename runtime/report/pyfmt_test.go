package report

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gust-load/gust/runtime/stats"
)

// testdata/pyfloat.txt holds float bit patterns with CPython 3.11's repr of
// each, generated offline (python3 -c 'print(repr(x))').
func TestPyFloatMatchesPython(t *testing.T) {
	t.Parallel()
	f, err := os.Open("testdata/pyfloat.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		bitsHex, want, _ := strings.Cut(line, " ")
		b, err := strconv.ParseUint(bitsHex, 16, 64)
		if err != nil {
			t.Fatalf("bad line %q", line)
		}
		x := math.Float64frombits(b)
		if got := pyFloat(x); got != want {
			t.Errorf("pyFloat(%v) = %s, Python repr %s", x, got, want)
		}
		n++
	}
	if n < 400 {
		t.Fatalf("only %d cases read", n)
	}
	if got := pyFloat(math.NaN()); got != "nan" {
		t.Errorf("NaN = %s", got)
	}
}

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
