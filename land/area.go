package land

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

// SquareMetresPerMu is the area of one mu (亩) in m²: exactly 10000/15, about 666.67.
const SquareMetresPerMu = 10000.0 / 15

// SquareMetresToMu converts an area in m² to mu. It does not round.
func SquareMetresToMu(m2 float64) float64 { return m2 * 15 / 10000 }

// MuToSquareMetres converts an area in mu to m². It does not round.
func MuToSquareMetres(mu float64) float64 { return mu * 10000 / 15 }

var (
	decimalFifteen     = decimal.NewFromInt(15)
	decimalTenThousand = decimal.NewFromInt(10000)
)

// SquareMetresToMuDecimal converts an area in m² to mu in decimal arithmetic: m2 × 15 / 10000,
// which is exact because the divisor is a power of ten.
func SquareMetresToMuDecimal(m2 decimal.Decimal) decimal.Decimal {
	return m2.Mul(decimalFifteen).Div(decimalTenThousand)
}

// MuToSquareMetresDecimal converts an area in mu to m² in decimal arithmetic: mu × 10000 / 15.
// The division by 15 is rounded to [decimal.DivisionPrecision] decimal places (16 unless the
// caller changed it), so round the result to the places you display.
func MuToSquareMetresDecimal(mu decimal.Decimal) decimal.Decimal {
	return mu.Mul(decimalTenThousand).Div(decimalFifteen)
}

// MeasuredArea returns the ellipsoidal area of the plot's geometry on CGCS2000 in m², with
// holes subtracted and independent of ring winding, or 0 when the plot has no geometry.
func (p *Plot) MeasuredArea() float64 {
	if p.Geometry == nil {
		return 0
	}
	return geodesy.Area(p.Geometry)
}

// MeasuredAreaMu returns [Plot.MeasuredArea] in mu.
func (p *Plot) MeasuredAreaMu() float64 { return SquareMetresToMu(p.MeasuredArea()) }

// AreaDifference returns the measured minus the declared area in mu, with the measured area
// converted to decimal. It returns false when the plot has no geometry or no declared area,
// and when the geometry cannot be measured (a NaN coordinate or a latitude outside
// [-90, 90], for which [Plot.MeasuredArea] is NaN).
func (p *Plot) AreaDifference() (decimal.Decimal, bool) {
	if p.Geometry == nil || p.DeclaredArea.IsZero() {
		return decimal.Zero, false
	}
	measuredMu := p.MeasuredAreaMu()
	if math.IsNaN(measuredMu) || math.IsInf(measuredMu, 0) {
		return decimal.Zero, false
	}
	return decimal.NewFromFloat(measuredMu).Sub(p.DeclaredArea), true
}
