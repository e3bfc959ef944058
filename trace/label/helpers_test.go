package label

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/trace/mint"
)

// testMinter returns a minter under a fixed test key of version 1.
func testMinter(t testing.TB) *mint.Minter {
	t.Helper()
	keys, err := mint.NewKeyring(mint.Key{Version: 1, Secret: []byte("label test key 1")})
	if err != nil {
		t.Fatal(err)
	}
	m, err := mint.NewMinter(keys, 1)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func testLinks(t testing.TB) Links {
	t.Helper()
	links, err := NewLinks("https://trace.example.cn")
	if err != nil {
		t.Fatal(err)
	}
	return links
}

// testRecords returns n records of batch 5 from serial 0 with the given product.
func testRecords(t testing.TB, n int, product string) []Record {
	t.Helper()
	m := testMinter(t)
	b, err := m.Batch(5, 0, uint32(n))
	if err != nil {
		t.Fatal(err)
	}
	codes, err := m.AppendBatch(nil, b, 0, b.Count)
	if err != nil {
		t.Fatal(err)
	}
	records := make([]Record, n)
	for i, c := range codes {
		records[i] = Record{Code: c, ID: b.ID(uint32(i)), Product: product}
	}
	return records
}

var (
	cjkFontOnce sync.Once
	cjkFont     []byte
	cjkFontPath string
)

// findCJKFont returns a TrueType font with Chinese glyphs that fontconfig lists on this
// machine, or nil and "" when there is none.
func findCJKFont() ([]byte, string) {
	cjkFontOnce.Do(func() {
		out, err := exec.Command("fc-list", ":lang=zh", "file").Output()
		if err != nil {
			return
		}
		for _, line := range strings.Split(string(out), "\n") {
			path := strings.TrimSuffix(strings.TrimSpace(line), ":")
			if !strings.HasSuffix(strings.ToLower(path), ".ttf") {
				continue
			}
			if b, err := os.ReadFile(path); err == nil {
				cjkFont, cjkFontPath = b, path
				return
			}
		}
	})
	return cjkFont, cjkFontPath
}

// requireCJKFont returns a CJK TrueType font of this machine. It skips the test when
// there is none, and fails it under CI=true, where .ci/run installs one.
func requireCJKFont(t testing.TB) []byte {
	t.Helper()
	font, path := findCJKFont()
	if font == nil {
		msg := "no TrueType font with Chinese glyphs in fc-list :lang=zh; install fonts-droid-fallback"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Logf("CJK font: %s", path)
	return font
}

var pageObject = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// checkPDF fails unless b looks like a whole PDF file with pages pages.
func checkPDF(t *testing.T, b []byte, pages int) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("output starts with %q, want %%PDF-", b[:min(len(b), 8)])
	}
	if !bytes.Contains(b[max(0, len(b)-64):], []byte("%%EOF")) {
		t.Fatalf("output does not end with %%%%EOF")
	}
	if got := len(pageObject.FindAll(b, -1)); got != pages {
		t.Fatalf("PDF has %d pages, want %d", got, pages)
	}
}

// createFile creates or truncates the file at path.
func createFile(path string) (*os.File, error) { return os.Create(path) }

// testTime is a fixed document date, so that equal input gives equal PDF files.
var testTime = time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)

func itoa(n int) string { return strconv.Itoa(n) }
