package mint

import (
	"errors"
	"strings"
	"testing"
)

func TestNewMinterUnknownVersion(t *testing.T) {
	if _, err := NewMinter(testKeyring(t), 3); err == nil {
		t.Fatal("NewMinter with version 3 succeeded, want an error")
	}
	if _, err := NewMinter(nil, 0); err == nil {
		t.Fatal("NewMinter with a nil keyring succeeded, want an error")
	}
}

func TestNewBatchNumbers(t *testing.T) {
	m, _ := testMinter(t)
	for want := range uint32(3) {
		b, err := m.NewBatch(100)
		if err != nil {
			t.Fatal(err)
		}
		if b.Number != want || b.First != 0 || b.Count != 100 || b.Version != 1 {
			t.Fatalf("batch %d = %s, want v1 b%d s0+100", want, b, want)
		}
	}
	if err := m.SetNextBatch(MaxBatch); err != nil {
		t.Fatal(err)
	}
	if b, err := m.NewBatch(1); err != nil || b.Number != MaxBatch {
		t.Fatalf("NewBatch at the maximum = %s, %v", b, err)
	}
	if _, err := m.NewBatch(1); !errors.Is(err, ErrBatchesExhausted) {
		t.Fatalf("NewBatch past the maximum = %v, want ErrBatchesExhausted", err)
	}
	if got := m.NextBatch(); got != MaxBatch+1 {
		t.Fatalf("NextBatch = %d, want %d", got, MaxBatch+1)
	}
	if err := m.SetNextBatch(MaxBatch + 2); err == nil {
		t.Fatal("SetNextBatch above the limit succeeded")
	}
}

func TestNewBatchCount(t *testing.T) {
	m, _ := testMinter(t)
	for _, count := range []uint32{0, MaxSerial + 2} {
		if _, err := m.NewBatch(count); err == nil {
			t.Errorf("NewBatch(%d) succeeded, want an error", count)
		}
	}
	if _, err := m.NewBatch(MaxSerial + 1); err != nil {
		t.Errorf("NewBatch(MaxSerial+1) = %v", err)
	}
}

func TestMinterBatch(t *testing.T) {
	m, _ := testMinter(t)
	tests := []struct {
		name                 string
		number, first, count uint32
		wantErr              string
	}{
		{"whole", 5, 0, MaxSerial + 1, ""},
		{"later run", 5, 1000, 500, ""},
		{"empty", 5, 0, 0, "empty"},
		{"past last serial", 5, MaxSerial, 2, "out of range"},
		{"batch too high", MaxBatch + 1, 0, 1, "out of range"},
		{"overflowing count", 5, 1, 1<<32 - 1, "out of range"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := m.Batch(tc.number, tc.first, tc.count)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("Batch = %v", err)
				}
				if !b.Contains(b.ID(0)) || !b.Contains(b.ID(tc.count-1)) || b.Contains(b.ID(tc.count)) {
					t.Fatalf("Contains is wrong at the ends of %s", b)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("Batch error = %v, want it to contain %q", err, tc.wantErr)
			}
		})
	}
}

func TestCodeOutOfRange(t *testing.T) {
	m, _ := testMinter(t)
	if _, err := m.Code(MaxBatch+1, 0); err == nil {
		t.Error("Code with batch MaxBatch+1 succeeded")
	}
	if _, err := m.AppendCode(nil, 0, MaxSerial+1); err == nil {
		t.Error("AppendCode with serial MaxSerial+1 succeeded")
	}
}

func TestAppendCodeMatchesCode(t *testing.T) {
	m, _ := testMinter(t)
	for _, id := range []ID{{Batch: 0, Serial: 0}, {Batch: 77, Serial: 1010}, {Batch: MaxBatch, Serial: MaxSerial}} {
		want, err := m.Code(id.Batch, id.Serial)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.AppendCode([]byte("prefix "), id.Batch, id.Serial)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != "prefix "+want.String() {
			t.Errorf("AppendCode(b%d s%d) = %q, want %q", id.Batch, id.Serial, got, "prefix "+want.String())
		}
	}
}

func TestAppendBatchMatchesCode(t *testing.T) {
	m, _ := testMinter(t)
	b, _ := m.Batch(77, 1000, 50)
	// Runs below, at and above the lane count, and the last serials of the batch.
	for _, run := range []struct{ from, n uint32 }{{10, 40}, {0, 1}, {3, lanes}, {7, lanes + 1}, {37, 13}} {
		codes, err := m.AppendBatch(nil, b, run.from, run.n)
		if err != nil {
			t.Fatal(err)
		}
		if len(codes) != int(run.n) {
			t.Fatalf("serials %d+%d: got %d codes, want %d", run.from, run.n, len(codes), run.n)
		}
		for i, c := range codes {
			serial := 1000 + run.from + uint32(i)
			want, _ := m.Code(77, serial)
			if c != want {
				t.Fatalf("serial %d: code %s, want %s", serial, c, want)
			}
		}
	}
	if _, err := m.AppendBatch(nil, b, 10, 41); err == nil {
		t.Error("AppendBatch past the batch succeeded")
	}
	other := b
	other.Version = 7
	if _, err := m.AppendBatch(nil, other, 0, 1); err == nil {
		t.Error("AppendBatch of another version's batch succeeded")
	}
	if got, err := m.AppendBatch(nil, b, 50, 0); err != nil || len(got) != 0 {
		t.Errorf("AppendBatch of no codes = %v, %v", got, err)
	}
}

// TestUniqueMillion issues a batch of a million codes and a few codes of neighbouring
// batches and checks that no two are equal and each verifies to its ID.
func TestUniqueMillion(t *testing.T) {
	if testing.Short() {
		t.Skip("a million codes")
	}
	m, r := testMinter(t)
	b, err := m.NewBatch(1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[Code]uint32, b.Count+2000)
	codes := make([]Code, 0, 4096)
	for from := uint32(0); from < b.Count; from += uint32(cap(codes)) {
		n := min(uint32(cap(codes)), b.Count-from)
		codes, err = m.AppendBatch(codes[:0], b, from, n)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range codes {
			serial := from + uint32(i)
			if prev, ok := seen[c]; ok {
				t.Fatalf("serials %d and %d share code %s", prev, serial, c)
			}
			seen[c] = serial
		}
	}
	// Serials 0 to 999 of the next two batches.
	for batch := b.Number + 1; batch <= b.Number+2; batch++ {
		for serial := range uint32(1000) {
			c, _ := m.Code(batch, serial)
			if _, ok := seen[c]; ok {
				t.Fatalf("batch %d serial %d repeats code %s", batch, serial, c)
			}
			seen[c] = serial
		}
	}
	// Verifying every code is slow under the race detector: sample every 97th.
	for c, serial := range seen {
		if serial%97 != 0 {
			continue
		}
		id, err := r.Open(c)
		if err != nil || id.Serial != serial {
			t.Fatalf("Open(%s) = %v, %v, want serial %d", c, id, err, serial)
		}
	}
}
