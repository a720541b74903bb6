package pyparse

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDevVerdictLines(t *testing.T) {
	data, err := os.ReadFile("/tmp/errcases.json")
	if err != nil || os.Getenv("VL") == "" {
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
		if sameVerdict(c.Want, got) || !strings.Contains(c.Want+" "+got, os.Getenv("VL")) {
			continue
		}
		var wl, gl int
		fmt.Sscanf(c.Want, "%d:", &wl)
		fmt.Sscanf(got, "%d:", &gl)
		lines := strings.Split(c.Src, "\n")
		fmt.Printf("want %s | got %s\n", c.Want, got)
		for _, l := range []int{wl, gl} {
			if l >= 1 && l <= len(lines) {
				fmt.Printf("   %d %q\n", l, lines[l-1])
			}
		}
	}
}
