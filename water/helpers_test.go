package water_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

// dec parses a decimal literal of a test table.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// assertDecimal checks that got equals want numerically, ignoring trailing zeros.
func assertDecimal(t *testing.T, want string, got decimal.Decimal, msgAndArgs ...any) {
	t.Helper()
	assert.Truef(t, dec(want).Equal(got), "got %s, want %s %v", got, want, msgAndArgs)
}

// at parses an RFC 3339 time of a test table.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v
}

// hourly returns the interval of well W-01 for the hour starting at start, with the
// energy and water given. An empty string leaves the quantity unreported.
func hourly(t testing.TB, start, kwh, m3 string) water.Interval {
	t.Helper()
	s := at(t, start)
	iv := water.Interval{Well: "W-01", Start: s, End: s.Add(time.Hour)}
	if kwh != "" {
		iv.Energy = dec(kwh)
		iv.Measured |= water.MeasuredEnergy
	}
	if m3 != "" {
		iv.Water = dec(m3)
		iv.Measured |= water.MeasuredWater
	}
	return iv
}
