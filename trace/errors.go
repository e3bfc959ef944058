package trace

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is wrapped by a [Store] when no record has the requested key, and by a
// [Resolver] when a code belongs to no issuance.
var ErrNotFound = errors.New("trace: not found")

// ErrConflict is wrapped by a [Store] when a write does not match the stored state: a
// create of a key that exists, or an update whose Version is not the stored version.
var ErrConflict = errors.New("trace: conflict")

// FieldError is one invalid field of a record. Field is the field's path in the record
// as its JSON form names it, such as "issuer.phone" or "items[2].limit".
type FieldError struct {
	Field  string
	Value  string
	Reason string
}

// Error returns the field, its value and the reason.
func (e FieldError) Error() string {
	if e.Value == "" {
		return e.Field + ": " + e.Reason
	}
	return fmt.Sprintf("%s %q: %s", e.Field, e.Value, e.Reason)
}

// ValidationError lists every invalid field of one record, so that a form can mark
// them all at once. Validate methods of this package return a *ValidationError.
type ValidationError struct {
	// Record is the kind of record, such as "certificate".
	Record string
	// Key identifies the record; it may be empty for a record without one yet.
	Key string
	// Fields holds one entry per invalid field, in the order the fields were checked.
	Fields []FieldError
}

// Error returns all field errors on one line.
func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	subject := e.Record
	if e.Key != "" {
		subject += " " + e.Key
	}
	return "trace: invalid " + subject + ": " + strings.Join(parts, "; ")
}

// Field returns the error of the named field, or nil when that field is valid.
func (e *ValidationError) Field(name string) *FieldError {
	for i := range e.Fields {
		if e.Fields[i].Field == name {
			return &e.Fields[i]
		}
	}
	return nil
}

// fieldChecker collects the field errors of one record.
type fieldChecker struct {
	fields []FieldError
}

func (c *fieldChecker) add(field, value, reason string) {
	c.fields = append(c.fields, FieldError{Field: field, Value: value, Reason: reason})
}

// check adds the error of a nested check, keeping its text as the reason.
func (c *fieldChecker) check(field, value string, err error) {
	if err != nil {
		c.add(field, value, trimPrefix(err.Error()))
	}
}

// require adds an error when value is blank.
func (c *fieldChecker) require(field, value string) {
	if strings.TrimSpace(value) == "" {
		c.add(field, "", "is required")
	}
}

// maxLen adds an error when value has more than n characters.
func (c *fieldChecker) maxLen(field, value string, n int) {
	if len([]rune(value)) > n {
		c.add(field, value, fmt.Sprintf("has %d characters, want at most %d", len([]rune(value)), n))
	}
}

// err returns a *ValidationError for the collected fields, or nil when there are none.
func (c *fieldChecker) err(record, key string) error {
	if len(c.fields) == 0 {
		return nil
	}
	return &ValidationError{Record: record, Key: key, Fields: c.fields}
}

// trimPrefix removes the package prefix of an error text of this or another package, so
// that a nested error reads well inside a [FieldError].
func trimPrefix(s string) string {
	for _, p := range []string{"trace: ", "land: "} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}
