package pyjson

import (
	"testing"

	"go.starlark.net/starlark"
)

func payload() starlark.Value {
	d := starlark.NewDict(4)
	_ = d.SetKey(starlark.String("user"), starlark.String("ann@example.com"))
	_ = d.SetKey(starlark.String("qty"), starlark.MakeInt(3))
	_ = d.SetKey(starlark.String("price"), starlark.Float(19.99))
	_ = d.SetKey(starlark.String("tags"), starlark.NewList([]starlark.Value{starlark.String("a"), starlark.String("b")}))
	return d
}

func BenchmarkDumps(b *testing.B) {
	v, th := payload(), &starlark.Thread{}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(th, v, DefaultOptions()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoads(b *testing.B) {
	th := &starlark.Thread{}
	s, _ := Encode(th, payload(), DefaultOptions())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(th, s, Hooks{}); err != nil {
			b.Fatal(err)
		}
	}
}
