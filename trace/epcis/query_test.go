package epcis

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestQueryFolder parses every document of the OpenEPCIS Query folders: query requests
// with ParseQuery and query result documents with Decode and Validate. Documents under an
// Invalid folder must be rejected.
func TestQueryFolder(t *testing.T) {
	var files []string
	for _, pattern := range []string{"epcis/openepcis/*/Query/*.*",
		"epcis/openepcis/*/Query/*/*.*", "epcis/openepcis/*/Query/*/*/*.*"} {
		files = append(files, globFiles(t, pattern)...)
	}
	for _, path := range files {
		t.Run(relName(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(filepath.ToSlash(path), "/Queries/") {
				_, err = ParseQuery(data)
			} else {
				var doc *Document
				if doc, err = Decode(data); err == nil {
					err = doc.Validate()
				}
			}
			invalid := strings.Contains(filepath.ToSlash(path), "/Invalid/")
			switch {
			case invalid && err == nil:
				t.Fatal("accepted an invalid document")
			case invalid:
				t.Logf("rejected: %v", err)
			case err != nil:
				t.Fatalf("rejected a valid document: %v", err)
			}
			name := filepath.Base(path)
			for _, ir := range []struct {
				phrase string
				reason Reason
			}{{"unknown_parameter", ReasonUnknown}, {"without_queryName", ReasonMissing},
				{"missing_value", ReasonMissing}, {"invalid_action", ReasonInvalid},
				{"invalid_eventType", ReasonInvalid}, {"invalid_values", ReasonInvalid}} {
				if strings.Contains(name, ir.phrase) && ReasonOf(err) != ir.reason {
					t.Errorf("reason %v, want %v", ReasonOf(err), ir.reason)
				}
			}
		})
	}
}

func TestParseQuerySimpleEventQuery(t *testing.T) {
	path := filepath.Join(sharedDir(t), "epcis/openepcis/JSON/Query/Queries/SimpleEventQuery.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	q, err := ParseQuery(data)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(q.EventTypes); got != 2 {
		t.Errorf("got %d event types, want 2", got)
	}
	if got := q.BizSteps; len(got) != 1 || got[0] != BizStepShipping {
		t.Errorf("got bizSteps %v, want [shipping]", got)
	}
	if q.QuantityMin == nil || !q.QuantityMin.Equal(decimal.NewFromInt(1)) {
		t.Errorf("got GE_quantity %v, want 1", q.QuantityMin)
	}
	if q.PageSize != 100 || q.OrderAscending || q.OrderBy != "eventTime" {
		t.Errorf("got page size %d, ascending %v, order by %q; want 100, false, eventTime",
			q.PageSize, q.OrderAscending, q.OrderBy)
	}
}

// captureAll captures every valid OpenEPCIS capture document into one repository.
func captureAll(t *testing.T) *MemoryRepository {
	t.Helper()
	repo := &MemoryRepository{}
	clock := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	for _, path := range globFiles(t, "epcis/openepcis/JSON/Capture/Documents/*.json") {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Minute)
		now := func() time.Time { return clock }
		if _, err := Capture(context.Background(), repo, data, now); err != nil &&
			ReasonOf(err) != ReasonDuplicate {
			t.Fatalf("capture %s: %v", filepath.Base(path), err)
		}
	}
	return repo
}

func TestCaptureRejectsDuplicate(t *testing.T) {
	path := filepath.Join(sharedDir(t), "epcis/openepcis/JSON/Capture/Documents/ObjectEvent.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	repo := &MemoryRepository{}
	events, err := Capture(context.Background(), repo, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if events[0].RecordTime.IsZero() || events[0].EventID == "" {
		t.Errorf("captured event lacks recordTime or eventID: %+v", events[0])
	}
	_, err = Capture(context.Background(), repo, data, nil)
	if ReasonOf(err) != ReasonDuplicate {
		t.Fatalf("second capture: got %v, want a duplicate error", err)
	}
	if got := repo.Len(); got != len(events) {
		t.Errorf("repository holds %d events, want %d", got, len(events))
	}
}

func TestCaptureAllowsErrorDeclaration(t *testing.T) {
	ctx := context.Background()
	repo := &MemoryRepository{}
	ev := sampleEvent()
	doc := &Document{Events: []Event{ev}}
	stored, err := CaptureDocument(ctx, repo, doc, nil)
	if err != nil {
		t.Fatal(err)
	}
	wantID := HashID(&ev)
	if stored[0].EventID != wantID {
		t.Errorf("eventID %s, want the event hash %s", stored[0].EventID, wantID)
	}

	// The same event declared in error repeats its eventID and its hash.
	corr := stored[0]
	corr.RecordTime = time.Time{}
	corr.ErrorDeclaration = &ErrorDeclaration{DeclarationTime: ev.EventTime.Add(time.Hour),
		Reason: ErrorReasonIncorrectData}
	if _, err := CaptureDocument(ctx, repo, &Document{Events: []Event{corr}}, nil); err != nil {
		t.Fatalf("capture error declaration: %v", err)
	}

	// A plain event that repeats an eventID is rejected.
	other := sampleEvent()
	other.EventTime = other.EventTime.Add(time.Minute)
	other.EventID = wantID
	_, err = CaptureDocument(ctx, repo, &Document{Events: []Event{other}}, nil)
	if ReasonOf(err) != ReasonDuplicate {
		t.Errorf("got %v, want a duplicate eventID error", err)
	}
}

func sampleEvent() Event {
	q := decimal.RequireFromString("120.5")
	return Event{
		Type:                ObjectEvent,
		EventTime:           time.Date(2025, 9, 20, 7, 30, 0, 0, time.FixedZone("", 8*3600)),
		EventTimeZoneOffset: "+08:00",
		Action:              ActionAdd,
		BizStep:             BizStepCommissioning,
		Disposition:         DispositionActive,
		QuantityList: []QuantityElement{{
			EPCClass: "https://id.gs1.org/01/06901234567892/10/2025-RICE-07",
			Quantity: &q, UOM: "KGM",
		}},
		ReadPoint: &Location{ID: "https://id.gs1.org/414/6901234000004"},
		ILMD:      []Extension{{Name: lotNumberName, Value: StringValue("2025-RICE-07")}},
	}
}

func TestQueryFilters(t *testing.T) {
	repo := captureAll(t)
	ctx := context.Background()
	from := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		query Query
		check func(ev *Event) bool
	}{
		{"event type", Query{EventTypes: []EventType{AggregationEvent}},
			func(ev *Event) bool { return ev.Type == AggregationEvent }},
		{"biz step", Query{BizSteps: []BizStep{BizStepShipping}},
			func(ev *Event) bool { return ev.BizStep == BizStepShipping }},
		{"disposition", Query{Dispositions: []Disposition{DispositionInTransit}},
			func(ev *Event) bool { return ev.Disposition == DispositionInTransit }},
		{"event time", Query{EventTimeFrom: from},
			func(ev *Event) bool { return !ev.EventTime.Before(from) }},
		{"epc by URN", Query{EPCs: []string{"urn:epc:id:sgtin:0614141.107346.2018"}},
			func(ev *Event) bool {
				want := canonicalAll([]string{"urn:epc:id:sgtin:0614141.107346.2018"})
				return matchIDs(want, identifiersOf(ev).epcs)
			}},
		{"parent", Query{ParentIDs: []string{"urn:epc:id:sscc:0614141.1234567890"}},
			func(ev *Event) bool { return ev.ParentID != "" }},
		{"read point", Query{ReadPoints: []string{"urn:epc:id:sgln:0012345.11111.400"}},
			func(ev *Event) bool { return ev.ReadPoint != nil }},
		{"input EPC by DL", Query{InputEPCs: []string{"https://example.org/01/04012345111224/21/25"}},
			func(ev *Event) bool { return ev.Type == TransformationEvent }},
		{"output class pattern", Query{AnyEPCs: []string{"urn:epc:idpat:sgtin:4012345.077889.*"}},
			func(ev *Event) bool { return len(ev.OutputEPCList) > 0 }},
		{"record time", Query{RecordTimeFrom: time.Date(2026, 5, 1, 8, 5, 0, 0, time.UTC),
			RecordTimeTo: time.Date(2026, 5, 1, 8, 10, 0, 0, time.UTC)},
			func(ev *Event) bool {
				return ev.RecordTime.Minute() >= 5 && ev.RecordTime.Minute() < 10
			}},
		{"class and quantity", Query{AnyEPCClasses: []string{"urn:epc:idpat:sgtin:4012345.012345.*"},
			QuantityMin: decimalPtr("100")},
			func(ev *Event) bool {
				for _, list := range [][]QuantityElement{ev.QuantityList, ev.ChildQuantityList,
					ev.InputQuantityList, ev.OutputQuantityList} {
					for _, q := range list {
						if q.Quantity != nil && !q.Quantity.LessThan(decimal.NewFromInt(100)) {
							return true
						}
					}
				}
				return false
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			page, err := repo.Query(ctx, tc.query)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Events) == 0 {
				t.Fatal("no events match")
			}
			for i := range page.Events {
				if !tc.check(&page.Events[i]) {
					t.Errorf("event %d (%s) does not meet the filter", i, page.Events[i].EventID)
				}
			}
		})
	}
}

func decimalPtr(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func TestQueryLotAndPaging(t *testing.T) {
	ctx := context.Background()
	repo := &MemoryRepository{}
	base := sampleEvent()
	var events []Event
	for i := range 25 {
		ev := base
		ev.EventTime = base.EventTime.Add(time.Duration(i) * time.Hour)
		events = append(events, ev)
	}
	if _, err := CaptureDocument(ctx, repo, &Document{Events: events}, nil); err != nil {
		t.Fatal(err)
	}

	q := Query{LotNumbers: []string{"2025-RICE-07"}, PageSize: 10, OrderAscending: true}
	var got []Event
	pages := 0
	for {
		page, err := repo.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page.Events...)
		pages++
		if page.NextPageToken == "" {
			break
		}
		q.PageToken = page.NextPageToken
	}
	if len(got) != 25 || pages != 3 {
		t.Fatalf("got %d events in %d pages, want 25 in 3", len(got), pages)
	}
	for i := 1; i < len(got); i++ {
		if got[i].EventTime.Before(got[i-1].EventTime) {
			t.Fatalf("event %d is older than event %d in ascending order", i, i-1)
		}
	}
	none, err := repo.Query(ctx, Query{LotNumbers: []string{"OTHER"}})
	if err != nil || len(none.Events) != 0 {
		t.Errorf("lot OTHER: got %d events, %v; want none", len(none.Events), err)
	}
}
