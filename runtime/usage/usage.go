// Package usage measures the process's CPU and memory use the way Locust's
// runner does with psutil every ten seconds: CPU as a percentage of one
// core since the previous sample (so above 100 when several cores are
// busy), memory as the resident set size in bytes.
package usage

import "time"

// Monitor takes successive samples; each CPU figure covers the time since
// the previous one (or since NewMonitor). It is not safe for concurrent use.
type Monitor struct {
	lastCPU  time.Duration
	lastWall time.Time
}

// NewMonitor starts measuring now.
func NewMonitor() *Monitor {
	return &Monitor{lastCPU: cpuTime(), lastWall: time.Now()}
}

// Sample returns the CPU use since the previous sample, in percent of one
// core, and the current resident memory in bytes (0 where the platform
// does not say).
func (m *Monitor) Sample() (cpuPercent float64, rss int64) {
	cpu, wall := cpuTime(), time.Now()
	if d := wall.Sub(m.lastWall); d > 0 {
		cpuPercent = 100 * float64(cpu-m.lastCPU) / float64(d)
	}
	m.lastCPU, m.lastWall = cpu, wall
	return cpuPercent, residentBytes()
}
