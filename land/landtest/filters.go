package landtest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/internal/storetest"
	"github.com/shuxiang/shuxiang/land"
)

func testPlotGeometry(t *testing.T, newStore func(t *testing.T) land.Store) {
	tests := []struct {
		name     string
		geometry geom.T
	}{
		{"PolygonWithHole", polygonWithHole()},
		{"MultiPolygonWithHoles", multiPolygonWithHoles()},
		{"NoGeometry", nil},
		{"PolygonWithoutSRID", geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{
			square(78.53, 39.82, 0.001),
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newStore(t)
			ctx := context.Background()
			p := fullPlot()
			p.Geometry = tt.geometry
			require.NoError(t, s.PutPlot(ctx, p))

			got, err := s.Plot(ctx, p.Code)
			require.NoError(t, err)
			assertPlot(t, p, got)
			assert.InDelta(t, p.MeasuredArea(), got.MeasuredArea(), 1e-6, "measured area in m²")
		})
	}
}

// putAll stores each record with put and fails the test on the first error.
func putAll[T any](t *testing.T, records []*T, put func(context.Context, *T) error) {
	t.Helper()
	for _, r := range records {
		require.NoError(t, put(context.Background(), r))
	}
}

func testPlotFilter(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Parallel()
	s := newStore(t)
	putAll(t, filterPlots(), s.PutPlot)

	cases := []storetest.FilterCase[land.PlotFilter]{
		{Name: "All", Filter: land.PlotFilter{}, Want: plotKeys(filterPlots())},
		{Name: "County", Filter: land.PlotFilter{Division: county},
			Want: plotKeys(filterPlots()[:6])},
		{Name: "Township", Filter: land.PlotFilter{Division: townshipA},
			Want: plotKeys(filterPlots()[:5])},
		{Name: "Village", Filter: land.PlotFilter{Division: villageA2},
			Want: plotKeys(filterPlots()[3:5])},
		{Name: "OtherCounty", Filter: land.PlotFilter{Division: otherPlace}},
		{Name: "Issuer", Filter: land.PlotFilter{Issuer: issuerB1},
			Want: plotKeys(filterPlots()[5:])},
		{Name: "Class", Filter: land.PlotFilter{Class: land.ClassContracted}, Want: codeList(
			plotCode(issuerA1, 1), plotCode(issuerA1, 2), plotCode(issuerA2, 1), plotCode(issuerB1, 1),
		)},
		{Name: "UseSecondLevel", Filter: land.PlotFilter{Use: land.UseIrrigated}, Want: codeList(
			plotCode(issuerA1, 1), plotCode(issuerA2, 1),
		)},
		{Name: "UseFirstLevel", Filter: land.PlotFilter{Use: land.UseCultivated}, Want: codeList(
			plotCode(issuerA1, 1), plotCode(issuerA1, 2), plotCode(issuerA2, 1), plotCode(issuerB1, 1),
		)},
		{Name: "UseOtherLand", Filter: land.PlotFilter{Use: "12"},
			Want: codeList(plotCode(issuerA2, 2))},
		{Name: "Combined", Filter: land.PlotFilter{
			Division: townshipA, Class: land.ClassContracted, Use: land.UseIrrigated,
		}, Want: codeList(plotCode(issuerA1, 1), plotCode(issuerA2, 1))},
		{Name: "CombinedPage", Filter: land.PlotFilter{
			Division: county, Class: land.ClassContracted, Page: land.Page{Limit: 3},
		}, Want: codeList(plotCode(issuerA1, 1), plotCode(issuerA1, 2), plotCode(issuerA2, 1))},
	}
	storetest.CheckFilters(t, cases, s.Plots, plotKey, nil)
}

func plotKey(p *land.Plot) string { return string(p.Code) }

func plotKeys(plots []*land.Plot) []string { return storetest.Keys(plots, plotKey) }

// codeList returns codes as the keys of a listing.
func codeList(codes ...land.PlotCode) []string {
	keys := make([]string, len(codes))
	for i, c := range codes {
		keys[i] = string(c)
	}
	return keys
}

func testIssuerFilter(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Parallel()
	s := newStore(t)
	issuers := []*land.Issuer{
		{Code: issuerA1, Name: "一组", Village: villageA1},
		{Code: issuerA2, Name: "二村一组", Village: villageA2},
		{Code: issuerB1, Name: "乙乡一组", Village: villageB1},
		{Code: "65313010100102", Name: "二组"},
	}
	putAll(t, issuers, s.PutIssuer)
	key := func(i *land.Issuer) string { return string(i.Code) }

	cases := []storetest.FilterCase[land.IssuerFilter]{
		{Name: "All", Filter: land.IssuerFilter{}, Want: []string{
			string(issuerA1), "65313010100102", string(issuerA2), string(issuerB1),
		}},
		{Name: "Township", Filter: land.IssuerFilter{Division: townshipA}, Want: []string{
			string(issuerA1), string(issuerA2),
		}},
		{Name: "Village", Filter: land.IssuerFilter{Division: villageB1},
			Want: []string{string(issuerB1)}},
		{Name: "OtherCounty", Filter: land.IssuerFilter{Division: otherPlace}},
	}
	storetest.CheckFilters(t, cases, s.Issuers, key, nil)
}

func testContractorFilter(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Parallel()
	s := newStore(t)
	contractors := []*land.Contractor{
		{Code: contractorCode(issuerA1, 1), Name: "户一"},
		{Code: contractorCode(issuerA1, 8001), Name: "个人"},
		{Code: contractorCode(issuerA1, 9001), Name: "某公司"},
		{Code: contractorCode(issuerB1, 2), Name: "户二"},
	}
	putAll(t, contractors, s.PutContractor)
	key := func(c *land.Contractor) string { return string(c.Code) }

	cases := []storetest.FilterCase[land.ContractorFilter]{
		{Name: "All", Filter: land.ContractorFilter{}, Want: storetest.Keys(contractors, key)},
		{Name: "Issuer", Filter: land.ContractorFilter{Issuer: issuerA1},
			Want: storetest.Keys(contractors[:3], key)},
		{Name: "Household", Filter: land.ContractorFilter{Kind: land.ContractorHousehold},
			Want: []string{key(contractors[0]), key(contractors[3])}},
		{Name: "IssuerUnit", Filter: land.ContractorFilter{Issuer: issuerA1, Kind: land.ContractorUnit},
			Want: []string{key(contractors[2])}},
		{Name: "OtherIssuer", Filter: land.ContractorFilter{Issuer: issuerA2}},
	}
	storetest.CheckFilters(t, cases, s.Contractors, key, nil)
}

func testContractFilter(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Parallel()
	s := newStore(t)
	term := land.SecondRoundTerm(day(1998, time.January, 1))
	contracts := []*land.Contract{
		{Code: contractCode(issuerA1, 1), Term: term, Plots: []land.ContractedPlot{
			{Plot: plotCode(issuerA1, 1), Area: mu("2")}, {Plot: plotCode(issuerA1, 2), Area: mu("3")},
		}},
		{Code: contractCode(issuerA1, 2), Term: term, Plots: []land.ContractedPlot{
			{Plot: plotCode(issuerA1, 3), Area: mu("4")},
		}},
		{Code: land.ContractCode(string(contractorCode(issuerA1, 2)) + "Q"), Term: term},
		{Code: contractCode(issuerB1, 1), Term: term, Plots: []land.ContractedPlot{
			{Plot: plotCode(issuerB1, 1), Area: mu("1.5")},
		}},
	}
	putAll(t, contracts, s.PutContract)
	key := func(c *land.Contract) string { return string(c.Code) }

	cases := []storetest.FilterCase[land.ContractFilter]{
		{Name: "All", Filter: land.ContractFilter{}, Want: storetest.Keys(contracts, key)},
		{Name: "Issuer", Filter: land.ContractFilter{Issuer: issuerA1},
			Want: storetest.Keys(contracts[:3], key)},
		{Name: "Contractor", Filter: land.ContractFilter{Contractor: contractorCode(issuerA1, 2)},
			Want: storetest.Keys(contracts[1:3], key)},
		{Name: "Plot", Filter: land.ContractFilter{Plot: plotCode(issuerA1, 2)},
			Want: []string{key(contracts[0])}},
		{Name: "PlotNowhere", Filter: land.ContractFilter{Plot: plotCode(issuerA1, 9)}},
		{Name: "IssuerAndPlot", Filter: land.ContractFilter{
			Issuer: issuerB1, Plot: plotCode(issuerA1, 1),
		}},
	}
	storetest.CheckFilters(t, cases, s.Contracts, key, nil)
}

func testTransferFilter(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Parallel()
	s := newStore(t)
	transfer := func(contract land.ContractCode, code land.TransferContractCode, start, end land.Date,
		plots ...land.PlotCode) *land.Transfer {
		r := &land.Transfer{
			Code: code, Contract: contract, Lessee: land.Party{Name: "合作社"},
			Method: land.TransferRent, Period: land.Period{Start: start, End: end}, Rent: mu("600"),
		}
		for _, p := range plots {
			r.Plots = append(r.Plots, land.TransferredPlot{Plot: p, Area: mu("1")})
		}
		return r
	}
	c1, c2, c3 := contractCode(issuerA1, 1), contractCode(issuerA1, 2), contractCode(issuerB1, 1)
	transfers := []*land.Transfer{
		transfer(c1, land.TransferContractCode(contractorCode(issuerA1, 1)),
			day(2018, time.January, 1), day(2020, time.December, 31), plotCode(issuerA1, 1)),
		transfer(c1, land.TransferContractCode(c1),
			day(2021, time.January, 1), day(2025, time.December, 31),
			plotCode(issuerA1, 1), plotCode(issuerA1, 2)),
		transfer(c2, land.TransferContractCode(c2),
			day(2020, time.June, 1), day(2023, time.May, 31), plotCode(issuerA1, 3)),
		transfer(c3, land.TransferContractCode(c3),
			day(2019, time.March, 1), day(2029, time.February, 28), plotCode(issuerB1, 1)),
	}
	putAll(t, transfers, s.PutTransfer)
	key := func(r *land.Transfer) string { return string(r.Code) }
	keys := func(rs ...*land.Transfer) []string { return storetest.Keys(rs, key) }

	cases := []storetest.FilterCase[land.TransferFilter]{
		{Name: "All", Filter: land.TransferFilter{}, Want: keys(transfers...)},
		{Name: "Issuer", Filter: land.TransferFilter{Issuer: issuerA1},
			Want: keys(transfers[:3]...)},
		{Name: "Contract", Filter: land.TransferFilter{Contract: c1}, Want: keys(transfers[:2]...)},
		{Name: "Lessor", Filter: land.TransferFilter{Lessor: contractorCode(issuerA1, 2)},
			Want: keys(transfers[2:3]...)},
		{Name: "Plot", Filter: land.TransferFilter{Plot: plotCode(issuerA1, 1)},
			Want: keys(transfers[:2]...)},
		{Name: "ActiveOnFirstDay", Filter: land.TransferFilter{ActiveOn: day(2021, time.January, 1)},
			Want: keys(transfers[1], transfers[2], transfers[3])},
		{Name: "ActiveOnLastDay", Filter: land.TransferFilter{ActiveOn: day(2020, time.December, 31)},
			Want: keys(transfers[0], transfers[2], transfers[3])},
		{Name: "ActiveOnNone", Filter: land.TransferFilter{ActiveOn: day(2030, time.January, 1)}},
		{Name: "PlotAndActiveOn", Filter: land.TransferFilter{
			Plot: plotCode(issuerA1, 1), ActiveOn: day(2019, time.July, 1),
		}, Want: keys(transfers[:1]...)},
	}
	storetest.CheckFilters(t, cases, s.Transfers, key, nil)
}

func testPlantingFilter(t *testing.T, newStore func(t *testing.T) land.Store) {
	t.Parallel()
	s := newStore(t)
	var records []*land.Planting
	for i := range 7 {
		records = append(records, plantingSeq(i))
	}
	b1 := &land.Planting{Plot: plotCode(issuerB1, 1), Year: 2024, Season: land.SeasonSpring,
		Crop: "棉花", SownArea: mu("8")}
	records = append(records, b1)
	putAll(t, records, s.PutPlanting)
	key := func(r *land.Planting) string { return r.Key().String() }
	keys := func(rs ...*land.Planting) []string { return storetest.Keys(rs, key) }

	cases := []storetest.FilterCase[land.PlantingFilter]{
		{Name: "All", Filter: land.PlantingFilter{}, Want: keys(records...)},
		{Name: "Issuer", Filter: land.PlantingFilter{Issuer: issuerB1}, Want: keys(records[7:]...)},
		{Name: "Plot", Filter: land.PlantingFilter{Plot: plotCode(issuerA1, 2)},
			Want: keys(records[5:6]...)},
		{Name: "FromYear", Filter: land.PlantingFilter{FromYear: 2024},
			Want: keys(records[2], records[3], records[4], b1)},
		{Name: "ToYear", Filter: land.PlantingFilter{ToYear: 2022}, Want: keys(records[5:7]...)},
		{Name: "YearRange", Filter: land.PlantingFilter{FromYear: 2023, ToYear: 2023},
			Want: keys(records[:2]...)},
		{Name: "Season", Filter: land.PlantingFilter{Season: land.SeasonSpring},
			Want: keys(records[0], records[2], records[3], records[6], b1)},
		{Name: "Crop", Filter: land.PlantingFilter{Crop: "棉花"},
			Want: keys(records[0], records[2], b1)},
		{Name: "Combined", Filter: land.PlantingFilter{
			Issuer: issuerA1, FromYear: 2024, Season: land.SeasonSpring, Crop: "棉花",
		}, Want: keys(records[2:3]...)},
	}
	storetest.CheckFilters(t, cases, s.Plantings, key, nil)
}
