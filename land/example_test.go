package land_test

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

func ExampleCheckTransfers() {
	contract := &land.Contract{
		Code: "653130101001010001J",
		Term: land.SecondRoundTerm(land.NewDate(1998, time.January, 1)),
		Plots: []land.ContractedPlot{
			{Plot: "6531301010010100001", Area: mu("5")},
			{Plot: "6531301010010100002", Area: mu("3")},
		},
	}
	first := &land.Transfer{
		Code: "653130101001010001", Contract: contract.Code,
		Lessee: land.Party{Name: "棉花合作社"}, Method: land.TransferRent, Rent: mu("600"),
		Period: land.Period{Start: land.NewDate(2021, time.January, 1), End: land.NewDate(2027, time.December, 31)},
		Plots:  []land.TransferredPlot{{Plot: "6531301010010100001", Area: mu("5")}},
	}
	second := &land.Transfer{
		Code: "653130101001010001J", Contract: contract.Code,
		Lessee: land.Party{Name: "某农业公司"}, Method: land.TransferSubcontract, Rent: mu("550"),
		Period: land.Period{Start: land.NewDate(2026, time.March, 1), End: land.NewDate(2030, time.February, 28)},
		Plots:  []land.TransferredPlot{{Plot: "6531301010010100001", Area: mu("2")}},
	}

	for _, f := range land.CheckTransfers([]*land.Contract{contract}, []*land.Transfer{first, second}) {
		fmt.Println(f.Kind, "-", f)
	}
	// Output:
	// outside_term - transfer 653130101001010001J runs 2026-03-01/2030-02-28, outside the term 1998-01-01/2027-12-31 of contract 653130101001010001J
	// overlap - plot 6531301010010100001 is transferred by 653130101001010001 and by 653130101001010001J for the shared days 2026-03-01/2027-12-31
	// excess_plot_area - plot 6531301010010100001: 7 mu transferred during 2026-03-01/2027-12-31 by 653130101001010001, 653130101001010001J, more than the 5 mu contracted under 653130101001010001J
}

func ExampleAreaByVillage() {
	plots := []*land.Plot{
		{Code: "6531301010010100001", Village: "653130101001", DeclaredArea: mu("15"),
			Geometry: rectangle(78.5, 39.8, 0.001, 0.001)},
		{Code: "6531301010010100002", Village: "653130101001", DeclaredArea: mu("2.5")},
		{Code: "6531301010020100001", Village: "653130101002", DeclaredArea: mu("8"),
			Geometry: rectangle(78.51, 39.8, 0.002, 0.001)},
	}
	totals := land.AreaByVillage(plots)

	villages := make([]land.DivisionCode, 0, len(totals))
	for v := range totals {
		villages = append(villages, v)
	}
	slices.Sort(villages)
	for _, v := range villages {
		t := totals[v]
		fmt.Printf("%s: %d plots, measured %.0f m² (%.2f mu), declared %s mu\n",
			v, t.Plots, t.MeasuredSquareMetres, t.MeasuredMu, t.DeclaredMu)
	}
	// Output:
	// 653130101001: 2 plots, measured 9509 m² (14.26 mu), declared 17.5 mu
	// 653130101002: 1 plots, measured 19018 m² (28.53 mu), declared 8 mu
}

func ExampleAbandoned() {
	plots := []*land.Plot{
		{Code: "6531301010010100001", Class: land.ClassContracted},
		{Code: "6531301010010100002", Class: land.ClassContracted},
	}
	plantings := []*land.Planting{
		{Plot: "6531301010010100001", Year: 2024, Season: land.SeasonSpring, Crop: "棉花"},
		{Plot: "6531301010010100002", Year: 2021, Season: land.SeasonSpring, Crop: "棉花"},
	}
	abandoned, err := land.Abandoned(plots, plantings, land.AbandonedOptions{
		Through: land.YearSeason{Year: 2024, Season: land.SeasonWholeYear},
		Seasons: 2,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range abandoned {
		fmt.Printf("%s last planted %d, %d years idle\n", a.Plot, a.LastPlanted.Year, a.Unplanted)
	}
	// Output:
	// 6531301010010100002 last planted 2021, 3 years idle
}

func ExampleSecondRoundTerm() {
	fmt.Println(land.SecondRoundTerm(land.NewDate(1998, time.January, 1)))
	// Output: 1998-01-01/2027-12-31
}

func ExampleMemoryStore() {
	ctx := context.Background()
	store := land.NewMemoryStore(nil)

	plot := &land.Plot{Code: "6531301010010100001", Village: "653130101001", Class: land.ClassContracted}
	if err := store.PutPlot(ctx, plot); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created version", plot.Version)

	stale := *plot
	plot.Name = "渠边地"
	if err := store.PutPlot(ctx, plot); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("updated to version", plot.Version)

	stale.Name = "老渠地"
	err := store.PutPlot(ctx, &stale)
	fmt.Println("stale update:", err)
	// Output:
	// created version 1
	// updated to version 2
	// stale update: land: plot 6531301010010100001: version 1, stored version 2: land: conflict
}
