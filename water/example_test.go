package water_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/water"
)

// Charge a well that used 13,000 m³ against a plan of 10,000 m³ at 0.20 yuan/m³ on a
// ladder that tolerates 5% over plan and then adds 1, 2, 3 and 5 times the base rate.
func ExampleLadder_Charge() {
	ladder, err := water.ParseLadder(
		"[0%,105%] +0; (105%,110%] +1; (110%,120%] +2; (120%,130%] +3; (130%,inf) +5")
	if err != nil {
		fmt.Println(err)
		return
	}
	plan := decimal.RequireFromString("10000")
	used := decimal.RequireFromString("13000")
	rate := decimal.RequireFromString("0.20")

	charge, err := ladder.Charge(plan, used, rate)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, line := range charge.Lines {
		fmt.Printf("%6s m³ × %s = %s yuan\n", line.Volume, line.Price.StringFixed(2), line.Amount.StringFixed(2))
	}
	fmt.Println("base", charge.Base.StringFixed(2), "surcharge", charge.Surcharge.StringFixed(2),
		"total", charge.Total.StringFixed(2))
	// Output:
	//  10500 m³ × 0.20 = 2100.00 yuan
	//    500 m³ × 0.40 = 200.00 yuan
	//   1000 m³ × 0.60 = 600.00 yuan
	//   1000 m³ × 0.80 = 800.00 yuan
	// base 2600.00 surcharge 1100.00 total 3700.00
}

// Calibrate a well's water-from-electricity coefficient from two flow-meter runs and
// convert a day's kWh to m³ with it.
func ExampleCalibrate() {
	d := decimal.RequireFromString
	start := time.Date(2024, 4, 1, 8, 0, 0, 0, time.UTC)
	runs := []water.Run{
		{Start: start, End: start.Add(2 * time.Hour), Water: d("150"), Energy: d("60")},
		{Start: start.Add(24 * time.Hour), End: start.Add(25 * time.Hour), Water: d("72"), Energy: d("28")},
	}
	pump := water.Pump{Power: d("30"), Head: d("60"), Efficiency: d("0.6")}

	cal, err := water.Calibrate("W-01", pump, runs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Tc", cal.Value, "m³/kWh, bound", cal.Bound)

	history, err := water.NewCoefficientHistory("W-01",
		[]water.Coefficient{cal.Coefficient(start.Add(48*time.Hour), water.ReasonInitial)})
	if err != nil {
		fmt.Println(err)
		return
	}
	m3, err := history.Water(start.Add(72*time.Hour), d("120"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("120 kWh is", m3, "m³")

	runs[1].Water = d("140")
	_, err = water.Calibrate("W-01", pump, runs)
	fmt.Println(err)
	// Output:
	// Tc 2.5227 m³/kWh, bound 3.671
	// 120 kWh is 302.724 m³
	// water: calibration of well W-01: run 1: 5 m³/kWh exceeds the physical bound 3.671 m³/kWh (367.1 × η 0.6 / H 60 m), check the meters and the head
}

// Check a well's use against its plan: 10,900 m³ of 12,000 m³ reaches the 90% warning.
func ExampleDetectOverPlan() {
	d := decimal.RequireFromString
	var months [12]decimal.Decimal
	for i := range months {
		months[i] = d("1000")
	}
	plan, err := water.NewPlan("W-01", 2024, months)
	if err != nil {
		fmt.Println(err)
		return
	}
	cst := time.FixedZone("CST", 8*3600)
	use := water.PlanUse{
		Month:       time.June,
		YearStart:   time.Date(2024, 1, 1, 0, 0, 0, 0, cst),
		MonthStart:  time.Date(2024, 6, 1, 0, 0, 0, 0, cst),
		To:          time.Date(2024, 6, 20, 0, 0, 0, 0, cst),
		YearToDate:  d("10900"),
		MonthToDate: d("640"),
	}

	alarms, err := water.DetectOverPlan(&plan, use, use.To, water.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range alarms {
		fmt.Println(a.Rule, a.Severity, a.Message)
	}
	// Output:
	// over-plan warning well W-01 used 10900 m³ of its 12000 m³ plan for 2024, reaching the 90% level
}
