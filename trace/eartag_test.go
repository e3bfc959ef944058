package trace_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/trace"
)

func TestEarTagValid(t *testing.T) {
	tests := []struct {
		tag     string
		species trace.Species
		county  string
		serial  int
	}{
		{"165322100000001", trace.Pig, "653221", 1},
		{"265020399999999", trace.Cattle, "650203", 99_999_999},
		{"365020300000000", trace.Sheep, "650203", 0},
		{"344190012345678", trace.Sheep, "441900", 12_345_678}, // Dongguan, a city without counties
	}
	for _, tt := range tests {
		t.Run(tt.tag, func(t *testing.T) {
			tag, err := trace.ParseEarTag(tt.tag)
			require.NoError(t, err)
			assert.Equal(t, tt.species, tag.Species())
			assert.Equal(t, tt.county, string(tag.County()))
			assert.Equal(t, tt.serial, tag.Serial())
		})
	}
}

func TestEarTagInvalid(t *testing.T) {
	tests := []struct {
		name, tag, want string
	}{
		{"empty", "", "has 0 characters"},
		{"14 digits", "16532210000000", "has 14 characters"},
		{"16 digits", "1653221000000011", "has 16 characters"},
		{"letter", "16532210000000A", "'A' at position 15"},
		{"species 0", "065322100000001", "species code 0"},
		{"species 4", "465322100000001", "species code 4"},
		{"province", "165000000000001", "want a county-level code"},
		{"no province", "199322100000001", "province 99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := trace.EarTag(tt.tag).Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestParseEarTagPrinted(t *testing.T) {
	tag, err := trace.ParseEarTag("3-653221-00000042")
	require.NoError(t, err)
	assert.Equal(t, trace.EarTag("365322100000042"), tag)
	assert.Equal(t, "3-653221-00000042", tag.Printed())
}

func TestNewEarTag(t *testing.T) {
	tag, err := trace.NewEarTag(trace.Cattle, "653221", 42)
	require.NoError(t, err)
	assert.Equal(t, trace.EarTag("265322100000042"), tag)

	_, err = trace.NewEarTag(trace.Cattle, "653221", 100_000_000)
	assert.ErrorContains(t, err, "serial 100000000")
	_, err = trace.NewEarTag(trace.SpeciesUnknown, "653221", 1)
	assert.ErrorContains(t, err, "species")
	_, err = trace.NewEarTag(trace.Pig, "6532", 1)
	assert.Error(t, err)
}
