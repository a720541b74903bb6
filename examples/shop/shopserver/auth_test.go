package shopserver

import (
	"net/http"
	"strings"
	"testing"
)

// login posts body to /api/auth/login on h.
func login(h http.Handler, body string) response {
	return call(h, request{method: "POST", path: "/api/auth/login", body: body, header: map[string]string{"Content-Type": "application/json"}})
}

func TestLogin(t *testing.T) {
	t.Parallel()
	s := newShop(t, quick())
	tests := []struct {
		name   string
		body   string
		status int
	}{
		{"email and password", `{"email": "testuser@example.com", "password": "TestPass123"}`, 200},
		{"extra fields", `{"email": "a@example.com", "password": "x", "remember": true}`, 200},
		{"no password", `{"email": "a@example.com"}`, 401},
		{"no email", `{"password": "x"}`, 401},
		{"empty password", `{"email": "a@example.com", "password": ""}`, 401},
		{"not JSON", `email=a&password=b`, 401},
		{"wrong types", `{"email": 1, "password": 2}`, 401},
		{"empty body", ``, 401},
		{"email too long", `{"email": "` + strings.Repeat("a", maxFieldLen+1) + `", "password": "x"}`, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := login(s, tt.body)
			if resp.status != tt.status {
				t.Fatalf("login with %s = %d %s, want %d", tt.body, resp.status, resp.body, tt.status)
			}
			if tt.status == 200 {
				if tok := decode[tokenBody](t, resp); tok.Token == "" {
					t.Errorf("login answered %s, want a token", resp.body)
				}
			} else if resp.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without a WWW-Authenticate challenge")
			}
		})
	}
}

func TestMe(t *testing.T) {
	t.Parallel()
	s := newShop(t, quick())
	token := decode[tokenBody](t, login(s, `{"email": "modular@example.com", "password": "secret"}`)).Token
	other := decode[tokenBody](t, login(newShop(t, quick()), `{"email": "modular@example.com", "password": "secret"}`)).Token
	tampered := strings.Replace(token, token[len(kindToken)+1:len(kindToken)+3], "QQ", 1)
	if tampered == token {
		t.Fatalf("tampering left token %q unchanged", token)
	}

	tests := []struct {
		name   string
		auth   string
		status int
	}{
		{"issued token", "Bearer " + token, 200},
		{"scheme in lower case", "bearer " + token, 200},
		{"no header", "", 401},
		{"basic scheme", "Basic " + token, 401},
		{"no token", "Bearer ", 401},
		{"made-up token", "Bearer abc", 401},
		{"tampered token", "Bearer " + tampered, 401},
		{"token of another server", "Bearer " + other, 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := request{method: "GET", path: "/api/me"}
			if tt.auth != "" {
				req.header = map[string]string{"Authorization": tt.auth}
			}
			resp := call(s, req)
			if resp.status != tt.status {
				t.Fatalf("GET /api/me with %q = %d %s, want %d", tt.auth, resp.status, resp.body, tt.status)
			}
			if tt.status == 200 {
				if me := decode[meBody](t, resp); me.Email != "modular@example.com" {
					t.Errorf("GET /api/me = %+v, want the login's email", me)
				}
			}
		})
	}
}

// TestTokensAreFresh checks that two logins with the same credentials get different tokens.
func TestTokensAreFresh(t *testing.T) {
	t.Parallel()
	s := newShop(t, quick())
	body := `{"email": "a@example.com", "password": "x"}`
	a, b := decode[tokenBody](t, login(s, body)).Token, decode[tokenBody](t, login(s, body)).Token
	if a == b {
		t.Errorf("two logins both got token %q", a)
	}
}

func TestUpdateCartItemNeedsBasicAuth(t *testing.T) {
	t.Parallel()
	s := newShop(t, quick())
	body := `{"productId": "P-1234", "quantity": 3}`
	tests := []struct {
		name   string
		req    request
		status int
	}{
		{"basic auth", request{user: "buyer@example.com", pass: "secret"}, 200},
		{"basic auth, empty password", request{user: "buyer", pass: ""}, 200},
		{"no auth", request{}, 401},
		{"bearer instead", request{header: map[string]string{"Authorization": "Bearer x"}}, 401},
		{"malformed basic", request{header: map[string]string{"Authorization": "Basic !!!"}}, 401},
		{"empty user", request{header: map[string]string{"Authorization": "Basic OnB3"}}, 401}, // ":pw"
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := tt.req
			req.method, req.path, req.body = "PUT", "/api/v1/cart/items", body
			resp := call(s, req)
			if resp.status != tt.status {
				t.Fatalf("PUT /api/v1/cart/items = %d %s, want %d", resp.status, resp.body, tt.status)
			}
			switch tt.status {
			case 200:
				c := decode[cartChange](t, resp)
				if c.User != tt.req.user || c.ProductID != "P-1234" || c.Quantity != 3 {
					t.Errorf("update = %+v", c)
				}
			case 401:
				if got := resp.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Basic ") {
					t.Errorf("challenge %q, want Basic", got)
				}
			}
		})
	}
}

func TestCart(t *testing.T) {
	t.Parallel()
	s := newShop(t, quick())
	newCart := func(body string) string {
		t.Helper()
		resp := call(s, request{method: "POST", path: "/api/cart", body: body})
		if resp.status != 200 {
			t.Fatalf("POST /api/cart %s = %d %s", body, resp.status, resp.body)
		}
		return decode[cartRef](t, resp).CartID
	}
	id := newCart(`{"productId": "B09XYZ123", "quantity": 2}`)
	if again := newCart(`{"productId": "B09XYZ123", "quantity": 2}`); again == id {
		t.Errorf("two carts share id %q", id)
	}

	resp := call(s, request{method: "GET", path: "/api/cart/" + id})
	if resp.status != 200 {
		t.Fatalf("GET /api/cart/%s = %d %s", id, resp.status, resp.body)
	}
	c := decode[cartBody](t, resp)
	want := s.catalog.lookup("B09XYZ123")
	if c.CartID != id || len(c.Items) != 1 || c.Items[0].ProductID != want.ID || c.Items[0].Quantity != 2 || c.Items[0].Price != want.Price {
		t.Fatalf("cart = %+v, want 2 × %+v", c, want)
	}
	if c.Total != float64(int64(want.Price*100+0.5)*2)/100 {
		t.Errorf("total %v for 2 × %v", c.Total, want.Price)
	}

	empty := decode[cartBody](t, call(s, request{method: "GET", path: "/api/cart/" + newCart("")}))
	if len(empty.Items) != 0 || empty.Total != 0 {
		t.Errorf("cart made without a body = %+v, want empty", empty)
	}

	for _, bad := range []string{"cart-456", id + "x", strings.Replace(id, ".", "..", 1), "c.MQ.MQ.MQ.AAAAAAAAAAAAAAAA"} {
		if resp := call(s, request{method: "GET", path: "/api/cart/" + bad}); resp.status != 404 {
			t.Errorf("GET /api/cart/%s = %d, want 404", bad, resp.status)
		}
	}
	if resp := call(s, request{method: "POST", path: "/api/cart", body: `{"productId": "no spaces"}`}); resp.status != 400 {
		t.Errorf("POST /api/cart with a bad product id = %d, want 400", resp.status)
	}
}
