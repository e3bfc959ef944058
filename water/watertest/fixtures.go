package watertest

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// Codes of the fixture records: Wusu (654202), two townships, three villages, two
// irrigation districts.
const (
	county     land.DivisionCode  = "654202"
	townshipA  land.DivisionCode  = "654202101"
	townshipB  land.DivisionCode  = "654202102"
	villageA1  land.DivisionCode  = "654202101001"
	villageA2  land.DivisionCode  = "654202101002"
	villageB1  land.DivisionCode  = "654202102001"
	otherPlace land.DivisionCode  = "654201"
	districtA  water.DistrictCode = "GQ-SIDAOHE"
	districtB  water.DistrictCode = "GQ-GUXIANGHE"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(year int, month time.Month, d int) land.Date { return land.NewDate(year, month, d) }

// instant returns a time in Beijing time to the microsecond, which stores keep exactly.
func instant(year int, month time.Month, d, hour, minute int) time.Time {
	return time.Date(year, month, d, hour, minute, 0, 250_000, time.FixedZone("CST", 8*3600))
}

// wellCode returns the code of well seq, in code order by seq.
func wellCode(seq int) water.WellCode { return water.WellCode(fmt.Sprintf("654202-J%04d", seq)) }

// facilityCode returns the code of facility seq with a prefix, in code order by seq.
func facilityCode(prefix string, seq int) water.FacilityCode {
	return water.FacilityCode(fmt.Sprintf("%s-%04d", prefix, seq))
}

// points returns two measuring points with codes under prefix.
func points(prefix string) []water.MeasuringPoint {
	return []water.MeasuringPoint{
		{Code: facilityCode(prefix+"-P", 1), Name: "二支渠口", Location: water.Point{Lon: 84.61, Lat: 44.31},
			Method: water.Flume, Meter: water.MeterID(prefix + "-RTU1")},
		{Code: facilityCode(prefix+"-P", 2), Name: "退水口", Location: water.Point{Lon: 84.6123456789012, Lat: 44.3},
			Method: water.LevelGauge},
	}
}

// fullWell returns a valid well with every field set, one meter of each kind and
// decimals with trailing zeros.
func fullWell() *water.WellRecord {
	return &water.WellRecord{Well: water.Well{
		Code:     wellCode(1),
		Kind:     water.PumpedWell,
		Name:     "3号井",
		Location: water.Point{Lon: 84.687123456789, Lat: 44.418200000001},
		Division: villageA1,
		District: districtA,
		Source:   water.DeepGroundwater,
		Use:      water.Agriculture,
		Permit: water.Permit{
			Number: "取水(新塔)字[2021]第0012号", Annual: dec("120000.00"),
			Valid: land.Period{Start: day(2021, time.March, 1), End: day(2026, time.February, 28)},
		},
		Holder:        water.Holder{Name: "某村集体", Code: "91654202MA77XK3Q2R"},
		Plots:         []land.PlotCode{"6542021010010100001", "6542021010010100002"},
		IrrigatedArea: dec("350.50"),
		Irrigation:    water.Drip,
		Depth:         dec("120.0"),
		Pump:          water.Pump{Power: dec("37"), Head: dec("85.5"), Efficiency: dec("0.580"), Flow: dec("50")},
		Meters: []water.Meter{
			{Kind: water.FlowMeter, ID: "FM-0001", Installed: day(2021, time.April, 2)},
			{Kind: water.ElectricityMeter, ID: "EM-0001"},
			{Kind: water.CardController, ID: "IC-0001", Installed: day(2021, time.April, 3)},
		},
	}}
}

func fullReservoir() *water.ReservoirRecord {
	return &water.ReservoirRecord{Reservoir: water.Reservoir{
		Code: facilityCode("SK", 1), Name: "四棵树水库", Location: water.Point{Lon: 84.5, Lat: 44.2},
		Division: townshipA, District: districtA, Capacity: dec("12500000.0"), Points: points("SK"),
	}}
}

func fullCanal() *water.CanalRecord {
	return &water.CanalRecord{Canal: water.Canal{
		Code: facilityCode("QD", 1), Name: "西干渠", Level: water.MainCanal, Feeder: facilityCode("SK", 1),
		District: districtA, Length: dec("12850.5"), DesignFlow: dec("8.50"),
		Path:   []water.Point{{Lon: 84.5, Lat: 44.2}, {Lon: 84.5123456789, Lat: 44.2100000001}, {Lon: 84.53, Lat: 44.25}},
		Points: points("QD"),
	}}
}

func fullGate() *water.GateRecord {
	return &water.GateRecord{Gate: water.Gate{
		Code: facilityCode("ZM", 1), Name: "三号分水闸", Kind: water.TurnoutGate, Canal: facilityCode("QD", 1),
		Location: water.Point{Lon: 84.52, Lat: 44.23}, Points: points("ZM"),
	}}
}

func fullVillageMeter() *water.VillageMeterRecord {
	return &water.VillageMeterRecord{VillageMeter: water.VillageMeter{
		Code: facilityCode("GS", 1), Name: "一村供水总表", Village: villageA1,
		Location: water.Point{Lon: 84.69, Lat: 44.42}, Supply: wellCode(1),
		Meter: water.Meter{Kind: water.FlowMeter, ID: "VM-0001", Installed: day(2022, time.May, 1)},
	}}
}

func fullPlan() *water.PlanRecord {
	var monthly [12]decimal.Decimal
	for i := range monthly {
		monthly[i] = dec("0.00")
	}
	monthly[3], monthly[4], monthly[5], monthly[6], monthly[7] = dec("10000.00"), dec("25000.50"),
		dec("30000.00"), dec("30000.00"), dec("14999.50")
	return &water.PlanRecord{Plan: water.Plan{
		Well: wellCode(1), Year: 2024, Annual: dec("110000.00"), Monthly: monthly,
		Shares: []water.Share{
			{Household: "654202101001010001", Area: dec("120.5"), PerMu: dec("300.0")},
			{Household: "654202101001010002", Area: dec("80"), PerMu: dec("300.0")},
		},
		Warnings: []decimal.Decimal{dec("80"), dec("90.0")},
		AtLimit:  water.LimitRemoteStop,
	}}
}

func fullHistory() *water.CoefficientHistoryRecord {
	well := wellCode(1)
	change := instant(2023, time.June, 1, 8, 0)
	return &water.CoefficientHistoryRecord{Well: well, Coefficients: []water.Coefficient{
		{
			Well: well, Value: dec("2.4800"), From: instant(2021, time.April, 2, 10, 0), To: change,
			Reason: water.ReasonInitial, Runs: 3, Water: dec("455.00"), Energy: dec("183.47"),
			Head: dec("85.5"), Efficiency: dec("0.58"),
		},
		{Well: well, Value: dec("2.1"), From: change, Reason: water.ReasonPumpChanged},
	}}
}

func fullBill() *water.BillRecord {
	return &water.BillRecord{Bill: water.Bill{
		ID: "B-2024-0001", Well: wellCode(1), Kind: water.ResourceFee,
		Period: land.Period{Start: day(2024, time.January, 1), End: day(2024, time.December, 31)},
		Charge: water.Charge{
			Plan: dec("10000"), Used: dec("13000"), Rate: dec("0.20"), Band: 4,
			Lines: []water.ChargeLine{
				{Band: 0, Volume: dec("10500"), Price: dec("0.20"), Amount: dec("2100.00")},
				{Band: 1, Volume: dec("500"), Price: dec("0.40"), Amount: dec("200.00")},
				{Band: 2, Volume: dec("1000"), Price: dec("0.60"), Amount: dec("600.00")},
				{Band: 3, Volume: dec("1000"), Price: dec("0.80"), Amount: dec("800.00")},
			},
			Base: dec("2600.00"), Surcharge: dec("1100.00"), Total: dec("3700.00"),
		},
		Issued: day(2025, time.January, 5), Due: day(2025, time.March, 31),
	}}
}

func fullPayment() *water.PaymentRecord {
	return &water.PaymentRecord{Payment: water.Payment{
		ID: "P-2025-0001", Well: wellCode(1), Bill: "B-2024-0001",
		Paid: day(2025, time.February, 10), Amount: dec("1850.50"),
	}}
}

func fullAlarm() *water.AlarmRecord {
	return &water.AlarmRecord{
		Alarm: water.Alarm{
			Rule: water.RuleOverPlan, Severity: water.Critical, Action: water.LimitRemoteStop,
			Well: wellCode(1), Meter: "FM-0001", Event: water.EventKindUnknown,
			Raised: instant(2024, time.August, 20, 14, 5),
			From:   instant(2024, time.January, 1, 0, 0), To: instant(2024, time.August, 20, 14, 0),
			Observed: []water.Quantity{
				{Name: "year_to_date", Value: dec("110250.500"), Unit: water.CubicMetres},
				{Name: "percent", Value: dec("100.23"), Unit: water.Percent},
			},
			Threshold: water.Quantity{Name: "plan", Value: dec("110000.00"), Unit: water.CubicMetres},
			Message:   "well 654202-J0001 used 100.23% of its 2024 plan",
		},
		Status: water.AlarmOpen,
		Note:   "值班员已电话通知",
	}
}
