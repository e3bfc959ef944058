package server

import (
	"math"
	"net/http"
	"strconv"

	"github.com/twpayne/go-geom"
	"github.com/twpayne/go-geom/xy"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
)

// Simplification of plot boundaries for the map, in metres.
const (
	defaultTolerance = 1.0
	maxTolerance     = 100.0
	// metresPerDegree is the length of one degree of latitude, and of
	// longitude at the equator, on a sphere of the CGCS2000 semi-major axis.
	metresPerDegree = 6378137 * math.Pi / 180
	// coordinatePlaces rounds map coordinates to 1e-6°, about 0.1 m.
	coordinatePlaces = 1e6
)

// featureCollection is a GeoJSON FeatureCollection (RFC 7946) with the
// totals of its plots as foreign members.
type featureCollection struct {
	Type       string    `json:"type"`
	BBox       []float64 `json:"bbox,omitempty"`
	Division   string    `json:"division"`
	Tolerance  float64   `json:"tolerance_m"`
	Plots      int       `json:"plots"`
	MeasuredMu string    `json:"measured_mu"`
	Features   []feature `json:"features"`
}

type feature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   *mapGeometry   `json:"geometry"`
	Properties plotProperties `json:"properties"`
}

// mapGeometry is a GeoJSON Polygon or MultiPolygon in lon, lat degrees.
type mapGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

type plotProperties struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	Village    string `json:"village"`
	Use        string `json:"use"`
	UseName    string `json:"use_name"`
	UseClass   string `json:"use_class"`
	Class      string `json:"class"`
	MeasuredMu string `json:"area_mu"`
	DeclaredMu string `json:"declared_mu"`
}

func (s *Server) mapPlots(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaLand) {
		forbidden(w, p, "read plots")
		return
	}
	if fe := checkQuery(r, "division", "tolerance"); fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := statsDivision(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	tolerance := defaultTolerance
	if v := r.URL.Query().Get("tolerance"); v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || !(t >= 0 && t <= maxTolerance) {
			writeFieldError(w, badQuery("tolerance", "tolerance %q is invalid, want metres from 0 to %g", v, maxTolerance))
			return
		}
		tolerance = t
	}

	key := statsKey{route: "map/plots", division: div, query: strconv.FormatFloat(tolerance, 'g', -1, 64)}
	s.serveStats(w, r, key, func() (any, error) {
		plots, _, err := s.cfg.Land.Plots(r.Context(), land.PlotFilter{Division: div})
		if err != nil {
			return nil, err
		}
		return plotFeatures(div, plots, tolerance), nil
	})
}

// plotFeatures returns the plots as features with simplified boundaries.
// A plot without geometry has a null geometry.
func plotFeatures(div land.DivisionCode, plots []*land.Plot, tolerance float64) *featureCollection {
	out := &featureCollection{Type: "FeatureCollection", Division: string(div), Tolerance: tolerance,
		Features: make([]feature, 0, len(plots))}
	bounds := geom.NewBounds(geom.XY)
	var measured float64
	for _, pl := range plots {
		f := feature{Type: "Feature", ID: string(pl.Code), Properties: plotProperties{
			Code: string(pl.Code), Name: pl.Name, Village: string(pl.Village), Use: string(pl.Use),
			UseName: useName(pl.Use), UseClass: string(pl.Use.Parent()), Class: pl.Class.String(),
			DeclaredMu: pl.DeclaredArea.StringFixed(2), MeasuredMu: "0.00",
		}}
		if pl.Geometry != nil {
			mu := land.SquareMetresToMu(pl.MeasuredArea())
			measured += mu
			f.Properties.MeasuredMu = muText(mu)
			f.Geometry = simplified(pl.Geometry, tolerance)
			bounds.Extend(pl.Geometry)
		}
		out.Features = append(out.Features, f)
	}
	out.Plots, out.MeasuredMu = len(plots), muText(measured)
	if !bounds.IsEmpty() {
		out.BBox = []float64{roundCoordinate(bounds.Min(0)), roundCoordinate(bounds.Min(1)),
			roundCoordinate(bounds.Max(0)), roundCoordinate(bounds.Max(1))}
	}
	return out
}

// simplified returns a Polygon or MultiPolygon with each ring simplified by
// Douglas-Peucker within tolerance metres, measured in a plane scaled to the
// ring's latitude. A ring that would keep fewer than 4 positions stays whole.
func simplified(g geom.T, tolerance float64) *mapGeometry {
	switch g := g.(type) {
	case *geom.Polygon:
		return &mapGeometry{Type: "Polygon", Coordinates: polygonRings(g, tolerance)}
	case *geom.MultiPolygon:
		polys := make([][][][2]float64, 0, g.NumPolygons())
		for i := range g.NumPolygons() {
			polys = append(polys, polygonRings(g.Polygon(i), tolerance))
		}
		return &mapGeometry{Type: "MultiPolygon", Coordinates: polys}
	}
	return nil
}

func polygonRings(p *geom.Polygon, tolerance float64) [][][2]float64 {
	rings := make([][][2]float64, 0, p.NumLinearRings())
	for i := range p.NumLinearRings() {
		rings = append(rings, simplifyRing(p.LinearRing(i).FlatCoords(), p.Stride(), tolerance))
	}
	return rings
}

func simplifyRing(flat []float64, stride int, tolerance float64) [][2]float64 {
	n := len(flat) / stride
	keep := make([]int, n)
	for i := range keep {
		keep[i] = i
	}
	if tolerance > 0 && n > 4 {
		// Scale longitudes by the cosine of the latitude, so that one unit
		// is about the same distance along both axes.
		scale := math.Cos(flat[1] * math.Pi / 180)
		plane := make([]float64, 0, 2*n)
		for i := range n {
			plane = append(plane, flat[i*stride]*scale, flat[i*stride+1])
		}
		if k := xy.SimplifyFlatCoords(plane, tolerance/metresPerDegree, 2); len(k) >= 4 {
			keep = k
		}
	}
	out := make([][2]float64, 0, len(keep))
	for _, i := range keep {
		out = append(out, [2]float64{roundCoordinate(flat[i*stride]), roundCoordinate(flat[i*stride+1])})
	}
	return out
}

func roundCoordinate(v float64) float64 { return math.Round(v*coordinatePlaces) / coordinatePlaces }
