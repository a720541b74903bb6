package shopserver

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// quick returns options for tests that do not look at latency: no built-in delay.
func quick() Options { return Options{NoBaseLatency: true} }

// newShop returns a Server for opts or fails the test.
func newShop(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New(%+v): %v", opts, err)
	}
	return s
}

// serve runs s on a loopback httptest server for the test's lifetime.
func serve(t testing.TB, s *Server) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts
}

// request describes one HTTP request of a test.
type request struct {
	method, path, body string
	header             map[string]string
	user, pass         string // HTTP basic auth when user is set
}

// response is what a test looks at in an answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

// send makes req against the server at base, over the network.
func send(t testing.TB, client *http.Client, base string, req request) response {
	t.Helper()
	r, err := http.NewRequest(req.method, base+req.path, strings.NewReader(req.body))
	if err != nil {
		t.Fatalf("new request %s %s: %v", req.method, req.path, err)
	}
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	if req.user != "" {
		r.SetBasicAuth(req.user, req.pass)
	}
	resp, err := client.Do(r)
	if err != nil {
		t.Fatalf("%s %s: %v", req.method, req.path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.method, req.path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}

// call makes req against h in-process, for tests that make many requests.
func call(h http.Handler, req request) response {
	r := httptest.NewRequest(req.method, req.path, strings.NewReader(req.body))
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	if req.user != "" {
		r.SetBasicAuth(req.user, req.pass)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return response{status: w.Code, header: w.Header(), body: w.Body.Bytes()}
}

// mediaType returns the Content-Type of resp without parameters.
func mediaType(t testing.TB, resp response) string {
	t.Helper()
	ct := resp.header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatalf("Content-Type %q: %v", ct, err)
	}
	return mt
}

// decode unmarshals resp's body into a value of type T or fails the test.
func decode[T any](t testing.TB, resp response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(resp.body, &v); err != nil {
		t.Fatalf("body %q is not the expected JSON: %v", resp.body, err)
	}
	return v
}
