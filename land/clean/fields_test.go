package clean_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land/clean"
)

// The 300 real fields are valid RFC 7946 polygons, so Clean may at most
// report orientation fixes.
func TestCleanRealFields(t *testing.T) {
	total := 0
	for _, name := range fieldFiles {
		t.Run(name, func(t *testing.T) {
			fields := readFields(t, name)
			require.Len(t, fields, 100)
			for i, g := range fields {
				_, problems := clean.Clean(g, clean.Options{})
				for _, p := range problems {
					isWinding := p.Code == clean.CodeShellWinding || p.Code == clean.CodeHoleWinding
					assert.True(t, isWinding, "feature %d: got %v, want no problem", i, p)
				}
				assert.Equal(t, len(problems) == 0, clean.IsValid(g), "feature %d: IsValid", i)
			}
			total += len(fields)
		})
	}
	assert.Equal(t, 300, total)
}
