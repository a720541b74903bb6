package shopserver

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGolden pins the exact bytes of the answers whose content is fixed (the catalog, the admin
// pages, the report), so a change to a response format shows up as a diff of a file.
func TestGolden(t *testing.T) {
	t.Parallel()
	s := newShop(t, quick())
	tests := []struct {
		name string
		req  request
	}{
		{"home", request{method: "GET", path: "/"}},
		{"products", request{method: "GET", path: "/products"}},
		{"product", request{method: "GET", path: "/products/B09XYZ123"}},
		{"category", request{method: "GET", path: "/category/books"}},
		{"search", request{method: "GET", path: "/api/v1/products?q=phone&page=1&limit=3"}},
		{"forum", request{method: "GET", path: "/forum"}},
		{"thread", request{method: "GET", path: "/forum/thread/3"}},
		{"admin_users", request{method: "GET", path: "/admin/users?page=2"}},
		{"export_csv", request{method: "GET", path: "/admin/reports/export?format=csv"}},
		{"export_json", request{method: "GET", path: "/admin/reports/export?format=json"}},
		{"not_found", request{method: "GET", path: "/missing"}},
		{"login_refused", request{method: "POST", path: "/api/auth/login", body: `{"email": "a@example.com"}`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := call(s, tt.req)
			got := fmt.Sprintf("%d\nContent-Type: %s\n\n%s", resp.status, resp.header.Get("Content-Type"), resp.body)
			path := filepath.Join("testdata", "golden", tt.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s %s changed:\n--- got\n%s\n--- want (%s)\n%s", tt.req.method, tt.req.path, got, path, want)
			}
		})
	}
}
