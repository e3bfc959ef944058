package label

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkGolden compares got with testdata/name, or rewrites the file under -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("output differs from %s:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestCSVGolden(t *testing.T) {
	records := testRecords(t, 4, "库尔勒香梨")
	records[1].Product = `Korla pear, "special" grade`
	records[2].Product = " leading space"
	records[3].Product = ""
	var buf bytes.Buffer
	w, err := NewCSVWriter(&buf, testLinks(t), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRecords(context.Background(), records); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "codes.csv", buf.Bytes())

	// encoding/csv reads the fields back as written.
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(records)+1 {
		t.Fatalf("read %d rows, want %d", len(rows), len(records)+1)
	}
	for i, r := range records {
		row := rows[i+1]
		want := []string{r.Code.Grouped(), testLinks(t).URL(r.Code), strconv.Itoa(int(r.ID.Batch)),
			strconv.Itoa(int(r.ID.Serial)), r.Product}
		for j := range want {
			if row[j] != want[j] {
				t.Errorf("row %d field %d = %q, want %q", i+1, j, row[j], want[j])
			}
		}
	}
}

func TestCSVHeaderOnlyAndBOM(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewCSVWriter(&buf, testLinks(t), CSVOptions{BOM: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := buf.String(), "\uFEFF"+CSVHeader; got != want {
		t.Fatalf("empty export = %q, want %q", got, want)
	}
}

func TestCSVRejectsInvalidUTF8(t *testing.T) {
	records := testRecords(t, 1, "pear\xff")
	w, _ := NewCSVWriter(&bytes.Buffer{}, testLinks(t), CSVOptions{})
	if err := w.Write(&records[0]); err == nil {
		t.Fatal("Write accepted a product name that is not UTF-8")
	}
}

func TestCSVWriteAllocatesNothing(t *testing.T) {
	records := testRecords(t, 1, "库尔勒香梨, 特级")
	var buf bytes.Buffer
	buf.Grow(1 << 20)
	w, _ := NewCSVWriter(&buf, testLinks(t), CSVOptions{})
	allocs := testing.AllocsPerRun(1000, func() {
		if err := w.Write(&records[0]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Write allocates %.1f times per record, want 0", allocs)
	}
}

// TestCSVGuardsFormulas checks that a product name that a spreadsheet would
// run as a formula gets a single quote before it, also inside a quoted field,
// while the other columns stay as they are.
func TestCSVGuardsFormulas(t *testing.T) {
	tests := []struct{ product, want string }{
		{"=HYPERLINK(\"http://example.com\")", "'=HYPERLINK(\"http://example.com\")"},
		{"=1+2", "'=1+2"},
		{"+86 pear", "'+86 pear"},
		{"-5 kg", "'-5 kg"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tpear", "'\tpear"},
		{"\rpear", "'\rpear"},
		{"=A1, B2", "'=A1, B2"},
		{"pear = good", "pear = good"},
	}
	records := testRecords(t, len(tests), "")
	for i, tt := range tests {
		records[i].Product = tt.product
	}
	var buf bytes.Buffer
	w, err := NewCSVWriter(&buf, testLinks(t), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRecords(context.Background(), records); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		row := rows[i+1]
		if row[4] != tt.want {
			t.Errorf("product %q written as %q, want %q", tt.product, row[4], tt.want)
		}
		if row[0] != records[i].Code.Grouped() || row[2] != strconv.Itoa(int(records[i].ID.Batch)) {
			t.Errorf("row %d: code %q batch %q changed", i+1, row[0], row[2])
		}
	}
}

func TestCSVGuardAllocatesNothing(t *testing.T) {
	records := testRecords(t, 1, "=1+2, 特级")
	var buf bytes.Buffer
	buf.Grow(1 << 20)
	w, _ := NewCSVWriter(&buf, testLinks(t), CSVOptions{})
	allocs := testing.AllocsPerRun(1000, func() {
		if err := w.Write(&records[0]); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Fatalf("Write allocates %.1f times per record, want 0", allocs)
	}
}
