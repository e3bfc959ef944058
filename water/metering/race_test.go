//go:build race

package metering

const raceEnabled = true
