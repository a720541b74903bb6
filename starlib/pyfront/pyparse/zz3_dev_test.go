package pyparse

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestDevCorpusTiming(t *testing.T) {
	dir := os.Getenv("CORPUS")
	if dir == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var worst time.Duration
	var worstName string
	for _, f := range files {
		data, _ := os.ReadFile(f)
		lines := strings.Split(string(data), "\n")
		if len(lines) < 2 {
			continue
		}
		s, err := strconv.Unquote(strings.TrimPrefix(lines[1], "[]byte("))
		if err != nil {
			s2 := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
			s, err = strconv.Unquote(s2)
			if err != nil {
				continue
			}
		}
		st := time.Now()
		Parse("f.py", []byte(s))
		if d := time.Since(st); d > worst {
			worst, worstName = d, f
		}
	}
	fmt.Println(len(files), worst, worstName)
}
