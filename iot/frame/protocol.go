package frame

// Status is the verdict of [Protocol.Find] on the bytes it was given.
type Status uint8

const (
	// NeedMore means no complete frame is buffered yet.
	NeedMore Status = iota
	// Found means a complete frame with a valid checksum was located.
	Found
	// BadChecksum is a frame candidate whose checksum or CRC does not match.
	BadChecksum
	// BadLength is a candidate whose length field is outside the protocol's
	// range or longer than the stream's buffer.
	BadLength
	// BadEnd is a candidate whose end byte (0x16 for DL/T 645, 0x03 or
	// similar for SL 651) is missing where the length puts it.
	BadEnd
	// BadHeader is a candidate whose header bytes after the start byte do not
	// match the protocol, such as a missing second 0x68.
	BadHeader
)

var statusNames = [...]string{
	NeedMore:    "need more",
	Found:       "found",
	BadChecksum: "bad checksum",
	BadLength:   "bad length",
	BadEnd:      "bad end byte",
	BadHeader:   "bad header",
}

// String returns the status in words, such as "bad checksum".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown status"
}

// Bad reports whether s marks a false start that the stream skips.
func (s Status) Bad() bool {
	return s >= BadChecksum && s <= BadHeader
}

// Protocol recognises the frames of one protocol in a byte slice. The package
// documentation states the contract that Find must keep.
type Protocol interface {
	// Find returns where the first frame in buf starts, its length and
	// whether it is complete, incomplete or a false start.
	Find(buf []byte) (start, n int, status Status)
}

// Preambler is a [Protocol] whose frames may follow wake-up bytes. A skipped
// byte equal to Preamble is counted in [Stats.Preamble], any other in
// [Stats.Noise].
type Preambler interface {
	Protocol
	// Preamble returns the wake-up byte, 0xFE for DL/T 645 and CJ/T 188.
	Preamble() byte
}

// ProtocolFunc adapts a function to [Protocol].
type ProtocolFunc func(buf []byte) (start, n int, status Status)

// Find calls f(buf).
func (f ProtocolFunc) Find(buf []byte) (start, n int, status Status) {
	return f(buf)
}
