package label

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestWrapASCII(t *testing.T) {
	pdf, err := newPDF(nil, testTime)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTypesetter(pdf, false)
	// "M" is 0.833 em in Helvetica, so at 10 pt five of them are about 14.7 mm wide.
	tests := []struct {
		name     string
		text     string
		width    float64
		maxLines int
		want     []string
	}{
		{"fits", "pear", 50, 3, []string{"pear"}},
		{"empty", "", 50, 3, nil},
		{"breaks at spaces", "Korla pear grade one", 22, 3, []string{"Korla pear", "grade one"}},
		{"long word broken", "MMMMMMMMMM", 15, 3, []string{"MMMMM", "MMMMM"}},
		{"ellipsis", "one two three four five six", 14, 2, []string{"one two", "three..."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ts.wrap(tc.text, tc.width, 10, tc.maxLines)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("wrap(%q) = %q, want %q", tc.text, got, tc.want)
			}
			for _, line := range got {
				if w := ts.width(line, 10); w > tc.width {
					t.Fatalf("line %q is %.1f mm wide, more than %.1f", line, w, tc.width)
				}
			}
		})
	}
}

func TestWrapCJK(t *testing.T) {
	font := requireCJKFont(t)
	pdf, err := newPDF(font, testTime)
	if err != nil {
		t.Fatal(err)
	}
	ts := newTypesetter(pdf, true)
	text := "新疆库尔勒香梨特级果5 kg礼盒装"
	lines := ts.wrap(text, 20, 10, 5)
	if len(lines) < 2 {
		t.Fatalf("wrap in 20 mm gave %q, want several lines", lines)
	}
	if got := strings.Join(lines, ""); strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(text, " ", "") {
		t.Fatalf("lines %q lose text of %q", lines, text)
	}
	for _, line := range lines {
		if w := ts.width(line, 10); w > 20 {
			t.Fatalf("line %q is %.1f mm wide, more than 20", line, w)
		}
	}
	// A CJK glyph is one em wide: 10 pt is 3.53 mm.
	if w := ts.width("香", 10); w < 3.4 || w > 3.6 {
		t.Fatalf("width of 香 at 10 pt = %.2f mm, want about 3.53", w)
	}
}

// renderPage renders page 1 of a PDF to PNG at dpi with pdftoppm, cropped to w × h
// pixels from the top left corner when w is above 0.
func renderPage(t *testing.T, pdf []byte, dpi, w, h int) []byte {
	t.Helper()
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftoppm is missing; install poppler-utils")
		}
		t.Skip("pdftoppm is missing; install poppler-utils")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-r", itoa(dpi), "-png", "-f", "1", "-l", "1", "-singlefile"}
	if w > 0 {
		args = append(args, "-x", "0", "-y", "0", "-W", itoa(w), "-H", itoa(h))
	}
	args = append(args, in, filepath.Join(dir, "out"))
	if out, err := exec.Command("pdftoppm", args...).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	png, err := os.ReadFile(filepath.Join(dir, "out.png"))
	if err != nil {
		t.Fatal(err)
	}
	return png
}

// TestPDFQRCodesDecode renders the first label of a sheet and a certificate and reads
// their QR codes back.
func TestPDFQRCodesDecode(t *testing.T) {
	records := testRecords(t, 3, "Korla pear")
	links := testLinks(t)
	var sheet bytes.Buffer
	if err := WriteSheet(&sheet, links, SheetOptions{}, records); err != nil {
		t.Fatal(err)
	}
	// At 300 dpi the first label, 70 × 37 mm, is about 827 × 438 pixels.
	text, _ := decodeQR(t, renderPage(t, sheet.Bytes(), 300, 820, 430))
	if want := links.URL(records[0].Code); text != want {
		t.Fatalf("label QR code carries %q, want %q", text, want)
	}

	var cert bytes.Buffer
	c := testCertificateASCII()
	if err := WriteCertificates(&cert, []Certificate{c}, CertificateOptions{}); err != nil {
		t.Fatal(err)
	}
	text, _ = decodeQR(t, renderPage(t, cert.Bytes(), 150, 0, 0))
	if text != c.LookupURL {
		t.Fatalf("certificate QR code carries %q, want %q", text, c.LookupURL)
	}
}
