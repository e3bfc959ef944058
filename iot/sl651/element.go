package sl651

import (
	"encoding/json"
	"fmt"
	"time"
)

// Identifier is an element identifier: the identifier guide byte of
// SL 651-2014 appendix C (0x39 for the water level Z), or 0xFF00 plus the
// extension byte for the user-defined identifiers sent as FF xx.
type Identifier uint16

// Element identifiers of SL 651-2014 table C.1 that the package names in
// code. Every identifier of the table decodes; see [Identifier.Code].
const (
	TimeStep          Identifier = 0x04 // DRxnn, time step of a series
	GroundwaterDepth  Identifier = 0x0E // H, groundwater depth below surface, m
	HourRainfall      Identifier = 0x1A // P1, rainfall of the last hour, mm
	DailyRainfall     Identifier = 0x1F // PD, rainfall of the day, mm
	CurrentRainfall   Identifier = 0x20 // PJ, rainfall since the day started, mm
	Rainfall5Min      Identifier = 0x22 // PN05, rainfall of 5 minutes, mm
	TotalRainfall     Identifier = 0x26 // PT, accumulated rainfall, mm
	Flow              Identifier = 0x27 // Q, instantaneous flow, m³/s
	TotalOutflow      Identifier = 0x30 // QA, total outflow, m³/s
	SectionVelocity   Identifier = 0x36 // VA, mean section velocity, m/s
	CurrentVelocity   Identifier = 0x37 // VJ, current velocity, m/s
	Voltage           Identifier = 0x38 // VT, supply voltage, V
	WaterLevel        Identifier = 0x39 // Z, instantaneous water level, m
	StatusAlarm       Identifier = 0x45 // ZT, status and alarm word
	RemainingWater1   Identifier = 0x60 // SYL1, remaining water of meter 1, m³
	HourlyWater1      Identifier = 0x68 // SBL1, water of the hour of meter 1, m³/h
	Password          Identifier = 0x03 // password, as a configuration parameter
	ObservationTime   Identifier = 0xF0 // TT, observation time guide
	StationGroup      Identifier = 0xF1 // ST, station address guide
	ManualData        Identifier = 0xF2 // RGZS, manually entered data
	Picture           Identifier = 0xF3 // PIC, JPEG picture
	Rainfall5MinHour  Identifier = 0xF4 // DRP, 12 five-minute rainfalls of an hour
	RelativeLevelHour Identifier = 0xF5 // DRZ1, 12 five-minute relative levels of an hour
	FlowBatch         Identifier = 0xFD // DATA, batch flow or velocity data
)

// Unit is the unit of an element's value, such as "m" or "m³/s". The empty
// Unit means a count, a code or a dimensionless number.
type Unit string

type elementKind uint8

const (
	kindNone     elementKind = iota // not in the table
	kindNumber                      // BCD number sized by the data definition byte
	kindStatus                      // 4-byte binary status and alarm word
	kindTimeStep                    // 3-byte BCD day, hour, minute
	kindRain5                       // 1-byte binary values, 0.1 mm, FF invalid
	kindLevel5                      // 2-byte binary values, 0.01 m, FFFF invalid
	kindRaw                         // raw bytes to the end of the body
	kindGroup                       // F0 or F1 group guide, handled by the parser
)

// elementInfo describes one identifier of table C.1.
type elementInfo struct {
	code   string
	name   string
	unit   Unit
	digits uint8 // D of N(D,d), the digit count without sign
	scale  uint8 // d of N(D,d)
	kind   elementKind
}

// Name returns the element's English name, such as "instantaneous water
// level", or "" for an identifier outside table C.1.
func (id Identifier) Name() string { return id.info().name }

// Unit returns the element's unit, such as "m".
func (id Identifier) Unit() Unit { return id.info().unit }

// Code returns the ASCII identifier of table C.1, such as "Z" or "PN05", or
// "FFxx" (hex) for a user-defined identifier.
func (id Identifier) Code() string {
	if c := id.info().code; c != "" {
		return c
	}
	return fmt.Sprintf("%04X", uint16(id))
}

// String returns the code, such as "Z".
func (id Identifier) String() string { return id.Code() }

// MarshalText encodes the identifier as its code.
func (id Identifier) MarshalText() ([]byte, error) { return []byte(id.Code()), nil }

// info returns the table entry, the zero entry for unknown identifiers.
func (id Identifier) info() *elementInfo {
	if id > 0xFF {
		return &elementTable[0]
	}
	return &elementTable[id]
}

// defaultDef returns the data definition byte for a non-negative value of
// the identifier: high 5 bits the byte count, low 3 bits the decimals.
func (id Identifier) defaultDef() byte {
	inf := id.info()
	switch inf.kind {
	case kindStatus:
		return 4 << 3
	case kindTimeStep:
		return 0x18
	case kindRain5:
		return 12 << 3
	case kindLevel5:
		return 24 << 3
	}
	return byte((int(inf.digits)+1)/2<<3) | inf.scale
}

// Element is one element of a message body: the identifier, the data
// definition byte as sent and the decoded value.
type Element struct {
	// ID is the identifier.
	ID Identifier
	// Def is the data definition byte: high 5 bits the data byte count
	// (with the sign byte), low 3 bits the decimals. Zero when encoding
	// means the identifier's default from table C.1.
	Def byte
	// Value is the value; for the status word (ZT) Int holds its 32 bits.
	Value Value
	// Series holds the values of a series: the 12 five-minute values of
	// DRP and DRZ, or the values of a uniform-interval report. Series[i]
	// was observed at ObservedAt + i×Step. Nil for a single value.
	Series []Value
	// Step is the interval between the values of Series.
	Step time.Duration
	// ObservedAt is the observation time of the group the element follows,
	// the zero time when the body has none.
	ObservedAt time.Time
	// Raw aliases the element's data bytes in the frame for elements kept
	// raw (manual data, pictures, batch data) and for configuration
	// parameters. It is valid as long as the frame's bytes are.
	Raw []byte
}

// MarshalJSON encodes the element with its code, name and unit.
func (e Element) MarshalJSON() ([]byte, error) {
	type out struct {
		ID         string      `json:"id"`
		Name       string      `json:"name,omitempty"`
		Def        string      `json:"def"`
		Value      *Value      `json:"value,omitempty"`
		Unit       Unit        `json:"unit,omitempty"`
		Series     []Value     `json:"series,omitempty"`
		Step       string      `json:"step,omitempty"`
		ObservedAt *time.Time  `json:"observed_at,omitempty"`
		Raw        string      `json:"raw,omitempty"`
		Status     *StatusWord `json:"status,omitempty"`
	}
	o := out{ID: e.ID.Code(), Name: e.ID.Name(), Def: fmt.Sprintf("%02X", e.Def),
		Unit: e.ID.Unit(), Series: e.Series, Raw: fmt.Sprintf("%X", e.Raw)}
	if e.Series == nil && e.Raw == nil {
		v := e.Value
		o.Value = &v
	}
	if e.Step != 0 {
		o.Step = e.Step.String()
	}
	if !e.ObservedAt.IsZero() {
		o.ObservedAt = &e.ObservedAt
	}
	if e.ID == StatusAlarm && e.Value.Valid {
		w := StatusWord(e.Value.Int)
		o.Status = &w
	}
	return json.Marshal(o)
}

// numeric reports whether the identifier's data is a BCD number: a number
// of table C.1 or an identifier outside it.
func (inf *elementInfo) numeric() bool { return inf.kind == kindNumber || inf.kind == kindNone }
