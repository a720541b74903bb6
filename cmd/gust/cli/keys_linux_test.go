package cli

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/gust-load/gust/runtime/clock"
)

// openPTY opens a pseudo-terminal pair: the test types on the master, gust
// reads the slave as its terminal.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	var n uint32
	if err := ioctl(m.Fd(), syscall.TIOCSPTLCK, unsafe.Pointer(&unlock)); err != nil {
		m.Close()
		t.Skipf("unlockpt: %v", err)
	}
	if err := ioctl(m.Fd(), syscall.TIOCGPTN, unsafe.Pointer(&n)); err != nil {
		m.Close()
		t.Skipf("ptsname: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open the pty slave: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

func termios(t *testing.T, f *os.File) syscall.Termios {
	t.Helper()
	var tio syscall.Termios
	if err := ioctl(f.Fd(), syscall.TCGETS, unsafe.Pointer(&tio)); err != nil {
		t.Fatal(err)
	}
	return tio
}

// TestKeyboardControls: on a terminal, Locust's keys steer a headless run —
// W adds 10 users, w one, S removes 10, s one — with the terminal in cbreak
// mode (no echo, no line buffering) during the run and as it was after.
func TestKeyboardControls(t *testing.T) {
	master, slave := openPTY(t)
	if termios(t, slave).Lflag&syscall.ICANON == 0 {
		t.Fatal("a fresh pty should start in canonical mode")
	}
	tg := newTarget(t)
	dir := t.TempDir()
	writeFile(t, dir, "locustfile.py", "from locust import HttpUser, task, constant\n\nclass U(HttpUser):\n    wait_time = constant(1)\n\n    @task\n    def t(self):\n        self.client.get('/products')\n")
	out := &lockedBuffer{}
	sig := make(chan os.Signal, 1)
	st := &State{
		Args:   []string{"--host", tg.URL, "--headless", "-u", "2", "-r", "100", "-t", "5m", "--only-summary"},
		Stdout: out, Stderr: out, Cwd: dir, Home: dir, Hostname: "test",
		Getenv: func(string) (string, bool) { return "", false }, Environ: func() []string { return nil },
		Clock: clock.Real{}, Signals: sig, Terminal: slave,
	}
	done := make(chan int, 1)
	go func() { done <- Main(st) }()
	seen := 0 // the output up to the last line waited for
	waitFor := func(what string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			if i := strings.Index(out.String()[seen:], what); i >= 0 {
				seen += i + len(what)
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("no %q after the first %d bytes of:\n%s", what, seen, out)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor("(2 total users)")
	if termios(t, slave).Lflag&(syscall.ICANON|syscall.ECHO) != 0 {
		t.Error("the terminal is not in cbreak mode during the run")
	}
	// press types key and waits for the ramp to total users. A key typed
	// while the previous ramp is still finishing gets Locust's warning
	// instead; it is typed again then, as a person would.
	press := func(key string, total int) {
		t.Helper()
		ramp := fmt.Sprintf("Ramping to %d users at a rate of 100.00 per second", total)
		deadline := time.Now().Add(20 * time.Second)
		for attempt := 0; ; attempt++ {
			if _, err := master.WriteString(key); err != nil {
				t.Fatal(err)
			}
			for {
				rest := out.String()[seen:]
				if i := strings.Index(rest, ramp); i >= 0 {
					seen += i + len(ramp)
					waitFor(fmt.Sprintf("All users spawned: {\"U\": %d} (%d total users)", total, total))
					return
				}
				if i := strings.Index(rest, "right now\n"); i >= 0 {
					seen += i + len("right now\n")
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("key %q: no %q after the first %d bytes of:\n%s", key, ramp, seen, out)
				}
				time.Sleep(5 * time.Millisecond)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	press("W", 12)
	press("w", 13)
	press("S", 3)
	press("s", 2)
	if _, err := master.WriteString("x?"); err != nil { // not controls
		t.Fatal(err)
	}
	press("s", 1)
	press("s", 0)
	if strings.Count(out.String(), "Ramping to") != 7 {
		t.Errorf("other keys changed the run:\n%s", out)
	}
	sig <- syscall.SIGINT
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d\n%s", code, out)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("gust did not stop on Ctrl-C")
	}
	if termios(t, slave).Lflag&(syscall.ICANON|syscall.ECHO) != syscall.ICANON|syscall.ECHO {
		t.Error("the terminal mode was not restored")
	}
}
