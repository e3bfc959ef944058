package alarms

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/szy206"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// usage is one well's consumption in the metering rollups: water and energy
// by day and by hour, in thousandths of m³ and kWh (register.Scale).
type usage struct {
	waterDays, energyDays   map[metering.Day]int64
	waterHours, energyHours map[time.Time]int64
	// waterDay and energyDay are the days on which a meter of the quantity
	// has a record, so that a quantity not reported is not taken as 0.
	waterDay, energyDay map[metering.Day]bool
}

func newUsage() *usage {
	return &usage{waterDays: map[metering.Day]int64{}, energyDays: map[metering.Day]int64{},
		waterHours: map[time.Time]int64{}, energyHours: map[time.Time]int64{},
		waterDay: map[metering.Day]bool{}, energyDay: map[metering.Day]bool{}}
}

// backwards is a counter that went backwards, from the metering events.
type backwards struct {
	well   water.WellCode
	device string
	at     time.Time
	drop   int64 // thousandths of the register's unit
}

// snapshot copies the rollups of every well's meters from the year of now
// and the hours from since, and drains the metering events of counters gone
// backwards. The caller holds the shard.
func snapshot(sh *metering.Shard, reg *metering.Registry, loc *time.Location, since, now time.Time) (map[water.WellCode]*usage, []backwards) {
	year := metering.DayOf(now.In(loc).Year(), time.January, 1)
	first := dayOf(since, loc)
	wells := map[water.WellCode]*usage{}
	var days []metering.DayTotal
	for id := range uint32(reg.Len()) {
		name, _ := reg.Name(id)
		well, q, _, ok := register.ParseMeterName(name)
		if !ok {
			continue
		}
		u := wells[well]
		if u == nil {
			u = newUsage()
			wells[well] = u
		}
		totals, hours, seen := u.waterDays, u.waterHours, u.waterDay
		if q == register.Energy {
			totals, hours, seen = u.energyDays, u.energyHours, u.energyDay
		}
		days = sh.AppendDays(days[:0], id)
		for _, d := range days {
			if d.Day < year {
				continue
			}
			totals[d.Day] += d.Total
			seen[d.Day] = true
			if d.Day < first {
				continue
			}
			hs, _ := sh.Hours(id, d.Day)
			y, m, dd := d.Day.Date()
			for h, v := range hs {
				hours[time.Date(y, m, dd, h, 0, 0, 0, loc)] += v
			}
		}
	}
	var back []backwards
	for _, e := range sh.DrainEvents(nil) {
		if e.Outcome != metering.Backwards || e.Previous.Time == 0 {
			continue
		}
		name, _ := reg.Name(e.Reading.Meter)
		well, _, device, ok := register.ParseMeterName(name)
		if !ok {
			continue
		}
		back = append(back, backwards{well: well, device: device, at: time.Unix(e.Reading.Time, 0),
			drop: e.Previous.Value - e.Reading.Value})
	}
	return wells, back
}

func dayOf(t time.Time, loc *time.Location) metering.Day {
	y, m, d := t.In(loc).Date()
	return metering.DayOf(y, m, d)
}

// thousandths returns v thousandths as a decimal.
func thousandths(v int64) decimal.Decimal { return decimal.New(v, -register.Scale) }

// intervals returns the hourly intervals of u from since to now, oldest
// first. An hour carries water or energy when a meter of that quantity has a
// record on its day.
//
// NOTE: an hour before a meter's first reading of the day counts as measured
// 0, so a meter that starts reporting in the middle of a day can make the
// water-electricity rules see its earlier hours as bypassed.
func (u *usage) intervals(well water.WellCode, loc *time.Location, since, now time.Time) []water.Interval {
	var out []water.Interval
	start := since.In(loc).Truncate(time.Hour)
	for h := start; h.Before(now); h = h.Add(time.Hour) {
		day := dayOf(h, loc)
		iv := water.Interval{Well: well, Start: h, End: h.Add(time.Hour)}
		if u.waterDay[day] {
			iv.Measured |= water.MeasuredWater
			iv.Water = thousandths(u.waterHours[h])
		}
		if u.energyDay[day] {
			iv.Measured |= water.MeasuredEnergy
			iv.Energy = thousandths(u.energyHours[h])
		}
		if iv.Measured != 0 {
			out = append(out, iv)
		}
	}
	return out
}

// volume returns the water drawn on the days from from to to, both
// included: the flow meters' where they reported, else the energy converted
// through h at the start of the day.
func (u *usage) volume(h *water.CoefficientHistory, loc *time.Location, from, to metering.Day) (decimal.Decimal, error) {
	var sum decimal.Decimal
	for d := from; d <= to; d++ {
		switch {
		case u.waterDay[d]:
			sum = sum.Add(thousandths(u.waterDays[d]))
		case u.energyDay[d] && u.energyDays[d] > 0:
			y, m, dd := d.Date()
			v, err := h.Water(time.Date(y, m, dd, 0, 0, 0, 0, loc), thousandths(u.energyDays[d]))
			if err != nil {
				return decimal.Decimal{}, err
			}
			sum = sum.Add(v)
		}
	}
	return sum, nil
}

// registerData is the part of the water store that one run of the rules reads.
type registerData struct {
	plans    map[water.WellCode]*water.Plan
	coefs    map[water.WellCode]*water.CoefficientHistory
	bills    map[water.WellCode][]water.Bill
	payments map[water.WellCode][]water.Payment
}

// readRegister reads the plans of year, the coefficient histories, the bills
// and the payments.
func readRegister(ctx context.Context, st water.Store, year int) (*registerData, error) {
	rd := &registerData{plans: map[water.WellCode]*water.Plan{}, coefs: map[water.WellCode]*water.CoefficientHistory{},
		bills: map[water.WellCode][]water.Bill{}, payments: map[water.WellCode][]water.Payment{}}
	err := pages(func(p land.Page) (string, error) {
		plans, next, err := st.Plans(ctx, water.PlanFilter{Year: year, Page: p})
		for _, pl := range plans {
			rd.plans[pl.Well] = &pl.Plan
		}
		return next, err
	})
	if err != nil {
		return nil, fmt.Errorf("alarms: read plans of %d: %w", year, err)
	}
	err = pages(func(p land.Page) (string, error) {
		hs, next, err := st.CoefficientHistories(ctx, water.CoefficientFilter{Page: p})
		for _, r := range hs {
			if h, herr := r.History(); herr == nil {
				rd.coefs[r.Well] = h
			}
		}
		return next, err
	})
	if err != nil {
		return nil, fmt.Errorf("alarms: read coefficients: %w", err)
	}
	err = pages(func(p land.Page) (string, error) {
		bs, next, err := st.Bills(ctx, water.BillFilter{Page: p})
		for _, b := range bs {
			rd.bills[b.Well] = append(rd.bills[b.Well], b.Bill)
		}
		return next, err
	})
	if err != nil {
		return nil, fmt.Errorf("alarms: read bills: %w", err)
	}
	err = pages(func(p land.Page) (string, error) {
		ps, next, err := st.Payments(ctx, water.PaymentFilter{Page: p})
		for _, pm := range ps {
			rd.payments[pm.Well] = append(rd.payments[pm.Well], pm.Payment)
		}
		return next, err
	})
	if err != nil {
		return nil, fmt.Errorf("alarms: read payments: %w", err)
	}
	return rd, nil
}

// pages calls list with each page in turn until it returns no next page.
func pages(list func(land.Page) (string, error)) error {
	p := land.Page{Limit: 1000}
	for {
		next, err := list(p)
		if err != nil || next == "" {
			return err
		}
		p.After = next
	}
}

// wellInput is the input of the rules for one well.
type wellInput struct {
	well  register.Well
	use   *usage
	plan  *water.Plan
	coefs *water.CoefficientHistory
	// days are the well's stored daily totals of the year, which hold the
	// days before the rollups began, such as imported history.
	days      map[metering.Day]store.Daily
	intervals []water.Interval
	sessions  []water.Session
	// controlled reports whether the well has a card controller whose
	// status words show when it let the pump run.
	controlled bool
	bills      []water.Bill
	payments   []water.Payment
	meters     []water.MeterStatus
}

// ruleScope lists the rules that a run of detect evaluates for every well,
// so that their alarms close when a run no longer finds them. Tamper alarms
// are not among them: they stay until people close them.
var ruleScope = []water.Rule{water.RuleOverPlan, water.RuleOverMonthlyPlan, water.RuleNoAuthorisation,
	water.RuleQuotaUsedUp, water.RuleRatioOutOfBand, water.RuleFlowMeterBypass, water.RuleElectricityBypass,
	water.RuleUnpaidPumping, water.RuleSilentMeter}

// detect runs the rules of package water on one well at now. It returns the
// alarms found and the errors of the rules that could not run, such as a
// missing coefficient.
func detect(in *wellInput, now time.Time, loc *time.Location, opts water.Options) ([]water.Alarm, error) {
	var found []water.Alarm
	var errs []error
	add := func(as []water.Alarm, err error) {
		found = append(found, as...)
		if err != nil {
			errs = append(errs, err)
		}
	}
	if in.plan != nil {
		add(overPlan(in, now, loc, opts))
	}
	if len(in.intervals) > 0 {
		add(water.DetectMismatch(in.well.Code, in.intervals, in.coefs, now, opts))
	}
	if in.controlled && len(in.intervals) > 0 {
		add(unauthorised(in, now, loc, opts))
	}
	if len(in.bills) > 0 && len(in.intervals) > 0 {
		y, m, d := now.In(loc).Date()
		acc, err := water.Statement(in.well.Code, in.bills, in.payments, land.NewDate(y, m, d))
		if err == nil {
			add(water.DetectUnpaidPumping(&acc, in.intervals, now, opts))
		} else {
			errs = append(errs, err)
		}
	}
	if len(in.meters) > 0 {
		add(water.DetectSilent(in.meters, now, opts))
	}
	return found, errors.Join(errs...)
}

// used returns the water the well drew on the days from from to to, both
// included: the rollups' figure for today and for any day they hold, and the
// stored daily total for the other days. A stored day with energy but no
// water is converted through the coefficient at its start.
func (in *wellInput) used(loc *time.Location, from, to, today metering.Day) (decimal.Decimal, error) {
	var sum decimal.Decimal
	for d := from; d <= to; d++ {
		if in.use != nil && (d == today || in.use.waterDay[d] || in.use.energyDay[d]) {
			v, err := in.use.volume(in.coefs, loc, d, d)
			if err != nil {
				return decimal.Decimal{}, err
			}
			sum = sum.Add(v)
			continue
		}
		st, ok := in.days[d]
		switch {
		case !ok:
		case !st.Volume.IsZero() || !st.Energy.IsPositive():
			sum = sum.Add(st.Volume)
		default:
			y, m, dd := d.Date()
			v, err := in.coefs.Water(time.Date(y, m, dd, 0, 0, 0, 0, loc), st.Energy)
			if err != nil {
				return decimal.Decimal{}, err
			}
			sum = sum.Add(v)
		}
	}
	return sum, nil
}

// overPlan checks the year's and the month's use against the plan.
func overPlan(in *wellInput, now time.Time, loc *time.Location, opts water.Options) ([]water.Alarm, error) {
	local := now.In(loc)
	yearStart := time.Date(local.Year(), time.January, 1, 0, 0, 0, 0, loc)
	monthStart := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc)
	today := dayOf(now, loc)
	ytd, err := in.used(loc, dayOf(yearStart, loc), today, today)
	if err != nil {
		return nil, err
	}
	mtd, err := in.used(loc, dayOf(monthStart, loc), today, today)
	if err != nil {
		return nil, err
	}
	use := water.PlanUse{Month: local.Month(), YearStart: yearStart, MonthStart: monthStart, To: now,
		YearToDate: ytd, MonthToDate: mtd}
	return water.DetectOverPlan(in.plan, use, now, opts)
}

// unauthorised finds pumping outside the card controller's sessions, and
// after a hard quota ran out.
func unauthorised(in *wellInput, now time.Time, loc *time.Location, opts water.Options) ([]water.Alarm, error) {
	p := water.PumpingInput{Well: in.well.Code, Intervals: in.intervals, Sessions: in.sessions}
	if in.plan != nil && in.plan.AtLimit == water.LimitRemoteStop {
		local := now.In(loc)
		yearStart := time.Date(local.Year(), time.January, 1, 0, 0, 0, 0, loc)
		first := in.intervals[0].Start
		before, err := in.used(loc, dayOf(yearStart, loc), dayOf(first, loc)-1, dayOf(now, loc))
		if err == nil && !first.Before(yearStart) {
			if at, ok, err := water.UsedUpAt(in.plan, before, in.intervals, in.coefs); err == nil && ok {
				p.QuotaUsedUp = at
			}
		}
	}
	return water.DetectUnauthorised(p, now, opts)
}

// sessionsOf turns a card controller's status words, in time order, into
// the sessions in which it let the pump run. A session runs from a word with
// the pump running to the next word with the pump stopped, and stays open
// when the last word shows it running.
func sessionsOf(well water.WellCode, words []wordAt) []water.Session {
	var out []water.Session
	var open *water.Session
	for _, w := range words {
		running := !szy206.StatusWord(w.word).Has(szy206.PumpOff)
		switch {
		case running && open == nil:
			out = append(out, water.Session{Well: well, Kind: water.SessionCard, Start: w.at})
			open = &out[len(out)-1]
		case !running && open != nil:
			open.End = w.at
			open = nil
		}
	}
	return out
}

// wordAt is a status word and when the terminal reported it.
type wordAt struct {
	at   time.Time
	word uint16
}

// meterStatuses returns the reporting state of the well's meters that have
// reported at least once.
func meterStatuses(w register.Well, lastSeen func(string) time.Time) []water.MeterStatus {
	var out []water.MeterStatus
	for _, m := range w.Meters {
		if last := lastSeen(string(m.ID)); !last.IsZero() {
			out = append(out, water.MeterStatus{Well: w.Code, Meter: m.ID, Kind: m.Kind, LastSeen: last})
		}
	}
	return out
}

// controller returns the well's card controller that reports as an SZY 206
// station, whose status words give the sessions.
func controller(w register.Well) (water.MeterID, bool) {
	i := slices.IndexFunc(w.Meters, func(m water.Meter) bool { return m.Kind == water.CardController })
	if i < 0 {
		return "", false
	}
	return w.Meters[i].ID, true
}

// sourceOf returns the readings source of an SZY 206 station.
func sourceOf(station water.MeterID) string { return stations.SZY206 + "/" + string(station) }
