package ingest

import (
	"context"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/water/metering"
)

// flowMeter meters the flow_total field of every device as a cumulative
// counter with 2 decimals.
func flowMeter(device, field string) (string, metering.MeterConfig, bool) {
	if field != "flow_total" {
		return "", metering.MeterConfig{}, false
	}
	return device + "/" + field, metering.MeterConfig{Kind: metering.Cumulative, Scale: 2}, true
}

// ts0 is 2026-06-01 00:00 Beijing time in Unix ms.
const ts0 = 1_780_243_200_000

// testNow is a fixed clock a day after the test readings start.
func testNow() time.Time { return time.UnixMilli(ts0 + 3_600_000*24) }

// testSkew admits the readings of the long runs of batch, which are a
// minute apart from ts0 and so lie days ahead of testNow.
const testSkew = 400 * 24 * time.Hour

// TestDuplicatesCountOnce runs on SQLite with both brokers and on
// PostgreSQL with the embedded one.
func TestDuplicatesCountOnce(t *testing.T) {
	cases := []struct {
		name    string
		url     func(testing.TB) string
		dialect sqlstore.Dialect
	}{
		{"embedded", embeddedURL, sqlstore.SQLite},
		{"mosquitto", mosquittoURL, sqlstore.SQLite},
		{"embedded-postgresql", embeddedURL, sqlstore.PostgreSQL},
	}
	for _, b := range cases {
		t.Run(b.name, func(t *testing.T) {
			url := b.url(t)
			group := uniqueName("dup")
			store := openStore(t, sqlstoretest.Open(t, b.dialect, "ingest"))
			in, err := New(Config{
				Broker: url, ClientID: uniqueName("county"), Topic: "shuxiang/v1/" + group + "/+/telemetry",
				Store: store, Meter: flowMeter, Now: testNow,
			})
			if err != nil {
				t.Fatal(err)
			}
			start(t, in)
			<-in.Ready()

			pub := publisher(t, url, uniqueName("gw"))
			topic := "shuxiang/v1/" + group + "/gw1/telemetry"
			// seq 1..10, then 1..10 again (a resend after a lost PUBACK),
			// then 6..15 overlapping, then 15 alone: 15 distinct readings.
			for _, p := range [][]byte{
				batch(1, 10, "well-1", ts0), batch(1, 10, "well-1", ts0),
				batch(6, 10, "well-1", ts0), batch(15, 1, "well-1", ts0),
			} {
				mustPublish(t, pub, topic, p)
			}
			eventually(t, 15*time.Second, "four messages acknowledged", func() bool { return in.Stats().Acked == 4 })

			n, err := store.Count(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			st := in.Stats()
			if n != 15 || st.Stored != 15 || st.Duplicates != 16 || st.Metered != 15 {
				t.Fatalf("stored rows %d, stats %+v; want 15 rows, Stored 15, Duplicates 16, Metered 15", n, st)
			}
			in.Metering(func(s *metering.Shard, r *metering.Registry) {
				id, ok := r.ID("well-1/flow_total")
				if !ok {
					t.Fatal("meter well-1/flow_total not registered")
				}
				ms := s.Stats()
				if ms.Offered() != 15 || ms.Outcomes[metering.Accepted] != 15 {
					t.Fatalf("metering stats %+v; want 15 offered and accepted", ms)
				}
				// 15 readings 1.50 m³ apart: 14 steps of 150 hundredths.
				var sum int64
				for _, d := range s.AppendDays(nil, id) {
					sum += d.Total
				}
				if sum != 14*150 {
					t.Fatalf("metered %d hundredths of m³, want %d", sum, 14*150)
				}
			})
		})
	}
}

// TestStoreDialects checks that both databases keep one copy of a reading
// and report which readings of a batch were new.
func TestStoreDialects(t *testing.T) {
	for _, d := range []sqlstore.Dialect{sqlstore.SQLite, sqlstore.PostgreSQL} {
		t.Run(d.String(), func(t *testing.T) {
			s := openStore(t, sqlstoretest.Open(t, d, "ingest"))
			ctx := context.Background()
			rs, _, err := DecodeTelemetry(nil, "g/gw", batch(1, 600, "well-1", ts0))
			if err != nil {
				t.Fatal(err)
			}
			overlap, _, err := DecodeTelemetry(nil, "g/gw", batch(551, 100, "well-1", ts0))
			if err != nil {
				t.Fatal(err)
			}
			tests := []struct {
				name      string
				rs        []Reading
				wantFresh int
				wantRows  int64
			}{
				{"first 600 across two statements", rs, 600, 600},
				{"all again", rs, 0, 600},
				{"one twice in a batch", []Reading{{Source: "g/gw", Seq: 9999, Device: "d", Field: "f"}, {Source: "g/gw", Seq: 9999, Device: "d", Field: "f"}}, 1, 601},
				{"same seq other field", []Reading{{Source: "g/gw", Seq: 9999, Device: "d", Field: "g", Value: -5, Scale: 1}}, 1, 602},
				{"same seq other source", []Reading{{Source: "sl651/0012345678", Seq: 9999, Device: "d", Field: "f"}}, 1, 603},
				{"half stored half new", overlap, 50, 653},
			}
			for _, tt := range tests {
				fresh := make([]bool, len(tt.rs))
				if err := s.Insert(ctx, tt.rs, fresh); err != nil {
					t.Fatalf("%s: %v", tt.name, err)
				}
				got := 0
				for _, f := range fresh {
					if f {
						got++
					}
				}
				n, err := s.Count(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if got != tt.wantFresh || n != tt.wantRows {
					t.Errorf("%s: %d new, %d rows; want %d new, %d rows", tt.name, got, n, tt.wantFresh, tt.wantRows)
				}
			}
			var back []Reading
			if err := s.Each(ctx, "g/gw", func(r Reading) error { back = append(back, r); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(back) != 652 || back[0] != rs[0] || back[651].Value != -5 || back[651].Scale != 1 {
				t.Fatalf("read back %d readings, first %+v, last %+v", len(back), back[0], back[len(back)-1])
			}
		})
	}
}

func TestCentreHandlerFeedsPipeline(t *testing.T) {
	store := openSQLite(t)
	in, err := New(Config{Store: store, Linger: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start(t, in)
	<-in.Ready()
	h := in.CentreHandler(func(dst []Reading, e *centreEvent) []Reading {
		return append(dst, Reading{Source: "sl651/" + e.Station, Seq: ts0, Device: e.Station, Field: "water_level", TimeMillis: ts0, Value: 12345, Scale: 3})
	})
	ev := newCentreMessage("0012345678")
	h.Handle(context.Background(), ev)
	h.Handle(context.Background(), ev) // the DTU sent the report again
	eventually(t, 10*time.Second, "two centre readings committed", func() bool { return in.Stats().Readings == 2 })
	if st := in.Stats(); st.Stored != 1 || st.Duplicates != 1 {
		t.Fatalf("stats %+v; want 1 stored and 1 duplicate", st)
	}
}

// TestRestartReplaysMetering checks that an ingest started on a store that
// already holds readings rebuilds the same rollups, and that a redelivery
// after the restart is not metered twice.
func TestRestartReplaysMetering(t *testing.T) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) { testRestartReplaysMetering(t, d) })
	}
}

func testRestartReplaysMetering(t *testing.T, d sqlstore.Dialect) {
	url := embeddedURL(t)
	group := uniqueName("replay")
	store := openStore(t, sqlstoretest.Open(t, d, "ingest"))
	cfg := Config{Broker: url, ClientID: uniqueName("county"), Topic: "shuxiang/v1/" + group + "/+/telemetry",
		Store: store, Meter: flowMeter, Now: testNow}
	total := func(in *Ingester) int64 {
		var sum int64
		in.Metering(func(s *metering.Shard, r *metering.Registry) {
			id, ok := r.ID("well-1/flow_total")
			if !ok {
				t.Fatal("meter well-1/flow_total not registered")
			}
			for _, d := range s.AppendDays(nil, id) {
				sum += d.Total
			}
		})
		return sum
	}
	topic := "shuxiang/v1/" + group + "/gw1/telemetry"

	first, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- first.Run(ctx) }()
	<-first.Ready()
	pub := publisher(t, url, uniqueName("gw"))
	mustPublish(t, pub, topic, batch(1, 20, "well-1", ts0))
	eventually(t, 10*time.Second, "the first batch acknowledged", func() bool { return first.Stats().Acked == 1 })
	before := total(first)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}

	second, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	start(t, second)
	<-second.Ready()
	if got := total(second); got != before || got != 19*150 {
		t.Fatalf("after the restart metering has %d, before it %d; want %d", got, before, 19*150)
	}
	mustPublish(t, pub, topic, batch(11, 20, "well-1", ts0)) // seq 11..20 again, 21..30 new
	eventually(t, 10*time.Second, "the second batch acknowledged", func() bool { return second.Stats().Acked == 1 })
	if got := total(second); got != 29*150 {
		t.Fatalf("metering has %d after the overlapping batch, want %d", got, 29*150)
	}
}

// TestMalformedMessageDropped checks that a payload that cannot decode is
// acknowledged and counted instead of blocking the session, and that the
// readings after it are stored.
func TestMalformedMessageDropped(t *testing.T) {
	url := embeddedURL(t)
	group := uniqueName("bad")
	store := openSQLite(t)
	in, err := New(Config{Broker: url, ClientID: uniqueName("county"), Topic: "shuxiang/v1/" + group + "/+/telemetry", Store: store})
	if err != nil {
		t.Fatal(err)
	}
	start(t, in)
	<-in.Ready()
	pub := publisher(t, url, uniqueName("gw"))
	topic := "shuxiang/v1/" + group + "/gw1/telemetry"
	for _, p := range [][]byte{
		[]byte(`{"seq":1,"data":`),
		[]byte(`{"seq":2,"data":{"device":"d","values":{"a":{"b":1}}}}`),
		[]byte(`{"seq":3,"ts":1780243200000,"data":{"device":"d","values":{"a":1e400,"b":7}}}`), // a skipped, b stored
		batch(4, 5, "well-1", ts0),
	} {
		mustPublish(t, pub, topic, p)
	}
	eventually(t, 10*time.Second, "the valid messages acknowledged", func() bool { return in.Stats().Acked == 2 })
	st := in.Stats()
	if st.Malformed != 2 {
		t.Errorf("Malformed = %d, want 2", st.Malformed)
	}
	if st.Stored != 6 {
		t.Errorf("Stored = %d, want 6", st.Stored)
	}
	if st.Skipped != 1 {
		t.Errorf("Skipped = %d, want 1", st.Skipped)
	}
}
