package outbox

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// copyDir copies the regular files of src into a new temporary directory.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func onlySegment(t *testing.T, dir string) string {
	t.Helper()
	segs, err := filepath.Glob(filepath.Join(dir, "*.seg"))
	if err != nil || len(segs) != 1 {
		t.Fatalf("segments in %s = %v, %v; want exactly one", dir, segs, err)
	}
	return segs[0]
}

// TestTornTailEveryOffset cuts the last record of a segment at every byte
// offset, as a power cut during its write could, and checks that Open keeps
// every earlier record, cuts the rest and appends correctly afterwards.
func TestTornTailEveryOffset(t *testing.T) {
	base := t.TempDir()
	o, err := Open(base, Options{})
	if err != nil {
		t.Fatal(err)
	}
	appendSeqPayloads(t, o, 1, 5)
	o.Close()
	seg := onlySegment(t, base)
	info, _ := os.Stat(seg)
	size := info.Size()
	lastLen := int64(recordHeaderSize + len(payloadOf(5)))
	lastStart := size - lastLen

	for cut := lastStart; cut < size; cut++ {
		dir := copyDir(t, base)
		if err := os.Truncate(onlySegment(t, dir), cut); err != nil {
			t.Fatal(err)
		}
		o, err := Open(dir, Options{})
		if err != nil {
			t.Fatalf("cut at %d: Open: %v", cut, err)
		}
		if got, want := o.Stats().TornBytes, cut-lastStart; got != want {
			t.Errorf("cut at %d: TornBytes = %d, want %d", cut, got, want)
		}
		if seq, err := o.Append(context.Background(), payloadOf(5)); err != nil || seq != 5 {
			t.Fatalf("cut at %d: Append = %d, %v; want 5, nil", cut, seq, err)
		}
		o.Close()

		o, err = Open(dir, Options{})
		if err != nil {
			t.Fatalf("cut at %d: reopen: %v", cut, err)
		}
		for want := uint64(1); want <= 5; want++ {
			rec := nextRecord(t, o)
			if rec.Seq != want || string(rec.Payload) != string(payloadOf(want)) {
				t.Fatalf("cut at %d: record %d = %d %q", cut, want, rec.Seq, rec.Payload)
			}
		}
		expectNone(t, o)
		o.Close()
	}
}

func TestCorruptTail(t *testing.T) {
	tests := []struct {
		name   string
		damage func(b []byte) []byte
		keep   uint64 // records expected after Open
	}{
		{"flipped payload byte", func(b []byte) []byte { b[len(b)-1] ^= 0x40; return b }, 2},
		{"flipped crc byte", func(b []byte) []byte {
			b[len(b)-recordHeaderSize-len(payloadOf(3))+4] ^= 1
			return b
		}, 2},
		{"zero-filled tail", func(b []byte) []byte { return append(b, make([]byte, 512)...) }, 3},
		{"huge length", func(b []byte) []byte { return append(b, 0xff, 0xff, 0xff, 0xff) }, 3},
		{"empty file", func(b []byte) []byte { return nil }, 0},
		{"half header", func(b []byte) []byte { return b[:4] }, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			o, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			appendSeqPayloads(t, o, 1, 3)
			o.Close()
			seg := onlySegment(t, dir)
			b, _ := os.ReadFile(seg)
			os.WriteFile(seg, tt.damage(b), 0o644)

			o = openTest(t, dir, Options{})
			for want := uint64(1); want <= tt.keep; want++ {
				if rec := nextRecord(t, o); rec.Seq != want {
					t.Fatalf("record seq = %d, want %d", rec.Seq, want)
				}
			}
			expectNone(t, o)
			if seq := appendN(t, o, 1)[0]; seq != tt.keep+1 {
				t.Errorf("next sequence = %d, want %d", seq, tt.keep+1)
			}
		})
	}
}

func TestDeadLetterTornTail(t *testing.T) {
	dir := t.TempDir()
	o, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	appendN(t, o, 2)
	nextRecord(t, o)
	nextRecord(t, o)
	if err := o.DeadLetter(1, "first"); err != nil {
		t.Fatal(err)
	}
	o.Close()
	path := filepath.Join(dir, DeadLetterName)
	f, _ := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o644)
	f.Write([]byte{9, 0, 0, 0, 1, 2}) // a torn record
	f.Close()

	o = openTest(t, dir, Options{})
	nextRecord(t, o)
	if err := o.DeadLetter(2, "second"); err != nil {
		t.Fatal(err)
	}
	dls, err := ReadDeadLetters(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(dls) != 2 || dls[0].Reason != "first" || dls[1].Reason != "second" {
		t.Errorf("dead letters = %+v, want first and second", dls)
	}
}

func TestBoundMaxBytesDropsOldest(t *testing.T) {
	o := openTest(t, t.TempDir(), Options{SegmentBytes: 4096, MaxBytes: 3 * 4096})
	payload := make([]byte, 200)
	const n = 500
	for range n {
		if _, err := o.Append(context.Background(), payload); err != nil {
			t.Fatal(err)
		}
	}
	st := o.Stats()
	if st.Dropped == 0 {
		t.Fatal("Dropped = 0 after writing far more than MaxBytes")
	}
	if st.Bytes > 3*4096 {
		t.Errorf("Bytes = %d, want at most MaxBytes %d", st.Bytes, 3*4096)
	}
	if st.Depth+st.Dropped != n {
		t.Errorf("Depth %d + Dropped %d = %d, want %d", st.Depth, st.Dropped,
			st.Depth+st.Dropped, n)
	}
	first := nextRecord(t, o)
	if first.Seq != st.Dropped+1 {
		t.Errorf("first delivered seq = %d, want %d (oldest kept)", first.Seq, st.Dropped+1)
	}
}

// fakeClock is a settable clock for age limits.
type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time { return c.now }

func TestBoundMaxAge(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 6, 21, 6, 0, 0, 0, time.UTC)}
	o := openTest(t, t.TempDir(), Options{MaxAge: time.Hour, Now: clock.Now})
	appendN(t, o, 10)
	clock.now = clock.now.Add(61 * time.Minute)
	appendN(t, o, 5)

	rec := nextRecord(t, o)
	if rec.Seq != 11 {
		t.Errorf("first delivered seq = %d, want 11 (records 1-10 expired)", rec.Seq)
	}
	if d := o.Stats().Dropped; d != 10 {
		t.Errorf("Dropped = %d, want 10", d)
	}
}

func TestBoundMaxAgeWholeSegments(t *testing.T) {
	clock := &fakeClock{now: time.Date(2026, 6, 21, 6, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	o := openTest(t, dir, Options{SegmentBytes: 4096, MaxBytes: 1 << 20, MaxAge: time.Hour,
		Now: clock.Now, CursorInterval: 5 * time.Millisecond})
	payloads := make([][]byte, 50)
	for i := range payloads {
		payloads[i] = make([]byte, 100)
	}
	if _, err := o.AppendBatch(context.Background(), payloads); err != nil {
		t.Fatal(err)
	}
	clock.now = clock.now.Add(2 * time.Hour)
	appendN(t, o, 1)

	deadline := time.Now().Add(5 * time.Second)
	for o.Stats().Dropped != 50 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if d := o.Stats().Dropped; d != 50 {
		t.Fatalf("Dropped = %d, want 50", d)
	}
	if segs, _ := filepath.Glob(filepath.Join(dir, "*.seg")); len(segs) != 1 {
		t.Errorf("%d segment files after dropping the expired one, want 1", len(segs))
	}
}

// TestCursorSavedWithoutClose checks that acknowledgements reach the disk
// every CursorInterval, so a crash replays only what was acknowledged since.
func TestCursorSavedWithoutClose(t *testing.T) {
	dir := t.TempDir()
	o := openTest(t, dir, Options{CursorInterval: 5 * time.Millisecond})
	appendN(t, o, 10)
	for range 5 {
		rec := nextRecord(t, o)
		if err := o.Ack(rec.Seq); err != nil {
			t.Fatal(err)
		}
	}
	waitUntil := time.Now().Add(5 * time.Second)
	for {
		if acked, _ := readCursor(dir); acked == 5 {
			break
		}
		if time.Now().After(waitUntil) {
			t.Fatal("cursor not saved within 5 s")
		}
		time.Sleep(5 * time.Millisecond)
	}

	// Open a copy of the directory as a restarted process would find it.
	crashed := openTest(t, copyDir(t, dir), Options{})
	if rec := nextRecord(t, crashed); rec.Seq != 6 || !rec.Historical {
		t.Errorf("first record after the crash = %d (historical %v), want 6 (true)",
			rec.Seq, rec.Historical)
	}
}
