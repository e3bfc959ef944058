package clean

import "math"

// Options configures [Clean]. The zero value reports against both rule
// sets, treats only exactly equal consecutive points as repeated and applies
// the safe repairs.
type Options struct {
	// Rules selects the rule sets to report against. Zero means
	// [BothRules]. A fault that only an unselected rule set forbids is not
	// reported unless Clean repaired it.
	Rules RuleSet
	// SnapDistance is the distance in metres at or below which a vertex
	// counts as a repeat of the vertex before it. Zero, a negative value or
	// NaN means exact equality of longitude and latitude.
	SnapDistance float64
	// ReportOnly turns repair off: Clean then returns the input unchanged
	// and marks faults it would have repaired [SeverityRepairable].
	ReportOnly bool
}

// normalized returns o with its defaults filled in.
func (o Options) normalized() Options {
	o.Rules &= BothRules
	if o.Rules == 0 {
		o.Rules = BothRules
	}
	if !(o.SnapDistance > 0) {
		o.SnapDistance = 0
	}
	return o
}

// GRS80 (CGCS2000) semi-major axis in metres and first eccentricity squared.
const (
	semiMajorAxis = 6378137.0
	eccentricity2 = 0.006694380022900787
)

// nearby reports whether (x1, y1) and (x2, y2), in lon/lat degrees, are
// within snap metres of each other. Zero snap means exact equality.
//
// The distance uses the meridional and prime-vertical radii of curvature of
// GRS80 at the mean latitude, which for points a few metres apart differs
// from the geodesic distance by far less than a millimetre.
func nearby(x1, y1, x2, y2, snap float64) bool {
	if x1 == x2 && y1 == y2 {
		return true
	}
	if snap == 0 {
		return false
	}
	return groundDistance(x1, y1, x2, y2) <= snap
}

// groundDistance returns the approximate distance in metres between two
// nearby lon/lat points (see [nearby]).
func groundDistance(x1, y1, x2, y2 float64) float64 {
	phi := (y1 + y2) / 2 * math.Pi / 180
	sin := math.Sin(phi)
	w := 1 - eccentricity2*sin*sin
	primeVertical := semiMajorAxis / math.Sqrt(w)
	meridional := semiMajorAxis * (1 - eccentricity2) / (w * math.Sqrt(w))

	dLon := x2 - x1
	if dLon > 180 {
		dLon -= 360
	} else if dLon < -180 {
		dLon += 360
	}
	east := dLon * math.Pi / 180 * primeVertical * math.Abs(math.Cos(phi))
	north := (y2 - y1) * math.Pi / 180 * meridional
	return math.Hypot(east, north)
}
