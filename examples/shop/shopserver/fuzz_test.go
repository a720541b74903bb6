package shopserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzSigner checks that any fields survive a sign/verify round trip, and that no other string
// verifies (or makes verify panic).
func FuzzSigner(f *testing.F) {
	f.Add("testuser@example.com", "1", "t.dGVzdA.MQ.AAAAAAAAAAAAAAAA")
	f.Add("", "", "")
	f.Add("a.b", "..", "c...")
	f.Add("ünïcode", "\x00", "c.MQ.QjA5.Mg.!!!!")
	s := newSigner()
	f.Fuzz(func(t *testing.T, a, b, forged string) {
		v := s.sign(kindCart, a, b)
		got, ok := s.verify(kindCart, 2, v)
		if len(a) <= maxFieldLen && len(b) <= maxFieldLen && (!ok || got[0] != a || got[1] != b) {
			t.Errorf("sign(%q, %q) = %q verified as %q, %v", a, b, v, got, ok)
		}
		if _, ok := s.verify(kindToken, 2, v); ok {
			t.Errorf("cart value %q verified as a token", v)
		}
		if forged != v {
			if got, ok := s.verify(kindCart, 2, forged); ok {
				t.Errorf("unsigned %q verified as %q", forged, got)
			}
		}
	})
}

func FuzzParseIntIn(f *testing.F) {
	for _, s := range []string{"0", "1", "-1", "60000", "60001", "+5", "1e3", " 1", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseIntIn(s, 0, 60000)
		if err == nil && (n < 0 || n > 60000) {
			t.Errorf("parseIntIn(%q) = %d, outside the range without an error", s, n)
		}
	})
}

// FuzzServeHTTP sends arbitrary methods, paths and bodies: the shop must answer each with a
// status it documents, never panic, and count what it received.
func FuzzServeHTTP(f *testing.F) {
	f.Add("GET", "/products/B01", "", "")
	f.Add("POST", "/api/auth/login", `{"email":"a","password":"b"}`, "application/json")
	f.Add("PUT", "/api/v1/cart/items", `{"quantity":1e9}`, "")
	f.Add("GET", "/api/cart/c.MQ.MQ.MQ.AAAA", "", "")
	f.Add("GET", "/api/v1/products?page=2&limit=100&q=%00", "", "")
	f.Add("POST", "/echo", "\xff\xfe", "text/plain")
	f.Add("GET", "/slow?ms=0", "", "")
	s := newShop(f, Options{NoBaseLatency: true, MaxCountedPaths: 1000})
	allowed := map[int]bool{200: true, 201: true, 301: true, 307: true, 308: true, 400: true, 401: true, 404: true, 413: true, 500: true}
	f.Fuzz(func(t *testing.T, method, target, body, contentType string) {
		if !validMethod(method) || !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \t\r\n#") {
			t.Skip()
		}
		if strings.HasPrefix(target, "/slow") {
			t.Skip() // would sleep for as long as the input says
		}
		r, err := http.NewRequest(method, "http://shop.test"+target, strings.NewReader(body))
		if err != nil {
			t.Skip()
		}
		if contentType != "" {
			r.Header.Set("Content-Type", contentType)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if !allowed[w.Code] {
			t.Errorf("%s %s = %d %s", method, target, w.Code, w.Body)
		}
	})
}

// validMethod reports whether m is an HTTP token, as a client would send it.
func validMethod(m string) bool {
	if m == "" || m == "CONNECT" {
		return false
	}
	for _, c := range m {
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return true
}
