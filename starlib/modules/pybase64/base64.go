// Package pybase64 is Python's base64 module: bytes in, bytes out, with
// binascii's lenient decoding (characters outside the alphabet are skipped
// unless validate=True) and its error messages.
//
// Script-level API:
//
//	base64.b64encode(s, altchars=None), b64decode(s, altchars=None, validate=False)
//	standard_b64encode/decode, urlsafe_b64encode/decode, encodebytes, decodebytes
//	b32encode, b32decode(s, casefold=False), b16encode, b16decode(s, casefold=False)
//	binascii.Error (a ValueError) as base64.binascii.Error and base64.Error
package pybase64

import (
	"encoding/base32"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

type kit struct{ errCls *pyrt.Class }

func (k *kit) err(msg string) error { return pyrt.NewError(k.errCls, msg) }

// input reads a decoder argument: bytes, or a str of ASCII characters.
func input(v starlark.Value) ([]byte, error) {
	if s, ok := v.(starlark.String); ok {
		for i := 0; i < len(s); i++ {
			if s[i] >= 0x80 {
				return nil, pyrt.NewError(pyrt.ValueError, "string argument should contain only ASCII characters")
			}
		}
		return []byte(s), nil
	}
	b, err := modules.BytesLike(v)
	if err != nil {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("argument should be a bytes-like object or ASCII string, not '%s'", modules.TypeName(v)))
	}
	return b, nil
}

func b64val(c byte) int {
	switch {
	case c >= 'A' && c <= 'Z':
		return int(c - 'A')
	case c >= 'a' && c <= 'z':
		return int(c-'a') + 26
	case c >= '0' && c <= '9':
		return int(c-'0') + 52
	case c == '+':
		return 62
	case c == '/':
		return 63
	}
	return -1
}

// Decode64 is binascii.a2b_base64 (non-strict): characters outside the
// alphabet are skipped and a complete pad sequence ends the input.
func (k *kit) Decode64(data []byte) ([]byte, error) {
	var out []byte
	quad, pads, left, count := 0, 0, 0, 0
	for _, c := range data {
		if c == '=' {
			if quad >= 2 {
				pads++
				if quad+pads >= 4 {
					return out, nil
				}
			}
			continue
		}
		v := b64val(c)
		if v < 0 {
			continue
		}
		pads = 0
		count++
		switch quad {
		case 0:
			left = v
		case 1:
			out = append(out, byte(left<<2|v>>4))
			left = v & 0xf
		case 2:
			out = append(out, byte(left<<4|v>>2))
			left = v & 3
		case 3:
			out = append(out, byte(left<<6|v))
		}
		quad = (quad + 1) % 4
	}
	switch quad {
	case 0:
		return out, nil
	case 1:
		return nil, k.err(fmt.Sprintf("Invalid base64-encoded string: number of data characters (%d) cannot be 1 more than a multiple of 4", count))
	}
	return nil, k.err("Incorrect padding")
}

func translate(b []byte, from, to string) []byte {
	out := append([]byte(nil), b...)
	for i, c := range out {
		if j := strings.IndexByte(from, c); j >= 0 {
			out[i] = to[j]
		}
	}
	return out
}

type fn func(k *kit, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)

func encode64(alt string) fn {
	return func(k *kit, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var s, altchars starlark.Value = nil, starlark.None
		if err := starlark.UnpackArgs("b64encode", args, kw, "s", &s, "altchars?", &altchars); err != nil {
			return nil, err
		}
		b, err := modules.BytesLike(s)
		if err != nil {
			return nil, err
		}
		enc := []byte(base64.StdEncoding.EncodeToString(b))
		if altchars != starlark.None {
			a, err := modules.BytesLike(altchars)
			if err != nil {
				return nil, err
			}
			if len(a) != 2 {
				return nil, pyrt.NewError(pyrt.AssertionError, fmt.Sprintf("%s", pyrt.Repr(altchars)))
			}
			alt = string(a)
		}
		if alt != "" {
			enc = translate(enc, "+/", alt)
		}
		return starlark.Bytes(enc), nil
	}
}

func decode64(alt string) fn {
	return func(k *kit, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var s, altchars starlark.Value = nil, starlark.None
		validate := false
		if err := starlark.UnpackArgs("b64decode", args, kw, "s", &s, "altchars?", &altchars, "validate?", &validate); err != nil {
			return nil, err
		}
		b, err := input(s)
		if err != nil {
			return nil, err
		}
		if altchars != starlark.None {
			a, err := input(altchars)
			if err != nil {
				return nil, err
			}
			alt = string(a)
		}
		if alt != "" {
			b = translate(b, alt, "+/")
		}
		if validate {
			for _, c := range b {
				if b64val(c) < 0 && c != '=' {
					return nil, k.err("Only base64 data is allowed")
				}
			}
		}
		out, err := k.Decode64(b)
		if err != nil {
			return nil, err
		}
		return starlark.Bytes(out), nil
	}
}

func oneBytes(name string, f func(k *kit, b []byte) (starlark.Value, error), lenient bool) fn {
	return func(k *kit, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		var s starlark.Value
		casefold := false
		if err := starlark.UnpackArgs(name, args, kw, "s", &s, "casefold?", &casefold); err != nil {
			return nil, err
		}
		var b []byte
		var err error
		if lenient {
			b, err = input(s)
		} else {
			b, err = modules.BytesLike(s)
		}
		if err != nil {
			return nil, err
		}
		if casefold {
			b = []byte(strings.ToUpper(string(b)))
		}
		return f(k, b)
	}
}

// Module builds the base64 module.
func Module(*modules.Env) (starlark.Value, error) {
	errCls := pyrt.MustClass("Error", []*pyrt.Class{pyrt.ValueError}, nil)
	errCls.SetModule("binascii")
	k := &kit{errCls: errCls}
	fns := map[string]fn{
		"b64encode":          encode64(""),
		"b64decode":          decode64(""),
		"standard_b64encode": encode64(""),
		"standard_b64decode": decode64(""),
		"urlsafe_b64encode":  encode64("-_"),
		"urlsafe_b64decode":  decode64("-_"),
		"encodebytes": oneBytes("encodebytes", func(_ *kit, b []byte) (starlark.Value, error) {
			enc := base64.StdEncoding.EncodeToString(b)
			var out strings.Builder
			for len(enc) > 76 {
				out.WriteString(enc[:76] + "\n")
				enc = enc[76:]
			}
			if enc != "" {
				out.WriteString(enc + "\n")
			}
			return starlark.Bytes(out.String()), nil
		}, false),
		"decodebytes": oneBytes("decodebytes", func(k *kit, b []byte) (starlark.Value, error) {
			out, err := k.Decode64(b)
			return starlark.Bytes(out), err
		}, false),
		"b32encode": oneBytes("b32encode", func(_ *kit, b []byte) (starlark.Value, error) {
			return starlark.Bytes(base32.StdEncoding.EncodeToString(b)), nil
		}, false),
		"b32decode": oneBytes("b32decode", func(k *kit, b []byte) (starlark.Value, error) {
			if len(b)%8 != 0 {
				return nil, k.err("Incorrect padding")
			}
			out, err := base32.StdEncoding.DecodeString(string(b))
			if err != nil {
				return nil, k.err("Non-base32 digit found")
			}
			return starlark.Bytes(out), nil
		}, true),
		"b16encode": oneBytes("b16encode", func(_ *kit, b []byte) (starlark.Value, error) {
			return starlark.Bytes(strings.ToUpper(hex.EncodeToString(b))), nil
		}, false),
		"b16decode": oneBytes("b16decode", func(k *kit, b []byte) (starlark.Value, error) {
			if len(b)%2 != 0 {
				return nil, k.err("Odd-length string")
			}
			if strings.Trim(string(b), "0123456789ABCDEF") != "" {
				return nil, k.err("Non-base16 digit found")
			}
			out, _ := hex.DecodeString(string(b))
			return starlark.Bytes(out), nil
		}, true),
	}
	m := starlark.StringDict{
		"Error":    errCls,
		"binascii": modules.NewModule("binascii", starlark.StringDict{"Error": errCls}),
	}
	for name, f := range fns {
		f := f
		m[name] = starlark.NewBuiltin(name, func(_ *starlark.Thread, _ *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			return f(k, args, kw)
		})
	}
	return modules.NewModule("base64", m), nil
}
