package metering

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snapshotFixture returns a shard with rollovers, resets, rejections and events.
func snapshotFixture(t testing.TB) *Shard {
	rng := rand.New(rand.NewPCG(1, 2))
	rs := genAnomalies(rng, 12, 200, true)
	s, err := NewShard(Config{Zone: BeijingTime(), MaxAge: 1 << 40, Events: 64})
	require.NoError(t, err)
	for id := 1; id <= 12; id++ {
		require.NoError(t, s.AddMeter(uint32(id), anomalyConfig))
	}
	require.NoError(t, s.AddMeter(20, MeterConfig{Kind: Interval, Period: 300}))
	s.Ingest(genNow, rs)
	s.Add(genNow, Reading{Meter: 20, Time: genStart + 300, Value: 40})
	return s
}

func TestSnapshotRoundTrip(t *testing.T) {
	s := snapshotFixture(t)
	snap := s.AppendSnapshot(nil)
	got, err := Restore(snap)
	require.NoError(t, err)
	assert.Equal(t, snap, got.AppendSnapshot(nil), "a restored shard writes the same snapshot")
	assert.Equal(t, stateOf(s), stateOf(got))
	events := s.DrainEvents(nil)
	assert.NotEmpty(t, events)
	assert.Equal(t, events, got.DrainEvents(nil))
	assert.True(t, s.Zone().equal(got.Zone()))
	assert.Equal(t, s.Config().History, got.Config().History)
}

// TestSnapshotContinue checks that a restored shard goes on as the original would.
func TestSnapshotContinue(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	rs := genAnomalies(rng, 12, 300, true)
	whole := newAnomalyShard(t, 12)
	whole.Ingest(genNow, rs)

	first := newAnomalyShard(t, 12)
	first.Ingest(genNow, rs[:len(rs)/2])
	restored, err := Restore(first.AppendSnapshot(nil))
	require.NoError(t, err)
	restored.Ingest(genNow, rs[len(rs)/2:])
	assert.Equal(t, stateOf(whole), stateOf(restored))
}

func TestRestoreInvalid(t *testing.T) {
	snap := snapshotFixture(t).AppendSnapshot(nil)
	flipped := bytes.Clone(snap)
	flipped[len(flipped)/2] ^= 1
	version := bytes.Clone(snap)
	version[4] = 9
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"wrong magic", append([]byte("XXXX"), snap[4:]...)},
		{"flipped bit", flipped},
		{"truncated", snap[:len(snap)-10]},
		{"unknown version", version},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Restore(tt.data)
			assert.True(t, errors.Is(err, ErrSnapshot), "got %v, want ErrSnapshot", err)
		})
	}
}

func FuzzRestore(f *testing.F) {
	f.Add(snapshotFixture(f).AppendSnapshot(nil))
	empty, err := NewShard(Config{})
	require.NoError(f, err)
	f.Add(empty.AppendSnapshot(nil))
	f.Add([]byte("SXMR\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Fuzzed bytes rarely carry a valid checksum, so half the inputs get one.
		if len(data) > 9 && data[len(data)-1]&1 == 0 {
			data = resum(data[:len(data)-4])
		}
		s, err := Restore(data)
		if err != nil {
			require.ErrorIs(t, err, ErrSnapshot)
			return
		}
		again, err := Restore(s.AppendSnapshot(nil))
		require.NoError(t, err)
		assert.Equal(t, stateOf(s), stateOf(again))
		s.Ingest(genNow, []Reading{{Meter: 1, Time: genStart, Value: 5}, {Meter: 1, Time: genStart - 100, Value: 4}})
	})
}

// resum replaces the trailer of body with its checksum.
func resum(body []byte) []byte {
	out := bytes.Clone(body)
	sum := crcOf(out)
	return append(out, byte(sum), byte(sum>>8), byte(sum>>16), byte(sum>>24))
}
