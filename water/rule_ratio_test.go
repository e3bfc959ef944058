package water_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

// tcHistory is a history of well W-01 with Tc = 2.5 m³/kWh from 2024.
func tcHistory(t *testing.T) *water.CoefficientHistory {
	t.Helper()
	h, err := water.NewCoefficientHistory("W-01", []water.Coefficient{{Well: "W-01",
		Value: dec("2.5"), From: at(t, "2024-01-01T00:00:00+08:00")}})
	require.NoError(t, err)
	return h
}

func TestDetectMismatch(t *testing.T) {
	const hour = "2024-06-01T10:00:00+08:00"
	tests := []struct {
		name    string
		kwh, m3 string
		noTc    bool
		want    water.Rule
	}{
		{"on coefficient", "20", "50", false, water.RuleUnknown},
		{"at low band edge", "20", "40", false, water.RuleUnknown},
		{"below low band edge", "20", "39.99", false, water.RuleRatioOutOfBand},
		{"at high band edge", "20", "60", false, water.RuleUnknown},
		{"above high band edge", "20", "60.01", false, water.RuleRatioOutOfBand},
		{"below ratio min energy", "4.99", "1", false, water.RuleUnknown},
		{"no water", "20", "2.5", false, water.RuleFlowMeterBypass},
		{"just some water", "20", "2.51", false, water.RuleRatioOutOfBand},
		{"no water without tc", "20", "0.99", true, water.RuleFlowMeterBypass},
		{"some water without tc", "20", "1", true, water.RuleUnknown},
		{"no energy", "1", "50", false, water.RuleElectricityBypass},
		{"just some energy", "1.01", "50", false, water.RuleUnknown},
		{"too little water for bypass", "0", "12.49", false, water.RuleUnknown},
		{"least water for bypass", "0", "12.5", false, water.RuleElectricityBypass},
		{"no energy without tc", "0.49", "1", true, water.RuleElectricityBypass},
		{"min energy without tc", "0.5", "1", true, water.RuleUnknown},
		{"ratio without tc", "20", "500", true, water.RuleUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tcHistory(t)
			if tt.noTc {
				h = nil
			}
			iv := hourly(t, hour, tt.kwh, tt.m3)

			alarms, err := water.DetectMismatch("W-01", []water.Interval{iv}, h, time.Time{}, water.Options{})
			require.NoError(t, err)

			if tt.want == water.RuleUnknown {
				assert.Empty(t, alarms)
				return
			}
			require.Len(t, alarms, 1)
			assert.Equal(t, tt.want, alarms[0].Rule)
		})
	}
}

func TestDetectMismatchNeedsBothMeters(t *testing.T) {
	intervals := []water.Interval{
		hourly(t, "2024-06-01T10:00:00+08:00", "20", ""),
		hourly(t, "2024-06-01T11:00:00+08:00", "", "50"),
	}

	alarms, err := water.DetectMismatch("W-01", intervals, tcHistory(t), time.Time{}, water.Options{})
	require.NoError(t, err)
	assert.Empty(t, alarms)
}

func TestDetectMismatchRatioEvidence(t *testing.T) {
	intervals := []water.Interval{
		hourly(t, "2024-06-01T10:00:00+08:00", "20", "30"),
		hourly(t, "2024-06-01T11:00:00+08:00", "10", "15"),
	}

	alarms, err := water.DetectMismatch("W-01", intervals, tcHistory(t), time.Time{}, water.Options{})
	require.NoError(t, err)

	require.Len(t, alarms, 1)
	a := alarms[0]
	assert.Equal(t, water.Warning, a.Severity)
	ratio, _ := a.Value("ratio")
	assertDecimal(t, "1.5", ratio, "45 m³ / 30 kWh")
	assert.Equal(t, "band_low", a.Threshold.Name)
	assertDecimal(t, "2", a.Threshold.Value)
	assert.Equal(t, at(t, "2024-06-01T12:00:00+08:00"), a.To)
}

func TestDetectMismatchOwnBand(t *testing.T) {
	iv := hourly(t, "2024-06-01T10:00:00+08:00", "20", "39")
	opts := water.Options{RatioBand: dec("0.25")}

	alarms, err := water.DetectMismatch("W-01", []water.Interval{iv}, tcHistory(t), time.Time{}, opts)
	require.NoError(t, err)
	assert.Empty(t, alarms, "39 m³ is inside 2.5 × 0.75 × 20 = 37.5")
}

func TestDetectMismatchBypassEvidence(t *testing.T) {
	iv := hourly(t, "2024-06-01T10:00:00+08:00", "30", "0")

	alarms, err := water.DetectMismatch("W-01", []water.Interval{iv}, tcHistory(t), time.Time{}, water.Options{})
	require.NoError(t, err)

	require.Len(t, alarms, 1)
	a := alarms[0]
	assert.Equal(t, water.Critical, a.Severity)
	energy, _ := a.Value("energy")
	assertDecimal(t, "30", energy)
	tc, _ := a.Value("coefficient")
	assertDecimal(t, "2.5", tc)
}
