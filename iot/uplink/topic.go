package uplink

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/shuxiang/shuxiang/iot/outbox"
)

// TopicPrefix is the first two levels of every topic: the project and the
// version of this layout.
const TopicPrefix = "shuxiang/v1"

// Kind is the type of a queued message, and the last level of its topic.
type Kind byte

// Kinds of queued messages. Birth, death and command topics are written and
// read by the uplink itself and are not queued.
const (
	Telemetry Kind = 1 // readings of a device
	Alarm     Kind = 2 // alarm lifecycle events
	Health    Kind = 3 // device and gateway health states
)

// String returns the topic level of the kind.
func (k Kind) String() string {
	switch k {
	case Telemetry:
		return "telemetry"
	case Alarm:
		return "alarm"
	case Health:
		return "health"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

func (k Kind) valid() bool { return k >= Telemetry && k <= Health }

// Topics are the MQTT topics of one gateway.
type Topics struct {
	Base      string // shuxiang/v1/<group>/<gateway>
	Telemetry string
	Alarm     string
	Health    string
	Birth     string
	Death     string
	Command   string // commands addressed to the gateway itself
	Commands  string // filter for Command and every sub-topic of it
}

// TopicsFor returns the topic layout of the gateway in its group. Both names
// must be 1 to 64 characters of A-Z, a-z, 0-9, '-' and '_', so they never
// contain an MQTT separator or wildcard.
func TopicsFor(group, gateway string) (Topics, error) {
	if err := checkName("group", group); err != nil {
		return Topics{}, err
	}
	if err := checkName("gateway", gateway); err != nil {
		return Topics{}, err
	}
	base := TopicPrefix + "/" + group + "/" + gateway
	return Topics{
		Base:      base,
		Telemetry: base + "/telemetry",
		Alarm:     base + "/alarm",
		Health:    base + "/health",
		Birth:     base + "/birth",
		Death:     base + "/death",
		Command:   base + "/command",
		Commands:  base + "/command/#",
	}, nil
}

func checkName(what, s string) error {
	if len(s) == 0 || len(s) > 64 {
		return fmt.Errorf("uplink: %s name %q must be 1 to 64 characters long", what, s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_'
		if !ok {
			return fmt.Errorf("uplink: %s name %q contains %q: use only A-Z, a-z, 0-9, "+
				"'-' and '_'", what, s, c)
		}
	}
	return nil
}

// topicFor returns the topic of a queued message of kind k.
func (t *Topics) topicFor(k Kind) string {
	switch k {
	case Telemetry:
		return t.Telemetry
	case Alarm:
		return t.Alarm
	case Health:
		return t.Health
	}
	return ""
}

// AppendRecord appends the outbox record for a message of kind k with the
// JSON value body to dst: the kind byte followed by the body.
func AppendRecord(dst []byte, k Kind, body []byte) ([]byte, error) {
	if !k.valid() {
		return dst, fmt.Errorf("uplink: invalid kind %d: use Telemetry, Alarm or Health", k)
	}
	if !json.Valid(body) {
		return dst, fmt.Errorf("uplink: %s body of %d bytes is not valid JSON", k, len(body))
	}
	dst = append(dst, byte(k))
	return append(dst, body...), nil
}

// Enqueue appends a message of kind k with the JSON value body to the outbox
// and returns its sequence number once it is durable. It waits for the local
// fsync only, not for the broker, so the gateway's data path calls it and
// nothing else of the uplink.
func Enqueue(ctx context.Context, o *outbox.Outbox, k Kind, body []byte) (uint64, error) {
	rec, err := AppendRecord(make([]byte, 0, 1+len(body)), k, body)
	if err != nil {
		return 0, err
	}
	return o.Append(ctx, rec)
}

// envelopePrefix opens every published message of a queued kind. The
// connection tracker finds the sequence number right after it.
const envelopePrefix = `{"seq":`

// appendEnvelope appends the MQTT payload of a queued message to dst:
//
//	{"seq":<sequence>,"epoch":"<epoch>","ts":<append time, Unix ms>,"hist":<true|false>,"data":<body>}
//
// An empty epoch leaves the epoch key out.
func appendEnvelope(dst []byte, rec outbox.Record, epoch string) []byte {
	dst = append(dst, envelopePrefix...)
	dst = strconv.AppendUint(dst, rec.Seq, 10)
	if epoch != "" {
		dst = append(dst, `,"epoch":"`...)
		dst = append(dst, epoch...)
		dst = append(dst, '"')
	}
	dst = append(dst, `,"ts":`...)
	dst = strconv.AppendInt(dst, rec.Time.UnixMilli(), 10)
	dst = append(dst, `,"hist":`...)
	dst = strconv.AppendBool(dst, rec.Historical)
	dst = append(dst, `,"data":`...)
	dst = append(dst, rec.Payload[1:]...)
	return append(dst, '}')
}

// appendBatchEnvelope appends the payload of a batch of queued messages:
//
//	{"seq":<first sequence>,"items":[<envelope>,<envelope>,...]}
//
// first is the first record's envelope and more the others, each led by a comma.
func appendBatchEnvelope(dst []byte, seq uint64, first, more []byte) []byte {
	dst = append(dst, envelopePrefix...)
	dst = strconv.AppendUint(dst, seq, 10)
	dst = append(dst, `,"items":[`...)
	dst = append(dst, first...)
	dst = append(dst, more...)
	return append(dst, "]}"...)
}

// Message is a published message of a queued kind as a receiver decodes it.
type Message struct {
	Seq uint64 `json:"seq"` // outbox sequence number; de-duplicate on it with Epoch
	// Epoch is the outbox epoch (see [Config].EpochFile), empty in messages
	// of gateways that send none.
	Epoch      string          `json:"epoch,omitempty"`
	TimeMillis int64           `json:"ts"`   // append time at the gateway, Unix ms
	Historical bool            `json:"hist"` // appended before the gateway's last restart
	Data       json.RawMessage `json:"data"` // the body given to Enqueue
}

// ParseMessages decodes the payload of a telemetry, alarm or health message,
// a single one or a batch, into its messages in sequence order.
func ParseMessages(payload []byte) ([]Message, error) {
	var env struct {
		Message
		Items []Message `json:"items"`
	}
	if err := json.Unmarshal(payload, &env); err != nil {
		return nil, fmt.Errorf("uplink: decode message: %w", err)
	}
	msgs := env.Items
	if msgs == nil {
		msgs = []Message{env.Message}
	}
	for _, m := range msgs {
		if m.Seq == 0 {
			return nil, fmt.Errorf("uplink: message has no seq field")
		}
		if _, err := ParseEpoch(m.Epoch); err != nil {
			return nil, fmt.Errorf("uplink: message seq %d: %w", m.Seq, err)
		}
	}
	return msgs, nil
}

// Birth is the payload of the birth message, published on every connect, and
// of the death message, which the broker publishes as the last will when the
// connection is lost, or the gateway publishes before a clean disconnect.
// The two carry the same BirthDeathSeq, so a receiver matches a death with
// its birth.
type Birth struct {
	BirthDeathSeq uint64 `json:"bdSeq"`
	TimeMillis    int64  `json:"ts"` // time of the connect, Unix ms
	Group         string `json:"group"`
	Gateway       string `json:"gateway"`
	// Epoch is the outbox epoch of the gateway's messages (see
	// [Config].EpochFile), empty from gateways that send none.
	Epoch string `json:"epoch,omitempty"`
}
