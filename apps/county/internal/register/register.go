// Package register keeps in memory the parts of the water register that the
// telemetry path looks up for every reading: the well each meter id is
// attached to, each well's division and meters, and the division of each
// measuring point's station. It decides which readings are meter registers
// for water/metering and under what name.
//
// An [Index] is loaded from a water.RegisterStore by [Index.Load] and read
// without I/O, so the ingest's writer can consult it per reading. Reload it
// from time to time to see wells added or changed through the API.
package register

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
	"github.com/shuxiang/shuxiang/water/metering"
)

// Quantity is the physical quantity that a meter register counts.
type Quantity string

// The metered quantities.
const (
	// Water is a cumulative water register in m³.
	Water Quantity = "water"
	// Energy is a cumulative active energy register in kWh.
	Energy Quantity = "energy"
)

// Scale is the number of decimal places that metering keeps water in m³ and
// energy in kWh at: 0.001 m³ and 0.001 kWh.
const Scale = 3

// Fields of telemetry that are meter registers, by quantity. flow_total is
// the gateways' water register and water_total the accumulated water of
// SZY 206 terminals, both in m³; import_energy is the forward active energy
// of the shipped electricity-meter profile and energy_total a generic name,
// both in kWh.
var (
	waterFields  = []string{gatewayWaterField, "water_total"}
	energyFields = []string{"import_energy", "energy_total"}
)

// gatewayWaterField is the water register of a gateway's device, which may
// be named by its well's code.
const gatewayWaterField = "flow_total"

// Well is a well's entry in the index: its code, division and meters.
type Well struct {
	Code     water.WellCode
	Division land.DivisionCode
	Meters   []water.Meter
}

// Index is the in-memory view of the water register. The zero value is an
// empty index. It is safe for concurrent use.
type Index struct {
	mu       sync.RWMutex
	wells    map[water.WellCode]*Well
	meters   map[water.MeterID]water.WellCode
	stations map[water.MeterID]land.DivisionCode
	// decided caches the answers of Meter by device and field, so that the
	// ingest's writer looks a reading up without allocating. Load and Put
	// clear it.
	decided map[deviceField]decision
}

type deviceField struct{ device, field string }

// decision is a cached answer of Meter.
type decision struct {
	name string
	ok   bool
}

// Load replaces the index with the wells and reservoirs of rs, read page by
// page. It leaves the index as it was when a read fails.
func (x *Index) Load(ctx context.Context, rs water.RegisterStore) error {
	wells := map[water.WellCode]*Well{}
	meters := map[water.MeterID]water.WellCode{}
	for after := ""; ; {
		page, next, err := rs.Wells(ctx, water.WellFilter{Page: land.Page{Limit: 1000, After: after}})
		if err != nil {
			return fmt.Errorf("register: list wells: %w", err)
		}
		for _, w := range page {
			wells[w.Code] = &Well{Code: w.Code, Division: w.Division, Meters: w.Meters}
			for _, m := range w.Meters {
				meters[m.ID] = w.Code
			}
		}
		if next == "" {
			break
		}
		after = next
	}
	stations := map[water.MeterID]land.DivisionCode{}
	for after := ""; ; {
		page, next, err := rs.Reservoirs(ctx, water.ReservoirFilter{Page: land.Page{Limit: 1000, After: after}})
		if err != nil {
			return fmt.Errorf("register: list reservoirs: %w", err)
		}
		for _, r := range page {
			for _, p := range r.Points {
				if p.Meter != "" {
					stations[p.Meter] = r.Division
				}
			}
		}
		if next == "" {
			break
		}
		after = next
	}
	x.mu.Lock()
	x.wells, x.meters, x.stations = wells, meters, stations
	clear(x.decided)
	x.mu.Unlock()
	return nil
}

// Put adds or replaces one well, as Load would find it.
func (x *Index) Put(w *water.Well) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.wells == nil {
		x.wells, x.meters = map[water.WellCode]*Well{}, map[water.MeterID]water.WellCode{}
	}
	if old, ok := x.wells[w.Code]; ok {
		for _, m := range old.Meters {
			delete(x.meters, m.ID)
		}
	}
	x.wells[w.Code] = &Well{Code: w.Code, Division: w.Division, Meters: append([]water.Meter(nil), w.Meters...)}
	for _, m := range w.Meters {
		x.meters[m.ID] = w.Code
	}
	clear(x.decided)
}

// Well returns the well of that code.
func (x *Index) Well(code water.WellCode) (Well, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	w, ok := x.wells[code]
	if !ok {
		return Well{}, false
	}
	return *w, true
}

// Wells returns every well, in no particular order.
func (x *Index) Wells() []Well {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make([]Well, 0, len(x.wells))
	for _, w := range x.wells {
		out = append(out, *w)
	}
	return out
}

// WellOf returns the well a device is attached to: the well whose meter id is
// the device's name, or the well whose code the name is.
func (x *Index) WellOf(device string) (Well, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if code, ok := x.meters[water.MeterID(device)]; ok {
		return *x.wells[code], true
	}
	if w, ok := x.wells[water.WellCode(device)]; ok {
		return *w, true
	}
	return Well{}, false
}

// MeterKind returns the register's kind of the meter with that id.
func (x *Index) MeterKind(id water.MeterID) (water.MeterKind, bool) {
	w, ok := x.WellOf(string(id))
	if !ok {
		return 0, false
	}
	for _, m := range w.Meters {
		if m.ID == id {
			return m.Kind, true
		}
	}
	return 0, false
}

// Division returns the division of a device: its well's, or the reservoir's
// of a measuring point's station. It returns "" when the register places
// the device nowhere.
func (x *Index) Division(device string) land.DivisionCode {
	if w, ok := x.WellOf(device); ok {
		return w.Division
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.stations[water.MeterID(device)]
}

// Meter implements the ingest's meter function: it reports whether field of
// device is a water or energy register of a well, and returns the metering
// name (see [MeterName]) and configuration. A flow_total register of a
// device that the register does not know but whose name is a valid well code
// is taken as that well's, so that a gateway may name its flow meters by
// well. Meter is safe for concurrent use and allocates nothing for a device
// and field it has seen since the last Load or Put.
func (x *Index) Meter(device, field string) (string, metering.MeterConfig, bool) {
	cfg := metering.MeterConfig{Kind: metering.Cumulative, Scale: Scale, ResetBelow: ResetBelow}
	key := deviceField{device, field}
	x.mu.RLock()
	d, seen := x.decided[key]
	x.mu.RUnlock()
	if !seen {
		d = x.decide(device, field)
		x.mu.Lock()
		if x.decided == nil {
			x.decided = map[deviceField]decision{}
		}
		x.decided[key] = d
		x.mu.Unlock()
	}
	if !d.ok {
		return "", metering.MeterConfig{}, false
	}
	return d.name, cfg, true
}

// decide works out the answer of Meter from the register.
func (x *Index) decide(device, field string) decision {
	q, ok := quantityOf(field)
	if !ok {
		return decision{}
	}
	well, ok := x.WellOf(device)
	code := well.Code
	if !ok {
		if field != gatewayWaterField || water.WellCode(device).Validate() != nil {
			return decision{}
		}
		code = water.WellCode(device)
	}
	return decision{name: MeterName(code, q, device), ok: true}
}

// ResetBelow is the register value, in thousandths, at or below which a drop
// is taken as a replaced or reset meter rather than a counter going
// backwards: 10 m³ or 10 kWh. A terminal that restarts its register from 0
// starts a new baseline without a tamper alarm.
const ResetBelow = 10_000

func quantityOf(field string) (Quantity, bool) {
	for _, f := range waterFields {
		if f == field {
			return Water, true
		}
	}
	for _, f := range energyFields {
		if f == field {
			return Energy, true
		}
	}
	return "", false
}

// MeterName returns the metering name of a register: the well, the quantity
// and the device, separated by spaces, which no well code or device id of the
// water register contains. One well may have several devices of a quantity.
func MeterName(well water.WellCode, q Quantity, device string) string {
	return string(well) + " " + string(q) + " " + device
}

// ParseMeterName splits a name made by [MeterName].
func ParseMeterName(name string) (well water.WellCode, q Quantity, device string, ok bool) {
	w, rest, ok1 := strings.Cut(name, " ")
	qs, dev, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 || (qs != string(Water) && qs != string(Energy)) {
		return "", "", "", false
	}
	return water.WellCode(w), Quantity(qs), dev, true
}
