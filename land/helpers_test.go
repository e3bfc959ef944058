package land_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/twpayne/go-geom"

	"github.com/shuxiang/shuxiang/land"
)

// Fixture codes in Bachu County (653130).
const (
	villageA land.DivisionCode = "653130101001"
	villageB land.DivisionCode = "653130101002"
	issuerA  land.IssuerCode   = "65313010100101"
	issuerB  land.IssuerCode   = "65313010100201"
)

func plotCode(issuer land.IssuerCode, seq int) land.PlotCode {
	return land.PlotCode(fmt.Sprintf("%s%05d", issuer, seq))
}

func contractorCode(issuer land.IssuerCode, seq int) land.ContractorCode {
	return land.ContractorCode(fmt.Sprintf("%s%04d", issuer, seq))
}

func contractCode(issuer land.IssuerCode, seq int) land.ContractCode {
	return land.ContractCode(string(contractorCode(issuer, seq)) + "J")
}

// transferCode returns a distinct 18-digit transfer contract code for seq.
func transferCode(seq int) land.TransferContractCode {
	return land.TransferContractCode(contractorCode(issuerA, 100+seq))
}

func mu(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(year int, month time.Month, d int) land.Date { return land.NewDate(year, month, d) }

func period(start, end land.Date) land.Period { return land.Period{Start: start, End: end} }

// rectangle returns a polygon of width by height degrees with its south-west corner at
// (lon, lat).
func rectangle(lon, lat, width, height float64) *geom.Polygon {
	return geom.NewPolygon(geom.XY).MustSetCoords([][]geom.Coord{{
		{lon, lat}, {lon + width, lat}, {lon + width, lat + height}, {lon, lat + height}, {lon, lat},
	}})
}
