package demo

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// Monthly weights of an irrigation plan: nothing in winter, the peak in July when cotton
// flowers, and October for the autumn irrigation (冬灌) after harvest.
var irrigationWeights = [12]int64{0, 0, 0, 4, 12, 20, 26, 22, 10, 6, 0, 0}

// Monthly weights of a rural-supply plan: steady, with more in the summer months.
var supplyWeights = [12]int64{7, 7, 8, 8, 9, 10, 10, 10, 9, 8, 7, 7}

// motorPowers are the standard motor ratings in kW that pumps are sold with.
var motorPowers = []float64{7.5, 11, 15, 18.5, 22, 30, 37, 45, 55, 75}

// facility returns a facility code of the county, such as 654229-ZQ01.
func facility(format string, args ...any) water.FacilityCode {
	return water.FacilityCode(string(CountyCode) + "-" + fmt.Sprintf(format, args...))
}

// station returns the next SL 651 station address: the county code in BCD followed by
// a binary station number, written as 10 hex digits.
func (g *generator) station() water.MeterID {
	g.stations++
	return water.MeterID(fmt.Sprintf("%s%04X", CountyCode, g.stations))
}

// meterSerial returns the next meter serial number of the county.
func (g *generator) meterSerial() int {
	g.meterSeq++
	return g.meterSeq
}

// branch writes the branch canal of township t, running east from the main canal at y,
// with the turnout gate at its head.
func (g *generator) branch(div Division, t int, y float64, villages []*village) {
	code := facility("ZQ%02d", t+1)
	end := firstLateral + float64(len(villages)-1)*villageSpacing + 500
	path := []water.Point{g.frame.point(0, y), g.frame.point(end/2, y), g.frame.point(end, y)}
	g.c.Canals = append(g.c.Canals, &water.Canal{
		Code: code, Name: div.Name + "支渠", Level: water.BranchCanal, Feeder: g.mainCanal,
		District: District, Length: decimal.NewFromFloat(pathLength(path)),
		DesignFlow: decimal.RequireFromString("1.20"), Path: path,
	})
	g.c.StateLand = append(g.c.StateLand, &Parcel{
		Name: div.Name + "支渠防护林带", Use: "0301", // 乔木林地
		Geometry: g.rectangle(10, y-beltSouth-beltWidth, end, y-beltSouth),
	})
	gate := facility("FSZ%02d", t+1)
	loc := g.frame.point(3, y)
	g.c.Gates = append(g.c.Gates, &water.Gate{
		Code: gate, Name: div.Name + "支渠分水闸", Kind: water.TurnoutGate, Canal: g.mainCanal, Location: loc,
		Points: []water.MeasuringPoint{{
			Code: gate + "-P1", Name: div.Name + "支渠口", Location: g.frame.point(15, y),
			Method: water.GateRating, Meter: g.station(),
		}},
	})
}

// lateral writes the village's lateral canal, reach m long, with its turnout (斗门) and
// a Parshall flume below it.
func (g *generator) lateral(vil *village, reach float64) {
	t, v := vil.index/g.c.Size.VillagesPerTownship, vil.index%g.c.Size.VillagesPerTownship
	code := facility("DQ%02d%02d", t+1, v+1)
	var path []water.Point
	for _, b := range []float64{0, reach / 2, reach + 10} {
		x, y := vil.layout.world(0, b)
		path = append(path, g.frame.point(x, y))
	}
	g.c.Canals = append(g.c.Canals, &water.Canal{
		Code: code, Name: vil.name + "斗渠", Level: water.LateralCanal, Feeder: facility("ZQ%02d", t+1),
		District: District, Length: decimal.NewFromFloat(pathLength(path)),
		DesignFlow: decimal.RequireFromString("0.30"), Path: path,
	})
	gate := facility("DM%02d%02d", t+1, v+1)
	x, y := vil.layout.world(0, 2)
	px, py := vil.layout.world(0, 20)
	g.c.Gates = append(g.c.Gates, &water.Gate{
		Code: gate, Name: vil.name + "斗门", Kind: water.TurnoutGate, Canal: facility("ZQ%02d", t+1),
		Location: g.frame.point(x, y),
		Points: []water.MeasuringPoint{{
			Code: gate + "-P1", Name: vil.name + "斗渠量水槽", Location: g.frame.point(px, py),
			Method: water.Flume, Meter: g.station(),
		}},
	})
	mx, my := vil.layout.world(25, 5)
	g.c.VillageMeters = append(g.c.VillageMeters, &water.VillageMeter{
		Code: facility("CS%s", vil.code[6:]), Name: vil.name + "供水总表", Village: vil.code,
		Location: g.frame.point(mx, my), Supply: supplyWellCode(t),
		Meter: water.Meter{Kind: water.FlowMeter, ID: water.MeterID("VM-" + string(vil.code)), Installed: land.NewDate(2021, 5, 10)},
	})
}

// headworks writes the reservoir, the main canal from it to the last branch and the head
// gate, once every township is laid out.
func (g *generator) headworks() {
	outlet := -reservoirSouth
	res := facility("SK01")
	first := Division{}
	if len(g.c.Townships) > 0 {
		first = g.c.Townships[0]
	}
	g.c.Reservoirs = append(g.c.Reservoirs, &water.Reservoir{
		Code: res, Name: "青杨水库", Location: g.frame.point(0, outlet), Division: first.Code,
		District: District, Capacity: decimal.NewFromInt(12_600_000),
		Points: []water.MeasuringPoint{
			{Code: res + "-P1", Name: "青杨水库坝前水位", Location: g.frame.point(-60, outlet+5), Method: water.LevelGauge, Meter: g.station()},
			{Code: res + "-P2", Name: "青杨水库放水洞", Location: g.frame.point(0, outlet+30), Method: water.Ultrasonic, Meter: g.station()},
		},
	})
	g.c.StateLand = append(g.c.StateLand, &Parcel{
		Name: "青杨水库", Use: "1103", // 水库水面
		Geometry: g.octagon(0, outlet-50-reservoirRadius, reservoirRadius),
	})
	path := []water.Point{g.frame.point(0, outlet+40), g.frame.point(0, g.lastBranchY/2), g.frame.point(0, g.lastBranchY+20)}
	mid := g.frame.point(0, -reservoirSouth/2)
	g.c.Canals = append(g.c.Canals, &water.Canal{
		Code: g.mainCanal, Name: "青杨干渠", Level: water.MainCanal, Feeder: res, District: District,
		Length: decimal.NewFromFloat(pathLength(path)), DesignFlow: decimal.RequireFromString("3.50"), Path: path,
		Points: []water.MeasuringPoint{{Code: g.mainCanal + "-P1", Name: "干渠中段雷达测流", Location: mid, Method: water.VelocityArea, Meter: g.station()}},
	})
	gate := facility("JSZ01")
	g.c.Gates = append(g.c.Gates, &water.Gate{
		Code: gate, Name: "青杨干渠进水闸", Kind: water.HeadGate, Canal: g.mainCanal, Location: g.frame.point(0, outlet+40),
		Points: []water.MeasuringPoint{{Code: gate + "-P1", Name: "干渠渠首", Location: g.frame.point(0, outlet+60), Method: water.GateRating, Meter: g.station()}},
	})
}

// sortRecords puts the water records that are generated out of code order into it:
// canals, gates, wells, plans and coefficient histories.
func (g *generator) sortRecords() {
	slices.SortFunc(g.c.Canals, func(a, b *water.Canal) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(g.c.Gates, func(a, b *water.Gate) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(g.c.Wells, func(a, b *water.Well) int { return cmp.Compare(a.Code, b.Code) })
	slices.SortFunc(g.c.Plans, func(a, b *water.Plan) int {
		return cmp.Or(cmp.Compare(a.Well, b.Well), cmp.Compare(a.Year, b.Year))
	})
	slices.SortFunc(g.c.Coefficients, func(a, b *water.CoefficientHistoryRecord) int { return cmp.Compare(a.Well, b.Well) })
}

// supplyWellCode returns the code of the rural-supply well of township t (0-based).
func supplyWellCode(t int) water.WellCode {
	return water.WellCode(fmt.Sprintf("%s-G%02d", CountyCode, t+1))
}

// supplyWell writes the deep well that feeds the township's village supply mains.
func (g *generator) supplyWell(div Division, t int, y float64, villages []*village) error {
	w := &water.Well{
		Code: supplyWellCode(t), Kind: water.PumpedWell, Name: div.Name + "供水井",
		Location: g.frame.point(firstLateral-300, y-40), Division: div.Code, District: District,
		Source: water.DeepGroundwater, Use: water.RuralSupply,
		Holder: water.Holder{Name: div.Name + "农村供水站"},
		Depth:  decimal.NewFromInt(int64(g.intBetween(180, 260))),
	}
	w.Pump = g.pump(g.between(80, 110), 50)
	g.attachMeters(w, true, false)
	annual := decimal.NewFromInt(int64(len(villages) * 100 * g.intBetween(120, 180)))
	for _, year := range PlanYears {
		monthly, err := water.SplitAnnual(annual, supplyWeights, 0)
		if err != nil {
			return err
		}
		plan, err := water.NewPlan(w.Code, year, monthly)
		if err != nil {
			return err
		}
		g.c.Plans = append(g.c.Plans, &plan)
	}
	w.Permit = g.permit(annual)
	g.c.Wells = append(g.c.Wells, w)
	return g.coefficients(w)
}

// villageWells places the village's share of the irrigation wells: each serves one run
// of neighbouring strips on one side of the lateral. A well is placed on the field road
// at the far end of its run, and an intake on the canal.
func (g *generator) villageWells(vil *village) error {
	villages := g.c.Size.Townships * g.c.Size.VillagesPerTownship
	k := g.c.Size.Wells / villages
	if vil.index < g.c.Size.Wells%villages {
		k++
	}
	perSide := [2]int{min((k+1)/2, len(vil.plots[0])), 0}
	perSide[1] = min(k-perSide[0], len(vil.plots[1]))
	for s, n := range perSide {
		plots := vil.plots[s]
		for r := range n {
			run := plots[r*len(plots)/n : (r+1)*len(plots)/n]
			if err := g.irrigationWell(vil, s, r, run); err != nil {
				return err
			}
		}
	}
	return nil
}

// irrigationWell writes the well or intake that serves run, strips r of side s, with its
// plans and coefficients.
func (g *generator) irrigationWell(vil *village, s, r int, run []*land.Plot) error {
	sd := vil.sides[s]
	sign := 1.0
	if !sd.east {
		sign = -1
	}
	before := branchRoad
	first := slices.Index(vil.plots[s], run[0])
	for _, wd := range sd.widths[:first] {
		before += wd
	}
	var runSpan float64
	for _, wd := range sd.widths[first : first+len(run)] {
		runSpan += wd
	}
	b := before + runSpan/2

	w := &water.Well{Division: vil.code, District: District, Use: water.Agriculture}
	kind := g.r.Float64()
	switch {
	case kind < 0.15:
		g.intakeSeq++
		w.Code = water.WellCode(fmt.Sprintf("%s-Q%04d", CountyCode, g.intakeSeq))
		w.Kind, w.Source = water.Intake, water.SurfaceWater
		w.Name = fmt.Sprintf("%s斗渠%d号取水口", vil.name, s*10+r+1)
		x, y := vil.layout.world(sign*1, b)
		w.Location = g.frame.point(x, y)
		w.Pump = g.pump(g.between(25, 40), 80)
	default:
		g.wellSeq++
		w.Code = water.WellCode(fmt.Sprintf("%s-J%04d", CountyCode, g.wellSeq))
		w.Kind, w.Source = water.PumpedWell, water.ShallowGroundwater
		w.Name = fmt.Sprintf("%s%d号井", vil.name, s*10+r+1)
		x, y := vil.layout.world(sign*(sd.corridor+sd.length+8), b)
		w.Location = g.frame.point(x, y)
		if kind < 0.55 {
			w.Source = water.DeepGroundwater
			w.Depth = decimal.NewFromInt(int64(g.intBetween(120, 260)))
			w.Pump = g.pump(g.between(75, 120), 90)
		} else {
			w.Depth = decimal.NewFromInt(int64(g.intBetween(40, 90)))
			w.Pump = g.pump(g.between(40, 65), 100)
		}
	}
	w.Irrigation = water.Drip
	plotMethod := land.IrrigationUnderFilmDrip
	if x := g.r.Float64(); x < 0.12 {
		w.Irrigation, plotMethod = water.Flood, land.IrrigationFlood
	} else if x < 0.22 {
		w.Irrigation, plotMethod = water.LowPressurePipe, land.IrrigationFurrow
	}
	for _, p := range run {
		if p.Use == land.UseSaline {
			continue // saline-alkali land lies fallow
		}
		p.Irrigation = plotMethod
		w.Plots = append(w.Plots, p.Code)
		w.IrrigatedArea = w.IrrigatedArea.Add(p.DeclaredArea)
	}
	w.Holder = g.holder(vil, run)
	g.attachMeters(w, g.chance(0.65), g.chance(0.7))

	annual, err := g.irrigationPlans(vil, w, run)
	if err != nil {
		return err
	}
	if g.chance(0.9) {
		w.Permit = g.permit(annual)
	}
	g.c.Wells = append(g.c.Wells, w)
	return g.coefficients(w)
}

// holder returns the household with the most area in run, which runs the well for its
// neighbours, or the village collective when no household holds a plot of run.
func (g *generator) holder(vil *village, run []*land.Plot) water.Holder {
	area := make(map[*land.Contractor]decimal.Decimal)
	var best *land.Contractor
	for _, p := range run {
		k := vil.owner[p.Code]
		if k == nil {
			continue
		}
		area[k] = area[k].Add(p.DeclaredArea)
		if best == nil || area[k].GreaterThan(area[best]) {
			best = k
		}
	}
	if best == nil {
		return water.Holder{Name: vil.township.Name + vil.name + "村民委员会"}
	}
	return water.Holder{Name: best.Name, Code: string(best.Code)}
}

// irrigationPlans writes the well's plan of each plan year, shared by the households
// of run as quota per mu times area, and returns the first year's annual volume.
func (g *generator) irrigationPlans(vil *village, w *water.Well, run []*land.Plot) (decimal.Decimal, error) {
	perMu := int64(g.intBetween(340, 400))
	if w.Irrigation != water.Drip {
		perMu = int64(g.intBetween(480, 560))
	}
	var order []*land.Contractor
	areas := make(map[*land.Contractor]decimal.Decimal)
	var collective decimal.Decimal
	for _, p := range run {
		if p.Use == land.UseSaline {
			continue
		}
		k := vil.owner[p.Code]
		if k == nil {
			collective = collective.Add(p.DeclaredArea)
			continue
		}
		if _, ok := areas[k]; !ok {
			order = append(order, k)
		}
		areas[k] = areas[k].Add(p.DeclaredArea)
	}
	var first decimal.Decimal
	for i, year := range PlanYears {
		quota := decimal.NewFromInt(perMu)
		if i > 0 {
			// Later years' quotas are 3% lower, so that reports show use falling
			// year on year.
			quota = quota.Mul(decimal.RequireFromString("0.97")).Round(0)
		}
		var shares []water.Share
		annual := collective.Mul(quota)
		for _, k := range order {
			s := water.Share{Household: k.Code, Area: areas[k], PerMu: quota}
			shares = append(shares, s)
			annual = annual.Add(s.Volume())
		}
		monthly, err := water.SplitAnnual(annual, irrigationWeights, 2)
		if err != nil {
			return decimal.Decimal{}, err
		}
		plan, err := water.NewPlan(w.Code, year, monthly)
		if err != nil {
			return decimal.Decimal{}, err
		}
		plan.Shares = shares
		plan.Warnings = []decimal.Decimal{decimal.NewFromInt(80), decimal.NewFromInt(90)}
		if w.Source == water.DeepGroundwater {
			plan.AtLimit = water.LimitRemoteStop
		}
		g.c.Plans = append(g.c.Plans, &plan)
		if i == 0 {
			first = annual
		}
	}
	return first, nil
}

// permit returns an abstraction permit for 115% of annual m³, rounded up to the m³,
// valid for five years from 2023.
func (g *generator) permit(annual decimal.Decimal) water.Permit {
	g.permitSeq++
	return water.Permit{
		Number: fmt.Sprintf("取水(青)字[2023]第%04d号", g.permitSeq),
		Annual: annual.Mul(decimal.RequireFromString("1.15")).Ceil(),
		Valid:  land.Period{Start: land.NewDate(2023, 1, 1), End: land.NewDate(2027, 12, 31)},
	}
}

// pump returns the rating of a pump for head m whose motor is the smallest standard one
// that gives about flow m³/h. The flow follows from P = ρ g Q H / η, which gives
// Q = 367.1 · η · P / H in m³/h for P in kW.
func (g *generator) pump(head, flow float64) water.Pump {
	eff := float64(g.intBetween(45, 65)) / 100
	power := motorPowers[len(motorPowers)-1]
	for _, p := range motorPowers {
		if 367.1*eff*p/head >= flow {
			power = p
			break
		}
	}
	h := decimal.NewFromFloat(head).Round(0)
	return water.Pump{
		Power:      decimal.NewFromFloat(power),
		Head:       h,
		Efficiency: decimal.NewFromFloat(eff),
		Flow:       decimal.NewFromFloat(367.1 * eff * power / h.InexactFloat64()).Round(0),
	}
}

// attachMeters gives w its electricity meter, whose id is its 12-digit DL/T 645 address,
// and a flow meter and an IC-card controller when asked. The controller is an SZY 206-2016
// water-resource terminal, and its id is the terminal's address as the centre station
// names it: the county code, a slash and the station number, such as 654229/7.
func (g *generator) attachMeters(w *water.Well, flow, card bool) {
	installed := land.NewDate(2022, time.Month(g.intBetween(3, 5)), g.intBetween(1, 28))
	n := g.meterSerial()
	w.Meters = append(w.Meters, water.Meter{Kind: water.ElectricityMeter, ID: water.MeterID(fmt.Sprintf("%s%06d", CountyCode, n)), Installed: installed})
	if flow {
		w.Meters = append(w.Meters, water.Meter{Kind: water.FlowMeter, ID: water.MeterID(fmt.Sprintf("FM-%s-%04d", CountyCode, n)), Installed: installed})
	}
	if card {
		w.Meters = append(w.Meters, water.Meter{Kind: water.CardController, ID: water.MeterID(fmt.Sprintf("%s/%d", CountyCode, n)), Installed: installed})
	}
}

// coefficients writes the well's water-from-electricity history: a first calibration in
// spring 2023, a new coefficient in spring 2025 after the water level fell, the pump was
// replaced or the well was recalibrated, and for some wells a third in 2026.
func (g *generator) coefficients(w *water.Well) error {
	head, eff := w.Pump.Head, w.Pump.Efficiency
	starts := []time.Time{
		time.Date(2023, 4, g.intBetween(1, 20), 0, 0, 0, 0, beijing).UTC(),
		time.Date(2025, 3, g.intBetween(10, 30), 0, 0, 0, 0, beijing).UTC(),
	}
	if g.chance(0.3) {
		starts = append(starts, time.Date(2026, 4, g.intBetween(1, 25), 0, 0, 0, 0, beijing).UTC())
	}
	var coefs []water.Coefficient
	for i, from := range starts {
		reason := water.ReasonInitial
		if i > 0 {
			switch x := g.r.Float64(); {
			case x < 0.4 && w.Source == water.DeepGroundwater:
				reason = water.ReasonWaterLevel
				head = head.Add(decimal.NewFromInt(int64(g.intBetween(2, 6))))
			case x < 0.6:
				reason = water.ReasonPumpChanged
				eff = decimal.NewFromFloat(float64(g.intBetween(50, 68)) / 100)
				w.Pump.Efficiency = eff
			default:
				reason = water.ReasonRecalibrated
			}
		}
		bound, err := water.MaxCoefficient(eff, head)
		if err != nil {
			return err
		}
		// Field calibrations come out below the bound, which assumes the nameplate
		// efficiency at the total head.
		value := bound.Mul(decimal.NewFromFloat(g.between(0.82, 0.95))).Truncate(water.CoefficientPlaces)
		energy := decimal.NewFromInt(int64(g.intBetween(800, 2500)))
		coefs = append(coefs, water.Coefficient{
			Well: w.Code, Value: value, From: from, Reason: reason,
			Runs: g.intBetween(3, 6), Water: value.Mul(energy), Energy: energy,
			Head: head, Efficiency: eff,
		})
		if i > 0 {
			coefs[i-1].To = from
		}
	}
	rec := &water.CoefficientHistoryRecord{Well: w.Code, Coefficients: coefs}
	g.c.Coefficients = append(g.c.Coefficients, rec)
	return nil
}
