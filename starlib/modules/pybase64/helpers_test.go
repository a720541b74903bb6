package pybase64

import "github.com/gust-load/gust/starlib/pyrt"

func mustErr() *pyrt.Class { return pyrt.MustClass("Error", []*pyrt.Class{pyrt.ValueError}, nil) }
