package water

import (
	"time"

	"github.com/shopspring/decimal"
)

// Rule names a detection rule. The zero value is RuleUnknown.
type Rule uint8

// The detection rules.
const (
	RuleUnknown           Rule = iota
	RuleOverPlan               // annual use reached a warning level or the plan
	RuleOverMonthlyPlan        // the month's use reached a warning level or the month's split
	RuleNoAuthorisation        // pumping with no open IC card or remote session
	RuleQuotaUsedUp            // pumping after a hard quota was used up
	RuleRatioOutOfBand         // m³ per kWh outside the band around Tc
	RuleFlowMeterBypass        // kWh with no water: flow meter bypassed or broken
	RuleElectricityBypass      // water with no kWh: electricity meter bypassed
	RuleTamper                 // a tamper event reported by a meter
	RuleUnpaidPumping          // pumping while fees are in arrears
	RuleSilentMeter            // a meter that has not reported for too long
)

var ruleNames = []string{
	"unknown", "over-plan", "over-monthly-plan", "no-authorisation", "quota-used-up",
	"ratio-out-of-band", "flow-meter-bypass", "electricity-meter-bypass", "tamper",
	"unpaid-pumping", "silent-meter",
}

// ParseRule parses a rule name such as "over-plan", ignoring case.
func ParseRule(s string) (Rule, error) { return parseEnum[Rule]("rule", ruleNames, s) }

// String returns the rule name, such as "flow-meter-bypass".
func (r Rule) String() string { return enumName("Rule", ruleNames, r) }

// MarshalText encodes the rule name.
func (r Rule) MarshalText() ([]byte, error) { return marshalEnum("rule", ruleNames, r) }

// UnmarshalText decodes a rule name.
func (r *Rule) UnmarshalText(text []byte) (err error) {
	*r, err = ParseRule(string(text))
	return err
}

// Severity grades an alarm. The zero value is SeverityUnknown.
type Severity uint8

// The severities.
const (
	SeverityUnknown Severity = iota
	Warning                  // 预警: look at it soon, such as 80% of the plan used
	Critical                 // 报警: act now, such as the plan used up or a meter bypassed
)

var severityNames = []string{"unknown", "warning", "critical"}

// ParseSeverity parses "warning" or "critical", ignoring case.
func ParseSeverity(s string) (Severity, error) {
	return parseEnum[Severity]("severity", severityNames, s)
}

// String returns "warning" or "critical".
func (s Severity) String() string { return enumName("Severity", severityNames, s) }

// MarshalText encodes the severity name.
func (s Severity) MarshalText() ([]byte, error) {
	return marshalEnum("severity", severityNames, s)
}

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(text []byte) (err error) {
	*s, err = ParseSeverity(string(text))
	return err
}

// Unit is the unit of a [Quantity], in ASCII so that it stores anywhere.
type Unit string

// The units of alarm evidence.
const (
	CubicMetres       Unit = "m3"
	KilowattHours     Unit = "kWh"
	Kilowatts         Unit = "kW"
	CubicMetresPerKWh Unit = "m3/kWh"
	Percent           Unit = "%"
	Yuan              Unit = "yuan"
	Seconds           Unit = "s"
	Count             Unit = "count"
	RegisterUnits     Unit = "register" // the meter's own register unit
)

// Quantity is one named value of alarm evidence, such as {"year_to_date", 8200, m3}.
type Quantity struct {
	// Name is a snake_case label that is stable across releases.
	Name string
	// Value is the value in Unit.
	Value decimal.Decimal
	// Unit is the value's unit.
	Unit Unit
}

// Alarm is the outcome of a detection rule, with the evidence that made it fire.
type Alarm struct {
	// Rule is the rule that fired.
	Rule Rule
	// Severity grades the alarm.
	Severity Severity
	// Action is the action to take: [LimitRemoteStop] when a plan with that action is
	// used up, [LimitAlarm] otherwise.
	Action LimitAction
	// Well is the well concerned.
	Well WellCode
	// Meter is the meter concerned. Empty means the alarm is about the well.
	Meter MeterID
	// Event is the tamper event kind of a [RuleTamper] alarm, 0 for other rules.
	Event EventKind
	// Raised is the time the rule ran, from the caller's clock.
	Raised time.Time
	// From and To bound the time window of the evidence.
	From, To time.Time
	// Observed are the values the rule saw in the window.
	Observed []Quantity
	// Threshold is the limit the values crossed.
	Threshold Quantity
	// Message is a one-line English summary for people.
	Message string
}

// Value returns the observed quantity called name and whether the alarm has one.
func (a *Alarm) Value(name string) (decimal.Decimal, bool) {
	for _, q := range a.Observed {
		if q.Name == name {
			return q.Value, true
		}
	}
	return decimal.Decimal{}, false
}
