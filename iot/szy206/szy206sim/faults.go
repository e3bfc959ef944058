package szy206sim

import (
	"io"
	"math/rand/v2"
	"time"

	"github.com/shuxiang/shuxiang/iot/internal/simwire"
)

// Faults makes a terminal misbehave the way field devices do. The zero value
// behaves.
type Faults struct {
	// Split writes every frame in pieces of 1 to 7 bytes, one write each.
	Split bool
	// Merge writes a heartbeat (link check) in the same write as every
	// report.
	Merge bool
	// CorruptEvery flips a CRC bit of every nth report (1 for all), so
	// the centre must not confirm it and the terminal sends it again.
	CorruptEvery int
	// GarbageEvery writes 1 to 16 bytes of noise before every nth frame.
	GarbageEvery int
	// ClockOffset is added to the terminal's clock.
	ClockOffset time.Duration
	// UnsetClock sends times in 2059, like an RTC that lost its setting.
	UnsetClock bool
	// BoxDoorOpen reports the terminal box door open, with its alarm.
	BoxDoorOpen bool
	// Seed seeds the random sizes and noise, for repeatable tests.
	Seed uint64
}

// wire writes frames to the connection with the configured faults.
type wire struct {
	*simwire.Wire
	faults Faults
}

func newWire(w io.Writer, f Faults) *wire {
	opts := simwire.Options{Split: f.Split, CorruptEvery: f.CorruptEvery, GarbageEvery: f.GarbageEvery, ChecksumFromEnd: 2}
	return &wire{Wire: simwire.New(w, opts, rand.New(rand.NewPCG(f.Seed, f.Seed^0x2060))), faults: f}
}

// clock returns the terminal's time with the clock faults applied.
func (f Faults) clock(now time.Time) time.Time {
	return simwire.Clock(now, f.ClockOffset, f.UnsetClock)
}
