// Package pyio provides Python's open() builtin and the io module
// (StringIO, BytesIO) for locustfiles.
//
// Script-level API:
//
//	open(file, mode='r', buffering=-1, encoding=None, errors=None, newline=None)
//	    files resolve against the locustfile's folder; only reading modes
//	    ('r', 'rb', 'rt') are allowed
//	f.read(size=-1), f.readline(size=-1), f.readlines(), for line in f,
//	next(f), f.seek(pos), f.tell(), f.close(), f.name, f.mode, f.closed,
//	with open(...) as f:
//	io.StringIO(initial=''), io.BytesIO(initial=b''): also write(),
//	writelines(), getvalue(), truncate()
//
// A file is read into memory when it is opened and its descriptor closed at
// once, so a locustfile that never closes its files leaks nothing.
package pyio

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

type kind int

const (
	kindFile kind = iota
	kindStringIO
	kindBytesIO
)

// Stream is a Python file object: a file opened for reading, an
// io.StringIO or an io.BytesIO. Its content lives in memory. It is safe
// for concurrent use (a module-level file read by every user).
type Stream struct {
	mu       sync.Mutex
	kind     kind
	name     string
	mode     string
	encoding string
	binary   bool
	buf      []byte // text streams hold UTF-8
	pos      int    // byte offset into buf
	closed   bool
	unsupp   *pyrt.Class // io.UnsupportedOperation
}

var (
	_ starlark.HasAttrs = (*Stream)(nil)
	_ starlark.Iterable = (*Stream)(nil)
	_ modules.Nexter    = (*Stream)(nil)
)

// NewStringIO makes an io.StringIO holding initial text.
func NewStringIO(initial string) *Stream {
	return &Stream{kind: kindStringIO, buf: []byte(initial), encoding: "utf-8"}
}

// NewBytesIO makes an io.BytesIO holding initial bytes.
func NewBytesIO(initial []byte) *Stream {
	return &Stream{kind: kindBytesIO, buf: append([]byte(nil), initial...), binary: true}
}

// Text returns the whole content of the stream (for csv and json helpers).
func (s *Stream) Text() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.buf)
}

// String is Python's repr.
func (s *Stream) String() string {
	switch s.kind {
	case kindStringIO:
		return fmt.Sprintf("<_io.StringIO object at %#x>", reflect.ValueOf(s).Pointer())
	case kindBytesIO:
		return fmt.Sprintf("<_io.BytesIO object at %#x>", reflect.ValueOf(s).Pointer())
	}
	if s.binary {
		return fmt.Sprintf("<_io.BufferedReader name=%s>", pyrt.QuoteString(s.name))
	}
	return fmt.Sprintf("<_io.TextIOWrapper name=%s mode=%s encoding=%s>", pyrt.QuoteString(s.name), pyrt.QuoteString(s.mode), pyrt.QuoteString(s.encoding))
}

// PyRepr is the same as String.
func (s *Stream) PyRepr() string { return s.String() }

// Type returns Python's class name.
func (s *Stream) Type() string {
	switch s.kind {
	case kindStringIO:
		return "StringIO"
	case kindBytesIO:
		return "BytesIO"
	}
	if s.binary {
		return "BufferedReader"
	}
	return "TextIOWrapper"
}

// Freeze does nothing: the stream guards its own state.
func (s *Stream) Freeze() {}

// Truth is true.
func (s *Stream) Truth() starlark.Bool { return true }

// Hash is identity.
func (s *Stream) Hash() (uint32, error) {
	p := reflect.ValueOf(s).Pointer()
	return uint32(p>>3) ^ uint32(p>>35), nil
}

func (s *Stream) value(b []byte) starlark.Value {
	if s.binary {
		return starlark.Bytes(b)
	}
	return starlark.String(b)
}

func (s *Stream) checkOpen() error {
	if s.closed {
		return pyrt.NewError(pyrt.ValueError, "I/O operation on closed file.")
	}
	return nil
}

// readLocked reads n characters (bytes for binary streams); n < 0 reads all.
func (s *Stream) readLocked(n int) []byte {
	rest := s.buf[min(s.pos, len(s.buf)):]
	if n < 0 || n >= len(rest) {
		s.pos += len(rest)
		return append([]byte(nil), rest...)
	}
	end := n
	if !s.binary {
		end = 0
		for i := 0; i < n && end < len(rest); i++ {
			_, size := utf8.DecodeRune(rest[end:])
			end += size
		}
	}
	s.pos += end
	return append([]byte(nil), rest[:end]...)
}

// readLineLocked reads up to and including the next "\n" (at most n
// characters when n >= 0).
func (s *Stream) readLineLocked(n int) []byte {
	rest := s.buf[min(s.pos, len(s.buf)):]
	end := len(rest)
	if i := strings.IndexByte(string(rest), '\n'); i >= 0 {
		end = i + 1
	}
	line := rest[:end]
	if n >= 0 {
		cut := n
		if !s.binary {
			cut = 0
			for i := 0; i < n && cut < len(line); i++ {
				_, size := utf8.DecodeRune(line[cut:])
				cut += size
			}
		}
		if cut < len(line) {
			line = line[:cut]
		}
	}
	s.pos += len(line)
	return append([]byte(nil), line...)
}

// NextValue returns the next line (iteration and next()).
func (s *Stream) NextValue(*starlark.Thread) (starlark.Value, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, false, err
	}
	line := s.readLineLocked(-1)
	if len(line) == 0 {
		return nil, false, nil
	}
	return s.value(line), true, nil
}

// Iterate yields the remaining lines.
func (s *Stream) Iterate() starlark.Iterator { return &lineIter{s: s} }

type lineIter struct{ s *Stream }

func (it *lineIter) Next(p *starlark.Value) bool {
	v, ok, err := it.s.NextValue(nil)
	if err != nil || !ok {
		return false
	}
	*p = v
	return true
}

func (it *lineIter) Done() {}

// write stores data at the current position, overwriting and extending.
func (s *Stream) writeLocked(b []byte) {
	if s.pos > len(s.buf) {
		s.buf = append(s.buf, make([]byte, s.pos-len(s.buf))...)
	}
	n := copy(s.buf[s.pos:], b)
	s.buf = append(s.buf, b[n:]...)
	s.pos += len(b)
}
