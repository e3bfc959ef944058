//go:build !race

package mint

const raceEnabled = false
