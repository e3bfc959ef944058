package watertest

import (
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
)

// assertRecord checks that got equals want field by field. Decimals must have the same
// value and the same places, times the same instant, and a nil slice equals an empty
// one.
func assertRecord(t *testing.T, want, got any, msgAndArgs ...any) {
	t.Helper()
	assert.Equal(t, canonical(reflect.ValueOf(want)), canonical(reflect.ValueOf(got)), msgAndArgs...)
}

// canonical returns v as a tree of maps, slices and plain values in which equal records
// are equal: a decimal becomes its text with every place it has, a time its UTC
// RFC 3339 text with nanoseconds.
func canonical(v reflect.Value) any {
	switch v.Type() {
	case decimalType:
		return "decimal " + decimalText(v.Interface().(decimal.Decimal))
	case timeType:
		t := v.Interface().(time.Time)
		if t.IsZero() {
			return "time zero"
		}
		return "time " + t.UTC().Format(time.RFC3339Nano)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return canonical(v.Elem())
	case reflect.Struct:
		fields := make(map[string]any, v.NumField())
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() {
				fields[f.Name] = canonical(v.Field(i))
			}
		}
		return fields
	case reflect.Slice, reflect.Array:
		items := make([]any, v.Len())
		for i := range items {
			items[i] = canonical(v.Index(i))
		}
		return items
	}
	return v.Interface()
}

// decimalText returns d with as many fraction digits as its exponent gives, so that 4.50
// and 4.5 differ.
func decimalText(d decimal.Decimal) string {
	if exp := d.Exponent(); exp < 0 {
		return d.StringFixed(-exp)
	}
	return d.String()
}
