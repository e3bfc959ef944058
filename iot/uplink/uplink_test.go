package uplink

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/outbox"
)

func testConfig(broker string) Config {
	return Config{
		Broker:       broker,
		Group:        uniqueName("test"),
		Gateway:      "gw-01",
		ReconnectMin: 50 * time.Millisecond,
		ReconnectMax: 200 * time.Millisecond,
		AckTimeout:   20 * time.Second,
		// Mosquitto drops QoS 1 messages for a subscriber that falls more
		// than max_queued_messages (default 1000) behind, so the test keeps
		// the publisher's window near the subscriber's (max_inflight_messages,
		// default 20).
		MaxInFlight: 20,
	}
}

func TestDrainExactlyOncePerSeq(t *testing.T) {
	broker := brokerURL(t)
	box := openBox(t, t.TempDir())
	cfg := testConfig(broker)
	topics, _ := TopicsFor(cfg.Group, cfg.Gateway)
	col := subscribe(t, broker, topics.Base+"/#")

	const n = 10000
	enqueueReadings(t, box, n)
	u, err := New(box, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runUplink(t, u)

	waitFor(t, 60*time.Second, "outbox to empty", func() bool { return box.Stats().Depth == 0 })
	waitFor(t, 10*time.Second, "10,000 telemetry messages", func() bool {
		return len(col.onTopic(topics.Telemetry)) >= n
	})

	msgs := col.onTopic(topics.Telemetry)
	distinct, repeats := distinctSeqs(msgs)
	if distinct != n {
		t.Errorf("%d distinct sequence numbers, want %d", distinct, n)
	}
	if repeats != 0 {
		t.Errorf("%d repeated sequence numbers without a reconnect, want 0", repeats)
	}
	seen := map[uint64]bool{}
	for _, r := range msgs {
		seen[r.msg.Seq] = true
	}
	for seq := uint64(1); seq <= n; seq++ {
		if !seen[seq] {
			t.Errorf("seq %d missing", seq)
		}
	}
	for i, r := range msgs {
		if r.msg.Seq != uint64(i+1) {
			t.Fatalf("message %d has seq %d, want %d", i, r.msg.Seq, i+1)
		}
		if string(r.msg.Data) != `{"dev":"ws-01","air_temp":2315}` {
			t.Fatalf("message %d data = %s", i, r.msg.Data)
		}
		if r.msg.Epoch != u.Epoch() {
			t.Fatalf("message %d epoch = %q, want %q", i, r.msg.Epoch, u.Epoch())
		}
	}
	if st := u.Stats(); st.Acked != n || st.Connects != 1 {
		t.Errorf("Stats Acked, Connects = %d, %d; want %d, 1", st.Acked, st.Connects, n)
	}
	births := col.onTopic(topics.Birth)
	if len(births) != 1 {
		t.Fatalf("%d birth messages, want 1", len(births))
	}
	var b Birth
	if err := json.Unmarshal(births[0].raw, &b); err != nil || b.BirthDeathSeq != 1 ||
		b.Gateway != "gw-01" || b.Epoch != u.Epoch() {
		t.Errorf("birth = %s, %v", births[0].raw, err)
	}
}

func TestUnpublishableRecordDeadLettered(t *testing.T) {
	broker := brokerURL(t)
	dir := t.TempDir()
	box := openBox(t, dir)
	cfg := testConfig(broker)
	topics, _ := TopicsFor(cfg.Group, cfg.Gateway)
	col := subscribe(t, broker, topics.Telemetry)
	enqueueReadings(t, box, 1)
	if _, err := box.Append(t.Context(), []byte("no kind byte")); err != nil {
		t.Fatal(err)
	}
	enqueueReadings(t, box, 1)
	u, err := New(box, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runUplink(t, u)
	waitFor(t, 10*time.Second, "outbox to empty", func() bool { return box.Stats().Depth == 0 })
	waitFor(t, 5*time.Second, "two messages", func() bool {
		return len(col.onTopic(topics.Telemetry)) == 2
	})
	if st := u.Stats(); st.DeadLettered != 1 {
		t.Errorf("DeadLettered = %d, want 1", st.DeadLettered)
	}
	dls, err := outbox.ReadDeadLetters(dir)
	if err != nil || len(dls) != 1 || dls[0].Seq != 2 {
		t.Fatalf("dead letters = %+v, %v; want seq 2", dls, err)
	}
	if msgs := col.onTopic(topics.Telemetry); msgs[0].msg.Seq != 1 || msgs[1].msg.Seq != 3 {
		t.Errorf("published seqs %d, %d; want 1, 3", msgs[0].msg.Seq, msgs[1].msg.Seq)
	}
}

func TestRunStopsWhenOutboxCloses(t *testing.T) {
	broker := brokerURL(t)
	box, err := outbox.Open(t.TempDir(), outbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	u, err := New(box, testConfig(broker))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- u.Run(t.Context()) }()
	waitFor(t, 10*time.Second, "connect", func() bool { return u.Stats().Connected })
	box.Close()
	select {
	case err := <-done:
		if !errors.Is(err, outbox.ErrClosed) {
			t.Errorf("Run = %v, want outbox.ErrClosed", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run still running 10 s after the outbox closed")
	}
}
