package trace

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Unit is a unit of measure by its UN/ECE Recommendation 20 common code, the form EPCIS
// quantity elements use for uom, such as KGM for kilogram. The zero value is no unit.
type Unit string

// Units the county records for farm products.
const (
	Kilogram Unit = "KGM"
	Gram     Unit = "GRM"
	Tonne    Unit = "TNE"
	Litre    Unit = "LTR"
	// Piece counts items: fruits, boxes, animals or carcass parts (UN/ECE code H87).
	Piece Unit = "H87"
)

// unitSymbols maps each known unit to its symbol.
var unitSymbols = map[Unit]string{Kilogram: "kg", Gram: "g", Tonne: "t", Litre: "L", Piece: "piece"}

// ParseUnit returns the unit of a UN/ECE code (KGM) or a symbol (kg, g, t, L, piece).
func ParseUnit(s string) (Unit, error) {
	s = strings.TrimSpace(s)
	if _, ok := unitSymbols[Unit(strings.ToUpper(s))]; ok {
		return Unit(strings.ToUpper(s)), nil
	}
	for u, symbol := range unitSymbols {
		if strings.EqualFold(symbol, s) {
			return u, nil
		}
	}
	return "", fmt.Errorf("trace: invalid unit %q, want KGM, GRM, TNE, LTR or H87 (or kg, g, t, L, piece)", s)
}

// Validate reports an error unless u is a known unit.
func (u Unit) Validate() error {
	if _, ok := unitSymbols[u]; !ok {
		return fmt.Errorf("trace: invalid unit %q, want KGM, GRM, TNE, LTR or H87", string(u))
	}
	return nil
}

// Symbol returns the symbol of u, such as kg, or the code itself for an unknown unit.
func (u Unit) Symbol() string {
	if s, ok := unitSymbols[u]; ok {
		return s
	}
	return string(u)
}

// Quantity is an amount with its unit, such as 1200.5 kg. Value keeps the decimal
// places it was written with, in memory, in JSON and in SQL stores.
type Quantity struct {
	Value decimal.Decimal
	Unit  Unit
}

// Kilograms returns a quantity of kilograms parsed from s; it panics on invalid text and
// is meant for constants in tests and examples.
func Kilograms(s string) Quantity {
	return Quantity{Value: decimal.RequireFromString(s), Unit: Kilogram}
}

// IsZero reports whether q has neither value nor unit.
func (q Quantity) IsZero() bool { return q.Unit == "" && q.Value.IsZero() }

// Validate reports an error unless the unit is known and the value is not negative.
func (q Quantity) Validate() error {
	if err := q.Unit.Validate(); err != nil {
		return err
	}
	if q.Value.IsNegative() {
		return fmt.Errorf("trace: quantity %s is negative", q)
	}
	if q.Unit == Piece && !q.Value.IsInteger() {
		return fmt.Errorf("trace: quantity %s: pieces must be a whole number", q)
	}
	return nil
}

// String returns the value and symbol, such as "1200.50 kg".
func (q Quantity) String() string { return DecimalText(q.Value) + " " + q.Unit.Symbol() }

// DecimalText returns d with as many fraction digits as its exponent gives, so that
// 4.50 stays 4.50, which decimal.Decimal.String would shorten to 4.5.
func DecimalText(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.String()
}

type quantityJSON struct {
	Value string `json:"value"`
	Unit  Unit   `json:"unit"`
}

// MarshalJSON encodes q as {"value":"1200.50","unit":"KGM"}, with the value as text so
// that no place is lost.
func (q Quantity) MarshalJSON() ([]byte, error) {
	return json.Marshal(quantityJSON{Value: DecimalText(q.Value), Unit: q.Unit})
}

// UnmarshalJSON decodes the form MarshalJSON writes.
func (q *Quantity) UnmarshalJSON(data []byte) error {
	var v quantityJSON
	if err := json.Unmarshal(data, &v); err != nil {
		return fmt.Errorf("trace: decode quantity: %w", err)
	}
	*q = Quantity{Unit: v.Unit}
	d, err := parseDecimalText(v.Value)
	if err != nil {
		return fmt.Errorf("trace: decode quantity: %w", err)
	}
	q.Value = d
	return nil
}

// parseDecimalText parses decimal text as [DecimalText] writes it. Empty text and "0" give
// the zero decimal.Decimal, which is how a record holds a value it does not have.
func parseDecimalText(s string) (decimal.Decimal, error) {
	if s == "" || s == "0" {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("invalid decimal %q", s)
	}
	return d, nil
}
