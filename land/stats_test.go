package land_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/land/geodesy"
)

// statsPlots returns four plots in two villages: two contracted irrigated plots and a canal
// in village A, one saline state-owned plot without geometry in village B.
func statsPlots() []*land.Plot {
	return []*land.Plot{
		{Code: plotCode(issuerA, 1), Village: villageA, Class: land.ClassContracted,
			Use: land.UseIrrigated, DeclaredArea: mu("10.5"), Geometry: rectangle(78.5, 39.8, 0.001, 0.001)},
		{Code: plotCode(issuerA, 2), Village: villageA, Class: land.ClassContracted,
			Use: land.UseIrrigated, DeclaredArea: mu("2.25"), Geometry: rectangle(78.51, 39.8, 0.002, 0.001)},
		{Code: plotCode(issuerA, 3), Village: villageA, Class: land.ClassCollective,
			Use: land.UseDitch, Geometry: rectangle(78.52, 39.8, 0.0001, 0.001)},
		{Code: plotCode(issuerB, 1), Village: villageB, Class: land.ClassStateOwned,
			Use: land.UseSaline, DeclaredArea: mu("40")},
	}
}

func TestAreaByVillage(t *testing.T) {
	plots := statsPlots()
	areas := make([]float64, len(plots))
	for i, p := range plots {
		areas[i] = geodesy.Area(p.Geometry)
	}
	got := land.AreaByVillage(plots)

	assert.Len(t, got, 2)
	a := got[villageA]
	wantM2 := areas[0] + areas[1] + areas[2]
	assert.Equal(t, 3, a.Plots, "plots in village A")
	assert.InDelta(t, wantM2, a.MeasuredSquareMetres, 1e-6, "measured m² in village A")
	assert.InDelta(t, wantM2*15/10000, a.MeasuredMu, 1e-9, "measured mu in village A")
	assert.Equal(t, "12.75", a.DeclaredMu.String(), "declared mu in village A")
	assert.Equal(t, 0, a.Unsurveyed, "unsurveyed plots in village A")

	b := got[villageB]
	assert.Equal(t, 1, b.Plots, "plots in village B")
	assert.Zero(t, b.MeasuredSquareMetres, "measured m² in village B")
	assert.Equal(t, "40", b.DeclaredMu.String(), "declared mu in village B")
	assert.Equal(t, 1, b.Unsurveyed, "unsurveyed plots in village B")
}

func TestAreaByClassAndUse(t *testing.T) {
	plots := statsPlots()
	byClass := land.AreaByClass(plots)
	byUse := land.AreaByUse(plots)
	tests := []struct {
		name      string
		got       land.AreaTotal
		wantPlots int
		wantM2    float64
		wantMu    string
	}{
		{"Contracted", byClass[land.ClassContracted], 2,
			plots[0].MeasuredArea() + plots[1].MeasuredArea(), "12.75"},
		{"Collective", byClass[land.ClassCollective], 1, plots[2].MeasuredArea(), "0"},
		{"StateOwned", byClass[land.ClassStateOwned], 1, 0, "40"},
		{"Irrigated", byUse[land.UseIrrigated], 2,
			plots[0].MeasuredArea() + plots[1].MeasuredArea(), "12.75"},
		{"Ditch", byUse[land.UseDitch], 1, plots[2].MeasuredArea(), "0"},
		{"Saline", byUse[land.UseSaline], 1, 0, "40"},
		{"Paddy", byUse[land.UsePaddy], 0, 0, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.wantPlots, tt.got.Plots, "plots")
			assert.InDelta(t, tt.wantM2, tt.got.MeasuredSquareMetres, 1e-6, "measured m²")
			assert.Equal(t, tt.wantMu, tt.got.DeclaredMu.String(), "declared mu")
		})
	}
	assert.Len(t, byClass, 3, "classes")
	assert.Len(t, byUse, 3, "uses")
}

func TestAreaByFirstLevelUse(t *testing.T) {
	got := land.AreaBy(statsPlots(), func(p *land.Plot) land.Use { return p.Use.Parent() })
	assert.Equal(t, 2, got[land.UseCultivated].Plots, "cultivated plots")
	assert.Equal(t, 1, got["11"].Plots, "water plots")
	assert.Equal(t, 1, got["12"].Plots, "other land plots")
}

func TestTotalArea(t *testing.T) {
	plots := statsPlots()
	got := land.TotalArea(plots)
	var want float64
	for _, p := range plots {
		want += p.MeasuredArea()
	}
	assert.Equal(t, 4, got.Plots)
	assert.InDelta(t, want, got.MeasuredSquareMetres, 1e-6)
	assert.Equal(t, "52.75", got.DeclaredMu.String())
	assert.Zero(t, land.TotalArea(nil).Plots)
}

func TestAreaByCrop(t *testing.T) {
	p1, p2 := plotCode(issuerA, 1), plotCode(issuerA, 2)
	plantings := []*land.Planting{
		{Plot: p1, Year: 2024, Season: land.SeasonSpring, Crop: "棉花", SownArea: mu("10.5")},
		{Plot: p2, Year: 2024, Season: land.SeasonSpring, Crop: "棉花", SownArea: mu("2.25")},
		{Plot: p1, Year: 2024, Season: land.SeasonAutumn, Crop: "小麦", SownArea: mu("10")},
		{Plot: p2, Year: 2024, Season: land.SeasonWholeYear, Crop: "苜蓿", SownArea: mu("0.75")},
		{Plot: p1, Year: 2023, Season: land.SeasonSpring, Crop: "棉花", SownArea: mu("10.5")},
	}
	tests := []struct {
		name   string
		season land.Season
		crop   string
		want   land.CropTotal
	}{
		{"YearCotton", 0, "棉花", land.CropTotal{Records: 2, Plots: 2, SownMu: mu("12.75")}},
		{"YearWheat", 0, "小麦", land.CropTotal{Records: 1, Plots: 1, SownMu: mu("10")}},
		{"SpringWheat", land.SeasonSpring, "小麦", land.CropTotal{}},
		{"SpringWholeYearCrop", land.SeasonSpring, "苜蓿", land.CropTotal{Records: 1, Plots: 1, SownMu: mu("0.75")}},
		{"AutumnWheat", land.SeasonAutumn, "小麦", land.CropTotal{Records: 1, Plots: 1, SownMu: mu("10")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := land.AreaByCrop(plantings, 2024, tt.season)[tt.crop]
			assert.Equal(t, tt.want.Records, got.Records, "records")
			assert.Equal(t, tt.want.Plots, got.Plots, "plots")
			assert.Truef(t, tt.want.SownMu.Equal(got.SownMu), "sown mu: got %s, want %s", got.SownMu, tt.want.SownMu)
			wantM2 := tt.want.SownMu.InexactFloat64() * 10000 / 15
			assert.InDelta(t, wantM2, got.SownSquareMetres, 1e-9, "sown m²")
		})
	}
}
