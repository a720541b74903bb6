package http

import (
	"net"
	"syscall"
	"unsafe"
)

// alive reports whether an idle kept-alive connection may be reused: like
// urllib3's is_connection_dropped, a connection with anything to read
// (the server's close, or bytes nobody asked for) is not. One non-blocking
// peek; TLS connections are probed on their socket.
func (fc *fastConn) alive() bool {
	c := fc.c
	if u, ok := c.(interface{ NetConn() net.Conn }); ok {
		c = u.NetConn()
	}
	sc, ok := c.(syscall.Conn)
	if !ok {
		return true
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return false
	}
	readable := false
	var b [1]byte
	cerr := rc.Read(func(fd uintptr) bool {
		_, _, errno := syscall.Syscall6(syscall.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(&b[0])), 1,
			syscall.MSG_PEEK|syscall.MSG_DONTWAIT, 0, 0)
		readable = errno != syscall.EAGAIN // data, EOF (n == 0) or an error
		return true                        // never wait for readiness
	})
	return cerr == nil && !readable
}
