package label

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestWriteSheetASCII(t *testing.T) {
	tests := []struct {
		name   string
		labels int
		opts   SheetOptions
		pages  int
	}{
		{"one label", 1, SheetOptions{}, 1},
		{"full page", 24, SheetOptions{}, 1},
		{"page and one", 25, SheetOptions{}, 2},
		{"2 × 5 with margin", 21, SheetOptions{Columns: 2, Rows: 5, Margin: 5, Outline: true}, 3},
		{"no labels", 0, SheetOptions{}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			records := testRecords(t, max(tc.labels, 1), "Korla fragrant pear, grade 1, 5 kg box")[:tc.labels]
			var buf bytes.Buffer
			if err := WriteSheet(&buf, testLinks(t), tc.opts, records); err != nil {
				t.Fatal(err)
			}
			if tc.labels == 0 {
				if buf.Len() != 0 {
					t.Fatalf("no labels wrote %d bytes, want none", buf.Len())
				}
				return
			}
			checkPDF(t, buf.Bytes(), tc.pages)
		})
	}
}

func TestWriteSheetNeedsFontForCJK(t *testing.T) {
	records := testRecords(t, 2, "库尔勒香梨")
	err := WriteSheet(io.Discard, testLinks(t), SheetOptions{}, records)
	if !errors.Is(err, ErrFontRequired) {
		t.Fatalf("WriteSheet of a Chinese name without a font = %v, want ErrFontRequired", err)
	}
	if !strings.Contains(err.Error(), "库尔勒香梨") || !strings.Contains(err.Error(), "Font") {
		t.Fatalf("error %q does not name the text and the Font option", err)
	}
}

func TestWriteSheetCJK(t *testing.T) {
	font := requireCJKFont(t)
	records := testRecords(t, 30, "新疆库尔勒香梨（特级果）5公斤礼盒装，产地直发，当季新果")
	var buf bytes.Buffer
	opts := SheetOptions{Font: font, Modified: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}
	if err := WriteSheet(&buf, testLinks(t), opts, records); err != nil {
		t.Fatal(err)
	}
	checkPDF(t, buf.Bytes(), 2)
	// The font is embedded as a subset, not whole.
	if buf.Len() > len(font)/4 {
		t.Fatalf("PDF of 30 labels is %d bytes, more than a quarter of the %d-byte font", buf.Len(), len(font))
	}
}

func TestWriteSheetBadFont(t *testing.T) {
	records := testRecords(t, 1, "pear")
	truncated := append([]byte{0, 1, 0, 0}, make([]byte, 200)...)
	fonts := map[string][]byte{
		"text":       []byte("not a font at all"),
		"short":      []byte("true"),
		"collection": append([]byte("ttcf"), make([]byte, 20)...),
		"CFF":        append([]byte("OTTO"), make([]byte, 20)...),
		"damaged":    truncated,
	}
	for name, font := range fonts {
		t.Run(name, func(t *testing.T) {
			err := WriteSheet(io.Discard, testLinks(t), SheetOptions{Font: font}, records)
			if err == nil || !strings.Contains(err.Error(), "font") {
				t.Fatalf("WriteSheet with a %s font = %v, want a font error", name, err)
			}
		})
	}
}

func TestSheetWriterParts(t *testing.T) {
	records := testRecords(t, 50, "pear")
	var files []*bytes.Buffer
	create := func(part int) (io.Writer, error) {
		if part != len(files) {
			t.Fatalf("part %d requested after %d files", part, len(files))
		}
		files = append(files, &bytes.Buffer{})
		return files[part], nil
	}
	sw, err := NewSheetWriter(testLinks(t), SheetOptions{LabelsPerFile: 20}, create)
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.WriteRecords(context.Background(), records); err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Fatalf("%d files before Close, want 2", len(files))
	}
	if err := sw.Close(); err != nil {
		t.Fatal(err)
	}
	if len(files) != 3 {
		t.Fatalf("%d files, want 3", len(files))
	}
	for i, pages := range []int{1, 1, 1} {
		checkPDF(t, files[i].Bytes(), pages)
	}

	failing := func(int) (io.Writer, error) { return nil, errors.New("disk full") }
	sw, _ = NewSheetWriter(testLinks(t), SheetOptions{LabelsPerFile: 1}, failing)
	if err := sw.Write(&records[0]); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Write with a failing create = %v, want the create error", err)
	}
}

func TestSheetOptionsRejected(t *testing.T) {
	tests := []struct {
		name string
		opts SheetOptions
	}{
		{"negative columns", SheetOptions{Columns: -1}},
		{"negative margin", SheetOptions{Margin: -1}},
		{"labels too small", SheetOptions{Columns: 8, Rows: 20}},
		{"unknown recovery", SheetOptions{Recovery: 8}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := NewSheetWriter(testLinks(t), tc.opts, nil); err == nil {
				t.Fatalf("NewSheetWriter accepted %+v", tc.opts)
			}
		})
	}
}
