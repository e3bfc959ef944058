package main

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/store"
	"github.com/shuxiang/shuxiang/land"
)

func TestLoadZone(t *testing.T) {
	tests := []struct {
		name, zone, want, wantErr string
	}{
		{"empty is Beijing time", "", "Asia/Shanghai", ""},
		{"Xinjiang time", "Asia/Urumqi", "Asia/Urumqi", ""},
		{"UTC", "UTC", "UTC", ""},
		{"unknown name", "Asia/Beijing", "", `-zone "Asia/Beijing" is not a known time zone`},
		{"machine zone", "Local", "", `-zone "Local" names the machine's zone`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			z, err := loadZone(tt.zone)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "Asia/Urumqi") {
					t.Fatalf("loadZone(%q) error = %v, want one that contains %q and names Asia/Urumqi", tt.zone, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if z.name() != tt.want || z.table.Name() != tt.want {
				t.Errorf("loadZone(%q) = %s with table %s, want %s", tt.zone, z.name(), z.table.Name(), tt.want)
			}
		})
	}
}

func TestServeRejectsUnknownZone(t *testing.T) {
	for _, cmd := range []string{"serve", "demo"} {
		var out, errOut bytes.Buffer
		code := countyMain(context.Background(), []string{cmd, "-data", t.TempDir(), "-zone", "Mars/Olympus"}, &out, &errOut)
		if code != 2 {
			t.Errorf("%s -zone Mars/Olympus: status %d, want 2", cmd, code)
		}
		if !strings.Contains(errOut.String(), `"Mars/Olympus"`) {
			t.Errorf("%s -zone Mars/Olympus: message %q does not name the value", cmd, errOut.String())
		}
	}
	t.Setenv("SHUXIANG_ZONE", "Mars/Olympus")
	var out, errOut bytes.Buffer
	code := countyMain(context.Background(), []string{"export", "daily", "-data", t.TempDir()}, &out, &errOut)
	if code != 2 || !strings.Contains(errOut.String(), `"Mars/Olympus"`) {
		t.Errorf("export daily with SHUXIANG_ZONE=Mars/Olympus: status %d, message %q; want 2 naming the value", code, errOut.String())
	}
}

// TestZoneCountsDays runs serve on one database first in Asia/Shanghai
// (UTC+8) and then in Asia/Urumqi (UTC+6). The well's meter reads 0 m³ at
// 17:00 UTC and 5 m³ at 17:30 UTC, which is 01:00 to 01:30 of the next day
// in UTC+8 and 23:00 to 23:30 of the same day in UTC+6. The daily totals,
// their zone in the API and the totals kept per zone follow.
func TestZoneCountsDays(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server twice")
	}
	utcDay := time.Now().UTC().AddDate(0, 0, -2).Truncate(24 * time.Hour)
	t0, t1 := utcDay.Add(17*time.Hour), utcDay.Add(17*time.Hour+30*time.Minute)
	sameDay := land.NewDate(utcDay.Year(), utcDay.Month(), utcDay.Day())
	nextDay := sameDay.AddDate(0, 0, 1)

	sf := storageFlags{data: t.TempDir(), zone: "Asia/Shanghai"}
	secret := seedRegister(t, sf, time.Now())
	runZone(t, sf, secret, func(api *apiClient, publish func(body string)) {
		publish(flowAt(t0, "0"))
		publish(flowAt(t1, "5"))
		checkDaily(t, api, "Asia/Shanghai", sameDay, nextDay)
	})

	sf.zone = "Asia/Urumqi"
	runZone(t, sf, secret, func(api *apiClient, _ func(string)) {
		// No new reading: the totals come from the stored readings.
		checkDaily(t, api, "Asia/Urumqi", sameDay, sameDay)
	})

	// The totals of Asia/Shanghai stay as they were counted.
	ctx := context.Background()
	sf.zone = "Asia/Shanghai"
	a, err := openApp(ctx, sf, newLogger(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	days, err := a.county.DailySeries(ctx, e2eWell, sameDay, nextDay)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 1 || days[0].Day != nextDay || !days[0].Volume.Equal(five) {
		t.Errorf("Asia/Shanghai totals after the run in Asia/Urumqi: %+v, want 5 m³ on %s", days, nextDay)
	}
}

var five = decimal.NewFromInt(5)

// runZone runs serve with sf until fn returns. fn gets an API client of the
// administrator and a function that publishes a gateway telemetry body.
func runZone(t *testing.T, sf storageFlags, secret string, fn func(api *apiClient, publish func(body string))) {
	t.Helper()
	deviceSecret := createDevice(t, sf, e2eGroup, e2eGateway)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan listenAddrs, 1)
	done := make(chan error, 1)
	var logs syncBuffer
	go func() {
		done <- serve(ctx, sf, testTelemetry(), "127.0.0.1:0", newLogger(&logs), func(a listenAddrs) { addrc <- a })
	}()
	var la listenAddrs
	select {
	case la = <-addrc:
	case err := <-done:
		t.Fatalf("serve in %s: %v", sf.zone, err)
	}
	defer func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve in %s after cancel: %v", sf.zone, err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("serve in %s did not stop within 30 s; its log:\n%s", sf.zone, logs.String())
		}
	}()
	base := "http://" + la.HTTP.String()
	if code := waitStatus(t, base+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz: got %d", code)
	}
	api := &apiClient{t: t, base: base, token: login(t, base, "admin", secret)}

	gw := connectGateway(t, la.MQTT, e2eGroup, e2eGateway, deviceSecret)
	seq := int64(0)
	publish := func(body string) {
		t.Helper()
		seq++
		tok := gw.Publish("shuxiang/v1/"+e2eGroup+"/"+e2eGateway+"/telemetry", 1, false, gatewayMessage(seq, body))
		if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			t.Fatalf("publish: %v", tok.Error())
		}
	}
	fn(api, publish)
}

// checkDaily checks that the well's daily series from first to first+2 days
// names zone and holds 5 m³ on day want only, and that the other reports
// name zone.
func checkDaily(t *testing.T, api *apiClient, zone string, first, want land.Date) {
	t.Helper()
	var series struct {
		Zone string
		Days []struct {
			Day    string
			Volume string `json:"volume_m3"`
		}
	}
	path := "/api/v1/wells/" + e2eWell + "/daily?from=" + first.String() + "&to=" + first.AddDate(0, 0, 2).String()
	waitFor(t, 30*time.Second, "a daily total in "+zone, func() bool {
		series.Days = nil
		return api.call("GET", path, nil, &series) == http.StatusOK && len(series.Days) > 0
	})
	if series.Zone != zone {
		t.Errorf("daily series zone = %q, want %q", series.Zone, zone)
	}
	if len(series.Days) != 1 || series.Days[0].Day != want.String() || !decimal.RequireFromString(series.Days[0].Volume).Equal(five) {
		t.Errorf("daily series in %s = %+v, want 5 m³ on %s only", zone, series.Days, want)
	}
	for _, path := range []string{"/api/v1/me", "/api/v1/stats/water", "/api/v1/stats/plan-use", "/api/v1/stats/land"} {
		var out struct{ Zone string }
		if code := api.call("GET", path, nil, &out); code != http.StatusOK || out.Zone != zone {
			t.Errorf("GET %s: status %d, zone %q; want 200 and %q", path, code, out.Zone, zone)
		}
	}
}

// TestDailyStoreZoneFollowsFlag checks that the county store of openApp
// reads and writes the daily totals of -zone.
func TestDailyStoreZoneFollowsFlag(t *testing.T) {
	sf := storageFlags{data: t.TempDir(), zone: "Asia/Urumqi"}
	a, err := openApp(context.Background(), sf, newLogger(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer a.close()
	if got := a.county.DailyZone(); got != "Asia/Urumqi" {
		t.Errorf("county store zone = %q, want Asia/Urumqi", got)
	}
	sf.zone = ""
	b, err := openApp(context.Background(), sf, newLogger(&bytes.Buffer{}))
	if err != nil {
		t.Fatal(err)
	}
	defer b.close()
	if got := b.county.DailyZone(); got != store.DefaultZone {
		t.Errorf("county store zone without -zone = %q, want %q", got, store.DefaultZone)
	}
}
