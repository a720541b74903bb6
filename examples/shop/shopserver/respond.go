package shopserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// maxBody caps the request bodies the shop reads; larger ones get 413.
const maxBody = 1 << 20

// Content types the shop answers with.
const (
	typeJSON = "application/json"
	typeHTML = "text/html; charset=utf-8"
	typeCSV  = "text/csv; charset=utf-8"
	typeText = "text/plain; charset=utf-8"
)

// errorBody is the JSON body of every error answer.
type errorBody struct {
	Error string `json:"error"`
}

// statusBody is the JSON body of answers that only confirm an action.
type statusBody struct {
	Status string `json:"status"`
}

// write sends body with an explicit type and length, so clients never see chunked encoding or a
// sniffed type.
func write(w http.ResponseWriter, status int, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body) // a failed write means the client went away; nobody to tell
}

// writeJSON encodes v and sends it. The values passed are the shop's own structs, so encoding
// cannot fail in practice; if it did, the client gets a 500 rather than half a body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		write(w, http.StatusInternalServerError, typeJSON, []byte(`{"error":"encode response"}`))
		return
	}
	write(w, status, typeJSON, body)
}

// fail sends an error answer.
func fail(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, errorBody{Error: msg})
}

// readBody reads the request body, up to maxBody. On failure it has already answered (413 for
// too large, 400 otherwise) and returns false.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			fail(w, http.StatusRequestEntityTooLarge, "request body larger than 1 MiB")
		} else {
			fail(w, http.StatusBadRequest, "read request body: "+err.Error())
		}
		return nil, false
	}
	return body, true
}

// readJSON reads an optional JSON body into v: an empty body leaves v as it is, a malformed one
// is answered with 400 and readJSON returns false.
func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	body, ok := readBody(w, r)
	if !ok {
		return false
	}
	if len(body) == 0 {
		return true
	}
	if err := json.Unmarshal(body, v); err != nil {
		fail(w, http.StatusBadRequest, "request body is not the expected JSON: "+err.Error())
		return false
	}
	return true
}

// intParam parses the query parameter name as an integer in [lo, hi], or returns def when it is
// absent or empty. On a bad value it has already answered 400 and returns false.
func intParam(w http.ResponseWriter, q url.Values, name string, def, lo, hi int) (int, bool) {
	raw := q.Get(name)
	if raw == "" {
		return def, true
	}
	n, err := parseIntIn(raw, lo, hi)
	if err != nil {
		fail(w, http.StatusBadRequest, "query parameter "+name+": "+err.Error())
		return 0, false
	}
	return n, true
}

// parseIntIn parses s as a decimal integer in [lo, hi].
func parseIntIn(s string, lo, hi int) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not an integer", s)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%d is outside [%d, %d]", n, lo, hi)
	}
	return n, nil
}
