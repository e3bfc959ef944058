package alarm

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"
)

func TestDecodeRulesFile(t *testing.T) {
	data, err := os.ReadFile("testdata/greenhouse.json")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := DecodeRules(data)
	if err != nil {
		t.Fatalf("DecodeRules: %v", err)
	}
	if len(rules) != 4 {
		t.Fatalf("got %d rules, want 4", len(rules))
	}
	high := rules[0]
	if high.Kind != High || high.Severity != Major || high.Set != Dec(350, 1) ||
		high.Clear != Dec(330, 1) || high.Delay.Duration != 2*time.Minute {
		t.Errorf("got first rule %+v, want high 35.0/33.0 major with a 2m delay", high)
	}
	if rules[1].Set != Dec(20, 1) {
		t.Errorf("got quoted set %v, want 2.0", rules[1].Set)
	}
	if rules[3].Kind != NoData || rules[3].Timeout.Duration != 15*time.Minute {
		t.Errorf("got last rule %+v, want no_data with a 15m timeout", rules[3])
	}
	if _, err := NewPoint("gh1/air_temp", 1, rules); err != nil {
		t.Errorf("NewPoint at scale 1: %v", err)
	}
}

func TestRuleJSONRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/greenhouse.json")
	if err != nil {
		t.Fatal(err)
	}
	rules, err := DecodeRules(data)
	if err != nil {
		t.Fatal(err)
	}
	encoded, err := json.Marshal(rules)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	again, err := DecodeRules(encoded)
	if err != nil {
		t.Fatalf("DecodeRules of %s: %v", encoded, err)
	}
	for i := range rules {
		if rules[i] != again[i] {
			t.Errorf("rule %d: got %+v after a round trip, want %+v", i, again[i], rules[i])
		}
	}
}

func TestDecodeRulesRejects(t *testing.T) {
	tests := []struct {
		name  string
		json  string
		field string // the RuleError field, or "" for a decode error
		text  string // a part of the message
	}{
		{"unknown field", `[{"id":"a","kind":"high","severity":"info","set":1,"sett":2}]`, "", `unknown field "sett"`},
		{"bad kind", `[{"id":"a","kind":"hi","severity":"info","set":1}]`, "", "use one of high, low"},
		{"bad severity", `[{"id":"a","kind":"high","severity":"urgent","set":1}]`, "", "use one of info"},
		{"float exponent", `[{"id":"a","kind":"high","severity":"info","set":1e3}]`, "", "plain decimal form"},
		{"bad duration", `[{"id":"a","kind":"high","severity":"info","set":1,"delay":"5 min"}]`, "", `"5 min"`},
		{"numeric duration", `[{"id":"a","kind":"high","severity":"info","set":1,"delay":300}]`, "", "not a string"},
		{"trailing data", `[] []`, "", "data after the array"},
		{"missing id", `[{"kind":"high","severity":"info","set":1}]`, "id", "missing"},
		{"duplicate id", `[{"id":"a","kind":"high","severity":"info","set":1},
			{"id":"a","kind":"low","severity":"info","set":0}]`, "id", "used by another rule"},
		{"missing kind", `[{"id":"a","severity":"info","set":1}]`, "kind", "missing"},
		{"missing severity", `[{"id":"a","kind":"high","set":1}]`, "severity", "missing"},
		{"missing set", `[{"id":"a","kind":"high","severity":"info"}]`, "set", "missing"},
		{"high clear above set", `[{"id":"a","kind":"high","severity":"info","set":35,"clear":36}]`,
			"clear", "36 is not below set 35"},
		{"high clear equals set", `[{"id":"a","kind":"high","severity":"info","set":35,"clear":35.0}]`,
			"clear", "not below"},
		{"low clear below set", `[{"id":"a","kind":"low","severity":"info","set":5,"clear":4.5}]`,
			"clear", "4.5 is not above set 5"},
		{"rise without window", `[{"id":"a","kind":"rise","severity":"info","set":1}]`, "window", "missing"},
		{"rise short window", `[{"id":"a","kind":"rise","severity":"info","set":1,"window":"500ms"}]`, "window", "shorter than 1s"},
		{"rise negative set", `[{"id":"a","kind":"fall","severity":"info","set":-1,"window":"1m"}]`,
			"set", "not positive"},
		{"window on high", `[{"id":"a","kind":"high","severity":"info","set":1,"window":"1m"}]`, "window", "only by rise"},
		{"timeout on high", `[{"id":"a","kind":"high","severity":"info","set":1,"timeout":"1m"}]`, "timeout", "only by no_data"},
		{"negative delay", `[{"id":"a","kind":"high","severity":"info","set":1,"delay":"-1s"}]`, "delay", "negative"},
		{"sub-millisecond", `[{"id":"a","kind":"high","severity":"info","set":1,"clear_delay":"1.5ms"}]`,
			"clear_delay", "whole number of milliseconds"},
		{"delay over a year", `[{"id":"a","kind":"high","severity":"info","set":1,"delay":"9000h"}]`, "delay", "one year"},
		{"no_data without timeout", `[{"id":"a","kind":"no_data","severity":"info"}]`, "timeout", "missing"},
		{"no_data with set", `[{"id":"a","kind":"no_data","severity":"info","timeout":"1m","set":1}]`, "set", "not used"},
		{"no_data with delay", `[{"id":"a","kind":"no_data","severity":"info","timeout":"1m","delay":"1m"}]`,
			"delay", "fold it into timeout"},
		{"long id", `[{"id":"` + strings.Repeat("x", 65) + `","kind":"high","severity":"info","set":1}]`, "id", "at most 64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeRules([]byte(tt.json))
			if err == nil {
				t.Fatal("got no error")
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("got error %q, want it to contain %q", err, tt.text)
			}
			var re *RuleError
			isRule := errors.As(err, &re)
			if tt.field == "" && isRule {
				t.Errorf("got RuleError %v, want a decode error", err)
			}
			if tt.field != "" && (!isRule || re.Field != tt.field) {
				t.Errorf("got error %v, want a RuleError on field %s", err, tt.field)
			}
		})
	}
}

func TestNewPointScale(t *testing.T) {
	tests := []struct {
		name  string
		scale uint8
		rule  Rule
		err   string
	}{
		{"fits", 1, Rule{ID: "a", Kind: High, Severity: Info, Set: Dec(355, 1)}, ""},
		{"trailing zeros", 1, Rule{ID: "a", Kind: High, Severity: Info, Set: Dec(3550, 2)}, ""},
		{"too precise", 1, Rule{ID: "a", Kind: High, Severity: Info, Set: Dec(3555, 2)},
			"35.55 has 2 decimal places but the point's scale is 1"},
		{"clear too precise", 0, Rule{ID: "a", Kind: High, Severity: Info, Set: Dec(35, 0), Clear: Dec(345, 1)},
			"field clear"},
		{"overflow", 18, Rule{ID: "a", Kind: High, Severity: Info, Set: Dec(100, 0)}, "does not fit"},
		{"scale too large", 19, Rule{ID: "a", Kind: High, Severity: Info, Set: Dec(1, 0)}, "scale 19 is above 18"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewPoint("p", tt.scale, []Rule{tt.rule})
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("got error %v, want none", err)
			case tt.err != "" && err == nil:
				t.Fatalf("got no error, want one containing %q", tt.err)
			case tt.err != "" && !strings.Contains(err.Error(), tt.err):
				t.Errorf("got error %q, want it to contain %q", err, tt.err)
			}
		})
	}
}

func TestNewPointRejectsEmptyID(t *testing.T) {
	if _, err := NewPoint("", 0, nil); err == nil {
		t.Error("NewPoint with an empty id returned no error")
	}
}

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in    string
		want  Decimal
		print string
	}{
		{"35.5", Dec(355, 1), "35.5"},
		{"-0.25", Dec(-25, 2), "-0.25"},
		{"+7", Dec(7, 0), "7"},
		{"007.50", Dec(750, 2), "7.50"},
		{"0", Dec(0, 0), "0"},
		{".5", Dec(5, 1), "0.5"},
		{"5.", Dec(5, 0), "5"},
		{"0.000", Dec(0, 3), "0.000"},
		{"999999999999999999", Dec(999999999999999999, 0), "999999999999999999"},
	}
	for _, tt := range tests {
		got, err := ParseDecimal(tt.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseDecimal(%q): got %+v, want %+v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.print {
			t.Errorf("ParseDecimal(%q).String(): got %q, want %q", tt.in, s, tt.print)
		}
	}
	for _, bad := range []string{"", "-", ".", "1.2.3", "1e5", "12a", "1234567890123456789", " 1", "0x10"} {
		if _, err := ParseDecimal(bad); err == nil {
			t.Errorf("ParseDecimal(%q): got no error", bad)
		}
	}
}

func TestDecimalAt(t *testing.T) {
	tests := []struct {
		d     Decimal
		scale uint8
		want  int64
		ok    bool
	}{
		{Dec(355, 1), 1, 355, true},
		{Dec(355, 1), 3, 35500, true},
		{Dec(3500, 2), 0, 35, true},
		{Dec(3550, 2), 0, 0, false},
		{Dec(-25, 2), 2, -25, true},
		{Dec(1, 0), 18, 1_000_000_000_000_000_000, true},
		{Dec(10, 0), 18, 0, false},
	}
	for _, tt := range tests {
		got, err := tt.d.at(tt.scale)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("%v at scale %d: got %d, %v; want %d, ok %v", tt.d, tt.scale, got, err, tt.want, tt.ok)
		}
	}
}

func TestCompareDecimal(t *testing.T) {
	tests := []struct {
		a, b Decimal
		want int
	}{
		{Dec(35, 0), Dec(350, 1), 0},
		{Dec(36, 0), Dec(355, 1), 1},
		{Dec(-1, 0), Dec(0, 0), -1},
		{Dec(999999999999999999, 0), Dec(1, 17), 1},
	}
	for _, tt := range tests {
		if got := compareDecimal(tt.a, tt.b); got != tt.want {
			t.Errorf("compareDecimal(%v, %v): got %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestEnumText(t *testing.T) {
	for k := High; k <= NoData; k++ {
		text, err := k.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText: %v", k, err)
		}
		var back Kind
		if err := back.UnmarshalText(text); err != nil || back != k {
			t.Errorf("kind %v: got %v, %v after a round trip", k, back, err)
		}
	}
	for s := Info; s <= Critical; s++ {
		text, _ := s.MarshalText()
		if back, err := ParseSeverity(string(text)); err != nil || back != s {
			t.Errorf("severity %v: got %v, %v after a round trip", s, back, err)
		}
	}
	if _, err := Kind(0).MarshalText(); err == nil {
		t.Error("Kind(0).MarshalText: got no error")
	}
	if got := ClearedUnacknowledged.String(); got != "cleared_unacknowledged" {
		t.Errorf("got %q, want cleared_unacknowledged", got)
	}
	if got := Acked.String(); got != "acknowledged" {
		t.Errorf("got %q, want acknowledged", got)
	}
}
