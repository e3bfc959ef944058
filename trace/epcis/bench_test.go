package epcis

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The benchmarks use SensorData_with_combined_events, a capture document of 13 events of
// all five types with sensor data, in both bindings, and report the time per event.

func benchDocument(b *testing.B, binding, ext string) ([]byte, int) {
	b.Helper()
	path := filepath.Join(sharedDir(b), "epcis/openepcis", binding,
		"Capture/Documents/SensorData_with_combined_events."+ext)
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	doc, err := Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	return data, len(doc.Events)
}

func reportPerEvent(b *testing.B, events int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*events), "ns/event")
}

func BenchmarkDecodeJSON(b *testing.B) {
	data, events := benchDocument(b, "JSON", "json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeJSON(data); err != nil {
			b.Fatal(err)
		}
	}
	reportPerEvent(b, events)
}

// BenchmarkBaselineJSONUnmarshal is the baseline for BenchmarkDecodeJSON: encoding/json
// decoding the same document into map[string]any, with no EPCIS rules.
func BenchmarkBaselineJSONUnmarshal(b *testing.B) {
	data, events := benchDocument(b, "JSON", "json")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			b.Fatal(err)
		}
	}
	reportPerEvent(b, events)
}

func BenchmarkDecodeXML(b *testing.B) {
	data, events := benchDocument(b, "XML", "xml")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DecodeXML(data); err != nil {
			b.Fatal(err)
		}
	}
	reportPerEvent(b, events)
}

// BenchmarkBaselineXMLTokens is the baseline for BenchmarkDecodeXML: encoding/xml reading
// every token of the same document.
func BenchmarkBaselineXMLTokens(b *testing.B) {
	data, events := benchDocument(b, "XML", "xml")
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	reportPerEvent(b, events)
}

func BenchmarkEncodeJSON(b *testing.B) {
	data, events := benchDocument(b, "JSON", "json")
	doc, err := DecodeJSON(data)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeJSON(doc); err != nil {
			b.Fatal(err)
		}
	}
	reportPerEvent(b, events)
}

func BenchmarkHashID(b *testing.B) {
	data, events := benchDocument(b, "JSON", "json")
	doc, err := DecodeJSON(data)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range doc.Events {
			_ = HashID(&doc.Events[i])
		}
	}
	reportPerEvent(b, events)
}

// BenchmarkBaselineSHA256 is the baseline for BenchmarkHashID: SHA-256 of the finished
// pre-hash strings alone.
func BenchmarkBaselineSHA256(b *testing.B) {
	data, events := benchDocument(b, "JSON", "json")
	doc, err := DecodeJSON(data)
	if err != nil {
		b.Fatal(err)
	}
	pre := make([][]byte, len(doc.Events))
	for i := range doc.Events {
		pre[i] = []byte(PreHash(&doc.Events[i]))
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range pre {
			_ = sha256.Sum256(p)
		}
	}
	reportPerEvent(b, events)
}

// BenchmarkCapture captures the document into a memory repository that already holds
// about 10,000 events, with a new event time each round so that nothing is a duplicate.
func BenchmarkCapture(b *testing.B) {
	data, events := benchDocument(b, "JSON", "json")
	doc, err := DecodeJSON(data)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	repo := &MemoryRepository{}
	shift := 0

	capture := func() {
		shift++
		d := *doc
		d.Events = append([]Event(nil), doc.Events...)
		for i := range d.Events {
			d.Events[i].EventTime = d.Events[i].EventTime.Add(time.Duration(shift) * time.Second)
			d.Events[i].EventID = ""
		}
		if _, err := CaptureDocument(ctx, repo, &d, nil); err != nil {
			b.Fatal(err)
		}
	}
	for range 10000 / events {
		capture()
	}

	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		capture()
	}
	reportPerEvent(b, events)
	b.ReportMetric(float64(repo.Len()), "events-stored")
}

func BenchmarkQueryByEPC(b *testing.B) {
	ctx := context.Background()
	repo := &MemoryRepository{}
	base := sampleEvent()
	var batch []Event
	for i := range 10000 {
		ev := base
		ev.EventTime = base.EventTime.Add(time.Duration(i) * time.Minute)
		ev.QuantityList = nil
		ev.ILMD = nil
		ev.EPCList = []string{fmt.Sprintf("https://id.gs1.org/01/06901234567892/21/%d", i)}
		batch = append(batch, ev)
	}
	if _, err := CaptureDocument(ctx, repo, &Document{Events: batch}, nil); err != nil {
		b.Fatal(err)
	}
	q := Query{EPCs: []string{"urn:epc:id:sgtin:6901234.056789.4242"}}
	b.ReportAllocs()
	for b.Loop() {
		page, err := repo.Query(ctx, q)
		if err != nil || len(page.Events) != 1 {
			b.Fatalf("got %d events, %v; want 1", len(page.Events), err)
		}
	}
}
