package sl651

import (
	"time"
)

// Message is a decoded frame: its header and the groups of its body. Which
// body fields are set depends on the function code and the direction; the
// rest keep their zero values. A Message can be reused across calls of
// [Decoder.Decode], which then allocates nothing.
type Message struct {
	// Header holds the frame fields around the body.
	Header Header `json:"header"`
	// Serial is the serial number: 1 to 65535 uplink, echoed in the
	// confirmation, 0 in commands the centre starts.
	Serial uint16 `json:"serial"`
	// SendTime is the send time of the body (YYMMDDHHmmSS) in the decoder's
	// location. In a set-clock command it is the time to set.
	SendTime time.Time `json:"send_time,omitzero"`
	// ClockSuspect reports that SendTime or an observation time is
	// implausible (see [Options]): the station's clock is probably not set.
	ClockSuspect bool `json:"clock_suspect,omitempty"`
	// Station is the address in the body's station group (F1 F1), usually
	// the header's station.
	Station Address `json:"station_group,omitzero"`
	// StationType is the station classification code after the station
	// group in reports, zero when absent.
	StationType StationType `json:"station_type,omitzero"`
	// ObservedAt is the first observation time group (F0 F0) of the body.
	ObservedAt time.Time `json:"observed_at,omitzero"`
	// Elements are the element groups in the order sent, or in a query the
	// requested identifiers with invalid values.
	Elements []Element `json:"elements,omitempty"`
	// From and To bound a period query (function 0x38), to the hour.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Switches is the state or command of pumps, valves or gates
	// (functions 0x4C to 0x4E).
	Switches Switches `json:"switches,omitzero"`
	// SetPoint is the water set-point control command or state (0x4F).
	SetPoint SetPoint `json:"set_point,omitzero"`
	// Events are the event counters ERC1 to ERC32 of an event query reply
	// (0x50); see [EventName].
	Events [32]uint16 `json:"events,omitzero"`
	// Version is the software version text of a version reply (0x45).
	Version string `json:"version,omitempty"`
	// Payload aliases the body bytes that the decoder keeps raw: the body of
	// one packet of a multi-packet message (before reassembly) and the body
	// of a user-defined function after serial and send time.
	Payload []byte `json:"payload,omitempty"`

	values []Value // backing array of the elements' series
}

// reset clears m for reuse and keeps the capacity of its slices.
func (m *Message) reset() {
	elements, values := m.Elements[:0], m.values[:0]
	openings := m.Switches.Openings[:0]
	*m = Message{}
	m.Elements, m.values = elements, values
	m.Switches.Openings = openings
}

// Element returns the first element with identifier id.
func (m *Message) Element(id Identifier) (Element, bool) {
	for _, e := range m.Elements {
		if e.ID == id {
			return e, true
		}
	}
	return Element{}, false
}

// Status returns the status and alarm word of the body (element ZT).
func (m *Message) Status() (StatusWord, bool) {
	e, ok := m.Element(StatusAlarm)
	if !ok || !e.Value.Valid {
		return 0, false
	}
	return StatusWord(e.Value.Int), true
}

// Options configures a [Decoder]. The zero value works: station clocks in
// China Standard Time, no comparison with a clock, suspect clocks flagged
// and not rejected, user-defined function codes rejected.
type Options struct {
	// Location is the time zone of the stations' clocks. Nil means China
	// Standard Time (UTC+8).
	Location *time.Location
	// Now returns the current time. When set, a send time further than
	// MaxClockSkew from Now, or an observation time further than
	// MaxClockSkew in the future, makes the message's clock suspect. When
	// nil, only a 2-digit year of 50 or more (2050 on) does: an RTC that
	// lost its setting often reads a year far from the present, such as 59.
	Now func() time.Time
	// MaxClockSkew is the difference from Now tolerated, 1 hour when zero.
	MaxClockSkew time.Duration
	// StrictClock makes a suspect clock an error wrapping [ErrClock]
	// instead of a flag on the message.
	StrictClock bool
	// UserFunctions accepts the user-defined function codes 0xE0 to 0xFF
	// and keeps their bodies raw after serial and send time.
	UserFunctions bool
}

// chinaStandardTime is UTC+8 without daylight saving time.
var chinaStandardTime = time.FixedZone("CST", 8*3600)

// latestYear is the last year that a 2-digit year up to 49 stands for when
// no clock is given: years 2050 on are taken for an unset clock.
const latestYear = 2049

// Decoder decodes frames with fixed [Options]. The zero value decodes with
// the zero Options. A Decoder is safe for concurrent use; the Message passed
// to Decode is not.
type Decoder struct {
	opts Options
}

// NewDecoder returns a decoder with the given options.
func NewDecoder(opts Options) *Decoder {
	if opts.MaxClockSkew == 0 {
		opts.MaxClockSkew = time.Hour
	}
	return &Decoder{opts: opts}
}

// location returns the configured location or China Standard Time.
func (d *Decoder) location() *time.Location {
	if d.opts.Location != nil {
		return d.opts.Location
	}
	return chinaStandardTime
}

// Decode decodes a complete frame in either form (7E 7E hex/BCD or SOH
// ASCII) into m, which it resets first. It checks the CRC and every field:
// a frame whose CRC passes but whose content is impossible is rejected with
// a [*FieldError] naming the field. Elements' Raw slices and Payload alias
// frame. The body of one packet of a multi-packet message (start SYN) is
// left raw in Payload; join the packets with a [Reassembler].
func (d *Decoder) Decode(frame []byte, m *Message) error {
	m.reset()
	if len(frame) > 0 && frame[0] == byte(SOH) {
		return d.decodeASCII(frame, m)
	}
	body, err := parseHeader(frame, &m.Header)
	if err != nil {
		return err
	}
	if err := d.checkFunction(m.Header.Function); err != nil {
		return err
	}
	if m.Header.Start == SYN {
		m.Payload = body
		return nil
	}
	p := parser{b: body, base: headerLen, d: d, m: m}
	return p.body()
}

// DecodeBody decodes the complete body of a message with header h, such as
// the body that a [Reassembler] joined from the packets of a multi-packet
// message, into m. A header with ASCII set takes a body in the ASCII form.
// Elements' Raw slices alias body.
func (d *Decoder) DecodeBody(h Header, body []byte, m *Message) error {
	m.reset()
	m.Header = h
	if err := d.checkFunction(h.Function); err != nil {
		return err
	}
	if h.ASCII {
		p := asciiParser{b: body, base: -1, d: d, m: m}
		return p.body()
	}
	p := parser{b: body, base: -1, d: d, m: m}
	return p.body()
}

// checkFunction rejects function codes the decoder does not accept.
func (d *Decoder) checkFunction(f FunctionCode) error {
	if f.Known() || (f.UserDefined() && d.opts.UserFunctions) {
		return nil
	}
	return &FieldError{Field: "function code", Offset: offFunction, Value: f.String(),
		Reason: "not defined by SL 651-2014 appendix B", Err: ErrUnknownFunction}
}

// Decode decodes one frame with the zero [Options] into a new Message.
func Decode(frame []byte) (*Message, error) {
	m := new(Message)
	var d Decoder
	if err := d.Decode(frame, m); err != nil {
		return nil, err
	}
	return m, nil
}

// Clone returns a deep copy of m that shares no memory with m or with the
// frame it was decoded from, to keep after the frame's buffer is reused.
func (m *Message) Clone() Message {
	c := *m
	c.values = nil
	c.Elements = make([]Element, len(m.Elements))
	for i, e := range m.Elements {
		e.Raw = cloneBytes(e.Raw)
		if e.Series != nil {
			e.Series = append([]Value{}, e.Series...)
		}
		c.Elements[i] = e
	}
	if m.Elements == nil {
		c.Elements = nil
	}
	c.Switches.States = cloneBytes(m.Switches.States)
	if m.Switches.Openings != nil {
		c.Switches.Openings = append([]Value{}, m.Switches.Openings...)
	}
	c.Payload = cloneBytes(m.Payload)
	return c
}

func cloneBytes(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte{}, b...)
}
