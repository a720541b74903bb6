package shopserver

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// macLen is how many bytes of the HMAC-SHA256 a value carries: 96 bits is far more than a demo
// needs to make a forged token or cart id fail, and keeps ids short.
const macLen = 12

// maxFieldLen bounds each field a signed value carries (an email, a product id), so ids stay
// usable in URLs and headers.
const maxFieldLen = 256

// signer makes and checks self-describing values: "kind.field.field....mac", each field
// base64url-encoded. Tokens and cart ids are such values, which is why the server needs no
// session or cart store: anything it issued it can verify, and memory stays flat under load.
type signer struct {
	key []byte
}

func newSigner() *signer {
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails (it crashes the program instead)
	return &signer{key: key}
}

// sign returns kind followed by the encoded fields and their MAC. kind must not contain '.'.
func (s *signer) sign(kind string, fields ...string) string {
	var b strings.Builder
	b.WriteString(kind)
	for _, f := range fields {
		b.WriteByte('.')
		b.WriteString(base64.RawURLEncoding.EncodeToString([]byte(f)))
	}
	body := b.String()
	return body + "." + base64.RawURLEncoding.EncodeToString(s.mac(body))
}

// verify checks that v was made by sign(kind, ...) with n fields by this signer, and returns the
// fields.
func (s *signer) verify(kind string, n int, v string) ([]string, bool) {
	if len(v) > len(kind)+(n+1)*(base64.RawURLEncoding.EncodedLen(maxFieldLen)+1) {
		return nil, false
	}
	i := strings.LastIndexByte(v, '.')
	if i < 0 {
		return nil, false
	}
	body, tag := v[:i], v[i+1:]
	got, err := base64.RawURLEncoding.DecodeString(tag)
	if err != nil || !hmac.Equal(got, s.mac(body)) {
		return nil, false
	}
	parts := strings.Split(body, ".")
	if len(parts) != n+1 || parts[0] != kind {
		return nil, false
	}
	fields := make([]string, n)
	for j, p := range parts[1:] {
		f, err := base64.RawURLEncoding.DecodeString(p)
		if err != nil {
			return nil, false
		}
		fields[j] = string(f)
	}
	return fields, true
}

func (s *signer) mac(body string) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(body))
	return m.Sum(nil)[:macLen]
}
