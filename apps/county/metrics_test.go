package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startServe runs serve with sf and tf until the test ends and returns its
// addresses once /readyz returns 200.
func startServe(t *testing.T, sf storageFlags, tf telemetryFlags) listenAddrs {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan listenAddrs, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, sf, tf, "127.0.0.1:0", newLogger(io.Discard),
			func(a listenAddrs) { addrs <- a })
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop within 15 s")
		}
	})
	var la listenAddrs
	select {
	case la = <-addrs:
	case err := <-done:
		t.Fatalf("serve: %v", err)
	}
	if code := waitStatus(t, "http://"+la.HTTP.String()+"/readyz"); code != http.StatusOK {
		t.Fatalf("/readyz: got %d", code)
	}
	return la
}

// scrape returns the text of a /metrics page.
func scrape(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", url, res.StatusCode, body)
	}
	return string(body)
}

// metricValue returns the value of the sample whose name and labels are
// series, such as `x_total{a="b"}`, or -1 when the page has none.
func metricValue(page, series string) float64 {
	for _, line := range strings.Split(page, "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return -1
			}
			return f
		}
	}
	return -1
}

func TestMetrics(t *testing.T) {
	sf := storageFlags{data: t.TempDir()}
	secret := createDevice(t, sf, "g1", "gw1")
	la := startServe(t, sf, testTelemetry())
	base := "http://" + la.HTTP.String()
	before := scrape(t, base+"/metrics")
	for _, name := range []string{
		"go_build_info", "go_sql_open_connections", "process_resident_memory_bytes",
		"shuxiang_county_ingest_messages_total", "shuxiang_county_ingest_readings_stored_total",
		"shuxiang_county_ingest_readings_duplicate_total", "shuxiang_county_centre_connections_open",
		"shuxiang_county_centre_frames_total", `shuxiang_county_centre_connections_closed_total{reason="idle"}`,
		`shuxiang_county_ingest_readings_rejected_total{reason="future"}`, "shuxiang_county_ingest_messages_unregistered_total",
	} {
		if !strings.Contains(before, "\n"+name) {
			t.Errorf("/metrics has no %s", name)
		}
	}

	for _, path := range []string{"/healthz", "/healthz", "/api/v1/plots/6542291012010100001", "/no/such/path"} {
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	gw := connectGateway(t, la.MQTT, "g1", "gw1", secret)
	clockless := []byte(`{"seq":2,"ts":0,"data":{"device":"W1","values":{"flow_total":1}}}`)
	for _, p := range [][]byte{reading(1, time.Now().UnixMilli()), reading(1, time.Now().UnixMilli()), clockless} {
		tok := gw.Publish("shuxiang/v1/g1/gw1/telemetry", 1, false, p)
		if !tok.WaitTimeout(10*time.Second) || tok.Error() != nil {
			t.Fatalf("publish: %v", tok.Error())
		}
	}

	var after string
	waitFor(t, 30*time.Second, "the ingest counters to move", func() bool {
		after = scrape(t, base+"/metrics")
		return metricValue(after, "shuxiang_county_ingest_messages_acked_total") >= 3
	})
	checks := []struct {
		series string
		want   float64
	}{
		{`shuxiang_county_http_requests_total{method="GET",route="/healthz",status="200"}`, 2},
		{`shuxiang_county_http_requests_total{method="GET",route="/api/v1/plots/{code}",status="401"}`, 1},
		{`shuxiang_county_http_requests_total{method="GET",route="unmatched",status="404"}`, 1},
		{`shuxiang_county_http_request_duration_seconds_count{method="GET",route="/healthz"}`, 2},
		{"shuxiang_county_ingest_messages_total", 3},
		{`shuxiang_county_ingest_readings_rejected_total{reason="before_2000"}`, 1},
		{"shuxiang_county_ingest_readings_stored_total", 1},
		{"shuxiang_county_ingest_readings_duplicate_total", 1},
	}
	for _, c := range checks {
		if got := metricValue(after, c.series); got != c.want {
			t.Errorf("%s: got %v, want %v", c.series, got, c.want)
		}
	}
}

func TestMetricsListener(t *testing.T) {
	tf := testTelemetry()
	tf.metrics.addr = "127.0.0.1:0"
	la := startServe(t, storageFlags{data: t.TempDir()}, tf)
	if la.Metrics == nil {
		t.Fatal("no metrics address with -metrics-addr 127.0.0.1:0")
	}
	page := scrape(t, "http://"+la.Metrics.String()+"/metrics")
	if !strings.Contains(page, `shuxiang_county_http_requests_total{method="GET",route="/readyz"`) {
		t.Errorf("metrics listener page has no /readyz requests:\n%.2000s", page)
	}
	res, err := http.Get("http://" + la.HTTP.String() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.ReadFrom(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the API listener with a separate metrics listener: got %d, want 404", res.StatusCode)
	}
}
