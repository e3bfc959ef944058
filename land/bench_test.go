package land_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// benchTransfers returns n contracts of two plots each, with three transfers per contract:
// two in sequence on plot 1 and one on plot 2 that overlaps the first.
func benchTransfers(n int) ([]*land.Contract, []*land.Transfer) {
	var contracts []*land.Contract
	var transfers []*land.Transfer
	for i := range n {
		issuer := land.IssuerCode(fmt.Sprintf("653130101%03d%02d", i/100%999+1, i%100))
		contractor := contractorCode(issuer, 1)
		code := land.ContractCode(string(contractor) + "J")
		p1, p2 := plotCode(issuer, 1), plotCode(issuer, 2)
		contracts = append(contracts, &land.Contract{
			Code: code, Term: land.SecondRoundTerm(day(1998, time.January, 1)),
			Plots: []land.ContractedPlot{{Plot: p1, Area: mu("5")}, {Plot: p2, Area: mu("3")}},
		})
		mk := func(tc land.TransferContractCode, p land.Period, plot land.PlotCode, area string) *land.Transfer {
			return &land.Transfer{Code: tc, Contract: code, Lessee: land.Party{Name: "x"},
				Method: land.TransferRent, Period: p,
				Plots: []land.TransferredPlot{{Plot: plot, Area: mu(area)}}}
		}
		transfers = append(transfers,
			mk(land.TransferContractCode(contractor), years(2018, 2020), p1, "5"),
			mk(land.TransferContractCode(code), years(2021, 2027), p1, "4"),
			mk(land.TransferContractCode(contractorCode(issuer, 2)), years(2019, 2024), p2, "3"),
		)
	}
	return contracts, transfers
}

func BenchmarkCheckTransfers(b *testing.B) {
	contracts, transfers := benchTransfers(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		land.CheckTransfers(contracts, transfers)
	}
}

func benchPlots(n int) []*land.Plot {
	plots := make([]*land.Plot, n)
	for i := range plots {
		issuer := land.IssuerCode(fmt.Sprintf("653130101%03d01", i%50+1))
		plots[i] = &land.Plot{
			Code: plotCode(issuer, i+1), Village: issuer.Village(), Class: land.ClassContracted,
			Use: land.UseIrrigated, DeclaredArea: mu("3.5"),
			Geometry: rectangle(78.5+float64(i%100)*0.002, 39.8+float64(i/100)*0.002, 0.001, 0.001),
		}
	}
	return plots
}

func BenchmarkAreaByVillage(b *testing.B) {
	plots := benchPlots(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		land.AreaByVillage(plots)
	}
}

func BenchmarkMemoryStorePutPlot(b *testing.B) {
	ctx := context.Background()
	s := land.NewMemoryStore(nil)
	plots := benchPlots(10_000)
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		p := plots[i%len(plots)]
		if i >= len(plots) {
			i, s = 0, land.NewMemoryStore(nil)
			p.Version = 0
		}
		p.Version = 0
		if err := s.PutPlot(ctx, p); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkMemoryStorePlot(b *testing.B) {
	ctx := context.Background()
	s := land.NewMemoryStore(nil)
	plots := benchPlots(10_000)
	for _, p := range plots {
		if err := s.PutPlot(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := s.Plot(ctx, plots[i%len(plots)].Code); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkMemoryStorePlotsPage(b *testing.B) {
	ctx := context.Background()
	s := land.NewMemoryStore(nil)
	for _, p := range benchPlots(10_000) {
		if err := s.PutPlot(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
	f := land.PlotFilter{Division: "653130101001", Page: land.Page{Limit: 100}}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := s.Plots(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}
