package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/internal/sqlstore/sqlstoretest"
	"github.com/shuxiang/shuxiang/iot/outbox"
	"github.com/shuxiang/shuxiang/iot/uplink"
)

func TestDecodeTelemetryEpoch(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    []uint64 // epoch of each reading
	}{
		{"none", `{"seq":9,"data":{"device":"d","values":{"a":1}}}`, []uint64{0}},
		{"single", `{"seq":9,"epoch":"9f86d081884c7d65","data":{"device":"d","values":{"a":1}}}`,
			[]uint64{0x9f86d081884c7d65}},
		{"per batch item", `{"seq":9,"items":[{"seq":9,"epoch":"0000000000000002","data":{"device":"d","values":{"a":1}}},` +
			`{"seq":10,"data":{"device":"d","values":{"a":2}}}]}`, []uint64{2, 0}},
		{"empty string", `{"seq":9,"epoch":"","data":{"device":"d","values":{"a":1}}}`, []uint64{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, _, err := DecodeTelemetry(nil, "g/gw", []byte(tt.payload))
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != len(tt.want) {
				t.Fatalf("got %d readings, want %d", len(rs), len(tt.want))
			}
			for i, r := range rs {
				if r.Epoch != tt.want[i] {
					t.Errorf("reading %d: epoch %#x, want %#x", i, r.Epoch, tt.want[i])
				}
			}
			checkAgree(t, []byte(tt.payload))
		})
	}
}

func TestDecodeTelemetryEpochInvalid(t *testing.T) {
	for _, p := range []string{
		`{"seq":9,"epoch":"9F86D081884C7D65","data":{"device":"d","values":{"a":1}}}`,
		`{"seq":9,"epoch":"0000000000000000","data":{"device":"d","values":{"a":1}}}`,
		`{"seq":9,"epoch":"9f86","data":{"device":"d","values":{"a":1}}}`,
		`{"seq":9,"epoch":42,"data":{"device":"d","values":{"a":1}}}`,
	} {
		if rs, _, err := DecodeTelemetry(nil, "g/gw", []byte(p)); err == nil {
			t.Errorf("%s: got %+v, want an error", p, rs)
		} else if !strings.Contains(err.Error(), "epoch") && !strings.Contains(err.Error(), "string") {
			t.Errorf("%s: error %q names neither the epoch nor its type", p, err)
		}
	}
}

// TestStoreKeysEpoch checks that a reinstalled gateway, whose outbox starts
// again at seq 1 in a new epoch, has its readings stored, while a resend in
// one epoch is stored once and messages without an epoch keep their key.
func TestStoreKeysEpoch(t *testing.T) {
	sqlstoretest.EachDialect(t, "ingest", func(t *testing.T, db sqlstoretest.Database) {
		s := openStore(t, db)
		ctx := context.Background()
		r := func(epoch uint64, seq int64) Reading {
			return Reading{Source: "g/gw", Epoch: epoch, Seq: seq, Device: "well-1", Field: "flow_total",
				TimeMillis: ts0 + seq, Value: seq}
		}
		const old, reinstalled = 0x9f86d081884c7d65, 1 << 63 // the second is negative as int64
		batches := []struct {
			rs   []Reading
			want []bool
		}{
			{[]Reading{r(0, 1), r(0, 2)}, []bool{true, true}},
			{[]Reading{r(old, 1), r(old, 2), r(0, 2)}, []bool{true, true, false}},
			{[]Reading{r(reinstalled, 1), r(old, 1), r(reinstalled, 1)}, []bool{true, false, false}},
		}
		for i, b := range batches {
			fresh := make([]bool, len(b.rs))
			if err := s.Insert(ctx, b.rs, fresh); err != nil {
				t.Fatal(err)
			}
			for j := range fresh {
				if fresh[j] != b.want[j] {
					t.Errorf("batch %d reading %d (epoch %#x seq %d): new %v, want %v",
						i, j, b.rs[j].Epoch, b.rs[j].Seq, fresh[j], b.want[j])
				}
			}
		}
		var got []Reading
		if err := s.Each(ctx, "g/gw", func(r Reading) error { got = append(got, r); return nil }); err != nil {
			t.Fatal(err)
		}
		want := []Reading{r(0, 1), r(reinstalled, 1), r(old, 1), r(0, 2), r(old, 2)} // as sortReadings orders them
		sortReadings(got)
		if len(got) != len(want) {
			t.Fatalf("stored %+v, want %+v", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("stored reading %d = %+v, want %+v", i, got[i], want[i])
			}
		}
	})
}

// TestMigrationKeepsReadings checks that the migration to the epoch key
// keeps the readings stored before it, with epoch 0.
func TestMigrationKeepsReadings(t *testing.T) {
	sqlstoretest.EachDialect(t, "ingest", func(t *testing.T, db sqlstoretest.Database) {
		ctx := context.Background()
		h := sqlstore.NewHandle(db.DB, db.Dialect, "ingest")
		dir := "migrations/sqlite"
		if db.Dialect == sqlstore.PostgreSQL {
			dir = "migrations/postgres"
		}
		ms, err := sqlstore.LoadMigrations(migrationFS, dir)
		if err != nil {
			t.Fatal(err)
		}
		m := &sqlstore.Migrator{Handle: h, Table: "ingest_schema_migrations"}
		if err := m.Run(ctx, ms[:1]); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			"INSERT INTO ingest_names (id, name) VALUES (1, 'g/gw'), (2, 'flow_total'), (3, 'well-1')",
			"INSERT INTO ingest_readings (source_id, seq, field_id, device_id, time_ms, value, scale) " +
				"VALUES (1, 7, 2, 3, 1780243200000, 1250, 2)",
		} {
			if _, err := db.DB.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}

		s := openStore(t, db)
		var got []Reading
		if err := s.Each(ctx, "g/gw", func(r Reading) error { got = append(got, r); return nil }); err != nil {
			t.Fatal(err)
		}
		want := Reading{Source: "g/gw", Seq: 7, Device: "well-1", Field: "flow_total",
			TimeMillis: 1780243200000, Value: 1250, Scale: 2}
		if len(got) != 1 || got[0] != want {
			t.Fatalf("after the migration: %+v, want [%+v]", got, want)
		}
		fresh := make([]bool, 2)
		again := want
		again.Epoch = 5
		if err := s.Insert(ctx, []Reading{want, again}, fresh); err != nil {
			t.Fatal(err)
		}
		if fresh[0] || !fresh[1] {
			t.Errorf("new = %v, want [false true]: the old reading keeps its key", fresh)
		}
	})
}

// TestReinstalledGatewayStored runs a gateway's outbox and uplink, then
// replaces the outbox directory as a reinstall does, so that the sequence
// numbers start at 1 again, and checks that the readings of both are stored.
func TestReinstalledGatewayStored(t *testing.T) {
	url := embeddedURL(t)
	group := uniqueName("reinstall")
	store := openSQLite(t)
	in, err := New(Config{Broker: url, ClientID: uniqueName("county"), Topic: "shuxiang/v1/" + group + "/+/telemetry",
		Store: store, Linger: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start(t, in)
	<-in.Ready()

	epochs := map[uint64]bool{}
	for install := 1; install <= 2; install++ {
		box, err := outbox.Open(t.TempDir(), outbox.Options{})
		if err != nil {
			t.Fatal(err)
		}
		up, err := uplink.New(box, uplink.Config{Broker: url, Group: group, Gateway: "gw1", MaxBatch: 1})
		if err != nil {
			t.Fatal(err)
		}
		e, _ := uplink.ParseEpoch(up.Epoch())
		epochs[e] = true
		for i := range 3 {
			body := fmt.Sprintf(`{"device":"well-1","ts":%d,"values":{"flow_total":%d}}`, time.Now().UnixMilli(), install*10+i)
			if _, err := uplink.Enqueue(context.Background(), box, uplink.Telemetry, []byte(body)); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- up.Run(ctx) }()
		eventually(t, 15*time.Second, "the outbox drained", func() bool { return box.Stats().Depth == 0 })
		cancel()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		box.Close()
	}
	if len(epochs) != 2 {
		t.Fatalf("the two installs had epochs %v, want two different ones", epochs)
	}
	eventually(t, 15*time.Second, "six readings stored", func() bool { return in.Stats().Stored == 6 })
	seqs := map[int64]int{}
	if err := store.Each(context.Background(), group+"/gw1", func(r Reading) error {
		if !epochs[r.Epoch] {
			t.Errorf("reading seq %d has epoch %#x, want one of the installs'", r.Seq, r.Epoch)
		}
		seqs[r.Seq]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for seq := int64(1); seq <= 3; seq++ {
		if seqs[seq] != 2 {
			t.Errorf("seq %d stored %d times, want once per install", seq, seqs[seq])
		}
	}
	if st := in.Stats(); st.Duplicates != 0 {
		t.Errorf("Duplicates = %d, want 0", st.Duplicates)
	}
}
