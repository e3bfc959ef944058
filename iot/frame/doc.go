// Package frame cuts a byte stream from a serial line, a DTU or a TCP
// connection into the frames of a telemetry protocol. One [Stream] serves
// every protocol: the protocol supplies a [Protocol] that recognises its own
// frames, and the stream does the buffering, the skipping and the counting.
//
// A Stream has a fixed-size buffer per connection and never grows it. It copes
// with a frame split across many reads and with several frames in one read. It
// skips wake-up preambles (0xFE before DL/T 645 and CJ/T 188 frames) and noise,
// and resynchronises after a false start such as a bad checksum by moving one
// byte past the false start and scanning again. Every skipped byte is counted
// once, by reason, in [Stats]. Returned frames point into the buffer, so a
// stream allocates nothing per frame.
//
// # The Protocol contract
//
// Find(buf) looks at the buffered bytes that are not yet consumed and returns
// (start, n, status):
//
//   - [Found]: buf[start:start+n] is one complete frame whose checksum and
//     end byte are valid. The stream skips buf[:start] and returns the frame.
//   - [NeedMore]: no complete frame yet. Bytes before start cannot begin a
//     frame and are skipped; buf[start:] is kept for the next call. With no
//     candidate at all, start is len(buf), or len(buf)-k when the last k bytes
//     could be the beginning of a header (a lone 0x68, or 0x7E at the end). n is
//     the total length the candidate frame will have when the header already
//     gives it, else 0. A frame longer than the buffer is rejected as
//     [BadLength] at once instead of filling the buffer.
//   - [BadChecksum], [BadLength], [BadEnd], [BadHeader]: buf[start] looked
//     like the first byte of a frame but is not. The stream skips buf[:start]
//     and the byte at start, then calls Find again on what follows, so a real
//     frame that begins inside the false one is still found. n is ignored.
//
// Find must be consistent under extension: when it returns Found or a Bad
// status for buf, it returns the same for every longer buf that begins with
// buf, and bytes it skips before start under NeedMore are never part of a
// frame however the stream continues. It decides from the bytes alone, keeps
// no state between calls and must not retain buf. Given that, a Stream yields
// the same frames and the same [Stats] however the bytes are split into reads.
//
// A protocol finds a frame in three steps: look for the start byte, read the
// length from the header (return NeedMore while the header or the body is
// incomplete), then check the end byte and the checksum. A `68 L 68` header
// (SZY 206) and a `7E 7E` header (SL 651) fit the same pattern as
// `68 A0..A5 68` (DL/T 645). A protocol whose frames may follow wake-up bytes
// also implements [Preambler], so that those bytes are counted as preamble
// rather than noise.
//
// # Concurrency
//
// A Stream belongs to one connection and one goroutine. Protocol values are
// stateless and may be shared.
package frame
