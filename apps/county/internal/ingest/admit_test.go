package ingest

import (
	"context"
	"fmt"
	"math"
	"testing"
	"time"
)

// TestReadingTimesChecked publishes one batch whose items carry times of 0,
// before 2000, negative, far ahead and just ahead of the server's clock,
// and checks that only the readings with a plausible time are stored while
// the others are counted by reason.
func TestReadingTimesChecked(t *testing.T) {
	url := embeddedURL(t)
	group := uniqueName("ts")
	store := openSQLite(t)
	now := time.UnixMilli(ts0)
	in, err := New(Config{Broker: url, ClientID: uniqueName("county"), Topic: "shuxiang/v1/" + group + "/+/telemetry",
		Store: store, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	start(t, in)
	<-in.Ready()

	times := []struct {
		ts    int64
		valid bool
	}{
		{0, false},
		{-1, false},
		{EarliestMillis - 1, false},
		{math.MaxInt64, false},
		{ts0 + (DefaultMaxClockSkew + time.Second).Milliseconds(), false},
		{EarliestMillis, true},
		{ts0 - 1000, true},
		{ts0 + DefaultMaxClockSkew.Milliseconds(), true},
	}
	payload := `{"seq":1,"items":[`
	for i, tt := range times {
		if i > 0 {
			payload += ","
		}
		payload += fmt.Sprintf(`{"seq":%d,"ts":%d,"data":{"device":"d","ts":%d,"values":{"a":%d}}}`, i+1, tt.ts, tt.ts, i)
	}
	payload += "]}"
	mustPublish(t, publisher(t, url, uniqueName("gw")), "shuxiang/v1/"+group+"/gw1/telemetry", []byte(payload))
	eventually(t, 10*time.Second, "the message acknowledged", func() bool { return in.Stats().Acked == 1 })

	var stored []int64
	if err := store.Each(context.Background(), group+"/gw1", func(r Reading) error {
		stored = append(stored, r.TimeMillis)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var want []int64
	for _, tt := range times {
		if tt.valid {
			want = append(want, tt.ts)
		}
	}
	if fmt.Sprint(stored) != fmt.Sprint(want) {
		t.Errorf("stored times %v, want %v", stored, want)
	}
	st := in.Stats()
	if st.TooOld != 3 {
		t.Errorf("TooOld = %d, want 3", st.TooOld)
	}
	if st.Future != 2 {
		t.Errorf("Future = %d, want 2", st.Future)
	}
}

// TestEnqueueChecksTimes checks the path of readings the server makes
// itself: a reading without a time is dropped and the caller's slice is
// left as it was.
func TestEnqueueChecksTimes(t *testing.T) {
	store := openSQLite(t)
	in, err := New(Config{Store: store, Linger: time.Millisecond, Now: func() time.Time { return time.UnixMilli(ts0) }})
	if err != nil {
		t.Fatal(err)
	}
	start(t, in)
	rs := []Reading{
		{Source: "sl651/1", Seq: 1, Device: "d", Field: "a"},
		{Source: "sl651/1", Seq: ts0, Device: "d", Field: "a", TimeMillis: ts0},
	}
	if err := in.Enqueue(context.Background(), rs); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "one reading stored", func() bool { return in.Stats().Stored == 1 })
	if st := in.Stats(); st.TooOld != 1 || st.Readings != 1 {
		t.Errorf("TooOld, Readings = %d, %d; want 1, 1", st.TooOld, st.Readings)
	}
	if rs[0].TimeMillis != 0 || rs[1].TimeMillis != ts0 {
		t.Errorf("the caller's readings changed to %+v", rs)
	}
}

// TestUnregisteredGatewayDropped checks that with Config.Registered set, the
// telemetry and events of a gateway it rejects are acknowledged, counted and
// neither stored nor handed on.
func TestUnregisteredGatewayDropped(t *testing.T) {
	url := embeddedURL(t)
	group := uniqueName("reg")
	store := openSQLite(t)
	events := make(chan string, 4)
	in, err := New(Config{Broker: url, ClientID: uniqueName("county"), Topic: "shuxiang/v1/" + group + "/+/telemetry",
		Store: store, Now: testNow, Linger: time.Millisecond,
		Registered: func(_ context.Context, source string) bool { return source == group+"/known" },
		Events: func(_ context.Context, kind, source string, _ []byte) error {
			events <- kind + " " + source
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	start(t, in)
	<-in.Ready()
	pub := publisher(t, url, uniqueName("gw"))
	base := "shuxiang/v1/" + group
	mustPublish(t, pub, base+"/stranger/telemetry", batch(1, 1, "well-1", ts0))
	mustPublish(t, pub, base+"/stranger/birth", []byte(`{"bdSeq":1}`))
	mustPublish(t, pub, base+"/known/telemetry", batch(1, 1, "well-1", ts0))
	mustPublish(t, pub, base+"/known/birth", []byte(`{"bdSeq":1}`))

	eventually(t, 10*time.Second, "the known gateway's reading stored", func() bool { return in.Stats().Stored == 1 })
	select {
	case e := <-events:
		if e != "birth "+group+"/known" {
			t.Errorf("event %q handed on, want the known gateway's birth", e)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the known gateway's birth was not handed on")
	}
	if st := in.Stats(); st.Unregistered != 2 {
		t.Errorf("Unregistered = %d, want 2", st.Unregistered)
	}
	if n, err := store.Count(context.Background()); err != nil || n != 1 {
		t.Errorf("stored %d readings (%v), want 1", n, err)
	}
}
