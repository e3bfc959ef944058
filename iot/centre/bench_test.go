package centre

import (
	"context"
	"encoding/binary"
	"testing"

	"github.com/shuxiang/shuxiang/iot/sl651"
)

// BenchmarkServerReports sends SL 651 timed reports down one loopback
// connection and measures the server from the socket to the Handler: the
// framer, the decoder, the confirmation and the queue.
func BenchmarkServerReports(b *testing.B) {
	done := make(chan struct{})
	var n int
	h := HandlerFunc(func(_ context.Context, e *Event) {
		if e.Kind != Message {
			return
		}
		if n++; n == b.N {
			close(done)
		}
	})
	_, addr := startServer(b, Config{Handler: h, ByteRate: -1})
	conn := dial(b, addr)
	go discardAcks(conn)
	frame := timedReport(b, stationAddress(1), 1, observed, 1)
	batch := make([]byte, 0, 64*len(frame))

	b.ReportAllocs()
	b.SetBytes(int64(len(frame)))
	b.ResetTimer()
	for i := 0; i < b.N; {
		batch = batch[:0]
		for ; i < b.N && len(batch) < cap(batch); i++ {
			binary.BigEndian.PutUint16(frame[14:], uint16(i))
			binary.BigEndian.PutUint16(frame[len(frame)-2:], sl651.CRC(frame[:len(frame)-2]))
			batch = append(batch, frame...)
		}
		if _, err := conn.Write(batch); err != nil {
			b.Fatal(err)
		}
	}
	<-done
}
