package ingest

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestEventsHandedOnAndAcked publishes a gateway's birth, health, alarm and
// death messages and checks that each reaches Config.Events once, after a
// handler error has been retried, and that telemetry still flows.
func TestEventsHandedOnAndAcked(t *testing.T) {
	for _, b := range brokers {
		t.Run(b.name, func(t *testing.T) {
			url := b.url(t)
			var mu sync.Mutex
			got := map[string]int{}
			var failed atomic.Bool
			in, err := New(Config{Broker: url, ClientID: uniqueName("events"), Store: openSQLite(t), Linger: time.Millisecond,
				Events: func(_ context.Context, kind, source string, payload []byte) error {
					if kind == "alarm" && failed.CompareAndSwap(false, true) {
						return errors.New("database busy")
					}
					mu.Lock()
					defer mu.Unlock()
					got[kind+" "+source+" "+string(payload)]++
					return nil
				}})
			if err != nil {
				t.Fatal(err)
			}
			start(t, in)
			<-in.Ready()
			group, gw := uniqueName("g"), "gw-1"
			pub := publisher(t, url, uniqueName("pub"))
			base := "shuxiang/v1/" + group + "/" + gw + "/"
			for _, k := range EventKinds {
				mustPublish(t, pub, base+k, []byte(`{"k":"`+k+`"}`))
			}
			mustPublish(t, pub, base+"telemetry", batch(1, 2, "654229-J0001", ts0))
			eventually(t, 20*time.Second, "four gateway messages and two readings", func() bool {
				mu.Lock()
				defer mu.Unlock()
				return len(got) == 4 && in.Stats().Readings == 2
			})
			for _, k := range EventKinds {
				key := k + " " + group + "/" + gw + ` {"k":"` + k + `"}`
				if got[key] != 1 {
					t.Errorf("%s: handled %d times, want 1 (got %v)", k, got[key], got)
				}
			}
			if !failed.Load() {
				t.Error("the failing handler was not called")
			}
		})
	}
}

// TestEventsWithNULDropped checks that a gateway message with U+0000 in a
// string, which PostgreSQL cannot store, is dropped as malformed instead of
// being handed on and retried for ever.
func TestEventsWithNULDropped(t *testing.T) {
	url := embeddedURL(t)
	var mu sync.Mutex
	var got []string
	in, err := New(Config{Broker: url, ClientID: uniqueName("events"), Store: openSQLite(t), Linger: time.Millisecond,
		Events: func(_ context.Context, kind, _ string, payload []byte) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, kind+" "+string(payload))
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	start(t, in)
	<-in.Ready()
	pub := publisher(t, url, uniqueName("pub"))
	base := "shuxiang/v1/" + uniqueName("g") + "/gw-1/"
	mustPublish(t, pub, base+"alarm", []byte(`{"seq":1,"data":{"point":"p\u0000"}}`))
	mustPublish(t, pub, base+"health", []byte(`{"seq":2,"data":{"device":"d"}}`))
	eventually(t, 10*time.Second, "the health message handled", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 1
	})
	if got[0] != `health {"seq":2,"data":{"device":"d"}}` {
		t.Errorf("handled %q, want the health message only", got)
	}
	if m := in.Stats().Malformed; m != 1 {
		t.Errorf("Malformed = %d, want 1", m)
	}
}

func TestEnqueueCommittedAndSeries(t *testing.T) {
	store := openSQLite(t)
	var mu sync.Mutex
	var committed, fresh int
	in, err := New(Config{Store: store, Linger: time.Millisecond, Committed: func(rs []Reading, f []bool) {
		mu.Lock()
		defer mu.Unlock()
		committed += len(rs)
		for _, ok := range f {
			if ok {
				fresh++
			}
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	start(t, in)
	<-in.Ready()
	rs := []Reading{
		{Source: "szy206/654229/7", Seq: ts0, Device: "654229/7", Field: "status_word", TimeMillis: ts0, Value: 96},
		{Source: "szy206/654229/7", Seq: ts0 + 60_000, Device: "654229/7", Field: "status_word", TimeMillis: ts0 + 60_000, Value: 112},
		{Source: "szy206/654229/7", Seq: ts0, Device: "654229/7", Field: "water_total", TimeMillis: ts0, Value: 7},
	}
	ctx := context.Background()
	if err := in.Enqueue(ctx, rs); err != nil {
		t.Fatal(err)
	}
	if err := in.Enqueue(ctx, rs[:1]); err != nil {
		t.Fatal(err)
	}
	if err := in.Enqueue(ctx, nil); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "four readings committed", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return committed == 4
	})
	if fresh != 3 {
		t.Errorf("fresh readings: got %d, want 3", fresh)
	}
	got, err := store.Series(ctx, "szy206/654229/7", "status_word", ts0, ts0+60_000)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Value != 96 || got[1].Value != 112 || got[1].Device != "654229/7" {
		t.Errorf("Series: got %+v", got)
	}
	got, _ = store.Series(ctx, "szy206/654229/7", "status_word", ts0+1, ts0+60_000)
	if len(got) != 1 {
		t.Errorf("Series from after the first: got %d readings, want 1", len(got))
	}

	stopped, cancel := context.WithCancel(ctx)
	cancel()
	full, err := New(Config{Store: store, QueueLen: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := full.Enqueue(ctx, rs[:1]); err != nil {
		t.Fatal(err)
	}
	if err := full.Enqueue(stopped, rs[:1]); !errors.Is(err, context.Canceled) {
		t.Errorf("Enqueue on a full queue with an ended context: got %v, want context.Canceled", err)
	}
}
