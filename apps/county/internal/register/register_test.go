package register_test

import (
	"context"
	"testing"

	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

func loadIndex(t testing.TB) *register.Index {
	t.Helper()
	ctx := context.Background()
	st := water.NewMemoryStore(nil)
	w := &water.WellRecord{Well: water.Well{Code: "654229-J0001", Kind: water.PumpedWell, Name: "1号井",
		Location: water.Point{Lon: 83.3, Lat: 44.8}, Division: "654229101201", Source: water.ShallowGroundwater,
		Use: water.Agriculture, Meters: []water.Meter{
			{Kind: water.ElectricityMeter, ID: "654229000001"},
			{Kind: water.CardController, ID: "654229/1"},
		}}}
	if err := st.PutWell(ctx, w); err != nil {
		t.Fatal(err)
	}
	r := &water.ReservoirRecord{Reservoir: water.Reservoir{Code: "654229-SK01", Name: "青杨水库",
		Location: water.Point{Lon: 83.3, Lat: 44.8}, Division: "654229101",
		Points: []water.MeasuringPoint{{Code: "654229-SK01-P1", Name: "坝前", Location: water.Point{Lon: 83.3, Lat: 44.8},
			Method: water.LevelGauge, Meter: "6542290001"}}}}
	if err := st.PutReservoir(ctx, r); err != nil {
		t.Fatal(err)
	}
	var x register.Index
	if err := x.Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	return &x
}

func TestIndexMeter(t *testing.T) {
	x := loadIndex(t)
	tests := []struct {
		name, device, field string
		want                string
		ok                  bool
	}{
		{"gateway flow by well code", "654229-J0001", "flow_total", "654229-J0001 water 654229-J0001", true},
		{"terminal water by meter id", "654229/1", "water_total", "654229-J0001 water 654229/1", true},
		{"electricity meter energy", "654229000001", "import_energy", "654229-J0001 energy 654229000001", true},
		{"unregistered well code", "654229-J0099", "flow_total", "654229-J0099 water 654229-J0099", true},
		{"unregistered energy meter", "654229000099", "import_energy", "", false},
		{"not a register", "654229000001", "voltage_a", "", false},
		{"invalid well code", "ws 1", "flow_total", "", false},
		{"unattached terminal", "654229/9", "water_total", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, cfg, ok := x.Meter(tt.device, tt.field)
			if ok != tt.ok || name != tt.want {
				t.Fatalf("got %q, %v, want %q, %v", name, ok, tt.want, tt.ok)
			}
			if ok && cfg.Scale != register.Scale {
				t.Errorf("scale: got %d, want %d", cfg.Scale, register.Scale)
			}
			if !ok {
				return
			}
			well, q, dev, parsed := register.ParseMeterName(name)
			if !parsed || string(well)+" "+string(q)+" "+dev != name {
				t.Errorf("ParseMeterName(%q): got %q %q %q %v", name, well, q, dev, parsed)
			}
		})
	}
}

func TestIndexDivisions(t *testing.T) {
	x := loadIndex(t)
	cases := map[string]land.DivisionCode{
		"654229/1":     "654229101201",
		"654229-J0001": "654229101201",
		"6542290001":   "654229101",
		"unknown":      "",
	}
	for device, want := range cases {
		if got := x.Division(device); got != want {
			t.Errorf("Division(%s): got %q, want %q", device, got, want)
		}
	}
	if k, ok := x.MeterKind("654229/1"); !ok || k != water.CardController {
		t.Errorf("MeterKind: got %v, %v, want card-controller", k, ok)
	}
	if _, _, ok := x.Meter("654229/1", "water_total"); !ok {
		t.Fatal("the terminal's water is not metered")
	}
	x.Put(&water.Well{Code: "654229-J0001", Division: "654229101202"})
	if _, ok := x.WellOf("654229/1"); ok {
		t.Error("meter still attached after Put without meters")
	}
	if _, _, ok := x.Meter("654229/1", "water_total"); ok {
		t.Error("the detached terminal's water is still metered")
	}
	if got := x.Division("654229-J0001"); got != "654229101202" {
		t.Errorf("division after Put: got %s", got)
	}
	if _, _, _, ok := register.ParseMeterName("654229-J0001"); ok {
		t.Error("ParseMeterName accepted a name without quantity")
	}
}

func BenchmarkIndexMeter(b *testing.B) {
	x := loadIndex(b)
	x.Meter("654229/1", "water_total")
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := x.Meter("654229/1", "water_total"); !ok {
			b.Fatal("not a register")
		}
	}
}

func TestIndexMeterAllocations(t *testing.T) {
	x := loadIndex(t)
	x.Meter("654229000001", "import_energy")
	allocs := testing.AllocsPerRun(100, func() { x.Meter("654229000001", "import_energy") })
	if allocs != 0 {
		t.Errorf("Meter of a known register: got %.0f allocations, want 0", allocs)
	}
}

// BenchmarkRegistryID looks a metering name up in a metering.Registry, the
// map lookup that the ingest does next, the baseline of BenchmarkIndexMeter.
func BenchmarkRegistryID(b *testing.B) {
	var reg metering.Registry
	name := register.MeterName("654229-J0001", register.Water, "654229/1")
	if _, err := reg.Add(name); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := reg.ID(name); !ok {
			b.Fatal("not registered")
		}
	}
}
