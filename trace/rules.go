package trace

import (
	"fmt"
	"time"
)

// Rules configures the fraud rules. It is data: decode it from JSON or YAML, call
// [Rules.Validate], and pass it to [Rules.CheckScan] and [Rules.CheckSale]. The zero
// Rules runs every rule with its defaults: each zero field takes the default its
// comment gives, and a rule with Off set does not run.
type Rules struct {
	ScanCount    ScanCountRule    `json:"scanCount"`
	Travel       TravelRule       `json:"travel"`
	Activation   ActivationRule   `json:"activation"`
	Destination  DestinationRule  `json:"destination"`
	UnknownBurst UnknownBurstRule `json:"unknownBurst"`
	SecondSale   SecondSaleRule   `json:"secondSale"`
}

// ScanCountRule raises a flag when a code is scanned more often than Threshold, once:
// on the scan that first exceeds it. A genuine item is scanned a few times on its way to
// the table, while a code copied onto fakes is scanned by every buyer.
type ScanCountRule struct {
	Off bool `json:"off,omitempty"`
	// Threshold is the number of scans allowed; 0 means 20.
	Threshold int `json:"threshold,omitempty"`
	// Severity defaults to Warning.
	Severity Severity `json:"severity,omitempty"`
}

// TravelRule raises a flag when two consecutive scans of a code with locations lie
// further apart than MinDistanceKm and the speed between them exceeds MaxSpeedKmh:
// one item cannot be in two cities at once.
type TravelRule struct {
	Off bool `json:"off,omitempty"`
	// MaxSpeedKmh is the fastest plausible travel in km/h; 0 means 500.
	MaxSpeedKmh float64 `json:"maxSpeedKmh,omitempty"`
	// MinDistanceKm is the distance below which scans are never judged, because scan
	// locations are coarse; 0 means 50.
	MinDistanceKm float64 `json:"minDistanceKm,omitempty"`
	// Severity defaults to Major.
	Severity Severity `json:"severity,omitempty"`
}

// ActivationRule raises a flag when a code is scanned while its issuance is not active,
// or before its activation time less Grace: labels that leaked from the printer.
type ActivationRule struct {
	Off bool `json:"off,omitempty"`
	// Grace allows for clocks that disagree; 0 means 10 minutes.
	Grace time.Duration `json:"grace,omitempty"`
	// Severity defaults to Critical.
	Severity Severity `json:"severity,omitempty"`
}

// DestinationRule raises a flag when a code is scanned in a division outside every
// destination its batch was shipped to. Scans without a division code are not judged.
type DestinationRule struct {
	Off bool `json:"off,omitempty"`
	// Severity defaults to Warning.
	Severity Severity `json:"severity,omitempty"`
}

// UnknownBurstRule raises a flag when one client scans Count or more unissued or
// malformed codes within Window: someone probing for valid codes. It raises once per
// burst, on the scan that reaches Count.
type UnknownBurstRule struct {
	Off bool `json:"off,omitempty"`
	// Count is the number of failed scans that makes a burst; 0 means 10.
	Count int `json:"count,omitempty"`
	// Window is the time the scans must fall within; 0 means 10 minutes.
	Window time.Duration `json:"window,omitempty"`
	// Severity defaults to Warning.
	Severity Severity `json:"severity,omitempty"`
}

// SecondSaleRule raises a flag when a code is sold at retail a second time or more: a
// copied label, or a returned item sold again without being booked back.
type SecondSaleRule struct {
	Off bool `json:"off,omitempty"`
	// Severity defaults to Critical.
	Severity Severity `json:"severity,omitempty"`
}

// The rule defaults.
const (
	DefaultScanThreshold    = 20
	DefaultMaxSpeedKmh      = 500.0
	DefaultMinDistanceKm    = 50.0
	DefaultActivationGrace  = 10 * time.Minute
	DefaultBurstCount       = 10
	DefaultBurstWindow      = 10 * time.Minute
	defaultCountSeverity    = Warning
	defaultTravelSeverity   = Major
	defaultActiveSeverity   = Critical
	defaultDestSeverity     = Warning
	defaultBurstSeverity    = Warning
	defaultSecondSaleSevere = Critical
)

// WithDefaults returns r with every zero field set to its default.
func (r Rules) WithDefaults() Rules {
	orDefault(&r.ScanCount.Threshold, DefaultScanThreshold)
	orDefault(&r.ScanCount.Severity, defaultCountSeverity)
	orDefault(&r.Travel.MaxSpeedKmh, DefaultMaxSpeedKmh)
	orDefault(&r.Travel.MinDistanceKm, DefaultMinDistanceKm)
	orDefault(&r.Travel.Severity, defaultTravelSeverity)
	orDefault(&r.Activation.Grace, DefaultActivationGrace)
	orDefault(&r.Activation.Severity, defaultActiveSeverity)
	orDefault(&r.Destination.Severity, defaultDestSeverity)
	orDefault(&r.UnknownBurst.Count, DefaultBurstCount)
	orDefault(&r.UnknownBurst.Window, DefaultBurstWindow)
	orDefault(&r.UnknownBurst.Severity, defaultBurstSeverity)
	orDefault(&r.SecondSale.Severity, defaultSecondSaleSevere)
	return r
}

func orDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

// Validate reports every invalid field of r after defaults: no negative limits and only
// known severities.
func (r Rules) Validate() error {
	r = r.WithDefaults()
	var c fieldChecker
	if r.ScanCount.Threshold < 0 {
		c.add("scanCount.threshold", fmt.Sprint(r.ScanCount.Threshold), "is negative")
	}
	if r.Travel.MaxSpeedKmh < 0 {
		c.add("travel.maxSpeedKmh", fmt.Sprint(r.Travel.MaxSpeedKmh), "is negative")
	}
	if r.Travel.MinDistanceKm < 0 {
		c.add("travel.minDistanceKm", fmt.Sprint(r.Travel.MinDistanceKm), "is negative")
	}
	if r.Activation.Grace < 0 {
		c.add("activation.grace", r.Activation.Grace.String(), "is negative")
	}
	if r.UnknownBurst.Count < 0 {
		c.add("unknownBurst.count", fmt.Sprint(r.UnknownBurst.Count), "is negative")
	}
	if r.UnknownBurst.Window < 0 {
		c.add("unknownBurst.window", r.UnknownBurst.Window.String(), "is negative")
	}
	severities := map[string]Severity{
		"scanCount.severity": r.ScanCount.Severity, "travel.severity": r.Travel.Severity,
		"activation.severity": r.Activation.Severity, "destination.severity": r.Destination.Severity,
		"unknownBurst.severity": r.UnknownBurst.Severity, "secondSale.severity": r.SecondSale.Severity,
	}
	for _, field := range []string{"scanCount.severity", "travel.severity", "activation.severity",
		"destination.severity", "unknownBurst.severity", "secondSale.severity"} {
		c.check(field, severities[field].String(), severities[field].Validate())
	}
	return c.err("rules", "")
}

// ScanContext holds the facts about a scan that the rules need beyond the scan itself. A
// [Tracker] fills it from the store; callers that keep their own state fill it
// themselves.
type ScanContext struct {
	// Issuance holds the scanned code; nil for a code that is not known.
	Issuance *Issuance
	// Previous is the code's scan before this one; nil for the first.
	Previous *Scan
	// Count is the number of scans of the code, this one included.
	Count int
	// ClientFailures are the IDs of the client's unissued and malformed scans within the
	// burst window that ends at this scan, oldest first and this one included when it
	// failed.
	ClientFailures []int64
}

// CheckScan runs the scan rules on s and returns the flags they raise, in the order of
// the fields of [Rules]. It reads nothing but its arguments.
func (r Rules) CheckScan(s *Scan, sc ScanContext) []Flag {
	r = r.WithDefaults()
	var flags []Flag
	add := func(f *Flag) {
		if f != nil {
			flags = append(flags, *f)
		}
	}
	if s.Status == Known {
		add(r.ScanCount.check(s, sc))
		add(r.Travel.check(s, sc))
		add(r.Activation.check(s, sc))
		add(r.Destination.check(s, sc))
	}
	add(r.UnknownBurst.check(s, sc))
	return flags
}

// newFlag returns a flag about the code of s.
func newFlag(rule RuleKind, severity Severity, s *Scan, message string, ev Evidence) *Flag {
	return &Flag{Rule: rule, Severity: severity, At: s.At, EPC: s.EPC, Issuance: s.Issuance,
		Client: s.Client, Message: message, Evidence: ev}
}

func (r ScanCountRule) check(s *Scan, sc ScanContext) *Flag {
	if r.Off || sc.Count != r.Threshold+1 {
		return nil
	}
	msg := fmt.Sprintf("code %s scanned %d times, more than the threshold of %d", s.EPC, sc.Count, r.Threshold)
	return newFlag(RuleScanCount, r.Severity, s, msg,
		Evidence{Scans: []int64{s.ID}, Count: sc.Count, Threshold: r.Threshold})
}

func (r TravelRule) check(s *Scan, sc ScanContext) *Flag {
	prev := sc.Previous
	if r.Off || prev == nil || prev.Location == nil || s.Location == nil {
		return nil
	}
	distance := prev.Location.DistanceKm(*s.Location)
	if distance <= r.MinDistanceKm {
		return nil
	}
	elapsed := s.At.Sub(prev.At)
	if elapsed < 0 {
		elapsed = -elapsed
	}
	speed := distance / max(elapsed, time.Second).Hours()
	if speed <= r.MaxSpeedKmh {
		return nil
	}
	msg := fmt.Sprintf("code %s scanned %.0f km apart within %s, %.0f km/h, faster than %.0f km/h",
		s.EPC, distance, elapsed, speed, r.MaxSpeedKmh)
	return newFlag(RuleImpossibleTravel, r.Severity, s, msg, Evidence{Scans: []int64{prev.ID, s.ID},
		DistanceKm: distance, Elapsed: elapsed, SpeedKmh: speed})
}

func (r ActivationRule) check(s *Scan, sc ScanContext) *Flag {
	is := sc.Issuance
	if r.Off || is == nil {
		return nil
	}
	ev := Evidence{Scans: []int64{s.ID}, State: is.State, ActivatedAt: is.ActivatedAt}
	switch {
	case is.State == Issued:
		msg := fmt.Sprintf("code %s scanned while issuance %s is %s, not active", s.EPC, is.ID, is.State)
		return newFlag(RuleBeforeActivation, r.Severity, s, msg, ev)
	case !is.ActivatedAt.IsZero() && s.At.Before(is.ActivatedAt.Add(-r.Grace)):
		msg := fmt.Sprintf("code %s scanned at %s, before its activation at %s",
			s.EPC, s.At.UTC().Format(time.RFC3339), is.ActivatedAt.UTC().Format(time.RFC3339))
		return newFlag(RuleBeforeActivation, r.Severity, s, msg, ev)
	}
	return nil
}

func (r DestinationRule) check(s *Scan, sc ScanContext) *Flag {
	is := sc.Issuance
	if r.Off || is == nil || is.ShippedTo(s.Division) {
		return nil
	}
	msg := fmt.Sprintf("code %s scanned in %s, outside its destinations %v", s.EPC, s.Division, is.Destinations)
	return newFlag(RuleOutsideDestination, r.Severity, s, msg, Evidence{Scans: []int64{s.ID},
		Division: s.Division, Destinations: is.Destinations})
}

func (r UnknownBurstRule) check(s *Scan, sc ScanContext) *Flag {
	failed := s.Status == Unissued || s.Status == Malformed
	if r.Off || !failed || s.Client == "" || len(sc.ClientFailures) != r.Count {
		return nil
	}
	msg := fmt.Sprintf("client %s scanned %d unissued or malformed codes within %s", s.Client,
		len(sc.ClientFailures), r.Window)
	f := newFlag(RuleUnknownBurst, r.Severity, s, msg, Evidence{Scans: sc.ClientFailures,
		Count: len(sc.ClientFailures), Threshold: r.Count, Window: r.Window})
	f.EPC, f.Issuance = "", ""
	return f
}

// CheckSale runs the sale rule on the state of a code after a retail sale at the given
// time was counted in it, and returns the flag it raises, if any. sales are the times of
// the code's sales so far, oldest first, for the evidence; nil uses the state's first
// and last sale.
func (r Rules) CheckSale(state *CodeState, at time.Time, sales []time.Time) []Flag {
	rule := r.WithDefaults().SecondSale
	if rule.Off || state.Sales < 2 {
		return nil
	}
	if sales == nil {
		sales = []time.Time{state.FirstSale, state.LastSale}
	}
	msg := fmt.Sprintf("code %s sold at retail %d times, first at %s", state.EPC, state.Sales,
		state.FirstSale.UTC().Format(time.RFC3339))
	return []Flag{{Rule: RuleSecondSale, Severity: rule.Severity, At: at, EPC: state.EPC,
		Issuance: state.Issuance, Message: msg,
		Evidence: Evidence{Count: state.Sales, Threshold: 1, Sales: sales, Division: state.LastSalePlace}}}
}
