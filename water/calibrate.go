package water

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// CoefficientPlaces is the number of decimal places [Calibrate] rounds Tc to.
const CoefficientPlaces = 4

// liftFactor is 367.1 m⁴/kWh, the volume times head one kWh can lift at 100% efficiency:
// 3.6e6 J/kWh / (ρ g) with ρ = 1000 kg/m³ and g = 9.80665 m/s² gives 367.0978, which
// rounds up to 367.1 so that the bound errs on the lenient side by 0.0006%.
var liftFactor = decimal.RequireFromString("367.1")

var one = decimal.NewFromInt(1)

// MaxCoefficient returns the physical upper bound of Tc in m³/kWh for a pump with the
// given wire-to-water efficiency (a fraction) and total head in m: 367.1 · η / H.
//
// Lifting V m³ of water through H m takes ρ g H V joules at the pump, and the motor
// draws that divided by η from the supply. One kWh is 3.6 × 10⁶ J, so it lifts at most
// 3.6 × 10⁶ · η / (ρ g H) m³, which with ρ = 1000 kg/m³ and g = 9.80665 m/s² is
// 367.0978 · η / H; 367.1 rounds the constant up. An efficiency of 0 means unknown and
// is taken as 1, the limit no pump can pass. The result is rounded down to 6 decimal
// places. It returns an error unless head is above 0 and efficiency is 0 to 1.
func MaxCoefficient(efficiency, head decimal.Decimal) (decimal.Decimal, error) {
	if !head.IsPositive() {
		return decimal.Decimal{}, fmt.Errorf("water: invalid head %s m, want above 0 m", head)
	}
	if efficiency.IsNegative() || efficiency.GreaterThan(one) {
		return decimal.Decimal{}, fmt.Errorf("water: invalid efficiency %s, want a fraction from 0 to 1", efficiency)
	}
	if efficiency.IsZero() {
		efficiency = one
	}
	return liftFactor.Mul(efficiency).DivRound(head, 7).RoundFloor(6), nil
}

// BoundError reports a calibration or coefficient above [MaxCoefficient]: more water per
// kWh than the pump can physically lift, which points to a wrong flow or electricity
// reading, a wrong head, or a meter on the wrong pump.
type BoundError struct {
	// Well is the well calibrated.
	Well WellCode
	// Run is the index of the offending run, or -1 for the totals of all runs or a
	// coefficient set by hand.
	Run int
	// Coefficient is the observed m³/kWh, rounded to 6 decimal places.
	Coefficient decimal.Decimal
	// Bound is the physical upper bound in m³/kWh.
	Bound decimal.Decimal
	// Efficiency and Head are the values the bound was computed from; an Efficiency
	// of 0 was taken as 1.
	Efficiency, Head decimal.Decimal
}

// Error returns a message naming the value, the bound and the inputs to the bound.
func (e *BoundError) Error() string {
	where := ""
	if e.Run >= 0 {
		where = fmt.Sprintf(" run %d:", e.Run)
	}
	return fmt.Sprintf("water: calibration of well %s:%s %s m³/kWh exceeds the physical bound "+
		"%s m³/kWh (367.1 × η %s / H %s m), check the meters and the head",
		e.Well, where, e.Coefficient, e.Bound, e.Efficiency, e.Head)
}

// checkBound returns a *BoundError when water / energy > 367.1 · η / H. It compares
// water × H with 367.1 × η × energy, so no rounding decides the outcome.
func checkBound(well WellCode, run int, water, energy, efficiency, head decimal.Decimal) error {
	bound, err := MaxCoefficient(efficiency, head)
	if err != nil {
		return fmt.Errorf("water: calibration of well %s: %w", well, err)
	}
	eta := efficiency
	if eta.IsZero() {
		eta = one
	}
	if water.Mul(head).LessThanOrEqual(liftFactor.Mul(eta).Mul(energy)) {
		return nil
	}
	return &BoundError{Well: well, Run: run, Coefficient: water.DivRound(energy, 6),
		Bound: bound, Efficiency: efficiency, Head: head}
}

// Run is one calibration run: the pump running with the flow meter and the electricity
// meter read at its start and end.
type Run struct {
	// Start and End bound the run.
	Start, End time.Time
	// Water is the volume the flow meter recorded in m³.
	Water decimal.Decimal
	// Energy is the energy the electricity meter recorded in kWh.
	Energy decimal.Decimal
}

// Calibration is the result of [Calibrate].
type Calibration struct {
	// Well is the well calibrated.
	Well WellCode
	// Value is Tc = Water / Energy in m³/kWh, rounded half away from zero to
	// [CoefficientPlaces] places, or down where rounding up would cross Bound.
	Value decimal.Decimal
	// Runs is the number of runs.
	Runs int
	// Water and Energy are the totals of the runs in m³ and kWh.
	Water, Energy decimal.Decimal
	// Bound is [MaxCoefficient] of the pump.
	Bound decimal.Decimal
	// Head and Efficiency are the pump values the bound was computed from.
	Head, Efficiency decimal.Decimal
	// Start is the start of the first run and End the end of the last.
	Start, End time.Time
}

// Calibrate computes a well's coefficient from flow-meter runs as the ratio of sums,
// Tc = Σ water / Σ energy, which weights each run by its energy. The mean of the runs'
// ratios would give a short run as much weight as a long one, although its readings
// carry more rounding.
//
// pump supplies the total head in m (required) and the wire-to-water efficiency (0 for
// unknown, then taken as 1). Calibrate returns a *[BoundError] when a run or the total
// exceeds [MaxCoefficient]. It returns another error when there are no runs, when a run
// has no energy or water or ends before it starts, when two runs overlap in time, or when
// the head is unknown.
func Calibrate(well WellCode, pump Pump, runs []Run) (Calibration, error) {
	if err := checkRuns(well, pump, runs); err != nil {
		return Calibration{}, err
	}
	cal := Calibration{Well: well, Runs: len(runs), Head: pump.Head, Efficiency: pump.Efficiency}
	for i, r := range runs {
		if err := checkBound(well, i, r.Water, r.Energy, pump.Efficiency, pump.Head); err != nil {
			return Calibration{}, err
		}
		cal.Water = cal.Water.Add(r.Water)
		cal.Energy = cal.Energy.Add(r.Energy)
		cal.Start, cal.End = earliest(cal.Start, r.Start), latest(cal.End, r.End)
	}
	if err := checkBound(well, -1, cal.Water, cal.Energy, pump.Efficiency, pump.Head); err != nil {
		return Calibration{}, err
	}
	cal.Value = cal.Water.DivRound(cal.Energy, CoefficientPlaces)
	if checkBound(well, -1, cal.Value, one, pump.Efficiency, pump.Head) != nil {
		// The exact ratio is within the bound, so rounding crossed it: round down.
		cal.Value = cal.Water.Div(cal.Energy).RoundFloor(CoefficientPlaces)
	}
	cal.Bound, _ = MaxCoefficient(pump.Efficiency, pump.Head)
	return cal, nil
}

func checkRuns(well WellCode, pump Pump, runs []Run) error {
	if err := well.Validate(); err != nil {
		return fmt.Errorf("water: calibrate: %w", err)
	}
	if !pump.Head.IsPositive() {
		return fmt.Errorf("water: calibrate well %s: pump head %s m unknown, want the total head above 0 m to check the bound", well, pump.Head)
	}
	if len(runs) == 0 {
		return fmt.Errorf("water: calibrate well %s: no runs, want at least one", well)
	}
	for i, r := range runs {
		if !r.Energy.IsPositive() || !r.Water.IsPositive() {
			return fmt.Errorf("water: calibrate well %s: run %d has %s m³ and %s kWh, want both above 0", well, i, r.Water, r.Energy)
		}
		if !r.End.After(r.Start) {
			return fmt.Errorf("water: calibrate well %s: run %d ends at %s, want after its start %s", well, i, r.End.Format(time.RFC3339), r.Start.Format(time.RFC3339))
		}
	}
	return checkRunOverlap(well, runs)
}

func checkRunOverlap(well WellCode, runs []Run) error {
	order := make([]int, len(runs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return runs[a].Start.Compare(runs[b].Start) })
	for k := 1; k < len(order); k++ {
		prev, cur := order[k-1], order[k]
		if runs[prev].End.After(runs[cur].Start) {
			return fmt.Errorf("water: calibrate well %s: runs %d and %d overlap in time, want separate runs", well, prev, cur)
		}
	}
	return nil
}

// Coefficient returns the calibrated coefficient in force from from, open-ended.
func (c Calibration) Coefficient(from time.Time, reason ChangeReason) Coefficient {
	return Coefficient{Well: c.Well, Value: c.Value, From: from, Reason: reason, Runs: c.Runs,
		Water: c.Water, Energy: c.Energy, Head: c.Head, Efficiency: c.Efficiency}
}

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
