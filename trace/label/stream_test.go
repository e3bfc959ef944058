package label

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// collectSink keeps copies of the records it receives and the size of each chunk.
type collectSink struct {
	records []Record
	chunks  []int
	failAt  int // fail on this chunk when above 0
}

func (s *collectSink) WriteRecords(_ context.Context, records []Record) error {
	s.chunks = append(s.chunks, len(records))
	if s.failAt > 0 && len(s.chunks) == s.failAt {
		return errors.New("store is full")
	}
	s.records = append(s.records, records...)
	return nil
}

func TestStreamChunks(t *testing.T) {
	m := testMinter(t)
	b, err := m.NewBatch(10)
	if err != nil {
		t.Fatal(err)
	}
	var sink collectSink
	var buf bytes.Buffer
	csvw, _ := NewCSVWriter(&buf, testLinks(t), CSVOptions{})
	n, err := Stream(context.Background(), m, b, "pear", StreamOptions{Chunk: 4}, &sink, csvw)
	if err != nil || n != 10 {
		t.Fatalf("Stream = %d, %v, want 10, nil", n, err)
	}
	if got := sink.chunks; len(got) != 3 || got[0] != 4 || got[1] != 4 || got[2] != 2 {
		t.Fatalf("chunk sizes %v, want [4 4 2]", got)
	}
	for i, r := range sink.records {
		want, _ := m.Code(b.Number, uint32(i))
		if r.Code != want || r.ID != b.ID(uint32(i)) || r.Product != "pear" {
			t.Fatalf("record %d = %+v, want code %s of %v", i, r, want, b.ID(uint32(i)))
		}
	}
	if err := csvw.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := bytes.Count(buf.Bytes(), []byte("\r\n")); got != 11 {
		t.Fatalf("CSV has %d lines, want 11", got)
	}
}

func TestStreamStops(t *testing.T) {
	m := testMinter(t)
	b, _ := m.NewBatch(100)

	sink := collectSink{failAt: 2}
	n, err := Stream(context.Background(), m, b, "pear", StreamOptions{Chunk: 30}, &sink)
	if err == nil || n != 30 {
		t.Fatalf("Stream with a failing sink = %d, %v, want 30 and the error", n, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n, err = Stream(ctx, m, b, "pear", StreamOptions{}, &collectSink{})
	if !errors.Is(err, context.Canceled) || n != 0 {
		t.Fatalf("Stream with a cancelled context = %d, %v, want 0, context.Canceled", n, err)
	}

	other := b
	other.Version = 2
	if _, err := Stream(context.Background(), m, other, "pear", StreamOptions{}); err == nil {
		t.Fatal("Stream of another key version's batch succeeded")
	}
}

// BenchmarkStreamCSV measures issuing a batch of a million codes and writing them as
// CSV to a file, the work that precedes handing them to a store; each op is one batch.
func BenchmarkStreamCSV(b *testing.B) {
	m := testMinter(b)
	batch, err := m.Batch(9, 0, 1_000_000)
	if err != nil {
		b.Fatal(err)
	}
	path := b.TempDir() + "/codes.csv"
	links := testLinks(b)
	b.ReportAllocs()
	for b.Loop() {
		f, err := createFile(path)
		if err != nil {
			b.Fatal(err)
		}
		w, _ := NewCSVWriter(f, links, CSVOptions{BOM: true})
		if _, err := Stream(context.Background(), m, batch, "库尔勒香梨", StreamOptions{}, w); err != nil {
			b.Fatal(err)
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(batch.Count)*float64(b.N)/b.Elapsed().Seconds(), "codes/s")
}

var _ Sink = (*CSVWriter)(nil)
var _ Sink = (*PNGArchive)(nil)
var _ Sink = (*SheetWriter)(nil)
