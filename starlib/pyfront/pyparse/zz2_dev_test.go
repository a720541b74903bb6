package pyparse

import (
	"fmt"
	"os"
	"testing"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

func TestDevOne(t *testing.T) {
	src := os.Getenv("SRC")
	if src == "" {
		t.Skip()
	}
	mod, err := Parse("x.py", []byte(src))
	if err != nil {
		fmt.Println(err)
		fmt.Println(err.(*Error).Excerpt())
		return
	}
	fmt.Println(pyast.Dump(mod))
}
