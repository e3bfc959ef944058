package trace_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/trace"
)

func TestCreditCodeValid(t *testing.T) {
	for _, code := range []string{
		"91350100M000100Y43", // the worked example of GB 32100-2015 with its right check
		"91512081MA62K0260E",
		string(coopCode),
		"N2653221MA78HT001J",
		"92653221MA78FAM014",
	} {
		t.Run(code, func(t *testing.T) {
			assert.NoError(t, trace.CreditCode(code).Validate())
		})
	}
}

func TestCreditCodeInvalid(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"empty", "", "has 0 characters"},
		{"short", "91350100M000100Y4", "has 17 characters"},
		{"long", "91350100M000100Y433", "has 19 characters"},
		{"letter I", "91350100I000100Y43", `character 'I' at position 9`},
		{"letter O", "9135O100M000100Y43", `character 'O' at position 5`},
		{"lower case", "91350100m000100Y43", `character 'm' at position 9`},
		{"authority", "B1350100M000100Y43", "registration authority 'B'"},
		{"division letter", "913501A0M000100Y43", "division code 3501A0"},
		{"check", "91350100M000100Y44", `check character '4', want '3'`},
		{"transposed", "19350100M000100Y43", "check character"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := trace.CreditCode(tt.code).Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestCreditCheckChar(t *testing.T) {
	assert.Equal(t, byte('3'), trace.CreditCheckChar("91350100M000100Y4"))
	assert.Equal(t, byte('E'), trace.CreditCheckChar("91512081MA62K0260"))
	assert.Equal(t, byte(0), trace.CreditCheckChar("short"))
	assert.Equal(t, byte(0), trace.CreditCheckChar("91350100M000100YI"))
}

func TestCreditCheckCharZero(t *testing.T) {
	// A weighted sum that is a multiple of 31 gives the check value 31, written as 0.
	const charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	for _, a := range charset {
		for _, b := range charset {
			body := "916532210000000" + string(a) + string(b)
			if trace.CreditCheckChar(body) == '0' {
				assert.NoError(t, trace.CreditCode(body+"0").Validate())
				return
			}
		}
	}
	t.Fatal("no body with check character 0 found")
}

func TestParseCreditCode(t *testing.T) {
	got, err := trace.ParseCreditCode("  91512081ma62k0260e ")
	require.NoError(t, err)
	assert.Equal(t, trace.CreditCode("91512081MA62K0260E"), got)
	assert.Equal(t, "91", got.Category())
	assert.Equal(t, byte('9'), got.Authority())
	assert.Equal(t, "512081", string(got.Division()))
}
