package cjt188

import "strconv"

// Message is a decoded frame with its data interpreted, as a concentrator
// or a centre station reads frames that a transparent DTU forwards. The zero
// value is an empty message; decoding into a reused Message does not
// allocate.
//
// Every normal frame carries DI and Seq (the sequence number SER, which the
// meter echoes). By function and identifier the other fields hold:
//
//   - metering-data reply (C=0x81, DI 901F): Reading and Status;
//   - history reply (C=0x81, DI D120-D12B): Reading.Flow;
//   - read-address reply (C=0x83): Address, with EchoAddress set when the
//     meter repeats its address in the data;
//   - valve control (C=0x04, DI A017): Valve;
//   - time write (C=0x04, DI A015): Time;
//   - write-address request (C=0x15): NewAddress;
//   - write and sync replies (C=0x84, 0x96): Status, when HasStatus;
//   - abnormal reply (C=0xC1 and the like): Seq and Status, see [Message.Err];
//   - anything else: the bytes after DI and SER in [Message.Rest].
type Message struct {
	Frame
	DI          DI
	Swapped     bool  // DI was sent low byte first, as some vendors do
	Seq         uint8 // sequence number SER
	Status      Status
	HasStatus   bool
	Reading     Reading
	Valve       ValveCommand
	Time        Clock
	NewAddress  Address
	EchoAddress bool
	rest        []byte
}

// Rest returns the data after DI and SER that the fields above do not hold.
// It aliases m.
func (m *Message) Rest() []byte { return m.rest }

// Err returns an [*AbnormalError] for an abnormal reply, else nil.
func (m *Message) Err() error {
	if !m.Control.Reply() || !m.Control.Abnormal() {
		return nil
	}
	return &AbnormalError{Type: m.Type, Address: m.Address, Function: m.Control.Function(), Status: m.Status}
}

// layout is the arrangement of the data after DI and SER.
type layout uint8

const (
	layoutRest layout = iota
	layoutNone
	layoutReading
	layoutHistory
	layoutEchoAddress // optional copy of the header address
	layoutOptStatus   // optional status word
	layoutValve
	layoutTime
	layoutNewAddress
)

func (m *Message) layout() layout {
	f, reply := m.Control.Function(), m.Control.Reply()
	switch {
	case reply && f == FuncRead && m.DI == DIReading:
		return layoutReading
	case reply && f == FuncRead && m.DI.isHistory():
		return layoutHistory
	case reply && f == FuncReadAddress:
		return layoutEchoAddress
	case reply && (f == FuncWrite || f == FuncWriteSync):
		return layoutOptStatus
	case reply && f == FuncWriteAddress:
		return layoutNone
	case !reply && (f == FuncRead || f == FuncReadAddress || f == FuncReadKey):
		return layoutNone
	case !reply && f == FuncWrite && m.DI == DIValve:
		return layoutValve
	case !reply && f == FuncWrite && m.DI == DIWriteTime:
		return layoutTime
	case !reply && f == FuncWriteAddress:
		return layoutNewAddress
	}
	return layoutRest
}

// UnmarshalBinary decodes one frame, with optional 0xFE preamble, and its
// data. Besides the checks of [Frame.UnmarshalBinary] it rejects data whose
// length does not match the layout of the function, identifier and meter
// type. It also rejects digits that are not BCD, unknown unit codes, units
// that do not measure the field (a flow in kWh), impossible dates and clocks,
// and replies without a concrete meter type and address. Each rejection is a
// [*FieldError].
func (m *Message) UnmarshalBinary(b []byte) error {
	m.reset()
	if err := m.Frame.UnmarshalBinary(b); err != nil {
		return err
	}
	if m.Control.Reply() {
		if m.Type == TypeAny {
			return fieldError("meter type", 1, hexByte(byte(m.Type)), "a concrete type in a reply", ErrRange)
		}
		if err := m.Address.checkPlain("address", 2); err != nil {
			return err
		}
	}
	data := m.Data()
	if m.Control.Reply() && m.Control.Abnormal() {
		return m.decodeAbnormal(data)
	}
	if len(data) < 3 {
		return fieldError("length", 10, strconv.Itoa(len(data)), "at least 3 (DI and SER)", ErrLength)
	}
	m.DI, m.Swapped = diFromWire(data[0], data[1])
	m.Seq = data[2]
	return m.decodeRest(data[3:], headerLen+3)
}

func (m *Message) reset() {
	m.DI, m.Swapped, m.Seq, m.Status, m.HasStatus = 0, false, 0, 0, false
	m.Reading, m.Valve, m.Time = Reading{}, 0, Clock{}
	m.NewAddress, m.EchoAddress, m.rest = Address{}, false, nil
}

// decodeAbnormal reads SER and ST, optionally after a DI as some meters send.
func (m *Message) decodeAbnormal(data []byte) error {
	switch len(data) {
	case 5:
		m.DI, m.Swapped = diFromWire(data[0], data[1])
		data = data[2:]
	case 3:
	default:
		return fieldError("length", 10, strconv.Itoa(len(data)), "3 (SER and ST) or 5", ErrLength)
	}
	m.Seq = data[0]
	m.Status, m.HasStatus = Status(data[1])|Status(data[2])<<8, true
	return nil
}

func (m *Message) decodeRest(b []byte, off int) error {
	var err error
	switch m.layout() {
	case layoutReading:
		m.Status, err = decodeReading(&m.Reading, m.Type, b, off)
		m.HasStatus = err == nil
		return err
	case layoutHistory:
		if err = wantLength(len(b), historyLen); err != nil {
			return err
		}
		m.Reading.Flow, err = quantity(b, "flow", off, 2, QuantityVolume)
		return err
	case layoutEchoAddress:
		return m.decodeEcho(b, off)
	case layoutOptStatus:
		if len(b) == 2 {
			m.Status, m.HasStatus = Status(b[0])|Status(b[1])<<8, true
			return nil
		}
		return wantLength(len(b), 0)
	case layoutNone:
		return wantLength(len(b), 0)
	case layoutValve:
		if err = wantLength(len(b), 1); err != nil {
			return err
		}
		m.Valve = ValveCommand(b[0])
		return nil
	case layoutTime:
		if err = wantLength(len(b), 7); err != nil {
			return err
		}
		var absent bool
		if m.Time, absent, err = decodeClock(b, off); err == nil && absent {
			err = fieldError("time", off, "no time", "a date and time", ErrRange)
		}
		return err
	case layoutNewAddress:
		if err = wantLength(len(b), 7); err != nil {
			return err
		}
		copy(m.NewAddress[:], b)
		return m.NewAddress.checkPlain("new address", off)
	}
	m.rest = b
	return nil
}

func (m *Message) decodeEcho(b []byte, off int) error {
	if len(b) == 0 {
		return nil
	}
	if err := wantLength(len(b), 7); err != nil {
		return err
	}
	var echo Address
	copy(echo[:], b)
	if echo != m.Address {
		return fieldError("address", off, echo.String(), m.Address.String()+" as in the header", ErrRange)
	}
	m.EchoAddress = true
	return nil
}

// wantLength checks n, the data length after DI and SER.
func wantLength(n, want int) error {
	if n != want {
		return fieldError("length", 10, strconv.Itoa(n+3), strconv.Itoa(want+3), ErrLength)
	}
	return nil
}

// AppendBinary encodes m, without preamble, from the fields its function and
// identifier use (see [Message]) and appends it to dst.
func (m *Message) AppendBinary(dst []byte) ([]byte, error) {
	dst, start := begin(dst, m.Type, m.Address, m.Control)
	var err error
	if m.Control.Reply() && m.Control.Abnormal() {
		dst = append(dst, m.Seq, byte(m.Status), byte(m.Status>>8))
	} else if dst, err = m.appendRest(m.appendDI(dst)); err != nil {
		return dst[:start], err
	}
	return finish(dst, start)
}

func (m *Message) appendDI(dst []byte) []byte {
	hi, lo := byte(m.DI>>8), byte(m.DI)
	if m.Swapped {
		hi, lo = lo, hi
	}
	return append(dst, hi, lo, m.Seq)
}

func (m *Message) appendRest(dst []byte) ([]byte, error) {
	switch m.layout() {
	case layoutReading:
		return appendReading(dst, &m.Reading, m.Type, m.Status)
	case layoutHistory:
		return appendQuantity(dst, m.Reading.Flow)
	case layoutEchoAddress:
		if m.EchoAddress {
			dst = append(dst, m.Address[:]...)
		}
		return dst, nil
	case layoutOptStatus:
		if m.HasStatus {
			dst = append(dst, byte(m.Status), byte(m.Status>>8))
		}
		return dst, nil
	case layoutNone:
		return dst, nil
	case layoutValve:
		return append(dst, byte(m.Valve)), nil
	case layoutTime:
		return appendClock(dst, m.Time, false)
	case layoutNewAddress:
		return append(dst, m.NewAddress[:]...), nil
	}
	return append(dst, m.rest...), nil
}
