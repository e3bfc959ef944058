package ingest

import (
	"cmp"
	"slices"
	"strings"
	"testing"
)

func TestParseFixed(t *testing.T) {
	tests := []struct {
		in    string
		v     int64
		scale uint8
		ok    bool
	}{
		{"0", 0, 0, true},
		{"123.45", 12345, 2, true},
		{"-0.5", -5, 1, true},
		{"1000", 1000, 0, true},
		{"0.000000001", 1, 9, true},
		{"0.0000000001", 0, 0, false},
		{"999999999999999999", 999999999999999999, 0, true},
		{"9999999999999999999", 0, 0, false},
		{"1e3", 0, 0, false},
		{"1.", 0, 0, false},
		{".5", 0, 0, false},
		{"-", 0, 0, false},
		{"", 0, 0, false},
		{"1.2.3", 0, 0, false},
	}
	for _, tt := range tests {
		v, scale, err := ParseFixed([]byte(tt.in))
		if (err == nil) != tt.ok || v != tt.v || scale != tt.scale {
			t.Errorf("ParseFixed(%q) = %d, %d, %v; want %d, %d, ok %v", tt.in, v, scale, err, tt.v, tt.scale, tt.ok)
		}
	}
}

func TestSourceOf(t *testing.T) {
	tests := []struct {
		topic, want string
		ok          bool
	}{
		{"shuxiang/v1/g1/gw-1/telemetry", "g1/gw-1", true},
		{"shuxiang/v1/g1/gw-1/alarm", "", false},
		{"shuxiang/v2/g1/gw-1/telemetry", "", false},
		{"shuxiang/v1/g1/telemetry", "", false},
		{"shuxiang/v1/g 1/gw/telemetry", "", false},
	}
	for _, tt := range tests {
		got, err := SourceOf(tt.topic)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("SourceOf(%q) = %q, %v; want %q, ok %v", tt.topic, got, err, tt.want, tt.ok)
		}
	}
}

var decodeSeeds = []string{
	`{"seq":7,"ts":1750480000123,"hist":false,"data":{"device":"well-1","ts":1750480000000,"outcome":"ok","values":{"flow_total":12.5,"state":"run","pump":true,"x":null}}}`,
	`{"seq":7,"items":[{"seq":7,"ts":1,"hist":true,"data":{"device":"d","values":{"a":1}}},{"seq":8,"ts":2,"hist":false,"data":{"device":"d","ts":5,"values":{"a":-2.25},"no_reading":["b"],"error":"x\"y"}}]}`,
	`{"seq":1,"data":{"device":"d","values":{"a":1,"a":2}}}`,
	`{"SEQ":1,"data":{"device":"d","values":{"a":1}}}`,
	`{"seq":1,"data":{"device":"d\u0041","values":{"a":1}}}`,
	`{"seq":1,"data":{"device":"d","values":{"a":{"b":1}}}}`,
	`{"seq":1,"items":[]}`,
	`{"seq":1,"items":null,"data":{"device":"d","values":{}}}`,
	`{"seq":0,"data":{"device":"d","values":{"a":1}}}`,
	`{"seq":1,"data":{"device":"","values":{"a":1}}}`,
	`{"seq":1,"data":{"device":"d","values":{"a":1e3}}}`,
	`[1,2]`,
	`{"seq":18446744073709551615,"data":{"device":"d","values":{"a":1}}}`,
	`{"seq":9,"epoch":"9f86d081884c7d65","ts":1750480000123,"hist":false,"data":{"device":"d","values":{"a":1}}}`,
	`{"seq":9,"items":[{"seq":9,"epoch":"9f86d081884c7d65","data":{"device":"d","values":{"a":1}}},{"seq":10,"epoch":"0000000000000001","data":{"device":"d","values":{"a":2}}}]}`,
	`{"seq":9,"epoch":"9F86D081884C7D65","data":{"device":"d","values":{"a":1}}}`,
	`{"seq":9,"epoch":"0000000000000000","data":{"device":"d","values":{"a":1}}}`,
	`{"seq":9,"epoch":"","data":{"device":"d","values":{"a":1}}}`,
	`{"seq":9,"epoch":null,"data":{"device":"d","values":{"a":1}}}`,
	`{"seq":9,"Epoch":"9f86d081884c7d65","data":{"device":"d","values":{"a":1}}}`,
}

func TestDecodeTelemetry(t *testing.T) {
	got, skipped, err := DecodeTelemetry(nil, "g/gw", []byte(decodeSeeds[1]))
	if err != nil {
		t.Fatal(err)
	}
	want := []Reading{
		{Source: "g/gw", Seq: 7, Device: "d", Field: "a", TimeMillis: 1, Value: 1},
		{Source: "g/gw", Seq: 8, Device: "d", Field: "a", TimeMillis: 5, Value: -225, Scale: 2},
	}
	if !slices.Equal(got, want) || skipped != 0 {
		t.Fatalf("got %+v, %d skipped; want %+v, none skipped", got, skipped, want)
	}
	got, skipped, err = DecodeTelemetry(nil, "g/gw", []byte(`{"seq":3,"data":{"device":"d","values":{"a":1e21,"b":2}}}`))
	if err != nil || skipped != 1 || len(got) != 1 || got[0].Field != "b" {
		t.Fatalf("got %+v, %d skipped, %v; want reading b and 1 skipped", got, skipped, err)
	}
	for _, p := range [][]byte{[]byte(decodeSeeds[0]), []byte(decodeSeeds[1]), batch(1, 100, "well-1", ts0)} {
		if _, ok := decodeFast(nil, "g/gw", p); !ok {
			t.Errorf("the fast path refused %.80s", p)
		}
	}
	for _, s := range decodeSeeds {
		checkAgree(t, []byte(s))
	}
}

// TestDecodeTelemetryNUL checks that a device or field name with U+0000,
// which PostgreSQL cannot store, makes the message malformed, so that it is
// dropped instead of failing every commit.
func TestDecodeTelemetryNUL(t *testing.T) {
	for _, p := range []string{
		`{"seq":1,"data":{"device":"a\u0000b","values":{"v":1}}}`,
		`{"seq":1,"data":{"device":"d","values":{"v\u0000":1}}}`,
		`{"seq":1,"items":[{"seq":2,"data":{"device":"d","values":{"v":1}}},{"seq":3,"data":{"device":"\u0000","values":{"v":1}}}]}`,
	} {
		got, _, err := DecodeTelemetry(nil, "g/gw", []byte(p))
		if err == nil {
			t.Errorf("%s: got %+v, want an error", p, got)
			continue
		}
		if !strings.Contains(err.Error(), "U+0000") {
			t.Errorf("%s: error %q does not name the character", p, err)
		}
	}
	if _, _, err := DecodeTelemetry(nil, "g/gw", []byte(`{"seq":1,"data":{"device":"a\\u0000b","values":{"v":1}}}`)); err != nil {
		t.Errorf("a backslash and the text u0000: %v", err)
	}
}

// TestDecodeTelemetryLongName checks that a device or field name longer
// than MaxNameBytes makes the message malformed on both decoding paths,
// because PostgreSQL cannot index such a name and would fail every commit.
func TestDecodeTelemetryLongName(t *testing.T) {
	long := strings.Repeat("x", MaxNameBytes+1)
	for _, p := range []string{
		`{"seq":1,"data":{"device":"` + long + `","values":{"v":1}}}`,
		`{"seq":1,"data":{"device":"d","values":{"` + long + `":1}}}`,
		`{"seq":1,"data":{"device":"设` + long + `","values":{"v":1}}}`,
	} {
		if got, _, err := DecodeTelemetry(nil, "g/gw", []byte(p)); err == nil {
			t.Errorf("%.60s: got %d readings, want an error", p, len(got))
		}
	}
	ok := strings.Repeat("x", MaxNameBytes)
	p := `{"seq":1,"data":{"device":"` + ok + `","values":{"` + ok + `":1}}}`
	if _, _, err := DecodeTelemetry(nil, "g/gw", []byte(p)); err != nil {
		t.Errorf("names of MaxNameBytes: %v", err)
	}
}

func TestNulEscape(t *testing.T) {
	tests := []struct {
		p    string
		want int
	}{
		{`{"a":"x\u0000"}`, 7},
		{`{"a":"x\\u0000"}`, -1},
		{`{"a":"x\\\u0000"}`, 9},
		{`{"a":"\u00001"}`, 6},
		{`{"a":"\u0001"}`, -1},
		{`{"a":"\`, -1},
		{``, -1},
	}
	for _, tt := range tests {
		if got := nulEscape([]byte(tt.p)); got != tt.want {
			t.Errorf("nulEscape(%s) = %d, want %d", tt.p, got, tt.want)
		}
	}
}

func sortReadings(rs []Reading) {
	slices.SortFunc(rs, func(a, b Reading) int {
		return cmp.Or(cmp.Compare(a.Seq, b.Seq), cmp.Compare(a.Epoch, b.Epoch), cmp.Compare(a.Field, b.Field))
	})
}

// checkAgree checks that the fast path agrees with the slow one whenever
// it takes a payload.
func checkAgree(t *testing.T, p []byte) {
	t.Helper()
	fast, ok := decodeFast(nil, "g/gw", p)
	slow, _, err := decodeSlow(nil, "g/gw", p)
	if !ok {
		return
	}
	if err != nil {
		t.Fatalf("fast path took %q, slow path fails: %v", p, err)
	}
	sortReadings(fast)
	sortReadings(slow)
	if !slices.Equal(fast, slow) {
		t.Fatalf("payload %q: fast path %+v, slow path %+v", p, fast, slow)
	}
}

func FuzzDecodeTelemetry(f *testing.F) {
	for _, s := range decodeSeeds {
		f.Add([]byte(s))
	}
	f.Add(batch(1, 3, "well-1", ts0))
	f.Fuzz(func(t *testing.T, p []byte) {
		checkAgree(t, p)
		DecodeTelemetry(nil, "g/gw", p)
	})
}

func FuzzParseFixed(f *testing.F) {
	for _, s := range []string{"0", "-1.5", "123456789012345678", "1.000000001"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, scale, err := ParseFixed(b)
		if err != nil {
			return
		}
		// Formatting the value back must give the input, up to a
		// leading "-0" of zero.
		s := formatFixed(v, scale)
		if s != string(b) && !(v == 0 && "-"+s == string(b)) {
			t.Fatalf("ParseFixed(%q) = %d, %d, formats as %q", b, v, scale, s)
		}
	})
}

func formatFixed(v int64, scale uint8) string {
	neg := v < 0
	if neg {
		v = -v
	}
	digits := []byte{}
	for v > 0 || len(digits) <= int(scale) {
		digits = append(digits, byte('0'+v%10))
		v /= 10
	}
	slices.Reverse(digits)
	s := string(digits)
	if scale > 0 {
		s = s[:len(s)-int(scale)] + "." + s[len(s)-int(scale):]
	}
	if neg {
		s = "-" + s
	}
	return s
}
