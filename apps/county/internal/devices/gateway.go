package devices

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/shuxiang/shuxiang/iot/uplink"
)

// healthEvent is the body of a gateway's health message: an iot/health Event
// as its MarshalJSON writes it.
type healthEvent struct {
	Time     time.Time `json:"time"`
	Device   string    `json:"device"`
	From     string    `json:"from"`
	To       string    `json:"to"`
	Failures int       `json:"failures"`
	Cause    string    `json:"cause"`
}

// GatewayMessage records what a gateway's birth, death, health or alarm
// message of source "<group>/<gateway>" says about the gateway and its
// devices, received at now. A birth makes the gateway online and a death
// offline; a health message sets the state of each device it names. It
// returns an error naming the fault when the payload does not decode.
func (t *Tracker) GatewayMessage(kind, source string, payload []byte, now time.Time) error {
	gw := Gateway(source)
	switch kind {
	case "birth", "death":
		var b uplink.Birth
		if err := json.Unmarshal(payload, &b); err != nil {
			return fmt.Errorf("%s message of gateway %s: %w", kind, source, err)
		}
		at := now
		if b.TimeMillis > 0 && kind == "birth" {
			at = time.UnixMilli(b.TimeMillis)
		}
		if kind == "birth" {
			t.mu.Lock()
			if t.births == nil {
				t.births = make(map[string]uint64)
			}
			t.births[source] = b.BirthDeathSeq
			t.mu.Unlock()
			t.Seen(gw, at)
			t.SetState(gw, Online, "", at)
			return nil
		}
		// A broker publishes the will of a connection that a reconnect of the
		// same gateway replaced, possibly after the new birth.
		t.mu.Lock()
		last, known := t.births[source]
		t.mu.Unlock()
		if known && last != b.BirthDeathSeq {
			t.log.Info("ignored the death message of an earlier connection", "gateway", source,
				"bdSeq", b.BirthDeathSeq, "birth_bdSeq", last)
			return nil
		}
		t.SetState(gw, Offline, "death message: the gateway disconnected or lost its connection", now)
		return nil
	case "health":
		return t.health(source, payload, now)
	case "alarm":
		t.Seen(gw, now)
		return nil
	}
	return fmt.Errorf("gateway %s: message kind %q is not birth, death, health or alarm", source, kind)
}

// health sets the states a gateway's health message reports.
func (t *Tracker) health(source string, payload []byte, now time.Time) error {
	msgs, err := uplink.ParseMessages(payload)
	if err != nil {
		return fmt.Errorf("health message of gateway %s: %w", source, err)
	}
	t.Seen(Gateway(source), now)
	for _, m := range msgs {
		var e healthEvent
		if err := json.Unmarshal(m.Data, &e); err != nil {
			return fmt.Errorf("health message seq %d of gateway %s: %w", m.Seq, source, err)
		}
		if e.Device == "" || !slices.Contains(States, e.To) {
			return fmt.Errorf("health message seq %d of gateway %s: want a device and a state \"to\" of %v, got %q and %q",
				m.Seq, source, States, e.Device, e.To)
		}
		if len(e.Device) > MaxNameBytes {
			return fmt.Errorf("health message seq %d of gateway %s: device %.40q is longer than %d bytes; shorten it",
				m.Seq, source, e.Device, MaxNameBytes)
		}
		t.SetState(Behind(source, e.Device), e.To, e.Cause, e.Time)
	}
	return nil
}
