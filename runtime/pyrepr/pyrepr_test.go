package pyrepr

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// testdata/pyfloat.txt holds float bit patterns with CPython 3.11's repr of
// each, generated offline (python3 -c 'print(repr(x))').
func TestFloatMatchesPython(t *testing.T) {
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
		if got := Float(x); got != want {
			t.Errorf("Float(%v) = %s, Python repr %s", x, got, want)
		}
		n++
	}
	if n < 400 {
		t.Fatalf("only %d cases read", n)
	}
	if got := Float(math.NaN()); got != "nan" {
		t.Errorf("NaN = %s", got)
	}
}

// TestJSONString: strings as Python's json.dumps writes them (ensure_ascii),
// the quoting of --json, --show-task-ratio-json and "All users spawned".
func TestJSONString(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Web", `"Web"`}, {`a"b\c`, `"a\"b\\c"`}, {"é", `"\u00e9"`}, {"\n\x01", `"\n\u0001"`},
		{"😀", `"\ud83d\ude00"`}, {"\b\f\t\r\x7f", `"\b\f\t\r\u007f"`},
	}
	for _, tt := range tests {
		if got := JSONString(tt.in); got != tt.want {
			t.Errorf("JSONString(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}
