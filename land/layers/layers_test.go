package layers_test

import (
	"errors"
	"math"
	"testing"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/layers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"
)

// Near lon 78, lat 40 one metre is about 1/85,300 degree of longitude and
// 1/111,030 degree of latitude.
func lon(x float64) float64 { return 78 + x/85300 }
func lat(y float64) float64 { return 40 + y/111030 }

// rect returns a rectangle given in metres east and north of lon 78, lat 40.
func rect(x0, y0, x1, y1 float64) *geom.Polygon {
	return geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{{
		{lon(x0), lat(y0)}, {lon(x1), lat(y0)}, {lon(x1), lat(y1)}, {lon(x0), lat(y1)}, {lon(x0), lat(y0)},
	}})
}

func point(x, y float64) *geom.Point {
	return geom.NewPointFlat(geom.XY, []float64{lon(x), lat(y)})
}

func mustLayer(t *testing.T, k layers.Kind, features ...layers.Feature) *layers.Layer {
	t.Helper()
	l, err := layers.NewLayer(k, features)
	require.NoError(t, err)
	return l
}

const (
	villageA land.DivisionCode = "650102001001"
	villageB land.DivisionCode = "650102001002"
)

// county returns a small map: two villages side by side, four contracted
// plots, one state land parcel, saline land, high-standard farmland, a
// canal and two wells.
func county(t *testing.T) *layers.Map {
	t.Helper()
	plots := mustLayer(t, layers.ContractedPlots,
		layers.Feature{ID: "P1", Geometry: rect(0, 0, 100, 100), Attributes: layers.Attributes{Village: villageA, HighStandard: true}},
		layers.Feature{ID: "P2", Geometry: rect(100, 0, 200, 100), Attributes: layers.Attributes{Village: villageA}},
		layers.Feature{ID: "P3", Geometry: rect(950, 0, 1050, 100), Attributes: layers.Attributes{Village: villageB}},
		layers.Feature{ID: "P4", Geometry: rect(1200, 0, 1300, 100), Attributes: layers.Attributes{Village: villageB}},
	)
	state := mustLayer(t, layers.StateLand,
		layers.Feature{ID: "S1", Geometry: rect(180, 0, 400, 100)}, // under 20 m of P2
		layers.Feature{ID: "S2", Geometry: rect(200, 0, 300, 100)}, // touches P2 only
	)
	saline := mustLayer(t, layers.SalineLand,
		layers.Feature{ID: "Y1", Geometry: rect(50, 0, 150, 100)},
		layers.Feature{ID: "Y2", Geometry: rect(100, 0, 150, 100)}, // inside Y1: counts once
	)
	hsf := mustLayer(t, layers.HighStandardFarmland,
		layers.Feature{ID: "H1", Geometry: rect(0, 0, 150, 100)},
	)
	villages := mustLayer(t, layers.Villages,
		layers.Feature{ID: "A", Geometry: rect(-10, -10, 1000, 110), Attributes: layers.Attributes{Village: villageA}},
		layers.Feature{ID: string(villageB), Geometry: rect(1000, -10, 2000, 110)},
	)
	canals := mustLayer(t, layers.Canals,
		layers.Feature{ID: "C1", Geometry: geom.NewLineStringFlat(geom.XY, []float64{lon(0), lat(130), lon(1300), lat(130)})},
	)
	wells := mustLayer(t, layers.Wells,
		layers.Feature{ID: "W1", Geometry: point(50, 120), Attributes: layers.Attributes{Irrigates: []string{"P1", "P2", "P4"}}},
		layers.Feature{ID: "W2", Geometry: point(1250, 50), Attributes: layers.Attributes{Irrigates: []string{"P4", "P9"}}},
	)
	m, err := layers.NewMap(plots, state, saline, hsf, villages, canals, wells)
	require.NoError(t, err)
	return m
}

func TestContractedOnStateLand(t *testing.T) {
	got, err := county(t).ContractedOnStateLand(0)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "P2", got[0].ID)
	assert.Equal(t, "S1", got[0].OtherID)
	assert.InDelta(t, geodesy.Area(rect(180, 0, 200, 100)), got[0].Area, 0.5)
}

func TestContractedOnSaline(t *testing.T) {
	plots, total, err := county(t).ContractedOnSaline()
	require.NoError(t, err)
	require.Len(t, plots, 2)
	assert.Equal(t, "P1", plots[0].ID)
	assert.InDelta(t, geodesy.Area(rect(50, 0, 100, 100)), plots[0].Area, 0.5)
	assert.Equal(t, "P2", plots[1].ID)
	assert.InDelta(t, geodesy.Area(rect(100, 0, 150, 100)), plots[1].Area, 0.5, "overlapping saline features count once")
	assert.InDelta(t, plots[0].Area+plots[1].Area, total, 1e-9)
}

func TestHighStandardCoverageByBoundary(t *testing.T) {
	got, err := county(t).HighStandardCoverage()
	require.NoError(t, err)
	require.Len(t, got, 2)

	a, b := got[0], got[1]
	assert.Equal(t, villageA, a.Village)
	wantA := geodesy.Area(rect(0, 0, 200, 100)) + geodesy.Area(rect(950, 0, 1000, 100))
	assert.InDelta(t, wantA, a.ContractedArea, 1, "village A contracted m²")
	assert.InDelta(t, geodesy.Area(rect(0, 0, 150, 100)), a.HighStandardArea, 1, "village A covered m²")
	assert.InDelta(t, a.HighStandardArea/a.ContractedArea, a.Share, 1e-12)

	assert.Equal(t, villageB, b.Village, "code taken from the boundary ID")
	wantB := geodesy.Area(rect(1000, 0, 1050, 100)) + geodesy.Area(rect(1200, 0, 1300, 100))
	assert.InDelta(t, wantB, b.ContractedArea, 1, "village B contracted m²")
	assert.Zero(t, b.HighStandardArea)
	assert.Zero(t, b.Share)
}

func TestHighStandardCoverageByAttribute(t *testing.T) {
	full := county(t)
	m, err := layers.NewMap(full.Layer(layers.ContractedPlots))
	require.NoError(t, err)
	got, err := m.HighStandardCoverage()
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, villageA, got[0].Village)
	assert.InDelta(t, 0.5, got[0].Share, 0.001, "P1 of P1 and P2 is high-standard")
	assert.Equal(t, villageB, got[1].Village)
	assert.Zero(t, got[1].Share)
}

func TestWellsFarFromPlots(t *testing.T) {
	got, err := county(t).WellsFarFromPlots(100)
	require.NoError(t, err)
	require.Len(t, got, 2)

	assert.Equal(t, layers.FarWell{WellID: "W1", PlotID: "P4", Distance: got[0].Distance}, got[0])
	assert.InDelta(t, math.Hypot(1150, 20), got[0].Distance, 2, "W1 to P4 m")
	assert.Equal(t, "W2", got[1].WellID)
	assert.Equal(t, "P9", got[1].PlotID)
	assert.True(t, got[1].PlotMissing)
	assert.True(t, math.IsNaN(got[1].Distance))
}

func TestLayerAtAndNear(t *testing.T) {
	m := county(t)
	plots := m.Layer(layers.ContractedPlots)
	assert.Equal(t, []string{"P1"}, plots.At(lon(50), lat(50)))
	assert.Empty(t, plots.At(lon(500), lat(50)))

	canal := m.Layer(layers.Canals).Feature(0).Geometry
	near, err := plots.Near(canal, 31)
	require.NoError(t, err)
	assert.Equal(t, []string{"P1", "P2", "P3", "P4"}, near, "30 m from the canal")
	near, err = plots.Near(canal, 29)
	require.NoError(t, err)
	assert.Empty(t, near)

	_, err = m.Layer(layers.Wells).Near(canal, 10)
	assert.Error(t, err, "Near on a point layer")
}

func TestNewLayerInvalid(t *testing.T) {
	tests := []struct {
		name     string
		kind     layers.Kind
		features []layers.Feature
	}{
		{"missing ID", layers.ContractedPlots, []layers.Feature{{Geometry: rect(0, 0, 1, 1)}}},
		{"duplicate ID", layers.StateLand, []layers.Feature{{ID: "a", Geometry: rect(0, 0, 1, 1)}, {ID: "a", Geometry: rect(2, 2, 3, 3)}}},
		{"missing geometry", layers.Wells, []layers.Feature{{ID: "w"}}},
		{"nil point", layers.Wells, []layers.Feature{{ID: "w", Geometry: (*geom.Point)(nil)}}},
		{"point in polygon layer", layers.SalineLand, []layers.Feature{{ID: "s", Geometry: point(0, 0)}}},
		{"polygon in canal layer", layers.Canals, []layers.Feature{{ID: "c", Geometry: rect(0, 0, 1, 1)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := layers.NewLayer(tt.kind, tt.features)
			var fe *layers.FeatureError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.kind, fe.Kind)
		})
	}
	_, err := layers.NewLayer(layers.KindUnknown, nil)
	assert.Error(t, err, "unknown kind")
}

func TestMapMissingLayer(t *testing.T) {
	m, err := layers.NewMap(mustLayer(t, layers.ContractedPlots))
	require.NoError(t, err)
	_, err = m.ContractedOnStateLand(0)
	assert.True(t, errors.Is(err, layers.ErrMissingLayer), "got %v", err)
	_, _, err = m.ContractedOnSaline()
	assert.ErrorIs(t, err, layers.ErrMissingLayer)
	_, err = m.WellsFarFromPlots(10)
	assert.ErrorIs(t, err, layers.ErrMissingLayer)

	_, err = layers.NewMap(mustLayer(t, layers.Wells), mustLayer(t, layers.Wells))
	assert.Error(t, err, "two layers of one kind")
}

func TestKindString(t *testing.T) {
	assert.Equal(t, "contracted plots", layers.ContractedPlots.String())
	assert.Equal(t, "Kind(200)", layers.Kind(200).String())
}
