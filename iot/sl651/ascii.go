package sl651

func (d *Decoder) decodeASCII(frame []byte, m *Message) error {
	return formatError("frame start", 0, frame[:1], "ASCII form not supported yet")
}
