package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/iot/alarm"
	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/poll"
	"github.com/shuxiang/shuxiang/iot/profile"
	"github.com/shuxiang/shuxiang/iot/szy206"
	"github.com/shuxiang/shuxiang/iot/szy206/szy206sim"
	"github.com/shuxiang/shuxiang/iot/uplink"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// demoRules is the rule set that the demo's gateways run at the edge and the
// server runs again centrally, stored when the database holds none.
const demoRules = `[
  {"field": "soil_moisture", "devices": ["SM-*"], "scale": 1,
   "rules": [{"id": "soil_dry", "kind": "low", "severity": "warning", "set": 12.0, "clear": 15.0,
              "message": "soil too dry: irrigate"}]},
  {"field": "air_temperature", "devices": ["WS-*"], "scale": 1,
   "rules": [{"id": "frost", "kind": "low", "severity": "major", "set": -2.0, "clear": 0.0,
              "message": "frost at the weather station"}]}
]`

// demoWatch returns the alarm and device settings of the demo, so that its
// alarms fire within a minute or two of the start. The rules run every 10 s,
// a meter is silent after a minute, and a device goes offline after three
// intervals, at least 15 s. The terminals are queried every 30 s, and the
// water-electricity rules look at an hour from 1 kWh on.
func demoWatch(f watchFlags) watchFlags {
	f.rulesEvery = 10 * time.Second
	f.silentAfter = time.Minute
	f.minSilence = 15 * time.Second
	f.terminalPoll = 30 * time.Second
	f.options.RatioMinEnergy = decimal.NewFromInt(1)
	return f
}

// prepareDemoField gives the register the demo's terminals as card
// controllers, which a database loaded by an older demo lacks, and stores
// the demo's rule set when the database holds none.
func prepareDemoField(ctx context.Context, sf storageFlags, c *demo.County, log *slog.Logger) error {
	a, err := openApp(ctx, sf, log)
	if err != nil {
		return err
	}
	defer a.close()
	for _, term := range c.Devices().Terminals {
		w, err := a.water.Well(ctx, term.Well)
		if err != nil {
			return fmt.Errorf("read demo well %s: %w", term.Well, err)
		}
		if hasMeter(w.Meters, term.Meter) {
			continue
		}
		for _, g := range c.Wells {
			if g.Code == term.Well {
				w.Meters = g.Meters
			}
		}
		if err := a.water.PutWell(ctx, w); err != nil {
			return fmt.Errorf("attach terminal %s to well %s: %w", term.Meter, term.Well, err)
		}
		log.Info("demo terminal attached", "well", term.Well, "meter", term.Meter)
	}
	_, err = a.county.Setting(ctx, alarms.RulesSetting)
	if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	groups, err := alarms.ParseRules([]byte(demoRules))
	if err != nil {
		return err
	}
	data, err := json.Marshal(groups)
	if err != nil {
		return err
	}
	return a.county.PutSetting(ctx, &store.Setting{Name: alarms.RulesSetting, Value: data})
}

func hasMeter(ms []water.Meter, id water.MeterID) bool {
	for _, m := range ms {
		if m.ID == id {
			return true
		}
	}
	return false
}

// cst is China Standard Time, the clock of the simulated terminals.
var cst = time.FixedZone("CST", 8*3600)

// runTerminals keeps each demo terminal connected to the centre station until
// ctx ends. A terminal reports every interval, at least every second, with a
// flow that adds at least 1 m³ to its register per report. The Silent one
// stops after a minute, and the Tamper one reports its box door open.
func runTerminals(ctx context.Context, centreAddr string, terms []demo.Terminal, interval time.Duration, log *slog.Logger) {
	every := max(interval, time.Second)
	var wg sync.WaitGroup
	for _, term := range terms {
		addr, err := szy206.NewAddress(string(demo.CountyCode), term.Station)
		if err != nil {
			log.Error("demo terminal address", "meter", term.Meter, "err", err)
			continue
		}
		wg.Go(func() {
			tctx := ctx
			if term.Scenario == demo.Silent {
				var cancel context.CancelFunc
				tctx, cancel = context.WithTimeout(ctx, time.Minute)
				defer cancel()
			}
			for tctx.Err() == nil {
				t := &szy206sim.Terminal{Address: addr, Interval: every, Heartbeat: 4 * every, Flow: terminalFlow(every),
					Remaining: 5000, AlarmLevel: 100, Now: func() time.Time { return time.Now().In(cst) },
					Faults: szy206sim.Faults{BoxDoorOpen: term.Scenario == demo.Tamper}}
				if err := t.Dial(tctx, centreAddr); err != nil && tctx.Err() == nil {
					log.Debug("demo terminal disconnected", "meter", term.Meter, "err", err)
				}
				select {
				case <-tctx.Done():
				case <-time.After(time.Second):
				}
			}
		})
	}
	wg.Wait()
}

// terminalFlow returns the flow in thousandths of m³/s that adds at least
// 1 m³ to a terminal's whole-m³ register in every report of period every.
func terminalFlow(every time.Duration) int64 {
	secs := int64(every / time.Second)
	return (1000 + secs - 1) / secs
}

// energyRate returns the hundredths of a kWh per second that a terminal's
// well draws: its water per second over the coefficient, twice that for the
// Mismatch scenario, and 0.02 kWh/s for a well without a coefficient.
func energyRate(term demo.Terminal, every time.Duration) decimal.Decimal {
	m3PerSecond := decimal.New(terminalFlow(every), -3)
	rate := decimal.New(2, 0)
	if term.Coefficient.IsPositive() {
		rate = m3PerSecond.Div(term.Coefficient).Mul(decimal.NewFromInt(100))
	}
	if term.Scenario == demo.Mismatch {
		rate = rate.Mul(decimal.NewFromInt(2))
	}
	return rate
}

// busDevice is one slave on a village's simulated RS-485 bus.
type busDevice struct {
	id      string
	unit    uint8
	program *profile.Program
	table   *modbussim.Table
	values  func(now time.Time, field string) (profile.Value, bool)
}

// villageGateway is the in-process field gateway of one village: its
// Modbus bus served on loopback by iot/modbus/modbussim, polled by iot/poll
// with iot/profile profiles, and its messages queued in an iot/outbox that
// iot/uplink drains to the broker, as apps/gateway does.
type villageGateway struct {
	village  land.DivisionCode
	group    string
	gateway  string
	box      *outbox.Outbox
	devices  []*busDevice
	points   map[string]*alarm.Point // by device and field, the edge rules
	groups   []alarms.RuleGroup
	mu       sync.Mutex // guards points
	log      *slog.Logger
	interval time.Duration
}

// runVillage runs the gateway of village until ctx ends: the weather station
// and soil probes of mods and the electricity meters of terms on the bus,
// and every interval the flow_total register of wells.
func runVillage(ctx context.Context, dataDir, brokerURL, secret string, village land.DivisionCode, mods []demo.ModbusDevice,
	terms []demo.Terminal, wells []demo.WellDevices, interval time.Duration, log *slog.Logger) error {
	g := &villageGateway{village: village, points: map[string]*alarm.Point{}, log: log, interval: max(interval, time.Second)}
	g.group, g.gateway = demoGateway(village)
	account, err := gatewayAccount(g.group, g.gateway)
	if err != nil {
		return err
	}
	if g.groups, err = alarms.ParseRules([]byte(demoRules)); err != nil {
		return err
	}
	dir := filepath.Join(dataDir, "demo-gateways", string(village))
	if g.box, err = outbox.Open(dir, outbox.Options{MaxBytes: 64 << 20, SegmentBytes: 4 << 20}); err != nil {
		return fmt.Errorf("demo gateway %s: %w", g.gateway, err)
	}
	defer g.box.Close()
	if err := g.addDevices(mods, terms); err != nil {
		return err
	}
	up, err := uplink.New(g.box, uplink.Config{Broker: brokerURL, Group: g.group, Gateway: g.gateway,
		Username: account, Password: secret, ReconnectMax: 5 * time.Second})
	if err != nil {
		return err
	}
	var sched *poll.Scheduler
	if len(g.devices) > 0 {
		sim := g.simulator()
		if err := sim.Listen("127.0.0.1:0"); err != nil {
			return fmt.Errorf("demo gateway %s: start the bus simulator: %w", g.gateway, err)
		}
		defer sim.Close()
		tr := &client.TCPTransporter{Address: sim.Addr(), Timeout: 2 * time.Second}
		defer tr.Close()
		var pd []poll.Device
		for _, d := range g.devices {
			pd = append(pd, poll.Device{ID: d.id, Reader: client.NewTCP(tr, d.unit), Program: d.program, Interval: g.interval})
		}
		sink := poll.SinkFunc(func(r *poll.Reading) { g.reading(ctx, r) })
		if sched, err = poll.New(pd, sink, poll.Options{}); err != nil {
			return err
		}
	}
	var wg sync.WaitGroup
	wg.Go(func() { _ = up.Run(ctx) })
	wg.Go(func() { g.flows(ctx, wells, interval) })
	if sched != nil {
		wg.Go(func() { _ = sched.Run(ctx) })
		wg.Go(func() { g.refresh(ctx) })
	}
	wg.Wait()
	return nil
}

// addDevices compiles the profiles of the bus's devices and gives each its
// simulated values.
func (g *villageGateway) addDevices(mods []demo.ModbusDevice, terms []demo.Terminal) error {
	programs := map[string]*profile.Program{}
	compiled := func(name string) (*profile.Program, error) {
		if p, ok := programs[name]; ok {
			return p, nil
		}
		prof, err := profile.LoadShipped(name)
		if err != nil {
			return nil, err
		}
		p, err := prof.Compile()
		programs[name] = p
		return p, err
	}
	for i, m := range mods {
		prog, err := compiled(m.Profile)
		if err != nil {
			return err
		}
		// The first soil probe of the first township's first village is dry.
		dry := i == 1 && m.Profile == "soil-moisture" && g.village[6:] == "101201"
		g.devices = append(g.devices, &busDevice{id: m.ID, unit: m.UnitID, program: prog,
			table: &modbussim.Table{}, values: fieldValues(m.Profile, dry)})
	}
	prog, err := compiled("electricity-meter")
	if err != nil {
		return err
	}
	for _, term := range terms {
		rate := energyRate(term, g.interval)
		g.devices = append(g.devices, &busDevice{id: string(term.ElectricityMeter), unit: term.UnitID, program: prog,
			table: &modbussim.Table{}, values: meterValues(rate)})
	}
	return nil
}

// simulator returns the bus simulator with every device's registers filled.
func (g *villageGateway) simulator() *modbussim.Server {
	var sims []*modbussim.Device
	now := time.Now()
	for _, d := range g.devices {
		d.fill(now)
		sims = append(sims, &modbussim.Device{Unit: d.unit, Registers: d.table})
	}
	return modbussim.New(modbussim.TCP, sims...)
}

// refresh fills the registers every second until ctx ends.
func (g *villageGateway) refresh(ctx context.Context) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			for _, d := range g.devices {
				d.fill(now)
			}
		}
	}
}

// fill stores the value of every readable field at now; a field without a
// simulated value reads 0.
func (d *busDevice) fill(now time.Time) {
	for _, sp := range d.program.Spans() {
		f := d.program.Field(sp.Field)
		v, ok := d.values(now, f.Name)
		if !ok {
			v = profile.Value{Status: profile.OK}
		}
		var regs []uint16
		var err error
		switch f.Type {
		case profile.Bit:
			if f.Function == modbus.ReadCoils {
				d.table.SetCoils(sp.Address, v.Int != 0)
			} else {
				d.table.SetDiscrete(sp.Address, v.Int != 0)
			}
			continue
		case profile.String:
			regs, err = d.program.EncodeString(nil, sp.Field, demoSerial(d.id, f.Length))
		default:
			regs, err = d.program.Encode(nil, sp.Field, v)
		}
		if err != nil {
			continue
		}
		if f.Function == modbus.ReadInputRegisters {
			d.table.SetInput(sp.Address, regs...)
		} else {
			d.table.SetHolding(sp.Address, regs...)
		}
	}
}

// demoSerial returns the serial number a simulated device reports: "DEMO-"
// and its id, cut from the left to fit a string field of n bytes. A string
// longer than its field cannot be encoded, and its registers would stay
// unset, so the device would answer reads of them with exception 0x02.
func demoSerial(id string, n int) string {
	s := "DEMO-" + id
	if len(s) > n {
		s = s[len(s)-n:]
	}
	return s
}

// fieldValues returns the simulated values of a weather station or soil
// probe: a daily swing of temperature and humidity, steady soil, and a soil
// moisture of 9.5 % when dry.
func fieldValues(profileName string, dry bool) func(time.Time, string) (profile.Value, bool) {
	return func(now time.Time, field string) (profile.Value, bool) {
		local := now.In(cst)
		// A triangle from 0 at 05:00 to 100 at 15:00 and back, in whole percent.
		minute := (local.Hour()*60 + local.Minute() + 24*60 - 5*60) % (24 * 60)
		day := int64(minute * 100 / 600)
		if minute > 600 {
			day = max(0, int64(100-(minute-600)*100/840))
		}
		v := func(i int64) (profile.Value, bool) { return profile.Value{Int: i, Status: profile.OK}, true }
		switch field {
		case "air_temperature":
			return v(40 + day*1) // 4.0 to 14.0 °C
		case "air_humidity":
			return v(700 - day*3) // 70.0 to 40.0 %RH
		case "air_pressure":
			return v(10125)
		case "illuminance":
			return v(day * 800)
		case "wind_speed":
			return v(20 + int64(local.Minute()%10))
		case "wind_direction":
			return v(int64(local.Minute() * 6))
		case "soil_moisture":
			if dry {
				return v(95)
			}
			return v(245)
		case "soil_temperature":
			return v(80 + day/10)
		case "soil_conductivity":
			return v(350)
		case "soil_ph":
			return v(78)
		}
		return profile.Value{}, false
	}
}

// meterValues returns an electricity meter's values: 380 V, the current of a
// pump running, and an import energy register that counts rate hundredths of
// a kWh per second since flowEpoch. The register so keeps counting up across
// restarts of the demo.
func meterValues(rate decimal.Decimal) func(time.Time, string) (profile.Value, bool) {
	return func(now time.Time, field string) (profile.Value, bool) {
		switch field {
		case "import_energy":
			seconds := decimal.NewFromInt(int64(now.Sub(flowEpoch) / time.Second))
			return profile.Value{Int: seconds.Mul(rate).IntPart(), Status: profile.OK}, true
		case "voltage_a", "voltage_b", "voltage_c":
			return profile.Value{Float: 380, Status: profile.OK}, true
		case "current_a", "current_b", "current_c":
			return profile.Value{Float: 45.6, Status: profile.OK}, true
		case "frequency":
			return profile.Value{Float: 50, Status: profile.OK}, true
		case "power_factor":
			return profile.Value{Float: 0.86, Status: profile.OK}, true
		case "ct_ratio":
			return profile.Value{Int: 1, Status: profile.OK}, true
		}
		return profile.Value{}, false
	}
}

// reading queues the telemetry of a poll, its health changes, and the alarm
// events of the edge rules, as apps/gateway's pipeline does. Float and
// string fields are left out, so that every value is exact fixed point.
func (g *villageGateway) reading(ctx context.Context, r *poll.Reading) {
	for _, e := range r.Events {
		if body, err := json.Marshal(e); err == nil {
			g.enqueue(ctx, uplink.Health, body)
		}
	}
	body := fmt.Appendf(nil, `{"device":%q,"ts":%d,"outcome":%q,"values":{`, r.Device, r.End.UnixMilli(), r.Outcome.String())
	n := 0
	var events []alarm.Event
	for i, v := range r.Values {
		f := r.Program.Field(i)
		if v.Status != profile.OK || f.Type == profile.Float32 || f.Type == profile.Float64 || f.Type == profile.String {
			continue
		}
		if n > 0 {
			body = append(body, ',')
		}
		n++
		body = strconv.AppendQuote(body, f.Name)
		body = append(body, ':')
		body = r.Program.AppendValue(body, i, v)
		events = g.edgeRules(events, r.Device, f, v, r.End)
	}
	body = append(body, "}}"...)
	g.enqueue(ctx, uplink.Telemetry, body)
	for _, e := range events {
		data, err := json.Marshal(struct {
			Device string `json:"device"`
			alarm.Event
		}{r.Device, e})
		if err == nil {
			g.enqueue(ctx, uplink.Alarm, data)
		}
	}
}

// edgeRules runs the demo's rule set on a value at the edge.
func (g *villageGateway) edgeRules(dst []alarm.Event, device string, f profile.Field, v profile.Value, at time.Time) []alarm.Event {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := device + "/" + f.Name
	pt, ok := g.points[key]
	if !ok {
		for _, rg := range g.groups {
			if rg.Applies(device, f.Name) && uint8(f.Decimals) == rg.Scale {
				pt, _ = alarm.NewPoint(f.Name, rg.Scale, rg.Rules)
			}
		}
		g.points[key] = pt
	}
	if pt == nil {
		return dst
	}
	return pt.Observe(dst, at, v.Int)
}

// flows queues the flow_total register of each well every interval. A well's
// register counts up at a rate of its own since flowEpoch, so that it keeps
// counting up across restarts of the demo.
func (g *villageGateway) flows(ctx context.Context, wells []demo.WellDevices, interval time.Duration) {
	if len(wells) == 0 {
		return
	}
	tick := time.NewTicker(max(interval, time.Second))
	defer tick.Stop()
	var buf []byte
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			for i, w := range wells {
				// 10 to 25 l/s, in thousandths of a m³.
				rate := int64(10 + (i*7)%16)
				v := now.Sub(flowEpoch).Milliseconds() * rate / 1000
				buf = flowBody(buf[:0], now.UnixMilli(), string(w.Well), v)
				g.enqueue(ctx, uplink.Telemetry, buf)
			}
		}
	}
}

// enqueue appends a message to the gateway's outbox, logging a failure.
func (g *villageGateway) enqueue(ctx context.Context, k uplink.Kind, body []byte) {
	if _, err := uplink.Enqueue(ctx, g.box, k, body); err != nil && ctx.Err() == nil {
		g.log.Warn("demo gateway: queue message", "gateway", g.gateway, "kind", k.String(), "err", err)
	}
}

// flowBody appends the telemetry body of well's flow_total register at value
// thousandths of a m³, read at ms.
func flowBody(dst []byte, ms int64, well string, value int64) []byte {
	dst = append(dst, `{"device":`...)
	dst = strconv.AppendQuote(dst, well)
	dst = append(dst, `,"ts":`...)
	dst = strconv.AppendInt(dst, ms, 10)
	dst = append(dst, `,"outcome":"success","values":{"flow_total":`...)
	dst = strconv.AppendInt(dst, value/1000, 10)
	frac := value % 1000
	dst = append(dst, '.', byte('0'+frac/100), byte('0'+frac/10%10), byte('0'+frac%10))
	return append(dst, `}}`...)
}
