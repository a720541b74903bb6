package http

import (
	"io"
	"log"
	"net/http/httptest"
	"testing"

	"github.com/gust-load/gust/examples/shop/shopserver"
)

// TestShopFlow runs a locustfile-like flow against the demo shop: a JSON
// login whose token goes into the session headers, a cookie-scoped admin
// area, catch_response on the shop's 404 contract.
func TestShopFlow(t *testing.T) {
	shop, err := shopserver.New(shopserver.Options{NoBaseLatency: true, ErrorLog: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(shop)
	defer srv.Close()
	for _, f := range flavours {
		t.Run(f.String(), func(t *testing.T) {
			h := newHarness(t, srv.URL, f)
			h.mustRun(`
r = client.post("/api/auth/login", json={"email": "ann@example.com", "password": "pw"})
token = r.json()["token"]
client.headers.update({"Authorization": "Bearer " + token})
me = client.get("/api/me")
check(me.json()["email"] == "ann@example.com", me.text)

client.post("/admin/login", data="{}")
check(client.get("/admin/dashboard").status_code == 200)
check("admin" in pyrepr(client.cookies).lower() or len(client.cookies) == 1, pyrepr(client.cookies))
client.post("/admin/logout")
check(len(client.cookies) == 0, pyrepr(client.cookies))

nf = client.get("/no/such/page", catch_response=True)
nf.__enter__()
if nf.status_code == 404:
    nf.success()
nf.__exit__(None, None, None)
`)
			for _, ev := range h.events {
				if ev.errText != "" {
					t.Errorf("%s %s failed: %s", ev.method, ev.name, ev.errText)
				}
			}
			if len(h.events) != 6 {
				t.Fatalf("%d events", len(h.events))
			}
		})
	}
}
