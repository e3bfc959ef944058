package landtest

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
)

// Codes of the fixture records: Bachu County (653130), two townships, three villages.
const (
	county     land.DivisionCode = "653130"
	townshipA  land.DivisionCode = "653130101"
	townshipB  land.DivisionCode = "653130102"
	villageA1  land.DivisionCode = "653130101001"
	villageA2  land.DivisionCode = "653130101002"
	villageB1  land.DivisionCode = "653130102001"
	issuerA1   land.IssuerCode   = "65313010100101"
	issuerA2   land.IssuerCode   = "65313010100201"
	issuerB1   land.IssuerCode   = "65313010200101"
	otherPlace land.DivisionCode = "653101"
)

// plotCode returns the code of plot seq under issuer.
func plotCode(issuer land.IssuerCode, seq int) land.PlotCode {
	return land.PlotCode(fmt.Sprintf("%s%05d", issuer, seq))
}

// contractorCode returns the code of contractor seq under issuer.
func contractorCode(issuer land.IssuerCode, seq int) land.ContractorCode {
	return land.ContractorCode(fmt.Sprintf("%s%04d", issuer, seq))
}

// contractCode returns the family-contracting code of contractor seq under issuer.
func contractCode(issuer land.IssuerCode, seq int) land.ContractCode {
	return land.ContractCode(string(contractorCode(issuer, seq)) + "J")
}

func mu(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(year int, month time.Month, d int) land.Date { return land.NewDate(year, month, d) }

// square returns a closed counter-clockwise ring of side size degrees from (lon, lat).
func square(lon, lat, size float64) []geom.Coord {
	return []geom.Coord{
		{lon, lat}, {lon + size, lat}, {lon + size, lat + size}, {lon, lat + size}, {lon, lat},
	}
}

// hole returns square reversed to clockwise, as holes are usually wound.
func hole(lon, lat, size float64) []geom.Coord {
	ring := square(lon, lat, size)
	for i, j := 0, len(ring)-1; i < j; i, j = i+1, j-1 {
		ring[i], ring[j] = ring[j], ring[i]
	}
	return ring
}

// polygonWithHole returns a plot-sized polygon near Bachu with one hole.
func polygonWithHole() *geom.Polygon {
	return geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{
		square(78.5, 39.8, 0.002),
		hole(78.5005, 39.8005, 0.0005),
	}).SetSRID(4490)
}

// multiPolygonWithHoles returns two polygons, the first with two holes and the second with
// one, as a plot split by a canal is surveyed.
func multiPolygonWithHoles() *geom.MultiPolygon {
	return geom.NewMultiPolygon(geom.XY).MustSetCoords([][][]geom.Coord{
		{
			square(78.51, 39.81, 0.003),
			hole(78.5105, 39.8105, 0.0005),
			hole(78.5120, 39.8120, 0.0004),
		},
		{
			square(78.52, 39.81, 0.001),
			hole(78.5203, 39.8103, 0.0002),
		},
	}).SetSRID(4490)
}

// fullPlot returns a plot with every field set, in villageA1.
func fullPlot() *land.Plot {
	return &land.Plot{
		Code:                 plotCode(issuerA1, 1),
		Name:                 "渠边地",
		Village:              villageA1,
		Geometry:             polygonWithHole(),
		Class:                land.ClassContracted,
		Category:             land.CategoryContractedPlot,
		Use:                  land.UseIrrigated,
		DeclaredArea:         mu("5.37"),
		HighStandardFarmland: true,
		Salinity:             land.SalinityLight,
		Irrigation:           land.IrrigationUnderFilmDrip,
	}
}

// filterPlots returns plots spread over villages, classes and uses for the filter tests.
func filterPlots() []*land.Plot {
	mk := func(issuer land.IssuerCode, seq int, village land.DivisionCode, class land.Class,
		use land.Use) *land.Plot {
		return &land.Plot{Code: plotCode(issuer, seq), Village: village, Class: class, Use: use}
	}
	return []*land.Plot{
		mk(issuerA1, 1, villageA1, land.ClassContracted, land.UseIrrigated),
		mk(issuerA1, 2, villageA1, land.ClassContracted, land.UseDry),
		mk(issuerA1, 3, villageA1, land.ClassCollective, land.UseDitch),
		mk(issuerA2, 1, villageA2, land.ClassContracted, land.UseIrrigated),
		mk(issuerA2, 2, villageA2, land.ClassStateOwned, land.UseSaline),
		mk(issuerB1, 1, villageB1, land.ClassContracted, land.UsePaddy),
		mk(issuerB1, 2, "", land.ClassUnknown, ""),
	}
}

func fullIssuer() *land.Issuer {
	return &land.Issuer{
		Code: issuerA1, Name: "第一村民小组", Village: villageA1, Representative: "阿不都",
	}
}

func fullContractor() *land.Contractor {
	return &land.Contractor{
		Code:    contractorCode(issuerA1, 1),
		Name:    "买买提·吐尔逊",
		Address: "巴楚县某乡某村 12 号",
		Members: []land.Member{
			{Name: "买买提·吐尔逊", Relation: land.RelationHead, IDNumber: "653130198001011234"},
			{Name: "阿依古丽", Relation: land.RelationSpouse, IDNumber: "65313019820202234X"},
			{Name: "小明", Relation: land.RelationSon, Remark: "在读"},
		},
	}
}

func fullContract() *land.Contract {
	return &land.Contract{
		Code: contractCode(issuerA1, 1),
		Term: land.SecondRoundTerm(day(1998, time.January, 1)),
		Area: mu("12.345"),
		Plots: []land.ContractedPlot{
			{Plot: plotCode(issuerA1, 1), Area: mu("5.37")},
			{Plot: plotCode(issuerA1, 2), Area: mu("6.975")},
		},
	}
}

func fullTransfer() *land.Transfer {
	contract := contractCode(issuerA1, 1)
	return &land.Transfer{
		Code:     land.TransferContractCode(contract),
		Contract: contract,
		Lessee: land.Party{
			Name: "巴楚县某棉花种植专业合作社", ID: "93653130MA7XXXXXXX",
		},
		Method: land.TransferRent,
		Period: land.Period{Start: day(2020, time.March, 1), End: day(2025, time.February, 28)},
		Plots: []land.TransferredPlot{
			{Plot: plotCode(issuerA1, 1), Area: mu("5.37")},
			{Plot: plotCode(issuerA1, 2), Area: mu("3.5")},
		},
		Rent:   mu("650.50"),
		Signed: day(2020, time.February, 15),
	}
}

func fullPlanting() *land.Planting {
	return &land.Planting{
		Plot: plotCode(issuerA1, 1), Year: 2024, Season: land.SeasonSpring,
		Crop: "棉花", Variety: "新陆中 88", SownArea: mu("5.2"),
	}
}
