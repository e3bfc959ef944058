package profile_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/iot/profile"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		text string
		want profile.Decimal
		out  string
	}{
		{"0.1", profile.Decimal{Coef: 1, Places: 1}, "0.1"},
		{"-40", profile.Decimal{Coef: -40}, "-40"},
		{"+12.50", profile.Decimal{Coef: 1250, Places: 2}, "12.50"},
		{".5", profile.Decimal{Coef: 5, Places: 1}, "0.5"},
		{"-0.001", profile.Decimal{Coef: -1, Places: 3}, "-0.001"},
		{"0", profile.Decimal{}, "0"},
		{" 7 ", profile.Decimal{Coef: 7}, "7"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := profile.ParseDecimal(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.out, got.String())
		})
	}
}

func TestParseDecimalRejects(t *testing.T) {
	for _, text := range []string{"", "-", ".", "1.", "1e3", "0x10", "NaN", "Inf", "1.2.3", "1,5",
		"0.1234567890123456789", "99999999999999999999"} {
		_, err := profile.ParseDecimal(text)
		assert.Error(t, err, "%q", text)
	}
}

func TestDecimalScaled(t *testing.T) {
	tests := []struct {
		d      profile.Decimal
		places int
		want   int64
		ok     bool
	}{
		{profile.Decimal{Coef: 1, Places: 1}, 1, 1, true},
		{profile.Decimal{Coef: 1, Places: 1}, 3, 100, true},
		{profile.Decimal{Coef: 15, Places: 3}, 1, 0, false},
		{profile.Decimal{Coef: 150, Places: 3}, 2, 15, true},
		{profile.Decimal{Coef: -40}, 2, -4000, true},
		{profile.Decimal{Coef: 1 << 62}, 2, 0, false},
		{profile.Decimal{Coef: 1}, 19, 0, false},
	}
	for _, tt := range tests {
		got, ok := tt.d.Scaled(tt.places)
		assert.Equal(t, tt.ok, ok, "%v at %d places", tt.d, tt.places)
		assert.Equal(t, tt.want, got, "%v at %d places", tt.d, tt.places)
	}
}
