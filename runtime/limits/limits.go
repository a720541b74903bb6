// Package limits checks the operating-system bounds on how many users a run
// can connect — open files and local ports — before any user starts, so
// that a run that will hit them says so in a warning at start (as Locust
// does for its open-file minimum) instead of failing requests with "Too
// many open files" or "Cannot assign requested address" half way through.
//
// A caller (the CLI) calls Prepare once at start with what the run needs
// and logs each warning it returns. Prepare raises the soft open-file limit
// to the hard one first: Go's runtime does so on Linux already, but not
// everywhere, and an explicit raise makes the figure in the warning the one
// the run really has.
package limits

import (
	"fmt"
)

// LocustMinimumOpenFiles is the open-file limit below which Locust warns
// that the system is "not high enough for load testing".
const LocustMinimumOpenFiles = 10000

// Reserve is the descriptors a run keeps besides its users' sockets:
// standard streams, the poller, the web UI's listener and its browsers'
// connections, CSV and log files, the locustfile and its data files.
const Reserve = 100

// Limits are the bounds in force. A zero field is unknown (the platform has
// no such limit or it could not be read) and is not checked.
type Limits struct {
	// OpenFiles and OpenFilesMax are the soft and hard RLIMIT_NOFILE.
	OpenFiles, OpenFilesMax uint64
	// PortLow and PortHigh are the ephemeral (local) port range, which
	// bounds the connections from one address to one target host:port.
	PortLow, PortHigh int
}

// Ports is the number of local ports in the range (0 when unknown).
func (l Limits) Ports() int {
	if l.PortLow <= 0 || l.PortHigh < l.PortLow {
		return 0
	}
	return l.PortHigh - l.PortLow + 1
}

// Needs describe the sockets a run will hold at its peak.
type Needs struct {
	// Users is the most users the run will have at once.
	Users int
	// SocketsPerUser is the connections one user keeps open: 1 for an
	// HttpUser or FastHttpUser talking to one host (each keeps one
	// keep-alive connection per host), more for users that talk to
	// several hosts at once, 0 for users without sockets.
	SocketsPerUser int
}

// sockets is the number of sockets the users hold.
func (n Needs) sockets() int { return n.Users * n.SocketsPerUser }

// Check returns a warning for each limit the run will meet, worded so that
// a reader knows which bound it is and how to lift it; none when the
// limits suffice or are unknown.
func Check(n Needs, l Limits) []string {
	var out []string
	if l.OpenFiles > 0 && l.OpenFiles < LocustMinimumOpenFiles {
		out = append(out, fmt.Sprintf("System open file limit '%d' is below minimum setting '%d'.\n"+
			"It's not high enough for load testing, and the OS didn't allow gust to increase it by itself.\n"+
			"Raise it with `ulimit -n` (hard limit: %d) or LimitNOFILE= for a service.",
			l.OpenFiles, LocustMinimumOpenFiles, l.OpenFilesMax))
	}
	socks := n.sockets()
	if socks <= 0 {
		return out
	}
	if need := uint64(socks + Reserve); l.OpenFiles > 0 && l.OpenFiles < need {
		out = append(out, fmt.Sprintf("System open file limit %d is below the %d users × %s (+%d for gust) needed: "+
			"about %d users will connect and the rest fail with 'Too many open files'. "+
			"Raise the limit (ulimit -n; the hard limit is %d) or spread the users over more processes.",
			l.OpenFiles, n.Users, sockets(n.SocketsPerUser), Reserve, max(0, int(l.OpenFiles)-Reserve)/max(1, n.SocketsPerUser), l.OpenFilesMax))
	}
	if ports := l.Ports(); ports > 0 && socks > ports {
		out = append(out, fmt.Sprintf("The local port range %d-%d allows %d connections to one target host:port, "+
			"below the %d users × %s needed: connections beyond it fail with 'Cannot assign requested address'. "+
			"Widen net.ipv4.ip_local_port_range, target more addresses, or spread the users over more machines.",
			l.PortLow, l.PortHigh, ports, n.Users, sockets(n.SocketsPerUser)))
	}
	return out
}

// sockets says "1 socket" or "n sockets".
func sockets(n int) string {
	if n == 1 {
		return "1 socket"
	}
	return fmt.Sprintf("%d sockets", n)
}

// Prepare raises the soft open-file limit to the hard one, reads the
// limits in force and checks n against them. A failure to read the limits
// is itself returned as a warning: the run can go on.
func Prepare(n Needs) []string {
	raiseErr := RaiseOpenFiles()
	l, err := Current()
	if err != nil {
		return []string{fmt.Sprintf("Could not read the system limits: %v", err)}
	}
	warnings := Check(n, l)
	if raiseErr != nil && l.OpenFiles > 0 && l.OpenFiles < max(LocustMinimumOpenFiles, uint64(n.sockets()+Reserve)) {
		// Only worth saying when the limit left is too low (macOS, for
		// one, refuses an unlimited hard limit and still has plenty).
		warnings = append(warnings, fmt.Sprintf("Raising the open file limit failed: %v", raiseErr))
	}
	return warnings
}
