package demo_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/profile"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/geodesy"
	"github.com/shuxiang/shuxiang/land/spatial"
	"github.com/shuxiang/shuxiang/land/topology"
	"github.com/shuxiang/shuxiang/water"
)

// sizes are the sizes the tests generate, from the smallest the package accepts to one
// with more townships and groups than the default.
var sizes = []struct {
	name string
	size demo.Size
}{
	{"default", demo.Size{}},
	{"smallest", demo.Size{Townships: 1, VillagesPerTownship: 1, GroupsPerVillage: 1, PlotsPerVillage: 2, Wells: 1}},
	{"odd plots", demo.Size{Townships: 2, VillagesPerTownship: 3, GroupsPerVillage: 3, PlotsPerVillage: 25, Wells: 7}},
	{"more wells than villages need", demo.Size{Townships: 1, VillagesPerTownship: 2, GroupsPerVillage: 2, PlotsPerVillage: 8, Wells: 16}},
	{"wide", demo.Size{Townships: 5, VillagesPerTownship: 6, GroupsPerVillage: 10, PlotsPerVillage: 40, Wells: 60}},
}

// generate returns the county of seed at size or stops the test.
func generate(t testing.TB, seed uint64, size demo.Size) *demo.County {
	t.Helper()
	c, err := demo.Generate(seed, size)
	require.NoError(t, err)
	return c
}

func TestGenerateDeterministic(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			a := generate(t, 42, tc.size)
			b := generate(t, 42, tc.size)
			assert.True(t, reflect.DeepEqual(a, b), "same seed, same county")
			assert.Equal(t, a.Devices(), b.Devices(), "same seed, same devices")

			other := generate(t, 43, tc.size)
			assert.False(t, reflect.DeepEqual(a.Plots, other.Plots), "another seed, other plots")
		})
	}
}

func TestGenerateCounts(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			c := generate(t, 7, tc.size)
			s := c.Size
			villages := s.Townships * s.VillagesPerTownship
			assert.Len(t, c.Townships, s.Townships, "townships")
			assert.Len(t, c.Villages, villages, "villages")
			assert.Len(t, c.Issuers, villages*(s.GroupsPerVillage+1), "issuers: a village collective and its groups")
			assert.Len(t, c.Plots, villages*s.PlotsPerVillage, "plots")
			assert.Len(t, c.Wells, s.Wells+s.Townships, "irrigation wells and one supply well per township")
			assert.Len(t, c.Plans, len(c.Wells)*len(demo.PlanYears), "a plan per well and year")
			assert.Len(t, c.Coefficients, len(c.Wells), "a coefficient history per well")
			assert.Len(t, c.Canals, 1+s.Townships+villages, "main, branch and lateral canals")
			assert.Len(t, c.Gates, 1+s.Townships+villages, "head gate and turnouts")
			assert.Len(t, c.VillageMeters, villages, "village supply meters")
			assert.Len(t, c.Reservoirs, 1, "reservoirs")
			assert.Len(t, c.Contracts, len(c.Contractors), "one contract per household")
			assert.NotEmpty(t, c.Plantings, "plantings")
		})
	}
}

func TestGenerateDefaultSize(t *testing.T) {
	c := generate(t, 1, demo.Size{})
	assert.Equal(t, demo.DefaultSize(), c.Size)
	assert.Equal(t, demo.CountyCode, c.Code)
	assert.NotEmpty(t, c.Transfers, "transfers")

	small := generate(t, 1, demo.Size{Townships: 1, VillagesPerTownship: 1, PlotsPerVillage: 6})
	assert.Equal(t, 6, small.Size.Wells, "default wells in a county of 6 plots")
}

func TestSizeValidate(t *testing.T) {
	tests := []struct {
		name  string
		size  demo.Size
		field string
	}{
		{"negative townships", demo.Size{Townships: -1}, "Townships"},
		{"too many townships", demo.Size{Townships: 21}, "Townships"},
		{"too many villages", demo.Size{VillagesPerTownship: 31}, "VillagesPerTownship"},
		{"too many groups", demo.Size{GroupsPerVillage: 11}, "GroupsPerVillage"},
		{"one plot", demo.Size{PlotsPerVillage: 1}, "PlotsPerVillage"},
		{"too many plots", demo.Size{PlotsPerVillage: 201}, "PlotsPerVillage"},
		{"more wells than plots", demo.Size{Townships: 1, VillagesPerTownship: 1, PlotsPerVillage: 10, Wells: 11}, "Wells"},
		{"negative wells", demo.Size{Wells: -1}, "Wells"},
		{"fewer plots than groups", demo.Size{GroupsPerVillage: 5, PlotsPerVillage: 4, Wells: 1}, "PlotsPerVillage"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.size.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
			_, err = demo.Generate(1, tc.size)
			assert.Error(t, err, "Generate")
		})
	}
	assert.NoError(t, demo.Size{}.Validate(), "zero size")
	assert.NoError(t, demo.Size{Townships: 1, VillagesPerTownship: 1, PlotsPerVillage: 6}.Validate(), "default wells in a small county")
}

func TestCountyValidates(t *testing.T) {
	for _, tc := range sizes {
		t.Run(tc.name, func(t *testing.T) {
			c := generate(t, 11, tc.size)
			require.NoError(t, c.Validate())
			for _, d := range c.Townships {
				assert.Equal(t, land.DivisionTownship, d.Code.Level(), "township %s", d.Code)
				assert.True(t, c.Code.Contains(d.Code), "township %s in county", d.Code)
				assert.NotEmpty(t, d.Name)
			}
			for _, d := range c.Villages {
				assert.Equal(t, land.DivisionVillage, d.Code.Level(), "village %s", d.Code)
				assert.True(t, c.Code.Contains(d.Code), "village %s in county", d.Code)
			}
			for _, h := range c.Coefficients {
				_, err := water.NewCoefficientHistory(h.Well, h.Coefficients)
				assert.NoError(t, err, "history of %s", h.Well)
			}
		})
	}
}

func TestCodesHierarchy(t *testing.T) {
	c := generate(t, 3, demo.Size{})
	plots := make(map[land.PlotCode]*land.Plot)
	for _, p := range c.Plots {
		assert.Equal(t, p.Village, p.Code.Issuer().Village(), "plot %s lies in its issuer's village", p.Code)
		assert.NotEqual(t, 0, p.Code.Issuer().Group(), "plot %s belongs to a villager group", p.Code)
		_, dup := plots[p.Code]
		assert.False(t, dup, "plot %s once", p.Code)
		plots[p.Code] = p
	}
	contracted := make(map[land.PlotCode]bool)
	for _, k := range c.Contracts {
		for _, cp := range k.Plots {
			p := plots[cp.Plot]
			require.NotNil(t, p, "contract %s plot %s", k.Code, cp.Plot)
			assert.Equal(t, k.Code.Issuer(), cp.Plot.Issuer(), "contract %s and plot %s have one issuer", k.Code, cp.Plot)
			assert.Equal(t, land.ClassContracted, p.Class, "plot %s", p.Code)
			assert.False(t, contracted[cp.Plot], "plot %s in one contract", cp.Plot)
			contracted[cp.Plot] = true
		}
	}
	for _, p := range c.Plots {
		assert.Equal(t, p.Class == land.ClassContracted, contracted[p.Code], "plot %s is contracted exactly when in a contract", p.Code)
	}
	for _, k := range c.Contractors {
		assert.Equal(t, land.ContractorHousehold, k.Code.Kind(), "contractor %s", k.Code)
		require.NotEmpty(t, k.Members, "members of %s", k.Code)
		assert.Equal(t, land.RelationHead, k.Members[0].Relation, "head first in %s", k.Code)
		assert.Equal(t, k.Name, k.Members[0].Name, "contractor %s is named after its head", k.Code)
	}
	assert.Empty(t, land.CheckTransfers(c.Contracts, c.Transfers), "transfers are regular")
}

func TestNamesMixHanAndUyghur(t *testing.T) {
	c := generate(t, 5, demo.Size{})
	var uyghur, han int
	for _, k := range c.Contractors {
		if strings.Contains(k.Name, "·") {
			uyghur++
		} else {
			han++
		}
	}
	assert.Positive(t, uyghur, "Uyghur-style names")
	assert.Positive(t, han, "Han names")
}

func TestPlotAreas(t *testing.T) {
	c := generate(t, 9, demo.Size{})
	for _, p := range c.Plots {
		mu := p.MeasuredAreaMu()
		assert.InDelta(t, geodesy.Area(p.Geometry)/land.SquareMetresPerMu, mu, 1e-9, "plot %s", p.Code)
		// Strips are 30-58 m wide and 260-450 m long: 11.7 to 39.2 mu, and a little
		// more or less from the jittered boundaries.
		assert.True(t, mu > 10 && mu < 42, "plot %s measures %.2f mu", p.Code, mu)
		diff, ok := p.AreaDifference()
		require.True(t, ok, "plot %s area difference", p.Code)
		assert.True(t, diff.Abs().InexactFloat64() <= 0.02*mu, "plot %s declared %s mu against %.2f measured", p.Code, p.DeclaredArea, mu)
		lon, lat := p.Geometry.FlatCoords()[0], p.Geometry.FlatCoords()[1]
		assert.True(t, lon > 83 && lon < 84.5 && lat > 44.5 && lat < 45.5, "plot %s at %f, %f", p.Code, lon, lat)
	}
}

// TestPlotsTopology checks that neighbouring strips share their edges, that no two plots
// overlap and that no sliver lies between plots that come closer than the narrowest
// canal corridor, 8 m.
func TestPlotsTopology(t *testing.T) {
	for _, tc := range sizes[:3] {
		t.Run(tc.name, func(t *testing.T) {
			c := generate(t, 13, tc.size)
			geoms := make([]geom.T, len(c.Plots))
			for i, p := range c.Plots {
				geoms[i] = p.Geometry
			}
			report, err := topology.Check(geoms, topology.Options{SnapDistance: 7.5, MaxGapArea: 1e6, Workers: 2})
			require.NoError(t, err)
			assert.Empty(t, report.Overlaps, "overlaps")
			assert.Empty(t, report.Gaps, "gaps narrower than a canal")
			// Strips on one side of a lateral touch their neighbours: n-1 pairs per side.
			perVillage := tc.size.PlotsPerVillage
			if perVillage == 0 {
				perVillage = demo.DefaultSize().PlotsPerVillage
			}
			villages := len(c.Villages)
			assert.Len(t, report.Adjacent, villages*(perVillage-2), "touching neighbours")
		})
	}
}

func TestPointsInPlots(t *testing.T) {
	c := generate(t, 17, demo.Size{})
	geoms := make([]geom.T, len(c.Plots))
	for i, p := range c.Plots {
		geoms[i] = p.Geometry
	}
	index, err := spatial.New(geoms)
	require.NoError(t, err)
	for _, d := range c.Devices().Modbus {
		if d.Profile != "soil-moisture" {
			continue
		}
		hits := index.AppendContaining(nil, d.Location.Lon, d.Location.Lat)
		require.Len(t, hits, 1, "soil probe %s lies in one plot", d.ID)
		assert.Equal(t, "SM-"+string(c.Plots[hits[0]].Code), d.ID, "soil probe %s in its own plot", d.ID)
	}
	for _, w := range c.Wells {
		hits := index.AppendContaining(nil, w.Location.Lon, w.Location.Lat)
		assert.Empty(t, hits, "well %s stands beside the fields, not in them", w.Code)
	}
}

func TestWellsServeNearbyPlots(t *testing.T) {
	c := generate(t, 19, demo.Size{})
	plots := make(map[land.PlotCode]*land.Plot)
	for _, p := range c.Plots {
		plots[p.Code] = p
	}
	served := make(map[land.PlotCode]water.WellCode)
	for _, w := range c.Wells {
		if w.Use != water.Agriculture {
			assert.Empty(t, w.Plots, "supply well %s", w.Code)
			continue
		}
		require.NotEmpty(t, w.Plots, "well %s", w.Code)
		for _, code := range w.Plots {
			p := plots[code]
			require.NotNil(t, p, "well %s plot %s", w.Code, code)
			assert.Equal(t, w.Division, p.Village, "well %s and plot %s in one village", w.Code, code)
			d, err := spatial.Distance(geom.NewPointFlat(geom.XY, []float64{w.Location.Lon, w.Location.Lat}), p.Geometry)
			require.NoError(t, err)
			assert.Less(t, d, 900.0, "well %s to plot %s in m", w.Code, code)
			other, dup := served[code]
			assert.False(t, dup, "plot %s served by %s and %s", code, other, w.Code)
			served[code] = w.Code
		}
	}
	for _, p := range c.Plots {
		_, ok := served[p.Code]
		assert.Equal(t, p.Use != land.UseSaline, ok, "plot %s of use %s has a well", p.Code, p.Use)
	}
}

func TestPlansAndPermits(t *testing.T) {
	c := generate(t, 23, demo.Size{})
	wells := make(map[water.WellCode]*water.Well)
	for _, w := range c.Wells {
		wells[w.Code] = w
	}
	for _, p := range c.Plans {
		w := wells[p.Well]
		require.NotNil(t, w, "plan of %s", p.Well)
		assert.True(t, p.Annual.IsPositive(), "plan %s/%d", p.Well, p.Year)
		assert.True(t, p.Month(1).IsZero() || w.Use != water.Agriculture, "no irrigation in January, %s", p.Well)
		if w.Permit.Number != "" {
			assert.True(t, w.Permit.Annual.GreaterThanOrEqual(p.Annual), "permit of %s covers plan %d", p.Well, p.Year)
		}
		assert.True(t, p.SharesTotal().LessThanOrEqual(p.Annual), "shares of %s/%d", p.Well, p.Year)
	}
}

func TestDevices(t *testing.T) {
	c := generate(t, 29, demo.Size{})
	d := c.Devices()
	assert.Len(t, d.Wells, len(c.Wells), "wells")
	meters := make(map[water.MeterID]bool)
	for _, w := range d.Wells {
		_, err := dlt645.ParseAddress(string(w.ElectricityMeter))
		assert.NoError(t, err, "electricity meter of %s", w.Well)
		for _, id := range []water.MeterID{w.ElectricityMeter, w.FlowMeter, w.CardController} {
			if id != "" {
				assert.False(t, meters[id], "meter %s once", id)
				meters[id] = true
			}
		}
	}

	require.NotEmpty(t, d.Stations, "stations")
	for i, s := range d.Stations {
		a, err := sl651.ParseAddress(string(s.Address))
		require.NoError(t, err, "station %s", s.Address)
		assert.Equal(t, []byte{0x65, 0x42, 0x29}, a[:3], "station %s carries the county code in BCD", s.Address)
		if i > 0 {
			assert.Less(t, d.Stations[i-1].Address, s.Address, "stations in address order")
		}
	}

	shipped := profile.Shipped()
	units := make(map[land.DivisionCode][]uint8)
	for _, m := range d.Modbus {
		assert.Contains(t, shipped, m.Profile, "profile of %s", m.ID)
		assert.False(t, slices.Contains(units[m.Village], m.UnitID), "unit %d once on the bus of %s", m.UnitID, m.Village)
		units[m.Village] = append(units[m.Village], m.UnitID)
	}
	assert.Len(t, units, len(c.Villages), "a bus per village")
	require.Len(t, d.VillageMeters, len(c.Villages), "village supply meters")
	for _, v := range d.VillageMeters {
		assert.False(t, meters[v.Meter], "meter %s once", v.Meter)
		meters[v.Meter] = true
	}
	assert.Len(t, d.Modbus, 3*len(c.Villages), "a weather station and two soil probes per village")

	require.Len(t, d.Terminals, demo.MaxTerminals, "terminals")
	seen := map[demo.Scenario]int{}
	unitOf := map[string]bool{}
	for _, term := range d.Terminals {
		seen[term.Scenario]++
		assert.Equal(t, fmt.Sprintf("%s/%d", demo.CountyCode, term.Station), string(term.Meter), "meter id of %s", term.Well)
		assert.True(t, meters[term.Meter], "terminal %s is a card controller of the register", term.Meter)
		assert.True(t, meters[term.ElectricityMeter], "electricity meter of %s", term.Well)
		assert.True(t, term.Coefficient.IsPositive(), "coefficient of %s", term.Well)
		assert.GreaterOrEqual(t, term.UnitID, uint8(10), "unit of %s", term.ElectricityMeter)
		key := fmt.Sprintf("%s/%d", term.Division, term.UnitID)
		assert.False(t, unitOf[key], "unit %s once", key)
		unitOf[key] = true
	}
	for _, s := range []demo.Scenario{demo.Mismatch, demo.Tamper, demo.Silent} {
		assert.Equal(t, 1, seen[s], "terminals with scenario %s", s)
	}
}

func TestVillageBoundaries(t *testing.T) {
	for _, tc := range sizes[:3] {
		t.Run(tc.name, func(t *testing.T) {
			c := generate(t, 43, tc.size)
			byVillage := make(map[land.DivisionCode][]geom.T)
			for _, p := range c.Plots {
				byVillage[p.Village] = append(byVillage[p.Village], p.Geometry)
			}
			for _, v := range c.Villages {
				require.NotNil(t, v.Boundary, "boundary of %s", v.Code)
				out, err := topology.Outside(byVillage[v.Code], v.Boundary, topology.Options{})
				require.NoError(t, err)
				assert.Empty(t, out, "plots outside village %s", v.Code)
				assert.True(t, spatial.Contains(v.Boundary, v.Centre.Lon, v.Centre.Lat), "centre of %s", v.Code)
			}
			boundaries := make([]geom.T, len(c.Villages))
			for i, v := range c.Villages {
				boundaries[i] = v.Boundary
			}
			overlaps, err := topology.Overlaps(boundaries, topology.Options{})
			require.NoError(t, err)
			assert.Empty(t, overlaps, "village boundaries overlap")
			for _, w := range c.Wells {
				if w.Use != water.Agriculture {
					continue
				}
				i := slices.IndexFunc(c.Villages, func(d demo.Division) bool { return d.Code == w.Division })
				require.GreaterOrEqual(t, i, 0, "village of well %s", w.Code)
				assert.True(t, spatial.Contains(c.Villages[i].Boundary, w.Location.Lon, w.Location.Lat), "well %s in its village", w.Code)
			}
		})
	}
}

func TestStateLandApartFromPlots(t *testing.T) {
	c := generate(t, 47, demo.Size{})
	require.Len(t, c.StateLand, c.Size.Townships+1, "a shelterbelt per township and the reservoir")
	geoms := make([]geom.T, len(c.Plots))
	for i, p := range c.Plots {
		geoms[i] = p.Geometry
	}
	index, err := spatial.New(geoms)
	require.NoError(t, err)
	for _, s := range c.StateLand {
		require.NoError(t, s.Use.Validate(), "use of %s", s.Name)
		hits, err := index.AppendIntersecting(nil, s.Geometry)
		require.NoError(t, err)
		assert.Empty(t, hits, "plots on state land %s", s.Name)
		assert.Positive(t, geodesy.Area(s.Geometry), "area of %s", s.Name)
	}
}

func TestRecordsInCodeOrder(t *testing.T) {
	c := generate(t, 53, demo.Size{})
	assert.True(t, slices.IsSortedFunc(c.Issuers, func(a, b *land.Issuer) int { return strings.Compare(string(a.Code), string(b.Code)) }), "issuers")
	assert.True(t, slices.IsSortedFunc(c.Plots, func(a, b *land.Plot) int { return strings.Compare(string(a.Code), string(b.Code)) }), "plots")
	assert.True(t, slices.IsSortedFunc(c.Contractors, func(a, b *land.Contractor) int { return strings.Compare(string(a.Code), string(b.Code)) }), "contractors")
	assert.True(t, slices.IsSortedFunc(c.Contracts, func(a, b *land.Contract) int { return strings.Compare(string(a.Code), string(b.Code)) }), "contracts")
	assert.True(t, slices.IsSortedFunc(c.Transfers, func(a, b *land.Transfer) int { return strings.Compare(string(a.Code), string(b.Code)) }), "transfers")
	assert.True(t, slices.IsSortedFunc(c.Plantings, func(a, b *land.Planting) int { return a.Key().Compare(b.Key()) }), "plantings")
	assert.True(t, slices.IsSortedFunc(c.Wells, func(a, b *water.Well) int { return strings.Compare(string(a.Code), string(b.Code)) }), "wells")
	assert.True(t, slices.IsSortedFunc(c.Canals, func(a, b *water.Canal) int { return strings.Compare(string(a.Code), string(b.Code)) }), "canals")
	assert.True(t, slices.IsSortedFunc(c.Gates, func(a, b *water.Gate) int { return strings.Compare(string(a.Code), string(b.Code)) }), "gates")
	assert.True(t, slices.IsSortedFunc(c.VillageMeters, func(a, b *water.VillageMeter) int { return strings.Compare(string(a.Code), string(b.Code)) }), "village meters")
}

func TestLargestCountyStaysInRegion(t *testing.T) {
	// The county reaches furthest north with the most townships and furthest east with
	// the most villages, so two long, thin counties bound the largest one.
	tests := []struct {
		name string
		size demo.Size
	}{
		{"most townships", demo.Size{Townships: 20, VillagesPerTownship: 1, PlotsPerVillage: 200, Wells: 20}},
		{"most villages", demo.Size{Townships: 1, VillagesPerTownship: 30, PlotsPerVillage: 200, Wells: 30}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := generate(t, 59, tc.size)
			minLon, minLat, maxLon, maxLat := 180.0, 90.0, -180.0, -90.0
			for _, v := range c.Villages {
				flat := v.Boundary.FlatCoords()
				for i := 0; i < len(flat); i += 2 {
					minLon, maxLon = min(minLon, flat[i]), max(maxLon, flat[i])
					minLat, maxLat = min(minLat, flat[i+1]), max(maxLat, flat[i+1])
				}
			}
			assert.Greater(t, minLon, 83.2, "west")
			assert.Less(t, maxLon, 83.8, "east")
			assert.Greater(t, minLat, 44.7, "south")
			assert.Less(t, maxLat, 46.0, "north")
		})
	}
}

func TestDefaultCountyExtent(t *testing.T) {
	c := generate(t, 61, demo.Size{})
	minLon, minLat, maxLon, maxLat := 180.0, 90.0, -180.0, -90.0
	for _, p := range c.Plots {
		flat := p.Geometry.FlatCoords()
		for i := 0; i < len(flat); i += 2 {
			minLon, maxLon = min(minLon, flat[i]), max(maxLon, flat[i])
			minLat, maxLat = min(minLat, flat[i+1]), max(maxLat, flat[i+1])
		}
	}
	t.Logf("plots span %.4f-%.4f°E, %.4f-%.4f°N", minLon, maxLon, minLat, maxLat)
	assert.Greater(t, minLon, 83.3, "west")
	assert.Less(t, maxLon, 83.4, "east")
	assert.Greater(t, minLat, 44.78, "south")
	assert.Less(t, maxLat, 44.85, "north")
}
