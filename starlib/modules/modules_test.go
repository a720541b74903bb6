package modules

import (
	"errors"
	"sync"
	"testing"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

func TestRegistryHints(t *testing.T) {
	r := NewRegistry()
	r.Register("json", func(*Env) (starlark.Value, error) { return NewModule("json", nil), nil })
	r.Unavailable("paho", "use Locust for MQTT")
	if _, ok := r.Lookup("json"); !ok {
		t.Fatal("json not found")
	}
	for name, want := range map[string]string{"paho": "use Locust for MQTT", "paho.mqtt.client": "use Locust for MQTT", "pahoo": ""} {
		got, _ := r.Hint(name)
		if got != want {
			t.Errorf("Hint(%q) = %q, want %q", name, got, want)
		}
	}
	if n := r.Names(); len(n) != 1 || n[0] != "json" {
		t.Errorf("Names() = %v", n)
	}
}

func TestModuleAttr(t *testing.T) {
	m := NewModule("gevent", starlark.StringDict{"sleep": starlark.None})
	m.Hints = map[string]string{"spawn": "users are concurrent already"}
	for name, want := range map[string]string{
		"spawn": "AttributeError: gevent.spawn is not available in gust: users are concurrent already",
		"nope":  "AttributeError: module 'gevent' has no attribute 'nope'",
	} {
		_, err := m.Attr(name)
		var pe *pyrt.Error
		if !errors.As(err, &pe) || pe.Error() != want {
			t.Errorf("Attr(%q) = %v, want %q", name, err, want)
		}
	}
	if v, _ := m.Attr("__name__"); v != starlark.String("gevent") || m.String() != "<module 'gevent' (built-in)>" {
		t.Errorf("name %v repr %s", v, m)
	}
}

func TestEnvSharedOnce(t *testing.T) {
	env := &Env{}
	var wg sync.WaitGroup
	var mu sync.Mutex
	made := 0
	seen := map[any]bool{}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := env.Shared("k", func() any { mu.Lock(); made++; mu.Unlock(); return new(int) })
			mu.Lock()
			seen[v] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	if made != 1 || len(seen) != 1 {
		t.Fatalf("made %d values, saw %d", made, len(seen))
	}
}

func TestElementsAndIter(t *testing.T) {
	th := &starlark.Thread{}
	for _, tc := range []struct {
		v    starlark.Value
		want string
	}{
		{starlark.String("hé"), `["h", "é"]`},
		{starlark.Bytes("ab"), `[97, 98]`},
		{starlark.NewList([]starlark.Value{starlark.MakeInt(1)}), `[1]`},
	} {
		got, err := Elements(th, tc.v)
		if err != nil || starlark.NewList(got).String() != tc.want {
			t.Errorf("Elements(%v) = %v, %v", tc.v, got, err)
		}
	}
	if _, err := Elements(th, starlark.MakeInt(1)); err == nil {
		t.Error("int is iterable")
	}
	n := 0
	it := NewIter("test.counter", func(*starlark.Thread) (starlark.Value, bool, error) {
		n++
		return starlark.MakeInt(n), n <= 3, nil
	})
	got, err := Elements(th, it)
	if err != nil || len(got) != 3 {
		t.Fatalf("drained %v, %v", got, err)
	}
	if _, ok, _ := Next(th, it); ok {
		t.Fatal("exhausted iterator yielded again")
	}
	nextAttr, _ := it.Attr("__next__")
	_, err = starlark.Call(th, nextAttr, nil, nil)
	var pe *pyrt.Error
	if !errors.As(err, &pe) || pe.Class() != pyrt.StopIteration {
		t.Fatalf("__next__ on exhausted iterator: %v", err)
	}
}

func TestNamedTuple(t *testing.T) {
	typ := &NamedTupleType{Typename: "Point", Fields: []string{"x", "y"}, Defaults: []starlark.Value{starlark.MakeInt(0)}}
	th := &starlark.Thread{}
	v, err := starlark.Call(th, typ, starlark.Tuple{starlark.MakeInt(1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := pyrt.Repr(v); got != "Point(x=1, y=0)" {
		t.Fatalf("repr %s", got)
	}
	if _, err := starlark.Call(th, typ, nil, nil); err == nil || !errors.As(err, new(*pyrt.Error)) {
		t.Fatalf("missing argument accepted: %v", err)
	}
}
