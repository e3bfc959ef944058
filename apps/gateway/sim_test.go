package main

import (
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// readSim decodes the value of field name from the simulator's table.
func readSim(t *testing.T, st simTable, name string) profile.Value {
	t.Helper()
	i, ok := st.program.Index(name)
	if !ok {
		t.Fatalf("no field %s", name)
	}
	f := st.program.Field(i)
	regs := make([]uint16, f.Count())
	for k := range regs {
		v, ok := st.table.Register(f.Function, f.Address+uint16(k))
		if !ok {
			t.Fatalf("%s: register %d not set", name, f.Address+uint16(k))
		}
		regs[k] = v
	}
	out := make([]profile.Value, st.program.Len())
	if _, err := st.program.DecodeRegisters(f.Function, f.Address, regs, out); err != nil {
		t.Fatal(err)
	}
	return out[i]
}

// TestSimCountersRise fills a simulated electricity meter over twenty
// minutes, a full swing period and more, and checks that the energy
// counters rise at every step while the voltage still swings.
func TestSimCountersRise(t *testing.T) {
	prof, err := profile.LoadShipped("electricity-meter")
	if err != nil {
		t.Fatal(err)
	}
	prog, err := prof.Compile()
	if err != nil {
		t.Fatal(err)
	}
	values := map[int]string{}
	for name, v := range map[string]string{"import_energy": "10234.56", "total_energy_wh": "0",
		"total_energy": "10234.5", "voltage_a": "230"} {
		i, _ := prog.Index(name)
		values[i] = v
	}
	start := time.Date(2026, 6, 21, 6, 0, 0, 0, time.UTC)
	st := simTable{table: &modbussim.Table{}, program: prog, values: values, start: start}

	last := map[string]profile.Value{}
	voltages := map[float64]bool{}
	for step := range 1200 {
		st.fill(start.Add(time.Duration(step)*time.Second), step == 0)
		for _, name := range []string{"import_energy", "total_energy_wh", "total_energy"} {
			v := readSim(t, st, name)
			if v.Status != profile.OK {
				t.Fatalf("step %d: %s status %v", step, name, v.Status)
			}
			prev, seen := last[name]
			if seen && (v.Int < prev.Int || v.Float < prev.Float) {
				t.Fatalf("step %d: %s fell from %+v to %+v", step, name, prev, v)
			}
			last[name] = v
		}
		voltages[readSim(t, st, "voltage_a").Float] = true
	}

	// Over 20 minutes: 1 % of 10234.56 kWh per hour is 34.1 kWh, and a
	// counter at 0 rises by at least one step a second.
	if got := last["import_energy"].Int; got < 1023456+3400 {
		t.Errorf("import_energy after 20 min = %d (0.01 kWh), want at least %d", got, 1023456+3400)
	}
	if got := last["total_energy_wh"].Int; got < 1199 {
		t.Errorf("total_energy_wh after 20 min = %d Wh, want at least 1199", got)
	}
	if len(voltages) < 10 {
		t.Errorf("voltage_a took %d values, want it to swing", len(voltages))
	}
	if _, ok := st.table.Register(modbus.ReadHoldingRegisters, 0x0100); !ok {
		t.Error("import_energy register not set")
	}
}
