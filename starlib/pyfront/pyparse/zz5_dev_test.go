package pyparse

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDevShow(t *testing.T) {
	data, err := os.ReadFile("/tmp/errcases.json")
	if err != nil || os.Getenv("SHOW") == "" {
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
		if got == c.Want || !strings.Contains(c.Want, os.Getenv("SHOW")) || !strings.Contains(got, os.Getenv("GOT")) {
			continue
		}
		var l int
		fmt.Sscanf(c.Want, "%d:", &l)
		lines := strings.Split(c.Src, "\n")
		if l >= 1 && l <= len(lines) {
			fmt.Printf("want %s | got %s\n   %q\n", c.Want, got, lines[l-1])
		}
	}
}
