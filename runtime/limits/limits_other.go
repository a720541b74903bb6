//go:build !unix

package limits

// RaiseOpenFiles has nothing to raise on this platform.
func RaiseOpenFiles() error { return nil }

// Current knows no limits on this platform: all are unknown.
func Current() (Limits, error) { return Limits{}, nil }
