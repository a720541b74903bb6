package shopserver

import (
	"fmt"
	"maps"
	"net/http"
	"sync"
	"testing"
)

func TestCountsOverHTTP(t *testing.T) {
	t.Parallel()
	ts := serve(t, newShop(t, quick()))
	c := ts.Client()
	for _, req := range []request{
		{method: "GET", path: "/"},
		{method: "GET", path: "/?ref=home"},
		{method: "GET", path: "/products/B09XYZ123"},
		{method: "GET", path: "/products/B09XYZ123?x=1"},
		{method: "GET", path: "/products/B01"},
		{method: "POST", path: "/api/orders", body: `{"cartId": "c-1"}`},
		{method: "GET", path: "/missing"},
		{method: "PUT", path: "/api/v1/cart/items"}, // 401, still counted
		{method: "GET", path: "/_/requests"},        // control endpoints are not counted
	} {
		send(t, c, ts.URL, req)
	}
	want := map[string]int64{
		"GET /":                   2,
		"GET /products/B09XYZ123": 2,
		"GET /products/B01":       1,
		"POST /api/orders":        1,
		"GET /missing":            1,
		"PUT /api/v1/cart/items":  1,
	}
	got := send(t, c, ts.URL, request{method: "GET", path: "/_/requests"})
	if got.status != 200 || mediaType(t, got) != "application/json" {
		t.Fatalf("GET /_/requests = %d %s", got.status, got.header.Get("Content-Type"))
	}
	if counts := decode[map[string]int64](t, got); !maps.Equal(counts, want) {
		t.Fatalf("counts = %v, want %v", counts, want)
	}

	reset := send(t, c, ts.URL, request{method: "DELETE", path: "/_/requests"})
	if reset.status != 200 {
		t.Fatalf("DELETE /_/requests = %d", reset.status)
	}
	if old := decode[map[string]int64](t, reset); !maps.Equal(old, want) {
		t.Errorf("DELETE /_/requests answered %v, want the counts it replaced %v", old, want)
	}
	send(t, c, ts.URL, request{method: "GET", path: "/status"})
	after := decode[map[string]int64](t, send(t, c, ts.URL, request{method: "GET", path: "/_/requests"}))
	if want := map[string]int64{"GET /status": 1}; !maps.Equal(after, want) {
		t.Errorf("counts after reset = %v, want %v", after, want)
	}
}

// TestCountsConcurrent counts from many goroutines at once; run with -race it also checks that
// counting is safe, and the totals must be exact.
func TestCountsConcurrent(t *testing.T) {
	t.Parallel()
	s := newShop(t, quick())
	const workers, each = 16, 100
	paths := []string{"/", "/status", "/products/B01", "/flaky"}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				call(s, request{method: "GET", path: paths[(w+i)%len(paths)]})
				if i%25 == 0 {
					s.Counts() // readers race with writers
				}
			}
		})
	}
	wg.Wait()
	want := make(map[string]int64)
	for w := range workers {
		for i := range each {
			want["GET "+paths[(w+i)%len(paths)]]++
		}
	}
	if got := s.Counts(); !maps.Equal(got, want) {
		t.Errorf("counts = %v, want %v", got, want)
	}
}

// TestCountsOverConcurrentConnections opens many connections at once over loopback, the way a
// load test does, and checks the server counted every request.
func TestCountsOverConcurrentConnections(t *testing.T) {
	t.Parallel()
	ts := serve(t, newShop(t, Options{})) // realistic latency, so connections overlap
	const conns, each = 200, 5
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: conns, MaxConnsPerHost: conns}}
	t.Cleanup(client.CloseIdleConnections)
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for w := range conns {
		wg.Go(func() {
			for i := range each {
				resp, err := client.Get(fmt.Sprintf("%s/products/B%d", ts.URL, (w+i)%3))
				if err != nil {
					errs <- err
					return
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Errorf("status %d", resp.StatusCode)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	var total int64
	for _, n := range decode[map[string]int64](t, send(t, client, ts.URL, request{method: "GET", path: "/_/requests"})) {
		total += n
	}
	if total != conns*each {
		t.Errorf("server counted %d requests, want %d", total, conns*each)
	}
}

func TestCountsOverflow(t *testing.T) {
	t.Parallel()
	s := newShop(t, Options{NoBaseLatency: true, MaxCountedPaths: 2})
	for _, p := range []string{"/a", "/b", "/a", "/c", "/d", "/b"} {
		call(s, request{method: "GET", path: p})
	}
	want := map[string]int64{"GET /a": 2, "GET /b": 2, OverflowKey: 2}
	if got := s.Counts(); !maps.Equal(got, want) {
		t.Errorf("counts = %v, want %v", got, want)
	}
	s.ResetCounts()
	call(s, request{method: "GET", path: "/c"})
	if got, want := s.Counts(), map[string]int64{"GET /c": 1}; !maps.Equal(got, want) {
		t.Errorf("after reset, counts = %v, want %v (the key limit starts afresh)", got, want)
	}
}

func BenchmarkCountsAdd(b *testing.B) {
	b.Run("hot key", func(b *testing.B) {
		c := newRequestCounts(DefaultMaxCountedPaths)
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				c.add("GET", "/products/B09XYZ123")
			}
		})
	})
	b.Run("100 keys", func(b *testing.B) {
		c := newRequestCounts(DefaultMaxCountedPaths)
		paths := make([]string, 100)
		for i := range paths {
			paths[i] = fmt.Sprintf("/products/P-%d", 1000+i)
		}
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			i := 0
			for pb.Next() {
				c.add("GET", paths[i%len(paths)])
				i++
			}
		})
	})
}
