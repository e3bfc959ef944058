package centre

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sync/errgroup"

	"github.com/shuxiang/shuxiang/iot/sl651"
)

// TestServerThousandDTUs connects 1,000 simulated stations at once, a
// quarter of which split their frames into pieces, a quarter merge all
// frames into one write and a quarter send noise, bad CRCs and frames of
// impossible content between the good ones. Every good reading must
// arrive exactly once. The test holds about 2,000 sockets, within the
// usual soft limit of open files (1,024 would not do: see raiseFileLimit).
func TestServerThousandDTUs(t *testing.T) {
	const dtus, readings = 1000, 5
	raiseFileLimit(t, 2*dtus+256)
	rec := newRecorder()
	srv, addr := startServer(t, Config{Handler: rec, SL651: sl651.Options{Location: cst}})

	want := make(map[readingKey]int)
	wantInvalid := 0
	var g errgroup.Group
	for n := range dtus {
		d := &simDTU{n: n + 1, fault: fault(n) % faultKinds, readings: readings,
			rng: rand.New(rand.NewPCG(uint64(n), 1))}
		writes, good, invalid := d.plan(t)
		for _, k := range good {
			want[k]++
		}
		wantInvalid += invalid
		g.Go(func() error { return d.run(addr, writes, len(good)) })
	}
	require.NoError(t, g.Wait())
	rec.waitForCount(t, isKind(Offline), dtus)

	got := make(map[readingKey]int)
	for _, e := range rec.all() {
		if e.Kind == Message {
			got[readingKey{e.Station, e.SL651.Serial, e.SL651.ObservedAt.Unix()}]++
		}
	}
	assert.Len(t, got, dtus*readings)
	for k := range want {
		assert.Equal(t, 1, got[k], "reading %+v: got %d copies, want 1", k, got[k])
	}
	require.Positive(t, wantInvalid)
	st := srv.Stats()
	assert.Equal(t, uint64(dtus*readings), st.Frames)
	assert.Equal(t, uint64(wantInvalid), st.Invalid)
	assert.Equal(t, uint64(dtus*readings), st.Confirms)
	assert.Equal(t, int64(dtus), st.Accepted)
	assert.Positive(t, st.Framer.BadChecksum)
	assert.Positive(t, st.Framer.Noise)
	assert.Equal(t, dtus, rec.count(isKind(Online)))
}
