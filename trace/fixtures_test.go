package trace_test

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// Fixture codes: a cooperative and a company in Hotan County (653221), a plot of a
// village there, and a planting record of red dates on it.
const (
	coopCode    trace.CreditCode  = "93653221MA78ABCD1U"
	companyCode trace.CreditCode  = "91653221MA7X0K2P4F"
	village     land.DivisionCode = "653221101001"
	plotCode    land.PlotCode     = "6532211010010100042"
	gtin                          = "06901234000016"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var cst = time.FixedZone("CST", 8*3600)

func at(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2024, month, day, hour, minute, 0, 0, cst)
}

func fixtureProducer() *trace.Producer {
	return &trace.Producer{Code: coopCode, Name: "和田县红枣专业合作社", Kind: trace.Cooperative,
		Division: village, Phone: "0903-2512345"}
}

func fixtureProduct() *trace.Product {
	return &trace.Product{ID: "HT-JUNZAO", Producer: coopCode, Name: "和田骏枣", Variety: "骏枣",
		Category: trace.Fruit, Unit: trace.Kilogram}
}

func fixturePlanting() *land.Planting {
	return &land.Planting{Plot: plotCode, Year: 2024, Season: land.SeasonWholeYear, Crop: "红枣",
		Variety: "骏枣", SownArea: dec("12.50")}
}

func fixtureBatch() *trace.Batch {
	return &trace.Batch{ID: "2024-HT-0001", Product: "HT-JUNZAO", Plot: plotCode,
		Planting:    fixturePlanting().Key(),
		HarvestedOn: land.NewDate(2024, time.October, 8), Quantity: trace.Kilograms("1200.50"),
		Origin: village}
}

func fixtureCertificate() *trace.Certificate {
	return &trace.Certificate{Number: "HT20241009-0001",
		Issuer:  trace.CertificateIssuer{Name: "和田县红枣专业合作社", Code: coopCode, Phone: "13912345678"},
		Product: "和田骏枣", ProductID: "HT-JUNZAO", Batch: "2024-HT-0001",
		Quantity: trace.Kilograms("1200.50"), Origin: village, OriginName: "和田县拉依喀乡",
		IssuedOn: land.NewDate(2024, time.October, 9),
		Bases:    trace.Bases(trace.QualityControl | trace.CommissionedTesting),
		Report:   "R2024-0815", ReportURL: "https://trace.hotan.example.cn/report/R2024-0815"}
}

func fixtureReport() *trace.TestReport {
	return &trace.TestReport{Number: "R2024-0815", Lab: trace.Lab{Name: "和田地区农产品质量检测中心",
		Accreditation: "240012345678"}, Batch: "2024-HT-0001", Product: "HT-JUNZAO",
		SampledOn: land.NewDate(2024, time.October, 8), IssuedOn: land.NewDate(2024, time.October, 9),
		Result: trace.Pass, Items: []trace.TestItem{
			{Name: "毒死蜱", Method: "GB 23200.113-2018", Value: dec("0.010"), Limit: dec("0.5"),
				Unit: "mg/kg", NotDetected: true, Result: trace.Pass},
			{Name: "多菌灵", Value: dec("0.12"), Limit: dec("0.5"), Unit: "mg/kg", Result: trace.Pass},
		}}
}

func fixtureIssuance() *trace.Issuance {
	return &trace.Issuance{ID: "I-2024-0001", Batch: "2024-HT-0001", Scheme: trace.SchemeMinted,
		Space: trace.MintSpace(1, 0), KeyVersion: 1, First: 0, Count: 1000, State: trace.Active,
		ActivatedAt: at(time.October, 10, 8, 0), IssuedAt: at(time.October, 9, 18, 0),
		Destinations: []land.DivisionCode{"650100", "310000"}}
}
