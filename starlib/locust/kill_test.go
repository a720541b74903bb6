package locust

import (
	"context"
	nethttp "net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.starlark.net/starlark"

	"github.com/gust-load/gust/runtime/user"
)

// TestKillInterruptsRequest: killing a user in the middle of a request ends
// the request at once for both client kinds. The client does not watch the
// user's context (http.Config.UserContext); Kill reaches it through
// VU.Cancel.
func TestKillInterruptsRequest(t *testing.T) {
	entered := make(chan struct{}, 4)
	release := make(chan struct{})
	srv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, r *nethttp.Request) {
		if r.URL.Path == "/hang" {
			entered <- struct{}{}
			select {
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	defer close(release)
	for _, base := range []string{"HttpUser", "FastHttpUser"} {
		t.Run(base, func(t *testing.T) {
			rec := &memRecorder{}
			rt := NewRuntime(Config{Recorder: func() Recorder { return rec }})
			g := loadHost(t, rt, `
def hang(self):
    self.client.get("/hang")
def stop(self):
    self.client.get("/bye")
U = make_class("U", (`+base+`,), {"host": HOST, "on_stop": stop, "hang": task(hang)})
`, srv.URL)
			u := newUser(t, rt, g, user.Options{StopsFirst: true})
			done := make(chan error, 1)
			go func() { done <- u.Run(context.Background()) }()
			select {
			case <-entered:
			case <-time.After(10 * time.Second):
				t.Fatal("the request never reached the server")
			}
			u.Kill("stopped")
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the killed user's request was not interrupted")
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if len(rec.reqs) != 1 || rec.reqs[0].Name != "/bye" || rec.reqs[0].Error != "" {
				t.Fatalf("recorded %+v, want only on_stop's /bye", rec.reqs)
			}
		})
	}
}

// TestKillDuringRequestReport: as in Locust, where the statistics are a
// listener of the request event and a greenlet dies only where it yields,
// a kill that arrives while a request is being reported lets the report
// (statistics and every script listener) finish, then stops the task; the
// request listener counts exactly what the statistics record.
func TestKillDuringRequestReport(t *testing.T) {
	srv := httptest.NewServer(nethttp.HandlerFunc(func(w nethttp.ResponseWriter, _ *nethttp.Request) {
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	for _, base := range []string{"HttpUser", "FastHttpUser"} {
		t.Run(base, func(t *testing.T) {
			rec := &memRecorder{}
			rt := NewRuntime(Config{Recorder: func() Recorder { return rec }})
			var u *user.User
			killMe := starlark.NewBuiltin("kill_me", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
				u.Kill("stopped")
				return starlark.None, nil
			})
			g := loadWith(t, rt, `
seen = []
def on_req(name, **kwargs):
    seen.append(name)
    if name == "/first":
        kill_me()
        seen.append("listener finished")
events.request.add_listener(on_req)
def first(self):
    self.client.get("/first")
    seen.append("task went on")
def stop(self):
    self.client.get("/bye")
U = make_class("U", (`+base+`,), {"host": HOST, "on_stop": stop, "first": task(first)})
`, srv.URL, starlark.StringDict{"kill_me": killMe})
			u = newUser(t, rt, g, bounded(3))
			done := make(chan error, 1)
			go func() { done <- u.Run(context.Background()) }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the killed user never ended")
			}
			if got, want := g["seen"].String(), `["/first", "listener finished", "/bye"]`; got != want {
				t.Errorf("script saw %s, want %s", got, want)
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if len(rec.reqs) != 2 || rec.reqs[0].Name != "/first" || rec.reqs[1].Name != "/bye" {
				t.Fatalf("recorded %+v, want /first and on_stop's /bye", rec.reqs)
			}
		})
	}
}
