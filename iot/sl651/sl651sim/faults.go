package sl651sim

import (
	"io"
	"math/rand/v2"
	"time"

	"github.com/shuxiang/shuxiang/iot/internal/simwire"

	"github.com/shuxiang/shuxiang/iot/sl651"
)

// Faults makes a station misbehave the way field devices do. The zero value
// behaves.
type Faults struct {
	// Split writes every frame in pieces of 1 to 7 bytes, one write each.
	Split bool
	// Merge writes a keep-alive frame in the same write as every report.
	Merge bool
	// CorruptEvery flips a CRC bit of every nth report (1 for all), so
	// the centre must not confirm it and the station sends it again.
	CorruptEvery int
	// GarbageEvery writes 1 to 16 bytes of noise before every nth frame.
	GarbageEvery int
	// ClockOffset is added to the station's clock.
	ClockOffset time.Duration
	// UnsetClock sends times in 2059, like an RTC that lost its setting.
	UnsetClock bool
	// ShufflePackets sends the packets of a multi-packet report in random
	// order.
	ShufflePackets bool
	// LosePacket leaves one packet, chosen at random, out of the first
	// sending of every multi-packet report, as a radio link loses it. The
	// centre must request it with NAK.
	LosePacket bool
	// DuplicatePacket sends one packet of every multi-packet report twice.
	DuplicatePacket bool
	// Seed seeds the random sizes and noise, for repeatable tests.
	Seed uint64
}

// wire writes frames to the connection with the configured faults.
type wire struct {
	*simwire.Wire
	faults Faults
}

func newWire(w io.Writer, f Faults) *wire {
	opts := simwire.Options{Split: f.Split, CorruptEvery: f.CorruptEvery, GarbageEvery: f.GarbageEvery, ChecksumFromEnd: 1}
	return &wire{Wire: simwire.New(w, opts, rand.New(rand.NewPCG(f.Seed, f.Seed^0x5151))), faults: f}
}

// clock returns the station's time with the clock faults applied.
func (f Faults) clock(now time.Time) time.Time {
	return simwire.Clock(now, f.ClockOffset, f.UnsetClock)
}

// keepAlive returns a keep-alive frame for h with serial and time.
func keepAlive(h sl651.Header, serial uint16, t time.Time) []byte {
	h.Function = sl651.KeepAlive
	h.Start, h.End = sl651.STX, sl651.ETX
	m := sl651.Message{Header: h, Serial: serial, SendTime: t}
	b, _ := m.AppendFrame(nil, sl651.Options{})
	return b
}

// packetOrder returns the indexes of n packets in the order of their first
// sending, with the packet faults applied.
func (w *wire) packetOrder(n int) []int {
	order := allPackets(n)
	if w.faults.ShufflePackets {
		w.Rand().Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	if w.faults.LosePacket && n > 1 {
		i := w.Rand().IntN(n)
		order = append(order[:i], order[i+1:]...)
	}
	if w.faults.DuplicatePacket && len(order) > 0 {
		i := w.Rand().IntN(len(order))
		order = append(order[:i+1], order[i:]...)
	}
	return order
}
