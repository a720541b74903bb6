package shopserver

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkServeHTTP measures the server's own cost per request (routing, counting, encoding),
// in-process and without the built-in latency.
func BenchmarkServeHTTP(b *testing.B) {
	s := newShop(b, quick())
	for _, bc := range []struct{ name, method, path, body string }{
		{"home", "GET", "/", ""},
		{"product", "GET", "/products/B09XYZ123", ""},
		{"search", "GET", "/api/v1/products?q=laptop&page=1&limit=20", ""},
		{"login", "POST", "/api/auth/login", `{"email":"a@example.com","password":"x"}`},
		{"not found", "GET", "/missing", ""},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := httptest.NewRequest(bc.method, bc.path, strings.NewReader(bc.body))
					w := httptest.NewRecorder()
					s.ServeHTTP(w, r)
					if w.Code >= 300 && bc.name != "not found" {
						b.Fatalf("%s %s = %d", bc.method, bc.path, w.Code)
					}
				}
			})
		})
	}
}

// BenchmarkLoopback measures whole requests over keep-alive loopback connections, client
// included, without the built-in latency.
func BenchmarkLoopback(b *testing.B) {
	ts := httptest.NewServer(newShop(b, quick()))
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			resp, err := client.Get(ts.URL + "/products/B09XYZ123")
			if err != nil {
				b.Fatal(err)
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
}
