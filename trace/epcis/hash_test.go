package epcis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// decodeAnyFile decodes a JSON-LD or XML document, query document or bare event by the file
// name's extension.
func decodeAnyFile(tb testing.TB, path string) *Document {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := Decode(data)
	if err != nil {
		tb.Fatalf("decode %s: %v", filepath.Base(path), err)
	}
	return doc
}

func readLines(tb testing.TB, path string) []string {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimRight(l, "\r"); strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestHashExamples(t *testing.T) {
	for _, hashes := range globFiles(t, "epcis-hash/examples/*.hashes") {
		stem := strings.TrimSuffix(hashes, ".hashes")
		want := readLines(t, hashes)
		var prehashes []string // informational, and missing for some examples
		if _, err := os.Stat(stem + ".prehashes"); err == nil {
			prehashes = readLines(t, stem+".prehashes")
		}
		for _, ext := range []string{".jsonld", ".xml"} {
			input := stem + ext
			if _, err := os.Stat(input); err != nil {
				continue
			}
			t.Run(filepath.Base(input), func(t *testing.T) {
				doc := decodeAnyFile(t, input)
				if len(doc.Events) != len(want) {
					t.Fatalf("got %d events, want %d", len(doc.Events), len(want))
				}
				opts := HashOptions{Ignore: doc.HashIgnore()}
				for i := range doc.Events {
					got := opts.HashID(&doc.Events[i])
					if got == want[i] {
						continue
					}
					t.Errorf("event %d: got %s, want %s", i, got, want[i])
					if i < len(prehashes) {
						t.Logf("pre-hash got:\n%s\nwant (informational):\n%s",
							opts.PreHash(&doc.Events[i]), prehashes[i])
					}
				}
			})
		}
	}
}

func TestHashExpectedEqual(t *testing.T) {
	for _, path := range globFiles(t, "epcis-hash/expected_equal/*") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			doc := decodeAnyFile(t, path)
			if len(doc.Events) < 2 {
				t.Fatalf("got %d events, want at least 2", len(doc.Events))
			}
			first := HashID(&doc.Events[0])
			for i := 1; i < len(doc.Events); i++ {
				if got := HashID(&doc.Events[i]); got != first {
					t.Errorf("event %d hash %s differs from event 0 hash %s\n%s\n%s", i, got,
						first, PreHash(&doc.Events[i]), PreHash(&doc.Events[0]))
				}
			}
		})
	}
}
