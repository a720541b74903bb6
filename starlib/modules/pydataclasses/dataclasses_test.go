package pydataclasses

import (
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// point builds `class Point: x: int; y: int = 0; tags: list = field(default_factory=list)`
// the way gust's front end does (annotations as source text) and applies
// @dataclass to it.
func point(t *testing.T, th *starlark.Thread, mod *modules.Module) *pyrt.Class {
	t.Helper()
	ann := starlark.NewDict(3)
	for _, kv := range [][2]string{{"x", "int"}, {"y", "int"}, {"tags", "list"}, {"LIMIT", "ClassVar[int]"}} {
		if err := ann.SetKey(starlark.String(kv[0]), starlark.String(kv[1])); err != nil {
			t.Fatal(err)
		}
	}
	field, _ := mod.Attr("field")
	tags, err := starlark.Call(th, field, nil, []starlark.Tuple{{starlark.String("default_factory"), pyrt.Builtins(pyrt.Options{})["list"]}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := pyrt.NewClass("Point", nil, []string{"__annotations__", "y", "tags", "LIMIT"}, map[string]starlark.Value{
		"__annotations__": ann, "y": starlark.MakeInt(0), "tags": tags, "LIMIT": starlark.MakeInt(3)})
	if err != nil {
		t.Fatal(err)
	}
	dc, _ := mod.Attr("dataclass")
	v, err := starlark.Call(th, dc, starlark.Tuple{c}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return v.(*pyrt.Class)
}

func TestDataclass(t *testing.T) {
	th := &starlark.Thread{Name: "test"}
	m, err := Module(nil)
	if err != nil {
		t.Fatal(err)
	}
	mod := m.(*modules.Module)
	c := point(t, th, mod)
	p, err := starlark.Call(th, c, starlark.Tuple{starlark.MakeInt(1)}, []starlark.Tuple{{starlark.String("y"), starlark.MakeInt(2)}})
	if err != nil {
		t.Fatal(err)
	}
	if got := pyrt.ReprThread(th, p); got != "Point(x=1, y=2, tags=[])" {
		t.Errorf("repr = %s", got)
	}
	q, _ := starlark.Call(th, c, starlark.Tuple{starlark.MakeInt(1), starlark.MakeInt(2)}, nil)
	if eq, err := pyrt.Equal(p, q); err != nil || !eq {
		t.Errorf("equal dataclasses compare unequal (%v)", err)
	}
	asdict, _ := mod.Attr("asdict")
	d, err := starlark.Call(th, asdict, starlark.Tuple{p}, nil)
	if err != nil || pyrt.Repr(d) != "{'x': 1, 'y': 2, 'tags': []}" {
		t.Errorf("asdict = %v, %v", d, err)
	}
	for _, tt := range []struct {
		args starlark.Tuple
		kw   []starlark.Tuple
		want string
	}{
		{nil, nil, "Point.__init__() missing 1 required positional argument: 'x'"},
		{starlark.Tuple{starlark.MakeInt(1), starlark.MakeInt(2), starlark.None, starlark.None}, nil, "Point.__init__() takes from 2 to 4 positional arguments but 5 were given"},
		{nil, []starlark.Tuple{{starlark.String("z"), starlark.None}}, "Point.__init__() got an unexpected keyword argument 'z'"},
	} {
		_, err := starlark.Call(th, c, tt.args, tt.kw)
		if err == nil || !strings.HasSuffix(err.Error(), tt.want) {
			t.Errorf("got %v, want %s", err, tt.want)
		}
	}
}
