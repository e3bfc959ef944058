package trace_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
)

const epc = "https://trace.hotan.example.cn/t/1SE61XHPSF46E73Q"

func knownScan(id int64, when time.Time) *trace.Scan {
	return &trace.Scan{ID: id, Text: "1SE6-1XHP-SF46-E73Q", Status: trace.Known, EPC: epc,
		Issuance: "I-2024-0001", At: when, Client: "c1"}
}

func rulesOf(t *testing.T, flags []trace.Flag) []trace.RuleKind {
	t.Helper()
	var kinds []trace.RuleKind
	for _, f := range flags {
		require.NoError(t, f.Validate(), "flag %s", f.Rule)
		kinds = append(kinds, f.Rule)
	}
	return kinds
}

func TestScanCountRule(t *testing.T) {
	rules := trace.Rules{ScanCount: trace.ScanCountRule{Threshold: 3}}
	tests := []struct {
		count int
		flag  bool
	}{{1, false}, {3, false}, {4, true}, {5, false}, {40, false}}
	for _, tt := range tests {
		flags := rules.CheckScan(knownScan(9, at(10, 12, 9, 0)), trace.ScanContext{Issuance: fixtureIssuance(), Count: tt.count})
		if !tt.flag {
			assert.Empty(t, flags, "count %d", tt.count)
			continue
		}
		require.Len(t, flags, 1, "count %d", tt.count)
		f := flags[0]
		assert.Equal(t, trace.RuleScanCount, f.Rule)
		assert.Equal(t, trace.Warning, f.Severity)
		assert.Equal(t, 4, f.Evidence.Count)
		assert.Equal(t, 3, f.Evidence.Threshold)
		assert.Equal(t, []int64{9}, f.Evidence.Scans)
		assert.Equal(t, epc, f.EPC)
	}
}

func TestScanCountRuleDefault(t *testing.T) {
	var rules trace.Rules
	sc := trace.ScanContext{Issuance: fixtureIssuance(), Count: trace.DefaultScanThreshold + 1}
	assert.Equal(t, []trace.RuleKind{trace.RuleScanCount}, rulesOf(t, rules.CheckScan(knownScan(1, at(10, 12, 9, 0)), sc)))
	rules.ScanCount.Off = true
	assert.Empty(t, rules.CheckScan(knownScan(1, at(10, 12, 9, 0)), sc))
}

func TestTravelRule(t *testing.T) {
	urumqi := &trace.GeoPoint{Lon: 87.62, Lat: 43.83}
	hotan := &trace.GeoPoint{Lon: 79.92, Lat: 37.11}        // about 1,000 km from Urumqi
	nearby := &trace.GeoPoint{Lon: 87.62, Lat: 43.83 + 0.4} // about 44 km north
	base := at(10, 12, 9, 0)
	rules := trace.Rules{Travel: trace.TravelRule{MaxSpeedKmh: 500, MinDistanceKm: 50}}
	tests := []struct {
		name    string
		prev    *trace.GeoPoint
		cur     *trace.GeoPoint
		elapsed time.Duration
		flag    bool
	}{
		{"too fast", urumqi, hotan, time.Hour, true},
		{"plausible by air", urumqi, hotan, 3 * time.Hour, false},
		{"same instant", urumqi, hotan, 0, true},
		{"clock skew", urumqi, hotan, -30 * time.Minute, true},
		{"below min distance", urumqi, nearby, time.Second, false},
		{"no previous location", nil, hotan, time.Minute, false},
		{"no current location", urumqi, nil, time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prev := knownScan(1, base)
			prev.Location = tt.prev
			cur := knownScan(2, base.Add(tt.elapsed))
			cur.Location = tt.cur
			flags := rules.CheckScan(cur, trace.ScanContext{Issuance: fixtureIssuance(), Previous: prev, Count: 2})
			if !tt.flag {
				assert.Empty(t, flags)
				return
			}
			require.Equal(t, []trace.RuleKind{trace.RuleImpossibleTravel}, rulesOf(t, flags))
			ev := flags[0].Evidence
			assert.Equal(t, []int64{1, 2}, ev.Scans)
			assert.InDelta(t, 1000, ev.DistanceKm, 100)
			assert.Greater(t, ev.SpeedKmh, 500.0)
			assert.Equal(t, trace.Major, flags[0].Severity)
		})
	}
}

func TestTravelRuleSpeedEdge(t *testing.T) {
	a := &trace.GeoPoint{Lon: 87.0, Lat: 43.0}
	b := &trace.GeoPoint{Lon: 88.0, Lat: 43.0}
	distance := a.DistanceKm(*b)
	rules := trace.Rules{Travel: trace.TravelRule{MaxSpeedKmh: distance, MinDistanceKm: 1}}
	prev := knownScan(1, at(10, 12, 9, 0))
	prev.Location = a
	exact := knownScan(2, prev.At.Add(time.Hour))
	exact.Location = b
	assert.Empty(t, rules.CheckScan(exact, trace.ScanContext{Previous: prev, Count: 2}), "speed equal to the limit")
	faster := knownScan(2, prev.At.Add(time.Hour-time.Minute))
	faster.Location = b
	assert.Len(t, rules.CheckScan(faster, trace.ScanContext{Previous: prev, Count: 2}), 1, "a minute faster")
}

func TestDistanceKm(t *testing.T) {
	// One degree of longitude on the equator is 2πR/360.
	d := trace.GeoPoint{}.DistanceKm(trace.GeoPoint{Lon: 1})
	assert.InDelta(t, 111.195, d, 0.001)
	assert.Zero(t, trace.GeoPoint{Lon: 80, Lat: 37}.DistanceKm(trace.GeoPoint{Lon: 80, Lat: 37}))
	coarse := trace.GeoPoint{Lon: 79.92456, Lat: 37.11549}.Coarse()
	assert.Equal(t, trace.GeoPoint{Lon: 79.92, Lat: 37.12}, coarse)
}

func TestActivationRule(t *testing.T) {
	activated := at(10, 10, 8, 0)
	rules := trace.Rules{Activation: trace.ActivationRule{Grace: 10 * time.Minute}}
	tests := []struct {
		name  string
		state trace.IssuanceState
		when  time.Time
		flag  bool
	}{
		{"issued not active", trace.Issued, activated.Add(time.Hour), true},
		{"active after", trace.Active, activated.Add(time.Minute), false},
		{"active at activation", trace.Active, activated, false},
		{"within grace", trace.Active, activated.Add(-10 * time.Minute), false},
		{"before grace", trace.Active, activated.Add(-10*time.Minute - time.Second), true},
		{"suspended", trace.Suspended, activated.Add(time.Hour), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := fixtureIssuance()
			is.State, is.ActivatedAt = tt.state, activated
			if tt.state == trace.Issued {
				is.ActivatedAt = time.Time{}
			}
			flags := rules.CheckScan(knownScan(3, tt.when), trace.ScanContext{Issuance: is, Count: 1})
			if !tt.flag {
				assert.Empty(t, flags)
				return
			}
			require.Equal(t, []trace.RuleKind{trace.RuleBeforeActivation}, rulesOf(t, flags))
			assert.Equal(t, trace.Critical, flags[0].Severity)
			assert.Equal(t, tt.state, flags[0].Evidence.State)
		})
	}
}

func TestDestinationRule(t *testing.T) {
	var rules trace.Rules
	tests := []struct {
		name         string
		destinations []land.DivisionCode
		division     land.DivisionCode
		flag         bool
	}{
		{"inside prefecture", []land.DivisionCode{"650100"}, "650102", false},
		{"inside township", []land.DivisionCode{"650100"}, "650102001", false},
		{"inside province", []land.DivisionCode{"310000"}, "310104", false},
		{"outside", []land.DivisionCode{"650100", "310000"}, "440305", true},
		{"no division", []land.DivisionCode{"650100"}, "", false},
		{"no destinations", nil, "440305", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			is := fixtureIssuance()
			is.Destinations = tt.destinations
			s := knownScan(4, at(10, 12, 9, 0))
			s.Division = tt.division
			flags := rules.CheckScan(s, trace.ScanContext{Issuance: is, Count: 1})
			if !tt.flag {
				assert.Empty(t, flags)
				return
			}
			require.Equal(t, []trace.RuleKind{trace.RuleOutsideDestination}, rulesOf(t, flags))
			assert.Equal(t, tt.division, flags[0].Evidence.Division)
			assert.Equal(t, tt.destinations, flags[0].Evidence.Destinations)
		})
	}
}

func TestUnknownBurstRule(t *testing.T) {
	rules := trace.Rules{UnknownBurst: trace.UnknownBurstRule{Count: 3, Window: time.Minute}}
	failed := func(status trace.ScanStatus, client string) *trace.Scan {
		s := &trace.Scan{ID: 7, Text: "XXXX", Status: status, At: at(10, 12, 9, 0), Client: client}
		if status == trace.Unissued {
			s.EPC = epc
		}
		return s
	}
	tests := []struct {
		name     string
		scan     *trace.Scan
		failures []int64
		flag     bool
	}{
		{"below count", failed(trace.Malformed, "c1"), []int64{5, 7}, false},
		{"at count", failed(trace.Malformed, "c1"), []int64{5, 6, 7}, true},
		{"unissued at count", failed(trace.Unissued, "c1"), []int64{5, 6, 7}, true},
		{"past count", failed(trace.Malformed, "c1"), []int64{4, 5, 6, 7}, false},
		{"known scan", knownScan(7, at(10, 12, 9, 0)), []int64{5, 6, 7}, false},
		{"no client", failed(trace.Malformed, ""), []int64{5, 6, 7}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			flags := rules.CheckScan(tt.scan, trace.ScanContext{ClientFailures: tt.failures})
			if !tt.flag {
				assert.Empty(t, flags)
				return
			}
			require.Equal(t, []trace.RuleKind{trace.RuleUnknownBurst}, rulesOf(t, flags))
			f := flags[0]
			assert.Empty(t, f.EPC)
			assert.Equal(t, "c1", f.Client)
			assert.Equal(t, tt.failures, f.Evidence.Scans)
			assert.Equal(t, time.Minute, f.Evidence.Window)
		})
	}
}

func TestSecondSaleRule(t *testing.T) {
	first, second := at(10, 12, 9, 0), at(10, 13, 15, 0)
	var rules trace.Rules
	one := &trace.CodeState{EPC: epc, Issuance: "I-2024-0001", Sales: 1, FirstSale: first, LastSale: first}
	assert.Empty(t, rules.CheckSale(one, first, nil))

	two := &trace.CodeState{EPC: epc, Issuance: "I-2024-0001", Sales: 2, FirstSale: first, LastSale: second,
		LastSalePlace: "650102"}
	flags := rules.CheckSale(two, second, nil)
	require.Equal(t, []trace.RuleKind{trace.RuleSecondSale}, rulesOf(t, flags))
	assert.Equal(t, trace.Critical, flags[0].Severity)
	assert.Equal(t, []time.Time{first, second}, flags[0].Evidence.Sales)
	assert.Equal(t, 2, flags[0].Evidence.Count)

	rules.SecondSale.Off = true
	assert.Empty(t, rules.CheckSale(two, second, nil))
}

func TestRulesJSON(t *testing.T) {
	var rules trace.Rules
	data := `{"scanCount":{"threshold":5,"severity":"major"},"travel":{"off":true},
		"unknownBurst":{"count":4,"window":60000000000}}`
	require.NoError(t, json.Unmarshal([]byte(data), &rules))
	require.NoError(t, rules.Validate())
	got := rules.WithDefaults()
	assert.Equal(t, 5, got.ScanCount.Threshold)
	assert.Equal(t, trace.Major, got.ScanCount.Severity)
	assert.True(t, got.Travel.Off)
	assert.Equal(t, time.Minute, got.UnknownBurst.Window)
	assert.Equal(t, trace.DefaultActivationGrace, got.Activation.Grace)
}

func TestRulesValidate(t *testing.T) {
	rules := trace.Rules{ScanCount: trace.ScanCountRule{Threshold: -1},
		Travel: trace.TravelRule{MaxSpeedKmh: -5}, SecondSale: trace.SecondSaleRule{Severity: 9}}
	err := rules.Validate()
	fieldOf(t, err, "scanCount.threshold")
	fieldOf(t, err, "travel.maxSpeedKmh")
	fieldOf(t, err, "secondSale.severity")
}
