package clean

import (
	"math"
	"math/rand/v2"
	"testing"

	sf "github.com/peterstace/simplefeatures/geom"
	"github.com/stretchr/testify/assert"
)

func TestMeetingPairsMatchesDoubleLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	envelopes := make([]sf.Envelope, 300)
	for i := range envelopes {
		x, y := rng.Float64()*100, rng.Float64()*100
		envelopes[i] = sf.NewEnvelope(sf.XY{X: x, Y: y}, sf.XY{X: x + rng.Float64()*8, Y: y + rng.Float64()*8})
	}
	envelopes[7] = sf.Envelope{}
	envelopes[9] = sf.NewEnvelope(sf.XY{X: 50, Y: 50}, sf.XY{X: 50, Y: 50})
	envelopes[11] = envelopes[12]

	var want [][2]int
	for i := range envelopes {
		for j := i + 1; j < len(envelopes); j++ {
			if envelopes[i].Intersects(envelopes[j]) {
				want = append(want, [2]int{i, j})
			}
		}
	}
	assert.Equal(t, want, meetingPairs(envelopes))
}

func TestMeetingPairsSkipsNaN(t *testing.T) {
	envelopes := []sf.Envelope{
		sf.NewEnvelope(sf.XY{X: 0, Y: 0}, sf.XY{X: 2, Y: 2}),
		sf.NewEnvelope(sf.XY{X: math.NaN(), Y: 0}, sf.XY{X: 1, Y: 1}),
		sf.NewEnvelope(sf.XY{X: 1, Y: 1}, sf.XY{X: 3, Y: 3}),
	}
	assert.Equal(t, [][2]int{{0, 2}}, meetingPairs(envelopes))
}
