package water

import (
	"fmt"
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// ChangeReason is the cause of a new coefficient. The zero value is ReasonUnspecified.
type ChangeReason uint8

// The reasons a well gets a new coefficient.
const (
	ReasonUnspecified  ChangeReason = iota
	ReasonInitial                   // the well's first calibration
	ReasonPumpChanged               // pump or motor replaced or overhauled
	ReasonWaterLevel                // pumping water level moved, which changes the head
	ReasonRecalibrated              // periodic recalibration with the same pump
	ReasonMeterChanged              // flow or electricity meter replaced
)

var changeReasonNames = []string{
	"unspecified", "initial", "pump-changed", "water-level-changed", "recalibrated",
	"meter-changed",
}

// ParseChangeReason parses a reason name such as "pump-changed", ignoring case.
func ParseChangeReason(s string) (ChangeReason, error) {
	return parseEnum[ChangeReason]("change reason", changeReasonNames, s)
}

// String returns the reason name, such as "water-level-changed".
func (r ChangeReason) String() string { return enumName("ChangeReason", changeReasonNames, r) }

// MarshalText encodes the reason name.
func (r ChangeReason) MarshalText() ([]byte, error) {
	return marshalEnum("change reason", changeReasonNames, r)
}

// UnmarshalText decodes a reason name.
func (r *ChangeReason) UnmarshalText(text []byte) (err error) {
	*r, err = ParseChangeReason(string(text))
	return err
}

// Coefficient is a well's water-from-electricity coefficient (以电折水系数) Tc in m³ per
// kWh, valid from From (included) to To (excluded). The volume pumped is Q = Tc × ΔkWh.
type Coefficient struct {
	// Well is the well the coefficient belongs to.
	Well WellCode
	// Value is Tc in m³/kWh, above 0.
	Value decimal.Decimal
	// From is the first instant the coefficient is in force.
	From time.Time
	// To is the instant the next coefficient takes over. The zero Time means open-ended.
	To time.Time
	// Reason is the cause of the change to this coefficient.
	Reason ChangeReason
	// Runs is the number of flow-meter runs it was calibrated from, 0 when set by hand.
	Runs int
	// Water and Energy are the totals of the calibration runs in m³ and kWh.
	Water, Energy decimal.Decimal
	// Head is the total head in m and Efficiency the wire-to-water efficiency that
	// bounded the calibration. Zero Head means the bound was not checked.
	Head, Efficiency decimal.Decimal
}

// Contains reports whether t lies in the coefficient's validity.
func (c *Coefficient) Contains(t time.Time) bool {
	return !t.Before(c.From) && (c.To.IsZero() || t.Before(c.To))
}

// Validate returns the *[FieldError] values of c joined, or nil when c is valid. A
// coefficient with a Head above 0 must respect [MaxCoefficient].
func (c *Coefficient) Validate() error {
	ch := checker{typ: "coefficient"}
	ch.check("Well", c.Well.Validate())
	if !c.Value.IsPositive() {
		ch.fail("Value", c.Value, "want a coefficient above 0 m³/kWh")
	}
	if c.From.IsZero() {
		ch.fail("From", c.From, "want the instant the coefficient takes effect")
	}
	if !c.To.IsZero() && !c.To.After(c.From) {
		ch.fail("To", c.To.Format(time.RFC3339), "want an end after From %s", c.From.Format(time.RFC3339))
	}
	if !validEnum(changeReasonNames, c.Reason, false) {
		ch.fail("Reason", c.Reason, "want one of the change reasons")
	}
	if c.Head.IsPositive() && c.Value.IsPositive() {
		if err := checkBound(c.Well, -1, c.Value, decimal.NewFromInt(1), c.Efficiency, c.Head); err != nil {
			ch.check("Value", err)
		}
	}
	return ch.err()
}

// CoefficientHistory is the sequence of coefficients of one well, ordered by From, with
// no two sharing an instant of validity. Gaps are allowed: a time in a gap has no
// coefficient. The zero value is an empty history for no well; use
// [NewCoefficientHistory]. A CoefficientHistory is not safe for concurrent use while
// [CoefficientHistory.Start] may run.
type CoefficientHistory struct {
	well  WellCode
	coefs []Coefficient
}

// NewCoefficientHistory returns the history of well made of coefs, in any order. It
// returns an error when a coefficient is not valid, belongs to another well or overlaps
// another (wrapping [ErrOverlap]).
func NewCoefficientHistory(well WellCode, coefs []Coefficient) (*CoefficientHistory, error) {
	h := &CoefficientHistory{well: well, coefs: slices.Clone(coefs)}
	slices.SortStableFunc(h.coefs, func(a, b Coefficient) int { return a.From.Compare(b.From) })
	for i := range h.coefs {
		if err := h.check(&h.coefs[i]); err != nil {
			return nil, err
		}
		if i > 0 && overlaps(&h.coefs[i-1], &h.coefs[i]) {
			return nil, overlapError(&h.coefs[i-1], &h.coefs[i])
		}
	}
	return h, nil
}

// Well returns the well the history belongs to, or "" for a nil history.
func (h *CoefficientHistory) Well() WellCode {
	if h == nil {
		return ""
	}
	return h.well
}

// Coefficients returns a copy of the coefficients, ordered by From, or nil for a nil
// history.
func (h *CoefficientHistory) Coefficients() []Coefficient {
	if h == nil {
		return nil
	}
	return slices.Clone(h.coefs)
}

// At returns the coefficient in force at t and whether there is one. A nil history has
// none.
func (h *CoefficientHistory) At(t time.Time) (Coefficient, bool) {
	if h == nil {
		return Coefficient{}, false
	}
	// The last coefficient starting at or before t is the only candidate.
	i, _ := slices.BinarySearchFunc(h.coefs, t, func(c Coefficient, t time.Time) int {
		if c.From.After(t) {
			return 1
		}
		return -1
	})
	if i == 0 || !h.coefs[i-1].Contains(t) {
		return Coefficient{}, false
	}
	return h.coefs[i-1], true
}

// Water returns Tc × kwh in m³, exact, with the coefficient in force at t. It returns an
// error wrapping [ErrNoCoefficient] when none is.
func (h *CoefficientHistory) Water(t time.Time, kwh decimal.Decimal) (decimal.Decimal, error) {
	c, ok := h.At(t)
	if !ok {
		return decimal.Decimal{}, fmt.Errorf("%w: well %s at %s", ErrNoCoefficient, h.Well(), t.Format(time.RFC3339))
	}
	return c.Value.Mul(kwh), nil
}

// Start adds c to the history. When the latest coefficient is open-ended and started
// before c, Start ends it at c.From, the way a pump change or a new water level takes
// over. Otherwise c must fit a gap. Start returns an error when c is not valid, belongs
// to another well or overlaps a coefficient held (wrapping [ErrOverlap]), and then leaves
// the history unchanged.
func (h *CoefficientHistory) Start(c Coefficient) error {
	if err := h.check(&c); err != nil {
		return err
	}
	coefs := slices.Clone(h.coefs)
	if n := len(coefs); n > 0 && coefs[n-1].To.IsZero() && coefs[n-1].From.Before(c.From) {
		coefs[n-1].To = c.From
	}
	i, _ := slices.BinarySearchFunc(coefs, c.From, func(e Coefficient, t time.Time) int {
		return e.From.Compare(t)
	})
	if i > 0 && overlaps(&coefs[i-1], &c) {
		return overlapError(&coefs[i-1], &c)
	}
	if i < len(coefs) && overlaps(&c, &coefs[i]) {
		return overlapError(&c, &coefs[i])
	}
	h.coefs = slices.Insert(coefs, i, c)
	return nil
}

func (h *CoefficientHistory) check(c *Coefficient) error {
	if err := c.Validate(); err != nil {
		return err
	}
	if c.Well != h.well {
		return fmt.Errorf("water: coefficient of well %s in the history of well %s", c.Well, h.well)
	}
	return nil
}

// overlaps reports whether a, starting no later than b, is still in force when b starts.
func overlaps(a, b *Coefficient) bool {
	return a.To.IsZero() || a.To.After(b.From) || a.From.Equal(b.From)
}

func overlapError(a, b *Coefficient) error {
	return fmt.Errorf("%w: well %s: coefficient from %s to %s and coefficient from %s",
		ErrOverlap, a.Well, a.From.Format(time.RFC3339), formatEnd(a.To), b.From.Format(time.RFC3339))
}

func formatEnd(t time.Time) string {
	if t.IsZero() {
		return "open end"
	}
	return t.Format(time.RFC3339)
}
