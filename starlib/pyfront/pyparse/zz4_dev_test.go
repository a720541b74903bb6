package pyparse

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gust-load/gust/starlib/pyfront/pyast"
)

func TestDevStdlib(t *testing.T) {
	f, err := os.Open("/tmp/stdlib_list.txt")
	if err != nil || os.Getenv("STDLIB") == "" {
		t.Skip()
	}
	sc := bufio.NewScanner(f)
	ok, bad, errs := 0, 0, map[string]int{}
	for sc.Scan() {
		key, path, _ := strings.Cut(sc.Text(), "\t")
		src, _ := os.ReadFile(path)
		want, _ := os.ReadFile("/tmp/stdlib_dumps/" + key + ".dump")
		mod, err := Parse(path, src)
		if err != nil {
			msg := err.(*Error).Msg
			if strings.Contains(msg, "not supported by gust") {
				errs[msg]++
				continue
			}
			fmt.Println("ERR", err)
			bad++
			continue
		}
		got := pyast.Dump(mod)
		if got != string(want) {
			bad++
			fmt.Println("DIFF", path)
			fmt.Println("  ", firstDifference(string(want), got))
			continue
		}
		wantPos, _ := os.ReadFile("/tmp/stdlib_dumps/" + key + ".pos")
		gotPos := strings.Join(nodePositions(mod), "\n") + "\n"
		if gotPos != string(wantPos) {
			bad++
			fmt.Println("POS", path)
			fmt.Println(lineDiff(string(wantPos), gotPos))
			continue
		}
		ok++
	}
	fmt.Println("ok", ok, "bad", bad, errs)
}
