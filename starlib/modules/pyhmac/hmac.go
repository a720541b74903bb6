// Package pyhmac is Python's hmac module over the hashlib algorithms.
//
// Script-level API:
//
//	hmac.new(key, msg=None, digestmod) → h.update(msg), h.digest(), h.hexdigest(),
//	  h.copy(), h.name, h.digest_size, h.block_size
//	hmac.digest(key, msg, digest), hmac.compare_digest(a, b)
package pyhmac

import (
	"crypto/hmac"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"hash"
	"reflect"
	"sync"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pyhashlib"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// HMAC is an hmac.HMAC object. It keeps key and message so that copy()
// can replay them (Go's hmac state cannot be cloned).
type HMAC struct {
	mu   sync.Mutex
	name string
	mk   func() hash.Hash
	key  []byte
	msg  []byte
	h    hash.Hash
}

var _ starlark.HasAttrs = (*HMAC)(nil)

// String is Python's repr.
func (h *HMAC) String() string {
	return fmt.Sprintf("<hmac.HMAC object at %#x>", reflect.ValueOf(h).Pointer())
}

// Type returns "HMAC".
func (h *HMAC) Type() string { return "HMAC" }

// Freeze does nothing: the object locks itself.
func (h *HMAC) Freeze() {}

// Truth is true.
func (h *HMAC) Truth() starlark.Bool { return true }

// Hash is identity.
func (h *HMAC) Hash() (uint32, error) {
	p := reflect.ValueOf(h).Pointer()
	return uint32(p>>3) ^ uint32(p>>35), nil
}

func (h *HMAC) update(b []byte) {
	h.mu.Lock()
	h.msg = append(h.msg, b...)
	h.h.Write(b)
	h.mu.Unlock()
}

func (h *HMAC) sum() []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.h.Sum(nil)
}

// Attr returns the HMAC API.
func (h *HMAC) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String("hmac-" + h.name), nil
	case "digest_size":
		return starlark.MakeInt(h.h.Size()), nil
	case "block_size":
		return starlark.MakeInt(h.h.BlockSize()), nil
	case "update":
		return starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var v starlark.Value
			if err := starlark.UnpackPositionalArgs(name, args, kw, 1, &v); err != nil {
				return nil, err
			}
			data, err := pyhashlib.Data(v)
			if err != nil {
				return nil, err
			}
			h.update(data)
			return starlark.None, nil
		}), nil
	case "digest":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bytes(h.sum()), nil
		}), nil
	case "hexdigest":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(hex.EncodeToString(h.sum())), nil
		}), nil
	case "copy":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			h.mu.Lock()
			defer h.mu.Unlock()
			c := newHMAC(h.name, h.mk, h.key)
			c.update(h.msg)
			return c, nil
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'HMAC' object has no attribute '%s'", name))
}

// AttrNames lists the API.
func (h *HMAC) AttrNames() []string {
	return []string{"block_size", "copy", "digest", "digest_size", "hexdigest", "name", "update"}
}

func newHMAC(name string, mk func() hash.Hash, key []byte) *HMAC {
	return &HMAC{name: name, mk: mk, key: append([]byte(nil), key...), h: hmac.New(mk, key)}
}

func keyArg(v starlark.Value) ([]byte, error) {
	b, ok := v.(starlark.Bytes)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("key: expected bytes or bytearray, but got '%s'", modules.TypeName(v)))
	}
	return []byte(b), nil
}

func digestmod(v starlark.Value) (func() hash.Hash, string, error) {
	if v == nil || v == starlark.None {
		return nil, "", pyrt.NewError(pyrt.TypeError, "Missing required parameter 'digestmod'.")
	}
	mk, name, ok := pyhashlib.AlgorithmOf(v)
	if !ok {
		return nil, "", pyrt.NewError(pyrt.ValueError, fmt.Sprintf("unsupported hash type %s", pyrt.StrThread(nil, v)))
	}
	return mk, name, nil
}

// Module builds the hmac module.
func Module(*modules.Env) (starlark.Value, error) {
	return modules.NewModule("hmac", starlark.StringDict{
		"new": starlark.NewBuiltin("new", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var key, msg, dm starlark.Value = nil, starlark.None, starlark.None
			if err := starlark.UnpackArgs("new", args, kw, "key", &key, "msg?", &msg, "digestmod?", &dm); err != nil {
				return nil, err
			}
			k, err := keyArg(key)
			if err != nil {
				return nil, err
			}
			mk, name, err := digestmod(dm)
			if err != nil {
				return nil, err
			}
			h := newHMAC(name, mk, k)
			if msg != starlark.None {
				data, err := pyhashlib.Data(msg)
				if err != nil {
					return nil, err
				}
				h.update(data)
			}
			return h, nil
		}),
		"digest": starlark.NewBuiltin("digest", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var key, msg, dm starlark.Value
			if err := starlark.UnpackArgs("digest", args, kw, "key", &key, "msg", &msg, "digest", &dm); err != nil {
				return nil, err
			}
			k, err := modules.BytesLike(key)
			if err != nil {
				return nil, err
			}
			data, err := pyhashlib.Data(msg)
			if err != nil {
				return nil, err
			}
			mk, _, err := digestmod(dm)
			if err != nil {
				return nil, err
			}
			m := hmac.New(mk, k)
			m.Write(data)
			return starlark.Bytes(m.Sum(nil)), nil
		}),
		"compare_digest": starlark.NewBuiltin("compare_digest", CompareDigest),
	}), nil
}

// CompareDigest is hmac.compare_digest (also secrets.compare_digest): two
// ASCII strs or two bytes, compared in constant time.
func CompareDigest(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var a, c starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 2, &a, &c); err != nil {
		return nil, err
	}
	sa, aStr := a.(starlark.String)
	sc, cStr := c.(starlark.String)
	switch {
	case aStr && cStr:
		for _, s := range []starlark.String{sa, sc} {
			for i := 0; i < len(s); i++ {
				if s[i] >= 0x80 {
					return nil, pyrt.NewError(pyrt.TypeError, "comparing strings with non-ASCII characters is not supported")
				}
			}
		}
		return starlark.Bool(subtle.ConstantTimeCompare([]byte(sa), []byte(sc)) == 1), nil
	case aStr || cStr:
		return nil, pyrt.NewError(pyrt.TypeError, "a bytes-like object is required, not 'str'")
	}
	x, err := modules.BytesLike(a)
	if err != nil {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("unsupported operand types(s) or combination of types: '%s' and '%s'", modules.TypeName(a), modules.TypeName(c)))
	}
	y, err := modules.BytesLike(c)
	if err != nil {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("unsupported operand types(s) or combination of types: '%s' and '%s'", modules.TypeName(a), modules.TypeName(c)))
	}
	return starlark.Bool(subtle.ConstantTimeCompare(x, y) == 1), nil
}
