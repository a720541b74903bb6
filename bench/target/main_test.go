package main

import (
	"io"
	nethttp "net/http"
	"net/http/httptest"
	"testing"
)

func TestHandler(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(newHandler())
	defer srv.Close()
	cases := []struct {
		method, path string
		status, size int
	}{
		{"GET", "/", 200, bodyLen},
		{"HEAD", "/", 200, 0},
		{"GET", "/delay?ms=5", 200, bodyLen},
		{"GET", "/delay?ms=0", 200, bodyLen},
		{"GET", "/delay?ms=x", 400, -1},
		{"GET", "/delay?ms=-1", 400, -1},
		{"GET", "/delay?ms=60001", 400, -1},
		{"GET", "/other", 404, -1},
	}
	for _, c := range cases {
		req, err := nethttp.NewRequest(c.method, srv.URL+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != c.status || (c.size >= 0 && len(b) != c.size) {
			t.Errorf("%s %s: %d with %d bytes, want %d with %d", c.method, c.path, resp.StatusCode, len(b), c.status, c.size)
		}
	}
}
