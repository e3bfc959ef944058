package dlt645

// AppendReadRequest appends a read-data request (C=0x11) for di to the meter
// at a, which may be a wildcard, and returns the extended buffer.
func AppendReadRequest(dst []byte, a Address, di DI) []byte {
	dst, start := begin(dst, a, Control(FuncRead))
	w := di.wire()
	dst, _ = finish(appendData(dst, w[:]...), start)
	return dst
}

// AppendReadFollowUp appends a read-follow-up request (C=0x12) for frame seq
// of di.
func AppendReadFollowUp(dst []byte, a Address, di DI, seq uint8) []byte {
	dst, start := begin(dst, a, Control(FuncReadFollowUp))
	w := di.wire()
	dst = appendData(appendData(dst, w[:]...), seq)
	dst, _ = finish(dst, start)
	return dst
}

// AppendReadAddress appends a read-address request (C=0x13) to the wildcard
// address, to which the only meter on the bus replies with its address.
func AppendReadAddress(dst []byte) []byte {
	dst, start := begin(dst, Wildcard, Control(FuncReadAddress))
	dst, _ = finish(dst, start)
	return dst
}

// AppendWriteAddress appends a write-address request (C=0x15) to the wildcard
// address that sets the address of the only meter on the bus to a, which
// must be 12 digits. Some masters send it to the meter's current address
// instead, and [Message] accepts both.
func AppendWriteAddress(dst []byte, a Address) ([]byte, error) {
	if err := a.checkPlain("address", -1); err != nil {
		return dst, err
	}
	dst, start := begin(dst, Wildcard, Control(FuncWriteAddress))
	return finish(appendData(dst, a[:]...), start)
}

// AppendBroadcastTime appends a broadcast time sync (C=0x08) to all meters,
// which set their clocks to c without replying. DL/T 645-2007 lets meters
// accept it only within five minutes of their own clock and once a day.
func AppendBroadcastTime(dst []byte, c Clock) ([]byte, error) {
	dst, start := begin(dst, Broadcast, Control(FuncBroadcastTime))
	dst, err := appendClock(dst, c, KindDateTime)
	if err != nil {
		return dst[:start], err
	}
	return finish(dst, start)
}

// AppendReadReply appends a normal read reply (C=0x91) from the meter at a
// with the data of it, and sets the follow-up flag (C=0xB1) when more is true.
func AppendReadReply(dst []byte, a Address, it *Item, more bool) ([]byte, error) {
	c := ControlReply | Control(FuncRead)
	if more {
		c |= ControlFollowUp
	}
	dst, start := begin(dst, a, c)
	w := it.DI.wire()
	dst, err := it.appendTo(appendData(dst, w[:]...))
	if err != nil {
		return dst[:start], err
	}
	return finish(dst, start)
}

// AppendAddressReply appends the reply to a read-address request (C=0x93).
func AppendAddressReply(dst []byte, a Address) []byte {
	dst, start := begin(dst, a, ControlReply|Control(FuncReadAddress))
	dst, _ = finish(appendData(dst, a[:]...), start)
	return dst
}

// AppendAbnormalReply appends an abnormal reply (such as C=0xD1 for read)
// to a request of function f, with error status s.
func AppendAbnormalReply(dst []byte, a Address, f Function, s ErrorStatus) []byte {
	dst, start := begin(dst, a, ControlReply|ControlAbnormal|Control(f))
	dst, _ = finish(appendData(dst, byte(s)), start)
	return dst
}
