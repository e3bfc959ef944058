package main

import (
	"encoding/json"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/poll"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

const metricPrefix = "shuxiang_gateway_"

// newRegistry returns a registry with the process collectors and the
// gateway's metrics, all read from the components' counters at scrape time.
func newRegistry(s *poll.Scheduler, box *outbox.Outbox, up *uplink.Uplink, p *pipeline) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	counter := func(name, help string, f func() uint64) {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: metricPrefix + name, Help: help},
			func() float64 { return float64(f()) }))
	}
	gauge := func(name, help string, f func() float64) {
		reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: metricPrefix + name, Help: help}, f))
	}
	counter("polls_total", "Device polls completed, whatever their outcome.", func() uint64 { return s.Stats().Polls })
	counter("poll_failures_total", "Device polls that got no valid reply after their retries.", func() uint64 { return s.Stats().Failures })
	counter("poll_partials_total", "Device polls where some requests failed.", func() uint64 { return s.Stats().Partials })
	counter("poll_retries_total", "Extra poll attempts after a poll with no valid reply.", func() uint64 { return s.Stats().Retries })
	counter("poll_skipped_quarantine_total", "Poll cycles skipped because the device was quarantined.", func() uint64 { return s.Stats().Quarantined })
	counter("poll_overruns_total", "Poll cycles skipped because the previous poll ran past them.", func() uint64 { return s.Stats().Overruns })
	counter("modbus_requests_total", "Modbus requests sent.", func() uint64 { return s.Stats().Requests })
	counter("modbus_errors_total", "Modbus requests that failed: timeouts, exceptions, broken connections.", func() uint64 { return s.Stats().Errors })
	counter("modbus_requests_saved_total", "Requests that batching saved against one request per field.", func() uint64 { return s.Stats().Saved })
	counter("messages_queued_total", "Telemetry, alarm and health messages made durable in the outbox.", p.commit.committed.Load)
	counter("queue_errors_total", "Messages lost because the outbox append failed.", p.commit.failed.Load)
	counter("outbox_commits_total", "Outbox batch commits, each with one fsync.", p.commit.batches.Load)
	counter("alarm_events_total", "Alarm lifecycle events.", p.alarms.Load)
	gauge("outbox_depth", "Records in the outbox not yet acknowledged by the broker.", func() float64 { return float64(box.Stats().Depth) })
	gauge("outbox_bytes", "Size of the outbox segment files in bytes.", func() float64 { return float64(box.Stats().Bytes) })
	counter("outbox_dropped_total", "Records dropped undelivered by the outbox size or age bound.", func() uint64 { return box.Stats().Dropped })
	counter("outbox_dead_letters_total", "Records moved to the dead-letter file.", func() uint64 { return box.Stats().DeadLettered })
	gauge("uplink_connected", "1 while the MQTT connection is up, else 0.", func() float64 {
		if up.Stats().Connected {
			return 1
		}
		return 0
	})
	counter("uplink_connects_total", "MQTT connections established.", func() uint64 { return up.Stats().Connects })
	counter("uplink_acked_total", "Records acknowledged by the broker's PUBACK.", func() uint64 { return up.Stats().Acked })
	reg.MustRegister(&healthCollector{s: s})
	return reg
}

var deviceStateDesc = prometheus.NewDesc(metricPrefix+"device_state",
	"Device health: 0 unknown, 1 online, 2 degraded, 3 offline, 4 quarantined.", []string{"device"}, nil)

// healthCollector exports each device's health state.
type healthCollector struct{ s *poll.Scheduler }

func (c *healthCollector) Describe(ch chan<- *prometheus.Desc) { ch <- deviceStateDesc }

func (c *healthCollector) Collect(ch chan<- prometheus.Metric) {
	for _, st := range c.s.Health() {
		ch <- prometheus.MustNewConstMetric(deviceStateDesc, prometheus.GaugeValue, float64(st.State), st.Device)
	}
}

// healthReport is the body of /healthz.
type healthReport struct {
	Status          string         `json:"status"` // "ok"
	UplinkConnected bool           `json:"uplink_connected"`
	OutboxDepth     uint64         `json:"outbox_depth"`
	Devices         map[string]int `json:"devices"` // devices per health state
}

// newMux serves /metrics and /healthz. /healthz returns 200 while the
// gateway runs, because polling and local alarms go on without the uplink.
// Its body reports the uplink and device states.
func newMux(reg *prometheus.Registry, s *poll.Scheduler, box *outbox.Outbox, up *uplink.Uplink) *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		rep := healthReport{Status: "ok", UplinkConnected: up.Stats().Connected,
			OutboxDepth: box.Stats().Depth, Devices: map[string]int{}}
		for _, st := range s.Health() {
			rep.Devices[st.State.String()]++
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(rep)
	})
	return mux
}
