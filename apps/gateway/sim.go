package main

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
	"github.com/shuxiang/shuxiang/iot/profile"
)

// simulation is the set of in-process simulators that stand in for the
// configured devices when the configuration sets simulate.
type simulation struct {
	servers []*modbussim.Server
	tables  []simTable
}

// simTable is the register table of one simulated device and the values it
// serves.
type simTable struct {
	table   *modbussim.Table
	program *profile.Program
	values  map[int]string
	start   time.Time // when counters held their configured values
}

// startSimulation starts one simulator per distinct address of the TCP and
// RTU-over-TCP devices, holding every unit at that address, and points the
// devices at it.
func startSimulation(devices []compiledDevice, log *slog.Logger) (*simulation, error) {
	sim := &simulation{}
	type key struct{ transport, address string }
	groups := map[key][]int{}
	var order []key
	for i, d := range devices {
		k := key{d.cfg.Transport, d.cfg.Address}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	for _, k := range order {
		mode := modbussim.TCP
		if k.transport == "rtu-tcp" {
			mode = modbussim.RTU
		}
		var simDevices []*modbussim.Device
		for _, i := range groups[k] {
			now := time.Now()
			t := simTable{table: &modbussim.Table{}, program: devices[i].program,
				values: devices[i].sim, start: now}
			t.fill(now, true)
			sim.tables = append(sim.tables, t)
			simDevices = append(simDevices, &modbussim.Device{Unit: uint8(devices[i].cfg.Unit), Registers: t.table})
		}
		srv := modbussim.New(mode, simDevices...)
		if err := srv.Listen("127.0.0.1:0"); err != nil {
			sim.close()
			return nil, fmt.Errorf("start simulator for %s: %w", k.address, err)
		}
		sim.servers = append(sim.servers, srv)
		for _, i := range groups[k] {
			devices[i].cfg.Address = srv.Addr()
		}
		log.Info("simulator started", "mode", mode.String(), "address", srv.Addr(), "devices", len(simDevices))
	}
	return sim, nil
}

// run refreshes the simulated values every second until ctx ends.
func (s *simulation) run(ctx context.Context) error {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-tick.C:
			for _, t := range s.tables {
				t.fill(now, false)
			}
		}
	}
}

func (s *simulation) close() {
	for _, srv := range s.servers {
		srv.Close()
	}
}

// fill stores every readable field's value at now: the configured value with
// a slow swing of about 2 % over ten minutes, or 0 for a field without one.
// A counter field rises from its configured value instead (see simAdvance).
// Writable fields are set only on the first fill, so that the gateway's
// writes stay and are read back.
func (t simTable) fill(now time.Time, first bool) {
	swing := math.Sin(2 * math.Pi * float64(now.UnixMilli()%600_000) / 600_000)
	for _, sp := range t.program.Spans() {
		f := t.program.Field(sp.Field)
		if f.Access.Writable() && !first {
			continue
		}
		text, ok := t.values[sp.Field]
		if !ok {
			text = "0"
		}
		if f.Type == profile.Bit {
			on := text != "0" && text != "false"
			if f.Function == modbus.ReadCoils {
				t.table.SetCoils(sp.Address, on)
			} else if f.Function == modbus.ReadDiscreteInputs {
				t.table.SetDiscrete(sp.Address, on)
			}
			continue
		}
		regs, err := simRegisters(t.program, sp.Field, text)
		if err != nil {
			continue
		}
		switch {
		case f.Counter:
			if v, err := simAdvance(t.program, sp.Field, text, now.Sub(t.start)); err == nil {
				regs = v
			}
		case f.Type != profile.String:
			if v, err := simSwing(t.program, sp.Field, text, swing); err == nil {
				regs = v
			}
		}
		if f.Function == modbus.ReadInputRegisters {
			t.table.SetInput(sp.Address, regs...)
		} else {
			t.table.SetHolding(sp.Address, regs...)
		}
	}
}

// simRegisters returns the registers of field i holding the value text.
func simRegisters(prog *profile.Program, i int, text string) ([]uint16, error) {
	f := prog.Field(i)
	switch f.Type {
	case profile.String:
		return prog.EncodeString(nil, i, text)
	case profile.Bit:
		if text != "0" && text != "1" && text != "true" && text != "false" {
			return nil, fmt.Errorf("a bit takes 0, 1, true or false")
		}
		return nil, nil
	case profile.Float32, profile.Float64:
		d, err := profile.ParseDecimal(text)
		if err != nil {
			return nil, err
		}
		return prog.Encode(nil, i, profile.Value{Float: d.Float64(), Status: profile.OK})
	}
	v, err := fixed(f, text)
	if err != nil {
		return nil, err
	}
	return prog.Encode(nil, i, profile.Value{Int: v, Status: profile.OK})
}

// simSwing returns the registers of field i with text moved by swing × 2 %,
// in whole steps of the field's scale, so the value stays encodable.
func simSwing(prog *profile.Program, i int, text string, swing float64) ([]uint16, error) {
	f := prog.Field(i)
	d, err := profile.ParseDecimal(text)
	if err != nil {
		return nil, err
	}
	if f.Type == profile.Float32 || f.Type == profile.Float64 {
		return prog.Encode(nil, i, profile.Value{Float: d.Float64() * (1 + 0.02*swing), Status: profile.OK})
	}
	v, err := fixed(f, text)
	if err != nil {
		return nil, err
	}
	step := int64(1)
	if s, ok := f.Scale.Scaled(f.Decimals); ok && s > 0 {
		step = s
	}
	moved := v + int64(math.Round(float64(v)*0.02*swing/float64(step)))*step
	regs, err := prog.Encode(nil, i, profile.Value{Int: moved, Status: profile.OK})
	if err != nil {
		return prog.Encode(nil, i, profile.Value{Int: v, Status: profile.OK})
	}
	return regs, nil
}

// simAdvance returns the registers of counter field i after elapsed time.
// The value is text plus 1 % of it per hour, and at least one step of the
// field's scale per second (0.001 of the unit for a float field), so it
// rises and never falls. A value that no longer fits the register goes back
// to text, as a real counter drops when it rolls over.
func simAdvance(prog *profile.Program, i int, text string, elapsed time.Duration) ([]uint16, error) {
	f := prog.Field(i)
	seconds := max(elapsed.Seconds(), 0)
	d, err := profile.ParseDecimal(text)
	if err != nil {
		return nil, err
	}

	if f.Type == profile.Float32 || f.Type == profile.Float64 {
		base := d.Float64()
		rate := max(math.Abs(base)*0.01/3600, 0.001)
		regs, err := prog.Encode(nil, i, profile.Value{Float: base + rate*seconds, Status: profile.OK})
		if err != nil {
			return prog.Encode(nil, i, profile.Value{Float: base, Status: profile.OK})
		}
		return regs, nil
	}

	base, err := fixed(f, text)
	if err != nil {
		return nil, err
	}
	step := int64(1)
	if s, ok := f.Scale.Scaled(f.Decimals); ok && s > 0 {
		step = s
	}
	rate := max(math.Abs(float64(base))*0.01/3600, float64(step))
	steps := math.Floor(rate * seconds / float64(step))
	if steps > float64(math.MaxInt64/(2*step)) || base > math.MaxInt64-int64(steps)*step {
		return prog.Encode(nil, i, profile.Value{Int: base, Status: profile.OK})
	}
	regs, err := prog.Encode(nil, i, profile.Value{Int: base + int64(steps)*step, Status: profile.OK})
	if err != nil {
		return prog.Encode(nil, i, profile.Value{Int: base, Status: profile.OK})
	}
	return regs, nil
}

// fixed converts a decimal text to field f's fixed point.
func fixed(f profile.Field, text string) (int64, error) {
	d, err := profile.ParseDecimal(text)
	if err != nil {
		return 0, err
	}
	v, ok := d.Scaled(f.Decimals)
	if !ok {
		return 0, fmt.Errorf("%s has more than %d decimal places", text, f.Decimals)
	}
	return v, nil
}
