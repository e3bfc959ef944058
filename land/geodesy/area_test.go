package geodesy_test

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land/geodesy"
)

// square returns a closed counter-clockwise ring of side size degrees with
// its south-west corner at lon, lat.
func square(lon, lat, size float64) []float64 {
	return []float64{lon, lat, lon + size, lat, lon + size, lat + size, lon, lat + size, lon, lat}
}

// reversed returns the ring flat with its points in reverse order.
func reversed(flat []float64) []float64 {
	out := make([]float64, 0, len(flat))
	for i := len(flat) - 2; i >= 0; i -= 2 {
		out = append(out, flat[i], flat[i+1])
	}
	return out
}

func polygon(rings ...[]float64) *geom.Polygon {
	var flat []float64
	var ends []int
	for _, r := range rings {
		flat = append(flat, r...)
		ends = append(ends, len(flat))
	}
	return geom.NewPolygonFlat(geom.XY, flat, ends)
}

func TestAreaWindingAndHoles(t *testing.T) {
	shell := square(80, 40, 0.01)
	hole := square(80.002, 40.002, 0.003)
	shellOnly := geodesy.Area(polygon(shell))
	holeOnly := geodesy.Area(polygon(hole))
	require.Greater(t, shellOnly, 0.0)
	require.Greater(t, holeOnly, 0.0)
	want := shellOnly - holeOnly

	tests := []struct {
		name string
		g    geom.T
		want float64
	}{
		{"shell counter-clockwise", polygon(shell), shellOnly},
		{"shell clockwise", polygon(reversed(shell)), shellOnly},
		{"shell without closing point", polygon(shell[:8]), shellOnly},
		{"shell started elsewhere", polygon(append(slices.Clone(shell[2:8]), shell[:4]...)), shellOnly},
		{"hole clockwise", polygon(shell, reversed(hole)), want},
		{"hole counter-clockwise", polygon(shell, hole), want},
		{"both reversed", polygon(reversed(shell), hole), want},
		{"two holes", polygon(shell, hole, square(80.006, 40.006, 0.002)),
			want - geodesy.Area(polygon(square(80.006, 40.006, 0.002)))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := geodesy.Area(tt.g)
			assert.InEpsilon(t, tt.want, got, 1e-12, "got %v m², want %v m²", got, tt.want)
		})
	}
}

func TestAreaMultiPolygonSum(t *testing.T) {
	a := polygon(square(80, 40, 0.01), square(80.002, 40.002, 0.003))
	b := polygon(reversed(square(81, 41, 0.02)))
	mp := geom.NewMultiPolygon(geom.XY)
	require.NoError(t, mp.Push(a))
	require.NoError(t, mp.Push(geom.NewPolygon(geom.XY)))
	require.NoError(t, mp.Push(b))

	got := geodesy.Area(mp)
	want := geodesy.Area(a) + geodesy.Area(b)
	assert.InEpsilon(t, want, got, 1e-12)
}

// authalicQ returns the authalic function q(φ) for
// e² = e2, independently of the package's series.
func authalicQ(lat, e2 float64) float64 {
	s := math.Sin(lat * math.Pi / 180)
	e := math.Sqrt(e2)
	return (1 - e2) * (s/(1-e2*s*s) + math.Atanh(e*s)/e)
}

// TestAreaCellClosedForm compares a 1°×1° cell, its parallels densified so
// that great-circle edges follow them to within 1e-11 of the area, with the
// closed form (a²/2)·Δλ·(q(φ₂) - q(φ₁)).
func TestAreaCellClosedForm(t *testing.T) {
	const steps = 1000
	for _, lat := range []float64{0, 23.5, 40, 48, -35, 70} {
		var ring []float64
		for i := 0; i <= steps; i++ {
			ring = append(ring, 80+float64(i)/steps, lat)
		}
		for i := steps; i >= 0; i-- {
			ring = append(ring, 80+float64(i)/steps, lat+1)
		}
		ring = append(ring, 80, lat)

		a, f := geodesy.CGCS2000.A(), geodesy.CGCS2000.F()
		e2 := f * (2 - f)
		want := a * a / 2 * (math.Pi / 180) * (authalicQ(lat+1, e2) - authalicQ(lat, e2))
		got := geodesy.Area(polygon(ring))
		assert.InEpsilon(t, want, got, 1e-9, "cell at %v°: got %.3f m², want %.3f m²", lat, got, want)
	}
}

func TestAreaDegenerateAndInvalid(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name    string
		g       geom.T
		want    float64
		wantNaN bool
	}{
		{name: "nil geometry", g: nil},
		{name: "nil polygon", g: (*geom.Polygon)(nil)},
		{name: "nil multipolygon", g: (*geom.MultiPolygon)(nil)},
		{name: "empty polygon", g: geom.NewPolygon(geom.XY)},
		{name: "point", g: geom.NewPointFlat(geom.XY, []float64{80, 40})},
		{name: "line string", g: geom.NewLineStringFlat(geom.XY, square(80, 40, 1))},
		{name: "two points", g: polygon([]float64{80, 40, 80.1, 40.1, 80, 40})},
		{name: "one point repeated", g: polygon([]float64{80, 40, 80, 40, 80, 40, 80, 40})},
		{name: "latitude NaN", g: polygon([]float64{80, 40, 80.1, nan, 80, 40.1}), wantNaN: true},
		{name: "longitude NaN", g: polygon([]float64{80, 40, nan, 40, 80, 40.1}), wantNaN: true},
		{name: "latitude above 90", g: polygon([]float64{80, 89, 81, 91, 80, 89.5}), wantNaN: true},
		{name: "latitude below -90", g: polygon([]float64{80, -90.5, 81, -89, 80, -89.5}), wantNaN: true},
		{name: "infinite longitude", g: polygon([]float64{80, 40, math.Inf(1), 40, 80, 40.1}), wantNaN: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := geodesy.Area(tt.g)
			if tt.wantNaN {
				assert.True(t, math.IsNaN(got), "got %v, want NaN", got)
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestAreaGeodesicPoints(t *testing.T) {
	// Points on one meridian lie on one geodesic; points evenly spaced in
	// lon/lat off the meridians and the equator do not.
	got := geodesy.Area(polygon([]float64{80, 40, 80, 40.001, 80, 40.002, 80, 40}))
	assert.Zero(t, got)
	got = geodesy.Area(polygon([]float64{80, 0, 80.001, 0, 80.002, 0, 80, 0}))
	assert.Zero(t, got)
}

func TestAreaZeroEllipsoid(t *testing.T) {
	got := geodesy.Ellipsoid{}.Area(polygon(square(80, 40, 0.01)))
	assert.True(t, math.IsNaN(got), "got %v, want NaN", got)
}

func TestAreaAntimeridian(t *testing.T) {
	crossing := polygon([]float64{179.995, 10, -179.995, 10, -179.995, 10.01, 179.995, 10.01, 179.995, 10})
	shifted := polygon(square(9.995, 10, 0.01))
	want := geodesy.Area(shifted)
	got := geodesy.Area(crossing)
	assert.InEpsilon(t, want, got, 1e-9, "got %v m², want %v m²", got, want)
}

func TestAreaLayoutXYZ(t *testing.T) {
	flat := square(80, 40, 0.01)
	var xyz []float64
	for i := 0; i < len(flat); i += 2 {
		xyz = append(xyz, flat[i], flat[i+1], 1000*float64(i))
	}
	got := geodesy.Area(geom.NewPolygonFlat(geom.XYZ, xyz, []int{len(xyz)}))
	want := geodesy.Area(polygon(flat))
	assert.Equal(t, want, got)
}

func TestRingAreaSign(t *testing.T) {
	for _, lat := range []float64{40, -40, 0} {
		ring := square(80, lat, 0.01)
		ccw := geodesy.CGCS2000.RingArea(ring, 2)
		cw := geodesy.CGCS2000.RingArea(reversed(ring), 2)
		assert.Greater(t, ccw, 0.0, "counter-clockwise ring at %v°", lat)
		assert.InEpsilon(t, -ccw, cw, 1e-12, "clockwise ring at %v°", lat)
	}
}

func TestRingAreaBadStride(t *testing.T) {
	got := geodesy.CGCS2000.RingArea([]float64{80, 40, 81}, 1)
	assert.True(t, math.IsNaN(got), "got %v, want NaN", got)
}

func TestAreaWideRing(t *testing.T) {
	// A ring spanning 30° of latitude is measured on the authalic sphere.
	// Its densified meridians and parallels bring it close to the closed
	// form for the cell 80..81°E, 20..50°N.
	const steps = 3000
	var ring []float64
	for i := 0; i <= steps; i++ {
		ring = append(ring, 80+float64(i)/steps, 20)
	}
	for i := 0; i <= steps; i++ {
		ring = append(ring, 81, 20+30*float64(i)/steps)
	}
	for i := steps; i >= 0; i-- {
		ring = append(ring, 80+float64(i)/steps, 50)
	}
	a, f := geodesy.CGCS2000.A(), geodesy.CGCS2000.F()
	e2 := f * (2 - f)
	want := a * a / 2 * (math.Pi / 180) * (authalicQ(50, e2) - authalicQ(20, e2))
	got := geodesy.Area(polygon(ring))
	assert.InEpsilon(t, want, got, 1e-8, "got %.1f m², want %.1f m²", got, want)
}

func TestAreaAllocatesNothing(t *testing.T) {
	mp := geom.NewMultiPolygon(geom.XY)
	require.NoError(t, mp.Push(polygon(square(80, 40, 0.01), square(80.002, 40.002, 0.003))))
	allocs := testing.AllocsPerRun(100, func() { geodesy.Area(mp) })
	assert.Zero(t, allocs)
}

func TestNewEllipsoid(t *testing.T) {
	tests := []struct {
		name    string
		a, f    float64
		wantErr bool
	}{
		{"GRS80", 6378137, 1 / 298.257222101, false},
		{"sphere", 6371000, 0, false},
		{"zero axis", 0, 1 / 298.0, true},
		{"negative axis", -1, 1 / 298.0, true},
		{"infinite axis", math.Inf(1), 1 / 298.0, true},
		{"NaN axis", math.NaN(), 1 / 298.0, true},
		{"negative flattening", 6378137, -0.001, true},
		{"flattening too large", 6378137, 0.1, true},
		{"NaN flattening", 6378137, math.NaN(), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geodesy.NewEllipsoid(tt.a, tt.f)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			assert.NoError(t, err)
		})
	}
}

func TestAreaSphere(t *testing.T) {
	sphere, err := geodesy.NewEllipsoid(6371000, 0)
	require.NoError(t, err)
	// The spherical cap cell 0..1°E, 0..1°N, densified along its parallels.
	const steps = 1000
	var ring []float64
	for i := 0; i <= steps; i++ {
		ring = append(ring, float64(i)/steps, 0)
	}
	for i := steps; i >= 0; i-- {
		ring = append(ring, float64(i)/steps, 1)
	}
	want := 6371000.0 * 6371000 * (math.Pi / 180) * math.Sin(math.Pi/180)
	got := sphere.Area(polygon(ring))
	assert.InEpsilon(t, want, got, 1e-9)
}

func FuzzArea(f *testing.F) {
	f.Add(80.0, 40.0, 0.001, 0.002, -0.001, 0.003)
	f.Add(179.999, 10.0, 0.002, 0.0, 0.0, 0.001)
	f.Add(0.0, 90.0, 1.0, -1.0, 2.0, -3.0)
	f.Add(math.NaN(), 0.0, 0.0, 0.0, 0.0, 0.0)
	f.Add(1e300, -1e300, 1e-300, 360.0, -720.0, 0.5)
	f.Fuzz(func(t *testing.T, lon, lat, dx1, dy1, dx2, dy2 float64) {
		ring := []float64{lon, lat, lon + dx1, lat + dy1, lon + dx2, lat + dy2, lon, lat}
		got := geodesy.Area(polygon(ring))
		if math.IsNaN(got) {
			return
		}
		if math.IsInf(got, 0) || got < 0 {
			t.Fatalf("got %v m² for ring %v, want NaN or a finite area ≥ 0", got, ring)
		}
	})
}
