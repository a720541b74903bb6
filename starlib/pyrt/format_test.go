package pyrt

import (
	"bufio"
	"encoding/json"
	"math/big"
	"os"
	"strconv"
	"strings"
	"testing"

	"go.starlark.net/starlark"
)

// The golden files come from CPython (testdata/gen_format.py), so these
// tests compare gust's format() and % with Python itself.

func readJSONL(t *testing.T, name string) [][]any {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]any
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var row []any
		dec := json.NewDecoder(strings.NewReader(sc.Text()))
		dec.UseNumber()
		if err := dec.Decode(&row); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		rows = append(rows, row)
	}
	return rows
}

// fromJSON converts a decoded JSON value to a Starlark value; {"tuple": [...]}
// stands for a tuple.
func fromJSON(v any) starlark.Value {
	switch x := v.(type) {
	case nil:
		return starlark.None
	case bool:
		return starlark.Bool(x)
	case json.Number:
		if n, err := x.Int64(); err == nil {
			return starlark.MakeInt64(n)
		}
		f, _ := x.Float64()
		return starlark.Float(f)
	case string:
		return starlark.String(x)
	case []any:
		l := make([]starlark.Value, len(x))
		for i, e := range x {
			l[i] = fromJSON(e)
		}
		return starlark.NewList(l)
	case map[string]any:
		if t, ok := x["tuple"]; ok && len(x) == 1 {
			items := t.([]any)
			tup := make(starlark.Tuple, len(items))
			for i, e := range items {
				tup[i] = fromJSON(e)
			}
			return tup
		}
		d := starlark.NewDict(len(x))
		for k, e := range x {
			_ = d.SetKey(starlark.String(k), fromJSON(e))
		}
		return d
	}
	panic("unexpected JSON value")
}

func TestFormatValueMatchesCPython(t *testing.T) {
	th := &starlark.Thread{}
	for _, row := range readJSONL(t, "testdata/format.jsonl") {
		kind, spec := row[0].(string), row[2].(string)
		var v starlark.Value
		switch kind {
		case "int":
			n, _ := new(big.Int).SetString(string(row[1].(json.Number)), 10)
			v = starlark.MakeBigInt(n)
		case "float":
			f, err := strconv.ParseFloat(row[1].(string), 64)
			if err != nil {
				t.Fatal(err)
			}
			v = starlark.Float(f)
		case "str":
			v = starlark.String(row[1].(string))
		case "bool":
			v = starlark.Bool(row[1].(bool))
		}
		got, err := FormatValue(th, v, spec)
		want, wantErr := row[3], row[4]
		if wantErr != nil {
			exc, ok := FromError(err)
			if err == nil || !ok || exc.Class().Name() != wantErr.(string) {
				t.Errorf("format(%s %v, %q) = %q, %v; want %s", kind, row[1], spec, got, err, wantErr)
			}
			continue
		}
		if err != nil || got != want.(string) {
			t.Errorf("format(%s %v, %q) = %q, %v; want %q", kind, row[1], spec, got, err, want)
		}
	}
}

func TestPercentFormatMatchesCPython(t *testing.T) {
	th := &starlark.Thread{}
	for _, row := range readJSONL(t, "testdata/percent.jsonl") {
		format := row[0].(string)
		args := fromJSON(row[1])
		got, err := PercentFormat(th, format, args)
		want, wantErr := row[2], row[3]
		if wantErr != nil {
			exc, ok := FromError(err)
			if err == nil || !ok || exc.Class().Name() != wantErr.(string) {
				t.Errorf("%q %% %s = %q, %v; want %s", format, args, got, err, wantErr)
			}
			continue
		}
		if err != nil || got != want.(string) {
			t.Errorf("%q %% %s = %q, %v; want %q", format, args, got, err, want)
		}
	}
}
