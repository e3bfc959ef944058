package cjt188

// AppendRead appends a read-data request (C=0x01) for di to the meter of
// type t at a, either of which may be a wildcard, with sequence number ser.
func AppendRead(dst []byte, t MeterType, a Address, di DI, ser uint8) []byte {
	m := header(t, a, Control(FuncRead), di, ser)
	dst, _ = m.AppendBinary(dst)
	return dst
}

// AppendReadAddress appends a read-address request (C=0x03, DI 810A) to the
// wildcard type and address, to which the only meter on the bus replies.
func AppendReadAddress(dst []byte, ser uint8) []byte {
	m := header(TypeAny, Wildcard, Control(FuncReadAddress), DIAddress, ser)
	dst, _ = m.AppendBinary(dst)
	return dst
}

// AppendValve appends a valve control write (C=0x04, DI A017).
func AppendValve(dst []byte, t MeterType, a Address, ser uint8, cmd ValveCommand) []byte {
	m := header(t, a, Control(FuncWrite), DIValve, ser)
	m.Valve = cmd
	dst, _ = m.AppendBinary(dst)
	return dst
}

// AppendWriteTime appends a standard-time write (C=0x04, DI A015).
func AppendWriteTime(dst []byte, t MeterType, a Address, ser uint8, c Clock) ([]byte, error) {
	m := header(t, a, Control(FuncWrite), DIWriteTime, ser)
	m.Time = c
	return m.AppendBinary(dst)
}

// AppendReadingReply appends a metering-data reply (C=0x81, DI 901F) from
// the meter of type t at a, in the layout of its type.
func AppendReadingReply(dst []byte, t MeterType, a Address, ser uint8, r *Reading, st Status) ([]byte, error) {
	m := header(t, a, ControlReply|Control(FuncRead), DIReading, ser)
	m.Reading, m.Status = *r, st
	return m.AppendBinary(dst)
}

// AppendAddressReply appends a read-address reply (C=0x83, DI 810A) without
// the address repeated in the data.
func AppendAddressReply(dst []byte, t MeterType, a Address, ser uint8) []byte {
	m := header(t, a, ControlReply|Control(FuncReadAddress), DIAddress, ser)
	dst, _ = m.AppendBinary(dst)
	return dst
}

// AppendWriteReply appends a normal write reply (C=0x84) with status st.
func AppendWriteReply(dst []byte, t MeterType, a Address, di DI, ser uint8, st Status) []byte {
	m := header(t, a, ControlReply|Control(FuncWrite), di, ser)
	m.Status, m.HasStatus = st, true
	dst, _ = m.AppendBinary(dst)
	return dst
}

// AppendAbnormalReply appends an abnormal reply to function f (such as
// C=0xC1 for read data) with SER and status st.
func AppendAbnormalReply(dst []byte, t MeterType, a Address, f Function, ser uint8, st Status) []byte {
	m := header(t, a, ControlReply|ControlAbnormal|Control(f), 0, ser)
	m.Status = st
	dst, _ = m.AppendBinary(dst)
	return dst
}

// header returns a message with the fields every frame carries. Message is
// large, so builders keep it on the stack and encode it at once.
func header(t MeterType, a Address, c Control, di DI, ser uint8) Message {
	var m Message
	m.Type, m.Address, m.Control, m.DI, m.Seq = t, a, c, di, ser
	return m
}
