package metering

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// shardState is everything a shard reports, for comparing shards.
type shardState struct {
	Days   []DayTotal
	Hours  map[DayTotal][24]int64
	Stats  Stats
	Meters map[uint32]Stats
	Latest map[uint32]Reading
}

func stateOf(s *Shard) shardState {
	st := shardState{
		Days:   s.AppendAllDays(nil),
		Hours:  map[DayTotal][24]int64{},
		Stats:  s.Stats(),
		Meters: map[uint32]Stats{},
		Latest: map[uint32]Reading{},
	}
	st.Stats.EventsDropped = 0
	for _, d := range st.Days {
		h, _ := s.Hours(d.Meter, d.Day)
		st.Hours[DayTotal{Meter: d.Meter, Day: d.Day}] = h
	}
	for _, id := range s.AppendMeters(nil) {
		st.Meters[id] = s.MeterStats(id)
		if r, ok := s.Latest(id); ok {
			st.Latest[id] = r
		}
	}
	return st
}

// anomalyConfig makes rollovers frequent: a 10,000.00 kWh register.
var anomalyConfig = MeterConfig{Scale: 2, Modulus: 1_000_000, MaxPerHour: 10_000, ResetBelow: 500, Window: 3600}

// genAnomalies returns arrival-ordered readings of meters 1..meters that roll over,
// reset and arrive late or twice; with rejects, some are also impossible spikes, drops
// or late beyond the window.
func genAnomalies(rng *rand.Rand, meters, per int, rejects bool) []Reading {
	value := make([]int64, meters)
	for i := range value {
		value[i] = 1_000_000 - int64(rng.IntN(200_000))
	}
	pending := map[int][]Reading{}
	var out []Reading
	for step := 0; step < per; step++ {
		for i := range meters {
			value[i] = (value[i] + int64(rng.IntN(800))) % 1_000_000
			// Without rejects, only odd meters reset and only even ones send late
			// readings: a late reading that is the first a shard sees of a meter
			// would make that shard reject the readings after a reset.
			reset := rng.IntN(200) == 0 && (rejects || i%2 == 0)
			if reset {
				value[i] = int64(rng.IntN(400))
			}
			r := Reading{Meter: uint32(i + 1), Time: genStart + int64(step)*300 + int64(i%7), Value: value[i]}
			switch p := rng.IntN(100); {
			case p < 3 && (rejects || i%2 == 1):
				at := step + 1 + rng.IntN(10)
				pending[at] = append(pending[at], r)
			case p < 5:
				out = append(out, r, r)
			case rejects && p < 6:
				out = append(out, r, Reading{Meter: r.Meter, Time: r.Time + 100, Value: (r.Value + 9_000) % 1_000_000})
			case rejects && p < 7:
				out = append(out, r)
				pending[step+20] = append(pending[step+20], Reading{Meter: r.Meter, Time: r.Time - 150, Value: r.Value})
			default:
				out = append(out, r)
			}
		}
		out = append(out, pending[step]...)
		delete(pending, step)
	}
	for step := per; step < per+30; step++ {
		out = append(out, pending[step]...)
	}
	return out
}

func newAnomalyShard(t *testing.T, meters int) *Shard {
	t.Helper()
	s, err := NewShard(Config{Zone: BeijingTime(), MaxAge: 1 << 40})
	require.NoError(t, err)
	for id := 1; id <= meters; id++ {
		require.NoError(t, s.AddMeter(uint32(id), anomalyConfig))
	}
	return s
}

// mergeAll merges shards in a random order, pairing random neighbours, and returns
// the result.
func mergeAll(t *testing.T, rng *rand.Rand, shards []*Shard) *Shard {
	t.Helper()
	for len(shards) > 1 {
		i := rng.IntN(len(shards) - 1)
		dst, src := shards[i], shards[i+1]
		if rng.IntN(2) == 0 {
			dst, src = src, dst
		}
		require.NoError(t, dst.Merge(src))
		shards[i] = dst
		shards = append(shards[:i+1], shards[i+2:]...)
	}
	return shards[0]
}

// TestMergeMeterSplits checks that any assignment of meters to shards, merged in any
// order, gives the rollups and counts of one shard, with every kind of anomaly.
func TestMergeMeterSplits(t *testing.T) {
	const meters = 40
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 7))
		rs := genAnomalies(rng, meters, 300, true)
		whole := newAnomalyShard(t, meters)
		whole.Ingest(genNow, rs)
		want := stateOf(whole)
		require.NotZero(t, want.Stats.Rollovers)
		require.NotZero(t, want.Stats.Resets)
		require.NotZero(t, want.Stats.Outcomes[Impossible]+want.Stats.Outcomes[Backwards])
		require.NotZero(t, want.Stats.Outcomes[Late])

		n := 1 + rng.IntN(5)
		group := make([]int, meters+1)
		for id := range group {
			group[id] = rng.IntN(n)
		}
		shards := make([]*Shard, n)
		for i := range shards {
			shards[i] = newAnomalyShard(t, meters)
		}
		for _, r := range rs {
			shards[group[r.Meter]].Add(genNow, r)
		}
		got := stateOf(mergeAll(t, rng, shards))
		assert.Equal(t, want, got, "seed %d, %d shards", seed, n)
	}
}

// TestMergeArrivalSplits cuts the arrival stream into runs as well, each run and group
// of meters in its own shard, and merges them in any order of neighbouring runs.
func TestMergeArrivalSplits(t *testing.T) {
	const meters = 30
	for seed := range uint64(20) {
		rng := rand.New(rand.NewPCG(seed, 11))
		rs := genAnomalies(rng, meters, 400, false)
		whole := newAnomalyShard(t, meters)
		whole.Ingest(genNow, rs)
		want := stateOf(whole)
		require.Zero(t, want.Stats.Rejected()-want.Stats.Outcomes[Duplicate], "the data should need no rejection")

		groups := 1 + rng.IntN(3)
		group := make([]int, meters+1)
		for id := range group {
			group[id] = rng.IntN(groups)
		}
		runs := 1 + rng.IntN(6)
		cuts := []int{0}
		for i := 1; i < runs; i++ {
			cuts = append(cuts, rng.IntN(len(rs)))
		}
		cuts = append(cuts, len(rs))
		sortInts(cuts)

		var merged []*Shard
		for g := range groups {
			var seq []*Shard
			for k := 0; k+1 < len(cuts); k++ {
				sh := newAnomalyShard(t, meters)
				for _, r := range rs[cuts[k]:cuts[k+1]] {
					if group[r.Meter] == g {
						sh.Add(genNow, r)
					}
				}
				seq = append(seq, sh)
			}
			merged = append(merged, mergeAll(t, rng, seq))
		}
		rng.Shuffle(len(merged), func(i, k int) { merged[i], merged[k] = merged[k], merged[i] })
		got := stateOf(mergeAll(t, rng, merged))
		assert.Equal(t, want, got, "seed %d, %d groups, cuts %v", seed, groups, cuts)
	}
}

func sortInts(xs []int) {
	for i := 1; i < len(xs); i++ {
		for k := i; k > 0 && xs[k] < xs[k-1]; k-- {
			xs[k], xs[k-1] = xs[k-1], xs[k]
		}
	}
}

func TestMergeErrors(t *testing.T) {
	build := func(t *testing.T, rs ...Reading) *Shard {
		s := newAnomalyShard(t, 1)
		for _, r := range rs {
			require.Equal(t, Accepted, s.Add(genNow, r))
		}
		return s
	}
	at := func(step int, v int64) Reading { return Reading{Meter: 1, Time: genStart + int64(step)*300, Value: v} }
	var long []Reading
	for i := range 40 {
		long = append(long, at(i, int64(1000+10*i)))
	}
	tests := []struct {
		name string
		a, b []Reading
	}{
		{"same time other value", []Reading{at(0, 1000), at(1, 1010)}, []Reading{at(1, 1020), at(2, 1030)}},
		{"overlap beyond history", long, []Reading{at(5, 1050), at(50, 2000)}},
		{"step across join impossible", []Reading{at(0, 1000), at(1, 1010)}, []Reading{at(2, 9000), at(3, 9010)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := build(t, tt.a...), build(t, tt.b...)
			before := stateOf(a)
			err := a.Merge(b)
			var me *MergeError
			require.ErrorAs(t, err, &me)
			assert.Equal(t, uint32(1), me.Meter)
			assert.Equal(t, before, stateOf(a), "a failed merge changes nothing")
		})
	}
	t.Run("zones differ", func(t *testing.T) {
		a := newAnomalyShard(t, 1)
		b, err := NewShard(Config{Zone: utcZone(t)})
		require.NoError(t, err)
		assert.Error(t, a.Merge(b))
		assert.Error(t, a.Merge(a))
	})
}

// TestMergeTwoRuns cuts the arrival stream into two runs at many points, as two
// processes splitting one file would.
func TestMergeTwoRuns(t *testing.T) {
	const meters = 30
	rng := rand.New(rand.NewPCG(5, 11))
	rs := genAnomalies(rng, meters, 400, false)
	whole := newAnomalyShard(t, meters)
	whole.Ingest(genNow, rs)
	want := stateOf(whole)
	for cut := 1; cut < len(rs); cut += 613 {
		a, b := newAnomalyShard(t, meters), newAnomalyShard(t, meters)
		a.Ingest(genNow, rs[:cut])
		b.Ingest(genNow, rs[cut:])
		require.NoError(t, b.Merge(a), "cut %d", cut)
		require.Equal(t, want, stateOf(b), "cut %d", cut)
	}
}
