//go:build !race

package stats

// raceOn lets slow single-goroutine tests skip under the race detector.
const raceOn = false
