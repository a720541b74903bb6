package stats

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LocalNode is the node name of exceptions in a standalone run.
const LocalNode = "local"

// errorKey groups failures as Locust does: by method, name and error text.
type errorKey struct{ method, name, text string }

// liveError is a failures-table row being counted; Stats.mu guards it.
type liveError struct {
	errorKey
	occurrences     int64
	firstNs, lastNs int64
	seq             uint64 // creation order, breaks first-seen ties
	key             string // Locust's sha256 key
}

// liveException is an exceptions-table row being counted.
type liveException struct {
	count     int64
	message   string
	traceback string
	nodes     map[string]struct{}
	firstNs   int64
	seq       uint64
}

// normalizeError is Locust's StatsError.parse_error on an error text that is
// already a repr: the hex address after the first "object at 0x" (up to the
// next ">") is replaced by "0x....", everywhere it occurs, so that errors
// differing only by an object address group together.
func normalizeError(s string) string {
	const target = "object at 0x"
	i := strings.Index(s, target)
	if i < 0 {
		return s
	}
	start := i + len(target) - 2
	end := strings.IndexByte(s[start:], '>')
	if end < 0 {
		return s
	}
	addr := s[start : start+end]
	if addr == "" {
		return s
	}
	return strings.ReplaceAll(s, addr, "0x....")
}

// errorKeyHash is Locust's StatsError.create_key: the hex sha256 of
// f"{method}.{name}.{error!r}".
func errorKeyHash(method, name, text string) string {
	sum := sha256.Sum256([]byte(method + "." + name + "." + PyRepr(text)))
	return hex.EncodeToString(sum[:])
}

// PyRepr returns Python's repr() of the string s: single quotes unless s
// contains a single quote and no double quote, backslash escapes for the
// quote, backslash, \t \n \r and non-printable characters (\xhh, \uhhhh,
// \Uhhhhhhhh). Locust hashes error keys over it; the report package uses it
// where Locust prints a repr. Invalid UTF-8 bytes are escaped as \xhh.
func PyRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && (r < 0x20 || r == 0x7f):
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x80 || unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r < 0x10000:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			fmt.Fprintf(&b, `\U%08x`, r)
		}
		i += size
	}
	b.WriteByte(quote)
	return b.String()
}
