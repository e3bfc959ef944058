// Package simwire writes the frames of a simulated telemetry device to its
// connection with the faults field devices show: noise before a frame, a
// corrupted checksum, and frames cut into small writes. The protocol
// simulators share it so that they misbehave in the same way.
package simwire

import (
	"io"
	"math/rand/v2"
	"time"
)

// Options selects the faults of a [Wire]. The zero value writes every frame
// whole and intact.
type Options struct {
	// Split writes every frame in pieces of 1 to 7 bytes, one write each.
	Split bool
	// CorruptEvery flips the lowest bit of a checksum byte of every nth
	// report (1 for all).
	CorruptEvery int
	// GarbageEvery writes 1 to 16 bytes of noise before every nth frame.
	GarbageEvery int
	// ChecksumFromEnd is the place of the checksum byte that CorruptEvery
	// flips, counted from the end of the frame: 1 for a frame that ends with
	// its checksum, 2 for one that ends with the checksum and an end byte.
	// Zero means 1.
	ChecksumFromEnd int
}

// Wire writes frames to one connection. It is not safe for concurrent use.
type Wire struct {
	w      io.Writer
	opts   Options
	rng    *rand.Rand
	frames int
}

// New returns a Wire that writes to w with the faults of opts, drawing the
// noise and the piece sizes from rng.
func New(w io.Writer, opts Options, rng *rand.Rand) *Wire {
	if opts.ChecksumFromEnd <= 0 {
		opts.ChecksumFromEnd = 1
	}
	return &Wire{w: w, opts: opts, rng: rng}
}

// Rand returns the random source of the wire, for the simulator's own faults.
func (w *Wire) Rand() *rand.Rand { return w.rng }

// Write sends frame, followed in the same write by extra when it is not nil,
// and applies the faults. report marks the frames that CorruptEvery counts.
func (w *Wire) Write(frame, extra []byte, report bool) error {
	w.frames++
	out := make([]byte, 0, len(frame)+len(extra)+16)
	if n := w.opts.GarbageEvery; n > 0 && w.frames%n == 0 {
		for range 1 + w.rng.IntN(16) {
			out = append(out, byte(w.rng.IntN(256)))
		}
	}
	start := len(out)
	out = append(out, frame...)
	if n := w.opts.CorruptEvery; report && n > 0 && w.frames%n == 0 && len(frame) >= w.opts.ChecksumFromEnd {
		out[start+len(frame)-w.opts.ChecksumFromEnd] ^= 0x01
	}
	out = append(out, extra...)
	if !w.opts.Split {
		_, err := w.w.Write(out)
		return err
	}
	for len(out) > 0 {
		n := min(1+w.rng.IntN(7), len(out))
		if _, err := w.w.Write(out[:n]); err != nil {
			return err
		}
		out = out[n:]
	}
	return nil
}

// UnsetYear is the year a device clock that lost its setting reports.
const UnsetYear = 2059

// Clock returns now moved by offset and, when unset is true, into
// [UnsetYear], as the clock of a device with those faults reads.
func Clock(now time.Time, offset time.Duration, unset bool) time.Time {
	now = now.Add(offset)
	if unset {
		now = now.AddDate(UnsetYear-now.Year(), 0, 0)
	}
	return now
}
