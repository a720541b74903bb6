package cli

import (
	"os"
	"syscall"
	"unsafe"
)

// cbreak switches the terminal f to cbreak mode (no line buffering, no
// echo; output processing untouched), as Python's tty.setcbreak does for
// Locust, and returns the function that restores the previous mode. It
// declines (ok false) when f is no terminal, or when gust runs in the
// background of its controlling terminal, where changing the mode would
// stop the process (SIGTTOU).
func cbreak(f *os.File) (restore func(), ok bool) {
	fd := f.Fd()
	var old syscall.Termios
	if ioctl(fd, syscall.TCGETS, unsafe.Pointer(&old)) != nil {
		return nil, false
	}
	var pgrp int32
	if ioctl(fd, syscall.TIOCGPGRP, unsafe.Pointer(&pgrp)) == nil && int(pgrp) != syscall.Getpgrp() {
		return nil, false
	}
	mode := old
	mode.Lflag &^= syscall.ICANON | syscall.ECHO
	mode.Cc[syscall.VMIN], mode.Cc[syscall.VTIME] = 1, 0
	if ioctl(fd, syscall.TCSETS, unsafe.Pointer(&mode)) != nil {
		return nil, false
	}
	return func() { _ = ioctl(fd, syscall.TCSETS, unsafe.Pointer(&old)) }, true
}

func ioctl(fd, req uintptr, arg unsafe.Pointer) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(arg)); errno != 0 {
		return errno
	}
	return nil
}
