package alarm

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"
)

func fuzzPoint(t testing.TB) *Point {
	rules := append(benchRules(), Rule{ID: "fall", Kind: Fall, Severity: Info, Set: Dec(1, 0),
		Window: dur(time.Minute)})
	return mustPoint(t, 1, rules...)
}

// FuzzRestore feeds arbitrary bytes to Restore: it must not panic, must leave the
// point unchanged on error, and a state it accepts must survive another round trip.
func FuzzRestore(f *testing.F) {
	p := fuzzPoint(f)
	f.Add(p.AppendState(nil))
	for sec := int64(0); sec < 900; sec += 30 {
		p.Observe(nil, at(sec), 280+sec%130)
	}
	p.Tick(nil, at(2000))
	f.Add(p.AppendState(nil))
	f.Add([]byte("SXAS\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := fuzzPoint(t)
		before := p.AppendState(nil)
		if err := p.Restore(data); err != nil {
			if !errors.Is(err, ErrSnapshot) {
				t.Fatalf("error %v does not wrap ErrSnapshot", err)
			}
			if !bytes.Equal(before, p.AppendState(nil)) {
				t.Fatal("a failed Restore changed the point")
			}
			return
		}
		once := p.AppendState(nil)
		q := fuzzPoint(t)
		if err := q.Restore(once); err != nil {
			t.Fatalf("Restore of AppendState output failed: %v", err)
		}
		if twice := q.AppendState(nil); !bytes.Equal(once, twice) {
			t.Fatalf("round trip changed the state:\n%x\n%x", once, twice)
		}
		// Evaluation must not panic on any accepted state.
		q.Observe(nil, at(5000), 300)
		q.Tick(nil, at(6000))
	})
}

// FuzzParseDecimal checks that a parsed decimal prints back to a string that
// parses to the same value.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"35.5", "-0.25", "+7", "000.100", "1e3", "", ".", "-", "123456789012345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDecimal(s)
		if err != nil {
			return
		}
		again, err := ParseDecimal(d.String())
		if err != nil {
			t.Fatalf("%q printed as %q, which does not parse: %v", s, d.String(), err)
		}
		if again != d {
			t.Fatalf("%q: got %+v after a round trip, want %+v", s, again, d)
		}
	})
}

// FuzzDecodeRules feeds arbitrary JSON to DecodeRules: it must not panic, and
// rules it accepts must encode and decode to the same rules.
func FuzzDecodeRules(f *testing.F) {
	seed, err := os.ReadFile("testdata/greenhouse.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`[{"id":"a","kind":"fall","severity":"info","set":"0.5","window":"1m"}]`))
	f.Add([]byte(`[{"id":"a","kind":"low","severity":"critical","set":-3,"clear":-2.5}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := DecodeRules(data)
		if err != nil {
			return
		}
		encoded, err := json.Marshal(rules)
		if err != nil {
			t.Fatalf("Marshal of accepted rules: %v", err)
		}
		again, err := DecodeRules(encoded)
		if err != nil {
			t.Fatalf("DecodeRules of %s: %v", encoded, err)
		}
		if len(again) != len(rules) {
			t.Fatalf("got %d rules after a round trip, want %d", len(again), len(rules))
		}
		for i := range rules {
			if again[i] != rules[i] {
				t.Fatalf("rule %d: got %+v after a round trip, want %+v", i, again[i], rules[i])
			}
		}
		// Compiling at any scale either fails with a RuleError or gives a point
		// that evaluates without panicking.
		for _, scale := range []uint8{0, 2, 18} {
			p, err := NewPoint("p", scale, rules)
			if err != nil {
				continue
			}
			p.Tick(nil, at(0))
			for sec := int64(0); sec < 700; sec += 70 {
				p.Observe(nil, at(sec), sec*sec-20_000)
			}
			p.Tick(nil, at(5000))
		}
	})
}
