package landtest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/twpayne/go-geom"

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

	tests := []struct {
		name   string
		filter land.PlotFilter
		want   []land.PlotCode
	}{
		{"All", land.PlotFilter{}, codesOf(filterPlots())},
		{"County", land.PlotFilter{Division: county}, codesOf(filterPlots()[:6])},
		{"Township", land.PlotFilter{Division: townshipA}, codesOf(filterPlots()[:5])},
		{"Village", land.PlotFilter{Division: villageA2}, codesOf(filterPlots()[3:5])},
		{"OtherCounty", land.PlotFilter{Division: otherPlace}, nil},
		{"Issuer", land.PlotFilter{Issuer: issuerB1}, codesOf(filterPlots()[5:])},
		{"Class", land.PlotFilter{Class: land.ClassContracted}, []land.PlotCode{
			plotCode(issuerA1, 1), plotCode(issuerA1, 2), plotCode(issuerA2, 1), plotCode(issuerB1, 1),
		}},
		{"UseSecondLevel", land.PlotFilter{Use: land.UseIrrigated}, []land.PlotCode{
			plotCode(issuerA1, 1), plotCode(issuerA2, 1),
		}},
		{"UseFirstLevel", land.PlotFilter{Use: land.UseCultivated}, []land.PlotCode{
			plotCode(issuerA1, 1), plotCode(issuerA1, 2), plotCode(issuerA2, 1), plotCode(issuerB1, 1),
		}},
		{"UseOtherLand", land.PlotFilter{Use: "12"}, []land.PlotCode{plotCode(issuerA2, 2)}},
		{"Combined", land.PlotFilter{
			Division: townshipA, Class: land.ClassContracted, Use: land.UseIrrigated,
		}, []land.PlotCode{plotCode(issuerA1, 1), plotCode(issuerA2, 1)}},
		{"CombinedPage", land.PlotFilter{
			Division: county, Class: land.ClassContracted, Page: land.Page{Limit: 3},
		}, []land.PlotCode{plotCode(issuerA1, 1), plotCode(issuerA1, 2), plotCode(issuerA2, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plots, _, err := s.Plots(context.Background(), tt.filter)
			require.NoError(t, err)
			assert.Equal(t, tt.want, codesOf(plots))
		})
	}
}

func codesOf(plots []*land.Plot) []land.PlotCode {
	var codes []land.PlotCode
	for _, p := range plots {
		codes = append(codes, p.Code)
	}
	return codes
}

// listKeys returns the key of each record, or nil for none.
func listKeys[T any](records []*T, key func(*T) string) []string {
	var keys []string
	for _, r := range records {
		keys = append(keys, key(r))
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

	tests := []struct {
		name   string
		filter land.IssuerFilter
		want   []string
	}{
		{"All", land.IssuerFilter{}, []string{
			string(issuerA1), "65313010100102", string(issuerA2), string(issuerB1),
		}},
		{"Township", land.IssuerFilter{Division: townshipA}, []string{
			string(issuerA1), string(issuerA2),
		}},
		{"Village", land.IssuerFilter{Division: villageB1}, []string{string(issuerB1)}},
		{"OtherCounty", land.IssuerFilter{Division: otherPlace}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := s.Issuers(context.Background(), tt.filter)
			require.NoError(t, err)
			assert.Equal(t, tt.want, listKeys(got, key))
		})
	}
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

	tests := []struct {
		name   string
		filter land.ContractorFilter
		want   []string
	}{
		{"All", land.ContractorFilter{}, listKeys(contractors, key)},
		{"Issuer", land.ContractorFilter{Issuer: issuerA1}, listKeys(contractors[:3], key)},
		{"Household", land.ContractorFilter{Kind: land.ContractorHousehold},
			[]string{key(contractors[0]), key(contractors[3])}},
		{"IssuerUnit", land.ContractorFilter{Issuer: issuerA1, Kind: land.ContractorUnit},
			[]string{key(contractors[2])}},
		{"OtherIssuer", land.ContractorFilter{Issuer: issuerA2}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := s.Contractors(context.Background(), tt.filter)
			require.NoError(t, err)
			assert.Equal(t, tt.want, listKeys(got, key))
		})
	}
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

	tests := []struct {
		name   string
		filter land.ContractFilter
		want   []string
	}{
		{"All", land.ContractFilter{}, listKeys(contracts, key)},
		{"Issuer", land.ContractFilter{Issuer: issuerA1}, listKeys(contracts[:3], key)},
		{"Contractor", land.ContractFilter{Contractor: contractorCode(issuerA1, 2)},
			listKeys(contracts[1:3], key)},
		{"Plot", land.ContractFilter{Plot: plotCode(issuerA1, 2)}, []string{key(contracts[0])}},
		{"PlotNowhere", land.ContractFilter{Plot: plotCode(issuerA1, 9)}, nil},
		{"IssuerAndPlot", land.ContractFilter{Issuer: issuerB1, Plot: plotCode(issuerA1, 1)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := s.Contracts(context.Background(), tt.filter)
			require.NoError(t, err)
			assert.Equal(t, tt.want, listKeys(got, key))
		})
	}
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

	tests := []struct {
		name   string
		filter land.TransferFilter
		want   []*land.Transfer
	}{
		{"All", land.TransferFilter{}, transfers},
		{"Issuer", land.TransferFilter{Issuer: issuerA1}, transfers[:3]},
		{"Contract", land.TransferFilter{Contract: c1}, transfers[:2]},
		{"Lessor", land.TransferFilter{Lessor: contractorCode(issuerA1, 2)}, transfers[2:3]},
		{"Plot", land.TransferFilter{Plot: plotCode(issuerA1, 1)}, transfers[:2]},
		{"ActiveOnFirstDay", land.TransferFilter{ActiveOn: day(2021, time.January, 1)},
			[]*land.Transfer{transfers[1], transfers[2], transfers[3]}},
		{"ActiveOnLastDay", land.TransferFilter{ActiveOn: day(2020, time.December, 31)},
			[]*land.Transfer{transfers[0], transfers[2], transfers[3]}},
		{"ActiveOnNone", land.TransferFilter{ActiveOn: day(2030, time.January, 1)}, nil},
		{"PlotAndActiveOn", land.TransferFilter{
			Plot: plotCode(issuerA1, 1), ActiveOn: day(2019, time.July, 1),
		}, transfers[:1]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := s.Transfers(context.Background(), tt.filter)
			require.NoError(t, err)
			assert.Equal(t, listKeys(tt.want, key), listKeys(got, key))
		})
	}
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

	tests := []struct {
		name   string
		filter land.PlantingFilter
		want   []*land.Planting
	}{
		{"All", land.PlantingFilter{}, records},
		{"Issuer", land.PlantingFilter{Issuer: issuerB1}, records[7:]},
		{"Plot", land.PlantingFilter{Plot: plotCode(issuerA1, 2)}, records[5:6]},
		{"FromYear", land.PlantingFilter{FromYear: 2024}, []*land.Planting{
			records[2], records[3], records[4], b1,
		}},
		{"ToYear", land.PlantingFilter{ToYear: 2022}, records[5:7]},
		{"YearRange", land.PlantingFilter{FromYear: 2023, ToYear: 2023}, records[:2]},
		{"Season", land.PlantingFilter{Season: land.SeasonSpring}, []*land.Planting{
			records[0], records[2], records[3], records[6], b1,
		}},
		{"Crop", land.PlantingFilter{Crop: "棉花"}, []*land.Planting{records[0], records[2], b1}},
		{"Combined", land.PlantingFilter{
			Issuer: issuerA1, FromYear: 2024, Season: land.SeasonSpring, Crop: "棉花",
		}, records[2:3]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := s.Plantings(context.Background(), tt.filter)
			require.NoError(t, err)
			assert.Equal(t, listKeys(tt.want, key), listKeys(got, key))
		})
	}
}
