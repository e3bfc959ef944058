package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/iot/control"
	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/poll"
	"github.com/shuxiang/shuxiang/iot/profile"
	"github.com/shuxiang/shuxiang/iot/solar"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

// ControlConfig wires one greenhouse controller of package control to the
// polled devices: which fields feed it and which registers its commands
// write. An empty Device turns control off.
type ControlConfig struct {
	// Device is the greenhouse controller's device id. Its fields give the
	// inside temperature and the blanket feedback, and its command fields
	// receive the vent and blanket commands.
	Device string        `yaml:"device"`
	Zone   string        `yaml:"zone"` // time zone of the schedule, such as Asia/Urumqi
	Lat    float64       `yaml:"latitude"`
	Lon    float64       `yaml:"longitude"`
	Step   time.Duration `yaml:"step"` // time between controller steps; default 5s

	// Inside is the field of Device with the air temperature at the crop, in °C.
	Inside string `yaml:"inside_field"`

	Weather  ControlWeather   `yaml:"weather"`
	Climate  ControlClimate   `yaml:"climate"`
	Schedule ControlSchedule  `yaml:"schedule"`
	Vents    []ControlVent    `yaml:"vents"`
	Blankets []ControlBlanket `yaml:"blankets"`
}

// ControlWeather names the weather station fields of the interlocks. Rain is
// any nonzero value of the rain field. Wind is in m/s, light in lux and
// temperature in °C.
type ControlWeather struct {
	Device        string        `yaml:"device"`
	Rain          string        `yaml:"rain_field"`
	Wind          string        `yaml:"wind_field"`
	Light         string        `yaml:"light_field"`
	Temperature   string        `yaml:"temperature_field"`
	MaxWind       string        `yaml:"max_wind"` // m/s, default 10.8
	HoldOff       time.Duration `yaml:"hold_off"`
	IgnoreMissing bool          `yaml:"ignore_missing"`
}

// ControlClimate is the crop's temperature band, in °C.
type ControlClimate struct {
	Min       string        `yaml:"min"`
	Max       string        `yaml:"max"`
	Deadband  string        `yaml:"deadband"`
	MinOpen   time.Duration `yaml:"min_open"`
	MinClosed time.Duration `yaml:"min_closed"`
}

// ControlSchedule offsets the blanket moves from sunrise and sunset.
type ControlSchedule struct {
	UpOffset   time.Duration `yaml:"up_offset"`
	DownOffset time.Duration `yaml:"down_offset"`
}

// ControlVent is one vent and the register value of each action.
type ControlVent struct {
	Name    string `yaml:"name"`
	Command string `yaml:"command_field"`
	Open    int64  `yaml:"open"`
	Close   int64  `yaml:"close"`
}

// ControlBlanket is one blanket motor: its command register values and its
// feedback fields (position in percent, limit switches as bits).
type ControlBlanket struct {
	Name       string        `yaml:"name"`
	Command    string        `yaml:"command_field"`
	RollUp     int64         `yaml:"roll_up"`
	RollDown   int64         `yaml:"roll_down"`
	Stop       int64         `yaml:"stop"`
	Position   string        `yaml:"position_field"`
	UpLimit    string        `yaml:"up_limit_field"`
	DownLimit  string        `yaml:"down_limit_field"`
	MaxRunTime time.Duration `yaml:"max_run_time"`
}

// fieldRef is a field of a polled device.
type fieldRef struct {
	device string
	field  int
	prog   *profile.Program
}

// compiledControl is a checked ControlConfig.
type compiledControl struct {
	cfg       control.Config
	step      time.Duration
	device    string
	inside    fieldRef
	weather   [4]fieldRef // rain, wind, light, temperature; device "" when unset
	actuators map[string]actuator
	blankets  []blanketRefs
}

// actuator is the command register of a vent or blanket and its values.
type actuator struct {
	field  int
	values map[control.Action]int64
}

type blanketRefs struct {
	name                   string
	position, upper, lower fieldRef
}

// compileControl checks the control section against the compiled devices.
func compileControl(ck *checker, cc ControlConfig, devices []compiledDevice) *compiledControl {
	if cc.Device == "" {
		return nil
	}
	progs := map[string]*profile.Program{}
	for _, d := range devices {
		progs[d.cfg.ID] = d.program
	}
	out := &compiledControl{device: cc.Device, step: cc.Step, actuators: map[string]actuator{}}
	if out.step == 0 {
		out.step = 5 * time.Second
	}
	prog := progs[cc.Device]
	if prog == nil {
		ck.add("control.device", cc.Device, "not found: name one of the devices")
		return nil
	}
	ref := func(path, device, name string, optional bool) fieldRef {
		if name == "" {
			if !optional {
				ck.add(path, "", "missing: name a field of device %s", device)
			}
			return fieldRef{}
		}
		p := progs[device]
		if p == nil {
			ck.add(path, name, "device %q not found", device)
			return fieldRef{}
		}
		i, ok := p.Index(name)
		if !ok {
			ck.add(path, name, "not found in the profile of device %s", device)
			return fieldRef{}
		}
		return fieldRef{device: device, field: i, prog: p}
	}

	zone, err := time.LoadLocation(cc.Zone)
	if err != nil || cc.Zone == "" {
		ck.add("control.zone", cc.Zone, "invalid: use an IANA time zone such as Asia/Urumqi or Asia/Shanghai")
	}
	out.inside = ref("control.inside_field", cc.Device, cc.Inside, false)
	w := cc.Weather
	for k, name := range []string{w.Rain, w.Wind, w.Light, w.Temperature} {
		keys := [...]string{"rain_field", "wind_field", "light_field", "temperature_field"}
		out.weather[k] = ref("control.weather."+keys[k], w.Device, name, true)
	}
	cfg := control.Config{
		Place:    solar.Place{Lat: cc.Lat, Lon: cc.Lon},
		Zone:     zone,
		Schedule: control.Schedule{UpOffset: cc.Schedule.UpOffset, DownOffset: cc.Schedule.DownOffset},
		Weather:  control.WeatherLimits{HoldOff: w.HoldOff, IgnoreMissing: w.IgnoreMissing},
	}
	if w.MaxWind != "" {
		cfg.Weather.MaxWind = control.DeciMetresPerSecond(decimalAt(ck, "control.weather.max_wind", w.MaxWind, 1))
	}
	cl := cc.Climate
	cfg.Climate = control.Climate{
		Min:      control.DeciCelsius(decimalAt(ck, "control.climate.min", cl.Min, 1)),
		Max:      control.DeciCelsius(decimalAt(ck, "control.climate.max", cl.Max, 1)),
		Deadband: control.DeciCelsius(decimalAt(ck, "control.climate.deadband", cl.Deadband, 1)),
		MinOpen:  cl.MinOpen, MinClosed: cl.MinClosed,
	}
	for i, v := range cc.Vents {
		path := fmt.Sprintf("control.vents[%d]", i)
		r := ref(path+".command_field", cc.Device, v.Command, false)
		checkWritable(ck, path+".command_field", r)
		cfg.Vents = append(cfg.Vents, v.Name)
		out.actuators[v.Name] = actuator{field: r.field,
			values: map[control.Action]int64{control.Open: v.Open, control.Close: v.Close}}
	}
	for i, b := range cc.Blankets {
		path := fmt.Sprintf("control.blankets[%d]", i)
		r := ref(path+".command_field", cc.Device, b.Command, false)
		checkWritable(ck, path+".command_field", r)
		cfg.Blankets = append(cfg.Blankets, control.BlanketConfig{Target: b.Name, MaxRunTime: b.MaxRunTime})
		out.actuators[b.Name] = actuator{field: r.field, values: map[control.Action]int64{
			control.RollUp: b.RollUp, control.RollDown: b.RollDown, control.Stop: b.Stop}}
		out.blankets = append(out.blankets, blanketRefs{
			name:     b.Name,
			position: ref(path+".position_field", cc.Device, b.Position, true),
			upper:    ref(path+".up_limit_field", cc.Device, b.UpLimit, true),
			lower:    ref(path+".down_limit_field", cc.Device, b.DownLimit, true),
		})
	}
	if len(ck.errs) > 0 {
		return nil
	}
	if _, err := control.New(cfg); err != nil {
		ck.add("control", "", "%v", err)
		return nil
	}
	out.cfg = cfg
	return out
}

func checkWritable(ck *checker, path string, r fieldRef) {
	if r.prog == nil {
		return
	}
	f := r.prog.Field(r.field)
	if !f.Access.Writable() || f.Type == profile.String {
		ck.add(path, f.Name, "not writable: use a field with access write or readwrite")
	}
}

// decimalAt parses a decimal text as fixed point with places decimals.
func decimalAt(ck *checker, path, text string, places int) int64 {
	if text == "" {
		return 0
	}
	d, err := profile.ParseDecimal(text)
	if err == nil {
		if v, ok := d.Scaled(places); ok {
			return v
		}
	}
	ck.add(path, text, "invalid: use a decimal with at most %d decimal places", places)
	return 0
}

// controlLoop runs the controller against the latest polled values.
type controlLoop struct {
	cc      *compiledControl
	ctrl    *control.Controller
	writer  *client.Client // the controller device's client
	prog    *profile.Program
	commit  *committer
	log     *slog.Logger
	mu      sync.Mutex // guards ctrl and latest
	latest  map[string][]profile.Value
	scratch []control.BlanketFeedback
}

func newControlLoop(cc *compiledControl, writer *client.Client, prog *profile.Program, commit *committer, log *slog.Logger) (*controlLoop, error) {
	ctrl, err := control.New(cc.cfg)
	if err != nil {
		return nil, err
	}
	return &controlLoop{cc: cc, ctrl: ctrl, writer: writer, prog: prog, commit: commit, log: log,
		latest: map[string][]profile.Value{}}, nil
}

// observe keeps the values of a reading of a device the controller reads.
func (l *controlLoop) observe(device string, values []profile.Value) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.latest[device] = append(l.latest[device][:0], values...)
}

// value returns a field's latest value rescaled to places decimals.
func (l *controlLoop) value(r fieldRef, places int) (int64, bool) {
	if r.prog == nil {
		return 0, false
	}
	vs := l.latest[r.device]
	if r.field >= len(vs) {
		return 0, false
	}
	f := r.prog.Field(r.field)
	v, ok := alarmValue(f, vs[r.field])
	if !ok {
		return 0, false
	}
	for d := f.Decimals; d < places; d++ {
		v *= 10
	}
	for d := f.Decimals; d > places; d-- {
		v /= 10
	}
	return v, true
}

func (l *controlLoop) inputs() control.Inputs {
	var in control.Inputs
	in.Inside, in.InsideValid = deci(l.value(l.cc.inside, 1))
	rain, rainOK := l.value(l.cc.weather[0], 0)
	wind, windOK := l.value(l.cc.weather[1], 1)
	light, lightOK := l.value(l.cc.weather[2], 0)
	temp, tempOK := l.value(l.cc.weather[3], 1)
	in.Weather = control.Weather{
		Rain: rain != 0, RainValid: rainOK,
		Wind: control.DeciMetresPerSecond(wind), WindValid: windOK,
		Light: control.Lux(light), LightValid: lightOK,
		Temperature: control.DeciCelsius(temp), TemperatureValid: tempOK,
	}
	l.scratch = l.scratch[:0]
	for _, b := range l.cc.blankets {
		pos, ok := l.value(b.position, 0)
		if !ok {
			continue
		}
		up, _ := l.value(b.upper, 0)
		down, _ := l.value(b.lower, 0)
		l.scratch = append(l.scratch, control.BlanketFeedback{Target: b.name,
			Position: control.Permille(pos * 10), UpperLimit: up != 0, LowerLimit: down != 0})
	}
	in.Blankets = l.scratch
	return in
}

func deci(v int64, ok bool) (control.DeciCelsius, bool) { return control.DeciCelsius(v), ok }

// run steps the controller every step until ctx ends and writes its commands.
func (l *controlLoop) run(ctx context.Context) error {
	t := time.NewTicker(l.cc.step)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case now := <-t.C:
			l.mu.Lock()
			out := l.ctrl.Step(now, l.inputs())
			cmds := append([]control.Command(nil), out.Commands...)
			results := append([]control.Result(nil), out.Results...)
			l.mu.Unlock()
			for _, c := range cmds {
				l.send(ctx, now, c)
			}
			for _, r := range results {
				l.publish("result", resultOf(r))
			}
		}
	}
}

// send writes one command to its actuator's register. A write that ctx
// cuts short is logged and published as failed.
func (l *controlLoop) send(ctx context.Context, now time.Time, c control.Command) {
	if c.Expired(now) {
		return
	}
	a := l.cc.actuators[c.Target]
	v, ok := a.values[c.Action]
	if !ok {
		l.log.Error("control command has no register value", "target", c.Target, "action", c.Action.String())
		return
	}
	// NOTE: a failed write is logged and published, but the controller is
	// not notified, so it counts the actuator as commanded until its next
	// command or, for a blanket, the next position read back.
	err := l.write(ctx, a.field, v)
	l.log.Info("control command", "id", c.ID, "target", c.Target, "action", c.Action.String(),
		"cause", c.Cause.String(), "value", v, "err", err)
	l.publish("command", commandJSON{ID: c.ID, Target: c.Target, Action: c.Action.String(),
		Cause: c.Cause.String(), Issued: c.Issued, Expires: c.Expires, Value: v, Error: errText(err)})
}

// commandJSON is the telemetry form of a command the gateway wrote.
type commandJSON struct {
	ID      string    `json:"id"`
	Target  string    `json:"target"`
	Action  string    `json:"action"`
	Cause   string    `json:"cause"`
	Issued  time.Time `json:"issued"`
	Expires time.Time `json:"expires"`
	Value   int64     `json:"value"`          // the register value written
	Error   string    `json:"error,omitzero"` // the write's error, if it failed
}

// resultJSON is the telemetry form of a control.Result.
type resultJSON struct {
	ID       string    `json:"id"`
	Target   string    `json:"target"`
	Status   string    `json:"status"`
	Reason   string    `json:"reason,omitzero"`
	At       time.Time `json:"at"`
	Position int32     `json:"position_permille"`
}

func resultOf(r control.Result) resultJSON {
	out := resultJSON{ID: r.ID, Target: r.Target, Status: r.Status.String(), At: r.At, Position: int32(r.Position)}
	if r.Reason != control.ReasonNone {
		out.Reason = r.Reason.String()
	}
	return out
}

func (l *controlLoop) write(ctx context.Context, field int, v int64) error {
	f := l.prog.Field(field)
	if f.Function == modbus.ReadCoils {
		return l.writer.WriteCoils(ctx, f.Address, []bool{v != 0})
	}
	regs, err := l.prog.Encode(nil, field, profile.Value{Int: v, Status: profile.OK})
	if err != nil {
		return err
	}
	if len(regs) == 1 {
		return l.writer.WriteRegister(ctx, f.Address, regs[0])
	}
	return l.writer.WriteRegisters(ctx, f.Address, regs)
}

// operatorCommand is the JSON form of a command on the gateway's command
// topic: {"id":"c-1","target":"roof","action":"open","issued":"...","expires":"..."}.
type operatorCommand struct {
	ID      string    `json:"id"`
	Target  string    `json:"target"`
	Action  string    `json:"action"`
	Issued  time.Time `json:"issued"`
	Expires time.Time `json:"expires"`
}

var actionNames = map[string]control.Action{
	"open": control.Open, "close": control.Close, "roll_up": control.RollUp,
	"roll_down": control.RollDown, "stop": control.Stop,
}

// submit passes an operator command to the controller and publishes its
// result. Retained commands never reach it: the uplink drops them.
func (l *controlLoop) submit(payload []byte) {
	var oc operatorCommand
	if err := json.Unmarshal(payload, &oc); err != nil {
		l.log.Warn("command rejected: invalid JSON", "err", err)
		return
	}
	action, ok := actionNames[oc.Action]
	if !ok {
		l.log.Warn("command rejected: unknown action", "id", oc.ID, "action", oc.Action)
		action = control.ActionNone
	}
	cmd := control.Command{ID: oc.ID, Target: oc.Target, Action: action, Cause: control.CauseOperator,
		Issued: oc.Issued, Expires: oc.Expires}
	l.mu.Lock()
	res := l.ctrl.Submit(time.Now(), cmd)
	l.mu.Unlock()
	l.publish("result", resultOf(res))
}

func (l *controlLoop) publish(what string, v any) {
	body, err := json.Marshal(map[string]any{"device": l.cc.device, "control": what, what: v})
	if err != nil {
		l.log.Error("encode control message failed", "err", err)
		return
	}
	l.commit.add(uplink.Telemetry, body)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// reads reports whether the controller reads fields of device.
func (l *controlLoop) reads(device string) bool {
	if device == l.cc.device {
		return true
	}
	for _, r := range l.cc.weather {
		if r.device == device {
			return true
		}
	}
	return false
}

// startControl builds the control loop with the controller device's client.
func startControl(cc *compiled, devices []poll.Device, commit *committer, log *slog.Logger) (*controlLoop, error) {
	for i, d := range devices {
		if d.ID != cc.control.device {
			continue
		}
		writer, ok := d.Reader.(*client.Client)
		if !ok {
			return nil, fmt.Errorf("control: device %s has no Modbus client", d.ID)
		}
		return newControlLoop(cc.control, writer, cc.devices[i].program, commit, log)
	}
	return nil, fmt.Errorf("control: device %s not found", cc.control.device)
}
