// Package pysecrets is Python's secrets module, drawing from the operating
// system's CSPRNG.
//
// Script-level API:
//
//	secrets.token_bytes(nbytes=None), token_hex(nbytes=None), token_urlsafe(nbytes=None)
//	secrets.choice(seq), randbelow(n), randbits(k), compare_digest(a, b), SystemRandom()
package pysecrets

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"math/big"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/modules/pyhmac"
	"github.com/gust-load/gust/starlib/modules/pyrandom"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

const defaultBytes = 32

func nbytes(name string, args starlark.Tuple, kw []starlark.Tuple) ([]byte, error) {
	var n starlark.Value = starlark.None
	if err := starlark.UnpackArgs(name, args, kw, "nbytes?", &n); err != nil {
		return nil, err
	}
	size := int64(defaultBytes)
	if n != starlark.None {
		var err error
		if size, err = modules.Int(n, name); err != nil {
			return nil, err
		}
		if size < 0 {
			return nil, pyrt.NewError(pyrt.ValueError, "negative argument not allowed")
		}
		if size > 1<<20 {
			return nil, pyrt.NewError(pyrt.OverflowError, "gust limits secrets tokens to 1 MiB")
		}
	}
	b := make([]byte, size)
	_, _ = rand.Read(b)
	return b, nil
}

// Module builds the secrets module.
func Module(env *modules.Env) (starlark.Value, error) {
	r, err := pyrandom.Module(env)
	if err != nil {
		return nil, err
	}
	sysRandom := r.(*modules.Module).Members["SystemRandom"]
	return modules.NewModule("secrets", starlark.StringDict{
		"token_bytes": starlark.NewBuiltin("token_bytes", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			buf, err := nbytes(b.Name(), args, kw)
			return starlark.Bytes(buf), err
		}),
		"token_hex": starlark.NewBuiltin("token_hex", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			buf, err := nbytes(b.Name(), args, kw)
			return starlark.String(hex.EncodeToString(buf)), err
		}),
		"token_urlsafe": starlark.NewBuiltin("token_urlsafe", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			buf, err := nbytes(b.Name(), args, kw)
			return starlark.String(base64.RawURLEncoding.EncodeToString(buf)), err
		}),
		"randbelow": starlark.NewBuiltin("randbelow", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var n starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &n); err != nil {
				return nil, err
			}
			i, ok := n.(starlark.Int)
			if !ok {
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' object cannot be interpreted as an integer", modules.TypeName(n)))
			}
			if i.Sign() <= 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "Upper bound must be positive.")
			}
			v, _ := rand.Int(rand.Reader, i.BigInt())
			return starlark.MakeBigInt(v), nil
		}),
		"randbits": starlark.NewBuiltin("randbits", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var k int
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &k); err != nil {
				return nil, err
			}
			if k < 0 {
				return nil, pyrt.NewError(pyrt.ValueError, "number of bits must be non-negative")
			}
			v, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), uint(k)))
			return starlark.MakeBigInt(v), nil
		}),
		"choice": starlark.NewBuiltin("choice", func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var seq starlark.Value
			if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &seq); err != nil {
				return nil, err
			}
			items, err := modules.Elements(th, seq)
			if err != nil {
				return nil, err
			}
			if len(items) == 0 {
				return nil, pyrt.NewError(pyrt.IndexError, "Cannot choose from an empty sequence")
			}
			v, _ := rand.Int(rand.Reader, big.NewInt(int64(len(items))))
			return items[v.Int64()], nil
		}),
		"compare_digest":  starlark.NewBuiltin("compare_digest", pyhmac.CompareDigest),
		"SystemRandom":    sysRandom,
		"DEFAULT_ENTROPY": starlark.MakeInt(defaultBytes),
	}), nil
}
