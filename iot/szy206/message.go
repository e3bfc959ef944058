package szy206

import (
	"encoding/json"
	"fmt"
	"time"
)

// Presence controls whether a frame carries an optional field of the auxiliary
// region: the password PW or the time label Tp.
type Presence uint8

// Presence of PW and Tp.
const (
	// Auto decides from the frame's length, which is unambiguous for every
	// fixed-length body and nearly every self-report.
	Auto Presence = iota
	// Always requires the field.
	Always
	// Never forbids the field.
	Never
)

// Variant describes how a terminal model fills the optional parts of its
// frames. Vendors differ in the time label's length and in when they send
// the label and the password, so these are configuration, not separate
// decoders. The zero value is SZY 206-2016 with both decided by length.
type Variant struct {
	// TimeLabel is the length of Tp: TimeLabel5 (SZY 206-2016, no month or
	// year) or TimeLabel7 (SL/T 427-2021). Zero means TimeLabel5.
	TimeLabel int
	// UplinkTime controls whether terminal frames carry Tp.
	UplinkTime Presence
	// DownlinkTime controls whether centre frames carry Tp.
	DownlinkTime Presence
	// Password controls whether centre frames of the settings and controls
	// (AFN 10H to 34H, 90H to A1H) carry the 2-byte password PW. Other
	// frames never do.
	Password Presence
	// Sign is the sign rule of signed numbers (levels, flows, volumes).
	Sign SignRule
	// FlowUnit is the unit of instantaneous flow, "m³/s" when empty; some
	// pipe terminals send m³/h.
	FlowUnit Unit
	// RawAFNs are vendor application function codes to accept. Their data
	// and auxiliary region are kept raw in Message.Payload.
	RawAFNs []AFN
}

// SLT427 returns the variant of SL/T 427-2021 terminals: a 7-byte time
// label with month and year, its presence decided by length.
func SLT427() Variant { return Variant{TimeLabel: TimeLabel7} }

// timeLabelLen returns the configured length of Tp.
func (v *Variant) timeLabelLen() int {
	if v.TimeLabel == TimeLabel7 {
		return TimeLabel7
	}
	return TimeLabel5
}

// rawAFN reports whether a is one of the configured vendor codes.
func (v *Variant) rawAFN(a AFN) bool {
	for _, r := range v.RawAFNs {
		if r == a {
			return true
		}
	}
	return false
}

// Options configures a [Decoder]. The zero value decodes SZY 206-2016
// frames with clocks in China Standard Time.
type Options struct {
	// Variant describes the terminal model's frames.
	Variant Variant
	// Location is the time zone of the terminals' clocks, China Standard Time
	// (UTC+8) when nil.
	Location *time.Location
	// Now returns the current time. When set, a clock (AFN 11H, 51H) or a
	// time label further than MaxClockSkew from Now makes the message's
	// clock suspect. When nil, only a 2-digit year of 50 or more does, which
	// 5-byte labels cannot show.
	Now func() time.Time
	// MaxClockSkew is the tolerated difference from Now, 1 hour when zero.
	MaxClockSkew time.Duration
	// StrictClock makes a suspect clock an error wrapping [ErrClock].
	StrictClock bool
}

// chinaStandardTime is UTC+8 without daylight saving time.
var chinaStandardTime = time.FixedZone("CST", 8*3600)

// latestYear is the last year a 2-digit year stands for when no clock is
// given: years from 2050 are taken for an unset clock.
const latestYear = 2049

// Header holds the fields of a frame around its application data.
type Header struct {
	// Control is the control byte C.
	Control Control `json:"control"`
	// SplitCount is the split frame counter DIVS after C when
	// Control.Split() is true, else 0.
	SplitCount uint8 `json:"split_count,omitempty"`
	// Address is the address field A.
	Address Address `json:"address"`
	// AFN is the application function code.
	AFN AFN `json:"afn"`
	// Password is the password PW when HasPassword.
	Password    uint16 `json:"password,omitempty"`
	HasPassword bool   `json:"has_password,omitempty"`
	// TimeLabel is the time label Tp, zero when absent.
	TimeLabel TimeLabel `json:"time_label,omitzero"`
	// CRC is the frame's CRC-8; the encoder computes it.
	CRC byte `json:"crc"`
}

// Message is a decoded frame. Which data fields are set depends on the AFN
// and the direction; the rest keep their zero values. A Message can be
// reused across calls of [Decoder.Decode].
type Message struct {
	Header Header `json:"header"`
	// Link is the state of a link check (AFN 02H).
	Link LinkState `json:"link,omitzero"`
	// Items are the values of a self-report or realtime reply, in the order
	// sent.
	Items []Item `json:"items,omitempty"`
	// Alarm and Status are the words that end a self-report and reply to a
	// status query (AFN 5EH), set when HasStatus.
	Alarm     AlarmWord  `json:"alarm,omitzero"`
	Status    StatusWord `json:"status,omitzero"`
	HasStatus bool       `json:"has_status,omitempty"`
	// Clock is the terminal clock of a set-clock command or clock reply
	// (AFN 11H, 51H), in the decoder's location.
	Clock time.Time `json:"clock,omitzero"`
	// ClockSuspect reports that Clock or the time label is implausible.
	ClockSuspect bool `json:"clock_suspect,omitempty"`
	// Mode is the working mode of AFN 12H and 52H, set when HasMode.
	Mode    WorkMode `json:"mode,omitzero"`
	HasMode bool     `json:"has_mode,omitempty"`
	// Water holds recharge, remaining water and set-point volumes.
	Water Water `json:"water,omitzero"`
	// Target is the address of a set-address command or address reply.
	Target Address `json:"target,omitzero"`
	// NewPassword is the password of a change-password command (AFN 96H).
	NewPassword uint16 `json:"new_password,omitempty"`
	// Unit is the pump, valve or gate number of a remote start or stop
	// (AFN 92H, 93H).
	Unit uint8 `json:"unit,omitempty"`
	// Pump is the pump motor data of AFN 5FH.
	Pump PumpData `json:"pump,omitzero"`
	// Events are the event counters ERC1 to ERC32 of AFN 5DH.
	Events [32]uint16 `json:"events,omitzero"`
	// Payload aliases the data the decoder keeps raw: vendor AFNs and the
	// settings whose layout the package does not decode.
	Payload []byte `json:"payload,omitempty"`
}

// Water holds the water volumes of IC card and set-point terminals in m³,
// each valid only when the frame carries it.
type Water struct {
	// Recharge is this or the last successful recharge (AFN 15H, 55H).
	Recharge Value `json:"recharge,omitzero"`
	// Remaining is the remaining water (AFN 55H, 56H), negative when
	// overdrawn.
	Remaining Value `json:"remaining,omitzero"`
	// AlarmLevel is the remaining-water alarm value (AFN 16H, 56H).
	AlarmLevel Value `json:"alarm_level,omitzero"`
	// SetPoint is the set-point volume (AFN 34H).
	SetPoint Value `json:"set_point,omitzero"`
}

// PumpData is the pump motor's realtime data (AFN 5FH): the three phase
// voltages in V and currents in A.
type PumpData struct {
	Voltage [3]Value `json:"voltage_v"`
	Current [3]Value `json:"current_a"`
	// Valid reports whether the frame carried the data.
	Valid bool `json:"valid"`
}

// IsZero reports whether the frame carried no pump data.
func (p PumpData) IsZero() bool { return !p.Valid }

// Up reports whether the message travels from the terminal to the centre.
func (m *Message) Up() bool { return m.Header.Control.Up() }

// reset clears m for reuse and keeps the capacity of Items.
func (m *Message) reset() {
	items := m.Items[:0]
	*m = Message{}
	m.Items = items
}

// Clone returns a deep copy of m that shares no memory with m or with the
// frame it was decoded from, to keep after the frame's buffer is reused.
func (m *Message) Clone() Message {
	c := *m
	if m.Items != nil {
		c.Items = append([]Item{}, m.Items...)
	}
	if m.Payload != nil {
		c.Payload = append([]byte{}, m.Payload...)
	}
	return c
}

// MarshalJSON encodes the header with the password and CRC as hex digits.
func (h Header) MarshalJSON() ([]byte, error) {
	type plain Header
	pw := ""
	if h.HasPassword {
		pw = fmt.Sprintf("%04X", h.Password)
	}
	return json.Marshal(struct {
		plain
		Password string `json:"password,omitempty"`
		CRC      string `json:"crc"`
	}{plain(h), pw, fmt.Sprintf("%02X", h.CRC)})
}
