package land

import "github.com/shopspring/decimal"

// AreaTotal is the number and area of a group of plots. Measured areas are float64 because
// they come from floating-point geodesy; declared areas are decimal like the register.
type AreaTotal struct {
	Plots int
	// MeasuredSquareMetres is the sum of [Plot.MeasuredArea] in m²; plots without geometry
	// add nothing.
	MeasuredSquareMetres float64
	// MeasuredMu is MeasuredSquareMetres in mu.
	MeasuredMu float64
	// DeclaredMu is the sum of the declared areas in mu.
	DeclaredMu decimal.Decimal
	// Unsurveyed counts the plots without geometry.
	Unsurveyed int
}

// add adds plot p with measured area m2 to t.
func (t *AreaTotal) add(p *Plot, m2 float64) {
	t.Plots++
	t.MeasuredSquareMetres += m2
	t.MeasuredMu = SquareMetresToMu(t.MeasuredSquareMetres)
	t.DeclaredMu = t.DeclaredMu.Add(p.DeclaredArea)
	if p.Geometry == nil {
		t.Unsurveyed++
	}
}

// TotalArea returns the total of all plots.
func TotalArea(plots []*Plot) AreaTotal {
	var t AreaTotal
	for _, p := range plots {
		t.add(p, p.MeasuredArea())
	}
	return t
}

// AreaBy returns the totals of plots grouped by key.
func AreaBy[K comparable](plots []*Plot, key func(*Plot) K) map[K]AreaTotal {
	totals := make(map[K]AreaTotal)
	for _, p := range plots {
		k := key(p)
		t := totals[k]
		t.add(p, p.MeasuredArea())
		totals[k] = t
	}
	return totals
}

// AreaByVillage returns the totals of plots by village division code; plots without a
// village are grouped under "".
func AreaByVillage(plots []*Plot) map[DivisionCode]AreaTotal {
	return AreaBy(plots, func(p *Plot) DivisionCode { return p.Village })
}

// AreaByClass returns the totals of plots by land class.
func AreaByClass(plots []*Plot) map[Class]AreaTotal {
	return AreaBy(plots, func(p *Plot) Class { return p.Class })
}

// AreaByUse returns the totals of plots by land-use class as recorded, first- or
// second-level. Group by p.Use.Parent() with [AreaBy] for first-level totals.
func AreaByUse(plots []*Plot) map[Use]AreaTotal {
	return AreaBy(plots, func(p *Plot) Use { return p.Use })
}

// CropTotal is the sown area of one crop.
type CropTotal struct {
	// Records is the number of planting records and Plots the number of distinct plots.
	Records, Plots int
	// SownMu is the sum of the sown areas in mu, in decimal like the records.
	SownMu decimal.Decimal
	// SownSquareMetres is SownMu in m², a float64 for display and comparison with measured
	// areas.
	SownSquareMetres float64
}

// AreaByCrop returns the sown area by crop of the records of year, and of season unless
// season is zero. A whole-year record counts for every season. A plot sown twice in the year
// with the same crop counts its area twice, as sown-area statistics do.
func AreaByCrop(plantings []*Planting, year int, season Season) map[string]CropTotal {
	totals := make(map[string]CropTotal)
	plots := make(map[string]map[PlotCode]bool)
	for _, p := range plantings {
		if p.Year != year || !seasonMatches(p.Season, season) {
			continue
		}
		t := totals[p.Crop]
		t.Records++
		t.SownMu = t.SownMu.Add(p.SownArea)
		t.SownSquareMetres = MuToSquareMetres(t.SownMu.InexactFloat64())
		if plots[p.Crop] == nil {
			plots[p.Crop] = make(map[PlotCode]bool)
		}
		plots[p.Crop][p.Plot] = true
		t.Plots = len(plots[p.Crop])
		totals[p.Crop] = t
	}
	return totals
}

func seasonMatches(record, want Season) bool {
	return want == 0 || record == want || record == SeasonWholeYear
}
