package outbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func openTest(t *testing.T, dir string, opts Options) *Outbox {
	t.Helper()
	o, err := Open(dir, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	t.Cleanup(func() { o.Close() })
	return o
}

func payloadOf(seq uint64) []byte { return fmt.Appendf(nil, "reading-%06d", seq) }

func appendN(t *testing.T, o *Outbox, n int) []uint64 {
	t.Helper()
	seqs := make([]uint64, 0, n)
	for range n {
		seq, err := o.Append(context.Background(), nil)
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		seqs = append(seqs, seq)
	}
	return seqs
}

// appendSeqPayloads appends n records whose payload names their expected
// sequence number, starting at first.
func appendSeqPayloads(t *testing.T, o *Outbox, first uint64, n int) {
	t.Helper()
	for i := range uint64(n) {
		seq, err := o.Append(context.Background(), payloadOf(first+i))
		if err != nil {
			t.Fatalf("Append: %v", err)
		}
		if seq != first+i {
			t.Fatalf("Append returned sequence %d, want %d", seq, first+i)
		}
	}
}

func nextRecord(t *testing.T, o *Outbox) Record {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	rec, err := o.Next(ctx)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return rec
}

// expectNone checks that Next has nothing to deliver.
func expectNone(t *testing.T, o *Outbox) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if rec, err := o.Next(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Next = seq %d, %v; want nothing to deliver", rec.Seq, err)
	}
}

func TestAppendNextAck(t *testing.T) {
	tests := []struct {
		name    string
		records int
		batch   bool
	}{
		{"single", 1, false},
		{"several", 50, false},
		{"one batch", 200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := openTest(t, t.TempDir(), Options{})
			if tt.batch {
				payloads := make([][]byte, tt.records)
				for i := range payloads {
					payloads[i] = payloadOf(uint64(i + 1))
				}
				first, err := o.AppendBatch(context.Background(), payloads)
				if err != nil || first != 1 {
					t.Fatalf("AppendBatch = %d, %v; want 1, nil", first, err)
				}
			} else {
				appendSeqPayloads(t, o, 1, tt.records)
			}
			for i := 1; i <= tt.records; i++ {
				rec := nextRecord(t, o)
				if rec.Seq != uint64(i) {
					t.Fatalf("Next seq = %d, want %d", rec.Seq, i)
				}
				if got, want := string(rec.Payload), string(payloadOf(rec.Seq)); got != want {
					t.Fatalf("payload of %d = %q, want %q", rec.Seq, got, want)
				}
				if rec.Historical {
					t.Fatalf("record %d marked historical in the run that appended it", rec.Seq)
				}
				if err := o.Ack(rec.Seq); err != nil {
					t.Fatalf("Ack(%d): %v", rec.Seq, err)
				}
			}
			expectNone(t, o)
			if d := o.Stats().Depth; d != 0 {
				t.Errorf("Depth = %d after acking all, want 0", d)
			}
		})
	}
}

func TestRestartReplaysInOrder(t *testing.T) {
	dir := t.TempDir()
	o, err := Open(dir, Options{SegmentBytes: 4096, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	appendSeqPayloads(t, o, 1, 300)
	for i := 1; i <= 40; i++ {
		rec := nextRecord(t, o)
		if i <= 30 {
			if err := o.Ack(rec.Seq); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := o.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	o = openTest(t, dir, Options{SegmentBytes: 4096, MaxBytes: 1 << 20})
	if got := o.Stats().Recovered; got != 270 {
		t.Errorf("Recovered = %d, want 270", got)
	}
	seq, err := o.Append(context.Background(), payloadOf(301))
	if err != nil || seq != 301 {
		t.Fatalf("Append after restart = %d, %v; want 301, nil", seq, err)
	}
	for want := uint64(31); want <= 301; want++ {
		rec := nextRecord(t, o)
		if rec.Seq != want {
			t.Fatalf("replayed seq = %d, want %d", rec.Seq, want)
		}
		if rec.Historical != (want <= 300) {
			t.Fatalf("record %d Historical = %v, want %v", want, rec.Historical, want <= 300)
		}
		if string(rec.Payload) != string(payloadOf(want)) {
			t.Fatalf("record %d payload = %q", want, rec.Payload)
		}
	}
}

func TestSequenceContinuesAfterAllAcked(t *testing.T) {
	dir := t.TempDir()
	o, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, seq := range appendN(t, o, 3) {
		nextRecord(t, o)
		if err := o.Ack(seq); err != nil {
			t.Fatal(err)
		}
	}
	o.Close()

	o = openTest(t, dir, Options{})
	expectNone(t, o)
	if seq := appendN(t, o, 1)[0]; seq != 4 {
		t.Errorf("first sequence after restart = %d, want 4", seq)
	}
}

func TestOutOfOrderAcks(t *testing.T) {
	dir := t.TempDir()
	o := openTest(t, dir, Options{SegmentBytes: 4096, MaxBytes: 1 << 20})
	payloads := make([][]byte, 100)
	for i := range payloads {
		payloads[i] = make([]byte, 100)
	}
	// Two batches, so the first 100 records fill their own segment.
	for range 2 {
		if _, err := o.AppendBatch(context.Background(), payloads); err != nil {
			t.Fatal(err)
		}
	}
	segs, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	if len(segs) < 2 {
		t.Fatalf("%d segment files, want at least 2", len(segs))
	}
	for range 200 {
		nextRecord(t, o)
	}

	// Ack the second segment's records first, in reverse order.
	for seq := uint64(200); seq > 100; seq-- {
		if err := o.Ack(seq); err != nil {
			t.Fatalf("Ack(%d): %v", seq, err)
		}
	}
	if _, err := os.Stat(segs[0]); err != nil {
		t.Errorf("oldest segment removed before its records were acked: %v", err)
	}
	if d := o.Stats().Depth; d != 100 {
		t.Errorf("Depth = %d, want 100", d)
	}
	if err := o.Ack(150); !errors.Is(err, ErrNotInFlight) {
		t.Errorf("second Ack(150) = %v, want ErrNotInFlight", err)
	}

	for seq := uint64(1); seq <= 100; seq += 2 {
		o.Ack(seq)
	}
	for seq := uint64(2); seq <= 100; seq += 2 {
		o.Ack(seq)
	}
	if d := o.Stats().Depth; d != 0 {
		t.Errorf("Depth = %d after all acks, want 0", d)
	}
	if _, err := os.Stat(segs[0]); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("oldest segment still present after all its records were acked: %v", err)
	}
}

func TestAckErrors(t *testing.T) {
	o := openTest(t, t.TempDir(), Options{})
	appendN(t, o, 3)
	nextRecord(t, o)
	tests := []struct {
		name string
		seq  uint64
		want error
	}{
		{"not delivered", 2, ErrNotInFlight},
		{"never appended", 99, ErrNotInFlight},
		{"delivered", 1, nil},
		{"already acked", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := o.Ack(tt.seq); !errors.Is(err, tt.want) {
				t.Errorf("Ack(%d) = %v, want %v", tt.seq, err, tt.want)
			}
		})
	}
}

func TestRewindRedeliversUnacked(t *testing.T) {
	o := openTest(t, t.TempDir(), Options{})
	appendN(t, o, 8)
	for range 5 {
		nextRecord(t, o)
	}
	o.Ack(2)
	o.Ack(4)
	if n := o.InFlight(); n != 3 {
		t.Errorf("InFlight = %d, want 3", n)
	}
	o.Rewind()
	for _, want := range []uint64{1, 3, 5, 6, 7, 8} {
		if rec := nextRecord(t, o); rec.Seq != want {
			t.Fatalf("after Rewind Next seq = %d, want %d", rec.Seq, want)
		}
	}
	expectNone(t, o)
}

func TestDeadLetter(t *testing.T) {
	dir := t.TempDir()
	o, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	appendSeqPayloads(t, o, 1, 3)
	for range 3 {
		nextRecord(t, o)
	}
	if err := o.DeadLetter(2, "broker rejected: payload too large"); err != nil {
		t.Fatalf("DeadLetter: %v", err)
	}
	if err := o.DeadLetter(2, "again"); !errors.Is(err, ErrNotInFlight) {
		t.Errorf("second DeadLetter(2) = %v, want ErrNotInFlight", err)
	}
	o.Ack(1)
	o.Ack(3)
	if st := o.Stats(); st.Depth != 0 || st.DeadLettered != 1 {
		t.Errorf("Depth, DeadLettered = %d, %d; want 0, 1", st.Depth, st.DeadLettered)
	}
	o.Close()

	dls, err := ReadDeadLetters(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(dls) != 1 {
		t.Fatalf("%d dead letters, want 1", len(dls))
	}
	dl := dls[0]
	if dl.Seq != 2 || dl.Reason != "broker rejected: payload too large" ||
		string(dl.Payload) != string(payloadOf(2)) {
		t.Errorf("dead letter = %d %q %q", dl.Seq, dl.Reason, dl.Payload)
	}
	o = openTest(t, dir, Options{})
	expectNone(t, o)
}

func TestAppendRejects(t *testing.T) {
	o := openTest(t, t.TempDir(), Options{MaxRecordBytes: 10})
	if _, err := o.Append(context.Background(), make([]byte, 11)); err == nil {
		t.Error("Append of 11 bytes with MaxRecordBytes 10 succeeded")
	}
	o.Close()
	if _, err := o.Append(context.Background(), nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Append after Close = %v, want ErrClosed", err)
	}
	if _, err := o.Next(context.Background()); !errors.Is(err, ErrClosed) {
		t.Errorf("Next after Close = %v, want ErrClosed", err)
	}
}

// TestWriteFailureStopsAppends makes the active segment unwritable, as a full
// disk does, and checks that appends fail with ErrWriteFailed until the
// outbox is opened again, which keeps the records written before.
func TestWriteFailureStopsAppends(t *testing.T) {
	dir := t.TempDir()
	o, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, o, 3)

	o.mu.Lock()
	writable := o.active
	readOnly, err := os.Open(writable.Name())
	if err != nil {
		o.mu.Unlock()
		t.Fatal(err)
	}
	o.active = readOnly
	o.mu.Unlock()
	writable.Close()

	for i := range 2 {
		if _, err := o.Append(context.Background(), []byte("lost")); !errors.Is(err, ErrWriteFailed) {
			t.Errorf("Append %d after the write failure = %v, want ErrWriteFailed", i, err)
		}
	}
	if err := o.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	o = openTest(t, dir, Options{})
	if got := o.Stats().Recovered; got != 3 {
		t.Errorf("records recovered after reopening = %d, want 3", got)
	}
	if seq, err := o.Append(context.Background(), nil); err != nil || seq != 4 {
		t.Errorf("Append after reopening = %d, %v, want 4, nil", seq, err)
	}
}

func TestOptionsRejected(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"small segment", Options{SegmentBytes: 100}},
		{"max below two segments", Options{SegmentBytes: 1 << 20, MaxBytes: 1 << 20}},
		{"record too large", Options{MaxRecordBytes: MaxPayloadBytes + 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Open(t.TempDir(), tt.opts); err == nil {
				t.Error("Open succeeded, want an error")
			}
		})
	}
}

func TestForeignFileRejected(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, segmentName(1)), []byte("not a segment at all"), 0o644)
	if _, err := Open(dir, Options{}); err == nil {
		t.Error("Open accepted a segment file with a foreign header")
	}
}

func TestNextWaitsForAppend(t *testing.T) {
	o := openTest(t, t.TempDir(), Options{})
	got := make(chan uint64)
	go func() {
		rec, err := o.Next(context.Background())
		if err != nil {
			got <- 0
			return
		}
		got <- rec.Seq
	}()
	time.Sleep(10 * time.Millisecond)
	appendN(t, o, 1)
	if seq := <-got; seq != 1 {
		t.Errorf("waiting Next returned %d, want 1", seq)
	}
}

func TestCloseWakesWaitingNext(t *testing.T) {
	o, err := Open(t.TempDir(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan error)
	go func() {
		_, err := o.Next(context.Background())
		got <- err
	}()
	time.Sleep(10 * time.Millisecond)
	if err := o.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-got; !errors.Is(err, ErrClosed) {
		t.Errorf("waiting Next returned %v after Close, want ErrClosed", err)
	}
}

func TestTryNext(t *testing.T) {
	o := openTest(t, t.TempDir(), Options{})
	if _, ok, err := o.TryNext(); ok || err != nil {
		t.Fatalf("TryNext on an empty outbox = %v, %v; want false, nil", ok, err)
	}
	appendN(t, o, 2)
	for want := uint64(1); want <= 2; want++ {
		rec, ok, err := o.TryNext()
		if !ok || err != nil || rec.Seq != want {
			t.Fatalf("TryNext = %d, %v, %v; want %d, true, nil", rec.Seq, ok, err, want)
		}
	}
	if _, ok, _ := o.TryNext(); ok {
		t.Error("TryNext returned a third record of two")
	}
}
