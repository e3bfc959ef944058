package alarm

import (
	"bytes"
	"errors"
	"testing"
	"time"
)

// TestRestartMidPending stops a point in the middle of each kind of wait, restores
// its state into a new point and checks that the events equal those of a point that
// ran without a restart.
func TestRestartMidPending(t *testing.T) {
	rules := []Rule{
		{ID: "hot", Kind: High, Severity: Major, Set: Dec(350, 1), Clear: Dec(330, 1),
			Delay: dur(time.Minute), ClearDelay: dur(30 * time.Second)},
		{ID: "rise", Kind: Rise, Severity: Warning, Set: Dec(20, 1), Window: dur(5 * time.Minute)},
		{ID: "silent", Kind: NoData, Severity: Info, Timeout: dur(2 * time.Minute)},
	}
	var ops []op
	for sec := int64(0); sec <= 900; sec += 10 {
		v := int64(300) + sec/2 // rises 3.0 per minute
		if sec > 600 {
			v = 300
		}
		if sec >= 400 && sec < 600 {
			continue // a silence of 200 s
		}
		ops = append(ops, obs(sec, v, ""), tick(sec+5, ""))
	}
	run := func(p *Point, ops []op) string {
		var events []Event
		for _, o := range ops {
			if o.kind == 't' {
				events = p.Tick(events, at(o.at))
			} else {
				events = p.Observe(events, at(o.at), o.v)
			}
		}
		return formatEvents(events)
	}
	want := run(mustPoint(t, 1, rules...), ops)
	t.Logf("events: %s", want)
	if want == "" {
		t.Fatal("the script raised no events; the test proves nothing")
	}
	for cut := 1; cut < len(ops); cut += 7 {
		first := mustPoint(t, 1, rules...)
		got := run(first, ops[:cut])
		snapshot := first.AppendState(nil)
		second := mustPoint(t, 1, rules...)
		if err := second.Restore(snapshot); err != nil {
			t.Fatalf("cut %d: Restore: %v", cut, err)
		}
		if rest := run(second, ops[cut:]); rest != "" {
			if got != "" {
				got += "; "
			}
			got += rest
		}
		if got != want {
			t.Errorf("cut after op %d:\ngot  %s\nwant %s", cut, got, want)
		}
	}
}

func TestRestoreMatchesRules(t *testing.T) {
	hot := Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(35, 0)}
	cold := Rule{ID: "cold", Kind: Low, Severity: Major, Set: Dec(5, 0)}
	old := mustPoint(t, 0, hot, cold)
	old.Observe(nil, at(0), 40)
	snapshot := old.AppendState(nil)

	renamed := hot
	renamed.Kind = Low
	tests := []struct {
		name  string
		rules []Rule
		rule  string
		want  State
	}{
		{"same rules", []Rule{hot, cold}, "hot", Active},
		{"reordered", []Rule{cold, hot}, "hot", Active},
		{"kind changed", []Rule{renamed}, "hot", Normal},
		{"new rule", []Rule{hot, {ID: "new", Kind: High, Severity: Info, Set: Dec(1, 0)}}, "new", Normal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := mustPoint(t, 0, tt.rules...)
			if err := p.Restore(snapshot); err != nil {
				t.Fatalf("Restore: %v", err)
			}
			if got, _ := p.State(tt.rule); got != tt.want {
				t.Errorf("rule %s: got state %s, want %s", tt.rule, got, tt.want)
			}
		})
	}
}

func TestRestoreRejects(t *testing.T) {
	p := mustPoint(t, 0, Rule{ID: "hot", Kind: High, Severity: Major, Set: Dec(35, 0)})
	p.Observe(nil, at(0), 40)
	good := p.AppendState(nil)
	other, err := NewPoint("gh2/air_temp", 0, p.Rules())
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	tests := []struct {
		name  string
		point *Point
		data  []byte
	}{
		{"empty", p, nil},
		{"short", p, good[:6]},
		{"bad magic", p, append([]byte("XXXX"), good[4:]...)},
		{"bad version", p, append(append([]byte("SXAS"), 9), good[5:]...)},
		{"damaged", p, flipped},
		{"truncated", p, good[:len(good)-1]},
		{"other point", other, good},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := tt.point.AppendState(nil)
			err := tt.point.Restore(tt.data)
			if !errors.Is(err, ErrSnapshot) {
				t.Fatalf("got error %v, want one wrapping ErrSnapshot", err)
			}
			if after := tt.point.AppendState(nil); !bytes.Equal(before, after) {
				t.Error("a failed Restore changed the point")
			}
		})
	}
}
