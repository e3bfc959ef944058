package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
)

func TestDevices(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		seen := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
		ds := []*store.Device{
			{ID: "gateway:654229101/gw-1", Kind: "gateway", Name: "654229101/gw-1", Protocol: "mqtt",
				Division: "654229101", State: "online", Since: seen, LastSeen: seen},
			{ID: "device:654229101/gw-1/WS-1", Kind: "device", Name: "WS-1", Gateway: "654229101/gw-1",
				Protocol: "mqtt", Division: "654229101201", State: "offline", Since: seen, LastSeen: seen,
				Interval: 5 * time.Second, Detail: "timeout"},
			{ID: "szy206:654229/7", Kind: "station", Name: "654229/7", Protocol: "szy206",
				Division: "654229102201", Well: "654229-J0007", State: "online", Since: seen, LastSeen: seen},
			{ID: "sl651:6542290001", Kind: "station", Name: "6542290001", Protocol: "sl651", State: "online"},
		}
		if err := s.PutDevices(ctx, ds); err != nil {
			t.Fatal(err)
		}
		got, err := s.Device(ctx, "device:654229101/gw-1/WS-1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Interval != 5*time.Second || !got.LastSeen.Equal(seen) || got.Detail != "timeout" {
			t.Errorf("Device: got %+v", got)
		}
		if _, err := s.Device(ctx, "device:none"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Device(none): got %v, want ErrNotFound", err)
		}

		// A second put replaces the row.
		ds[1].State = "online"
		if err := s.PutDevices(ctx, ds[1:2]); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			f    store.DeviceFilter
			want int
		}{
			{"all", store.DeviceFilter{}, 4},
			{"township", store.DeviceFilter{Division: "654229101"}, 2},
			{"village", store.DeviceFilter{Division: "654229101201"}, 1},
			{"county with unplaced", store.DeviceFilter{Division: "654229", IncludeUnplaced: true}, 4},
			{"county", store.DeviceFilter{Division: "654229"}, 3},
			{"state", store.DeviceFilter{State: "online"}, 4},
			{"kind", store.DeviceFilter{Kind: "station"}, 2},
			{"after", store.DeviceFilter{After: "gateway:654229101/gw-1"}, 2},
			{"limit", store.DeviceFilter{Limit: 1}, 1},
		}
		for _, tt := range tests {
			got, err := s.Devices(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("%s: got %d devices, want %d", tt.name, len(got), tt.want)
			}
		}
		if err := s.PutDevices(ctx, []*store.Device{{ID: "x"}}); err == nil {
			t.Error("PutDevices without kind and state: got nil error")
		}
	})
}

func TestDeviceAlarms(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		raised := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
		a := &store.DeviceAlarm{Device: "device:g/gw/WS-1", Division: "654229101201", Origin: "central",
			Point: "soil_moisture", Rule: "soil_dry", Severity: "warning", Status: store.AlarmOpen, Active: true,
			Raised: raised, Value: 95, Limit: 100, Scale: 1, Unit: "%", Message: "soil dry"}
		if err := s.PutDeviceAlarm(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.Version != 1 {
			t.Fatalf("create: got id %d version %d, want an id and version 1", a.ID, a.Version)
		}
		b := &store.DeviceAlarm{Device: "device:g/gw/WS-2", Origin: "health", Rule: "device_silent",
			Severity: "major", Status: store.AlarmOpen, Active: true, Raised: raised}
		if err := s.PutDeviceAlarm(ctx, b); err != nil {
			t.Fatal(err)
		}

		stale := *a
		a.Status, a.Active, a.Cleared = store.AlarmClosed, false, raised.Add(time.Hour)
		if err := s.PutDeviceAlarm(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := s.PutDeviceAlarm(ctx, &stale); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale update: got %v, want ErrConflict", err)
		}
		missing := &store.DeviceAlarm{ID: 999, Version: 1, Device: "d", Rule: "r", Status: store.AlarmOpen}
		if err := s.PutDeviceAlarm(ctx, missing); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of a missing alarm: got %v, want ErrNotFound", err)
		}
		if err := s.PutDeviceAlarm(ctx, &store.DeviceAlarm{Device: "d", Rule: "r", Status: "new"}); err == nil {
			t.Error("status new: got nil error")
		}

		got, err := s.DeviceAlarm(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != store.AlarmClosed || got.Active || !got.Cleared.Equal(a.Cleared) || got.Scale != 1 || got.Version != 2 {
			t.Errorf("DeviceAlarm: got %+v", got)
		}
		tests := []struct {
			name string
			f    store.DeviceAlarmFilter
			want int
		}{
			{"all", store.DeviceAlarmFilter{}, 2},
			{"not closed", store.DeviceAlarmFilter{NotClosed: true}, 1},
			{"status", store.DeviceAlarmFilter{Status: store.AlarmClosed}, 1},
			{"village", store.DeviceAlarmFilter{Division: "654229101201"}, 1},
			{"county with unplaced", store.DeviceAlarmFilter{Division: "654229", IncludeUnplaced: true}, 2},
			{"device", store.DeviceAlarmFilter{Device: "device:g/gw/WS-2"}, 1},
			{"after", store.DeviceAlarmFilter{AfterID: a.ID}, 1},
		}
		for _, tt := range tests {
			got, err := s.DeviceAlarms(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("%s: got %d alarms, want %d", tt.name, len(got), tt.want)
			}
		}
	})
}

func TestMeterEventsOnce(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
		es := []store.MeterEvent{
			{Meter: "654229/7", Kind: "door-opened", Time: at, Well: "654229-J0007"},
			{Meter: "654229/7", Kind: "counter-backwards", Time: at, Well: "654229-J0007", Value: decimal.RequireFromString("1.500")},
		}
		added, err := s.AddMeterEvents(ctx, es)
		if err != nil {
			t.Fatal(err)
		}
		if len(added) != 2 {
			t.Fatalf("first add: got %d new, want 2", len(added))
		}
		added, err = s.AddMeterEvents(ctx, append(es, store.MeterEvent{Meter: "654229/7", Kind: "door-opened",
			Time: at.Add(time.Minute), Well: "654229-J0007"}))
		if err != nil {
			t.Fatal(err)
		}
		if len(added) != 1 || !added[0].Time.Equal(at.Add(time.Minute)) {
			t.Errorf("second add: got %+v, want the one event at 08:01", added)
		}
		got, err := s.MeterEvents(ctx, "654229/7", "counter-backwards", at, at)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Value.String() != "1.5" {
			t.Errorf("MeterEvents: got %+v", got)
		}
		if _, err := s.AddMeterEvents(ctx, []store.MeterEvent{{Meter: "m"}}); err == nil {
			t.Error("event without kind and time: got nil error")
		}
	})
}

func TestSettingsVersioned(t *testing.T) {
	dialects(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.Setting(ctx, "alarm_rules"); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("missing setting: got %v, want ErrNotFound", err)
		}
		st := &store.Setting{Name: "alarm_rules", Value: []byte(`[]`)}
		if err := s.PutSetting(ctx, st); err != nil {
			t.Fatal(err)
		}
		if err := s.PutSetting(ctx, &store.Setting{Name: "alarm_rules", Value: []byte(`[]`)}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second create: got %v, want ErrConflict", err)
		}
		st.Value = []byte(`[{"x":1}]`)
		if err := s.PutSetting(ctx, st); err != nil {
			t.Fatal(err)
		}
		if err := s.PutSetting(ctx, &store.Setting{Name: "alarm_rules", Version: 1}); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale update: got %v, want ErrConflict", err)
		}
		if err := s.PutSetting(ctx, &store.Setting{Name: "other", Version: 3}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("update of a missing setting: got %v, want ErrNotFound", err)
		}
		got, err := s.Setting(ctx, "alarm_rules")
		if err != nil {
			t.Fatal(err)
		}
		if string(got.Value) != `[{"x":1}]` || got.Version != 2 {
			t.Errorf("Setting: got %s version %d", got.Value, got.Version)
		}
	})
}
