package uplink

import (
	"encoding/json"
	"sync"
	"testing"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/iot/outbox"
)

// checkInOrderOnce checks that seqs 1..n all arrived and that first arrivals
// came in increasing order. Repeats are allowed: they follow a reconnect.
func checkInOrderOnce(t *testing.T, msgs []received, n int) (repeats int) {
	t.Helper()
	seen := map[uint64]bool{}
	last := uint64(0)
	for _, r := range msgs {
		if seen[r.msg.Seq] {
			repeats++
			continue
		}
		seen[r.msg.Seq] = true
		if r.msg.Seq <= last {
			t.Errorf("seq %d first arrived after seq %d", r.msg.Seq, last)
		}
		last = r.msg.Seq
	}
	for seq := uint64(1); seq <= uint64(n); seq++ {
		if !seen[seq] {
			t.Errorf("seq %d never arrived", seq)
		}
	}
	return repeats
}

// TestOutageResendsInFlight cuts the link to the broker twice while records
// are appended and drained, and checks that every record arrives, in order.
func TestOutageResendsInFlight(t *testing.T) {
	broker := brokerURL(t)
	px := startProxy(t, broker)
	box := openBox(t, t.TempDir())
	cfg := testConfig(px.url())
	topics, _ := TopicsFor(cfg.Group, cfg.Gateway)
	col := subscribe(t, broker, topics.Base+"/#")
	u, err := New(box, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runUplink(t, u)

	const n = 3000
	var wg sync.WaitGroup
	wg.Go(func() {
		for range n / 100 {
			enqueueReadings(t, box, 100)
			time.Sleep(5 * time.Millisecond)
		}
	})
	for cut := uint64(1); cut <= 2; cut++ {
		acked := u.Stats().Acked
		waitFor(t, 30*time.Second, "drain on a new connection", func() bool {
			st := u.Stats()
			return st.Connected && st.Connects == cut && st.Acked > acked
		})
		px.setCut(true)
		waitFor(t, 30*time.Second, "loss of the connection", func() bool {
			return !u.Stats().Connected
		})
		time.Sleep(300 * time.Millisecond)
		px.setCut(false)
	}
	wg.Wait()
	waitFor(t, 60*time.Second, "outbox to empty", func() bool { return box.Stats().Depth == 0 })
	waitFor(t, 10*time.Second, "all messages", func() bool {
		d, _ := distinctSeqs(col.onTopic(topics.Telemetry))
		return d >= n
	})

	repeats := checkInOrderOnce(t, col.onTopic(topics.Telemetry), n)
	st := u.Stats()
	if st.Connects < 3 {
		t.Errorf("Connects = %d, want at least 3 after two cuts", st.Connects)
	}
	t.Logf("%d records, %d repeated deliveries, %d connects", n, repeats, st.Connects)

	// Every connection published a birth; every cut made the broker publish
	// the will of that connection.
	births, deaths := col.onTopic(topics.Birth), col.onTopic(topics.Death)
	if len(births) != int(st.Connects) {
		t.Errorf("%d births for %d connects", len(births), st.Connects)
	}
	if len(deaths) < 2 {
		t.Errorf("%d deaths after two cuts, want at least 2", len(deaths))
	}
	// bdSeq grows with every connection attempt, and each death carries the
	// bdSeq of a birth.
	birthSeqs := map[uint64]bool{}
	last := uint64(0)
	for _, b := range births {
		var p Birth
		json.Unmarshal(b.raw, &p)
		if p.BirthDeathSeq <= last {
			t.Errorf("birth bdSeq %d after %d", p.BirthDeathSeq, last)
		}
		last = p.BirthDeathSeq
		birthSeqs[p.BirthDeathSeq] = true
	}
	for _, d := range deaths {
		var p Birth
		json.Unmarshal(d.raw, &p)
		if !birthSeqs[p.BirthDeathSeq] {
			t.Errorf("death bdSeq %d matches no birth", p.BirthDeathSeq)
		}
	}
}

// TestReplayAfterRestart queues records while the broker is unreachable,
// restarts the outbox as a rebooted gateway would, and checks that the
// records arrive in their original order marked historical.
func TestReplayAfterRestart(t *testing.T) {
	broker := brokerURL(t)
	dir := t.TempDir()
	px := startProxy(t, broker)
	px.setCut(true)
	cfg := testConfig(px.url())
	topics, _ := TopicsFor(cfg.Group, cfg.Gateway)
	col := subscribe(t, broker, topics.Base+"/#")

	first := openBox(t, dir)
	u, err := New(first, cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := runUplink(t, u)
	enqueueReadings(t, first, 500)
	time.Sleep(200 * time.Millisecond)
	stop()
	first.Close()
	if got := len(col.onTopic(topics.Telemetry)); got != 0 {
		t.Fatalf("%d messages arrived through a cut link", got)
	}

	box := openBox(t, dir)
	enqueueReadings(t, box, 10)
	cfg.Broker = broker
	u, err = New(box, cfg)
	if err != nil {
		t.Fatal(err)
	}
	runUplink(t, u)
	waitFor(t, 30*time.Second, "510 messages", func() bool {
		return len(col.onTopic(topics.Telemetry)) >= 510
	})
	msgs := col.onTopic(topics.Telemetry)
	for i, r := range msgs {
		if r.msg.Seq != uint64(i+1) {
			t.Fatalf("message %d has seq %d, want %d", i, r.msg.Seq, i+1)
		}
		if want := i < 500; r.msg.Historical != want {
			t.Fatalf("message seq %d hist = %v, want %v", r.msg.Seq, r.msg.Historical, want)
		}
	}
}

// TestCommandsAfterReconnect checks that the command subscription is made
// again on a new connection and that retained commands are dropped.
func TestCommandsAfterReconnect(t *testing.T) {
	broker := brokerURL(t)
	px := startProxy(t, broker)
	box := openBox(t, t.TempDir())
	cfg := testConfig(px.url())
	topics, _ := TopicsFor(cfg.Group, cfg.Gateway)
	var mu sync.Mutex
	var got []Command
	cfg.OnCommand = func(c Command) {
		mu.Lock()
		got = append(got, c)
		mu.Unlock()
	}
	commands := func() []Command {
		mu.Lock()
		defer mu.Unlock()
		return append([]Command(nil), got...)
	}
	u, err := New(box, cfg)
	if err != nil {
		t.Fatal(err)
	}

	pub := mqtt.NewClient(mqtt.NewClientOptions().AddBroker(broker).
		SetClientID(uniqueName("commander")))
	if tok := pub.Connect(); !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
		t.Fatalf("commander connect: %v", tok.Error())
	}
	defer pub.Disconnect(100)
	send := func(topic, payload string, retained bool) {
		t.Helper()
		tok := pub.Publish(topic, 1, retained, payload)
		if !tok.WaitTimeout(5*time.Second) || tok.Error() != nil {
			t.Fatalf("publish command: %v", tok.Error())
		}
	}
	// A retained command that is already on the broker when the gateway
	// subscribes; it must never be acted on.
	send(topics.Command+"/vent-1", `{"id":"old","action":"open"}`, true)
	defer send(topics.Command+"/vent-1", "", true) // clear the retained message

	runUplink(t, u)
	waitFor(t, 10*time.Second, "connect", func() bool { return u.Stats().Connected })
	waitFor(t, 5*time.Second, "retained command drop", func() bool {
		return u.Stats().RetainedCommands == 1
	})
	send(topics.Command, `{"id":"c1"}`, false)
	waitFor(t, 5*time.Second, "first command", func() bool { return len(commands()) == 1 })

	px.setCut(true)
	waitFor(t, 10*time.Second, "disconnect", func() bool { return !u.Stats().Connected })
	px.setCut(false)
	waitFor(t, 10*time.Second, "reconnect", func() bool {
		return u.Stats().Connected && u.Stats().Connects == 2
	})
	waitFor(t, 5*time.Second, "second retained drop", func() bool {
		return u.Stats().RetainedCommands == 2
	})
	send(topics.Command+"/blanket-2", `{"id":"c2"}`, false)
	waitFor(t, 5*time.Second, "command after reconnect", func() bool { return len(commands()) == 2 })

	cmds := commands()
	if cmds[0].Topic != topics.Command || string(cmds[0].Payload) != `{"id":"c1"}` {
		t.Errorf("command 0 = %s %s", cmds[0].Topic, cmds[0].Payload)
	}
	if cmds[1].Topic != topics.Command+"/blanket-2" {
		t.Errorf("command 1 topic = %s", cmds[1].Topic)
	}
}

// TestGracefulStopPublishesDeath checks the death message of a clean stop.
func TestGracefulStopPublishesDeath(t *testing.T) {
	broker := brokerURL(t)
	box := openBox(t, t.TempDir())
	cfg := testConfig(broker)
	topics, _ := TopicsFor(cfg.Group, cfg.Gateway)
	col := subscribe(t, broker, topics.Base+"/#")
	u, err := New(box, cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := runUplink(t, u)
	waitFor(t, 10*time.Second, "birth", func() bool { return len(col.onTopic(topics.Birth)) == 1 })
	stop()
	waitFor(t, 5*time.Second, "death", func() bool { return len(col.onTopic(topics.Death)) == 1 })
}

// TestBirthSeqGrowsAcrossRestart stops the uplink, reopens its outbox as a
// restarted gateway would, and checks that the new birth's bdSeq is above
// every bdSeq of the previous run, so a late death of that run pairs with
// none of the new births.
func TestBirthSeqGrowsAcrossRestart(t *testing.T) {
	broker := brokerURL(t)
	dir := t.TempDir()
	cfg := testConfig(broker)
	topics, _ := TopicsFor(cfg.Group, cfg.Gateway)
	col := subscribe(t, broker, topics.Base+"/#")
	birthSeqs := func() []uint64 {
		var seqs []uint64
		for _, r := range col.onTopic(topics.Birth) {
			var b Birth
			if err := json.Unmarshal(r.raw, &b); err != nil {
				t.Fatalf("birth %s: %v", r.raw, err)
			}
			seqs = append(seqs, b.BirthDeathSeq)
		}
		return seqs
	}

	for run := 1; run <= 2; run++ {
		box, err := outbox.Open(dir, outbox.Options{})
		if err != nil {
			t.Fatal(err)
		}
		u, err := New(box, cfg)
		if err != nil {
			t.Fatal(err)
		}
		stop := runUplink(t, u)
		waitFor(t, 10*time.Second, "birth", func() bool { return len(birthSeqs()) == run })
		stop()
		box.Close()
	}
	seqs := birthSeqs()
	if seqs[1] <= seqs[0] {
		t.Errorf("bdSeq after restart = %d, want above %d of the previous run", seqs[1], seqs[0])
	}
}
