package metering

import "math/rand/v2"

// genStart is 2024-06-01T00:00:00Z.
const genStart int64 = 1717200000

// genReadings returns readings of cumulative counters like those of pumped wells:
// meters 1..meters report every 300 s from genStart plus a per-meter offset, each step
// adds 0.00 to 3.00 kWh at Scale 2, and the slice is in arrival order. A fraction late
// of readings arrives 1 to 12 steps late and a fraction dup is sent again 0 to 2 steps
// later.
func genReadings(meters, per int, seed uint64, late, dup float64) []Reading {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	offset := make([]int64, meters)
	value := make([]int64, meters)
	for i := range offset {
		offset[i] = int64(rng.IntN(300))
		value[i] = int64(rng.IntN(1_000_000))
	}
	pending := map[int][]Reading{}
	out := make([]Reading, 0, meters*per+meters*per/100)
	for step := 0; step < per; step++ {
		for i := range meters {
			if step > 0 {
				value[i] += int64(rng.IntN(301))
			}
			r := Reading{Meter: uint32(i + 1), Time: genStart + offset[i] + int64(step)*300, Value: value[i]}
			if rng.Float64() < late {
				at := step + 1 + rng.IntN(12)
				pending[at] = append(pending[at], r)
			} else {
				out = append(out, r)
			}
			if rng.Float64() < dup {
				at := step + rng.IntN(3)
				pending[at] = append(pending[at], r)
			}
		}
		out = append(out, pending[step]...)
		delete(pending, step)
	}
	for step := per; step <= per+14; step++ {
		out = append(out, pending[step]...)
	}
	return out
}

// wellConfig is the meter config the generated readings pass: a 999,999.99 kWh
// register, at most 100 kWh per hour, a 1-hour window.
var wellConfig = MeterConfig{Scale: 2, Modulus: 100_000_000, MaxPerHour: 10_000, Window: 3600}

// newWellShard returns a shard in zone with meters 1..meters registered as wells.
func newWellShard(tb interface{ Fatal(...any) }, zone *Zone, meters int) *Shard {
	s, err := NewShard(Config{Zone: zone, MaxAge: 1 << 40})
	if err != nil {
		tb.Fatal(err)
	}
	for id := 1; id <= meters; id++ {
		if err := s.AddMeter(uint32(id), wellConfig); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}
