package http

import (
	"bytes"
	"fmt"
	"path"
	"strconv"
	"strings"

	"github.com/gust-load/gust/starlib/pyrt"
	"github.com/gust-load/gust/starlib/thread"
	"go.starlark.net/starlark"
)

// isUnreserved reports whether b needs no escaping anywhere in a URL
// (Python's urllib.parse always-safe set).
func isUnreserved(b byte) bool {
	return 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' ||
		b == '-' || b == '.' || b == '_' || b == '~'
}

const upperhex = "0123456789ABCDEF"

// quote percent-encodes s like urllib.parse.quote(s, safe): UTF-8 bytes
// outside the unreserved set and safe become %XX; with plus, a space
// becomes '+' (quote_plus).
func quote(b *strings.Builder, s, safe string, plus bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isUnreserved(c) || (c < 0x80 && strings.IndexByte(safe, c) >= 0):
			b.WriteByte(c)
		case plus && c == ' ':
			b.WriteByte('+')
		default:
			b.WriteByte('%')
			b.WriteByte(upperhex[c>>4])
			b.WriteByte(upperhex[c&15])
		}
	}
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// requoteURI is requests' requote_uri: escapes of unreserved characters are
// decoded, then everything not safe in a URI is escaped, so a URL comes out
// the same whether or not the script escaped it. An invalid %-escape makes
// the '%' itself escaped.
func requoteURI(uri string) string {
	var un strings.Builder
	valid := true
	for i := 0; i < len(uri); i++ {
		c := uri[i]
		if c != '%' {
			un.WriteByte(c)
			continue
		}
		// Like unquote_unreserved: only "%" and two alphanumerics are an
		// escape; two alphanumerics that are not hex make the URI invalid.
		if i+2 >= len(uri) || !isAlnum(uri[i+1]) || !isAlnum(uri[i+2]) {
			un.WriteByte('%')
			continue
		}
		h, ok1 := unhex(uri[i+1])
		l, ok2 := unhex(uri[i+2])
		if !ok1 || !ok2 {
			valid = false
			break
		}
		if d := h<<4 | l; isUnreserved(d) {
			un.WriteByte(d)
		} else {
			un.WriteString(uri[i : i+3])
		}
		i += 2
	}
	var b strings.Builder
	if valid {
		quote(&b, un.String(), "!#$%&'()*+,/:;=?@[]~", false)
	} else {
		quote(&b, uri, "!#$&'()*+,/:;=?@[]~", false)
	}
	return b.String()
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// formValue renders one value of a form or query the way urlencode does:
// str as is, bytes raw, everything else through str().
func formValue(th *starlark.Thread, v starlark.Value) string {
	switch x := v.(type) {
	case starlark.String:
		return string(x)
	case starlark.Bytes:
		return string(x)
	}
	return pyrt.StrThread(th, v)
}

// encodeForm is requests' _encode_params for dicts and pair lists:
// application/x-www-form-urlencoded, list values repeated (doseq), None
// values dropped. With doseq false (geventhttpclient's urlencode), a list
// value is rendered with str() like any other value.
func encodeForm(th *starlark.Thread, v starlark.Value, doseq bool) (string, error) {
	pairs, err := pairsOf(v, "urlencode")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	n := 0
	add := func(k, val starlark.Value) {
		if n > 0 {
			b.WriteByte('&')
		}
		n++
		quote(&b, formValue(th, k), "", true)
		b.WriteByte('=')
		quote(&b, formValue(th, val), "", true)
	}
	for _, kv := range pairs {
		k, val := kv[0], kv[1]
		if !doseq {
			add(k, val)
			continue
		}
		switch x := val.(type) {
		case starlark.String, starlark.Bytes:
			add(k, val)
		case starlark.Iterable:
			it := x.Iterate()
			var e starlark.Value
			for it.Next(&e) {
				if e != starlark.None {
					add(k, e)
				}
			}
			it.Done()
		default:
			if val != starlark.None {
				add(k, val)
			}
		}
	}
	return b.String(), nil
}

// encodeParams renders params= for the query string: str and bytes are used
// as given, mappings and pair lists are form-encoded.
func encodeParams(th *starlark.Thread, v starlark.Value) (string, error) {
	if !given(v) {
		return "", nil
	}
	switch x := v.(type) {
	case starlark.String:
		return string(x), nil
	case starlark.Bytes:
		return string(x), nil
	}
	return encodeForm(th, v, true)
}

// textBody encodes a str body as requests 2.32+ sends it: UTF-8.
func textBody(s string) []byte { return []byte(s) }

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// multipartParam renders name="value" as urllib3 does for
// Content-Disposition parameters.
func multipartParam(b *bytes.Buffer, name, value string) {
	b.WriteString("; ")
	b.WriteString(name)
	b.WriteString(`="`)
	for i := 0; i < len(value); i++ {
		switch c := value[i]; c {
		case '\n':
			b.WriteString("%0A")
		case '\r':
			b.WriteString("%0D")
		case '"':
			b.WriteString("%22")
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// encodeMultipart is requests' _encode_files: the fields of data first,
// then the files, as multipart/form-data. A file is a value or a tuple
// (filename, content[, content_type[, headers]]); content is str, bytes or
// an object with read(); a None content skips the file, a None filename
// makes a plain field.
func encodeMultipart(th *starlark.Thread, files, data starlark.Value) ([]byte, string, error) {
	switch data.(type) {
	case starlark.String, starlark.Bytes:
		return nil, "", pyrt.NewError(pyrt.ValueError, "Data must not be a string.")
	}
	var fields []starlark.Tuple
	if data != nil && data != starlark.None {
		p, err := pairsOf(data, "files")
		if err != nil {
			return nil, "", err
		}
		fields = p
	}
	fileItems, err := pairsOf(files, "files")
	if err != nil {
		return nil, "", err
	}
	r := thread.Rand(th)
	boundary := fmt.Sprintf("%016x%016x", r.Uint64(), r.Uint64())
	var b bytes.Buffer
	part := func(name string, filename *string, ctype string, extra []starlark.Tuple, content []byte) {
		b.WriteString("--")
		b.WriteString(boundary)
		b.WriteString("\r\nContent-Disposition: form-data")
		multipartParam(&b, "name", name)
		if filename != nil {
			multipartParam(&b, "filename", *filename)
		}
		b.WriteString("\r\n")
		if ctype != "" {
			b.WriteString("Content-Type: ")
			b.WriteString(ctype)
			b.WriteString("\r\n")
		}
		for _, h := range extra {
			b.WriteString(formValue(th, h[0]))
			b.WriteString(": ")
			b.WriteString(formValue(th, h[1]))
			b.WriteString("\r\n")
		}
		b.WriteString("\r\n")
		b.Write(content)
		b.WriteString("\r\n")
	}
	for _, kv := range fields {
		name := formValue(th, kv[0])
		vals := []starlark.Value{kv[1]}
		switch x := kv[1].(type) {
		case starlark.String, starlark.Bytes:
		case starlark.Iterable:
			vals = nil
			it := x.Iterate()
			var e starlark.Value
			for it.Next(&e) {
				vals = append(vals, e)
			}
			it.Done()
		}
		for _, v := range vals {
			if v == starlark.None {
				continue
			}
			part(name, nil, "", nil, []byte(formValue(th, v)))
		}
	}
	for _, kv := range fileItems {
		name := formValue(th, kv[0])
		var fn, fp, ft, fh starlark.Value = starlark.None, kv[1], starlark.None, starlark.None
		if t, ok := kv[1].(starlark.Indexable); ok && isTupleOrList(kv[1]) {
			switch t.Len() {
			case 2:
				fn, fp = t.Index(0), t.Index(1)
			case 3:
				fn, fp, ft = t.Index(0), t.Index(1), t.Index(2)
			case 4:
				fn, fp, ft, fh = t.Index(0), t.Index(1), t.Index(2), t.Index(3)
			default:
				return nil, "", pyrt.NewError(pyrt.ValueError, fmt.Sprintf("too many values to unpack (expected 4, got %d)", t.Len()))
			}
		} else {
			fn = guessFilename(kv[1])
			if fn == starlark.None {
				fn = kv[0]
			}
		}
		var content []byte
		switch x := fp.(type) {
		case starlark.NoneType:
			continue
		case starlark.String:
			content = []byte(x)
		case starlark.Bytes:
			content = []byte(x)
		default:
			got, err := readFileObject(th, fp)
			if err != nil {
				return nil, "", err
			}
			content = got
		}
		var filename *string
		if fn != starlark.None {
			s := formValue(th, fn)
			filename = &s
		}
		ctype := ""
		if ft != starlark.None {
			ctype = formValue(th, ft)
		}
		var extra []starlark.Tuple
		if fh != starlark.None {
			p, err := pairsOf(fh, "files")
			if err != nil {
				return nil, "", err
			}
			extra = p
		}
		part(name, filename, ctype, extra, content)
	}
	b.WriteString("--")
	b.WriteString(boundary)
	b.WriteString("--\r\n")
	return b.Bytes(), "multipart/form-data; boundary=" + boundary, nil
}

func isTupleOrList(v starlark.Value) bool {
	switch v.(type) {
	case starlark.Tuple, *starlark.List:
		return true
	}
	return false
}

// guessFilename is requests' guess_filename: the base name of a file
// object's name attribute, unless it looks like <stdin>.
func guessFilename(v starlark.Value) starlark.Value {
	ha, ok := v.(starlark.HasAttrs)
	if !ok {
		return starlark.None
	}
	n, err := ha.Attr("name")
	if err != nil || n == nil {
		return starlark.None
	}
	s, ok := starlark.AsString(n)
	if !ok || s == "" || (s[0] == '<' && s[len(s)-1] == '>') {
		return starlark.None
	}
	return starlark.String(path.Base(s))
}

// readFileObject reads the whole content of an object with a read()
// method (an open file); any other value is sent as its str().
func readFileObject(th *starlark.Thread, v starlark.Value) ([]byte, error) {
	if ha, ok := v.(starlark.HasAttrs); ok {
		if read, err := ha.Attr("read"); err == nil && read != nil {
			got, err := starlark.Call(th, read, nil, nil)
			if err != nil {
				return nil, err
			}
			switch x := got.(type) {
			case starlark.String:
				return []byte(x), nil
			case starlark.Bytes:
				return []byte(x), nil
			}
			return nil, pyrt.NewError(pyrt.TypeError, "read() returned "+got.Type()+", want str or bytes")
		}
	}
	return []byte(pyrt.Str(v)), nil
}

// itoa is strconv.Itoa, named for readability where headers are built.
func itoa(n int) string { return strconv.Itoa(n) }
