package epcis

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCaptureAcceptsValid(t *testing.T) {
	var files []string
	for _, pattern := range []string{
		"epcis/openepcis/*/Capture/Documents/*", "epcis/openepcis/*/Capture/Events/*",
	} {
		files = append(files, globFiles(t, pattern)...)
	}
	for _, path := range files {
		t.Run(relName(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := ParseCapture(data)
			if err != nil {
				t.Fatalf("ParseCapture: %v", err)
			}
			if len(doc.Events) == 0 {
				t.Errorf("got no events")
			}
		})
	}
}

// invalidReasons maps a phrase of an invalid document's file name to the rejection
// category that the name announces.
var invalidReasons = []struct {
	phrase string
	reason Reason
}{
	{"wrong_element_order", ReasonOrder},
	{"non_standard", ReasonVocabulary},
	{"without_context", ReasonMissing},
	{"without_namespace", ReasonUnknown},
	{"unknown_field", ReasonUnknown},
	{"unknown_element", ReasonUnknown},
	{"missing_mandatory", ReasonMissing},
	{"without_action", ReasonMissing},
	{"without_eventTime", ReasonMissing},
	{"without_identifier", ReasonMissing},
	{"invalid_action", ReasonInvalid},
	{"near_miss_action", ReasonInvalid},
	{"invalid_eventTime", ReasonInvalid},
	{"invalid_certificationInfo", ReasonInvalid},
	{"quantity_as_text", ReasonInvalid},
}

func TestParseCaptureRejectsInvalid(t *testing.T) {
	for _, path := range globFiles(t, "epcis/openepcis/*/Capture/Invalid/*") {
		t.Run(relName(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, err = ParseCapture(data)
			if err == nil {
				t.Fatal("ParseCapture accepted an invalid document")
			}
			t.Logf("rejected: %v", err)
			name := filepath.Base(path)
			for _, ir := range invalidReasons {
				if !strings.Contains(name, ir.phrase) {
					continue
				}
				if got := ReasonOf(err); got != ir.reason {
					t.Errorf("reason %v, want %v", got, ir.reason)
				}
				break
			}
			if strings.Contains(name, "second_event") && !strings.Contains(err.Error(), "[1]") {
				t.Errorf("error %q does not name the second event", err)
			}
		})
	}
}

// relName returns the last three elements of path, for subtest names.
func relName(path string) string {
	parts := strings.Split(filepath.ToSlash(path), "/")
	if len(parts) > 3 {
		parts = parts[len(parts)-3:]
	}
	return strings.Join(parts, "/")
}
