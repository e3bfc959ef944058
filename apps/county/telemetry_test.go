package main

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/apps/county/internal/live"
	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// TestFlowBodyDecodes checks that the demo gateways' flow_total body, in an
// uplink envelope, decodes to the register in thousandths of a m³.
func TestFlowBodyDecodes(t *testing.T) {
	tests := []struct {
		value     int64
		wantValue int64
		wantScale uint8
	}{
		{0, 0, 3},
		{7, 7, 3},
		{1234567, 1234567, 3},
		{1000, 1000, 3},
	}
	for _, tt := range tests {
		body := flowBody(nil, 1750480000123, "654229-J0001", tt.value)
		msg := []byte(`{"seq":42,"ts":1750480000999,"hist":false,"data":` + string(body) + `}`)
		rs, skipped, err := ingest.DecodeTelemetry(nil, "654229101/gw-654229101201", msg)
		if err != nil || skipped != 0 {
			t.Fatalf("%s: err %v, skipped %d", msg, err, skipped)
		}
		if len(rs) != 1 {
			t.Fatalf("%s: got %d readings, want 1", msg, len(rs))
		}
		r := rs[0]
		if r.Seq != 42 || r.Device != "654229-J0001" || r.Field != flowField || r.TimeMillis != 1750480000123 {
			t.Errorf("%s: got %+v", msg, r)
		}
		if r.Value != tt.wantValue || r.Scale != tt.wantScale {
			t.Errorf("%s: got value %d scale %d, want %d scale %d", msg, r.Value, r.Scale, tt.wantValue, tt.wantScale)
		}
	}
}

func TestPublishDaily(t *testing.T) {
	wells := water.NewMemoryStore(nil)
	ctx := t.Context()
	w := &water.WellRecord{Well: water.Well{Code: "654229-J0001", Kind: water.PumpedWell,
		Location: water.Point{Lon: 87.6, Lat: 43.8}, Division: "654229101201", Source: water.ShallowGroundwater, Use: water.Agriculture}}
	if err := wells.PutWell(ctx, w); err != nil {
		t.Fatal(err)
	}
	hub := live.NewHub(live.Options{})
	defer hub.Close()
	events := hub.Subscribe(ctx, nil)
	tel := &telemetry{hub: hub, wells: wells, divisions: map[string]string{}}

	day := land.NewDate(2026, 5, 1)
	tel.publishDaily(ctx, []store.Daily{
		{Well: "654229-J0001", Day: day, Volume: decimal.RequireFromString("12.345")},
		{Well: "654229-J9999", Day: day, Volume: decimal.RequireFromString("1")},
	})
	tests := []struct{ division, data string }{
		{"654229101201", `{"well":"654229-J0001","day":"2026-05-01","volume_m3":"12.345"}`},
		{"", `{"well":"654229-J9999","day":"2026-05-01","volume_m3":"1"}`},
	}
	for _, tt := range tests {
		var e live.Event
		select {
		case e = <-events:
		case <-time.After(10 * time.Second):
			t.Fatal("no daily event within 10 s")
		}
		if e.Kind != live.KindDaily {
			t.Errorf("kind = %q, want %q", e.Kind, live.KindDaily)
		}
		if e.Division != tt.division {
			t.Errorf("division = %q, want %q", e.Division, tt.division)
		}
		if string(e.Data) != tt.data {
			t.Errorf("data = %s, want %s", e.Data, tt.data)
		}
	}
	if got := tel.divisions["654229-J9999"]; got != "" {
		t.Errorf("cached division of an unregistered well = %q, want empty", got)
	}
}
