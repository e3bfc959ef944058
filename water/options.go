package water

import (
	"time"

	"github.com/shopspring/decimal"
)

// Options are the thresholds of the detection rules. The zero value gives the defaults
// stated on each field, and so does any zero field. The defaults are starting points
// for a county to tune, not values from a standard.
type Options struct {
	// Warnings are the percentages of a plan at which to warn, for plans without
	// their own [Plan.Warnings]. Default 80 and 90.
	Warnings []decimal.Decimal
	// MinEnergy is the energy in kWh per interval at or above which the pump counts as
	// running. It sits above the standby draw of a controller. Default 0.5 kWh.
	MinEnergy decimal.Decimal
	// MinPower is the active power in kW at or above which the pump counts as running.
	// Default 1 kW.
	MinPower decimal.Decimal
	// SessionGrace widens each session at both ends, for clock skew between the
	// controller and the meters. Default 5 minutes; a negative value means none.
	SessionGrace time.Duration
	// RatioBand is the half-width of the accepted band of m³/kWh around Tc, as a
	// fraction: with 0.2 the band is 0.8 Tc to 1.2 Tc, both included. Default 0.2.
	RatioBand decimal.Decimal
	// RatioMinEnergy is the energy in kWh per interval below which the water-electricity
	// rules stay silent, because meter resolution dominates a small interval.
	// Default 5 kWh.
	RatioMinEnergy decimal.Decimal
	// MinWater is the volume in m³ per interval at or above which water counts as
	// flowing. Default 1 m³.
	MinWater decimal.Decimal
	// NoneFraction is the fraction of the expected value at or below which a reading
	// counts as none: water at most NoneFraction × Tc × kWh means no water, and energy
	// at most NoneFraction × m³ / Tc means no energy. Default 0.05.
	NoneFraction decimal.Decimal
	// ClockTolerance is the largest clock step that is not an alarm. Default 5 minutes;
	// a negative value makes every step an alarm.
	ClockTolerance time.Duration
	// MergeWithin joins tamper events of the same kind on the same meter into one
	// alarm when each follows the previous within this time. Default 10 minutes; a
	// negative value never joins.
	MergeWithin time.Duration
	// MinArrears is the arrears in yuan at or above which pumping raises an alarm.
	// Default 0.01 yuan.
	MinArrears decimal.Decimal
	// ArrearsGraceDays is the number of days after a bill's due day before pumping with
	// it unpaid raises an alarm. Default 0: from the day after the due day.
	ArrearsGraceDays int
	// SilentAfter is how long a meter may go without reporting. Default 6 hours.
	SilentAfter time.Duration
	// Zone is the time zone that the days of [Options.ArrearsGraceDays] and of bills
	// begin in. Nil means UTC+8 (China Standard Time, as Asia/Shanghai has kept since
	// 1991); Xinjiang counties on local time pass UTC+6 (Asia/Urumqi).
	Zone *time.Location
}

// Defaults of [Options].
const (
	DefaultSessionGrace   = 5 * time.Minute
	DefaultClockTolerance = 5 * time.Minute
	DefaultMergeWithin    = 10 * time.Minute
	DefaultSilentAfter    = 6 * time.Hour
)

// chinaStandardTime is UTC+8 without daylight saving time.
var chinaStandardTime = time.FixedZone("CST", 8*3600)

// resolved returns o with every zero field set to its default, or an error naming the
// first field out of range.
func (o Options) resolved() (Options, error) {
	if err := o.validate(); err != nil {
		return Options{}, err
	}
	if o.Warnings == nil {
		o.Warnings = []decimal.Decimal{decimal.NewFromInt(80), decimal.NewFromInt(90)}
	}
	o.MinEnergy = orDefault(o.MinEnergy, decimal.New(5, -1))
	o.MinPower = orDefault(o.MinPower, decimal.New(1, 0))
	o.RatioBand = orDefault(o.RatioBand, decimal.New(2, -1))
	o.RatioMinEnergy = orDefault(o.RatioMinEnergy, decimal.New(5, 0))
	o.MinWater = orDefault(o.MinWater, decimal.New(1, 0))
	o.NoneFraction = orDefault(o.NoneFraction, decimal.New(5, -2))
	o.MinArrears = orDefault(o.MinArrears, decimal.New(1, -2))
	o.SessionGrace = durationOrDefault(o.SessionGrace, DefaultSessionGrace)
	o.ClockTolerance = durationOrDefault(o.ClockTolerance, DefaultClockTolerance)
	o.MergeWithin = durationOrDefault(o.MergeWithin, DefaultMergeWithin)
	if o.SilentAfter == 0 {
		o.SilentAfter = DefaultSilentAfter
	}
	if o.Zone == nil {
		o.Zone = chinaStandardTime
	}
	return o, nil
}

func (o *Options) validate() error {
	c := checker{typ: "options"}
	checkPercents(&c, "Warnings", o.Warnings)
	checkNonNegative(&c, "MinEnergy", o.MinEnergy, "kWh")
	checkNonNegative(&c, "MinPower", o.MinPower, "kW")
	checkNonNegative(&c, "RatioMinEnergy", o.RatioMinEnergy, "kWh")
	checkNonNegative(&c, "MinWater", o.MinWater, "m³")
	checkNonNegative(&c, "MinArrears", o.MinArrears, "yuan")
	if o.RatioBand.IsNegative() || o.RatioBand.GreaterThanOrEqual(one) {
		c.fail("RatioBand", o.RatioBand, "want a fraction from 0 to below 1")
	}
	if o.NoneFraction.IsNegative() || o.NoneFraction.GreaterThanOrEqual(one) {
		c.fail("NoneFraction", o.NoneFraction, "want a fraction from 0 to below 1")
	}
	if o.ArrearsGraceDays < 0 {
		c.fail("ArrearsGraceDays", o.ArrearsGraceDays, "want 0 days or more")
	}
	if o.SilentAfter < 0 {
		c.fail("SilentAfter", o.SilentAfter, "want a duration above 0, or 0 for the default")
	}
	return c.err()
}

func orDefault(d, def decimal.Decimal) decimal.Decimal {
	if d.IsZero() {
		return def
	}
	return d
}

// durationOrDefault returns def for 0, 0 for a negative d, and d otherwise.
func durationOrDefault(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}
