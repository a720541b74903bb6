package pyparse

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestDevCompare(t *testing.T) {
	data, err := os.ReadFile("/tmp/errcases.json")
	if err != nil {
		t.Skip()
	}
	var cases []struct{ Src, Want string }
	json.Unmarshal(data, &cases)
	for _, c := range cases {
		_, err := Parse("f.py", []byte(c.Src))
		got := "OK"
		if err != nil {
			e := err.(*Error)
			got = fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
		}
		mark := "  "
		if got != c.Want {
			mark = "!!"
		}
		fmt.Printf("%s %-40q want %-60s got %s\n", mark, c.Src, c.Want, got)
	}
}
