package tracetest

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

// Fixture codes: Hotan County (653221) with two townships, a plot, two producers.
const (
	county    land.DivisionCode = "653221"
	townshipA land.DivisionCode = "653221101"
	villageA  land.DivisionCode = "653221101001"
	villageB  land.DivisionCode = "653221102001"
	plot      land.PlotCode     = "6532211010010100042"
	coop      trace.CreditCode  = "93653221MA78ABCD1U"
	company   trace.CreditCode  = "91653221MA7X0K2P4F"
)

var cst = time.FixedZone("CST", 8*3600)

// instant returns a Beijing time in UTC to the microsecond, as stores return times.
func instant(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2024, month, day, hour, minute, 0, 250_000, cst).UTC()
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func producer(code trace.CreditCode, kind trace.ProducerKind, division land.DivisionCode) *trace.Producer {
	return &trace.Producer{Code: code, Name: "生产者 " + string(code), Kind: kind, Division: division,
		Address: "拉依喀乡", Contact: "买买提", Phone: "13912345678", GS1Prefix: "6901234"}
}

func product(seq int, producer trace.CreditCode, category trace.Category) *trace.Product {
	return &trace.Product{ID: trace.ProductID(fmt.Sprintf("P-%04d", seq)), Producer: producer,
		Name: "和田骏枣", Variety: "骏枣", Category: category, Unit: trace.Kilogram,
		GTIN: "06901234000016", Standard: "GB/T 32714-2016"}
}

func batch(seq int, product trace.ProductID, origin land.DivisionCode, harvested land.Date) *trace.Batch {
	return &trace.Batch{ID: trace.BatchID(fmt.Sprintf("B-%04d", seq)), Product: product, Plot: plot,
		Planting:    land.PlantingKey{Plot: plot, Year: 2024, Season: land.SeasonWholeYear, Crop: "红枣"},
		HarvestedOn: harvested, Quantity: trace.Quantity{Value: dec("1200.50"), Unit: trace.Kilogram},
		Origin: origin, Note: "第一批"}
}

func animal(serial int, farm trace.CreditCode, species trace.Species) *trace.Animal {
	tag, err := trace.NewEarTag(species, county, serial)
	if err != nil {
		panic(err)
	}
	return &trace.Animal{Tag: tag, Farm: farm, Product: "P-0009", Breed: "多浪羊", Sex: trace.Female,
		BornOn: land.NewDate(2023, time.March, 2), TaggedAt: instant(time.April, 1, 9, 30), Origin: villageA}
}

func certificate(seq int, batch trace.BatchID, issuer trace.CreditCode, issued land.Date) *trace.Certificate {
	return &trace.Certificate{Number: fmt.Sprintf("C-%04d", seq),
		Issuer:  trace.CertificateIssuer{Name: "合作社", Code: issuer, Contact: "买买提", Phone: "0903-2512345", Address: "拉依喀乡"},
		Product: "和田骏枣", ProductID: "P-0001", Batch: batch,
		Quantity: trace.Quantity{Value: dec("500.0"), Unit: trace.Kilogram}, Origin: villageA,
		OriginName: "和田县拉依喀乡", IssuedOn: issued,
		Bases: trace.Bases(trace.QualityControl | trace.CommissionedTesting), Promise: "承诺",
		Report: "R-0001", ReportURL: "https://trace.hotan.example.cn/report/R-0001"}
}

func report(seq int, batch trace.BatchID, result trace.Result) *trace.TestReport {
	r := &trace.TestReport{Number: fmt.Sprintf("R-%04d", seq),
		Lab:   trace.Lab{Name: "检测中心", Accreditation: "240012345678"},
		Batch: batch, Product: "P-0001", SampledOn: land.NewDate(2024, time.October, 8),
		IssuedOn: land.NewDate(2024, time.October, 9), Result: result,
		Items: []trace.TestItem{
			{Name: "毒死蜱", Method: "GB 23200.113-2018", Value: dec("0.010"), Limit: dec("0.50"), Unit: "mg/kg",
				NotDetected: true, Result: trace.Pass},
		},
		DocumentURL: "https://trace.hotan.example.cn/report/R.pdf"}
	if result == trace.Fail {
		r.Items = append(r.Items, trace.TestItem{Name: "多菌灵", Value: dec("0.80"), Limit: dec("0.5"),
			Unit: "mg/kg", Result: trace.Fail})
	}
	return r
}

func issuance(seq int, batch trace.BatchID, space string, first, count uint64) *trace.Issuance {
	return &trace.Issuance{ID: fmt.Sprintf("I-%04d", seq), Batch: batch, Scheme: trace.SchemeMinted,
		Space: space, KeyVersion: 1, First: first, Count: count, State: trace.Active,
		ActivatedAt: instant(time.October, 10, 8, 0), IssuedAt: instant(time.October, 9, 18, 0),
		Destinations: []land.DivisionCode{"650100", "310000"}}
}

func epcOf(seq int) string { return fmt.Sprintf("https://trace.hotan.example.cn/t/CODE%04d", seq) }

func codeState(seq int, issuance string) *trace.CodeState {
	return &trace.CodeState{EPC: epcOf(seq), Issuance: issuance, Serial: uint64(seq), Voided: true,
		VoidReason: "label damaged"}
}

func scan(epc string, status trace.ScanStatus, at time.Time, client string) *trace.Scan {
	s := &trace.Scan{Text: epc, Status: status, EPC: epc, At: at, Division: "650102",
		Location: &trace.GeoPoint{Lon: 87.62, Lat: 43.83}, Client: client}
	switch status {
	case trace.Known:
		s.Issuance = "I-0001"
	case trace.Malformed:
		s.EPC, s.Text, s.Division, s.Location = "", "not a code", "", nil
	}
	return s
}

func flag(rule trace.RuleKind, severity trace.Severity, epc string, at time.Time) *trace.Flag {
	return &trace.Flag{Rule: rule, Severity: severity, At: at, EPC: epc, Issuance: "I-0001", Client: "c1",
		Message: "finding", Evidence: trace.Evidence{Scans: []int64{1, 2}, Count: 2, Threshold: 1,
			DistanceKm: 1012.5, Elapsed: time.Hour, SpeedKmh: 1012.5, State: trace.Active,
			ActivatedAt: instant(time.October, 10, 8, 0), Division: "440305",
			Destinations: []land.DivisionCode{"650100"}, Window: time.Minute,
			Sales: []time.Time{instant(time.October, 12, 9, 0), instant(time.October, 13, 9, 0)}}}
}
