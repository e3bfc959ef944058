package ingest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/apps/county/internal/broker"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
)

// BenchmarkEndToEnd measures readings per second from gateways publishing
// over MQTT at QoS 1, in messages of 100 readings as iot/uplink batches
// them, into the store (SQLite, or PostgreSQL in embedded-postgresql) and
// metering. Each b.N is one reading; the
// time runs from the first publish until the last reading is committed and
// metered. The gateways keep at most 500 messages ahead of the ingest.
func BenchmarkEndToEnd(b *testing.B) {
	for _, br := range []struct {
		name string
		url  func(testing.TB) string
	}{
		{"embedded", func(t testing.TB) string {
			s, err := broker.Start(broker.Config{Dir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s.MQTTURL()
		}},
		{"mosquitto", mosquittoURL},
	} {
		b.Run(br.name, func(b *testing.B) { benchEndToEnd(b, br.url(b), openSQLite(b)) })
	}
	b.Run("embedded-postgresql", func(b *testing.B) {
		s, err := broker.Start(broker.Config{Dir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
		benchEndToEnd(b, s.MQTTURL(), openStore(b, sqlstoretest.PostgreSQL(b, "ingest")))
	})
}

func benchEndToEnd(b *testing.B, url string, store *Store) {
	const (
		gateways = 4
		perMsg   = 100
		window   = 500
	)
	group := uniqueName("bench")
	in, err := New(Config{
		Broker: url, ClientID: uniqueName("county"), Topic: "shuxiang/v1/" + group + "/+/telemetry",
		Store: store, Meter: flowMeter, Now: testNow, MaxClockSkew: testSkew,
	})
	if err != nil {
		b.Fatal(err)
	}
	start(b, in)
	<-in.Ready()

	msgs := (b.N + perMsg*gateways - 1) / (perMsg * gateways) // per gateway
	want := uint64(msgs * perMsg * gateways)
	payloads := make([][][]byte, gateways)
	pubs := make([]mqtt.Client, gateways)
	for g := range gateways {
		pubs[g] = publisher(b, url, uniqueName("gw"))
		for i := range msgs {
			payloads[g] = append(payloads[g], batch(uint64(1+i*perMsg), perMsg, fmt.Sprintf("well-%d", g), ts0))
		}
	}
	b.ResetTimer()
	t0 := time.Now()
	errs := make(chan error, gateways)
	var published atomic.Uint64
	for g := range gateways {
		go func() {
			topic := fmt.Sprintf("shuxiang/v1/%s/gw%d/telemetry", group, g)
			var toks []mqtt.Token
			for _, p := range payloads[g] {
				// Mosquitto drops QoS 1 messages for a subscriber beyond
				// max_queued_messages (1000 by default) while it still
				// acknowledges them to the publisher, so the gateways keep
				// at most window messages ahead of the ingest.
				for published.Load()-in.Stats().Acked >= window {
					time.Sleep(100 * time.Microsecond)
				}
				published.Add(1)
				toks = append(toks, pubs[g].Publish(topic, 1, false, p))
			}
			for _, tok := range toks {
				if !tok.WaitTimeout(60*time.Second) || tok.Error() != nil {
					errs <- fmt.Errorf("publish: %v", tok.Error())
					return
				}
			}
			errs <- nil
		}()
	}
	for range gateways {
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	deadline := time.Now().Add(120 * time.Second)
	for in.Stats().Metered < want {
		if time.Now().After(deadline) {
			b.Fatalf("stats %+v after 120 s; want %d metered", in.Stats(), want)
		}
		time.Sleep(time.Millisecond)
	}
	el := time.Since(t0)
	b.StopTimer()
	st := in.Stats()
	b.ReportMetric(float64(want)/el.Seconds(), "readings/s")
	b.ReportMetric(float64(st.Readings)/float64(st.Commits), "readings/commit")
	n, err := store.Count(context.Background())
	if err != nil || uint64(n) != want {
		b.Fatalf("%d rows stored (%v), want %d", n, err, want)
	}
}
