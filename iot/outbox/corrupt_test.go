package outbox

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// corruptBase is an outbox directory of several segments whose records have
// payloads of varied length, with the position of every record.
type corruptBase struct {
	dir     string
	records []recordSpan // in sequence order
	acked   uint64
}

// recordSpan locates one record: the segment file name and the byte range.
type recordSpan struct {
	seq        uint64
	file       string
	start, end int
	payload    []byte
}

// flip is one corrupted byte: a position among all record bytes of the
// directory, counted over the segments in name order, and the XOR mask.
type flip struct {
	pos  int
	mask byte
}

func variedPayload(seq uint64) []byte {
	return fmt.Appendf(nil, "%s%s", payloadOf(seq), bytes.Repeat([]byte{'x'}, int(seq*7%53)))
}

// buildCorruptBase appends n records to a fresh outbox with small segments,
// acknowledges the first acked of them and closes it.
func buildCorruptBase(t testing.TB, n int, acked uint64) corruptBase {
	dir := t.TempDir()
	o, err := Open(dir, Options{SegmentBytes: 4096, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for seq := uint64(1); seq <= uint64(n); seq++ {
		if _, err := o.Append(ctx, variedPayload(seq)); err != nil {
			t.Fatal(err)
		}
	}
	for range acked {
		rec, ok, err := o.TryNext()
		if err != nil || !ok {
			t.Fatalf("TryNext = %v, %v", ok, err)
		}
		if err := o.Ack(rec.Seq); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.Close(); err != nil {
		t.Fatal(err)
	}

	base := corruptBase{dir: dir, acked: acked}
	files, _ := filepath.Glob(filepath.Join(dir, "*.seg"))
	sort.Strings(files)
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for off := len(segmentMagic); off < len(data); {
			rec, size, err := decodeRecord(data[off:])
			if err != nil {
				t.Fatalf("%s at %d: %v", path, off, err)
			}
			base.records = append(base.records, recordSpan{seq: rec.seq,
				file: filepath.Base(path), start: off, end: off + size,
				payload: append([]byte(nil), rec.payload...)})
			off += size
		}
	}
	return base
}

// recordBytes returns the number of record bytes in the directory, headers
// of segment files excluded.
func (b corruptBase) recordBytes() int {
	n := 0
	for _, r := range b.records {
		n += r.end - r.start
	}
	return n
}

// checkCorruptRecovery copies the base directory, applies the flips, opens
// the outbox and checks that every unacknowledged record whose bytes are
// intact is delivered in order with its payload, that nothing else is
// delivered, and that the result survives an append and a second open.
func checkCorruptRecovery(t *testing.T, base corruptBase, flips []flip) {
	t.Helper()
	dir := copyDir(t, base.dir)
	files := map[string][]byte{}
	for _, f := range flips {
		r := base.records[locateRecord(base, f.pos)]
		data, ok := files[r.file]
		if !ok {
			data, _ = os.ReadFile(filepath.Join(dir, r.file))
			files[r.file] = data
		}
		data[r.start+f.pos-offsetOf(base, r.seq)] ^= f.mask
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Two flips of one byte may cancel, so compare the bytes themselves.
	damaged := map[uint64]bool{}
	for _, r := range base.records {
		data, ok := files[r.file]
		if !ok {
			continue
		}
		orig, _ := os.ReadFile(filepath.Join(base.dir, r.file))
		if !bytes.Equal(data[r.start:r.end], orig[r.start:r.end]) {
			damaged[r.seq] = true
		}
	}

	o, err := Open(dir, Options{SegmentBytes: 4096, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatalf("Open after %d flips: %v", len(flips), err)
	}
	got := drain(t, o)
	want := map[uint64][]byte{}
	for _, r := range base.records {
		want[r.seq] = r.payload
	}
	prev := base.acked
	for _, rec := range got {
		if rec.Seq <= prev {
			t.Fatalf("delivered seq %d after %d (acknowledged up to %d)", rec.Seq, prev,
				base.acked)
		}
		if !bytes.Equal(rec.payload, want[rec.Seq]) {
			t.Fatalf("seq %d payload = %q, want %q", rec.Seq, rec.payload, want[rec.Seq])
		}
		prev = rec.Seq
	}
	delivered := map[uint64]bool{}
	for _, rec := range got {
		delivered[rec.Seq] = true
	}
	for _, r := range base.records {
		if r.seq > base.acked && !damaged[r.seq] && !delivered[r.seq] {
			t.Fatalf("intact record %d lost (flips %v)", r.seq, flips)
		}
	}
	st := o.Stats()
	if len(damaged) > 0 && st.TornBytes+st.CorruptBytes == 0 {
		t.Errorf("TornBytes and CorruptBytes are 0 after %d flips", len(flips))
	}

	seq, err := o.Append(context.Background(), []byte("after"))
	if err != nil {
		t.Fatal(err)
	}
	if seq <= prev {
		t.Errorf("Append after recovery = seq %d, want above %d", seq, prev)
	}
	o.Close()

	o, err = Open(dir, Options{SegmentBytes: 4096, MaxBytes: 1 << 20})
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer o.Close()
	again := drain(t, o)
	if len(again) != len(got)+1 {
		t.Fatalf("second Open delivered %d records, want %d", len(again), len(got)+1)
	}
	for i, rec := range got {
		if again[i].Seq != rec.Seq {
			t.Fatalf("second Open record %d = seq %d, want %d", i, again[i].Seq, rec.Seq)
		}
	}
	if st := o.Stats(); st.CorruptBytes != 0 || st.TornBytes != 0 {
		t.Errorf("second Open: CorruptBytes %d, TornBytes %d, want 0 and 0", st.CorruptBytes,
			st.TornBytes)
	}
}

type drained struct {
	Seq     uint64
	payload []byte
}

func drain(t *testing.T, o *Outbox) []drained {
	t.Helper()
	var out []drained
	for {
		rec, ok, err := o.TryNext()
		if err != nil {
			t.Fatalf("TryNext: %v", err)
		}
		if !ok {
			return out
		}
		out = append(out, drained{rec.Seq, append([]byte(nil), rec.Payload...)})
	}
}

// offsetOf returns the position of record seq's first byte among all record
// bytes of the directory.
func offsetOf(b corruptBase, seq uint64) int {
	pos := 0
	for _, r := range b.records {
		if r.seq == seq {
			return pos
		}
		pos += r.end - r.start
	}
	return pos
}

// locateRecord returns the index of the record that holds position pos.
func locateRecord(b corruptBase, pos int) int {
	for i, r := range b.records {
		if pos < r.end-r.start {
			return i
		}
		pos -= r.end - r.start
	}
	return len(b.records) - 1
}

// TestCorruptMiddleKeepsLaterRecords flips one byte in the middle of a
// segment and checks that only the record holding it is lost and counted.
func TestCorruptMiddleKeepsLaterRecords(t *testing.T) {
	dir := t.TempDir()
	o := openTest(t, dir, Options{})
	appendSeqPayloads(t, o, 1, 10)
	o.Close()
	seg := onlySegment(t, dir)
	data, _ := os.ReadFile(seg)
	off := len(segmentMagic)
	for range 4 { // skip records 1 to 4
		off += recordHeaderSize + int(binary.LittleEndian.Uint32(data[off:]))
	}
	data[off+recordHeaderSize+2] ^= 0x10 // a payload byte of record 5
	os.WriteFile(seg, data, 0o644)

	o = openTest(t, dir, Options{})
	var seqs []uint64
	for _, rec := range drain(t, o) {
		seqs = append(seqs, rec.Seq)
	}
	if want := []uint64{1, 2, 3, 4, 6, 7, 8, 9, 10}; fmt.Sprint(seqs) != fmt.Sprint(want) {
		t.Errorf("delivered %v, want %v", seqs, want)
	}
	st := o.Stats()
	if st.CorruptRecords != 1 {
		t.Errorf("CorruptRecords = %d, want 1", st.CorruptRecords)
	}
	if want := int64(recordHeaderSize + len(payloadOf(5))); st.CorruptBytes != want {
		t.Errorf("CorruptBytes = %d, want %d", st.CorruptBytes, want)
	}
	if st.TornBytes != 0 {
		t.Errorf("TornBytes = %d, want 0", st.TornBytes)
	}
	if st.Recovered != 9 {
		t.Errorf("Recovered = %d, want 9", st.Recovered)
	}
	if st.Depth != 9 {
		t.Errorf("Depth = %d, want 9", st.Depth)
	}
}

// TestCorruptRandomBytes corrupts random bytes in segments of varied records
// and checks that every intact unacknowledged record is recovered in order.
func TestCorruptRandomBytes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, acked := range []uint64{0, 37} {
		base := buildCorruptBase(t, 150, acked)
		total := base.recordBytes()
		for i := range 60 {
			flips := make([]flip, 1+rng.IntN(6))
			for j := range flips {
				flips[j] = flip{pos: rng.IntN(total), mask: byte(1 + rng.IntN(255))}
			}
			t.Run(fmt.Sprintf("acked%d/%d", acked, i), func(t *testing.T) {
				checkCorruptRecovery(t, base, flips)
			})
		}
	}
}

// FuzzRecoverCorruptSegments reads the input as corrupted bytes, three input
// bytes each: a big-endian position among the record bytes and an XOR mask.
func FuzzRecoverCorruptSegments(f *testing.F) {
	base := buildCorruptBase(f, 150, 20)
	total := base.recordBytes()
	f.Add([]byte{0, 100, 1})
	f.Add([]byte{0, 0, 0xff, 0, 30, 0x80})
	f.Add([]byte{0x10, 0, 4, 0x20, 0, 0x40, 0x2f, 0, 1})
	f.Fuzz(func(t *testing.T, in []byte) {
		var flips []flip
		for ; len(in) >= 3 && len(flips) < 16; in = in[3:] {
			if in[2] == 0 {
				continue
			}
			pos := int(binary.BigEndian.Uint16(in)) % total
			flips = append(flips, flip{pos: pos, mask: in[2]})
		}
		checkCorruptRecovery(t, base, flips)
	})
}

// TestCorruptSplitInterrupted recovers a segment whose split into runs a
// crash stopped after the newest run's file was written, and checks that
// every intact record is delivered once.
func TestCorruptSplitInterrupted(t *testing.T) {
	dir := t.TempDir()
	o := openTest(t, dir, Options{})
	appendSeqPayloads(t, o, 1, 12)
	o.Close()
	seg := onlySegment(t, dir)
	data, _ := os.ReadFile(seg)
	spans := map[uint64]int{}
	for off, seq := len(segmentMagic), uint64(1); off < len(data); seq++ {
		spans[seq] = off
		off += recordHeaderSize + int(binary.LittleEndian.Uint32(data[off:]))
	}
	data[spans[4]+recordHeaderSize] ^= 1
	data[spans[9]+recordHeaderSize] ^= 1
	os.WriteFile(seg, data, 0o644)

	// The newest run, records 10 to 12, is on disk; the segment is unchanged.
	sc := scanSegment(data, 1, math.MaxUint64)
	if len(sc.runs) != 3 {
		t.Fatalf("scan found %d runs, want 3", len(sc.runs))
	}
	if _, err := writeRun(dir, data, sc.runs[2]); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, segmentName(5)+tmpSuffix), []byte("partial"), 0o644)

	o = openTest(t, dir, Options{})
	var seqs []uint64
	for _, rec := range drain(t, o) {
		seqs = append(seqs, rec.Seq)
	}
	if want := []uint64{1, 2, 3, 5, 6, 7, 8, 10, 11, 12}; fmt.Sprint(seqs) != fmt.Sprint(want) {
		t.Errorf("delivered %v, want %v", seqs, want)
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*"+tmpSuffix)); len(left) != 0 {
		t.Errorf("temporary files left after Open: %v", left)
	}
}
