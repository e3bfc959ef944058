package water

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// DetectMismatch compares the flow meter with the electricity meter of a well, interval
// by interval, over intervals that report both:
//
//   - [RuleFlowMeterBypass] ([Critical]): energy at or above [Options.RatioMinEnergy]
//     with no water, that is water at most [Options.NoneFraction] × Tc × kWh, or below
//     [Options.MinWater] when no coefficient is in force.
//   - [RuleElectricityBypass] ([Critical]): water at or above [Options.RatioMinEnergy]
//     × Tc (or [Options.MinWater] without a coefficient) with no energy, that is at
//     most NoneFraction × m³ / Tc, or below [Options.MinEnergy] without a coefficient.
//   - [RuleRatioOutOfBand] ([Warning]): energy at or above RatioMinEnergy and m³/kWh
//     outside Tc × (1 ± [Options.RatioBand]), edges included in the band. It needs a
//     coefficient, taken at each interval's Start from h, which may be nil.
//
// Contiguous intervals flagged by the same rule form one alarm whose evidence sums
// them; for a ratio alarm the ratio is the sums' ratio. It returns an error when an
// interval is of another well or malformed, or the options are not valid.
func DetectMismatch(well WellCode, intervals []Interval, h *CoefficientHistory, now time.Time, opts Options) ([]Alarm, error) {
	o, err := opts.resolved()
	if err != nil {
		return nil, err
	}
	sorted, err := sortedIntervals(well, intervals)
	if err != nil {
		return nil, err
	}
	var sp spanner
	for i := range sorted {
		iv := &sorted[i]
		var tc decimal.Decimal
		if c, ok := h.At(iv.Start); ok {
			tc = c.Value
		}
		sp.add(mismatch(iv, tc, &o), iv, tc)
	}
	var alarms []Alarm
	for _, s := range sp.flagged() {
		alarms = append(alarms, mismatchAlarm(well, &s, now, &o))
	}
	return alarms, nil
}

// mismatch returns the rule iv breaks with coefficient tc (0 when none), or RuleUnknown.
func mismatch(iv *Interval, tc decimal.Decimal, o *Options) Rule {
	if !iv.Measured.Has(MeasuredEnergy | MeasuredWater) {
		return RuleUnknown
	}
	known := tc.IsPositive()
	enoughEnergy := iv.Energy.GreaterThanOrEqual(o.RatioMinEnergy)
	switch {
	case enoughEnergy && noWater(iv, tc, o):
		return RuleFlowMeterBypass
	case enoughWater(iv, tc, o) && noEnergy(iv, tc, o):
		return RuleElectricityBypass
	case known && enoughEnergy && outOfBand(iv.Water, iv.Energy, tc, o.RatioBand):
		return RuleRatioOutOfBand
	}
	return RuleUnknown
}

func noWater(iv *Interval, tc decimal.Decimal, o *Options) bool {
	if !tc.IsPositive() {
		return iv.Water.LessThan(o.MinWater)
	}
	return iv.Water.LessThanOrEqual(o.NoneFraction.Mul(tc).Mul(iv.Energy))
}

func enoughWater(iv *Interval, tc decimal.Decimal, o *Options) bool {
	if !tc.IsPositive() {
		return iv.Water.GreaterThanOrEqual(o.MinWater)
	}
	return iv.Water.GreaterThanOrEqual(o.RatioMinEnergy.Mul(tc))
}

// noEnergy reports whether energy is at most NoneFraction × water / Tc, compared as
// energy × Tc against NoneFraction × water so that no division rounds.
func noEnergy(iv *Interval, tc decimal.Decimal, o *Options) bool {
	if !tc.IsPositive() {
		return iv.Energy.LessThan(o.MinEnergy)
	}
	return iv.Energy.Mul(tc).LessThanOrEqual(o.NoneFraction.Mul(iv.Water))
}

// outOfBand reports whether water / energy lies outside tc × (1 ± band).
func outOfBand(water, energy, tc, band decimal.Decimal) bool {
	low := tc.Mul(one.Sub(band)).Mul(energy)
	high := tc.Mul(one.Add(band)).Mul(energy)
	return water.LessThan(low) || water.GreaterThan(high)
}

func mismatchAlarm(well WellCode, s *span, now time.Time, o *Options) Alarm {
	a := Alarm{Rule: s.rule, Severity: Critical, Well: well, Raised: now, From: s.from, To: s.to}
	a.Observed = []Quantity{
		{Name: "energy", Value: s.energy, Unit: KilowattHours},
		{Name: "water", Value: s.water, Unit: CubicMetres},
		{Name: "intervals", Value: decimal.NewFromInt(int64(s.count)), Unit: Count},
	}
	if s.tc.IsPositive() {
		a.Observed = append(a.Observed, Quantity{Name: "coefficient", Value: s.tc, Unit: CubicMetresPerKWh})
	}
	switch s.rule {
	case RuleFlowMeterBypass:
		a.Threshold = Quantity{Name: "min_energy", Value: o.RatioMinEnergy, Unit: KilowattHours}
		a.Message = fmt.Sprintf("well %s used %s kWh with %s m³ on the flow meter", well, s.energy, s.water)
	case RuleElectricityBypass:
		a.Threshold = Quantity{Name: "min_water", Value: o.MinWater, Unit: CubicMetres}
		if s.tc.IsPositive() {
			a.Threshold.Value = o.RatioMinEnergy.Mul(s.tc)
		}
		a.Message = fmt.Sprintf("well %s drew %s m³ with %s kWh on the electricity meter", well, s.water, s.energy)
	default:
		ratioAlarm(&a, s, o)
	}
	return a
}

// ratioAlarm fills the evidence of a ratio alarm: the ratio of the sums and the band
// edge it crossed.
func ratioAlarm(a *Alarm, s *span, o *Options) {
	a.Severity = Warning
	ratio := s.water.DivRound(s.energy, 4)
	a.Observed = append(a.Observed, Quantity{Name: "ratio", Value: ratio, Unit: CubicMetresPerKWh})
	edge := Quantity{Name: "band_high", Value: s.tc.Mul(one.Add(o.RatioBand)), Unit: CubicMetresPerKWh}
	if s.water.LessThan(s.tc.Mul(s.energy)) {
		edge = Quantity{Name: "band_low", Value: s.tc.Mul(one.Sub(o.RatioBand)), Unit: CubicMetresPerKWh}
	}
	a.Threshold = edge
	a.Message = fmt.Sprintf("well %s gave %s m³/kWh against a coefficient of %s (band ±%s)",
		a.Well, ratio, s.tc, o.RatioBand)
}
