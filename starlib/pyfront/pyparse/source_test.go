package pyparse

import (
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

// TestSourceEncodings checks the byte-order mark, PEP 263 cookies and line endings.
func TestSourceEncodings(t *testing.T) {
	tests := []struct {
		name, src string
		want      string // the Dump of the first statement's value, or "error: ..." for an error
	}{
		{"utf-8", "s = 'caf\xc3\xa9'\n", "Constant(value='café')"},
		{"bom", "\xef\xbb\xbfs = 'x'\n", "Constant(value='x')"},
		{"bom and utf-8 cookie", "\xef\xbb\xbf# coding: utf-8\ns = 'x'\n", "Constant(value='x')"},
		{"latin-1 cookie", "# -*- coding: latin-1 -*-\ns = 'caf\xe9'\n", "Constant(value='café')"},
		{"latin1 alias", "# coding=latin1\ns = '\xe9'\n", "Constant(value='é')"},
		{"iso-8859-1 alias", "# vim: set fileencoding=iso_8859_1 :\ns = '\xe9'\n", "Constant(value='é')"},
		{"cookie on line two", "#!/usr/bin/env python\n# coding: latin-1\ns = '\xe9'\n", "Constant(value='é')"},
		{"emacs suffix", "# -*- coding: utf-8-unix -*-\ns = 'x'\n", "Constant(value='x')"},
		{"ascii is utf-8", "# coding: ascii\ns = 'x'\n", "Constant(value='x')"},
		{"cookie after code is a comment", "s = 1\n# coding: latin-1\nt = '\xe9'\n",
			"error: 3:6: invalid UTF-8 byte 0xe9; save the file as UTF-8 or declare its encoding"},
		{"cookie on line three is a comment", "#\n#\n# coding: latin-1\ns = '\xe9'\n",
			"error: 4:6: invalid UTF-8 byte 0xe9; save the file as UTF-8 or declare its encoding"},
		{"unsupported", "# coding: koi8-r\ns = 1\n", "error: 1:1: encoding problem: koi8-r is not supported by gust; save the file as UTF-8"},
		{"crlf in triple quotes", "s = '''a\r\nb'''\r\n", "Constant(value='a\\nb')"},
		{"cr only", "s = '''a\rb'''\r", "Constant(value='a\\nb')"},
		{"lone surrogate escape", "s = '\\ud83d'\n", "Constant(value='\\ud83d')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod, err := Parse("enc.py", []byte(tt.src))
			if strings.HasPrefix(tt.want, "error: ") {
				if err == nil || err.Error() != "enc.py:"+strings.TrimPrefix(tt.want, "error: ") {
					t.Fatalf("Parse = %v, want %s", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := pyast.Dump(mod.Body[0].(*pyast.Assign).Value)
			if got != tt.want {
				t.Errorf("value = %s, want %s", got, tt.want)
			}
		})
	}
}
