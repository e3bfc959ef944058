package water_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

// overPlan is the first ladder: up to 5% over plan tolerated, 5–10% over +1×,
// 10–20% +2×, 20–30% +3×, over 30% +5×. Each upper edge is included (以内) and each
// lower edge after the first excluded (超过).
const overPlan = "[0%,105%] +0; (105%,110%] +1; (110%,120%] +2; (120%,130%] +3; (130%,inf) +5"

// overQuota is the second ladder: within the quota ×1, 100–120% ×1.5, over 120% ×2.
const overQuota = "[0,100] x1; (100,120] x1.5; (120,inf) x2"

func mustLadder(t *testing.T, text string) water.Ladder {
	t.Helper()
	l, err := water.ParseLadder(text)
	require.NoError(t, err)
	return l
}

// TestChargeWorkedCase checks plan 10,000 m³, use 13,000 m³ at 0.20 yuan/m³ on the
// first ladder. Read as 超额累进 with "+k×" meaning k extra multiples of the base rate:
//
//	10,500 m³ within 5% over plan  × 0.20 = 2,100
//	   500 m³ from 105% to 110%    × 0.40 =   200
//	 1,000 m³ from 110% to 120%    × 0.60 =   600
//	 1,000 m³ from 120% to 130%    × 0.80 =   800
//	                                 total  3,700
//
// which is the base 13,000 × 0.20 = 2,600 plus surcharges 100 + 400 + 600 = 1,100.
// Reading "+1×" as a total of 1× the base rate would give 3,200, and charging the whole
// 3,000 m³ over plan at the 20–30% band's +3× would give 4,400.
func TestChargeWorkedCase(t *testing.T) {
	l := mustLadder(t, overPlan)

	ch, err := l.Charge(dec("10000"), dec("13000"), dec("0.20"))
	require.NoError(t, err)

	assertDecimal(t, "3700", ch.Total)
	assertDecimal(t, "2600", ch.Base)
	assertDecimal(t, "1100", ch.Surcharge)
	require.Len(t, ch.Lines, 4)
	wantVolumes := []string{"10500", "500", "1000", "1000"}
	wantAmounts := []string{"2100", "200", "600", "800"}
	for i, line := range ch.Lines {
		assert.Equal(t, i, line.Band, "line %d band", i)
		assertDecimal(t, wantVolumes[i], line.Volume, "line", i, "volume")
		assertDecimal(t, wantAmounts[i], line.Amount, "line", i, "amount")
	}
	assert.Equal(t, 3, ch.Band, "13,000 m³ is 130% of plan, in the band up to 130% included")
}

func TestChargeWholeWorkedCase(t *testing.T) {
	l := mustLadder(t, "whole: "+overPlan)

	ch, err := l.Charge(dec("10000"), dec("13000"), dec("0.20"))
	require.NoError(t, err)

	assertDecimal(t, "4400", ch.Total)
	assert.Equal(t, 3, ch.Band)
}

func TestChargeEdges(t *testing.T) {
	tests := []struct {
		name     string
		ladder   string
		used     string
		wantBand int
		want     string
	}{
		{"under plan", overPlan, "8000", 0, "1600"},
		{"at plan", overPlan, "10000", 0, "2000"},
		{"at 105% included below", overPlan, "10500", 0, "2100"},
		{"just over 105%", overPlan, "10500.01", 1, "2100"},
		{"at 110% included below", overPlan, "11000", 1, "2300"},
		{"at 130% included below", overPlan, "13000", 3, "3700"},
		{"just over 130%", overPlan, "13000.01", 4, "3700.01"},
		{"far over", overPlan, "15000", 4, "6100"},
		{"quota at 100%", overQuota, "10000", 0, "2000"},
		{"quota just over 100%", overQuota, "10000.5", 1, "2000.15"},
		{"quota at 120%", overQuota, "12000", 1, "2600"},
		{"quota over 120%", overQuota, "13000", 2, "3000"},
		{"whole at 130%", "whole: " + overPlan, "13000", 3, "4400"},
		{"whole just over 130%", "whole: " + overPlan, "13000.01", 4, "5600.01"},
		{"whole at 105%", "whole: " + overPlan, "10500", 0, "2100"},
		{"whole just over 105%", "whole: " + overPlan, "10500.01", 1, "2200"},
		{"whole quota at 120%", "whole: " + overQuota, "12000", 1, "2600"},
		{"whole quota over 120%", "whole: " + overQuota, "12500", 2, "3000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := mustLadder(t, tt.ladder)

			ch, err := l.Charge(dec("10000"), dec(tt.used), dec("0.20"))
			require.NoError(t, err)

			assert.Equal(t, tt.wantBand, ch.Band)
			assertDecimal(t, tt.want, ch.Total)
		})
	}
}

func TestBandOfExclusiveUpperEdge(t *testing.T) {
	// 不满 110% excludes 110, so 110% itself is in the next band, which includes it (以上).
	l := mustLadder(t, "[0,110) +0; [110,inf) +1")

	tests := []struct {
		used string
		want int
	}{{"10999.99", 0}, {"11000", 1}, {"11000.01", 1}}
	for _, tt := range tests {
		t.Run(tt.used, func(t *testing.T) {
			got, err := l.BandOf(dec("10000"), dec(tt.used))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestChargeZeroPlan(t *testing.T) {
	l := mustLadder(t, overPlan)

	ch, err := l.Charge(dec("0"), dec("100"), dec("0.20"))
	require.NoError(t, err)

	assert.Equal(t, 4, ch.Band)
	assertDecimal(t, "120", ch.Total, "100 m³ at 6 × 0.20")
}

func TestChargeRoundsEachLine(t *testing.T) {
	l := mustLadder(t, overQuota)

	ch, err := l.Charge(dec("1000"), dec("1000.333"), dec("0.123"))
	require.NoError(t, err)

	require.Len(t, ch.Lines, 2)
	assertDecimal(t, "123", ch.Lines[0].Amount)
	assertDecimal(t, "0.06", ch.Lines[1].Amount, "0.333 m³ × 0.1845 = 0.0614")
	assertDecimal(t, "123.06", ch.Total)
	assertDecimal(t, "123.04", ch.Base, "1000.333 × 0.123 = 123.040959")
}

func TestChargeRejectsNegative(t *testing.T) {
	l := mustLadder(t, overPlan)

	_, err := l.Charge(dec("-1"), dec("10"), dec("0.2"))
	assert.Error(t, err)
	_, err = l.Charge(dec("1"), dec("-10"), dec("0.2"))
	assert.Error(t, err)
	_, err = l.Charge(dec("1"), dec("10"), dec("-0.2"))
	assert.Error(t, err)
}
