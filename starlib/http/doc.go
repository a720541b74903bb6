// Package http is the per-user HTTP client of a locustfile: self.client of
// an HttpUser (Locust's HttpSession, a requests.Session) and of a
// FastHttpUser (Locust's FastHttpSession), as Starlark values with the same
// script API and each client's own rules for names, failures and errors.
//
// Script-level API (self.client):
//
//	get(url, **kw), post(url, data=None, json=None, **kw), put(url, data=None, **kw),
//	patch(url, data=None, **kw), delete(url, **kw), head(url, **kw), options(url, **kw),
//	request(method, url, name=None, catch_response=False, context={}, **kw)
//	    kw: params= (dict, pairs or str), data= (dict/pairs -> form, str/bytes -> body),
//	        json=, headers=, cookies=, files= ({"f": ("name.txt", content, "text/plain")}),
//	        auth=(user, password), timeout= (number or (connect, read)),
//	        allow_redirects= (default True; False for head() on HttpUser), stream=,
//	        verify=, name=, catch_response=, context= (proxies, cert, hooks accepted)
//	with client.rename_request("name"): ...
//	client.headers (case-insensitive dict), client.cookies (dict-like jar view),
//	client.base_url, client.auth, client.verify, client.max_redirects
//	FastHttpUser only: client.iter_lines(url, method="GET", **kw)
//
// The response: status_code, ok, reason, url, headers, cookies, content, text,
// encoding, elapsed (timedelta), history, request, error, json(), raise_for_status(),
// iter_content(), iter_lines() (lists), request_meta; with catch_response=True it
// is a context manager whose block decides the outcome through success() and
// failure(msg_or_exception).
//
// Every finished request is handed to Config.OnRequest as an Event carrying
// the statistics record (runtime/stats.Request) with Locust's names, timing
// and failure texts: HTTPError('404 Client Error: Not Found for url: /x'),
// ConnectionRefusedError(111, 'Connection refused'), LocustBadStatusCode(code=404),
// CatchResponseError('msg').
//
// A Pool is made once per loaded program and shared by all users; it owns the
// exception classes (Exceptions) that the locust module re-exports. Each user
// gets its own Session from the Pool and closes it when it stops.
package http
