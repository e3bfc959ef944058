package tracetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/trace"
	"github.com/shuxiang/shuxiang/trace/epcis"
)

var steps = trace.Steps{Namespace: trace.Namespace{Domain: "trace.hotan.example.cn"}}

// supplyChain returns the events of one batch: a harvest by lot, packing of two items
// into a case, shipping of the case and a retail sale of one item, in time order.
func supplyChain(t *testing.T) []epcis.Event {
	t.Helper()
	p := product(1, coop, trace.Fruit)
	b := batch(1, p.ID, villageA, land.NewDate(2024, time.October, 8))
	harvest, err := steps.Harvest(trace.Harvest{At: instant(time.October, 8, 18, 0), Product: p, Batch: b})
	require.NoError(t, err)
	item1, item2 := steps.ItemEPC(p, "1001"), steps.ItemEPC(p, "1002")
	caseEPC := "https://id.gs1.org/00/069012340000000018"
	pack, err := steps.Pack(trace.Aggregation{At: instant(time.October, 9, 10, 0), Site: "packhouse-1",
		Parent: caseEPC, Children: trace.Objects{EPCs: []string{item1, item2}}})
	require.NoError(t, err)
	ship, err := steps.Ship(trace.Observation{At: instant(time.October, 10, 8, 0), Site: "packhouse-1",
		Objects: trace.Objects{EPCs: []string{caseEPC}}},
		trace.Shipment{From: coop, To: company, Destinations: []land.DivisionCode{"650100"}})
	require.NoError(t, err)
	sell, err := steps.Sell(trace.Observation{At: instant(time.October, 12, 15, 0), Site: "shop-7",
		Objects: trace.Objects{EPCs: []string{item1}}})
	require.NoError(t, err)
	return []epcis.Event{*harvest, *pack, *ship, *sell}
}

func capture(t *testing.T, s trace.Store, events []epcis.Event) []epcis.Event {
	t.Helper()
	doc := &epcis.Document{Events: events}
	stored, err := epcis.CaptureDocument(context.Background(), s, doc, func() time.Time {
		return instant(time.October, 20, 9, 0)
	})
	require.NoError(t, err)
	return stored
}

func testEvents(t *testing.T, s trace.Store) {
	ctx := context.Background()
	stored := capture(t, s, supplyChain(t))
	require.Len(t, stored, 4)
	p := product(1, coop, trace.Fruit)
	item1 := steps.ItemEPC(p, "1001")

	all, err := s.Query(ctx, epcis.Query{OrderAscending: true})
	require.NoError(t, err)
	require.Len(t, all.Events, 4)
	for i, e := range all.Events {
		assert.Equal(t, stored[i].EventID, e.EventID, "event %d in time order", i)
		assert.True(t, e.EventTime.Equal(stored[i].EventTime), "event time %d", i)
		assert.Equal(t, stored[i].BizStep, e.BizStep)
	}
	newest, err := s.Query(ctx, epcis.Query{})
	require.NoError(t, err)
	assert.Equal(t, stored[3].EventID, newest.Events[0].EventID, "newest first by default")

	byItem, err := s.Query(ctx, epcis.Query{AnyEPCs: []string{item1}, OrderAscending: true})
	require.NoError(t, err)
	assert.Equal(t, []string{stored[1].EventID, stored[3].EventID}, eventIDs(byItem.Events))

	// The item's EPC URN is another spelling of the same key.
	urn := "urn:epc:id:sgtin:6901234.000001.1001"
	byURN, err := s.Query(ctx, epcis.Query{AnyEPCs: []string{urn}, OrderAscending: true})
	require.NoError(t, err)
	assert.Equal(t, eventIDs(byItem.Events), eventIDs(byURN.Events), "URN spelling")

	byClass, err := s.Query(ctx, epcis.Query{AnyEPCClasses: []string{steps.LotClass(p, "B-0001")}})
	require.NoError(t, err)
	assert.Equal(t, []string{stored[0].EventID}, eventIDs(byClass.Events))
	byLot, err := s.Query(ctx, epcis.Query{LotNumbers: []string{"B-0001"}})
	require.NoError(t, err)
	assert.Contains(t, eventIDs(byLot.Events), stored[0].EventID)

	bySteps, err := s.Query(ctx, epcis.Query{BizSteps: []epcis.BizStep{epcis.BizStepShipping, epcis.BizStepRetailSelling},
		EventTimeFrom: instant(time.October, 10, 8, 0), EventTimeTo: instant(time.October, 12, 15, 0)})
	require.NoError(t, err)
	assert.Equal(t, []string{stored[2].EventID}, eventIDs(bySteps.Events), "from included, to excluded")

	first, err := s.Query(ctx, epcis.Query{OrderAscending: true, PageSize: 3})
	require.NoError(t, err)
	require.NotEmpty(t, first.NextPageToken)
	rest, err := s.Query(ctx, epcis.Query{OrderAscending: true, PageSize: 3, PageToken: first.NextPageToken})
	require.NoError(t, err)
	assert.Equal(t, eventIDs(all.Events), append(eventIDs(first.Events), eventIDs(rest.Events)...))
	assert.Empty(t, rest.NextPageToken)
	_, err = s.Query(ctx, epcis.Query{PageToken: "x"})
	assert.Error(t, err, "invalid page token")

	// A second capture of an event is a duplicate, and the whole capture is rejected.
	again := supplyChain(t)
	extra, err := steps.Sell(trace.Observation{At: instant(time.October, 13, 9, 0), Site: "shop-7",
		Objects: trace.Objects{EPCs: []string{steps.ItemEPC(p, "1002")}}})
	require.NoError(t, err)
	_, err = epcis.CaptureDocument(ctx, s, &epcis.Document{Events: []epcis.Event{*extra, again[3]}}, nil)
	require.Error(t, err)
	assert.Equal(t, epcis.ReasonDuplicate, epcis.ReasonOf(err))
	after, err := s.Query(ctx, epcis.Query{})
	require.NoError(t, err)
	assert.Len(t, after.Events, 4, "nothing of the rejected capture stored")
}

func testStoryEvents(t *testing.T, s trace.Store) {
	ctx := context.Background()
	stored := capture(t, s, supplyChain(t))
	p := product(1, coop, trace.Fruit)
	src := trace.RepositoryEvents{Repository: s}
	events, err := src.EventsNaming(ctx, []string{steps.ItemEPC(p, "1001")}, []string{steps.LotClass(p, "B-0001")})
	require.NoError(t, err)
	got := map[string]bool{}
	for _, e := range events {
		got[e.EventID] = true
	}
	assert.Equal(t, map[string]bool{stored[0].EventID: true, stored[1].EventID: true, stored[3].EventID: true}, got)
}

func eventIDs(events []epcis.Event) []string {
	ids := make([]string, len(events))
	for i := range events {
		ids[i] = events[i].EventID
	}
	return ids
}
