package pyjson

import (
	"errors"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"github.com/gust-load/gust/starlib/modules/pyio"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func spec() modtest.Spec {
	return modtest.Spec{
		PyPrelude: "import json, io",
		Predeclared: func(env *modules.Env) (starlark.StringDict, error) {
			j, err := Module(env)
			if err != nil {
				return nil, err
			}
			io, err := pyio.Module(env)
			return starlark.StringDict{"json": j, "io": io, "open": pyio.Open(env),
				"float": starlark.Universe["float"], "set": starlark.Universe["set"]}, err
		},
	}
}

func TestCases(t *testing.T) { modtest.Cases(t, spec()) }

func TestDecodeErrorFields(t *testing.T) {
	_, err := Decode(nil, "{\n \"a\": x}", Hooks{})
	var pe *pyrt.Error
	if !errors.As(err, &pe) || !pe.Class().IsSubclass(pyrt.ValueError) {
		t.Fatalf("want a JSONDecodeError (a ValueError), got %v", err)
	}
	for name, want := range map[string]string{"msg": `"Expecting value"`, "pos": "8", "lineno": "2", "colno": "7"} {
		v, ok := pe.Value.Field(name)
		if !ok || v.String() != want {
			t.Errorf("%s = %v, want %s", name, v, want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2.5e3, "x\u00e9"]}`, `[`, `"\ud83d\ude00"`, `-`, `{"a":1,}`, "\"\\u12\""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := Decode(&starlark.Thread{}, s, Hooks{})
		if err != nil {
			var pe *pyrt.Error
			if !errors.As(err, &pe) {
				t.Fatalf("non-Python error %v", err)
			}
			return
		}
		out, err := Encode(&starlark.Thread{}, v, DefaultOptions())
		if err != nil {
			t.Fatalf("decoded value does not encode: %v", err)
		}
		if _, err := Decode(&starlark.Thread{}, out, Hooks{}); err != nil {
			t.Fatalf("re-encoded %q does not decode: %v", out, err)
		}
	})
}
