//go:build unix

package limits

import (
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// TestRaiseOpenFiles lowers this test process's soft limit and checks that
// RaiseOpenFiles brings it back to the hard limit and that Current and
// Prepare report what is in force. (No parallel test in this package
// depends on the limit.)
func TestRaiseOpenFiles(t *testing.T) {
	var orig syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &orig); err != nil {
		t.Skip("getrlimit:", err)
	}
	t.Cleanup(func() { _ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &orig) })
	if orig.Max < 512 {
		t.Skipf("hard limit %d too low to test", orig.Max)
	}
	low := orig
	low.Cur = 256
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Skip("setrlimit:", err)
	}
	if err := RaiseOpenFiles(); err != nil {
		t.Fatal(err)
	}
	l, err := Current()
	if err != nil {
		t.Fatal(err)
	}
	if l.OpenFiles != uint64(orig.Max) || l.OpenFilesMax != uint64(orig.Max) {
		t.Fatalf("after raising: soft %d hard %d, want both %d", l.OpenFiles, l.OpenFilesMax, orig.Max)
	}
	// A need beyond the raised limit is reported against it.
	ws := Prepare(Needs{Users: int(l.OpenFiles), SocketsPerUser: 1})
	found := false
	for _, w := range ws {
		if strings.Contains(w, "open file limit "+strconv.FormatUint(l.OpenFiles, 10)+" ") {
			found = true
		}
	}
	if !found {
		t.Fatalf("Prepare for %d users: %q does not name the limit %d", l.OpenFiles, ws, l.OpenFiles)
	}
	if ws := Prepare(Needs{Users: 1, SocketsPerUser: 1}); l.OpenFiles >= LocustMinimumOpenFiles && (l.Ports() == 0 || l.Ports() > 1) && len(ws) != 0 {
		t.Fatalf("Prepare for one user: %q", ws)
	}
}
