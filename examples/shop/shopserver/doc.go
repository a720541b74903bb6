// Package shopserver is the demo target that gust's examples, tests and `gust demo-target` load:
// a small online shop over HTTP/1.1 serving every endpoint the example locustfiles call.
//
//	GET    /                                   200 HTML home page
//	GET    /products                           200 {"items": [product...], "total": n}
//	GET    /products/{id}                      200 product (any id of letters, digits, - and _)
//	GET    /category/{name}                    200 {"category": name, "items": [product...]}
//	GET    /forum, /forum/thread/{n}           200 HTML
//	GET    /status                             200 {"status": "ok", "uptimeSeconds": s}
//	GET    /bye                                200 text
//	GET    /slow?ms=N                          200 {"sleptMs": N} after N ms (0 to MaxSlow; default 1 s)
//	GET    /flaky                              500 for about one request in five, else 200
//	POST   /echo                               200 the body back, with the request's Content-Type
//	POST   /api/auth/login                     200 {"token": t} for JSON with email and password, else 401
//	POST   /api/auth/logout                    200
//	GET    /api/me                             200 {"email": e} with "Authorization: Bearer t", else 401
//	GET    /api/v1/products?page&limit&q&category
//	                                           200 {"items": [product...], "page", "limit", "total"}
//	POST   /api/v1/cart/items                  201
//	PUT    /api/v1/cart/items                  200 with HTTP basic auth, else 401
//	POST   /api/wishlist                       200
//	POST   /api/cart                           200 {"cartId": id}, a fresh id per call
//	GET    /api/cart/{id}                      200 {"cartId", "items": [...], "total"} for an id from POST /api/cart
//	POST   /api/orders                         201 {"orderId": id, "status": "created"}
//	POST   /admin/login, /admin/logout         200 (and a session cookie, set or cleared)
//	GET    /admin/dashboard                    200 HTML
//	GET    /admin/users?page=n                 200 {"users": [...], "page": n, "total": 250}
//	GET    /admin/reports/export?format=csv    200 text/csv (format=json gives JSON)
//	any    anything else                       404 {"error": "..."}
//	GET    /_/requests                         200 {"METHOD path": count, ...} of requests received
//	DELETE /_/requests                         200 the same, and the counts start again from zero
//
// A product is {"id", "name", "price", "category"}. Malformed query parameters and JSON bodies get
// 400, bodies over 1 MiB 413, and every error answer is {"error": "..."}.
//
// Every shop endpoint answers after a realistic few milliseconds (each route has its own base
// latency and jitter; /slow waits as long as asked). Options add a fixed latency, random jitter
// and an error rate (injected 500s) to every shop endpoint so a demo can show slow responses and
// failures; the /_/ endpoints are exempt, answer at once and are not counted, so that reading the
// counts never changes them. Which /flaky requests and which requests under ErrorRate fail is a
// function of Options.Seed and the request's sequence number, so a seeded run is reproducible.
//
// The server keeps no per-user state: login tokens and cart ids are values it signs and can
// verify, so memory stays flat however long a load test runs; the request counts are capped by
// Options.MaxCountedPaths for the same reason.
package shopserver
