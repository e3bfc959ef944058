package water_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

// testPlan is 12,000 m³ for 2024, 1,000 m³ a month, with the default warnings.
func testPlan(t *testing.T, action water.LimitAction) *water.Plan {
	t.Helper()
	var months [12]decimal.Decimal
	for i := range months {
		months[i] = dec("1000")
	}
	p, err := water.NewPlan("W-01", 2024, months)
	require.NoError(t, err)
	p.AtLimit = action
	return &p
}

func planUse(t *testing.T, year, month string) water.PlanUse {
	return water.PlanUse{
		Month:       time.June,
		YearStart:   at(t, "2024-01-01T00:00:00+08:00"),
		MonthStart:  at(t, "2024-06-01T00:00:00+08:00"),
		To:          at(t, "2024-06-15T00:00:00+08:00"),
		YearToDate:  dec(year),
		MonthToDate: dec(month),
	}
}

func TestDetectOverPlan(t *testing.T) {
	type want struct {
		rule     water.Rule
		level    string
		severity water.Severity
		action   water.LimitAction
	}
	tests := []struct {
		name   string
		year   string
		month  string
		action water.LimitAction
		want   []want
	}{
		{"below 80%", "9599.99", "799.99", water.LimitAlarm, nil},
		{"at 80%", "9600", "0", water.LimitAlarm, []want{{water.RuleOverPlan, "80", water.Warning, water.LimitAlarm}}},
		{"just below 90%", "10799.99", "0", water.LimitAlarm, []want{{water.RuleOverPlan, "80", water.Warning, water.LimitAlarm}}},
		{"at 90%", "10800", "0", water.LimitAlarm, []want{{water.RuleOverPlan, "90", water.Warning, water.LimitAlarm}}},
		{"just below 100%", "11999.999", "0", water.LimitRemoteStop, []want{{water.RuleOverPlan, "90", water.Warning, water.LimitAlarm}}},
		{"at 100% with stop", "12000", "0", water.LimitRemoteStop, []want{{water.RuleOverPlan, "100", water.Critical, water.LimitRemoteStop}}},
		{"over 100% alarm only", "15000", "0", water.LimitAlarm, []want{{water.RuleOverPlan, "100", water.Critical, water.LimitAlarm}}},
		{"month at 80%", "0", "800", water.LimitAlarm, []want{{water.RuleOverMonthlyPlan, "80", water.Warning, water.LimitAlarm}}},
		{"month at 100% never stops", "1000", "1000", water.LimitRemoteStop, []want{{water.RuleOverMonthlyPlan, "100", water.Critical, water.LimitAlarm}}},
		{"both", "11000", "950", water.LimitAlarm, []want{
			{water.RuleOverPlan, "90", water.Warning, water.LimitAlarm},
			{water.RuleOverMonthlyPlan, "90", water.Warning, water.LimitAlarm},
		}},
	}
	now := at(t, "2024-06-15T00:05:00+08:00")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := testPlan(t, tt.action)

			alarms, err := water.DetectOverPlan(p, planUse(t, tt.year, tt.month), now, water.Options{})
			require.NoError(t, err)

			require.Len(t, alarms, len(tt.want))
			for i, w := range tt.want {
				a := alarms[i]
				assert.Equal(t, w.rule, a.Rule)
				assertDecimal(t, w.level, a.Threshold.Value)
				assert.Equal(t, w.severity, a.Severity)
				assert.Equal(t, w.action, a.Action)
				assert.Equal(t, water.WellCode("W-01"), a.Well)
				assert.Equal(t, now, a.Raised)
			}
		})
	}
}

func TestDetectOverPlanEvidence(t *testing.T) {
	p := testPlan(t, water.LimitAlarm)
	use := planUse(t, "10000", "0")

	alarms, err := water.DetectOverPlan(p, use, use.To, water.Options{})
	require.NoError(t, err)

	require.Len(t, alarms, 1)
	a := alarms[0]
	assert.Equal(t, use.YearStart, a.From)
	assert.Equal(t, use.To, a.To)
	used, _ := a.Value("used")
	assertDecimal(t, "10000", used)
	planned, _ := a.Value("planned")
	assertDecimal(t, "12000", planned)
	percent, _ := a.Value("percent")
	assertDecimal(t, "83.33", percent)
	assert.Equal(t, water.Percent, a.Threshold.Unit)
}

func TestDetectOverPlanZeroMonth(t *testing.T) {
	var months [12]decimal.Decimal
	months[5] = dec("500")
	p, err := water.NewPlan("W-01", 2024, months)
	require.NoError(t, err)
	use := planUse(t, "1", "1")
	use.Month = time.July

	alarms, err := water.DetectOverPlan(&p, use, use.To, water.Options{})
	require.NoError(t, err)

	require.Len(t, alarms, 1)
	assert.Equal(t, water.RuleOverMonthlyPlan, alarms[0].Rule)
	assertDecimal(t, "100", alarms[0].Threshold.Value)
	_, hasPercent := alarms[0].Value("percent")
	assert.False(t, hasPercent, "a percentage of a 0 m³ plan is undefined")
}

func TestDetectOverPlanOwnWarnings(t *testing.T) {
	p := testPlan(t, water.LimitAlarm)
	p.Warnings = []decimal.Decimal{dec("50")}

	alarms, err := water.DetectOverPlan(p, planUse(t, "6000", "0"), time.Time{}, water.Options{})
	require.NoError(t, err)

	require.Len(t, alarms, 1)
	assertDecimal(t, "50", alarms[0].Threshold.Value)
}

func TestDetectOverPlanRejectsBadInput(t *testing.T) {
	p := testPlan(t, water.LimitAlarm)
	bad := planUse(t, "-1", "0")

	_, err := water.DetectOverPlan(p, bad, time.Time{}, water.Options{})
	assert.Error(t, err)
	_, err = water.DetectOverPlan(p, planUse(t, "1", "0"), time.Time{},
		water.Options{Warnings: []decimal.Decimal{dec("90"), dec("80")}})
	assert.Error(t, err)
}
