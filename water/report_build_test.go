package water_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// groupFixture returns rollups of March 2024 for every meter of the report register.
func groupFixture(t *testing.T) *fakeRollups {
	src := newFakeRollups(nil)
	fa1 := src.meter("F-A1", 3)  // litres
	ea1 := src.meter("E-A1", 2)  // ignored: W-A1 has a flow meter
	ca1 := src.meter("C-A1", 0)  // ignored: a card controller
	ea2 := src.meter("E-A2", 2)  // converted with 2.5 m³/kWh
	fb1 := src.meter("F-B1", 0)  // whole m³
	ft1 := src.meter("F-T1", 1)  // tenths of a m³
	other := src.meter("X-9", 0) // on no well of the register
	unnamed := src.meter("", 0)
	src.day(t, fa1, "2024-03-01", 100_500) // 100.5 m³
	src.day(t, ea1, "2024-03-01", 99_999)
	src.day(t, ca1, "2024-03-01", 7)
	src.day(t, ea2, "2024-03-01", 10_000) // 100 kWh, 250 m³
	src.day(t, fb1, "2024-03-01", 40)
	src.day(t, ft1, "2024-03-01", 125) // 12.5 m³
	src.day(t, other, "2024-03-01", 5)
	src.day(t, other, "2024-03-03", 6)
	src.day(t, unnamed, "2024-03-02", 9)
	return src
}

func TestReportGroups(t *testing.T) {
	ix := buildIndex(t, water.ReportConfig{}, groupFixture(t))
	tests := []struct {
		name  string
		level water.Level
		code  string
		want  string
	}{
		{"flow-metered well", water.LevelWell, "W-A1", "100.5"},
		{"well converted from kWh", water.LevelWell, "W-A2", "250"},
		{"whole m³", water.LevelWell, "W-B1", "40"},
		{"tenths of a m³", water.LevelWell, "W-T1", "12.5"},
		{"village", water.LevelVillage, reportVillage1, "350.5"},
		{"other village", water.LevelVillage, reportVillage2, "40"},
		{"township", water.LevelTownship, reportTownA, "390.5"},
		{"township of a well without village", water.LevelTownship, reportTownB, "12.5"},
		{"irrigation district", water.LevelDistrict, "GQ-1", "350.5"},
		{"county", water.LevelCounty, reportCounty, "403"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ix.Report(monthlyQuery(t, tt.level, tt.code, "2024-03-01", "2024-03-31"))
			require.NoError(t, err)
			require.Len(t, r.Rows, 1)
			assertDecimal(t, tt.want, r.Rows[0].Volume, tt.code)
		})
	}
}

func TestReportSplits(t *testing.T) {
	ix := buildIndex(t, water.ReportConfig{}, groupFixture(t))
	type split struct {
		source water.Source
		use    water.Use
		volume string
	}
	tests := []struct {
		name   string
		modify func(q *water.ReportQuery)
		want   []split
	}{
		{"by source", func(q *water.ReportQuery) { q.BySource = true }, []split{
			{water.ShallowGroundwater, 0, "113"}, {water.DeepGroundwater, 0, "290"},
		}},
		{"by use", func(q *water.ReportQuery) { q.ByUse = true }, []split{
			{0, water.Agriculture, "350.5"}, {0, water.RuralSupply, "40"}, {0, water.Industry, "12.5"},
		}},
		{"by source and use", func(q *water.ReportQuery) { q.BySource, q.ByUse = true, true }, []split{
			{water.ShallowGroundwater, water.Agriculture, "100.5"},
			{water.ShallowGroundwater, water.Industry, "12.5"},
			{water.DeepGroundwater, water.Agriculture, "250"},
			{water.DeepGroundwater, water.RuralSupply, "40"},
		}},
		{"one source by use", func(q *water.ReportQuery) { q.Source, q.ByUse = water.DeepGroundwater, true }, []split{
			{water.DeepGroundwater, water.Agriculture, "250"}, {water.DeepGroundwater, water.RuralSupply, "40"},
		}},
		{"one use", func(q *water.ReportQuery) { q.Use = water.Industry }, []split{
			{0, water.Industry, "12.5"},
		}},
		{"a source no well has", func(q *water.ReportQuery) { q.Source = water.SurfaceWater }, []split{
			{water.SurfaceWater, 0, "0"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := monthlyQuery(t, water.LevelCounty, reportCounty, "2024-03-01", "2024-03-31")
			tt.modify(&q)
			r, err := ix.Report(q)
			require.NoError(t, err)
			require.Len(t, r.Rows, len(tt.want))
			for i, w := range tt.want {
				row := r.Rows[i]
				assert.Equal(t, w.source, row.Source, "row %d source", i)
				assert.Equal(t, w.use, row.Use, "row %d use", i)
				assertDecimal(t, w.volume, row.Volume, "row", i)
			}
		})
	}
}

func TestReportListings(t *testing.T) {
	ix := buildIndex(t, water.ReportConfig{}, groupFixture(t))
	tests := []struct {
		name      string
		level     water.Level
		within    land.DivisionCode
		source    water.Source
		wantCodes []string
	}{
		{"every well", water.LevelWell, "", 0, []string{"W-A1", "W-A2", "W-B1", "W-T1"}},
		{"wells of a village", water.LevelWell, reportVillage1, 0, []string{"W-A1", "W-A2"}},
		{"wells of a township", water.LevelWell, reportTownB, 0, []string{"W-T1"}},
		{"villages of a township", water.LevelVillage, reportTownA, 0, []string{reportVillage1, reportVillage2}},
		{"townships of the county", water.LevelTownship, reportCounty, 0, []string{reportTownA, reportTownB}},
		{"districts", water.LevelDistrict, "", 0, []string{"GQ-1"}},
		{"deep-groundwater villages", water.LevelVillage, "", water.DeepGroundwater,
			[]string{reportVillage1, reportVillage2}},
		{"shallow-groundwater villages", water.LevelVillage, "", water.ShallowGroundwater,
			[]string{reportVillage1}},
		{"surface-water wells", water.LevelWell, "", water.SurfaceWater, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := monthlyQuery(t, tt.level, "", "2024-03-01", "2024-03-31")
			q.Within, q.Source = tt.within, tt.source
			r, err := ix.Report(q)
			require.NoError(t, err)
			var codes []string
			for _, row := range r.Rows {
				codes = append(codes, row.Code)
			}
			assert.Equal(t, tt.wantCodes, codes)
		})
	}
}

func TestReportSkipped(t *testing.T) {
	ix := buildIndex(t, water.ReportConfig{}, groupFixture(t))
	skipped := ix.Skipped()
	require.Len(t, skipped, 2)

	unnamed := skipped[0]
	assert.Equal(t, water.SkipUnnamedMeter, unnamed.Reason)
	assert.Equal(t, uint32(7), unnamed.ID)
	assert.Equal(t, 1, unnamed.Days)
	assertDecimal(t, "9", unnamed.Amount, "unnamed amount")

	other := skipped[1]
	assert.Equal(t, water.SkipNotInRegister, other.Reason)
	assert.Equal(t, water.MeterID("X-9"), other.Meter)
	assert.Equal(t, 2, other.Days)
	assert.Equal(t, testPeriod(t, "2024-03-01", "2024-03-03"), land.Period{Start: other.First, End: other.Last})
	assertDecimal(t, "11", other.Amount, "other amount")
}

func TestReportCoefficientChange(t *testing.T) {
	src := newFakeRollups(nil)
	ea2 := src.meter("E-A2", 2)
	// The coefficient changes from 2.5 to 3 m³/kWh at 12:00 on 6 March.
	src.hourly(t, ea2, "2024-03-06", map[int]int64{8: 1000, 11: 200, 12: 300, 14: 1000})
	// A day without hours falls back to its total under one coefficient.
	src.day(t, ea2, "2024-03-07", 2000)
	// The history starts in 2020, so kWh of 2019 has no coefficient.
	src.hourly(t, ea2, "2019-12-31", map[int]int64{10: 400})
	src.day(t, ea2, "2019-12-30", 0)
	ix := buildIndex(t, water.ReportConfig{}, src)

	tests := []struct {
		name, day  string
		want       string
		wantRecord int
	}{
		{"hours on both sides of the change", "2024-03-06", "69", 1}, // 12 kWh × 2.5 + 13 kWh × 3
		{"whole day after the change", "2024-03-07", "60", 1},
		{"no coefficient", "2019-12-31", "0", 0},
		{"zero kWh needs no coefficient", "2019-12-30", "0", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := water.ReportQuery{
				Level: water.LevelWell, Code: "W-A2", Granularity: water.Daily,
				From: testDate(t, tt.day), Through: testDate(t, tt.day),
			}
			r, err := ix.Report(q)
			require.NoError(t, err)
			require.Len(t, r.Rows, 1)
			assertDecimal(t, tt.want, r.Rows[0].Volume, tt.day)
			assert.Equal(t, tt.wantRecord, r.Rows[0].Records, "records")
		})
	}

	skipped := ix.Skipped()
	require.Len(t, skipped, 1)
	assert.Equal(t, water.SkipNoCoefficient, skipped[0].Reason)
	assert.Equal(t, water.WellCode("W-A2"), skipped[0].Well)
	assertDecimal(t, "4", skipped[0].Amount, "kWh without a coefficient")
}

func TestReportBuilderRejects(t *testing.T) {
	t.Run("zone of another report", func(t *testing.T) {
		urumqi, err := metering.NewZone(localTime(t, "Asia/Urumqi", "2024-01-01T00:00").Location())
		require.NoError(t, err)
		b, err := water.NewReportBuilder(water.ReportConfig{}, reportWells(), nil)
		require.NoError(t, err)
		src := newFakeRollups(urumqi)
		err = b.AddRollups(src, src)
		require.Error(t, err)
		assert.Contains(t, err.Error(), "Asia/Urumqi")
	})
	t.Run("same day twice", func(t *testing.T) {
		b, err := water.NewReportBuilder(water.ReportConfig{}, reportWells(), nil)
		require.NoError(t, err)
		src := newFakeRollups(nil)
		src.day(t, src.meter("F-A1", 0), "2024-03-01", 5)
		require.NoError(t, b.AddRollups(src, src))
		require.NoError(t, b.AddRollups(src, src))
		_, err = b.Build()
		assert.ErrorContains(t, err, "two rollups")
	})
	t.Run("meter on two wells", func(t *testing.T) {
		wells := reportWells()
		wells[1].Meters = wells[0].Meters[:1]
		_, err := water.NewReportBuilder(water.ReportConfig{}, wells, nil)
		assert.ErrorContains(t, err, "F-A1")
	})
	t.Run("well twice", func(t *testing.T) {
		wells := append(reportWells(), reportWells()[0])
		wells[len(wells)-1].Meters = nil
		_, err := water.NewReportBuilder(water.ReportConfig{}, wells, nil)
		assert.ErrorContains(t, err, "twice")
	})
	t.Run("invalid well", func(t *testing.T) {
		wells := reportWells()
		wells[2].Division = "6542"
		_, err := water.NewReportBuilder(water.ReportConfig{}, wells, nil)
		assert.Error(t, err)
	})
	t.Run("two histories of a well", func(t *testing.T) {
		h := reportHistories(t)
		_, err := water.NewReportBuilder(water.ReportConfig{}, reportWells(), append(h, h...))
		assert.ErrorContains(t, err, "W-A2")
	})
}
