package water_test

import (
	"encoding"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

func TestParseLadder(t *testing.T) {
	l := mustLadder(t, overPlan)

	require.Len(t, l.Bands, 5)
	assert.Equal(t, water.Excess, l.Mode)
	first, second, last := l.Bands[0], l.Bands[1], l.Bands[4]
	assert.True(t, first.Lower.Included)
	assert.True(t, first.Upper.Included, "105% 以内 includes 105")
	assertDecimal(t, "105", first.Upper.Percent)
	assert.False(t, second.Lower.Included, "超过 105% excludes 105")
	assertDecimal(t, "1", second.Surcharge)
	assert.True(t, last.Unbounded)
	assertDecimal(t, "5", last.Surcharge)
}

func TestParseLadderMultiples(t *testing.T) {
	l := mustLadder(t, overQuota)

	require.Len(t, l.Bands, 3)
	assertDecimal(t, "0", l.Bands[0].Surcharge, "×1 is no surcharge")
	assertDecimal(t, "0.5", l.Bands[1].Surcharge, "×1.5 is +0.5")
	assertDecimal(t, "1", l.Bands[2].Surcharge, "×2 is +1")
	assert.Equal(t, "[0%,100%] +0; (100%,120%] +0.5; (120%,inf) +1", l.String())
}

func TestParseLadderForms(t *testing.T) {
	tests := []struct {
		name string
		text string
		want string
	}{
		{"lines and comments", "# 超计划累进加价\n[0,105] +0  # tolerated\n(105, 110] +1×\n(110,∞) ×3\n",
			"[0%,105%] +0; (105%,110%] +1; (110%,inf) +2"},
		{"whole mode", "whole: [0,100] +0; (100,inf) +1", "whole: [0%,100%] +0; (100%,inf) +1"},
		{"excess mode named", "excess:[0,100]+0;(100,inf)+1", "[0%,100%] +0; (100%,inf) +1"},
		{"exclusive upper", "[0,110) +0; [110,inf) x2", "[0%,110%) +0; [110%,inf) +1"},
		{"decimal edges", "[0,100.5] +0; (100.5,inf) +0.25", "[0%,100.5%] +0; (100.5%,inf) +0.25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := water.ParseLadder(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, l.String())
		})
	}
}

func TestParseLadderRejects(t *testing.T) {
	tests := []struct {
		name string
		text string
	}{
		{"empty", ""},
		{"not from 0", "[5,100] +0; (100,inf) +1"},
		{"first edge excluded", "(0,100] +0; (100,inf) +1"},
		{"gap", "[0,100] +0; (105,inf) +1"},
		{"edge in both bands", "[0,100] +0; [100,inf) +1"},
		{"edge in neither band", "[0,100) +0; (100,inf) +1"},
		{"no unbounded band", "[0,100] +0; (100,200] +1"},
		{"unbounded in the middle", "[0,inf) +0; (100,inf) +1"},
		{"decreasing surcharge", "[0,100] +1; (100,inf) +0"},
		{"multiple below 1", "[0,100] x0.5; (100,inf) x2"},
		{"empty band", "[0,100] +0; (100,100] +1; (100,inf) +2"},
		{"no surcharge", "[0,100]; (100,inf) +1"},
		{"inf closed", "[0,100] +0; (100,inf] +1"},
		{"bad number", "[0,1e3] +0; (1e3,inf) +1"},
		{"too many digits", "[0,1234567890] +0; (1234567890,inf) +1"},
		{"trailing text", "[0,100] +0 extra; (100,inf) +1"},
		{"unknown mode", "steep: [0,100] +0; (100,inf) +1"},
		{"negative", "[0,100] +0; (100,inf) +-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := water.ParseLadder(tt.text)
			assert.Error(t, err)
		})
	}
}

func TestLadderTextRoundTrip(t *testing.T) {
	var _ encoding.TextMarshaler = water.Ladder{}
	var _ encoding.TextUnmarshaler = (*water.Ladder)(nil)
	l := mustLadder(t, "whole: "+overPlan)

	text, err := l.MarshalText()
	require.NoError(t, err)
	back := water.Ladder{Name: "乌苏市"}
	require.NoError(t, back.UnmarshalText(text))

	assert.Equal(t, l.String(), back.String())
	assert.Equal(t, "乌苏市", back.Name)
}

func TestEdgeWords(t *testing.T) {
	p := dec("110")

	assert.True(t, water.AtLeast(p).Included, "以上 includes the number")
	assert.True(t, water.AtMost(p).Included, "以下 and 以内 include the number")
	assert.False(t, water.Over(p).Included, "超过 excludes the number")
	assert.False(t, water.Below(p).Included, "不满 excludes the number")
}

func TestNewLadderFromWords(t *testing.T) {
	zero, hundred := decimal.Zero, dec("100")
	l, err := water.NewLadder(water.Excess,
		water.Band{Lower: water.AtLeast(zero), Upper: water.Below(hundred)},
		water.Band{Lower: water.AtLeast(hundred), Unbounded: true, Surcharge: dec("1")},
	)
	require.NoError(t, err)

	band, err := l.BandOf(dec("1000"), dec("1000"))
	require.NoError(t, err)
	assert.Equal(t, 1, band, "100% 以上 includes exactly the plan")
}
