package water_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

func TestPlanMonthlyMustSum(t *testing.T) {
	p := testPlan(t, water.LimitAlarm)
	p.Annual = dec("12000.01")

	err := p.Validate()

	assert.Equal(t, []string{"Monthly"}, fieldsOf(err))
	assert.ErrorContains(t, err, "want the months to sum to the annual 12000.01 m³")
}

func TestPlanMonths(t *testing.T) {
	p := testPlan(t, water.LimitAlarm)

	assertDecimal(t, "1000", p.Month(time.March))
	assertDecimal(t, "3000", p.ThroughMonth(time.March))
	assertDecimal(t, "12000", p.ThroughMonth(time.December))
	assertDecimal(t, "0", p.Month(13))
}

func TestPlanShares(t *testing.T) {
	p := testPlan(t, water.LimitAlarm)
	p.Shares = []water.Share{
		{Household: "654202101001010001", Area: dec("12.5"), PerMu: dec("400")},
		{Household: "654202101001010002", Area: dec("8"), PerMu: dec("400")},
	}
	require.NoError(t, p.Validate())

	assertDecimal(t, "5000", p.Shares[0].Volume(), "400 m³/mu × 12.5 mu")
	assertDecimal(t, "8200", p.SharesTotal())
	s, ok := p.Share(land.ContractorCode("654202101001010002"))
	assert.True(t, ok)
	assertDecimal(t, "3200", s.Volume())

	p.Shares[1].Area = dec("20")
	assert.Equal(t, []string{"Shares"}, fieldsOf(p.Validate()), "13,000 m³ of shares exceed 12,000 m³")
	p.Shares[1] = p.Shares[0]
	assert.Contains(t, fieldsOf(p.Validate()), "Shares[1].Household")
}

func TestPlanWarningsValidate(t *testing.T) {
	tests := []struct {
		name     string
		warnings []string
		ok       bool
	}{
		{"default", nil, true},
		{"80 and 90", []string{"80", "90"}, true},
		{"not increasing", []string{"90", "80"}, false},
		{"repeated", []string{"80", "80"}, false},
		{"100", []string{"100"}, false},
		{"0", []string{"0"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPlan(t, water.LimitAlarm)
			for _, w := range tt.warnings {
				p.Warnings = append(p.Warnings, dec(w))
			}

			err := p.Validate()

			if tt.ok {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}

func TestSplitAnnual(t *testing.T) {
	// An irrigation season from April to September, heaviest in June and July.
	weights := [12]int64{0, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0, 0}

	months, err := water.SplitAnnual(dec("10000"), weights, 0)
	require.NoError(t, err)

	want := []string{"0", "0", "0", "833", "1667", "2500", "2500", "1667", "833", "0", "0", "0"}
	var sum decimal.Decimal
	for i, m := range months {
		assertDecimal(t, want[i], m, "month", i+1)
		sum = sum.Add(m)
	}
	assertDecimal(t, "10000", sum)
	_, err = water.NewPlan("W-01", 2024, months)
	assert.NoError(t, err)
}

func TestSplitAnnualTies(t *testing.T) {
	var weights [12]int64
	for i := range weights {
		weights[i] = 1
	}

	months, err := water.SplitAnnual(dec("0.05"), weights, 2)
	require.NoError(t, err)

	for i, m := range months {
		want := "0"
		if i < 5 {
			want = "0.01"
		}
		assertDecimal(t, want, m, "month", i+1)
	}
}

func TestSplitAnnualRejects(t *testing.T) {
	ones := [12]int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}
	tests := []struct {
		name    string
		annual  string
		weights [12]int64
		places  int32
	}{
		{"too many places", "100.5", ones, 0},
		{"negative", "-1", ones, 0},
		{"no weights", "100", [12]int64{}, 0},
		{"negative weight", "100", [12]int64{-1, 2}, 0},
		{"places out of range", "100", ones, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := water.SplitAnnual(dec(tt.annual), tt.weights, tt.places)
			assert.Error(t, err)
		})
	}
}
