package shopserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Kinds of signed values (see signer).
const (
	kindToken = "t"
	kindCart  = "c"
)

// credentials is the body POST /api/auth/login expects.
type credentials struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// tokenBody is the answer to a successful login.
type tokenBody struct {
	Token string `json:"token"`
}

// login issues a token for any email and password, as long as both are there: the shop checks
// that clients send credentials, not which. Anything else, malformed JSON included, is 401.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	var c credentials
	if err := json.Unmarshal(body, &c); err != nil || c.Email == "" || c.Password == "" {
		unauthorized(w, "Bearer", "JSON body with email and password required")
		return
	}
	if len(c.Email) > maxFieldLen {
		unauthorized(w, "Bearer", "email too long")
		return
	}
	token := s.signer.sign(kindToken, c.Email, strconv.FormatUint(s.idSeq.Add(1), 10))
	writeJSON(w, http.StatusOK, tokenBody{Token: token})
}

func logout(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, statusBody{Status: "logged out"})
}

// meBody is the body of GET /api/me.
type meBody struct {
	Email string `json:"email"`
}

// me answers for the holder of a token this server issued.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	token, ok := bearer(r)
	if !ok {
		unauthorized(w, "Bearer", "Authorization: Bearer token required")
		return
	}
	fields, ok := s.signer.verify(kindToken, 2, token)
	if !ok {
		unauthorized(w, "Bearer", "token not issued by this server")
		return
	}
	writeJSON(w, http.StatusOK, meBody{Email: fields[0]})
}

// bearer returns the token of an "Authorization: Bearer <token>" header (scheme in any case).
func bearer(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// unauthorized answers 401 with the challenge HTTP requires for it.
func unauthorized(w http.ResponseWriter, scheme, msg string) {
	w.Header().Set("WWW-Authenticate", scheme+` realm="shop"`)
	fail(w, http.StatusUnauthorized, msg)
}

// searchPage is the body of GET /api/v1/products.
type searchPage struct {
	Items []product `json:"items"`
	Page  int       `json:"page"`
	Limit int       `json:"limit"`
	Total int       `json:"total"`
}

// Paging bounds of GET /api/v1/products.
const (
	defaultLimit = 20
	maxLimit     = 100
	maxPage      = 1_000_000
)

// searchProducts pages through the catalog, filtered by ?q= (in the name) and ?category=.
// A page past the end is empty, not an error, as in most shop APIs.
func (s *Server) searchProducts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	pageNo, ok := intParam(w, q, "page", 1, 1, maxPage)
	if !ok {
		return
	}
	limit, ok := intParam(w, q, "limit", defaultLimit, 1, maxLimit)
	if !ok {
		return
	}
	items, total := s.catalog.search(q.Get("q"), q.Get("category"), (pageNo-1)*limit, limit)
	writeJSON(w, http.StatusOK, searchPage{Items: items, Page: pageNo, Limit: limit, Total: total})
}

// cartItem is the body the cart endpoints accept, and one line of a cart.
type cartItem struct {
	ProductID string  `json:"productId"`
	Name      string  `json:"name,omitempty"`
	Price     float64 `json:"price,omitempty"`
	Quantity  int     `json:"quantity"`
}

// maxQuantity bounds a cart line, so totals stay sensible.
const maxQuantity = 1000

// readItem reads an optional cartItem body; the quantity defaults to 1. On a bad body it has
// already answered 400 and returns false.
func readItem(w http.ResponseWriter, r *http.Request) (cartItem, bool) {
	var it cartItem
	if !readJSON(w, r, &it) {
		return it, false
	}
	if it.Quantity == 0 {
		it.Quantity = 1
	}
	switch {
	case it.Quantity < 0 || it.Quantity > maxQuantity:
		fail(w, http.StatusBadRequest, fmt.Sprintf("quantity %d is outside [1, %d]", it.Quantity, maxQuantity))
		return it, false
	case it.ProductID != "" && !validID(it.ProductID):
		fail(w, http.StatusBadRequest, "productId must be 1 to 64 letters, digits, '-' or '_'")
		return it, false
	}
	return it, true
}

// cartChange is the answer to adding or updating a cart line.
type cartChange struct {
	Status    string `json:"status"`
	ProductID string `json:"productId,omitempty"`
	Quantity  int    `json:"quantity"`
	User      string `json:"user,omitempty"`
}

func addCartItem(w http.ResponseWriter, r *http.Request) {
	it, ok := readItem(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusCreated, cartChange{Status: "added", ProductID: it.ProductID, Quantity: it.Quantity})
}

// updateCartItem needs HTTP basic auth, with any non-empty user name.
func updateCartItem(w http.ResponseWriter, r *http.Request) {
	user, _, ok := r.BasicAuth()
	if !ok || user == "" {
		unauthorized(w, "Basic", "HTTP basic auth required")
		return
	}
	it, ok := readItem(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, cartChange{Status: "updated", ProductID: it.ProductID, Quantity: it.Quantity, User: user})
}

func wishlist(w http.ResponseWriter, r *http.Request) {
	it, ok := readItem(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, cartChange{Status: "saved", ProductID: it.ProductID, Quantity: it.Quantity})
}

// cartRef is the answer to POST /api/cart.
type cartRef struct {
	CartID string `json:"cartId"`
}

// newCart makes a cart holding the posted item (or nothing). The cart id carries its content,
// signed, so GET /api/cart/{id} can show it without the server storing carts.
func (s *Server) newCart(w http.ResponseWriter, r *http.Request) {
	it, ok := readItem(w, r)
	if !ok {
		return
	}
	n := strconv.FormatUint(s.idSeq.Add(1), 10)
	id := s.signer.sign(kindCart, n, it.ProductID, strconv.Itoa(it.Quantity))
	writeJSON(w, http.StatusOK, cartRef{CartID: id})
}

// cartBody is the body of GET /api/cart/{id}.
type cartBody struct {
	CartID string     `json:"cartId"`
	Items  []cartItem `json:"items"`
	Total  float64    `json:"total"`
}

// cart shows a cart made by newCart; any other id is 404.
func (s *Server) cart(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	fields, ok := s.signer.verify(kindCart, 3, id)
	if !ok {
		notFound(w, r)
		return
	}
	c := cartBody{CartID: id, Items: []cartItem{}}
	if fields[1] != "" {
		qty, err := strconv.Atoi(fields[2])
		if err != nil { // cannot happen for an id this server signed
			notFound(w, r)
			return
		}
		p := s.catalog.lookup(fields[1])
		c.Items = append(c.Items, cartItem{ProductID: p.ID, Name: p.Name, Price: p.Price, Quantity: qty})
		c.Total = float64(int64(p.Price*100+0.5)*int64(qty)) / 100
	}
	writeJSON(w, http.StatusOK, c)
}

// orderRequest is the part of an order body the shop looks at.
type orderRequest struct {
	CartID string `json:"cartId"`
}

// orderBody is the answer to POST /api/orders.
type orderBody struct {
	OrderID string `json:"orderId"`
	CartID  string `json:"cartId,omitempty"`
	Status  string `json:"status"`
}

// order accepts any order (a JSON body is optional) and gives it a fresh id.
func (s *Server) order(w http.ResponseWriter, r *http.Request) {
	var o orderRequest
	if !readJSON(w, r, &o) {
		return
	}
	id := fmt.Sprintf("ord-%08d", s.idSeq.Add(1))
	writeJSON(w, http.StatusCreated, orderBody{OrderID: id, CartID: o.CartID, Status: "created"})
}
