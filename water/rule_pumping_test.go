package water_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

func TestDetectUnauthorised(t *testing.T) {
	card := water.Session{Well: "W-01", Kind: water.SessionCard, Card: "C-9",
		Start: at(t, "2024-06-01T08:10:00+08:00"), End: at(t, "2024-06-01T09:30:00+08:00")}
	tests := []struct {
		name      string
		intervals []water.Interval
		sessions  []water.Session
		usedUp    string
		want      []water.Rule
	}{
		{
			name:      "covered by card",
			intervals: []water.Interval{hourly(t, "2024-06-01T08:00:00+08:00", "20", "")},
			sessions:  []water.Session{card},
		},
		{
			name:      "no session",
			intervals: []water.Interval{hourly(t, "2024-06-01T08:00:00+08:00", "20", "")},
			want:      []water.Rule{water.RuleNoAuthorisation},
		},
		{
			name:      "below min energy",
			intervals: []water.Interval{hourly(t, "2024-06-01T08:00:00+08:00", "0.49", "")},
		},
		{
			name:      "at min energy",
			intervals: []water.Interval{hourly(t, "2024-06-01T08:00:00+08:00", "0.5", "")},
			want:      []water.Rule{water.RuleNoAuthorisation},
		},
		{
			name:      "energy not reported",
			intervals: []water.Interval{hourly(t, "2024-06-01T08:00:00+08:00", "", "30")},
		},
		{
			name: "session ended within grace",
			// The card closed at 09:30, widened by the grace to 09:35, excluded.
			intervals: []water.Interval{hourly(t, "2024-06-01T09:34:59+08:00", "20", "")},
			sessions:  []water.Session{card},
		},
		{
			name:      "session ended beyond grace",
			intervals: []water.Interval{hourly(t, "2024-06-01T09:35:00+08:00", "20", "")},
			sessions:  []water.Session{card},
			want:      []water.Rule{water.RuleNoAuthorisation},
		},
		{
			name: "open session",
			intervals: []water.Interval{
				hourly(t, "2024-06-01T10:00:00+08:00", "20", ""),
				hourly(t, "2024-06-01T11:00:00+08:00", "20", ""),
			},
			sessions: []water.Session{{Well: "W-01", Kind: water.SessionRemote,
				Start: at(t, "2024-06-01T10:00:00+08:00")}},
		},
		{
			name: "after quota used up",
			intervals: []water.Interval{
				hourly(t, "2024-06-01T08:00:00+08:00", "20", ""),
				hourly(t, "2024-06-01T09:00:00+08:00", "20", ""),
			},
			sessions: []water.Session{card},
			usedUp:   "2024-06-01T09:00:00+08:00",
			want:     []water.Rule{water.RuleQuotaUsedUp},
		},
		{
			name: "runs merge",
			intervals: []water.Interval{
				hourly(t, "2024-06-01T12:00:00+08:00", "20", ""),
				hourly(t, "2024-06-01T10:00:00+08:00", "20", ""),
				hourly(t, "2024-06-01T11:00:00+08:00", "20", ""),
			},
			want: []water.Rule{water.RuleNoAuthorisation},
		},
		{
			name: "idle hour splits runs",
			intervals: []water.Interval{
				hourly(t, "2024-06-01T10:00:00+08:00", "20", ""),
				hourly(t, "2024-06-01T11:00:00+08:00", "0", ""),
				hourly(t, "2024-06-01T12:00:00+08:00", "20", ""),
			},
			want: []water.Rule{water.RuleNoAuthorisation, water.RuleNoAuthorisation},
		},
	}
	now := at(t, "2024-06-02T00:00:00+08:00")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := water.PumpingInput{Well: "W-01", Intervals: tt.intervals, Sessions: tt.sessions}
			if tt.usedUp != "" {
				in.QuotaUsedUp = at(t, tt.usedUp)
			}

			alarms, err := water.DetectUnauthorised(in, now, water.Options{})
			require.NoError(t, err)

			var got []water.Rule
			for _, a := range alarms {
				got = append(got, a.Rule)
				assert.Equal(t, water.Critical, a.Severity)
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestDetectUnauthorisedEvidence(t *testing.T) {
	in := water.PumpingInput{Well: "W-01", Intervals: []water.Interval{
		hourly(t, "2024-06-01T10:00:00+08:00", "20", ""),
		hourly(t, "2024-06-01T11:00:00+08:00", "22.5", ""),
	}}

	alarms, err := water.DetectUnauthorised(in, time.Time{}, water.Options{})
	require.NoError(t, err)

	require.Len(t, alarms, 1)
	a := alarms[0]
	assert.Equal(t, at(t, "2024-06-01T10:00:00+08:00"), a.From)
	assert.Equal(t, at(t, "2024-06-01T12:00:00+08:00"), a.To)
	energy, _ := a.Value("energy")
	assertDecimal(t, "42.5", energy)
	assertDecimal(t, "0.5", a.Threshold.Value)
}

func TestDetectUnauthorisedPower(t *testing.T) {
	iv := hourly(t, "2024-06-01T10:00:00+08:00", "", "")
	iv.Power = dec("15")
	iv.Measured = water.MeasuredPower
	in := water.PumpingInput{Well: "W-01", Intervals: []water.Interval{iv}}

	alarms, err := water.DetectUnauthorised(in, time.Time{}, water.Options{})
	require.NoError(t, err)

	require.Len(t, alarms, 1)
	power, _ := alarms[0].Value("max_power")
	assertDecimal(t, "15", power)
}

func TestDetectUnauthorisedRejectsOtherWell(t *testing.T) {
	iv := hourly(t, "2024-06-01T10:00:00+08:00", "1", "")
	iv.Well = "W-02"

	_, err := water.DetectUnauthorised(water.PumpingInput{Well: "W-01", Intervals: []water.Interval{iv}},
		time.Time{}, water.Options{})
	assert.Error(t, err)
}

func TestUsedUpAt(t *testing.T) {
	p := testPlan(t, water.LimitRemoteStop)
	h, err := water.NewCoefficientHistory("W-01", []water.Coefficient{{Well: "W-01",
		Value: dec("2.5"), From: at(t, "2024-01-01T00:00:00+08:00")}})
	require.NoError(t, err)
	intervals := []water.Interval{
		hourly(t, "2024-06-01T10:00:00+08:00", "", "90"),
		hourly(t, "2024-06-01T11:00:00+08:00", "4", ""), // 10 m³ by electricity
		hourly(t, "2024-06-01T12:00:00+08:00", "", "5"),
	}
	tests := []struct {
		name   string
		before string
		want   string
	}{
		{"not used up", "11000", ""},
		{"used up exactly", "11900", "2024-06-01T12:00:00+08:00"},
		{"used up by converted kWh", "11901", "2024-06-01T12:00:00+08:00"},
		{"used up before", "12000", "2024-06-01T10:00:00+08:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := water.UsedUpAt(p, dec(tt.before), intervals, h)
			require.NoError(t, err)

			if tt.want == "" {
				assert.False(t, ok)
				return
			}
			assert.True(t, ok)
			assert.Equal(t, at(t, tt.want), got)
		})
	}
}

func TestUsedUpAtNeedsCoefficient(t *testing.T) {
	p := testPlan(t, water.LimitRemoteStop)
	intervals := []water.Interval{hourly(t, "2024-06-01T10:00:00+08:00", "4", "")}

	_, _, err := water.UsedUpAt(p, decimal.Decimal{}, intervals, nil)
	assert.ErrorIs(t, err, water.ErrNoCoefficient)
}
