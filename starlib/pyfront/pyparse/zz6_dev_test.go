package pyparse

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
)

func TestDevVerdicts(t *testing.T) {
	data, err := os.ReadFile("/tmp/errcases.json")
	if err != nil || os.Getenv("VERDICTS") == "" {
		t.Skip()
	}
	var cases []struct{ Src, Want string }
	json.Unmarshal(data, &cases)
	bad := 0
	for _, c := range cases {
		_, err := Parse("f.py", []byte(c.Src))
		got := "OK"
		if err != nil {
			e := err.(*Error)
			got = fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg)
		}
		if !sameVerdict(c.Want, got) {
			bad++
			fmt.Printf("want %-50s got %s\n", c.Want, got)
		}
	}
	fmt.Println("cases", len(cases), "bad", bad)
}
