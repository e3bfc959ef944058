package demo

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// Devices are the simulated field devices the demo runs for a county.
type Devices struct {
	// Wells are the meters of each well and intake, in well code order.
	Wells []WellDevices
	// Stations are the SL 651 telemetry stations at the reservoir, canals and gates, in
	// station address order.
	Stations []Station
	// Modbus are the weather stations and soil probes of the villages, one RS-485 bus
	// per village, in village order.
	Modbus []ModbusDevice
	// VillageMeters are the flow meters on the villages' supply mains, in village order.
	VillageMeters []VillageMeterDevice
	// Terminals are the SZY 206-2016 terminals that the demo runs as the IC-card
	// controllers of some wells, in well code order. Their wells' electricity meters
	// speak Modbus on the village bus.
	Terminals []Terminal
}

// Scenario is what a simulated terminal's well does to make the server's alarms fire.
type Scenario string

// The scenarios of the demo's terminals.
const (
	// Normal draws water and electricity in the ratio of the well's coefficient.
	Normal Scenario = "normal"
	// Mismatch draws twice the electricity its water needs, out of the band around
	// the well's coefficient.
	Mismatch Scenario = "mismatch"
	// Tamper reports its terminal box door open.
	Tamper Scenario = "tamper"
	// Silent stops reporting a minute after it starts, while its pump draws power.
	Silent Scenario = "silent"
)

// MaxTerminals is the number of wells with a card controller that the demo runs an
// SZY 206 terminal for.
const MaxTerminals = 8

// Terminal is a simulated SZY 206-2016 terminal, the IC-card controller of a well.
type Terminal struct {
	Well     water.WellCode
	Division land.DivisionCode
	// Meter is the controller's meter id, "<county>/<station>", as the centre station
	// names the terminal.
	Meter water.MeterID
	// Station is the station number of the terminal's address.
	Station uint16
	// ElectricityMeter is the well's electricity meter, polled on the village bus.
	ElectricityMeter water.MeterID
	// UnitID is the electricity meter's Modbus slave address on the village bus.
	UnitID uint8
	// Coefficient is the well's water-from-electricity coefficient in m³/kWh at the
	// end of its history; zero when it has none.
	Coefficient decimal.Decimal
	// Scenario is what the terminal's well does.
	Scenario Scenario
}

// scenarios are the scenarios of the first terminals: the second well draws too much
// electricity, the third's box door is open and the fourth falls silent. The others
// are Normal.
var scenarios = []Scenario{Normal, Mismatch, Tamper, Silent}

// VillageMeterDevice is the flow meter of a village supply main.
type VillageMeterDevice struct {
	Facility water.FacilityCode
	Village  land.DivisionCode
	Meter    water.MeterID
	Location water.Point
}

// WellDevices are the meters attached to one well.
type WellDevices struct {
	Well     water.WellCode
	Division land.DivisionCode
	Location water.Point
	// ElectricityMeter is the DL/T 645-2007 meter on the pump's supply; its id is the
	// meter's 12-digit communication address.
	ElectricityMeter water.MeterID
	// FlowMeter is the flow meter's id, empty when the well has none.
	FlowMeter water.MeterID
	// CardController is the IC-card controller's id, empty when the well has none.
	CardController water.MeterID
}

// Station is an SL 651-2014 telemetry station at a measuring point.
type Station struct {
	// Address is the station address in 10 hex digits: the county's GB/T 2260 code in
	// BCD and a binary station number. It is also the measuring point's meter id.
	Address water.MeterID
	// Facility is the reservoir, canal or gate the point belongs to, and Point the
	// measuring point's own code.
	Facility water.FacilityCode
	Point    water.FacilityCode
	Name     string
	Method   water.MeasuringMethod
	Location water.Point
}

// ModbusDevice is a Modbus RTU slave on a village's RS-485 bus.
type ModbusDevice struct {
	// ID names the device, such as WS-654229101201 for a village's weather station.
	ID      string
	Village land.DivisionCode
	// Profile is the iot/profile shipped profile that maps its registers:
	// "weather-station" or "soil-moisture".
	Profile string
	// UnitID is the Modbus slave address on the bus, 1 to 247.
	UnitID   uint8
	Location water.Point
}

// Devices returns the devices that the demo simulates for c: the meters of every well
// and village supply main, and an SL 651 station at every measuring point. Each village gets a weather station
// (unit 1) and two soil probes (units 2 and 3) in its first and middle plot.
func (c *County) Devices() Devices {
	var d Devices
	for _, w := range c.Wells {
		wd := WellDevices{Well: w.Code, Division: w.Division, Location: w.Location}
		for _, m := range w.Meters {
			switch m.Kind {
			case water.ElectricityMeter:
				wd.ElectricityMeter = m.ID
			case water.FlowMeter:
				wd.FlowMeter = m.ID
			case water.CardController:
				wd.CardController = m.ID
			}
		}
		d.Wells = append(d.Wells, wd)
	}
	addPoints := func(facility water.FacilityCode, points []water.MeasuringPoint) {
		for _, p := range points {
			if p.Meter != "" {
				d.Stations = append(d.Stations, Station{
					Address: p.Meter, Facility: facility, Point: p.Code, Name: p.Name, Method: p.Method, Location: p.Location,
				})
			}
		}
	}
	for _, r := range c.Reservoirs {
		addPoints(r.Code, r.Points)
	}
	for _, k := range c.Canals {
		addPoints(k.Code, k.Points)
	}
	for _, g := range c.Gates {
		addPoints(g.Code, g.Points)
	}
	sortStations(d.Stations)
	d.Terminals = c.terminals(d.Wells)
	for _, v := range c.VillageMeters {
		d.VillageMeters = append(d.VillageMeters, VillageMeterDevice{
			Facility: v.Code, Village: v.Village, Meter: v.Meter.ID, Location: v.Location,
		})
	}

	byVillage := make(map[land.DivisionCode][]*land.Plot)
	for _, p := range c.Plots {
		byVillage[p.Village] = append(byVillage[p.Village], p)
	}
	for _, v := range c.Villages {
		d.Modbus = append(d.Modbus, ModbusDevice{
			ID: "WS-" + string(v.Code), Village: v.Code, Profile: "weather-station", UnitID: 1, Location: v.Centre,
		})
		plots := byVillage[v.Code]
		for i, p := range []*land.Plot{plots[0], plots[len(plots)/2]} {
			d.Modbus = append(d.Modbus, ModbusDevice{
				ID: "SM-" + string(p.Code), Village: v.Code, Profile: "soil-moisture", UnitID: uint8(2 + i), Location: centre(p),
			})
		}
	}
	return d
}

// centre returns the mean of the vertices of p's exterior ring, without the closing
// vertex, which lies inside a convex strip.
func centre(p *land.Plot) water.Point {
	flat := p.Geometry.FlatCoords()
	n := len(flat)/2 - 1
	var lon, lat float64
	for i := range n {
		lon += flat[2*i]
		lat += flat[2*i+1]
	}
	return water.Point{Lon: lon / float64(n), Lat: lat / float64(n)}
}

func sortStations(s []Station) {
	slices.SortFunc(s, func(a, b Station) int { return cmp.Compare(a.Address, b.Address) })
}

// terminals returns the terminals of the first wells with a card controller, each
// unit on its village's bus numbered from 10 on.
func (c *County) terminals(wells []WellDevices) []Terminal {
	coef := map[water.WellCode]decimal.Decimal{}
	for _, h := range c.Coefficients {
		if n := len(h.Coefficients); n > 0 {
			coef[h.Well] = h.Coefficients[n-1].Value
		}
	}
	units := map[land.DivisionCode]uint8{}
	var out []Terminal
	for _, w := range wells {
		if w.CardController == "" || len(out) == MaxTerminals {
			continue
		}
		_, number, ok := strings.Cut(string(w.CardController), "/")
		n, err := strconv.ParseUint(number, 10, 16)
		if !ok || err != nil {
			continue
		}
		units[w.Division]++
		scenario := Normal
		if len(out) < len(scenarios) {
			scenario = scenarios[len(out)]
		}
		out = append(out, Terminal{Well: w.Well, Division: w.Division, Meter: w.CardController, Station: uint16(n),
			ElectricityMeter: w.ElectricityMeter, UnitID: 9 + units[w.Division], Coefficient: coef[w.Well],
			Scenario: scenario})
	}
	return out
}
