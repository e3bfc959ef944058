// Command topicwatch subscribes to the gateway topics on an MQTT broker and
// prints one line per message, for a tester watching a gateway. Messages of
// the queued kinds (telemetry, alarm, health) are de-duplicated on their seq
// per gateway, and a jump in seq is reported as a gap.
//
// Usage:
//
//	topicwatch [-broker tcp://127.0.0.1:1883] [-topic shuxiang/v1/#] [-raw]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	mqtt "github.com/eclipse/paho.mqtt.golang"

	"github.com/shuxiang/shuxiang/iot/uplink"
)

func main() {
	broker := flag.String("broker", "tcp://127.0.0.1:1883", "broker `URL`")
	topic := flag.String("topic", uplink.TopicPrefix+"/#", "topic `filter` to subscribe to")
	raw := flag.Bool("raw", false, "print each payload in full instead of a summary")
	flag.Parse()

	w := newWatcher(os.Stdout, *raw)
	opts := mqtt.NewClientOptions().AddBroker(*broker).
		SetClientID(fmt.Sprintf("topicwatch-%d", os.Getpid())).
		SetAutoReconnect(true).
		SetOnConnectHandler(func(c mqtt.Client) {
			// Subscribe again on every connect, since the session is clean.
			c.Subscribe(*topic, 1, func(_ mqtt.Client, m mqtt.Message) {
				w.message(time.Now(), m.Topic(), m.Payload(), m.Retained())
			})
			fmt.Fprintf(os.Stderr, "topicwatch: subscribed to %s on %s\n", *topic, *broker)
		}).
		SetConnectionLostHandler(func(_ mqtt.Client, err error) {
			fmt.Fprintf(os.Stderr, "topicwatch: connection lost: %v\n", err)
		})
	c := mqtt.NewClient(opts)
	t := c.Connect()
	if !t.WaitTimeout(10 * time.Second) {
		fmt.Fprintf(os.Stderr, "topicwatch: connect to %s timed out after 10s: check the -broker address\n", *broker)
		os.Exit(1)
	}
	if err := t.Error(); err != nil {
		fmt.Fprintf(os.Stderr, "topicwatch: connect to %s failed: %v\n", *broker, err)
		os.Exit(1)
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	c.Disconnect(250)
	fmt.Fprintln(os.Stderr, w.summary())
}

// watcher de-duplicates and prints messages. It is safe for concurrent use.
type watcher struct {
	mu   sync.Mutex
	out  io.Writer
	raw  bool
	last map[string]uint64 // newest seq per gateway topic base
	seen map[string]map[uint64]bool

	messages, duplicates, gaps, missing uint64
}

func newWatcher(out io.Writer, raw bool) *watcher {
	return &watcher{out: out, raw: raw, last: map[string]uint64{}, seen: map[string]map[uint64]bool{}}
}

// message prints one line for a message received at now.
func (w *watcher) message(now time.Time, topic string, payload []byte, retained bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.messages++
	stamp := now.Format("15:04:05.000")
	base, kind := splitTopic(topic)
	flags := ""
	if retained {
		flags = " retained"
	}
	if kind != "telemetry" && kind != "alarm" && kind != "health" {
		fmt.Fprintf(w.out, "%s %s%s %s\n", stamp, topic, flags, payload)
		return
	}
	msgs, err := uplink.ParseMessages(payload)
	if err != nil {
		fmt.Fprintf(w.out, "%s %s%s invalid payload: %v\n", stamp, topic, flags, err)
		return
	}
	for _, m := range msgs {
		w.item(stamp, base, kind, m)
	}
}

// item prints one queued message, or counts it when it is a duplicate.
func (w *watcher) item(stamp, base, kind string, m uplink.Message) {
	seen := w.seen[base]
	if seen == nil {
		seen = map[uint64]bool{}
		w.seen[base] = seen
	}
	if seen[m.Seq] {
		w.duplicates++
		return
	}
	seen[m.Seq] = true
	note := ""
	last := w.last[base]
	switch {
	case last == 0:
	case m.Seq > last+1:
		w.gaps++
		w.missing += m.Seq - last - 1
		note = fmt.Sprintf(" GAP: %d missing after seq %d", m.Seq-last-1, last)
	case m.Seq < last:
		note = fmt.Sprintf(" LATE: after seq %d", last)
	}
	if m.Seq > last {
		w.last[base] = m.Seq
	}
	if m.Historical {
		note += " hist"
	}
	data := string(m.Data)
	if !w.raw && len(data) > 160 {
		data = data[:157] + "..."
	}
	fmt.Fprintf(w.out, "%s %s %-9s seq=%d%s %s\n", stamp, base, kind, m.Seq, note, data)
}

// summary returns the totals line printed at exit.
func (w *watcher) summary() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return fmt.Sprintf("topicwatch: %d messages, %d duplicates dropped, %d gaps (%d seq missing)",
		w.messages, w.duplicates, w.gaps, w.missing)
}

// splitTopic splits shuxiang/v1/<group>/<gateway>/<kind>[/...] into the
// gateway's base topic and the kind.
func splitTopic(topic string) (base, kind string) {
	parts := strings.SplitN(topic, "/", 6)
	if len(parts) < 5 {
		return topic, ""
	}
	return strings.Join(parts[:4], "/"), parts[4]
}
