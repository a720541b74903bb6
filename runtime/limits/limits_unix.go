//go:build unix

package limits

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// portRangeFile is where Linux keeps the ephemeral port range.
const portRangeFile = "/proc/sys/net/ipv4/ip_local_port_range"

// RaiseOpenFiles sets the soft RLIMIT_NOFILE to the hard limit (on macOS
// capped at the kernel's per-process maximum, which setrlimit enforces).
func RaiseOpenFiles() error {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return fmt.Errorf("getrlimit: %w", err)
	}
	if rl.Cur >= rl.Max {
		return nil
	}
	want := rl
	want.Cur = rl.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err != nil {
		return fmt.Errorf("setrlimit %d: %w", want.Cur, err)
	}
	return nil
}

// Current reads the limits in force; the port range is read where the
// system publishes it (Linux) and left unknown elsewhere.
func Current() (Limits, error) {
	var l Limits
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		return l, fmt.Errorf("getrlimit: %w", err)
	}
	l.OpenFiles, l.OpenFilesMax = uint64(rl.Cur), uint64(rl.Max)
	b, err := os.ReadFile(portRangeFile)
	if errors.Is(err, os.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("local port range: %w", err)
	}
	lo, hi, err := parsePortRange(string(b))
	if err != nil {
		return l, fmt.Errorf("local port range %s: %w", portRangeFile, err)
	}
	l.PortLow, l.PortHigh = lo, hi
	return l, nil
}

// parsePortRange reads "32768\t60999\n".
func parsePortRange(s string) (lo, hi int, err error) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return 0, 0, fmt.Errorf("want two numbers, got %q", s)
	}
	if lo, err = strconv.Atoi(f[0]); err != nil {
		return 0, 0, err
	}
	if hi, err = strconv.Atoi(f[1]); err != nil {
		return 0, 0, err
	}
	if lo <= 0 || hi < lo || hi > 65535 {
		return 0, 0, fmt.Errorf("not a port range: %d-%d", lo, hi)
	}
	return lo, hi, nil
}
