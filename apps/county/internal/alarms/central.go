package alarms

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/iot/alarm"
)

// RuleGroup is a set of iot/alarm rules that the server evaluates on one
// field of the devices that match, the same rules a gateway runs at the edge.
type RuleGroup struct {
	// Field is the telemetry field, such as "soil_moisture" or "Z" for an
	// SL 651 water level.
	Field string `json:"field"`
	// Devices are path.Match patterns on the device's own id, such as
	// "SM-*"; empty matches every device.
	Devices []string `json:"devices,omitempty"`
	// Scale is the number of decimal places the rules' levels and the
	// values are compared at, 0 to 18.
	Scale uint8 `json:"scale"`
	// Rules are the rules, as package iot/alarm decodes them.
	Rules []alarm.Rule `json:"rules"`
}

// MaxRuleGroups bounds the groups of a rule set.
const MaxRuleGroups = 1000

// ParseRules decodes a rule set, a JSON array of rule groups, and checks
// every group: a field name, valid patterns, a scale up to 18 and rules that
// iot/alarm accepts at that scale. Unknown fields are rejected. The error
// names the group by its position and field.
func ParseRules(data []byte) ([]RuleGroup, error) {
	var raw []struct {
		Field   string          `json:"field"`
		Devices []string        `json:"devices"`
		Scale   *int            `json:"scale"`
		Rules   json.RawMessage `json:"rules"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		return nil, fmt.Errorf("alarm rules: %w; want a JSON array of {\"field\", \"devices\", \"scale\", \"rules\"}", err)
	}
	if len(raw) > MaxRuleGroups {
		return nil, fmt.Errorf("alarm rules: %d groups, want at most %d", len(raw), MaxRuleGroups)
	}
	groups := make([]RuleGroup, 0, len(raw))
	for i, r := range raw {
		g := RuleGroup{Field: r.Field, Devices: r.Devices}
		if r.Scale != nil {
			if *r.Scale < 0 || *r.Scale > 18 {
				return nil, fmt.Errorf("alarm rules: group %d (%s): scale %d, want 0 to 18", i, r.Field, *r.Scale)
			}
			g.Scale = uint8(*r.Scale)
		}
		if len(r.Rules) == 0 {
			return nil, fmt.Errorf("alarm rules: group %d (%s): rules are missing, want an array of iot/alarm rules", i, r.Field)
		}
		rules, err := alarm.DecodeRules(r.Rules)
		if err != nil {
			return nil, fmt.Errorf("alarm rules: group %d (%s): %w", i, r.Field, err)
		}
		g.Rules = rules
		if err := g.check(); err != nil {
			return nil, fmt.Errorf("alarm rules: group %d (%s): %w", i, r.Field, err)
		}
		groups = append(groups, g)
	}
	return groups, nil
}

// check checks the field, the patterns and that the rules compile at the
// group's scale.
func (g *RuleGroup) check() error {
	if g.Field == "" || len(g.Field) > 64 {
		return errors.New("field must be 1 to 64 bytes, the telemetry field the rules watch")
	}
	for _, p := range g.Devices {
		if _, err := path.Match(p, ""); err != nil || p == "" {
			return fmt.Errorf("device pattern %q is invalid; use path.Match syntax such as \"SM-*\"", p)
		}
	}
	if len(g.Rules) == 0 {
		return errors.New("no rules; give at least one")
	}
	_, err := alarm.NewPoint(g.Field, g.Scale, g.Rules)
	return err
}

// Applies reports whether the group applies to field of the device named name.
func (g *RuleGroup) Applies(name, field string) bool {
	if g.Field != field {
		return false
	}
	if len(g.Devices) == 0 {
		return true
	}
	for _, p := range g.Devices {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// pointKey is one field of one device.
type pointKey struct{ device, field string }

// transition is an iot/alarm event of a point of a device.
type transition struct {
	device string // county_devices id
	event  alarm.Event
}

// central evaluates the rule set on readings as they arrive. It is safe for
// concurrent use.
type central struct {
	mu     sync.Mutex
	groups []RuleGroup
	points map[pointKey]*alarm.Point // nil entry: no group applies
	events []alarm.Event             // scratch
}

func newCentral() *central { return &central{points: map[pointKey]*alarm.Point{}} }

// setRules replaces the rule set. Every point starts again in Normal.
func (c *central) setRules(groups []RuleGroup) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.groups = groups
	clear(c.points)
}

// observe evaluates a value of field of the device named name (id its
// county_devices id), taken at t in fixed point with scale decimals, and
// appends the transitions to dst.
func (c *central) observe(dst []transition, id, name, field string, t time.Time, value int64, scale uint8) []transition {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := pointKey{id, field}
	pt, ok := c.points[k]
	if !ok {
		for i := range c.groups {
			g := &c.groups[i]
			if g.Applies(name, field) {
				pt, _ = alarm.NewPoint(field, g.Scale, g.Rules) // checked by ParseRules
				break
			}
		}
		c.points[k] = pt
	}
	if pt == nil {
		return dst
	}
	v, ok := rescaleRound(value, scale, pt.Scale())
	if !ok {
		return dst
	}
	c.events = pt.Observe(c.events[:0], t, v)
	for _, e := range c.events {
		dst = append(dst, transition{device: id, event: e})
	}
	return dst
}

// tick runs the points' no-data rules at now and appends the transitions.
func (c *central) tick(dst []transition, now time.Time) []transition {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, pt := range c.points {
		if pt == nil {
			continue
		}
		c.events = pt.Tick(c.events[:0], now)
		for _, e := range c.events {
			dst = append(dst, transition{device: k.device, event: e})
		}
	}
	return dst
}

// rescaleRound converts v with from decimals to to decimals, rounding half
// away from zero when digits are dropped. It reports false on overflow.
func rescaleRound(v int64, from, to uint8) (int64, bool) {
	for ; from < to; from++ {
		if v > 1<<62/5 || v < -(1<<62/5) {
			return 0, false
		}
		v *= 10
	}
	if from == to {
		return v, true
	}
	if from-to > 18 {
		return 0, true
	}
	div := int64(1)
	for range from - to {
		div *= 10
	}
	q, r := v/div, v%div
	switch {
	case 2*r >= div:
		q++
	case 2*r <= -div:
		q--
	}
	return q, true
}
