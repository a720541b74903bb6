// Package pyhashlib is Python's hashlib module: md5, sha1, the sha2 and
// sha3 families, and hashlib.new(name). Hash objects hold a lock, so a
// module-level one may be shared.
//
// Script-level API:
//
//	hashlib.md5(data=b'', *, usedforsecurity=True), sha1, sha224, sha256, sha384, sha512,
//	sha3_224, sha3_256, sha3_384, sha3_512, hashlib.new(name, data=b'')
//	h.update(data), h.digest(), h.hexdigest(), h.copy(), h.name, h.digest_size, h.block_size
//	hashlib.algorithms_guaranteed, hashlib.algorithms_available
package pyhashlib

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"encoding"
	"encoding/hex"
	"fmt"
	"hash"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// Algorithms maps Python's names to constructors.
var algorithms = map[string]func() hash.Hash{
	"md5":      md5.New,
	"sha1":     sha1.New,
	"sha224":   sha256.New224,
	"sha256":   sha256.New,
	"sha384":   sha512.New384,
	"sha512":   sha512.New,
	"sha3_224": func() hash.Hash { return sha3.New224() },
	"sha3_256": func() hash.Hash { return sha3.New256() },
	"sha3_384": func() hash.Hash { return sha3.New384() },
	"sha3_512": func() hash.Hash { return sha3.New512() },
}

// Algorithm returns the constructor for a Python hash name ("sha256",
// "SHA256", "sha-256").
func Algorithm(name string) (func() hash.Hash, string, bool) {
	n := strings.ToLower(strings.ReplaceAll(name, "-", ""))
	if strings.HasPrefix(n, "sha3") && len(n) == 7 { // "sha3-256" → "sha3256"
		n = "sha3_" + n[4:]
	}
	f, ok := algorithms[n]
	return f, n, ok
}

// AlgorithmOf resolves hmac's digestmod: a name or one of this module's
// constructors.
func AlgorithmOf(v starlark.Value) (func() hash.Hash, string, bool) {
	switch x := v.(type) {
	case starlark.String:
		return Algorithm(string(x))
	case *starlark.Builtin:
		return Algorithm(x.Name())
	}
	return nil, "", false
}

// Hash is a hashlib hash object.
type Hash struct {
	mu   sync.Mutex
	name string
	h    hash.Hash
}

var _ starlark.HasAttrs = (*Hash)(nil)

// NewHash makes a hash object for a known algorithm name.
func NewHash(name string, mk func() hash.Hash) *Hash { return &Hash{name: name, h: mk()} }

// String is Python's repr.
func (h *Hash) String() string {
	return fmt.Sprintf("<%s _hashlib.HASH object @ %#x>", h.name, reflect.ValueOf(h).Pointer())
}

// Type returns "HASH".
func (h *Hash) Type() string { return "HASH" }

// Freeze does nothing: the object locks itself.
func (h *Hash) Freeze() {}

// Truth is true.
func (h *Hash) Truth() starlark.Bool { return true }

// Hash is identity.
func (h *Hash) Hash() (uint32, error) {
	p := reflect.ValueOf(h).Pointer()
	return uint32(p>>3) ^ uint32(p>>35), nil
}

// Data reads hashable input: bytes only, as Python requires.
func Data(v starlark.Value) ([]byte, error) {
	if _, ok := v.(starlark.String); ok {
		return nil, pyrt.NewError(pyrt.TypeError, "Strings must be encoded before hashing")
	}
	b, err := modules.BytesLike(v)
	if err != nil {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("object supporting the buffer API required"))
	}
	return b, nil
}

// Update feeds data.
func (h *Hash) Update(b []byte) {
	h.mu.Lock()
	h.h.Write(b)
	h.mu.Unlock()
}

// Sum returns the digest so far.
func (h *Hash) Sum() []byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.h.Sum(nil)
}

func (h *Hash) clone() (*Hash, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	m, ok := h.h.(encoding.BinaryMarshaler)
	if !ok {
		return nil, pyrt.NewError(pyrt.ValueError, "hash cannot be copied")
	}
	state, err := m.MarshalBinary()
	if err != nil {
		return nil, err
	}
	mk, _, _ := Algorithm(h.name)
	n := mk()
	if err := n.(encoding.BinaryUnmarshaler).UnmarshalBinary(state); err != nil {
		return nil, err
	}
	return &Hash{name: h.name, h: n}, nil
}

// Attr returns the hash API.
func (h *Hash) Attr(name string) (starlark.Value, error) {
	switch name {
	case "name":
		return starlark.String(h.name), nil
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
			data, err := Data(v)
			if err != nil {
				return nil, err
			}
			h.Update(data)
			return starlark.None, nil
		}), nil
	case "digest":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.Bytes(h.Sum()), nil
		}), nil
	case "hexdigest":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return starlark.String(hex.EncodeToString(h.Sum())), nil
		}), nil
	case "copy":
		return starlark.NewBuiltin(name, func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return h.clone()
		}), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'_hashlib.HASH' object has no attribute '%s'", name))
}

// AttrNames lists the API.
func (h *Hash) AttrNames() []string {
	return []string{"block_size", "copy", "digest", "digest_size", "hexdigest", "name", "update"}
}

func construct(name string, mk func() hash.Hash, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var data starlark.Value = starlark.Bytes("")
	sec := true
	var str starlark.Value = starlark.None
	if err := starlark.UnpackArgs(name, args, kw, "data?", &data, "usedforsecurity?", &sec, "string?", &str); err != nil {
		return nil, err
	}
	if str != starlark.None {
		data = str
	}
	b, err := Data(data)
	if err != nil {
		return nil, err
	}
	h := NewHash(name, mk)
	h.Update(b)
	return h, nil
}

// Module builds the hashlib module.
func Module(*modules.Env) (starlark.Value, error) {
	m := starlark.StringDict{}
	var names []starlark.Value
	for name, mk := range algorithms {
		name, mk := name, mk
		m[name] = starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return construct(name, mk, args, kw)
		})
		names = append(names, starlark.String(name))
	}
	sort.Slice(names, func(i, j int) bool { return names[i].(starlark.String) < names[j].(starlark.String) })
	m["new"] = starlark.NewBuiltin("new", func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		if len(args) == 0 {
			return nil, pyrt.NewError(pyrt.TypeError, "new() missing required argument 'name' (pos 1)")
		}
		s, ok := args[0].(starlark.String)
		if !ok {
			return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("new() argument 'name' must be str, not %s", modules.TypeName(args[0])))
		}
		mk, canon, ok := Algorithm(string(s))
		if !ok {
			return nil, pyrt.NewError(pyrt.ValueError, "unsupported hash type "+string(s))
		}
		return construct(canon, mk, args[1:], kw)
	})
	set := starlark.NewSet(len(names))
	for _, n := range names {
		_ = set.Insert(n)
	}
	m["algorithms_guaranteed"] = set
	m["algorithms_available"] = set
	return modules.NewModule("hashlib", m), nil
}
