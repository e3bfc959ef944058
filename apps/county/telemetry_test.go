package main

import (
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/ingest"
	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

func TestSL651Readings(t *testing.T) {
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	ms := at.UnixMilli()
	tests := []struct {
		name string
		ev   centre.Event
		want []ingest.Reading
	}{
		{"no SL 651 message", centre.Event{Kind: centre.Message, Station: "0012345678"}, nil},
		{
			"level and invalid value",
			centre.Event{Kind: centre.Message, Station: "0012345678", SL651: &sl651.Message{Elements: []sl651.Element{
				{ID: sl651.WaterLevel, Value: sl651.NewValue(12345, 3), ObservedAt: at},
				{ID: sl651.Flow, ObservedAt: at}, // the invalid-data marker
			}}},
			[]ingest.Reading{{Source: "sl651/0012345678", Seq: ms, Device: "0012345678", Field: "Z",
				TimeMillis: ms, Value: 12345, Scale: 3}},
		},
		{
			"no observation time",
			centre.Event{Kind: centre.Message, Station: "0012345678", SL651: &sl651.Message{Elements: []sl651.Element{
				{ID: sl651.WaterLevel, Value: sl651.NewValue(1, 0)},
			}}},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sl651Readings(nil, &tt.ev)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d readings %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("reading %d: got %+v, want %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestTelemetryMessageDecodes(t *testing.T) {
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
		msg := telemetryMessage(nil, 42, 1750480000123, "654229-J0001", tt.value)
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
