package alarm

import (
	"encoding/json"
	"testing"
	"time"
)

func TestHighLow(t *testing.T) {
	high := Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(350, 1), Clear: Dec(330, 1)}
	low := Rule{ID: "cold", Kind: Low, Severity: Warning, Set: Dec(50, 1), Clear: Dec(80, 1)}
	noClear := Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(35, 0)}
	tests := []struct {
		name string
		rule Rule
		ops  []op
	}{
		{"high exactly at set", high, []op{
			obs(0, 349, ""), obs(10, 350, "hot raised active @10"),
		}},
		{"high at clear", high, []op{
			obs(0, 350, "hot raised active @0"), obs(10, 331, ""),
			obs(20, 330, "hot cleared cleared_unacknowledged @20"),
		}},
		{"high flapping in band", high, []op{
			obs(0, 351, "hot raised active @0"),
			obs(10, 349, ""), obs(20, 331, ""), obs(30, 349, ""), obs(40, 360, ""), obs(50, 331, ""),
			obs(60, 329, "hot cleared cleared_unacknowledged @60"),
			obs(70, 349, ""), obs(80, 331, ""), obs(90, 349, ""),
		}},
		{"high without clear", noClear, []op{
			obs(0, 35, "hot raised active @0"), obs(10, 35, ""),
			obs(20, 34, "hot cleared cleared_unacknowledged @20"),
		}},
		{"high repeated values", high, []op{
			obs(0, 400, "hot raised active @0"), obs(1, 400, ""), obs(2, 400, ""),
		}},
		{"low exactly at set", low, []op{
			obs(0, 51, ""), obs(10, 50, "cold raised active @10"),
		}},
		{"low band and clear", low, []op{
			obs(0, -20, "cold raised active @0"), obs(10, 79, ""), obs(20, 51, ""),
			obs(30, 80, "cold cleared cleared_unacknowledged @30"),
		}},
		{"low negative values", Rule{ID: "frost", Kind: Low, Severity: Critical,
			Set: Dec(-20, 1), Clear: Dec(0, 0)}, []op{
			obs(0, -19, ""), obs(10, -20, "frost raised active @10"),
			obs(20, -1, ""), obs(30, 0, "frost cleared cleared_unacknowledged @30"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scale := uint8(1)
			if tt.rule.Set.places == 0 {
				scale = 0
			}
			play(t, mustPoint(t, scale, tt.rule), tt.ops)
		})
	}
}

func TestDelays(t *testing.T) {
	rule := Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(350, 1), Clear: Dec(330, 1),
		Delay: dur(time.Minute), ClearDelay: dur(30 * time.Second)}
	tests := []struct {
		name string
		ops  []op
	}{
		{"raise exactly at delay", []op{
			obs(0, 350, ""), obs(30, 360, ""), obs(59, 360, ""), obs(60, 355, "hot raised active @60"),
		}},
		{"delay not reached", []op{
			obs(0, 350, ""), obs(50, 350, ""), obs(55, 349, ""), obs(60, 350, ""), obs(100, 350, ""),
		}},
		{"dip restarts the wait", []op{
			obs(0, 350, ""), obs(50, 340, ""), obs(60, 350, ""), obs(119, 350, ""),
			obs(120, 350, "hot raised active @120"),
		}},
		{"clear waits its delay", []op{
			obs(0, 350, ""), obs(60, 350, "hot raised active @60"),
			obs(70, 330, ""), obs(99, 300, ""), obs(100, 320, "hot cleared cleared_unacknowledged @100"),
		}},
		{"band cancels pending clear", []op{
			obs(0, 350, ""), obs(60, 350, "hot raised active @60"),
			obs(70, 330, ""), obs(90, 331, ""), obs(100, 330, ""), obs(129, 330, ""),
			obs(130, 330, "hot cleared cleared_unacknowledged @130"),
		}},
		{"late sample does not count", []op{
			obs(0, 350, ""), obs(60, 349, ""), obs(30, 350, ""), obs(60, 350, ""), obs(61, 350, ""),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			play(t, mustPoint(t, 1, rule), tt.ops)
		})
	}
}

func TestLifecycle(t *testing.T) {
	rule := Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(35, 0), Clear: Dec(30, 0)}
	tests := []struct {
		name string
		ops  []op
	}{
		{"ack then clear", []op{
			obs(0, 40, "hot raised active @0"),
			ack(5, "hot", "hot acknowledged acknowledged @5"),
			obs(10, 20, "hot cleared normal @10"),
		}},
		{"clear then ack", []op{
			obs(0, 40, "hot raised active @0"),
			obs(10, 20, "hot cleared cleared_unacknowledged @10"),
			ack(15, "hot", "hot acknowledged normal @15"),
		}},
		{"raise again before ack", []op{
			obs(0, 40, "hot raised active @0"),
			obs(10, 20, "hot cleared cleared_unacknowledged @10"),
			obs(20, 40, "hot raised active @20"),
			ack(25, "hot", "hot acknowledged acknowledged @25"),
		}},
		{"repeated ack", []op{
			obs(0, 40, "hot raised active @0"),
			ack(5, "hot", "hot acknowledged acknowledged @5"),
			ack(6, "hot", ""),
		}},
		{"ack in normal", []op{
			ack(0, "hot", ""), obs(10, 20, ""),
		}},
		{"acknowledged stays raised", []op{
			obs(0, 40, "hot raised active @0"),
			ack(5, "hot", "hot acknowledged acknowledged @5"),
			obs(10, 50, ""), obs(20, 31, ""),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			play(t, mustPoint(t, 0, rule), tt.ops)
		})
	}
}

func TestAckUnknownRule(t *testing.T) {
	p := mustPoint(t, 0, Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(35, 0)})
	if _, err := p.Ack(nil, "cold", t0); err == nil {
		t.Fatal("Ack of an unknown rule returned no error")
	}
}

// ramp returns samples every minute from 0 to end seconds with value start+k*step
// after k minutes, each expecting no event unless listed in want by second.
func ramp(end int64, value func(k int64) int64, want map[int64]string) []op {
	var ops []op
	for sec := int64(0); sec <= end; sec += 60 {
		ops = append(ops, obs(sec, value(sec/60), want[sec]))
	}
	return ops
}

func TestRate(t *testing.T) {
	rise := Rule{ID: "rise", Kind: Rise, Severity: Warning, Set: Dec(20, 1), Clear: Dec(10, 1),
		Window: dur(5 * time.Minute)}
	fall := Rule{ID: "fall", Kind: Fall, Severity: Warning, Set: Dec(20, 1), Window: dur(5 * time.Minute)}
	tests := []struct {
		name string
		rule Rule
		ops  []op
	}{
		{"rise exactly at rate", rise, ramp(300, func(k int64) int64 { return 20 * k },
			map[int64]string{300: "rise raised active @300"})},
		{"rise just below rate", rise, ramp(900, func(k int64) int64 { return 20*k - k/5 }, nil)},
		{"rise needs a full window", rise, ramp(240, func(k int64) int64 { return 100 * k }, nil)},
		{"rise then flat clears", rise, ramp(600, func(k int64) int64 { return 20 * min(k, 5) },
			map[int64]string{300: "rise raised active @300", 480: "rise cleared cleared_unacknowledged @480"})},
		{"fall exactly at rate", fall, ramp(300, func(k int64) int64 { return 1000 - 20*k },
			map[int64]string{300: "fall raised active @300"})},
		{"fall ignores rise", fall, ramp(900, func(k int64) int64 { return 1000 + 50*k }, nil)},
		{"gap leaves rate unknown", rise, []op{
			obs(0, 0, ""), obs(601, 10000, ""), obs(660, 10000, ""),
		}},
		{"gap within two windows", rise, []op{
			obs(0, 0, ""), obs(600, 1200, "rise raised active @600"),
		}},
		{"dense samples", rise, func() []op {
			var ops []op
			for sec := int64(0); sec <= 300; sec++ {
				want := ""
				if sec == 300 {
					want = "rise raised active @300"
				}
				ops = append(ops, obs(sec, sec/3, want))
			}
			return ops
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			play(t, mustPoint(t, 1, tt.rule), tt.ops)
		})
	}
}

func TestNoData(t *testing.T) {
	rule := Rule{ID: "silent", Kind: NoData, Severity: Major, Timeout: dur(10 * time.Minute)}
	tests := []struct {
		name string
		ops  []op
	}{
		{"silent from start", []op{
			tick(0, ""), tick(599, ""), tick(600, "silent raised active @600"), tick(700, ""),
			obs(750, 1, "silent cleared cleared_unacknowledged @750"),
		}},
		{"late tick keeps raise time", []op{
			obs(0, 1, ""), tick(300, ""), tick(1000, "silent raised active @600"),
		}},
		{"gap seen by sample", []op{
			obs(0, 1, ""), obs(900, 2, "silent raised active @600; silent cleared cleared_unacknowledged @900"),
		}},
		{"gap just short", []op{
			obs(0, 1, ""), obs(599, 2, ""), tick(1198, ""), tick(1199, "silent raised active @1199"),
		}},
		{"no start no alarm", []op{
			obs(0, 1, ""), obs(60, 1, ""),
		}},
		{"sample from before the raise", []op{
			obs(0, 1, ""), tick(605, "silent raised active @600"),
			obs(590, 2, "silent cleared cleared_unacknowledged @600"),
		}},
		{"ack while silent", []op{
			tick(0, ""), tick(600, "silent raised active @600"),
			ack(610, "silent", "silent acknowledged acknowledged @610"),
			obs(620, 5, "silent cleared normal @620"),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			play(t, mustPoint(t, 0, rule), tt.ops)
		})
	}
}

func TestEventFields(t *testing.T) {
	rules := []Rule{
		{ID: "hot", Kind: High, Severity: Critical, Set: Dec(35, 0), Clear: Dec(33, 0)},
		{ID: "silent", Kind: NoData, Severity: Info, Timeout: dur(time.Minute)},
	}
	p := mustPoint(t, 1, rules...)
	got := p.Observe(nil, at(0), 355)
	want := Event{Time: at(0), Point: "gh1/air_temp", Rule: "hot", Kind: High, Severity: Critical,
		Transition: Raised, State: Active, Value: 355, Limit: 350, Scale: 1}
	if len(got) != 1 || got[0] != want {
		t.Fatalf("got %+v, want [%+v]", got, want)
	}
	got = p.Observe(nil, at(90), 300)
	if len(got) != 3 {
		t.Fatalf("got %d events, want 3: %+v", len(got), got)
	}
	if e := got[0]; e.Rule != "silent" || e.Value != 60_000 || e.Limit != 60_000 || e.Scale != 0 ||
		!e.Time.Equal(at(60)) {
		t.Errorf("no_data raise: got %+v, want value and limit 60000 ms at 60 s", e)
	}
	if e := got[1]; e.Rule != "silent" || e.Transition != Cleared || e.Value != 90_000 {
		t.Errorf("no_data clear: got %+v, want a clear with value 90000 ms", e)
	}
	if e := got[2]; e.Rule != "hot" || e.Transition != Cleared || e.Value != 300 || e.Limit != 330 {
		t.Errorf("clear event: got %+v, want value 300 and limit 330", e)
	}
}

func TestLateSamplesCounted(t *testing.T) {
	p := mustPoint(t, 0, Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(35, 0)})
	p.Observe(nil, at(10), 1)
	p.Observe(nil, at(10), 40)
	p.Observe(nil, at(5), 40)
	if got, want := p.Stats(), (Stats{Samples: 1, Late: 2}); got != want {
		t.Errorf("got stats %+v, want %+v", got, want)
	}
	if s, _ := p.State("hot"); s != Normal {
		t.Errorf("got state %s after late samples, want normal", s)
	}
}

func TestObserveAllocations(t *testing.T) {
	p := mustPoint(t, 1, benchRules()...)
	buf := make([]Event, 0, 16)
	sec := int64(0)
	allocs := testing.AllocsPerRun(1000, func() {
		sec++
		buf = p.Observe(buf[:0], at(sec), 300+sec%100)
		buf = p.Tick(buf[:0], at(sec))
	})
	if allocs != 0 {
		t.Errorf("got %v allocations per sample, want 0", allocs)
	}
}

func TestRateArithmetic(t *testing.T) {
	tests := []struct {
		delta, span, want int64
	}{
		{100, 300_000, 20},
		{-100, 300_000, -20},
		{1, 60_001, 0},
		{maxInt64, 1, maxInt64},
		{-maxInt64, 1, -maxInt64},
	}
	for _, tt := range tests {
		if got := ratePerMinute(tt.delta, tt.span); got != tt.want {
			t.Errorf("ratePerMinute(%d, %d): got %d, want %d", tt.delta, tt.span, got, tt.want)
		}
	}
	subs := []struct{ a, b, want int64 }{
		{5, 3, 2},
		{maxInt64, -1, maxInt64},
		{-maxInt64 - 1, 1, -maxInt64},
		{-1, maxInt64, -maxInt64},
		{0, -maxInt64 - 1, maxInt64},
	}
	for _, tt := range subs {
		if got := subSaturated(tt.a, tt.b); got != tt.want {
			t.Errorf("subSaturated(%d, %d): got %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if cmp128(mul128(-3, 5), mul128(-2, 7)) != -1 {
		t.Error("cmp128: got -15 not below -14")
	}
	if cmp128(mul128(maxInt64, maxInt64), mul128(maxInt64-1, maxInt64)) != 1 {
		t.Error("cmp128: large products compared wrongly")
	}
}

func TestEventJSON(t *testing.T) {
	p := mustPoint(t, 1, Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(350, 1)})
	events := p.Observe(nil, at(90), 352)
	got, err := json.Marshal(events[0])
	if err != nil {
		t.Fatal(err)
	}
	want := `{"time":"2026-06-21T00:01:30Z","point":"gh1/air_temp","rule":"hot","kind":"high",` +
		`"severity":"major","transition":"raised","state":"active","value":352,"limit":350,"scale":1}`
	if string(got) != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}
