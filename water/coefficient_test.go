package water_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/water"
)

func coef(t *testing.T, value, from, to string) water.Coefficient {
	c := water.Coefficient{Well: "W-01", Value: dec(value), From: at(t, from)}
	if to != "" {
		c.To = at(t, to)
	}
	return c
}

func TestCoefficientHistoryAt(t *testing.T) {
	h, err := water.NewCoefficientHistory("W-01", []water.Coefficient{
		coef(t, "2.7", "2024-05-01T00:00:00Z", ""),
		coef(t, "2.5", "2023-01-01T00:00:00Z", "2024-03-01T00:00:00Z"),
	})
	require.NoError(t, err)
	tests := []struct {
		name string
		when string
		want string
	}{
		{"before the first", "2022-12-31T23:59:59Z", ""},
		{"at the first start", "2023-01-01T00:00:00Z", "2.5"},
		{"inside the first", "2023-07-01T00:00:00Z", "2.5"},
		{"at the first end", "2024-03-01T00:00:00Z", ""},
		{"in the gap", "2024-04-30T23:59:59Z", ""},
		{"at the second start", "2024-05-01T00:00:00Z", "2.7"},
		{"open end", "2030-01-01T00:00:00Z", "2.7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := h.At(at(t, tt.when))

			if tt.want == "" {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assertDecimal(t, tt.want, c.Value)
		})
	}
}

func TestCoefficientHistoryRejectsOverlap(t *testing.T) {
	tests := []struct {
		name  string
		coefs []water.Coefficient
	}{
		{"two open", []water.Coefficient{
			coef(t, "2.5", "2023-01-01T00:00:00Z", ""),
			coef(t, "2.7", "2024-01-01T00:00:00Z", ""),
		}},
		{"shared instant", []water.Coefficient{
			coef(t, "2.5", "2023-01-01T00:00:00Z", "2024-01-01T00:00:01Z"),
			coef(t, "2.7", "2024-01-01T00:00:00Z", ""),
		}},
		{"same start", []water.Coefficient{
			coef(t, "2.5", "2023-01-01T00:00:00Z", "2023-06-01T00:00:00Z"),
			coef(t, "2.7", "2023-01-01T00:00:00Z", "2023-02-01T00:00:00Z"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := water.NewCoefficientHistory("W-01", tt.coefs)
			assert.ErrorIs(t, err, water.ErrOverlap)
		})
	}
}

func TestCoefficientHistoryTouchingIsNoOverlap(t *testing.T) {
	_, err := water.NewCoefficientHistory("W-01", []water.Coefficient{
		coef(t, "2.5", "2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
		coef(t, "2.7", "2024-01-01T00:00:00Z", ""),
	})
	assert.NoError(t, err)
}

func TestCoefficientHistoryRejectsOtherWell(t *testing.T) {
	c := coef(t, "2.5", "2023-01-01T00:00:00Z", "")
	c.Well = "W-02"

	_, err := water.NewCoefficientHistory("W-01", []water.Coefficient{c})
	assert.Error(t, err)
}

func TestCoefficientHistoryStart(t *testing.T) {
	h, err := water.NewCoefficientHistory("W-01", []water.Coefficient{
		coef(t, "2.5", "2023-01-01T00:00:00Z", ""),
	})
	require.NoError(t, err)
	pumpChange := coef(t, "3.1", "2024-04-10T06:00:00Z", "")
	pumpChange.Reason = water.ReasonPumpChanged

	require.NoError(t, h.Start(pumpChange))

	coefs := h.Coefficients()
	require.Len(t, coefs, 2)
	assert.Equal(t, pumpChange.From, coefs[0].To, "the old coefficient ends where the new one starts")
	before, _ := h.At(at(t, "2024-04-10T05:59:59Z"))
	assertDecimal(t, "2.5", before.Value)
	after, _ := h.At(at(t, "2024-04-10T06:00:00Z"))
	assertDecimal(t, "3.1", after.Value)
	assert.Equal(t, water.ReasonPumpChanged, after.Reason)
}

func TestCoefficientHistoryStartRejects(t *testing.T) {
	h, err := water.NewCoefficientHistory("W-01", []water.Coefficient{
		coef(t, "2.5", "2023-01-01T00:00:00Z", "2023-06-01T00:00:00Z"),
		coef(t, "2.6", "2024-01-01T00:00:00Z", ""),
	})
	require.NoError(t, err)
	tests := []struct {
		name string
		c    water.Coefficient
	}{
		{"same start as the open one", coef(t, "2.7", "2024-01-01T00:00:00Z", "")},
		{"inside a closed one", coef(t, "2.7", "2023-03-01T00:00:00Z", "2023-04-01T00:00:00Z")},
		{"gap with open end", coef(t, "2.7", "2023-07-01T00:00:00Z", "")},
		{"gap running into the next", coef(t, "2.7", "2023-07-01T00:00:00Z", "2024-01-01T00:00:01Z")},
		{"zero value", coef(t, "0", "2025-01-01T00:00:00Z", "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := h.Start(tt.c)

			assert.Error(t, err)
			assert.Len(t, h.Coefficients(), 2, "history unchanged")
			last := h.Coefficients()[1]
			assert.True(t, last.To.IsZero(), "open coefficient stays open")
		})
	}
}

func TestCoefficientHistoryStartFillsGap(t *testing.T) {
	h, err := water.NewCoefficientHistory("W-01", []water.Coefficient{
		coef(t, "2.5", "2023-01-01T00:00:00Z", "2023-06-01T00:00:00Z"),
		coef(t, "2.6", "2024-01-01T00:00:00Z", ""),
	})
	require.NoError(t, err)

	require.NoError(t, h.Start(coef(t, "2.55", "2023-06-01T00:00:00Z", "2024-01-01T00:00:00Z")))

	c, ok := h.At(at(t, "2023-09-01T00:00:00Z"))
	require.True(t, ok)
	assertDecimal(t, "2.55", c.Value)
}

func TestCoefficientHistoryWater(t *testing.T) {
	h := tcHistory(t)

	got, err := h.Water(at(t, "2024-06-01T00:00:00Z"), dec("12.34"))
	require.NoError(t, err)
	assertDecimal(t, "30.85", got, "Q = Tc × ΔkWh = 2.5 × 12.34")

	_, err = h.Water(at(t, "2023-06-01T00:00:00Z"), dec("1"))
	assert.ErrorIs(t, err, water.ErrNoCoefficient)
}

func TestCoefficientHistoryNil(t *testing.T) {
	var h *water.CoefficientHistory
	when := at(t, "2024-05-01T00:00:00Z")
	assert.Equal(t, water.WellCode(""), h.Well())
	assert.Empty(t, h.Coefficients())
	_, ok := h.At(when)
	assert.False(t, ok)
	_, err := h.Water(when, dec("10"))
	assert.ErrorIs(t, err, water.ErrNoCoefficient)
}
