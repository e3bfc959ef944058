package topology

import (
	"fmt"
	"math"
)

// Defaults for the zero fields of [Options].
const (
	DefaultMinOverlap   = 1.0  // m²
	DefaultSnapDistance = 1.0  // m
	DefaultMinGapArea   = 0.01 // m²
	DefaultMaxGapArea   = 100  // m²
)

// Options tunes the checks. The zero value uses the defaults above.
type Options struct {
	// MinOverlap is the intersection area in m² at or below which two plots
	// count as touching rather than overlapping. Zero means
	// DefaultMinOverlap. It also bounds the area a plot may have outside
	// its boundary in [Outside].
	MinOverlap float64

	// SnapDistance in metres: two plots whose boundaries come this close
	// without overlapping are neighbours that should share an edge, and an
	// uncovered area between them narrower than this is a gap. Zero means
	// DefaultSnapDistance.
	SnapDistance float64

	// MinGapArea and MaxGapArea bound the area in m² of a reported gap.
	// Zero means DefaultMinGapArea and DefaultMaxGapArea.
	MinGapArea, MaxGapArea float64

	// Workers is the number of goroutines that test candidate pairs. Zero
	// or one means the calling goroutine only.
	Workers int
}

// withDefaults fills the zero fields and rejects negative or non-finite ones.
func (o Options) withDefaults() (Options, error) {
	fields := []struct {
		name string
		v    *float64
		def  float64
	}{
		{"MinOverlap", &o.MinOverlap, DefaultMinOverlap},
		{"SnapDistance", &o.SnapDistance, DefaultSnapDistance},
		{"MinGapArea", &o.MinGapArea, DefaultMinGapArea},
		{"MaxGapArea", &o.MaxGapArea, DefaultMaxGapArea},
	}
	for _, f := range fields {
		if !(*f.v >= 0) || math.IsInf(*f.v, 1) {
			return o, fmt.Errorf("topology: invalid %s %v: expected a finite value >= 0", f.name, *f.v)
		}
		if *f.v == 0 {
			*f.v = f.def
		}
	}
	if o.Workers < 0 {
		return o, fmt.Errorf("topology: invalid Workers %d: expected 0 or more", o.Workers)
	}
	o.Workers = max(o.Workers, 1)
	return o, nil
}
