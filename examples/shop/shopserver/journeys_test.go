package shopserver

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// step is one call a locustfile makes, and the status it expects.
type step struct {
	req    request
	status int
	// then, if set, reads the answer into the journey's state (a token, a cart id).
	then func(t *testing.T, resp response, state map[string]string)
}

// TestLocustfileJourneys replays, in order, the calls of the example locustfiles
// (/work/shared/locustfiles) as Locust makes them, carrying state between calls, and checks each
// answer is one Locust counts as a success (or the 404 the script expects).
func TestLocustfileJourneys(t *testing.T) {
	t.Parallel()
	ts := serve(t, newShop(t, quick()))
	jsonBody := map[string]string{"Content-Type": "application/json"} // what requests sends with json=
	bearer := map[string]string{"Authorization": "Bearer {token}"}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte("user.abc12345@example.com:secret"))
	takeToken := func(t *testing.T, resp response, state map[string]string) {
		state["token"] = decode[tokenBody](t, resp).Token
	}

	journeys := []struct {
		name  string
		steps func() []step
	}{
		{"seed_web_user", func() []step {
			return []step{
				{request{method: "POST", path: "/api/auth/login", body: `{"email": "testuser@example.com", "password": "TestPass123"}`, header: jsonBody}, 200, takeToken},
				{request{method: "GET", path: "/api/v1/products?page=1&limit=20", header: bearer}, 200, nil},
				{request{method: "GET", path: "/api/v1/products?q=laptop&category=electronics", header: bearer}, 200, nil},
				{request{method: "POST", path: "/api/v1/cart/items", body: `{"productId": "P-1234", "quantity": 1}`, header: jsonBody}, 201, nil},
				{request{method: "POST", path: "/api/auth/logout"}, 200, nil},
			}
		}},
		{"split_modules", func() []step {
			return []step{
				{request{method: "POST", path: "/api/auth/login", body: `{"email": "modular@example.com", "password": "secret"}`, header: jsonBody}, 200, takeToken},
				{request{method: "GET", path: "/api/me", header: bearer}, 200, func(t *testing.T, resp response, _ map[string]string) {
					if me := decode[meBody](t, resp); me.Email != "modular@example.com" {
						t.Errorf("GET /api/me = %+v", me)
					}
				}},
			}
		}},
		{"seed_checkout_journey", func() []step {
			return []step{
				{request{method: "GET", path: "/products"}, 200, nil},
				{request{method: "GET", path: "/products/B09XYZ123"}, 200, nil},
				{request{method: "POST", path: "/api/cart", body: `{"productId": "B09XYZ123"}`, header: jsonBody}, 200,
					func(t *testing.T, resp response, state map[string]string) {
						state["cart"] = decode[cartRef](t, resp).CartID
					}},
				{request{method: "GET", path: "/api/cart/{cart}"}, 200, nil},
				{request{method: "POST", path: "/api/orders", body: `{"cartId": "{cart}", "paymentMethod": "card"}`, header: jsonBody}, 201, nil},
			}
		}},
		{"helpers_and_stdlib", func() []step {
			auth := map[string]string{"Authorization": basic}
			return []step{
				{request{method: "GET", path: "/api/v1/products?page=1&limit=20", header: auth}, 200, nil},
				{request{method: "GET", path: "/api/v1/products?page=2&limit=20", header: auth}, 200, nil},
				{request{method: "GET", path: "/api/v1/products?page=3&limit=20", header: auth}, 200, nil},
				{request{method: "POST", path: "/api/orders", header: map[string]string{"Authorization": basic, "Content-Type": "application/json", "X-Api-Key": "dev-key", "X-Trace": "on"},
					body: `{"orderId": "6f1c", "email": "buyer.x@example.com", "total": 12.5, "deliverBy": "2026-01-04"}`}, 201, nil},
			}
		}},
		{"data_driven", func() []step {
			return []step{
				{request{method: "POST", path: "/api/auth/login", body: `{"email": "user09@example.com", "password": "pw09"}`, header: jsonBody}, 200, nil},
				{request{method: "GET", path: "/api/v1/products?q=laptop"}, 200, nil},
				{request{method: "GET", path: "/api/v1/products?q=phone"}, 200, nil},
				{request{method: "GET", path: "/api/v1/products?q=camera"}, 200, nil},
			}
		}},
		{"catch_response", func() []step {
			return []step{
				{request{method: "GET", path: "/api/v1/products?page=1&limit=20"}, 200, func(t *testing.T, resp response, _ map[string]string) {
					if len(decode[searchPage](t, resp).Items) == 0 {
						t.Error("catch_response.py marks an empty product page as a failure")
					}
				}},
				{request{method: "GET", path: "/missing"}, 404, nil},
			}
		}},
		{"seed_admin_taskset", func() []step {
			return []step{
				{request{method: "POST", path: "/admin/login", body: `{"username": "admin", "password": "AdminPass123"}`, header: jsonBody}, 200, nil},
				{request{method: "GET", path: "/admin/dashboard"}, 200, nil},
				{request{method: "GET", path: "/admin/users?page=1"}, 200, nil},
				{request{method: "GET", path: "/admin/reports/export?format=csv"}, 200, nil},
				{request{method: "POST", path: "/admin/logout"}, 200, nil},
				{request{method: "GET", path: "/products"}, 200, nil},
			}
		}},
		{"browsing", func() []step { // seed_ecommerce, tags_and_names, nested_tasksets, fixed_count, events_hooks
			var steps []step
			for _, p := range []string{"/", "/?ref=home", "/category/electronics", "/category/books", "/category/games",
				"/products/B09XYZ123", "/products/B01", "/products/B04", "/slow?ms=200", "/forum", "/forum/thread/1", "/status"} {
				steps = append(steps, step{request{method: "GET", path: p}, 200, nil})
			}
			return append(steps,
				step{request{method: "POST", path: "/api/wishlist", body: `{"productId": "B09XYZ123"}`, header: jsonBody}, 200, nil},
				step{request{method: "POST", path: "/api/orders", body: `{"cartId": "cart-456"}`, header: jsonBody}, 201, nil},
				step{request{method: "POST", path: "/api/orders", body: `{"cartId": "c-1"}`, header: jsonBody}, 201, nil},
				step{request{method: "POST", path: "/echo", body: `{"n": 1}`, header: map[string]string{"Content-Type": "application/json", "X-Test": "1"}}, 200, nil},
				step{request{method: "GET", path: "/bye"}, 200, nil},
			)
		}},
	}
	for _, j := range journeys {
		t.Run(j.name, func(t *testing.T) {
			t.Parallel()
			client := &http.Client{Transport: ts.Client().Transport}
			state := map[string]string{}
			for i, s := range j.steps() {
				req := s.req
				req.path = fill(req.path, state)
				req.body = fill(req.body, state)
				req.header = make(map[string]string, len(s.req.header))
				for k, v := range s.req.header {
					req.header[k] = fill(v, state)
				}
				resp := send(t, client, ts.URL, req)
				if resp.status != s.status {
					t.Fatalf("step %d, %s %s = %d %s, want %d", i+1, req.method, req.path, resp.status, resp.body, s.status)
				}
				if s.then != nil {
					s.then(t, resp, state)
				}
			}
		})
	}
}

// fill replaces {name} in s with state[name].
func fill(s string, state map[string]string) string {
	for k, v := range state {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}
