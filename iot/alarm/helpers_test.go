package alarm

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// t0 is the start of every scripted test, 2026-06-21 00:00 UTC.
var t0 = time.Date(2026, 6, 21, 0, 0, 0, 0, time.UTC)

// op is one scripted call on a point: a sample (the default), a tick or an ack.
type op struct {
	at   int64  // seconds after t0
	kind byte   // 0 or 'o': Observe v; 't': Tick; 'a': Ack rule
	v    int64  // the sample value
	rule string // the rule to acknowledge
	want string // the events, as "rule transition state @seconds" joined by "; "
}

func obs(at, v int64, want string) op    { return op{at: at, v: v, want: want} }
func tick(at int64, want string) op      { return op{at: at, kind: 't', want: want} }
func ack(at int64, rule, want string) op { return op{at: at, kind: 'a', rule: rule, want: want} }

func at(sec int64) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

func formatEvents(events []Event) string {
	parts := make([]string, len(events))
	for i, e := range events {
		sec := e.Time.Sub(t0).Milliseconds()
		when := fmt.Sprint(sec / 1000)
		if sec%1000 != 0 {
			when = fmt.Sprintf("%.3f", float64(sec)/1000)
		}
		parts[i] = fmt.Sprintf("%s %s %s @%s", e.Rule, e.Transition, e.State, when)
	}
	return strings.Join(parts, "; ")
}

// play runs ops on p and checks the events of each one.
func play(t *testing.T, p *Point, ops []op) {
	t.Helper()
	for n, o := range ops {
		var events []Event
		switch o.kind {
		case 't':
			events = p.Tick(nil, at(o.at))
		case 'a':
			var err error
			if events, err = p.Ack(nil, o.rule, at(o.at)); err != nil {
				t.Fatalf("op %d: Ack(%q) failed: %v", n, o.rule, err)
			}
		default:
			events = p.Observe(nil, at(o.at), o.v)
		}
		if got := formatEvents(events); got != o.want {
			t.Errorf("op %d (%c at %ds, value %d): got events %q, want %q",
				n, max(o.kind, 'o'), o.at, o.v, got, o.want)
		}
	}
}

func mustPoint(t testing.TB, scale uint8, rules ...Rule) *Point {
	t.Helper()
	p, err := NewPoint("gh1/air_temp", scale, rules)
	if err != nil {
		t.Fatalf("NewPoint: %v", err)
	}
	return p
}

func dur(d time.Duration) Duration { return Duration{d} }
