//go:build !unix

package usage

import "time"

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }

// residentBytes is not measured here.
func residentBytes() int64 { return 0 }
