package water_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

// testPump lifts through 60 m at 60% wire-to-water efficiency, so Tc ≤ 367.1 × 0.6 / 60
// = 3.671 m³/kWh.
var testPump = water.Pump{Power: dec("30"), Head: dec("60"), Efficiency: dec("0.6")}

func run(t *testing.T, start string, minutes int, m3, kwh string) water.Run {
	s := at(t, start)
	return water.Run{Start: s, End: s.Add(time.Duration(minutes) * time.Minute), Water: dec(m3), Energy: dec(kwh)}
}

func TestCalibrateRatioOfSums(t *testing.T) {
	runs := []water.Run{
		run(t, "2024-04-01T08:00:00+08:00", 120, "150", "60"), // 2.5 m³/kWh
		run(t, "2024-04-02T08:00:00+08:00", 10, "9", "3"),     // 3.0 m³/kWh
	}

	cal, err := water.Calibrate("W-01", testPump, runs)
	require.NoError(t, err)

	assertDecimal(t, "2.5238", cal.Value, "159 m³ / 63 kWh, where the mean of ratios would be 2.75")
	assertDecimal(t, "159", cal.Water)
	assertDecimal(t, "63", cal.Energy)
	assert.Equal(t, 2, cal.Runs)
	assertDecimal(t, "3.671", cal.Bound)
	assert.Equal(t, runs[0].Start, cal.Start)
	assert.Equal(t, runs[1].End, cal.End)
}

func TestCalibrateBound(t *testing.T) {
	tests := []struct {
		name    string
		pump    water.Pump
		m3, kwh string
		wantErr bool
	}{
		{"at the bound", testPump, "367.1", "100", false},
		{"just over the bound", testPump, "367.11", "100", true},
		{"unknown efficiency taken as 1", water.Pump{Head: dec("60")}, "611.83", "100", false},
		{"over the 100% bound", water.Pump{Head: dec("60")}, "611.84", "100", true},
		{"shallow well", water.Pump{Head: dec("12"), Efficiency: dec("0.55")}, "1682", "100", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := []water.Run{run(t, "2024-04-01T08:00:00+08:00", 60, tt.m3, tt.kwh)}

			_, err := water.Calibrate("W-01", tt.pump, runs)

			if !tt.wantErr {
				assert.NoError(t, err)
				return
			}
			var be *water.BoundError
			require.ErrorAs(t, err, &be)
			assert.Equal(t, water.WellCode("W-01"), be.Well)
			assert.Contains(t, err.Error(), be.Coefficient.String())
			assert.Contains(t, err.Error(), be.Bound.String())
		})
	}
}

func TestCalibrateBoundNamesRun(t *testing.T) {
	runs := []water.Run{
		run(t, "2024-04-01T08:00:00+08:00", 60, "100", "50"),
		run(t, "2024-04-02T08:00:00+08:00", 60, "400", "50"), // 8 m³/kWh
	}

	_, err := water.Calibrate("W-01", testPump, runs)

	var be *water.BoundError
	require.ErrorAs(t, err, &be)
	assert.Equal(t, 1, be.Run)
	assertDecimal(t, "8", be.Coefficient)
	assertDecimal(t, "3.671", be.Bound)
	assert.Equal(t, "water: calibration of well W-01: run 1: 8 m³/kWh exceeds the physical bound "+
		"3.671 m³/kWh (367.1 × η 0.6 / H 60 m), check the meters and the head", err.Error())
}

func TestCalibrateRejects(t *testing.T) {
	good := run(t, "2024-04-01T08:00:00+08:00", 60, "100", "50")
	tests := []struct {
		name string
		pump water.Pump
		runs []water.Run
	}{
		{"no runs", testPump, nil},
		{"unknown head", water.Pump{Efficiency: dec("0.6")}, []water.Run{good}},
		{"no energy", testPump, []water.Run{run(t, "2024-04-01T08:00:00+08:00", 60, "100", "0")}},
		{"no water", testPump, []water.Run{run(t, "2024-04-01T08:00:00+08:00", 60, "0", "10")}},
		{"ends before start", testPump, []water.Run{run(t, "2024-04-01T08:00:00+08:00", -60, "100", "50")}},
		{"overlapping runs", testPump, []water.Run{good, run(t, "2024-04-01T08:59:00+08:00", 60, "100", "50")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := water.Calibrate("W-01", tt.pump, tt.runs)
			require.Error(t, err)
			var be *water.BoundError
			assert.False(t, errors.As(err, &be))
		})
	}
}

func TestMaxCoefficient(t *testing.T) {
	tests := []struct {
		eta, head, want string
	}{
		{"0.6", "60", "3.671"},
		{"1", "367.1", "1"},
		{"0.7", "30", "8.565666"},
		{"0", "100", "3.671"},
	}
	for _, tt := range tests {
		t.Run(tt.eta+"/"+tt.head, func(t *testing.T) {
			got, err := water.MaxCoefficient(dec(tt.eta), dec(tt.head))
			require.NoError(t, err)
			assertDecimal(t, tt.want, got)
		})
	}
	_, err := water.MaxCoefficient(dec("0.5"), dec("0"))
	assert.Error(t, err, "head 0")
	_, err = water.MaxCoefficient(dec("1.2"), dec("10"))
	assert.Error(t, err, "efficiency above 1")
}

func TestCalibrationCoefficient(t *testing.T) {
	runs := []water.Run{run(t, "2024-04-01T08:00:00+08:00", 60, "100", "40")}
	cal, err := water.Calibrate("W-01", testPump, runs)
	require.NoError(t, err)
	from := at(t, "2024-04-02T00:00:00+08:00")

	c := cal.Coefficient(from, water.ReasonInitial)

	assert.NoError(t, c.Validate())
	assertDecimal(t, "2.5", c.Value)
	assert.Equal(t, from, c.From)
	assert.True(t, c.To.IsZero())
	assert.Equal(t, 1, c.Runs)
	assertDecimal(t, "60", c.Head)
}

func TestCoefficientValidateBound(t *testing.T) {
	c := water.Coefficient{Well: "W-01", Value: dec("4"), From: at(t, "2024-01-01T00:00:00Z"),
		Head: dec("60"), Efficiency: dec("0.6")}

	err := c.Validate()

	var be *water.BoundError
	assert.ErrorAs(t, err, &be)
}
