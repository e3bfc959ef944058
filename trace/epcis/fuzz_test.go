package epcis

import (
	"os"
	"path/filepath"
	"testing"
)

// addSeeds adds the files matching pattern under the shared test data as fuzz seeds, when
// the folder is there.
func addSeeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join(sharedDir(f), pattern))
	for _, path := range files {
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
}

// FuzzDecodeJSON checks that the JSON-LD decoder never panics, that what it accepts it can
// encode, and that the encoding decodes again to events with the same hashes.
func FuzzDecodeJSON(f *testing.F) {
	addSeeds(f, "epcis/openepcis/JSON/Capture/*/*.json")
	addSeeds(f, "epcis-hash/examples/*.jsonld")
	f.Add([]byte(`{"@context":[],"type":"EPCISDocument","schemaVersion":"2.0",` +
		`"creationDate":"2025-01-01T00:00:00Z","epcisBody":{"eventList":[]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := DecodeJSON(data)
		if err != nil {
			return
		}
		out, err := EncodeJSON(doc)
		if err != nil {
			return // an extension number literal that is not JSON; reported, not a crash
		}
		again, err := DecodeJSON(out)
		if err != nil {
			t.Fatalf("decode of encoded document: %v\n%s", err, out)
		}
		if len(again.Events) != len(doc.Events) {
			t.Fatalf("got %d events after a round trip, want %d", len(again.Events),
				len(doc.Events))
		}
		for i := range doc.Events {
			if a, b := HashID(&doc.Events[i]), HashID(&again.Events[i]); a != b {
				t.Fatalf("event %d hash changed in a round trip: %s, then %s", i, a, b)
			}
		}
		_ = doc.Validate()
	})
}

// FuzzDecodeXML checks that the XML decoder never panics and that the events it accepts
// can be validated, hashed and encoded as JSON-LD.
func FuzzDecodeXML(f *testing.F) {
	addSeeds(f, "epcis/openepcis/XML/Capture/*/*.xml")
	addSeeds(f, "epcis-hash/examples/*.xml")
	f.Add([]byte(`<ObjectEvent><eventTime>2025-01-01T00:00:00Z</eventTime></ObjectEvent>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := DecodeXML(data)
		if err != nil {
			return
		}
		_ = doc.Validate()
		for i := range doc.Events {
			_ = HashID(&doc.Events[i])
		}
		_, _ = EncodeJSON(doc)
	})
}

// FuzzParseQuery checks that query parsing never panics.
func FuzzParseQuery(f *testing.F) {
	addSeeds(f, "epcis/openepcis/*/Query/Queries/*.*")
	addSeeds(f, "epcis/openepcis/*/Query/Queries/Invalid/*.*")
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ParseQuery(data)
	})
}
