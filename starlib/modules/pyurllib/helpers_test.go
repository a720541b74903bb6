package pyurllib

import "unicode/utf8"

func isUTF8(s string) bool { return utf8.ValidString(s) }
