// Package devices keeps the health of everything that reports to the county
// server: the gateways, the field devices behind them and the stations that
// dial the centre station. It learns each one's state from what arrives (a
// gateway's birth and death messages, the health events a gateway publishes
// for its devices, the centre's session events and every reading) and keeps
// it in the county store's devices table. Each device has the time it was last
// seen and the division it serves.
//
// A device that stays silent longer than its expected interval becomes
// offline: the [Tracker] learns the interval from the gaps between reports
// and waits three of them, at least [Config.MinSilence], or
// [Config.UnknownSilence] while it has seen too few reports to tell.
// [Config.Silent] hears of every device that falls silent and of every silent
// device that reports again, so that the caller can raise and clear an alarm.
package devices

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/register"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

// The kinds of device.
const (
	KindGateway = "gateway"
	KindDevice  = "device"
	KindStation = "station"
)

// The health states, the words of iot/health.
const (
	Unknown     = "unknown"
	Online      = "online"
	Degraded    = "degraded"
	Offline     = "offline"
	Quarantined = "quarantined"
)

// States lists the health states.
var States = []string{Unknown, Online, Degraded, Offline, Quarantined}

// Defaults that Config uses for zero fields.
const (
	DefaultMinSilence     = time.Minute
	DefaultUnknownSilence = 15 * time.Minute
	DefaultSaveEvery      = 30 * time.Second
)

// GatewayID returns the device id of the gateway of source "<group>/<gateway>".
func GatewayID(source string) string { return KindGateway + ":" + source }

// MaxNameBytes bounds the name a gateway gives a device behind it, as
// ingest.MaxNameBytes does in telemetry. PostgreSQL cannot index a device id
// of more than about 8 kB, and storing one would fail every later write.
const MaxNameBytes = 256

// FieldDeviceID returns the device id of a device behind the gateway of source.
func FieldDeviceID(source, device string) string { return KindDevice + ":" + source + "/" + device }

// StationID returns the device id of a station of the protocol, such as
// "szy206:654229/7".
func StationID(protocol, station string) string { return protocol + ":" + station }

// Config configures a Tracker. Store is required.
type Config struct {
	// Store keeps the devices table.
	Store *store.Store
	// Register places devices attached to wells and measuring points; nil
	// places them by their gateway's name only.
	Register *register.Index
	// MinSilence is the shortest silence that makes a device offline.
	// Default DefaultMinSilence.
	MinSilence time.Duration
	// UnknownSilence is the silence that makes a device offline while its
	// interval is unknown. Default DefaultUnknownSilence.
	UnknownSilence time.Duration
	// SaveEvery is how often a change of LastSeen alone is written; changes
	// of state are written within a second. Default DefaultSaveEvery.
	SaveEvery time.Duration
	// Silent is called from Run when a device falls silent (silent true) and
	// when a silent device reports again (silent false), with the device as
	// stored. Nil calls nothing.
	Silent func(ctx context.Context, d store.Device, silent bool)
	// Publish is called with the JSON of a device whenever its state
	// changes, and with its division for scoping. Nil publishes nothing.
	Publish func(division string, data json.RawMessage)
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// Logger receives state changes and errors; nil discards them.
	Logger *slog.Logger
}

// Tracker keeps the health of the devices in memory and writes it to the
// store. It is safe for concurrent use; Run writes the changes.
type Tracker struct {
	cfg Config
	log *slog.Logger

	mu       sync.Mutex
	devices  map[string]*entry
	lastSave time.Time
	notices  []notice
	// births is the bdSeq of each gateway's last birth message, by source.
	births map[string]uint64
}

type entry struct {
	d      store.Device
	dirty  bool // changed since the last write
	state  bool // the change includes the state, so it is written at once
	silent bool // the silence limit has passed since LastSeen
}

// notice is a change to tell Config.Silent or Config.Publish about.
type notice struct {
	d       store.Device
	silence int // 1 fell silent, -1 reports again, 0 only the state changed
}

// New returns a Tracker on cfg; Load reads the stored devices.
func New(cfg Config) (*Tracker, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("devices: Config.Store is nil")
	}
	if cfg.MinSilence <= 0 {
		cfg.MinSilence = DefaultMinSilence
	}
	if cfg.UnknownSilence <= 0 {
		cfg.UnknownSilence = DefaultUnknownSilence
	}
	if cfg.SaveEvery <= 0 {
		cfg.SaveEvery = DefaultSaveEvery
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Tracker{cfg: cfg, log: log, devices: map[string]*entry{}}, nil
}

// Load reads every stored device into the tracker. A device that was silent
// when the server stopped is taken as silent still, so that Run does not
// tell Config.Silent of it twice.
func (t *Tracker) Load(ctx context.Context) error {
	now := t.cfg.Now()
	for after := ""; ; {
		page, err := t.cfg.Store.Devices(ctx, store.DeviceFilter{After: after, Limit: 1000})
		if err != nil {
			return err
		}
		t.mu.Lock()
		for _, d := range page {
			e := &entry{d: *d}
			e.silent = !d.LastSeen.IsZero() && now.Sub(d.LastSeen) > t.silenceLimit(&e.d)
			t.devices[d.ID] = e
		}
		t.mu.Unlock()
		if len(page) < 1000 {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// Device returns the device with that id as the tracker holds it.
func (t *Tracker) Device(id string) (store.Device, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e, ok := t.devices[id]
	if !ok {
		return store.Device{}, false
	}
	return e.d, true
}

// LastSeen returns the latest time any device named name reported, such as a
// meter id of the water register; zero when none has.
func (t *Tracker) LastSeen(name string) time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	var last time.Time
	for _, e := range t.devices {
		if e.d.Name == name && e.d.LastSeen.After(last) {
			last = e.d.LastSeen
		}
	}
	return last
}

// Ref names a device and how it reaches the server.
type Ref struct {
	// Kind is KindGateway, KindDevice or KindStation.
	Kind string
	// Name is the device's own id.
	Name string
	// Gateway is the "<group>/<gateway>" of a device behind a gateway.
	Gateway string
	// Protocol is "mqtt", "sl651" or "szy206".
	Protocol string
}

// ID returns the device id of r.
func (r Ref) ID() string {
	switch r.Kind {
	case KindGateway:
		return GatewayID(r.Name)
	case KindDevice:
		return FieldDeviceID(r.Gateway, r.Name)
	}
	return StationID(r.Protocol, r.Name)
}

// Gateway returns the reference of the gateway of source.
func Gateway(source string) Ref { return Ref{Kind: KindGateway, Name: source, Protocol: "mqtt"} }

// Behind returns the reference of a device behind the gateway of source.
func Behind(source, device string) Ref {
	return Ref{Kind: KindDevice, Name: device, Gateway: source, Protocol: "mqtt"}
}

// Station returns the reference of a station of the protocol.
func Station(protocol, station string) Ref {
	return Ref{Kind: KindStation, Name: station, Protocol: protocol}
}

// Seen records that the device reported at the time at, such as the
// observation time of a reading; a time after now counts as now. It learns
// the reporting interval, and a device that was unknown or offline is online
// again. A device that was degraded or quarantined keeps that state until its
// gateway reports another.
func (t *Tracker) Seen(r Ref, at time.Time) {
	now := t.cfg.Now()
	if at.After(now) || at.IsZero() {
		at = now
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.entry(r, at)
	if at.After(e.d.LastSeen) {
		if gap := at.Sub(e.d.LastSeen); !e.d.LastSeen.IsZero() && gap >= time.Second {
			if e.d.Interval == 0 {
				e.d.Interval = gap
			} else {
				e.d.Interval = (3*e.d.Interval + gap) / 4
			}
		}
		e.d.LastSeen = at
		e.dirty = true
	}
	if e.d.State == Unknown || e.d.State == Offline {
		t.setState(e, Online, "", at)
	}
	if e.silent && now.Sub(e.d.LastSeen) <= t.silenceLimit(&e.d) {
		e.silent = false
		t.notices = append(t.notices, notice{d: e.d, silence: -1})
	}
}

// SetState records a state that the device's gateway or the centre station
// reported, with its cause; at is when the change happened.
func (t *Tracker) SetState(r Ref, state, detail string, at time.Time) {
	if at.IsZero() || at.After(t.cfg.Now()) {
		at = t.cfg.Now()
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	e := t.entry(r, time.Time{})
	t.setState(e, state, detail, at)
}

// entry returns the entry of r, creating it unknown; t.mu is held.
func (t *Tracker) entry(r Ref, at time.Time) *entry {
	id := r.ID()
	e, ok := t.devices[id]
	if !ok {
		e = &entry{d: store.Device{ID: id, Kind: r.Kind, Name: r.Name, Gateway: r.Gateway, Protocol: r.Protocol,
			State: Unknown, Since: at}, dirty: true, state: true}
		t.devices[id] = e
	}
	t.place(e)
	return e
}

// place sets the division and well of e from the register, or from its
// gateway's name; t.mu is held.
func (t *Tracker) place(e *entry) {
	d := &e.d
	var div land.DivisionCode
	if t.cfg.Register != nil && d.Kind != KindGateway {
		if w, ok := t.cfg.Register.WellOf(d.Name); ok && string(w.Code) != d.Well {
			d.Well, e.dirty = string(w.Code), true
		}
		div = t.cfg.Register.Division(d.Name)
	}
	if div == "" {
		switch d.Kind {
		case KindGateway:
			div = sourceDivision(d.Name)
		case KindDevice:
			div = sourceDivision(d.Gateway)
		case KindStation:
			div = stationDivision(d.Name)
		}
	}
	if string(div) != d.Division {
		d.Division, e.dirty = string(div), true
	}
}

// setState changes the state of e; t.mu is held.
func (t *Tracker) setState(e *entry, state, detail string, at time.Time) {
	if e.d.State == state && e.d.Detail == detail {
		return
	}
	if e.d.State != state {
		e.d.Since = at
		t.log.Info("device state changed", "device", e.d.ID, "from", e.d.State, "to", state, "detail", detail)
	}
	e.d.State, e.d.Detail = state, detail
	e.dirty, e.state = true, true
	t.notices = append(t.notices, notice{d: e.d})
}

// SilenceLimit returns how long d may stay silent before it is offline:
// three reporting intervals, at least Config.MinSilence, or
// Config.UnknownSilence while the interval is unknown.
func (t *Tracker) SilenceLimit(d *store.Device) time.Duration { return t.silenceLimit(d) }

func (t *Tracker) silenceLimit(d *store.Device) time.Duration {
	if d.Interval <= 0 {
		return t.cfg.UnknownSilence
	}
	return max(3*d.Interval, t.cfg.MinSilence)
}

// Run checks for silent devices and writes changes every second until ctx
// ends, and writes what is left before it returns.
func (t *Tracker) Run(ctx context.Context) error {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return t.Flush(context.WithoutCancel(ctx), true)
		case <-tick.C:
			if err := t.Tick(ctx); err != nil && ctx.Err() == nil {
				t.log.Error("store device health", "err", err)
			}
		}
	}
}

// Tick marks the devices whose silence passed their limit offline and writes
// the changes; Run calls it every second.
func (t *Tracker) Tick(ctx context.Context) error {
	t.check()
	return t.Flush(ctx, false)
}

// check marks the devices whose silence passed their limit offline.
func (t *Tracker) check() {
	now := t.cfg.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, e := range t.devices {
		if e.silent || e.d.LastSeen.IsZero() {
			continue
		}
		silence := now.Sub(e.d.LastSeen)
		if silence <= t.silenceLimit(&e.d) {
			continue
		}
		e.silent = true
		if e.d.State != Offline && e.d.State != Quarantined {
			t.setState(e, Offline, "silent for "+silence.Truncate(time.Second).String(), now)
		}
		t.notices = append(t.notices, notice{d: e.d, silence: 1})
	}
}

// Flush writes the devices whose state changed, and every changed device
// when all is set or SaveEvery has passed. Then it calls Config.Silent and
// Config.Publish with the changes.
func (t *Tracker) Flush(ctx context.Context, all bool) error {
	now := t.cfg.Now()
	t.mu.Lock()
	all = all || now.Sub(t.lastSave) >= t.cfg.SaveEvery
	var batch []*store.Device
	var written []*entry
	for _, e := range t.devices {
		if e.dirty && (all || e.state) {
			d := e.d
			batch = append(batch, &d)
			written = append(written, e)
			e.dirty, e.state = false, false
		}
	}
	if all {
		t.lastSave = now
	}
	notices := t.notices
	t.notices = nil
	t.mu.Unlock()

	err := t.cfg.Store.PutDevices(ctx, batch)
	if err != nil {
		t.mu.Lock()
		for _, e := range written {
			e.dirty, e.state = true, true
		}
		t.mu.Unlock()
	}
	for _, n := range notices {
		if n.silence != 0 && t.cfg.Silent != nil {
			t.cfg.Silent(ctx, n.d, n.silence > 0)
		}
		if n.silence == 0 && t.cfg.Publish != nil {
			if data, jerr := json.Marshal(Output(&n.d)); jerr == nil {
				t.cfg.Publish(n.d.Division, data)
			}
		}
	}
	return err
}

// DeviceOutput is a device as the API and the live events show it.
type DeviceOutput struct {
	ID              string    `json:"id"`
	Kind            string    `json:"kind"`
	Name            string    `json:"name"`
	Gateway         string    `json:"gateway,omitempty"`
	Protocol        string    `json:"protocol"`
	Division        string    `json:"division,omitempty"`
	Well            string    `json:"well,omitempty"`
	State           string    `json:"state"`
	Since           time.Time `json:"since,omitzero"`
	LastSeen        time.Time `json:"last_seen,omitzero"`
	IntervalSeconds int64     `json:"interval_s,omitempty"`
	Detail          string    `json:"detail,omitempty"`
	UpdatedAt       time.Time `json:"updated_at,omitzero"`
}

// Output returns the API form of d.
func Output(d *store.Device) DeviceOutput {
	return DeviceOutput{ID: d.ID, Kind: d.Kind, Name: d.Name, Gateway: d.Gateway, Protocol: d.Protocol,
		Division: d.Division, Well: d.Well, State: d.State, Since: d.Since, LastSeen: d.LastSeen,
		IntervalSeconds: int64(d.Interval / time.Second), Detail: d.Detail, UpdatedAt: d.Updated}
}

// sourceDivision returns the division a gateway of source "<group>/<gateway>"
// serves: the GB/T 2260 code at the end of the gateway's name, such as
// 654229101201 in "gw-654229101201", or else the group's name when it is a
// division code, or "" when neither is.
func sourceDivision(source string) land.DivisionCode {
	group, gateway, _ := strings.Cut(source, "/")
	if d := trailingDivision(gateway); d != "" {
		return d
	}
	if d, err := land.ParseDivisionCode(group); err == nil {
		return d
	}
	return ""
}

// trailingDivision returns the division code of 12, 9 or 6 digits that ends
// name after a non-digit, or "".
func trailingDivision(name string) land.DivisionCode {
	i := len(name)
	for i > 0 && name[i-1] >= '0' && name[i-1] <= '9' {
		i--
	}
	digits := name[i:]
	if i == 0 || (len(digits) != 12 && len(digits) != 9 && len(digits) != 6) {
		return ""
	}
	d, err := land.ParseDivisionCode(digits)
	if err != nil {
		return ""
	}
	return d
}

// stationDivision returns the county of an SZY 206 station "<region>/<n>",
// whose region is the GB/T 2260 code the terminal's address carries.
func stationDivision(station string) land.DivisionCode {
	region, _, ok := strings.Cut(station, "/")
	if !ok {
		return ""
	}
	d, err := land.ParseDivisionCode(region)
	if err != nil {
		return ""
	}
	return d
}
