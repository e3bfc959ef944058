package trace

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/land"
)

// Severity grades a [Flag], from [Info] to [Critical]. Its names and values are those of
// iot/alarm's Severity, so that the county server maps flags to alarms one to one.
type Severity uint8

// The severities, from the least to the most severe.
const (
	SeverityUnknown Severity = iota
	Info                     // worth a look, no action needed
	Warning                  // likely misuse: check when convenient
	Major                    // likely fraud: check soon
	Critical                 // fraud or a leak of labels: act now
)

var severityNames = []string{"unknown", "info", "warning", "major", "critical"}

// ParseSeverity returns the severity named s.
func ParseSeverity(s string) (Severity, error) {
	return parseEnum[Severity]("severity", severityNames, s)
}

// String returns the name used by [ParseSeverity].
func (s Severity) String() string { return enumName("Severity", severityNames, s) }

// Validate reports an error unless s is a known severity.
func (s Severity) Validate() error { return validateEnum("severity", severityNames, s) }

// MarshalText encodes s as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name.
func (s *Severity) UnmarshalText(text []byte) error {
	v, err := ParseSeverity(string(text))
	*s = v
	return err
}

// RuleKind names the fraud rule that raised a [Flag].
type RuleKind uint8

// The fraud rules; see the rule types of [Rules].
const (
	RuleUnknown            RuleKind = iota
	RuleScanCount                   // a code scanned more often than a threshold
	RuleImpossibleTravel            // consecutive scans too far apart for the time between
	RuleBeforeActivation            // a scan of a code that is not active yet
	RuleOutsideDestination          // a scan outside the regions the batch was shipped to
	RuleUnknownBurst                // many unissued or malformed codes from one client
	RuleSecondSale                  // a second retail sale of one code
)

var ruleKindNames = []string{"unknown", "scan_count", "impossible_travel", "before_activation",
	"outside_destination", "unknown_burst", "second_sale"}

// ParseRuleKind returns the rule named s.
func ParseRuleKind(s string) (RuleKind, error) {
	return parseEnum[RuleKind]("rule", ruleKindNames, s)
}

// String returns the name used by [ParseRuleKind].
func (k RuleKind) String() string { return enumName("RuleKind", ruleKindNames, k) }

// Validate reports an error unless k is a known rule.
func (k RuleKind) Validate() error { return validateEnum("rule", ruleKindNames, k) }

// MarshalText encodes k as its name.
func (k RuleKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText decodes a rule name.
func (k *RuleKind) UnmarshalText(text []byte) error {
	v, err := ParseRuleKind(string(text))
	*k = v
	return err
}

// Flag is a suspicion that a fraud rule raised, with the evidence for it. Flags are what
// the county server turns into alarms.
type Flag struct {
	// ID is set by the store when the flag is added; IDs grow with each flag added.
	ID       int64    `json:"id"`
	Rule     RuleKind `json:"rule"`
	Severity Severity `json:"severity"`
	// At is the time of the scan or sale that raised the flag.
	At time.Time `json:"at"`
	// EPC is the code the flag is about; empty for a burst of unknown codes.
	EPC string `json:"epc,omitempty"`
	// Issuance is the issuance of the code, when it has one.
	Issuance string `json:"issuance,omitempty"`
	// Client is the hashed client, for rules about a client.
	Client string `json:"client,omitempty"`
	// Message states the finding in one sentence.
	Message  string   `json:"message"`
	Evidence Evidence `json:"evidence"`
}

// Evidence holds the facts behind a [Flag]; each rule fills the fields it uses.
type Evidence struct {
	// Scans are the IDs of the scans involved, oldest first.
	Scans []int64 `json:"scans,omitempty"`
	// Count and Threshold are the observed count and the rule's limit.
	Count     int `json:"count,omitempty"`
	Threshold int `json:"threshold,omitempty"`
	// DistanceKm, Elapsed and SpeedKmh describe travel between two scans; an Elapsed
	// below one second counts as one second in SpeedKmh.
	DistanceKm float64       `json:"distanceKm,omitempty"`
	Elapsed    time.Duration `json:"elapsed,omitempty"`
	SpeedKmh   float64       `json:"speedKmh,omitempty"`
	// State and ActivatedAt are the issuance's state and activation time.
	State       IssuanceState `json:"state,omitempty"`
	ActivatedAt time.Time     `json:"activatedAt,omitzero"`
	// Division and Destinations are the scan's division and the batch's destinations.
	Division     land.DivisionCode   `json:"division,omitempty"`
	Destinations []land.DivisionCode `json:"destinations,omitempty"`
	// Window is the time window the rule counted in.
	Window time.Duration `json:"window,omitempty"`
	// Sales are the times of the retail sales of the code, oldest first.
	Sales []time.Time `json:"sales,omitempty"`
}

// Validate reports every invalid field.
func (f *Flag) Validate() error {
	var c fieldChecker
	c.check("rule", f.Rule.String(), f.Rule.Validate())
	c.check("severity", f.Severity.String(), f.Severity.Validate())
	if f.At.IsZero() {
		c.add("at", "", "is required")
	}
	if f.EPC == "" && f.Client == "" {
		c.add("epc", "", "a flag needs a code or a client")
	}
	c.require("message", f.Message)
	return c.err("flag", fmt.Sprint(f.ID))
}
