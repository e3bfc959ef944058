package metering

import (
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// t0 is 2024-06-01T00:00:00Z.
const t0 = genStart

func utcZone(t testing.TB) *Zone {
	t.Helper()
	z, err := NewZone(time.UTC)
	require.NoError(t, err)
	return z
}

// kwhMeter is a 999,999.99 kWh register on a pump of at most 100 kW.
var kwhMeter = MeterConfig{Scale: 2, Modulus: 100_000_000, MaxPerHour: 10_000, ResetBelow: 1_000, Window: 3600}

func TestAddOutcomes(t *testing.T) {
	type step struct {
		at    int64 // seconds after t0
		value int64
		want  Outcome
	}
	tests := []struct {
		name  string
		cfg   MeterConfig
		steps []step
		// total is the consumption credited on 2024-06-01 UTC.
		total     int64
		rollovers uint64
		resets    uint64
	}{
		{
			name:  "in order",
			cfg:   kwhMeter,
			steps: []step{{0, 100, Accepted}, {300, 150, Accepted}, {600, 400, Accepted}},
			total: 300,
		},
		{
			name:      "rollover at register width",
			cfg:       kwhMeter,
			steps:     []step{{0, 99_999_850, Accepted}, {300, 125, Accepted}},
			total:     275,
			rollovers: 1,
		},
		{
			name:   "reset to near zero",
			cfg:    kwhMeter,
			steps:  []step{{0, 50_000_000, Accepted}, {300, 50_000_100, Accepted}, {600, 20, Accepted}, {900, 70, Accepted}},
			total:  150,
			resets: 1,
		},
		{
			name:  "drop neither rollover nor reset",
			cfg:   kwhMeter,
			steps: []step{{0, 50_000_000, Accepted}, {300, 49_000_000, Backwards}, {600, 50_000_200, Accepted}},
			total: 200,
		},
		{
			name:  "rollover too fast is a reset",
			cfg:   kwhMeter,
			steps: []step{{0, 99_000_000, Accepted}, {300, 500, Accepted}},
			// 1,000,500 units in 300 s exceed 10,000 per hour, and 500 is under ResetBelow.
			resets: 1,
		},
		{
			name:      "rollover without rate limit",
			cfg:       MeterConfig{Modulus: 100_000_000},
			steps:     []step{{0, 99_999_850, Accepted}, {300, 125, Accepted}},
			total:     275,
			rollovers: 1,
		},
		{
			name:  "impossible step",
			cfg:   kwhMeter,
			steps: []step{{0, 1_000, Accepted}, {300, 1_000 + 834, Impossible}, {600, 1_500, Accepted}},
			total: 500,
		},
		{
			name:  "exact duplicate",
			cfg:   kwhMeter,
			steps: []step{{0, 100, Accepted}, {300, 200, Accepted}, {300, 200, Duplicate}, {0, 100, Duplicate}},
			total: 100,
		},
		{
			name:  "same time other value",
			cfg:   kwhMeter,
			steps: []step{{0, 100, Accepted}, {300, 200, Accepted}, {300, 250, Conflict}},
			total: 100,
		},
		{
			name:  "out of order within window",
			cfg:   kwhMeter,
			steps: []step{{0, 100, Accepted}, {600, 300, Accepted}, {900, 400, Accepted}, {300, 180, Accepted}},
			total: 300,
		},
		{
			name:  "out of order before first reading",
			cfg:   kwhMeter,
			steps: []step{{600, 300, Accepted}, {0, 100, Accepted}, {300, 200, Accepted}},
			total: 200,
		},
		{
			name:  "out of order beyond window",
			cfg:   kwhMeter,
			steps: []step{{0, 100, Accepted}, {7200, 500, Accepted}, {3000, 300, Late}},
			total: 400,
		},
		{
			name:  "out of order with zero window",
			cfg:   MeterConfig{},
			steps: []step{{0, 100, Accepted}, {600, 300, Accepted}, {300, 200, Late}},
			total: 200,
		},
		{
			name:  "late reading breaking the next step",
			cfg:   kwhMeter,
			steps: []step{{0, 10_000, Accepted}, {600, 10_200, Accepted}, {300, 10_250, Backwards}},
			total: 200,
		},
		{
			name:  "value not below modulus",
			cfg:   kwhMeter,
			steps: []step{{0, 100, Accepted}, {300, 100_000_000, OutOfRange}, {600, -1, OutOfRange}},
		},
		{
			name:  "interval volumes",
			cfg:   MeterConfig{Kind: Interval, Period: 300, MaxPerHour: 12_000, Window: 3600},
			steps: []step{{300, 500, Accepted}, {900, 700, Accepted}, {600, 600, Accepted}, {600, 600, Duplicate}, {1200, 1001, Impossible}},
			total: 1800,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewShard(Config{Zone: utcZone(t), MaxAge: 1 << 40})
			require.NoError(t, err)
			require.NoError(t, s.AddMeter(7, tt.cfg))
			for i, st := range tt.steps {
				got := s.Add(t0+86400, Reading{Meter: 7, Time: t0 + st.at, Value: st.value})
				assert.Equal(t, st.want, got, "step %d (t0%+d s, value %d)", i, st.at, st.value)
			}
			total, _ := s.DayTotal(7, DayOf(2024, time.June, 1))
			assert.Equal(t, tt.total, total, "day total")
			stats := s.Stats()
			assert.Equal(t, tt.rollovers, stats.Rollovers, "rollovers")
			assert.Equal(t, tt.resets, stats.Resets, "resets")
			assert.Equal(t, uint64(len(tt.steps)), stats.Offered(), "offered")
			assert.Equal(t, stats, s.MeterStats(7), "meter stats")
		})
	}
}

func TestAddClock(t *testing.T) {
	now := t0 + 10*86400
	tests := []struct {
		name string
		cfg  Config
		at   int64
		want Outcome
	}{
		{"default skew ahead", Config{}, now + DefaultMaxFuture, Accepted},
		{"beyond default skew", Config{}, now + DefaultMaxFuture + 1, Future},
		{"one year back", Config{}, now - DefaultMaxAge, Accepted},
		{"beyond one year back", Config{}, now - DefaultMaxAge - 1, TooOld},
		{"custom skew", Config{MaxFuture: 60}, now + 61, Future},
		{"custom age", Config{MaxAge: 86400}, now - 86401, TooOld},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewShard(tt.cfg)
			require.NoError(t, err)
			require.NoError(t, s.AddMeter(1, kwhMeter))
			got := s.Add(now, Reading{Meter: 1, Time: tt.at, Value: 5})
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAddUnknownMeter(t *testing.T) {
	s, err := NewShard(Config{})
	require.NoError(t, err)
	require.NoError(t, s.AddMeter(3, kwhMeter))
	now := t0
	assert.Equal(t, UnknownMeter, s.Add(now, Reading{Meter: 2, Time: now, Value: 1}))
	assert.Equal(t, UnknownMeter, s.Add(now, Reading{Meter: 1 << 20, Time: now, Value: 1}))
	assert.Equal(t, uint64(2), s.Stats().Outcomes[UnknownMeter])
}

func TestAddEvents(t *testing.T) {
	s, err := NewShard(Config{Zone: utcZone(t), MaxAge: 1 << 40, Events: 2})
	require.NoError(t, err)
	require.NoError(t, s.AddMeter(1, wellConfig))
	now := t0 + 86400
	s.Add(now, Reading{Meter: 1, Time: t0, Value: 99_999_850})
	s.Add(now, Reading{Meter: 1, Time: t0 + 300, Value: 125})
	s.Add(now, Reading{Meter: 1, Time: t0 + 600, Value: 100})
	s.Add(now, Reading{Meter: 1, Time: t0 + 900, Value: 5_000})

	got := s.DrainEvents(nil)
	require.Len(t, got, 2)
	assert.Equal(t, EventRollover, got[0].Kind)
	assert.Equal(t, Reading{Meter: 1, Time: t0, Value: 99_999_850}, got[0].Previous)
	assert.Equal(t, EventRejected, got[1].Kind)
	assert.Equal(t, Backwards, got[1].Outcome)
	assert.Equal(t, int64(100), got[1].Reading.Value)
	assert.Equal(t, uint64(1), s.Stats().EventsDropped, "the impossible step found the buffer full")
	assert.Empty(t, s.DrainEvents(nil))
}

func TestOutcomeString(t *testing.T) {
	assert.Equal(t, "impossible step", Impossible.String())
	assert.Equal(t, "accepted", Accepted.String())
	assert.Equal(t, "Outcome(200)", Outcome(200).String())
}

func TestConfigInvalid(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"history not a power of two", Config{History: 12}},
		{"history too large", Config{History: 4096}},
		{"negative max age", Config{MaxAge: -1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewShard(tt.cfg)
			assert.Error(t, err)
		})
	}
}

func TestAddMeterInvalid(t *testing.T) {
	s, err := NewShard(Config{})
	require.NoError(t, err)
	assert.Error(t, s.AddMeter(MaxMeters, kwhMeter))
	assert.Error(t, s.AddMeter(1, MeterConfig{Modulus: -5}))
	assert.Error(t, s.AddMeter(1, MeterConfig{Kind: 9}))
}

// TestIngestAllocs pins the hot path at zero allocations: each run ingests fresh
// readings, in order with a few late ones and duplicates, within days whose records
// exist.
func TestIngestAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	rs := genReadings(1000, 200, 2, 0.001, 0.001)
	s := newWellShard(t, utcZone(t), 1000)
	s.Ingest(genNow, rs[:len(rs)/2])
	rest := rs[len(rs)/2:]
	const runs, size = 50, 1000
	k := 0
	allocs := testing.AllocsPerRun(runs, func() {
		s.Ingest(genNow, rest[k*size:(k+1)*size])
		k++
	})
	assert.Zero(t, allocs)
	assert.Equal(t, uint64(len(rs)/2+(runs+1)*size), s.Stats().Offered())
	stats := s.Stats()
	assert.Equal(t, stats.Offered(), stats.Outcomes[Accepted]+stats.Outcomes[Duplicate], "only duplicates are dropped")
}

func TestMeterLine(t *testing.T) {
	assert.Equal(t, uintptr(64), unsafe.Sizeof(meter{}), "meter state should fill one cache line")
}

func TestRegistry(t *testing.T) {
	var r Registry
	a, err := r.Add("WS-1")
	require.NoError(t, err)
	b, err := r.Add("WS-2")
	require.NoError(t, err)
	again, err := r.Add("WS-1")
	require.NoError(t, err)
	assert.Equal(t, uint32(0), a)
	assert.Equal(t, uint32(1), b)
	assert.Equal(t, a, again)
	name, ok := r.Name(1)
	assert.True(t, ok)
	assert.Equal(t, "WS-2", name)
	_, ok = r.ID("WS-3")
	assert.False(t, ok)
	_, err = r.Add("")
	assert.Error(t, err)
	assert.Equal(t, 2, r.Len())
}
