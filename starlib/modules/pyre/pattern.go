package pyre

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
	"go.starlark.net/syntax"
)

// kit is the per-program state: the re.error class and a cache of
// compiled patterns for the module-level functions.
type kit struct {
	errCls *pyrt.Class
	mu     sync.Mutex
	cache  map[cacheKey]*Pattern
}

type cacheKey struct {
	pattern string
	flags   int
}

const maxCache = 512

func (k *kit) errorf(format string, args ...any) error {
	return pyrt.NewError(k.errCls, fmt.Sprintf(format, args...))
}

// compile returns a compiled pattern, cached per program.
func (k *kit) compile(pattern string, flags int) (*Pattern, error) {
	key := cacheKey{pattern, flags}
	k.mu.Lock()
	p, ok := k.cache[key]
	k.mu.Unlock()
	if ok {
		return p, nil
	}
	src, err := translate(pattern, flags)
	if err != nil {
		return nil, k.errorf("%s (in pattern %s)", err.Error(), pyrt.QuoteString(pattern))
	}
	re, err := regexp.Compile(src)
	if err != nil {
		msg := err.Error()
		if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "error parsing regexp") {
			msg = msg[i+2:]
		}
		return nil, k.errorf("cannot compile %s with RE2: %s", pyrt.QuoteString(pattern), msg)
	}
	if flags&flagASCII == 0 {
		flags |= flagUnicode
	}
	p = &Pattern{kit: k, pattern: pattern, flags: flags, re: re, src: src}
	k.mu.Lock()
	if len(k.cache) >= maxCache {
		k.cache = map[cacheKey]*Pattern{}
	}
	k.cache[key] = p
	k.mu.Unlock()
	return p, nil
}

// Pattern is a compiled regular expression (re.Pattern). It is immutable
// apart from its lazily compiled anchored forms, and safe to share.
type Pattern struct {
	kit     *kit
	pattern string
	flags   int
	re      *regexp.Regexp
	src     string

	once     sync.Once
	anchored *regexp.Regexp // \A(?:src)
	full     *regexp.Regexp // \A(?:src)\z
}

var (
	_ starlark.HasAttrs   = (*Pattern)(nil)
	_ starlark.Comparable = (*Pattern)(nil)
)

func (p *Pattern) anchors() (*regexp.Regexp, *regexp.Regexp) {
	p.once.Do(func() {
		p.anchored = regexp.MustCompile(`\A(?:` + p.src + `)`)
		p.full = regexp.MustCompile(`\A(?:` + p.src + `)\z`)
	})
	return p.anchored, p.full
}

// String is Python's repr: re.compile('a+', re.IGNORECASE).
func (p *Pattern) String() string {
	var names []string
	for _, f := range []struct {
		bit  int
		name string
	}{{flagIgnoreCase, "IGNORECASE"}, {flagLocale, "LOCALE"}, {flagMultiline, "MULTILINE"}, {flagDotAll, "DOTALL"}, {flagVerbose, "VERBOSE"}, {flagASCII, "ASCII"}} {
		if p.flags&f.bit != 0 {
			names = append(names, "re."+f.name)
		}
	}
	if len(names) == 0 {
		return fmt.Sprintf("re.compile(%s)", pyrt.QuoteString(p.pattern))
	}
	return fmt.Sprintf("re.compile(%s, %s)", pyrt.QuoteString(p.pattern), strings.Join(names, "|"))
}

// PyRepr is the same as String.
func (p *Pattern) PyRepr() string { return p.String() }

// Type returns "Pattern".
func (p *Pattern) Type() string { return "Pattern" }

// Freeze does nothing: patterns are immutable.
func (p *Pattern) Freeze() {}

// Truth is true.
func (p *Pattern) Truth() starlark.Bool { return true }

// Hash hashes the source.
func (p *Pattern) Hash() (uint32, error) { return starlark.String(p.pattern).Hash() }

// CompareSameType: patterns are equal when source and flags are.
func (p *Pattern) CompareSameType(op syntax.Token, y starlark.Value, _ int) (bool, error) {
	o := y.(*Pattern)
	eq := p.pattern == o.pattern && p.flags == o.flags
	switch op {
	case syntax.EQL:
		return eq, nil
	case syntax.NEQ:
		return !eq, nil
	}
	return false, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("'%s' not supported between instances of 're.Pattern' and 're.Pattern'", op))
}

// charIndex converts a byte offset in s to a character index.
func charIndex(s string, off int) int {
	if off <= 0 {
		return off
	}
	return utf8.RuneCountInString(s[:off])
}

// byteOffset converts a character index (clamped to s) to a byte offset.
func byteOffset(s string, idx int) int {
	if idx <= 0 {
		return 0
	}
	for off := range s {
		if idx == 0 {
			return off
		}
		idx--
	}
	return len(s)
}

// Match is re.Match.
type Match struct {
	pat      *Pattern
	s        string
	idx      []int // byte offsets into s, -1 for unmatched groups
	pos, end int   // the pos/endpos arguments, in characters
}

var _ starlark.HasAttrs = (*Match)(nil)
var _ starlark.Mapping = (*Match)(nil)

// String is Python's repr.
func (m *Match) String() string {
	return fmt.Sprintf("<re.Match object; span=(%d, %d), match=%s>",
		charIndex(m.s, m.idx[0]), charIndex(m.s, m.idx[1]), pyrt.QuoteString(m.s[m.idx[0]:m.idx[1]]))
}

// PyRepr is the same as String.
func (m *Match) PyRepr() string { return m.String() }

// Type returns "Match".
func (m *Match) Type() string { return "Match" }

// Freeze does nothing.
func (m *Match) Freeze() {}

// Truth is true (a failed match is None).
func (m *Match) Truth() starlark.Bool { return true }

// Hash is identity.
func (m *Match) Hash() (uint32, error) {
	ptr := reflect.ValueOf(m).Pointer()
	return uint32(ptr>>3) ^ uint32(ptr>>35), nil
}

// groupIndex resolves a group number or name.
func (m *Match) groupIndex(v starlark.Value) (int, error) {
	switch x := v.(type) {
	case starlark.Int:
		n, ok := x.Int64()
		if ok && n >= 0 && int(n) <= m.pat.re.NumSubexp() {
			return int(n), nil
		}
	case starlark.String:
		if i := m.pat.re.SubexpIndex(string(x)); i >= 0 {
			return i, nil
		}
	}
	return 0, pyrt.NewError(pyrt.IndexError, "no such group")
}

func (m *Match) group(i int, def starlark.Value) starlark.Value {
	a, b := m.idx[2*i], m.idx[2*i+1]
	if a < 0 {
		return def
	}
	return starlark.String(m.s[a:b])
}

// Get implements m[g].
func (m *Match) Get(k starlark.Value) (starlark.Value, bool, error) {
	i, err := m.groupIndex(k)
	if err != nil {
		return nil, false, err
	}
	return m.group(i, starlark.None), true, nil
}
