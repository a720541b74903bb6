// Package pyuuid is Python's uuid module.
//
// Script-level API:
//
//	uuid.uuid4(), uuid.uuid1(node=None, clock_seq=None), uuid.uuid3(ns, name), uuid.uuid5(ns, name)
//	uuid.UUID(hex=None, bytes=None, int=None): u.hex, u.int, u.bytes, u.urn, u.version,
//	  u.variant, u.time_low, u.node, str(u), repr(u), comparisons, hashing
//	uuid.NAMESPACE_DNS, NAMESPACE_URL, NAMESPACE_OID, NAMESPACE_X500, RFC_4122
package pyuuid

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// UUID is uuid.UUID.
type UUID [16]byte

var (
	_ starlark.HasAttrs   = UUID{}
	_ starlark.Comparable = UUID{}
)

// String is the canonical 8-4-4-4-12 form (Python's str).
func (u UUID) String() string {
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// PyRepr is "UUID('...')".
func (u UUID) PyRepr() string { return "UUID('" + u.String() + "')" }

// PyFormat supports the empty spec.
func (u UUID) PyFormat(spec string) (string, error) {
	if spec != "" {
		return "", pyrt.NewError(pyrt.TypeError, "unsupported format string passed to UUID.__format__")
	}
	return u.String(), nil
}

// Type returns "UUID".
func (u UUID) Type() string { return "UUID" }

// Freeze does nothing.
func (u UUID) Freeze() {}

// Truth is true.
func (u UUID) Truth() starlark.Bool { return true }

// Hash hashes the bytes.
func (u UUID) Hash() (uint32, error) {
	return binary.BigEndian.Uint32(u[:4]) ^ binary.BigEndian.Uint32(u[12:]), nil
}

// CompareSameType orders by value.
func (u UUID) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	o := y.(UUID)
	c := strings.Compare(string(u[:]), string(o[:]))
	switch op {
	case syntax.EQL:
		return c == 0, nil
	case syntax.NEQ:
		return c != 0, nil
	case syntax.LT:
		return c < 0, nil
	case syntax.LE:
		return c <= 0, nil
	case syntax.GT:
		return c > 0, nil
	}
	return c >= 0, nil
}

func (u UUID) variant() string {
	switch {
	case u[8]&0x80 == 0:
		return "reserved for NCS compatibility"
	case u[8]&0xc0 == 0x80:
		return "specified in RFC 4122"
	case u[8]&0xe0 == 0xc0:
		return "reserved for Microsoft compatibility"
	}
	return "reserved for future definition"
}

// Attr returns the UUID fields.
func (u UUID) Attr(name string) (starlark.Value, error) {
	switch name {
	case "hex":
		return starlark.String(hex.EncodeToString(u[:])), nil
	case "int":
		return starlark.MakeBigInt(new(big.Int).SetBytes(u[:])), nil
	case "bytes":
		return starlark.Bytes(u[:]), nil
	case "urn":
		return starlark.String("urn:uuid:" + u.String()), nil
	case "variant":
		return starlark.String(u.variant()), nil
	case "version":
		if u.variant() != "specified in RFC 4122" {
			return starlark.None, nil
		}
		return starlark.MakeInt(int(u[6] >> 4)), nil
	case "time_low":
		return starlark.MakeUint64(uint64(binary.BigEndian.Uint32(u[:4]))), nil
	case "time_mid":
		return starlark.MakeInt(int(binary.BigEndian.Uint16(u[4:6]))), nil
	case "time_hi_version":
		return starlark.MakeInt(int(binary.BigEndian.Uint16(u[6:8]))), nil
	case "clock_seq":
		return starlark.MakeInt(int(binary.BigEndian.Uint16(u[8:10]) & 0x3fff)), nil
	case "node":
		return starlark.MakeUint64(binary.BigEndian.Uint64(append([]byte{0, 0}, u[10:]...))), nil
	}
	return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'UUID' object has no attribute '%s'", name))
}

// AttrNames lists the fields.
func (u UUID) AttrNames() []string {
	return []string{"bytes", "clock_seq", "hex", "int", "node", "time_hi_version", "time_low", "time_mid", "urn", "variant", "version"}
}

// Parse reads the forms uuid.UUID(hex) accepts.
func Parse(s string) (UUID, error) {
	var u UUID
	s = strings.ReplaceAll(strings.ReplaceAll(s, "urn:", ""), "uuid:", "")
	s = strings.ReplaceAll(strings.Trim(s, "{}"), "-", "")
	if len(s) != 32 {
		return u, pyrt.NewError(pyrt.ValueError, "badly formed hexadecimal UUID string")
	}
	if _, err := hex.Decode(u[:], []byte(s)); err != nil {
		return u, pyrt.NewError(pyrt.ValueError, "badly formed hexadecimal UUID string")
	}
	return u, nil
}

func withVersion(u UUID, v byte) UUID {
	u[6] = u[6]&0x0f | v<<4
	u[8] = u[8]&0x3f | 0x80
	return u
}

// New4 makes a random UUID from the operating system's CSPRNG.
func New4() UUID {
	var u UUID
	_, _ = rand.Read(u[:])
	return withVersion(u, 4)
}

func hashed(ns UUID, name string, v byte) UUID {
	var sum []byte
	if v == 3 {
		s := md5.Sum(append(ns[:], name...))
		sum = s[:]
	} else {
		s := sha1.Sum(append(ns[:], name...))
		sum = s[:]
	}
	var u UUID
	copy(u[:], sum)
	return withVersion(u, v)
}

// clock keeps uuid1's last timestamp so that ids made in the same 100 ns
// tick stay distinct; one per program.
type clock struct {
	mu   sync.Mutex
	last uint64
	node [6]byte
}

func (c *clock) next(now time.Time, node *[6]byte, seq int) UUID {
	c.mu.Lock()
	ts := uint64(now.UnixNano()/100) + 0x01b21dd213814000
	if ts <= c.last {
		ts = c.last + 1
	}
	c.last = ts
	n := c.node
	c.mu.Unlock()
	if node != nil {
		n = *node
	}
	if seq < 0 {
		var b [2]byte
		_, _ = rand.Read(b[:])
		seq = int(binary.BigEndian.Uint16(b[:]) & 0x3fff)
	}
	var u UUID
	binary.BigEndian.PutUint32(u[0:], uint32(ts))
	binary.BigEndian.PutUint16(u[4:], uint16(ts>>32))
	binary.BigEndian.PutUint16(u[6:], uint16(ts>>48)&0x0fff|0x1000)
	binary.BigEndian.PutUint16(u[8:], uint16(seq)&0x3fff|0x8000)
	copy(u[10:], n[:])
	return u
}

var namespaces = map[string]string{
	"NAMESPACE_DNS":  "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
	"NAMESPACE_URL":  "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
	"NAMESPACE_OID":  "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
	"NAMESPACE_X500": "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
}

// Module builds the uuid module.
func Module(env *modules.Env) (starlark.Value, error) {
	ck := &clock{}
	_, _ = rand.Read(ck.node[:])
	ck.node[0] |= 1 // a random node sets the multicast bit, as RFC 4122 asks
	m := starlark.StringDict{
		"RFC_4122":           starlark.String("specified in RFC 4122"),
		"RESERVED_NCS":       starlark.String("reserved for NCS compatibility"),
		"RESERVED_MICROSOFT": starlark.String("reserved for Microsoft compatibility"),
		"RESERVED_FUTURE":    starlark.String("reserved for future definition"),
		"uuid4": starlark.NewBuiltin("uuid4", func(*starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
			return New4(), nil
		}),
		"uuid1": starlark.NewBuiltin("uuid1", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var nodev, seqv starlark.Value = starlark.None, starlark.None
			if err := starlark.UnpackArgs("uuid1", args, kw, "node?", &nodev, "clock_seq?", &seqv); err != nil {
				return nil, err
			}
			var node *[6]byte
			if nodev != starlark.None {
				n, err := modules.Int(nodev, "node")
				if err != nil {
					return nil, err
				}
				var buf [8]byte
				binary.BigEndian.PutUint64(buf[:], uint64(n))
				node = new([6]byte)
				copy(node[:], buf[2:])
			}
			seq := -1
			if seqv != starlark.None {
				n, err := modules.Int(seqv, "clock_seq")
				if err != nil {
					return nil, err
				}
				seq = int(n)
			}
			return ck.next(env.Time(), node, seq), nil
		}),
		"UUID": starlark.NewBuiltin("UUID", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var hexv, bytesv, intv, version starlark.Value = starlark.None, starlark.None, starlark.None, starlark.None
			if err := starlark.UnpackArgs("UUID", args, kw, "hex?", &hexv, "bytes?", &bytesv, "bytes_le?", new(starlark.Value),
				"fields?", new(starlark.Value), "int?", &intv, "version?", &version); err != nil {
				return nil, err
			}
			var u UUID
			switch {
			case hexv != starlark.None:
				s, ok := hexv.(starlark.String)
				if !ok {
					return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("one of the hex, bytes, bytes_le, fields, or int arguments must be given"))
				}
				var err error
				if u, err = Parse(string(s)); err != nil {
					return nil, err
				}
			case bytesv != starlark.None:
				bs, err := modules.BytesLike(bytesv)
				if err != nil {
					return nil, err
				}
				if len(bs) != 16 {
					return nil, pyrt.NewError(pyrt.ValueError, "bytes is not a 16-char string")
				}
				copy(u[:], bs)
			case intv != starlark.None:
				i, ok := intv.(starlark.Int)
				if !ok || i.Sign() < 0 || i.BigInt().BitLen() > 128 {
					return nil, pyrt.NewError(pyrt.ValueError, "int is out of range (need a 128-bit value)")
				}
				i.BigInt().FillBytes(u[:])
			default:
				return nil, pyrt.NewError(pyrt.TypeError, "one of the hex, bytes, bytes_le, fields, or int arguments must be given")
			}
			if version != starlark.None {
				v, err := modules.Int(version, "version")
				if err != nil {
					return nil, err
				}
				if v < 1 || v > 5 {
					return nil, pyrt.NewError(pyrt.ValueError, "illegal version number")
				}
				u = withVersion(u, byte(v))
			}
			return u, nil
		}),
	}
	for name, s := range namespaces {
		u, _ := Parse(s)
		m[name] = u
	}
	for _, v := range []byte{3, 5} {
		v := v
		name := fmt.Sprintf("uuid%d", v)
		m[name] = starlark.NewBuiltin(name, func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var ns, nm starlark.Value
			if err := starlark.UnpackArgs(name, args, kw, "namespace", &ns, "name", &nm); err != nil {
				return nil, err
			}
			nsu, ok := ns.(UUID)
			if !ok {
				return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'%s' object has no attribute 'bytes'", modules.TypeName(ns)))
			}
			var text string
			switch x := nm.(type) {
			case starlark.String:
				text = string(x)
			case starlark.Bytes:
				text = string(x)
			default:
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("name must be str or bytes, not %s", modules.TypeName(nm)))
			}
			return hashed(nsu, text, v), nil
		})
	}
	return modules.NewModule("uuid", m), nil
}
