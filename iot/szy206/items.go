package szy206

import "fmt"

// Unit is the unit of an item's value, such as "m" or "m³".
type Unit string

// Quantity is the physical quantity an item measures.
type Quantity uint8

// Quantities of self-reports and realtime replies.
const (
	Rainfall         Quantity = iota + 1 // mm, 1 decimal
	WaterLevel                           // m, 3 decimals, signed
	Flow                                 // instantaneous flow, m³/s (Variant.FlowUnit), 3 decimals, signed
	AccumulatedWater                     // accumulated water volume, m³, signed
	Velocity                             // m/s, 3 decimals, signed
	GatePosition                         // gate opening, m, 2 decimals
	Power                                // kW
	AirPressure                          // hPa
	WindSpeed                            // m/s, 2 decimals
	WindDirection                        // code 0 to 15
	WaterTemperature                     // °C, 1 decimal
	WaterQuality                         // parameter digits as sent, see Item.Index
	SoilMoisture                         // %, 1 decimal
	Evaporation                          // mm, 1 decimal
	WaterPressure                        // kPa, 2 decimals
)

var quantityNames = [...]string{"", "rainfall", "water level", "flow", "accumulated water",
	"velocity", "gate position", "power", "air pressure", "wind speed", "wind direction",
	"water temperature", "water quality", "soil moisture", "evaporation", "water pressure"}

// String returns the quantity's name, such as "water level".
func (q Quantity) String() string {
	if int(q) < len(quantityNames) {
		return quantityNames[q]
	}
	return fmt.Sprintf("quantity %d", uint8(q))
}

// MarshalText encodes the quantity as its name.
func (q Quantity) MarshalText() ([]byte, error) { return []byte(q.String()), nil }

// Item is one value of a self-report or realtime reply.
type Item struct {
	// Quantity is the physical quantity of the value.
	Quantity Quantity `json:"quantity"`
	// Index numbers the measuring points of one quantity from 1, such as
	// the second flow meter of a terminal. For water quality it is the bit
	// number (0 to 39) of the parameter in the frame's parameter mask.
	Index uint8 `json:"index"`
	// Value is the value, invalid when the terminal sent no data (AA).
	Value Value `json:"value"`
	// Unit is the value's unit.
	Unit Unit `json:"unit,omitempty"`
}

// itemSpec is the layout of one value of a function code.
type itemSpec struct {
	quantity Quantity
	size     int
	scale    uint8
	signed   bool
	unit     Unit
}

// itemSpecs are the values of one measuring point for each function code
// of the control byte. A flow point carries the instantaneous flow and the
// accumulated volume. Wind and water quality have their own layouts, and
// the comprehensive code combines others.
// NOTE: the sizes and decimals follow the SZY 206-2016 data formats as
// implemented by terminals in the field; water temperature (2 bytes, 1
// decimal) and the units of air pressure (hPa) and power (kW) are the least
// certain.
var itemSpecs = [16][]itemSpec{
	RainfallData:         {{Rainfall, 3, 1, false, "mm"}},
	WaterLevelData:       {{WaterLevel, 4, 3, true, "m"}},
	FlowData:             {{Flow, 5, 3, true, "m³/s"}, {AccumulatedWater, 5, 0, true, "m³"}},
	VelocityData:         {{Velocity, 3, 3, true, "m/s"}},
	GateData:             {{GatePosition, 3, 2, false, "m"}},
	PowerData:            {{Power, 3, 0, false, "kW"}},
	AirPressureData:      {{AirPressure, 3, 0, false, "hPa"}},
	WindData:             {{WindSpeed, 3, 2, false, "m/s"}},
	WaterTemperatureData: {{WaterTemperature, 2, 1, false, "°C"}},
	SoilMoistureData:     {{SoilMoisture, 2, 1, false, "%"}},
	EvaporationData:      {{Evaporation, 3, 1, false, "mm"}},
	WaterPressureData:    {{WaterPressure, 4, 2, false, "kPa"}},
}

// comprehensiveOrder lists the function codes of the bits D0 to D7 of the
// comprehensive parameter byte, in the order their values follow it.
var comprehensiveOrder = [8]FunctionCode{WaterQualityData, SoilMoistureData, PowerData,
	WindData, GateData, FlowData, WaterLevelData, RainfallData}

// pointSize returns the bytes of one measuring point of f, or 0 when f has
// no fixed point layout.
func pointSize(f FunctionCode) int {
	n := 0
	for _, s := range itemSpecs[f&0x0F] {
		n += s.size
	}
	return n
}

// qualityMaskLen is the byte length of the water quality parameter mask.
const qualityMaskLen = 5

// qualityValueLen is the byte length of one water quality value.
const qualityValueLen = 4
