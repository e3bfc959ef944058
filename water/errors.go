package water

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/shuxiang/shuxiang/land"
)

// ErrNoCoefficient is returned when a well has no water-from-electricity coefficient in
// force at the requested time, so kWh cannot be converted to m³.
var ErrNoCoefficient = errors.New("water: no coefficient in force")

// ErrNoRate is returned when a [RateTable] has no charge for a source, use and day.
var ErrNoRate = errors.New("water: no rate in force")

// ErrOverlap is returned when a new coefficient or rate would share part of its validity
// with one already held.
var ErrOverlap = errors.New("water: validity overlaps")

// FieldError reports one field that fails validation. Validate methods and constructors
// return it, joined with [errors.Join] when several fields are wrong, so callers can
// reach each one with [errors.As] on the joined error's Unwrap() []error.
type FieldError struct {
	// Type names the value checked, such as "well" or "plan".
	Type string
	// Field is the field path, such as "Pump.Head" or "Monthly[3]".
	Field string
	// Value is the field's value as text.
	Value string
	// Reason states what is wrong and what would be valid, such as "want a head above 0 m".
	Reason string
	// Err is the underlying error, such as a *land.CodeError for a plot code, or nil.
	Err error
}

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

// maxQuotedValue is the number of bytes of [FieldError.Value] that Error quotes, so that
// a huge input does not produce a huge message.
const maxQuotedValue = 64

// Error returns "water: invalid <type> <field> <value>: <reason>", without the field when
// Field is empty. A Value longer than 64 bytes is cut at a character boundary and marked
// with "...".
func (e *FieldError) Error() string {
	value := e.Value
	if len(value) > maxQuotedValue {
		cut := maxQuotedValue
		for cut > 0 && !utf8.RuneStart(value[cut]) {
			cut--
		}
		value = value[:cut] + "..."
	}
	if e.Field == "" {
		return fmt.Sprintf("water: invalid %s %q: %s", e.Type, value, e.Reason)
	}
	return fmt.Sprintf("water: invalid %s %s %q: %s", e.Type, e.Field, value, e.Reason)
}

// checker collects the field errors of one validation.
type checker struct {
	typ  string
	errs []error
}

// fail records that field with value breaks the rule that reason states.
func (c *checker) fail(field string, value any, reason string, args ...any) {
	if len(args) > 0 {
		reason = fmt.Sprintf(reason, args...)
	}
	c.errs = append(c.errs, &FieldError{Type: c.typ, Field: field, Value: fmt.Sprint(value), Reason: reason})
}

// check records err, the error of a nested validation, under field. Field errors keep
// their detail with the field path extended. Other errors become a field error that
// wraps them, taking value and reason from a *land.CodeError.
func (c *checker) check(field string, err error) {
	if err == nil {
		return
	}
	for _, e := range unwrapAll(err) {
		var fe *FieldError
		var ce *land.CodeError
		switch {
		case errors.As(e, &fe):
			nested := *fe
			nested.Type = c.typ
			nested.Field = joinField(field, fe.Field)
			c.errs = append(c.errs, &nested)
		case errors.As(e, &ce):
			c.errs = append(c.errs, &FieldError{Type: c.typ, Field: field, Value: ce.Value, Reason: ce.Reason, Err: e})
		default:
			c.errs = append(c.errs, &FieldError{Type: c.typ, Field: field, Reason: e.Error(), Err: e})
		}
	}
}

// err returns the recorded errors joined, or nil when there are none.
func (c *checker) err() error { return errors.Join(c.errs...) }

// unwrapAll returns the errors that err joins, or err alone.
func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func joinField(outer, inner string) string {
	if inner == "" {
		return outer
	}
	if strings.HasPrefix(inner, "[") {
		return outer + inner
	}
	return outer + "." + inner
}
