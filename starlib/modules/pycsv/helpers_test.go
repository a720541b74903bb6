package pycsv

import (
	"strings"

	"github.com/gust-load/gust/starlib/pyrt"
)

func errClass() *pyrt.Class { return pyrt.MustClass("Error", []*pyrt.Class{pyrt.Exception}, nil) }

func splitKeep(s string) []string { return strings.SplitAfter(s, "\n") }
