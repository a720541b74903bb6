package pyio

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

type method func(s *Stream, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error)

var streamMethods = map[string]method{
	"read":       streamRead,
	"readline":   streamReadline,
	"readlines":  streamReadlines,
	"write":      streamWrite,
	"writelines": streamWritelines,
	"getvalue":   streamGetvalue,
	"seek":       streamSeek,
	"tell":       streamTell,
	"truncate":   streamTruncate,
	"close":      streamClose,
	"flush": func(*Stream, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.None, nil
	},
	"readable": func(*Stream, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.True, nil
	},
	"seekable": func(*Stream, *starlark.Thread, *starlark.Builtin, starlark.Tuple, []starlark.Tuple) (starlark.Value, error) {
		return starlark.True, nil
	},
	"writable": func(s *Stream, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return starlark.Bool(s.kind != kindFile), nil
	},
	"__enter__": func(s *Stream, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if err := s.checkOpen(); err != nil {
			return nil, err
		}
		return s, nil
	},
	"__exit__": func(s *Stream, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		return starlark.False, nil
	},
	"__iter__": func(s *Stream, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return s, nil
	},
	"__next__": func(s *Stream, th *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		v, ok, err := s.NextValue(th)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, modules.StopIteration()
		}
		return v, nil
	},
	"fileno": func(s *Stream, _ *starlark.Thread, _ *starlark.Builtin, _ starlark.Tuple, _ []starlark.Tuple) (starlark.Value, error) {
		return nil, s.unsupported("fileno")
	},
}

// Attr returns the file methods and attributes.
func (s *Stream) Attr(name string) (starlark.Value, error) {
	switch name {
	case "closed":
		s.mu.Lock()
		defer s.mu.Unlock()
		return starlark.Bool(s.closed), nil
	case "name":
		if s.kind == kindFile {
			return starlark.String(s.name), nil
		}
	case "mode":
		if s.kind == kindFile {
			return starlark.String(s.mode), nil
		}
	case "encoding":
		if !s.binary && s.kind == kindFile {
			return starlark.String(s.encoding), nil
		}
	}
	m, ok := streamMethods[name]
	if !ok || (name == "getvalue" || name == "truncate") && s.kind == kindFile {
		return nil, pyrt.NewError(pyrt.AttributeError, fmt.Sprintf("'_io.%s' object has no attribute '%s'", s.Type(), name))
	}
	return starlark.NewBuiltin(name, func(th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
		return m(s, th, b, args, kw)
	}), nil
}

// AttrNames lists the methods.
func (s *Stream) AttrNames() []string {
	out := []string{"closed"}
	for k := range streamMethods {
		out = append(out, k)
	}
	if s.kind == kindFile {
		out = append(out, "name", "mode")
	}
	sort.Strings(out)
	return out
}

func (s *Stream) unsupported(what string) error {
	cls := s.unsupp
	if cls == nil {
		cls = pyrt.OSError
	}
	return pyrt.NewError(cls, what)
}

// sizeArg reads an optional size argument (None or negative: everything).
func sizeArg(b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (int, error) {
	var size starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0, &size); err != nil {
		return 0, err
	}
	if size == starlark.None {
		return -1, nil
	}
	n, err := modules.Int(size, b.Name())
	return int(n), err
}

func streamRead(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	n, err := sizeArg(b, args, kw)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	return s.value(s.readLocked(n)), nil
}

func streamReadline(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	n, err := sizeArg(b, args, kw)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	return s.value(s.readLineLocked(n)), nil
}

func streamReadlines(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	hint, err := sizeArg(b, args, kw)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	var out []starlark.Value
	total := 0
	for {
		line := s.readLineLocked(-1)
		if len(line) == 0 {
			break
		}
		out = append(out, s.value(line))
		total += len(line)
		if hint > 0 && total >= hint {
			break
		}
	}
	return starlark.NewList(out), nil
}

func (s *Stream) payload(v starlark.Value) ([]byte, error) {
	if s.binary {
		return modules.BytesLike(v)
	}
	str, ok := v.(starlark.String)
	if !ok {
		return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("string argument expected, got '%s'", modules.TypeName(v)))
	}
	return []byte(str), nil
}

func streamWrite(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &v); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	if s.kind == kindFile {
		return nil, s.unsupported("not writable")
	}
	data, err := s.payload(v)
	if err != nil {
		return nil, err
	}
	s.writeLocked(data)
	if s.binary {
		return starlark.MakeInt(len(data)), nil
	}
	return starlark.MakeInt(utf8.RuneCount(data)), nil
}

func streamWritelines(s *Stream, th *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var v starlark.Value
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &v); err != nil {
		return nil, err
	}
	items, err := modules.Elements(th, v)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	if s.kind == kindFile {
		return nil, s.unsupported("not writable")
	}
	for _, it := range items {
		data, err := s.payload(it)
		if err != nil {
			return nil, err
		}
		s.writeLocked(data)
	}
	return starlark.None, nil
}

func streamGetvalue(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	return s.value(append([]byte(nil), s.buf...)), nil
}

func streamSeek(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var off, whence int
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 1, &off, &whence); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	switch whence {
	case 0:
		if off < 0 {
			return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("negative seek value %d", off))
		}
		s.pos = off
	case 1:
		if off != 0 && !s.binary {
			return nil, s.unsupported("can't do nonzero cur-relative seeks")
		}
		s.pos = max(0, s.pos+off)
	case 2:
		if off != 0 && !s.binary {
			return nil, s.unsupported("can't do nonzero end-relative seeks")
		}
		s.pos = max(0, len(s.buf)+off)
	default:
		return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("invalid whence (%d, should be 0, 1 or 2)", whence))
	}
	return starlark.MakeInt(s.pos), nil
}

func streamTell(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	return starlark.MakeInt(s.pos), nil
}

func streamTruncate(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	var size starlark.Value = starlark.None
	if err := starlark.UnpackPositionalArgs(b.Name(), args, kw, 0, &size); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.checkOpen(); err != nil {
		return nil, err
	}
	n := s.pos
	if size != starlark.None {
		m, err := modules.Int(size, "truncate")
		if err != nil {
			return nil, err
		}
		n = int(m)
	}
	if n < len(s.buf) {
		s.buf = s.buf[:n]
	}
	return starlark.MakeInt(n), nil
}

func streamClose(s *Stream, _ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	return starlark.None, nil
}
