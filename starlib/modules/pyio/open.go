package pyio

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/gust-load/gust/starlib/modules"
	"github.com/gust-load/gust/starlib/pyrt"
	"go.starlark.net/starlark"
)

// kit holds the per-program io.UnsupportedOperation class.
type kit struct{ unsupported *pyrt.Class }

func kitFor(env *modules.Env) *kit {
	return env.Shared("pyio.kit", func() any {
		c := pyrt.MustClass("UnsupportedOperation", []*pyrt.Class{pyrt.OSError, pyrt.ValueError}, nil)
		c.SetModule("io")
		return &kit{unsupported: c}
	}).(*kit)
}

// Open returns the open() builtin for a program: files resolve against
// env.Dir and only reading modes are allowed.
func Open(env *modules.Env) *starlark.Builtin {
	return starlark.NewBuiltin("open", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kwargs []starlark.Tuple) (starlark.Value, error) {
		var file starlark.Value
		var mode = "r"
		var buffering = -1
		var encoding, errs, newline, closefd, opener starlark.Value = starlark.None, starlark.None, starlark.None, starlark.True, starlark.None
		if err := starlark.UnpackArgs(b.Name(), args, kwargs, "file", &file, "mode?", &mode, "buffering?", &buffering,
			"encoding?", &encoding, "errors?", &errs, "newline?", &newline, "closefd?", &closefd, "opener?", &opener); err != nil {
			return nil, err
		}
		path, err := modules.PathArg(file, "open")
		if err != nil {
			return nil, err
		}
		return OpenPath(env, path, mode, optString(encoding), optString(errs), newline)
	})
}

func optString(v starlark.Value) string {
	if s, ok := v.(starlark.String); ok {
		return string(s)
	}
	return ""
}

// OpenPath opens a file for reading as open(path, mode, encoding=...,
// errors=..., newline=...) does; newline is None or a str.
func OpenPath(env *modules.Env, path, mode, encoding, errs string, newline starlark.Value) (*Stream, error) {
	binary, err := checkMode(path, mode)
	if err != nil {
		return nil, err
	}
	if binary && encoding != "" {
		return nil, pyrt.NewError(pyrt.ValueError, "binary mode doesn't take an encoding argument")
	}
	data, err := os.ReadFile(env.Resolve(path))
	if err != nil {
		return nil, osError(err, path)
	}
	s := &Stream{kind: kindFile, name: path, mode: mode, binary: binary, unsupp: kitFor(env).unsupported}
	if binary {
		s.buf = data
		return s, nil
	}
	enc, text, err := decode(data, encoding, errs)
	if err != nil {
		return nil, err
	}
	s.encoding = enc
	nl, _ := newline.(starlark.String)
	if newline == nil || newline == starlark.None {
		text = strings.ReplaceAll(text, "\r\n", "\n")
		text = strings.ReplaceAll(text, "\r", "\n")
	} else if nl != "" && nl != "\n" && nl != "\r" && nl != "\r\n" {
		return nil, pyrt.NewError(pyrt.ValueError, fmt.Sprintf("illegal newline value: %s", nl))
	}
	s.buf = []byte(text)
	return s, nil
}

// checkMode validates a mode string and refuses writing.
func checkMode(path, mode string) (binary bool, err error) {
	seen := map[rune]bool{}
	for _, c := range mode {
		if !strings.ContainsRune("rwxabt+U", c) || seen[c] {
			return false, pyrt.NewError(pyrt.ValueError, "invalid mode: '"+mode+"'")
		}
		seen[c] = true
	}
	if seen['b'] && seen['t'] {
		return false, pyrt.NewError(pyrt.ValueError, "can't have text and binary mode at once")
	}
	if seen['w'] || seen['a'] || seen['x'] || seen['+'] {
		return false, pyrt.NewError(pyrt.PermissionError, fmt.Sprintf(
			"gust does not write files from locustfiles; open(%s, %s) was refused (read-only modes are 'r' and 'rb'; build text in io.StringIO or report through logging instead)",
			pyrt.QuoteString(path), pyrt.QuoteString(mode)))
	}
	return seen['b'], nil
}

// osError turns a Go file error into Python's OSError subclass with the
// "[Errno 2] No such file or directory: 'x'" message.
func osError(err error, path string) error {
	cls, errno, text := pyrt.OSError, 5, "Input/output error"
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		cls, errno, text = pyrt.FileNotFoundError, 2, "No such file or directory"
	case errors.Is(err, fs.ErrPermission):
		cls, errno, text = pyrt.PermissionError, 13, "Permission denied"
	case errors.As(err, &pe) && strings.Contains(pe.Err.Error(), "is a directory"):
		errno, text = 21, "Is a directory"
	}
	e := pyrt.NewErrorArgs(cls, starlark.MakeInt(errno), starlark.String(text))
	e.Value.SetFieldDirect("errno", starlark.MakeInt(errno))
	e.Value.SetFieldDirect("strerror", starlark.String(text))
	e.Value.SetFieldDirect("filename", starlark.String(path))
	e.Cause = err
	return e
}

// decode turns file bytes into text with one of the encodings locustfiles
// use; it returns the canonical encoding name.
func decode(data []byte, encoding, errs string) (string, string, error) {
	norm := strings.ReplaceAll(strings.ToLower(encoding), "_", "-")
	switch norm {
	case "", "utf-8", "utf8", "u8":
		return "UTF-8", decodeUTF8(data, errs, "utf-8"), nil
	case "utf-8-sig", "utf8-sig":
		return "utf-8-sig", decodeUTF8(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), errs, "utf-8"), nil
	case "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1":
		var b strings.Builder
		for _, c := range data {
			b.WriteRune(rune(c))
		}
		return "latin-1", b.String(), nil
	case "ascii", "us-ascii":
		for i, c := range data {
			if c >= 0x80 && errs != "ignore" && errs != "replace" {
				return "", "", pyrt.NewError(pyrt.UnicodeDecodeError, fmt.Sprintf("'ascii' codec can't decode byte %#x in position %d: ordinal not in range(128)", c, i))
			}
		}
		return "ascii", decodeUTF8(data, errs, "ascii"), nil
	}
	return "", "", pyrt.NewError(pyrt.LookupError, "unknown encoding: "+encoding)
}

// decodeUTF8 decodes UTF-8; invalid bytes become U+FFFD with
// errors='replace', vanish with 'ignore', and otherwise are kept as they
// are (Starlark strings may hold any bytes).
func decodeUTF8(data []byte, errs, _ string) string {
	if utf8.Valid(data) {
		return string(data)
	}
	switch errs {
	case "ignore":
		var b strings.Builder
		for len(data) > 0 {
			r, size := utf8.DecodeRune(data)
			if r != utf8.RuneError || size > 1 {
				b.Write(data[:size])
			}
			data = data[size:]
		}
		return b.String()
	case "replace":
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(data)
}

// Module builds the io module.
func Module(env *modules.Env) (starlark.Value, error) {
	k := kitFor(env)
	return modules.NewModule("io", starlark.StringDict{
		"StringIO": starlark.NewBuiltin("StringIO", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var initial starlark.Value = starlark.String("")
			var newline starlark.Value = starlark.String("\n")
			if err := starlark.UnpackArgs(b.Name(), args, kw, "initial_value?", &initial, "newline?", &newline); err != nil {
				return nil, err
			}
			if initial == starlark.None {
				initial = starlark.String("")
			}
			s, ok := initial.(starlark.String)
			if !ok {
				return nil, pyrt.NewError(pyrt.TypeError, fmt.Sprintf("initial_value must be str or None, not %s", modules.TypeName(initial)))
			}
			st := NewStringIO(string(s))
			st.unsupp = k.unsupported
			return st, nil
		}),
		"BytesIO": starlark.NewBuiltin("BytesIO", func(_ *starlark.Thread, b *starlark.Builtin, args starlark.Tuple, kw []starlark.Tuple) (starlark.Value, error) {
			var initial starlark.Value = starlark.Bytes("")
			if err := starlark.UnpackArgs(b.Name(), args, kw, "initial_bytes?", &initial); err != nil {
				return nil, err
			}
			var data []byte
			if initial != starlark.None {
				var err error
				if data, err = modules.BytesLike(initial); err != nil {
					return nil, err
				}
			}
			st := NewBytesIO(data)
			st.unsupp = k.unsupported
			return st, nil
		}),
		"open":                 Open(env),
		"UnsupportedOperation": k.unsupported,
		"SEEK_SET":             starlark.MakeInt(0),
		"SEEK_CUR":             starlark.MakeInt(1),
		"SEEK_END":             starlark.MakeInt(2),
	}), nil
}
