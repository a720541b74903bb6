package shopserver

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"
)

// object is a decoded JSON object, for checking shapes.
type object = map[string]any

// hasKeys fails the test unless every key is in obj.
func hasKeys(t *testing.T, obj object, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			t.Errorf("JSON %v lacks key %q", obj, k)
		}
	}
}

// productList checks that v is a JSON array of products and returns its length.
func productList(t *testing.T, v any) int {
	t.Helper()
	items, ok := v.([]any)
	if !ok {
		t.Fatalf("items is %T, want an array", v)
	}
	for _, it := range items {
		p, ok := it.(object)
		if !ok {
			t.Fatalf("item %v is not an object", it)
		}
		hasKeys(t, p, "id", "name", "price")
	}
	return len(items)
}

func TestEndpoints(t *testing.T) {
	t.Parallel()
	ts := serve(t, newShop(t, quick()))
	jsonHdr := map[string]string{"Content-Type": "application/json"}

	tests := []struct {
		name   string
		req    request
		status int
		typ    string
		check  func(t *testing.T, resp response)
	}{
		{"home", request{method: "GET", path: "/"}, 200, "text/html", func(t *testing.T, r response) {
			if !bytes.Contains(r.body, []byte("<h1>gust demo shop</h1>")) {
				t.Errorf("home page %q lacks its heading", r.body)
			}
		}},
		{"home with query", request{method: "GET", path: "/?ref=home"}, 200, "text/html", nil},
		{"products", request{method: "GET", path: "/products"}, 200, "application/json", func(t *testing.T, r response) {
			obj := decode[object](t, r)
			if n := productList(t, obj["items"]); n != listingSize {
				t.Errorf("GET /products lists %d products, want %d", n, listingSize)
			}
		}},
		{"catalog product", request{method: "GET", path: "/products/P-1001"}, 200, "application/json", func(t *testing.T, r response) {
			p := decode[product](t, r)
			if p.ID != "P-1001" || p.Name != "Laptop Basic" || p.Category != "electronics" || p.Price <= 0 {
				t.Errorf("GET /products/P-1001 = %+v", p)
			}
		}},
		{"other product", request{method: "GET", path: "/products/B09XYZ123"}, 200, "application/json", func(t *testing.T, r response) {
			p := decode[product](t, r)
			if p.ID != "B09XYZ123" || p.Name == "" || p.Price <= 0 {
				t.Errorf("GET /products/B09XYZ123 = %+v", p)
			}
		}},
		{"product id with bad characters", request{method: "GET", path: "/products/a%20b"}, 404, "application/json", nil},
		{"product listing trailing slash", request{method: "GET", path: "/products/"}, 404, "application/json", nil},
		{"category", request{method: "GET", path: "/category/electronics"}, 200, "application/json", func(t *testing.T, r response) {
			obj := decode[object](t, r)
			if obj["category"] != "electronics" || productList(t, obj["items"]) != 20 {
				t.Errorf("GET /category/electronics = %s", r.body)
			}
		}},
		{"unknown category is empty", request{method: "GET", path: "/category/unicorns"}, 200, "application/json", func(t *testing.T, r response) {
			obj := decode[object](t, r)
			if productList(t, obj["items"]) != 0 {
				t.Errorf("GET /category/unicorns = %s, want no items", r.body)
			}
		}},
		{"forum", request{method: "GET", path: "/forum"}, 200, "text/html", func(t *testing.T, r response) {
			if !bytes.Contains(r.body, []byte(`href="/forum/thread/1"`)) {
				t.Errorf("forum %q does not link thread 1", r.body)
			}
		}},
		{"thread", request{method: "GET", path: "/forum/thread/7"}, 200, "text/html", func(t *testing.T, r response) {
			if !bytes.Contains(r.body, []byte("<h1>Thread 7</h1>")) {
				t.Errorf("thread page %q is not thread 7", r.body)
			}
		}},
		{"thread not a number", request{method: "GET", path: "/forum/thread/x"}, 404, "application/json", nil},
		{"thread zero", request{method: "GET", path: "/forum/thread/0"}, 404, "application/json", nil},
		{"status", request{method: "GET", path: "/status"}, 200, "application/json", func(t *testing.T, r response) {
			obj := decode[object](t, r)
			if obj["status"] != "ok" {
				t.Errorf("status = %s", r.body)
			}
			hasKeys(t, obj, "uptimeSeconds")
		}},
		{"bye", request{method: "GET", path: "/bye"}, 200, "text/plain", nil},
		{"slow", request{method: "GET", path: "/slow?ms=5"}, 200, "application/json", func(t *testing.T, r response) {
			if got := decode[slowReport](t, r); got.SleptMs != 5 {
				t.Errorf("sleptMs = %d, want 5", got.SleptMs)
			}
		}},
		{"slow zero", request{method: "GET", path: "/slow?ms=0"}, 200, "application/json", nil},
		{"slow negative", request{method: "GET", path: "/slow?ms=-1"}, 400, "application/json", nil},
		{"slow beyond max", request{method: "GET", path: "/slow?ms=60001"}, 400, "application/json", nil},
		{"slow not a number", request{method: "GET", path: "/slow?ms=soon"}, 400, "application/json", nil},
		{"echo json", request{method: "POST", path: "/echo", body: `{"n":1}`, header: jsonHdr}, 200, "application/json", func(t *testing.T, r response) {
			if string(r.body) != `{"n":1}` {
				t.Errorf("echo = %q", r.body)
			}
		}},
		{"echo keeps content type", request{method: "POST", path: "/echo", body: "a,b\n", header: map[string]string{"Content-Type": "text/csv; charset=latin1"}}, 200, "text/csv", func(t *testing.T, r response) {
			if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=latin1" || string(r.body) != "a,b\n" {
				t.Errorf("echo = %q with %q", r.body, ct)
			}
		}},
		{"echo without content type", request{method: "POST", path: "/echo", body: "raw"}, 200, "application/octet-stream", nil},
		{"echo too large", request{method: "POST", path: "/echo", body: strings.Repeat("x", maxBody+1)}, 413, "application/json", nil},
		{"logout", request{method: "POST", path: "/api/auth/logout"}, 200, "application/json", nil},
		{"search page", request{method: "GET", path: "/api/v1/products?page=1&limit=20"}, 200, "application/json", func(t *testing.T, r response) {
			obj := decode[object](t, r)
			if n := productList(t, obj["items"]); n != 20 || obj["page"] != 1.0 {
				t.Errorf("page 1 has %d items and page %v", n, obj["page"])
			}
		}},
		{"search query", request{method: "GET", path: "/api/v1/products?q=laptop&category=electronics"}, 200, "application/json", func(t *testing.T, r response) {
			page := decode[searchPage](t, r)
			if len(page.Items) != 4 || page.Total != 4 {
				t.Fatalf("q=laptop found %d of %d, want 4 laptops", len(page.Items), page.Total)
			}
			for _, p := range page.Items {
				if !strings.Contains(p.Name, "Laptop") || p.Category != "electronics" {
					t.Errorf("q=laptop&category=electronics found %+v", p)
				}
			}
		}},
		{"search defaults", request{method: "GET", path: "/api/v1/products"}, 200, "application/json", func(t *testing.T, r response) {
			page := decode[searchPage](t, r)
			if page.Page != 1 || page.Limit != defaultLimit || len(page.Items) != defaultLimit || page.Total != 160 {
				t.Errorf("defaults: page %d limit %d items %d total %d", page.Page, page.Limit, len(page.Items), page.Total)
			}
		}},
		{"search past the end", request{method: "GET", path: "/api/v1/products?page=99"}, 200, "application/json", func(t *testing.T, r response) {
			obj := decode[object](t, r)
			if productList(t, obj["items"]) != 0 {
				t.Errorf("page 99 = %s, want no items", r.body)
			}
		}},
		{"search bad page", request{method: "GET", path: "/api/v1/products?page=0"}, 400, "application/json", nil},
		{"search bad limit", request{method: "GET", path: "/api/v1/products?limit=many"}, 400, "application/json", nil},
		{"add cart item", request{method: "POST", path: "/api/v1/cart/items", body: `{"productId": "P-1234", "quantity": 1}`, header: jsonHdr}, 201, "application/json", func(t *testing.T, r response) {
			if c := decode[cartChange](t, r); c.ProductID != "P-1234" || c.Quantity != 1 {
				t.Errorf("added %+v", c)
			}
		}},
		{"add cart item bad json", request{method: "POST", path: "/api/v1/cart/items", body: `{"productId":`}, 400, "application/json", nil},
		{"add cart item bad quantity", request{method: "POST", path: "/api/v1/cart/items", body: `{"quantity": -2}`}, 400, "application/json", nil},
		{"wishlist", request{method: "POST", path: "/api/wishlist", body: `{"productId": "B09XYZ123"}`, header: jsonHdr}, 200, "application/json", nil},
		{"order", request{method: "POST", path: "/api/orders", body: `{"cartId": "cart-456"}`, header: jsonHdr}, 201, "application/json", func(t *testing.T, r response) {
			o := decode[orderBody](t, r)
			if !strings.HasPrefix(o.OrderID, "ord-") || o.CartID != "cart-456" {
				t.Errorf("order = %+v", o)
			}
		}},
		{"order without body", request{method: "POST", path: "/api/orders"}, 201, "application/json", nil},
		{"order bad json", request{method: "POST", path: "/api/orders", body: "[1,"}, 400, "application/json", nil},
		{"admin login", request{method: "POST", path: "/admin/login", body: `{"username": "admin", "password": "AdminPass123"}`}, 200, "application/json", func(t *testing.T, r response) {
			if c := r.header.Get("Set-Cookie"); !strings.HasPrefix(c, adminCookie+"=1") {
				t.Errorf("admin login sets cookie %q", c)
			}
		}},
		{"admin logout", request{method: "POST", path: "/admin/logout"}, 200, "application/json", func(t *testing.T, r response) {
			if c := r.header.Get("Set-Cookie"); !strings.Contains(c, "Max-Age=0") {
				t.Errorf("admin logout sets cookie %q, want it expired", c)
			}
		}},
		{"dashboard", request{method: "GET", path: "/admin/dashboard"}, 200, "text/html", nil},
		{"admin users", request{method: "GET", path: "/admin/users?page=1"}, 200, "application/json", func(t *testing.T, r response) {
			page := decode[usersPage](t, r)
			if len(page.Users) != adminPageSize || page.Users[0].ID != 1 || page.Page != 1 {
				t.Errorf("users page 1 = %+v", page)
			}
		}},
		{"admin users last page", request{method: "GET", path: "/admin/users?page=25"}, 200, "application/json", func(t *testing.T, r response) {
			if page := decode[usersPage](t, r); len(page.Users) != 10 || page.Users[9].ID != adminUserCount {
				t.Errorf("users page 25 = %+v", page)
			}
		}},
		{"admin users bad page", request{method: "GET", path: "/admin/users?page=-3"}, 400, "application/json", nil},
		{"export csv", request{method: "GET", path: "/admin/reports/export?format=csv"}, 200, "text/csv", func(t *testing.T, r response) {
			records, err := csv.NewReader(bytes.NewReader(r.body)).ReadAll()
			if err != nil {
				t.Fatalf("export is not CSV: %v", err)
			}
			if len(records) != reportDays+1 || strings.Join(records[0], ",") != "date,orders,revenue" {
				t.Errorf("export has %d records, header %v", len(records), records[0])
			}
		}},
		{"export json", request{method: "GET", path: "/admin/reports/export?format=json"}, 200, "application/json", func(t *testing.T, r response) {
			if rows := decode[[]reportRow](t, r); len(rows) != reportDays {
				t.Errorf("export has %d rows", len(rows))
			}
		}},
		{"export bad format", request{method: "GET", path: "/admin/reports/export?format=xlsx"}, 400, "application/json", nil},
		{"unknown path", request{method: "GET", path: "/missing"}, 404, "application/json", nil},
		{"known path, wrong method", request{method: "GET", path: "/echo"}, 404, "application/json", nil},
		{"delete a product", request{method: "DELETE", path: "/products/P-1001"}, 404, "application/json", nil},
		{"post home", request{method: "POST", path: "/"}, 404, "application/json", nil},
		{"unknown control path", request{method: "GET", path: "/_/other"}, 404, "application/json", nil},
		{"post counts", request{method: "POST", path: "/_/requests"}, 404, "application/json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := send(t, ts.Client(), ts.URL, tt.req)
			if resp.status != tt.status {
				t.Fatalf("%s %s = %d %s, want %d", tt.req.method, tt.req.path, resp.status, resp.body, tt.status)
			}
			if got := mediaType(t, resp); got != tt.typ {
				t.Errorf("%s %s Content-Type = %s, want %s", tt.req.method, tt.req.path, got, tt.typ)
			}
			if tt.status >= 400 {
				if e := decode[errorBody](t, resp); e.Error == "" {
					t.Errorf("error answer %q has no message", resp.body)
				}
			}
			if tt.check != nil {
				tt.check(t, resp)
			}
		})
	}
}

// TestHead checks that GET routes answer HEAD (as net/http clients and probes expect) without a
// body.
func TestHead(t *testing.T) {
	t.Parallel()
	ts := serve(t, newShop(t, quick()))
	resp := send(t, ts.Client(), ts.URL, request{method: http.MethodHead, path: "/products"})
	if resp.status != 200 || len(resp.body) != 0 {
		t.Errorf("HEAD /products = %d with %d body bytes", resp.status, len(resp.body))
	}
}
