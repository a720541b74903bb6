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
			lf, err := rt.Collect([]starlark.StringDict{g}, "")
			if err != nil {
				t.Fatal(err)
			}
			plan, err := user.NewPlan(lf.Classes[0])
			if err != nil {
				t.Fatal(err)
			}
			u := user.New(plan, 1, user.Options{StopsFirst: true})
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
