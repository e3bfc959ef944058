package alarm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Rule is one alarm condition on one point, as data: rules are decoded from JSON
// (see [DecodeRules]), checked by [Rule.Validate] and compiled against a point's
// scale by [NewPoint]. Levels are decimal numbers in the point's units; durations
// are Go duration strings such as "90s" or "10m".
//
// A High rule raises when a sample is at or above Set and clears when a sample is
// at or below Clear, so Clear < Set. A Low rule mirrors it: raise at or below Set,
// clear at or above Clear, so Clear > Set. Samples between Clear and Set change
// nothing, which is the hysteresis band. Without Clear a rule clears one unit of the
// point's scale inside Set, which is no hysteresis.
//
// A Rise rule measures the rate of change over Window in units per minute, raises
// when it is at or above Set and clears when it is at or below Clear. A Fall rule
// does the same for the rate of fall, so its Set is also positive: a Fall rule with
// Set 2 raises when the value drops by 2 units per minute or faster.
//
// The condition must hold on every sample for Delay before the alarm is raised,
// and the clear condition for ClearDelay before it is cleared. A sample that does
// not meet the condition restarts the wait.
//
// A NoData rule raises when no sample has arrived for Timeout and clears on the next
// sample. It takes no levels and no delays.
type Rule struct {
	ID         string   `json:"id"`
	Kind       Kind     `json:"kind"`
	Severity   Severity `json:"severity"`
	Set        Decimal  `json:"set,omitzero"`
	Clear      Decimal  `json:"clear,omitzero"`
	Window     Duration `json:"window,omitzero"`
	Delay      Duration `json:"delay,omitzero"`
	ClearDelay Duration `json:"clear_delay,omitzero"`
	Timeout    Duration `json:"timeout,omitzero"`
	Message    string   `json:"message,omitzero"` // text for operators, not interpreted
}

// Limits on rule fields.
const (
	// MaxIDLength is the maximum length of a rule id in bytes.
	MaxIDLength = 64

	// MaxDuration is the maximum of every duration field: one year.
	MaxDuration = 365 * 24 * time.Hour

	// MinWindow is the shortest window of a Rise or Fall rule.
	MinWindow = time.Second
)

// RuleError reports an invalid rule field, with the value and how to fix it.
type RuleError struct {
	Rule   string // the rule's id, or its position "#3" when the id is missing
	Field  string // the JSON field name, such as "clear"
	Reason string // what is wrong and the fix
}

// Error returns the message, such as `alarm: rule "t_high": field clear: ...`.
func (e *RuleError) Error() string {
	return fmt.Sprintf("alarm: rule %q: field %s: %s", e.Rule, e.Field, e.Reason)
}

func (r *Rule) fail(field, format string, args ...any) error {
	return &RuleError{Rule: r.ID, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// Validate checks every field that does not depend on the point's scale. It returns
// a [*RuleError] for the first invalid field.
func (r *Rule) Validate() error {
	if err := r.validateHead(); err != nil {
		return err
	}
	if r.Kind == NoData {
		return r.validateNoData()
	}
	return r.validateLevels()
}

func (r *Rule) validateHead() error {
	switch {
	case r.ID == "":
		return r.fail("id", "missing; give the rule an id that is unique on its point, such as \"temp_high\"")
	case len(r.ID) > MaxIDLength:
		return r.fail("id", "%d bytes long; shorten it to at most %d", len(r.ID), MaxIDLength)
	case r.Kind < High || r.Kind > NoData:
		return r.fail("kind", "missing or invalid; use one of high, low, rise, fall, no_data")
	case r.Severity < Info || r.Severity > Critical:
		return r.fail("severity", "missing or invalid; use one of info, warning, major, critical")
	}
	durations := []struct {
		name string
		d    Duration
	}{{"window", r.Window}, {"delay", r.Delay}, {"clear_delay", r.ClearDelay}, {"timeout", r.Timeout}}
	for _, f := range durations {
		if err := r.checkDuration(f.name, f.d.Duration); err != nil {
			return err
		}
	}
	return nil
}

func (r *Rule) checkDuration(field string, d time.Duration) error {
	switch {
	case d < 0:
		return r.fail(field, "%s is negative; use a duration of 0 or more", d)
	case d > MaxDuration:
		return r.fail(field, "%s is longer than one year; use at most %s", d, MaxDuration)
	case d%time.Millisecond != 0:
		return r.fail(field, "%s is not a whole number of milliseconds; round it to 1ms", d)
	}
	return nil
}

func (r *Rule) validateNoData() error {
	switch {
	case r.Timeout.Duration <= 0:
		return r.fail("timeout", "missing; a no_data rule needs the silence that raises it, such as \"10m\"")
	case !r.Set.IsZero():
		return r.fail("set", "not used by a no_data rule; remove it and set timeout instead")
	case !r.Clear.IsZero():
		return r.fail("clear", "not used by a no_data rule; remove it, the next sample clears it")
	case r.Window.Duration != 0:
		return r.fail("window", "not used by a no_data rule; remove it")
	case r.Delay.Duration != 0:
		return r.fail("delay", "not used by a no_data rule; fold it into timeout")
	case r.ClearDelay.Duration != 0:
		return r.fail("clear_delay", "not used by a no_data rule; remove it, the next sample clears it")
	}
	return nil
}

func (r *Rule) validateLevels() error {
	if r.Set.IsZero() {
		return r.fail("set", "missing; a %s rule needs the level that raises it", r.Kind)
	}
	if r.Timeout.Duration != 0 {
		return r.fail("timeout", "used only by no_data rules; remove it, or use delay to wait before raising")
	}
	rate := r.Kind == Rise || r.Kind == Fall
	switch {
	case rate && r.Window.Duration == 0:
		return r.fail("window", "missing; a %s rule needs the span its rate is measured over, such as \"5m\"", r.Kind)
	case rate && r.Window.Duration < MinWindow:
		return r.fail("window", "%s is shorter than %s; a %s rule needs the span its rate is measured over, such as \"5m\"",
			r.Window.Duration, MinWindow, r.Kind)
	case !rate && r.Window.Duration != 0:
		return r.fail("window", "used only by rise and fall rules; remove it")
	case rate && r.Set.units <= 0:
		return r.fail("set", "%s is not positive; a %s rule takes the rate in units per minute as a positive number",
			r.Set, r.Kind)
	}
	if r.Clear.IsZero() {
		return nil
	}
	if r.Kind == Low {
		if compareDecimal(r.Clear, r.Set) <= 0 {
			return r.fail("clear", "%s is not above set %s; a low rule clears above its set level, "+
				"so raise clear", r.Clear, r.Set)
		}
		return nil
	}
	if compareDecimal(r.Clear, r.Set) >= 0 {
		return r.fail("clear", "%s is not below set %s; a %s rule clears below its set level, "+
			"so lower clear", r.Clear, r.Set, r.Kind)
	}
	return nil
}

// compareDecimal returns -1, 0 or +1 as a is less than, equal to or greater than b.
func compareDecimal(a, b Decimal) int {
	scale := max(a.places, b.places)
	x, errA := a.at(scale)
	y, errB := b.at(scale)
	if errA != nil || errB != nil {
		// One of them is too large at the common scale, so compare the whole parts.
		x, y = a.units, b.units
		for range a.places {
			x /= 10
		}
		for range b.places {
			y /= 10
		}
	}
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// DecodeRules decodes a JSON array of rules, rejecting unknown fields, and
// validates each one and that ids are unique. Errors name the rule and the field.
func DecodeRules(data []byte) ([]Rule, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var rules []Rule
	if err := dec.Decode(&rules); err != nil {
		return nil, fmt.Errorf("alarm: decode rules: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("alarm: decode rules: data after the array; remove it")
	}
	if err := validateAll(rules); err != nil {
		return nil, err
	}
	return rules, nil
}

func validateAll(rules []Rule) error {
	seen := make(map[string]bool, len(rules))
	for i := range rules {
		r := &rules[i]
		if err := r.Validate(); err != nil {
			if re, ok := err.(*RuleError); ok && re.Rule == "" {
				re.Rule = "#" + strconv.Itoa(i+1)
			}
			return err
		}
		if seen[r.ID] {
			return r.fail("id", "used by another rule of the point; give each rule its own id")
		}
		seen[r.ID] = true
	}
	return nil
}

// Duration is a [time.Duration] that is written in JSON as a Go duration string,
// such as "90s" or "1h30m".
type Duration struct {
	time.Duration
}

// MarshalJSON encodes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return strconv.AppendQuote(nil, d.String()), nil
}

// UnmarshalJSON decodes a duration string such as "10m".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("alarm: duration %s is not a string; write it as \"90s\" or \"10m\"", b)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("alarm: invalid duration %q; write it as \"90s\" or \"10m\"", s)
	}
	d.Duration = v
	return nil
}
