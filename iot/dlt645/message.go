package dlt645

import (
	"strconv"
)

// Message is a decoded frame with its data interpreted by function, the form
// in which a centre station or a gateway reads frames a transparent DTU
// forwards. The zero value is an empty message; decoding into a reused
// Message does not allocate.
//
// By control code the fields hold:
//
//   - read request (0x11): DI, and in Item as raw bytes the block count and
//     time of a load-record read (L 5 or 10);
//   - read reply (0x91, 0xB1 with follow-up): DI and the decoded Item;
//   - read follow-up request (0x12) and reply (0x92, 0xB2): DI, Seq, Item;
//   - read-address reply (0x93) and write-address request (0x15): the address
//     in Item.Address (KindAddress);
//   - broadcast time sync (0x08): the time in Item.Clock (KindDateTime);
//   - write request (0x14): DI, and password, operator code and data raw in
//     Item;
//   - abnormal reply (0xC0 bit pattern): Status, see [Message.Err];
//   - other functions: the whole data field raw in Item.
type Message struct {
	Frame
	DI     DI          // data identifier of read and write messages
	Seq    uint8       // frame sequence number of read follow-up messages
	Status ErrorStatus // error status word of an abnormal reply
	Item   Item
}

// Err returns an [*AbnormalError] for an abnormal reply, else nil.
func (m *Message) Err() error {
	if !m.Control.Reply() || !m.Control.Abnormal() {
		return nil
	}
	return &AbnormalError{Address: m.Address, Function: m.Control.Function(), Status: m.Status}
}

// UnmarshalBinary decodes one frame, with optional 0xFE preamble, and its
// data. Besides the checks of [Frame.UnmarshalBinary] it rejects data whose
// length does not fit the function and data identifier. It also rejects
// digits that are not BCD, impossible dates and clocks, power factors above
// 1, and addresses that a message of this kind cannot carry. Each rejection
// is a [*FieldError]. Data of identifiers that this package does not decode
// is kept raw in Item.
func (m *Message) UnmarshalBinary(b []byte) error {
	m.DI, m.Seq, m.Status = 0, 0, 0
	m.Item.reset(0, KindRaw)
	plain, err := m.Frame.unmarshal(b)
	if err != nil {
		return err
	}
	if m.Control.Reply() {
		return m.decodeReply(plain)
	}
	return m.decodeRequest()
}

const dataOff = headerLen // frame offset of the first data byte

func (m *Message) decodeRequest() error {
	data := m.Data()
	f := m.Control.Function()
	if f != FuncBroadcastTime && f != FuncFreeze && m.Address.IsBroadcast() {
		return fieldError("address", 1, m.Address.String(), "a meter or wildcard address for "+f.String(), ErrRange)
	}
	switch f {
	case FuncBroadcastTime:
		if m.Address != Broadcast {
			return fieldError("address", 1, m.Address.String(), Broadcast.String(), ErrRange)
		}
		if err := wantLength(len(data), 6); err != nil {
			return err
		}
		m.Item.Kind = KindDateTime
		var err error
		m.Item.Clock, err = decodeDateTime(data, dataOff)
		return err
	case FuncRead:
		if len(data) != 4 && len(data) != 5 && len(data) != 10 {
			return fieldError("length", 9, strconv.Itoa(len(data)), "4, 5 or 10", ErrLength)
		}
		m.DI = diFromWire(data)
		return m.Item.SetText(m.DI, KindRaw, data[4:])
	case FuncReadFollowUp:
		if err := wantLength(len(data), 5); err != nil {
			return err
		}
		m.DI, m.Seq = diFromWire(data), data[4]
		m.Item.DI = m.DI
		return nil
	case FuncReadAddress:
		return wantLength(len(data), 0)
	case FuncWriteAddress:
		if err := wantLength(len(data), 6); err != nil {
			return err
		}
		m.Item.Kind = KindAddress
		copy(m.Item.Address[:], data)
		return m.Item.Address.checkPlain("new address", dataOff)
	case FuncWrite:
		if len(data) < 12 {
			return fieldError("length", 9, strconv.Itoa(len(data)), "at least 12", ErrLength)
		}
		m.DI = diFromWire(data)
		return m.Item.SetText(m.DI, KindRaw, data[4:])
	}
	return m.Item.SetText(0, KindRaw, data)
}

func wantLength(n, want int) error {
	if n != want {
		return fieldError("length", 9, strconv.Itoa(n), strconv.Itoa(want), ErrLength)
	}
	return nil
}

// decodeReply decodes the data of a reply. plain reports whether the
// header address is 12 plain BCD digits, as a meter's own address must be.
func (m *Message) decodeReply(plain bool) error {
	if !plain {
		if err := m.Address.checkPlain("address", 1); err != nil {
			return err
		}
	}
	data := m.Data()
	f := m.Control.Function()
	if m.Control.Abnormal() {
		if f == FuncSecurity {
			return m.Item.SetText(0, KindRaw, data)
		}
		if err := wantLength(len(data), 1); err != nil {
			return err
		}
		m.Status = ErrorStatus(data[0])
		return nil
	}
	switch f {
	case FuncRead:
		if len(data) < 4 {
			return fieldError("length", 9, strconv.Itoa(len(data)), "at least 4", ErrLength)
		}
		m.DI = diFromWire(data)
		return m.Item.decode(m.DI, data[4:], dataOff+4)
	case FuncReadFollowUp:
		if len(data) < 5 {
			return fieldError("length", 9, strconv.Itoa(len(data)), "at least 5", ErrLength)
		}
		m.DI, m.Seq = diFromWire(data), data[len(data)-1]
		return m.Item.decode(m.DI, data[4:len(data)-1], dataOff+4)
	case FuncReadAddress:
		if err := wantLength(len(data), 6); err != nil {
			return err
		}
		m.Item.Kind = KindAddress
		copy(m.Item.Address[:], data)
		if m.Item.Address != m.Address {
			return fieldError("address", dataOff, m.Item.Address.String(), m.Address.String()+" as in the header", ErrRange)
		}
		return nil
	case FuncWrite, FuncWriteAddress, FuncFreeze, FuncDemandReset, FuncMeterReset,
		FuncEventReset, FuncTrip:
		return wantLength(len(data), 0)
	case FuncBaudRate:
		if err := wantLength(len(data), 1); err != nil {
			return err
		}
	case FuncPassword:
		if err := wantLength(len(data), 4); err != nil {
			return err
		}
	}
	return m.Item.SetText(0, KindRaw, data)
}

// AppendBinary encodes m, without preamble, from the fields that its control
// code uses (see [Message]) and appends it to dst. Data identifiers the
// package decodes are encoded in their layout from Item, others from Item's raw
// bytes.
func (m *Message) AppendBinary(dst []byte) ([]byte, error) {
	dst, start := begin(dst, m.Address, m.Control)
	var err error
	if dst, err = m.appendData(dst); err != nil {
		return dst[:start], err
	}
	return finish(dst, start)
}

func (m *Message) appendData(dst []byte) ([]byte, error) {
	f := m.Control.Function()
	di := m.DI.wire()
	switch {
	case m.Control.Reply() && m.Control.Abnormal() && f != FuncSecurity:
		return appendData(dst, byte(m.Status)), nil
	case m.Control.Reply() && f == FuncRead:
		return m.Item.appendTo(appendData(dst, di[:]...))
	case m.Control.Reply() && f == FuncReadFollowUp:
		dst, err := m.Item.appendTo(appendData(dst, di[:]...))
		return appendData(dst, m.Seq), err
	case !m.Control.Reply() && f == FuncReadFollowUp:
		return appendData(appendData(dst, di[:]...), m.Seq), nil
	case !m.Control.Reply() && (f == FuncRead || f == FuncWrite):
		return appendData(appendData(dst, di[:]...), m.Item.Text()...), nil
	case m.Control.Reply() && f == FuncReadAddress, !m.Control.Reply() && f == FuncWriteAddress:
		return appendData(dst, m.Item.Address[:]...), nil
	case !m.Control.Reply() && f == FuncBroadcastTime:
		return appendClock(dst, m.Item.Clock, KindDateTime)
	}
	return appendData(dst, m.Item.Text()...), nil
}
