//go:build race

package summarize

// raceEnabled is true when the race detector, which slows code tenfold,
// is on.
const raceEnabled = true
