package main

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// TestDemoDevicesFillEverySpan checks that a simulated device of each profile
// the demo runs has a value in every register and bit its profile polls, so
// that no poll of a demo device ends in exception 0x02.
func TestDemoDevicesFillEverySpan(t *testing.T) {
	soil := fieldValues("soil-moisture", false)
	cases := []struct {
		profile string
		id      string
		values  func(time.Time, string) (profile.Value, bool)
	}{
		{"weather-station", "654229000101", fieldValues("weather-station", false)},
		{"soil-moisture", "654229000102", soil},
		{"electricity-meter", "654229000001", meterValues(decimal.NewFromInt(2))},
	}
	for _, c := range cases {
		t.Run(c.profile, func(t *testing.T) {
			prof, err := profile.LoadShipped(c.profile)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := prof.Compile()
			if err != nil {
				t.Fatal(err)
			}
			d := &busDevice{id: c.id, unit: 1, program: prog, table: &modbussim.Table{}, values: c.values}
			d.fill(time.Date(2026, 7, 1, 4, 0, 0, 0, time.UTC))
			for _, sp := range prog.Spans() {
				name := prog.Field(sp.Field).Name
				for k := range sp.Count {
					addr := sp.Address + uint16(k)
					var ok bool
					if sp.Function == modbus.ReadCoils || sp.Function == modbus.ReadDiscreteInputs {
						_, ok = d.table.Coil(sp.Function, addr)
					} else {
						_, ok = d.table.Register(sp.Function, addr)
					}
					if !ok {
						t.Errorf("field %s: address %#04x of function %d is not filled", name, addr, sp.Function)
					}
				}
			}
		})
	}
}

func TestDemoSerial(t *testing.T) {
	tests := []struct {
		id   string
		n    int
		want string
	}{
		{"7", 12, "DEMO-7"},
		{"654229000001", 12, "654229000001"},
		{"654229000001", 17, "DEMO-654229000001"},
	}
	for _, tt := range tests {
		if got := demoSerial(tt.id, tt.n); got != tt.want {
			t.Errorf("demoSerial(%q, %d) = %q, want %q", tt.id, tt.n, got, tt.want)
		}
	}
}
