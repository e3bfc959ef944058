package metering

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestZeroShard checks that a Shard declared without NewShard works as an
// empty shard with the default config.
func TestZeroShard(t *testing.T) {
	defaults, err := NewShard(Config{})
	require.NoError(t, err)

	t.Run("AddMeter and Add", func(t *testing.T) {
		var s Shard
		require.NoError(t, s.AddMeter(1, kwhMeter))
		assert.Equal(t, Accepted, s.Add(t0, Reading{Meter: 1, Time: t0, Value: 100}))
		assert.Equal(t, Accepted, s.Add(t0+600, Reading{Meter: 1, Time: t0 + 600, Value: 250}))
		assert.Equal(t, defaults.Config(), s.Config(), "config of a zero shard")
	})
	t.Run("Ingest", func(t *testing.T) {
		var s Shard
		s.Ingest(t0, []Reading{{Meter: 3, Time: t0, Value: 1}})
		assert.Equal(t, uint64(1), s.Stats().Outcomes[UnknownMeter], "unknown meter count")
		require.NoError(t, s.AddMeter(3, kwhMeter))
		s.Ingest(t0+60, []Reading{{Meter: 3, Time: t0 - 60, Value: 1}})
		assert.Equal(t, uint64(1), s.Stats().Outcomes[Accepted], "a reading a minute old")
	})
	t.Run("queries", func(t *testing.T) {
		var s Shard
		assert.Equal(t, BeijingTime(), s.Zone(), "zone of a zero shard")
		_, ok := s.Latest(0)
		assert.False(t, ok, "latest reading of a zero shard")
		assert.Empty(t, s.AppendMeters(nil), "meters of a zero shard")
		s.Reserve(10)
	})
	t.Run("Snapshot", func(t *testing.T) {
		var s Shard
		got, err := Restore(s.AppendSnapshot(nil))
		require.NoError(t, err)
		assert.Equal(t, defaults.AppendSnapshot(nil), got.AppendSnapshot(nil))
	})
	t.Run("Merge", func(t *testing.T) {
		var into, from Shard
		require.NoError(t, from.AddMeter(2, kwhMeter))
		require.NoError(t, into.Merge(&from))
		_, ok := into.MeterConfig(2)
		assert.True(t, ok, "meter 2 after a merge into a zero shard")
	})
}
