package web

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// testServer is a started server with a client that cleans up after itself.
type testServer struct {
	*Server
	url    string // with the base path, no trailing slash
	client *http.Client
}

// startServer starts a server for b on 127.0.0.1 and shuts it down at the
// end of the test. A runBackend's state changes are wired to the server.
func startServer(t *testing.T, b Backend, opts Options) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	opts.Listener = ln
	s, err := New(b, opts)
	if err != nil {
		_ = ln.Close()
		t.Fatalf("New: %v", err)
	}
	if rb, ok := b.(*runBackend); ok {
		rb.setOnState(s.StateChanged)
	}
	u, err := s.Start()
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	ts := &testServer{Server: s, url: u, client: &http.Client{Timeout: 20 * time.Second}}
	t.Cleanup(func() {
		ts.client.CloseIdleConnections()
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if rb, ok := b.(*runBackend); ok {
			rb.setOnState(nil)
		}
	})
	return ts
}

func contextWithTimeout(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), d)
}

// do sends a request and returns the status, headers and body.
func (ts *testServer) do(t *testing.T, method, path string, form url.Values) (int, http.Header, []byte) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, ts.url+path, body)
	if err != nil {
		t.Fatalf("request %s %s: %v", method, path, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, data
}

// getJSON GETs path, expects 200 and decodes the JSON body into v.
func (ts *testServer) getJSON(t *testing.T, path string, v any) []byte {
	t.Helper()
	status, hdr, body := ts.do(t, http.MethodGet, path, nil)
	if status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, status, body)
	}
	if ct := hdr.Get("Content-Type"); ct != "application/json" {
		t.Errorf("GET %s: Content-Type %q", path, ct)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: decode: %v\n%s", path, err, body)
		}
	}
	return body
}

// swarm POSTs the form to /swarm and decodes the answer.
func (ts *testServer) swarm(t *testing.T, form url.Values) map[string]any {
	t.Helper()
	status, _, body := ts.do(t, http.MethodPost, "/swarm", form)
	if status != http.StatusOK {
		t.Fatalf("POST /swarm: status %d: %s", status, body)
	}
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("POST /swarm: decode: %v\n%s", err, body)
	}
	return out
}

// waitFor polls cond until it holds; the bound only keeps a broken test
// from hanging, it asserts nothing about speed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
// JSON is compared indented, so the files read well in a diff.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	if strings.HasSuffix(name, ".json") {
		var b bytes.Buffer
		if err := json.Indent(&b, got, "", "  "); err != nil {
			t.Fatalf("%s: invalid JSON: %v\n%s", name, err, got)
		}
		b.WriteByte('\n')
		got = b.Bytes()
	}
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n--- got ---\n%s\n--- want ---\n%s", name, clip(got), clip(want))
	}
}

func clip(b []byte) string {
	if len(b) > 3000 {
		return string(b[:3000]) + "\n..."
	}
	return string(b)
}

// keysOf returns the sorted keys of a JSON object.
func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// jsonType names the JSON type of a decoded value.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "unknown"
}

// checkObject checks that obj has exactly the keys of want, each of one of
// the JSON types listed ("number|null").
func checkObject(t *testing.T, where string, obj map[string]any, want map[string]string) {
	t.Helper()
	for k, types := range want {
		v, ok := obj[k]
		if !ok {
			t.Errorf("%s: missing key %q", where, k)
			continue
		}
		if got := jsonType(v); !strings.Contains("|"+types+"|", "|"+got+"|") {
			t.Errorf("%s: %q is %s, want %s", where, k, got, types)
		}
	}
	for _, k := range keysOf(obj) {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected key %q", where, k)
		}
	}
}
