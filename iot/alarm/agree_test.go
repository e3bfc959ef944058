package alarm

import (
	"os"
	"slices"
	"testing"
	"time"
)

// greenhouseDay returns six hours of air temperature samples in tenths of a
// degree, one a minute: a slow rise, a sharp rise when the vents stick, a hot
// plateau and a fall.
func greenhouseDay() []int64 {
	values := make([]int64, 0, 360)
	v := int64(250)
	for m := range 360 {
		switch {
		case m < 160:
			v = 250 + int64(m)/4
		case m < 170:
			v += 20
		case m < 220:
			// hold
		case v > 250:
			v -= 10
		}
		values = append(values, v)
	}
	return values
}

func greenhousePoint(t *testing.T) *Point {
	t.Helper()
	data, err := os.ReadFile("testdata/greenhouse.json")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := DecodeRules(data)
	if err != nil {
		t.Fatal(err)
	}
	return mustPoint(t, 1, rules...)
}

func withoutNoData(events []Event) []Event {
	return slices.DeleteFunc(slices.Clone(events), func(e Event) bool { return e.Kind == NoData })
}

// TestEdgeAndCentreAgree evaluates the same samples on a gateway, live, and on a
// centre that receives an hour of them late, replayed after an uplink outage, and
// part of them twice. The level and rate events must be equal.
func TestEdgeAndCentreAgree(t *testing.T) {
	values := greenhouseDay()
	sampleTime := func(m int) time.Time { return at(int64(m) * 60) }

	edge := greenhousePoint(t)
	var edgeEvents []Event
	for m, v := range values {
		edgeEvents = edge.Observe(edgeEvents, sampleTime(m), v)
		edgeEvents = edge.Tick(edgeEvents, sampleTime(m).Add(30*time.Second))
	}

	centre := greenhousePoint(t)
	var centreEvents []Event
	deliver := func(from, to int) {
		for m := from; m < to; m++ {
			centreEvents = centre.Observe(centreEvents, sampleTime(m), values[m])
		}
	}
	deliver(0, 150)
	// The uplink is down from minute 150 to 210: the centre only ticks.
	for m := 150; m < 210; m++ {
		centreEvents = centre.Tick(centreEvents, sampleTime(m))
	}
	deliver(150, 210) // the outbox replays the outage in order
	deliver(180, 210) // and part of it again after a reconnect
	deliver(210, len(values))

	got, want := withoutNoData(centreEvents), withoutNoData(edgeEvents)
	t.Logf("gateway events: %s", formatEvents(edgeEvents))
	if len(want) < 4 {
		t.Fatalf("the gateway raised only %d level and rate events; the test proves little", len(want))
	}
	if !slices.Equal(got, want) {
		t.Errorf("centre events differ from gateway events:\ngot  %s\nwant %s",
			formatEvents(got), formatEvents(want))
	}
	if late := centre.Stats().Late; late != 30 {
		t.Errorf("got %d late samples at the centre, want the 30 sent twice", late)
	}
	if noData := len(centreEvents) - len(got); noData != 2 {
		t.Errorf("got %d NoData events at the centre, want a raise and a clear for the outage", noData)
	}
}

// FuzzRestart runs a script of samples, ticks and acknowledgements twice, once
// straight through and once with a snapshot and restore at a point the input
// chooses, and requires the same events. Every event must also agree with the
// lifecycle.
func FuzzRestart(f *testing.F) {
	f.Add([]byte{3, 1, 10, 5, 200, 9, 30, 4, 0, 13, 250, 7, 1, 1, 1, 2, 2})
	f.Add([]byte{0, 0, 0, 255, 255, 7, 0, 4, 100})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 3 {
			return
		}
		ops := scriptOps(data[1:])
		cut := int(data[0]) % (len(ops) + 1)

		straight := fuzzPoint(t)
		want := runOps(t, straight, ops)

		first := fuzzPoint(t)
		got := runOps(t, first, ops[:cut])
		second := fuzzPoint(t)
		if err := second.Restore(first.AppendState(nil)); err != nil {
			t.Fatalf("Restore: %v", err)
		}
		got = append(got, runOps(t, second, ops[cut:])...)

		if !slices.Equal(got, want) {
			t.Fatalf("restart after op %d changed the events:\ngot  %s\nwant %s",
				cut, formatEvents(got), formatEvents(want))
		}
		checkLifecycle(t, want)
	})
}

// scriptOps turns bytes into ops, two bytes each: the first picks the kind and the
// seconds to advance, the second the value change or the rule to acknowledge.
func scriptOps(data []byte) []op {
	ids := []string{"hot", "cold", "rise", "silent", "fall"}
	var ops []op
	clock, value := int64(0), int64(300)
	for i := 0; i+1 < len(data); i += 2 {
		kind, arg := data[i], data[i+1]
		clock += int64(kind>>3) * 15
		switch kind & 7 {
		case 0:
			ops = append(ops, op{at: clock, kind: 't'})
		case 7:
			ops = append(ops, op{at: clock, kind: 'a', rule: ids[int(arg)%len(ids)]})
		default:
			value += int64(int8(arg)) * 3
			ops = append(ops, op{at: clock, v: value})
		}
	}
	return ops
}

func runOps(t *testing.T, p *Point, ops []op) []Event {
	var events []Event
	for _, o := range ops {
		switch o.kind {
		case 't':
			events = p.Tick(events, at(o.at))
		case 'a':
			var err error
			if events, err = p.Ack(events, o.rule, at(o.at)); err != nil {
				t.Fatalf("Ack(%q): %v", o.rule, err)
			}
		default:
			events = p.Observe(events, at(o.at), o.v)
		}
	}
	return events
}

// checkLifecycle replays events per rule and checks that each one is a legal
// change from the state before it.
func checkLifecycle(t *testing.T, events []Event) {
	states := map[string]State{}
	for _, e := range events {
		before := states[e.Rule]
		var ok bool
		switch e.Transition {
		case Raised:
			ok = !before.InAlarm() && e.State == Active
		case Cleared:
			ok = (before == Active && e.State == ClearedUnacknowledged) ||
				(before == Acknowledged && e.State == Normal)
		case Acked:
			ok = (before == Active && e.State == Acknowledged) ||
				(before == ClearedUnacknowledged && e.State == Normal)
		}
		if !ok {
			t.Fatalf("rule %s: %s from %s to %s is not a lifecycle change", e.Rule, e.Transition, before, e.State)
		}
		states[e.Rule] = e.State
	}
}
