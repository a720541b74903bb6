package stdlib

import (
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/modtest"
	"go.starlark.net/starlark"
)

// Every registered module builds, freezes (as the loader does) and names
// itself; the hints cover the brief's list.
func TestStandard(t *testing.T) {
	r := Standard()
	env := modtest.TestEnv(t.TempDir())
	for _, name := range r.Names() {
		f, _ := r.Lookup(name)
		v, err := f(env)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		v.Freeze()
		m, ok := v.(*modules.Module)
		if !ok {
			t.Fatalf("%s: %T is not a *modules.Module", name, v)
		}
		if len(m.AttrNames()) == 0 {
			t.Errorf("%s has no members", name)
		}
		if _, ok := r.Hint(name); ok {
			t.Errorf("%s is both provided and unavailable", name)
		}
	}
	for _, name := range []string{"numpy", "pandas", "threading", "multiprocessing", "asyncio", "subprocess", "socket",
		"websocket", "grpc", "paho.mqtt.client", "kafka", "psycopg2", "sqlalchemy", "selenium", "playwright",
		"locust_plugins", "locust_plugins.csvreader", "requests", "gevent.pool"} {
		h, ok := r.Hint(name)
		if !ok || len(h) < 20 {
			t.Errorf("no useful hint for %s: %q", name, h)
		}
	}
	err := &modules.ErrNoModule{Name: "numpy", Hint: mustHint(r, "numpy")}
	if !strings.Contains(err.Error(), "module \"numpy\" is not available in gust: gust runs plain Python") {
		t.Errorf("got %q", err.Error())
	}
}

func mustHint(r *modules.Registry, n string) string { h, _ := r.Hint(n); return h }

// A typical locustfile's module use, end to end on one thread.
func TestTypicalLocustfile(t *testing.T) {
	r := Standard()
	env := modtest.TestEnv(t.TempDir())
	pre := Builtins(env)
	for _, n := range []string{"json", "random", "uuid", "os", "datetime", "re", "urllib", "base64", "hashlib", "collections", "itertools", "string"} {
		f, _ := r.Lookup(n)
		v, err := f(env)
		if err != nil {
			t.Fatal(err)
		}
		pre[n] = v
	}
	out, err := modtest.Run(env, modtest.Spec{Predeclared: func(*modules.Env) (starlark.StringDict, error) { return pre, nil }}, `
host = os.environ.get("TARGET", "http://localhost")
body = json.dumps({"id": str(uuid.uuid4())[:0] + "x", "qty": random.randint(1, 1), "at": datetime.datetime(2024, 1, 1).isoformat()})
token = re.search(r'"qty": (\d+)', body).group(1)
q = urllib.parse.urlencode({"q": "a b", "t": token})
auth = base64.b64encode(b"u:p")
sig = hashlib.sha256(b"x").hexdigest()[:8]
users = itertools.cycle(collections.deque(["a", "b"]))
p(host, body, q, auth, sig, next(users), next(users), next(users), string.digits[:3])
`)
	if err != nil {
		t.Fatal(err)
	}
	want := `http://localhost {"id": "x", "qty": 1, "at": "2024-01-01T00:00:00"} q=a+b&t=1 b'dTpw' 2d711642 a b a 012` + "\n"
	if out != want {
		t.Fatalf("got  %q\nwant %q", out, want)
	}
}
