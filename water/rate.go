package water

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/shuxiang/shuxiang/land"
)

// ChargeKind is the legal form of the charge: the water-resource fee, or the
// water-resource tax that replaced it where the tax reform applies. The zero value is ChargeKindUnknown, which validation
// rejects.
type ChargeKind uint8

// The charge kinds.
const (
	ChargeKindUnknown ChargeKind = iota
	ResourceFee                  // 水资源费
	ResourceTax                  // 水资源税
)

var chargeKindNames = []string{"unknown", "fee", "tax"}

// ParseChargeKind parses "fee" or "tax", ignoring case.
func ParseChargeKind(s string) (ChargeKind, error) {
	return parseEnum[ChargeKind]("charge kind", chargeKindNames, s)
}

// String returns "fee" or "tax".
func (k ChargeKind) String() string { return enumName("ChargeKind", chargeKindNames, k) }

// MarshalText encodes the kind name.
func (k ChargeKind) MarshalText() ([]byte, error) {
	return marshalEnum("charge kind", chargeKindNames, k)
}

// UnmarshalText decodes a kind name.
func (k *ChargeKind) UnmarshalText(text []byte) (err error) {
	*k, err = ParseChargeKind(string(text))
	return err
}

// Rate is the water-resource fee or tax for one source and use over a run of days, in
// yuan per m³.
type Rate struct {
	// Source and Use select the water the rate applies to.
	Source Source
	Use    Use
	// Kind is fee or tax.
	Kind ChargeKind
	// Yuan is the charge per m³, 0 or more (agriculture within its quota is often 0).
	Yuan decimal.Decimal
	// From is the first day in force.
	From land.Date
	// Until is the last day in force, included. The zero Date means open-ended.
	Until land.Date
}

// Contains reports whether day d lies in the rate's days in force.
func (r *Rate) Contains(d land.Date) bool {
	return !d.Before(r.From) && (r.Until.IsZero() || !d.After(r.Until))
}

// Validate returns the *[FieldError] values of r joined, or nil when r is valid.
func (r *Rate) Validate() error {
	c := checker{typ: "rate"}
	if !validEnum(sourceNames, r.Source, true) {
		c.fail("Source", r.Source, "want one of %s", strings.Join(sourceNames[1:], ", "))
	}
	if !validEnum(useNames, r.Use, true) {
		c.fail("Use", r.Use, "want one of %s", strings.Join(useNames[1:], ", "))
	}
	if !validEnum(chargeKindNames, r.Kind, true) {
		c.fail("Kind", r.Kind, "want fee or tax")
	}
	checkNonNegative(&c, "Yuan", r.Yuan, "yuan/m³")
	if r.From.IsZero() {
		c.fail("From", r.From, "want the first day in force")
	}
	if !r.Until.IsZero() && r.Until.Before(r.From) {
		c.fail("Until", r.Until, "want a last day on or after From %s", r.From)
	}
	return c.err()
}

// RateTable holds the rates of a county, at most one in force per source, use and day.
// It is safe for concurrent use once built.
type RateTable struct {
	rates []Rate // sorted by source, use and From
}

// NewRateTable returns a table of rates, given in any order. It returns an error when a
// rate is not valid or shares a day with another rate for the same source and use
// (wrapping [ErrOverlap]).
func NewRateTable(rates []Rate) (*RateTable, error) {
	t := &RateTable{rates: slices.Clone(rates)}
	slices.SortStableFunc(t.rates, compareRates)
	for i := range t.rates {
		r := &t.rates[i]
		if err := r.Validate(); err != nil {
			return nil, err
		}
		if i == 0 {
			continue
		}
		prev := &t.rates[i-1]
		if prev.Source == r.Source && prev.Use == r.Use && (prev.Until.IsZero() || !prev.Until.Before(r.From)) {
			return nil, fmt.Errorf("%w: %s for %s from %s and from %s", ErrOverlap, r.Source, r.Use, prev.From, r.From)
		}
	}
	return t, nil
}

func compareRates(a, b Rate) int {
	if a.Source != b.Source {
		return int(a.Source) - int(b.Source)
	}
	if a.Use != b.Use {
		return int(a.Use) - int(b.Use)
	}
	return a.From.Compare(b.From)
}

// Rates returns a copy of the rates, ordered by source, use and first day.
func (t *RateTable) Rates() []Rate { return slices.Clone(t.rates) }

// Rate returns the rate in force for source and use on day d. It returns an error wrapping
// [ErrNoRate] when there is none.
func (t *RateTable) Rate(source Source, use Use, d land.Date) (Rate, error) {
	for i := range t.rates {
		r := &t.rates[i]
		if r.Source == source && r.Use == use && r.Contains(d) {
			return *r, nil
		}
	}
	return Rate{}, fmt.Errorf("%w: %s for %s on %s", ErrNoRate, source, use, d)
}
