package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shuxiang/shuxiang/iot/uplink"
)

// MaxScale is the most decimal places a value may have.
const MaxScale = 9

// telemetry is the body of a gateway's telemetry message.
type telemetry struct {
	Device     string                     `json:"device"`
	TimeMillis int64                      `json:"ts"`
	Values     map[string]json.RawMessage `json:"values"`
}

// SourceOf returns the source name of a gateway's topic
// shuxiang/v1/<group>/<gateway>/telemetry: "<group>/<gateway>".
func SourceOf(topic string) (string, error) {
	rest, ok := strings.CutPrefix(topic, uplink.TopicPrefix+"/")
	if !ok {
		return "", fmt.Errorf("topic %q is not under %s/", topic, uplink.TopicPrefix)
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || parts[2] != uplink.Telemetry.String() {
		return "", fmt.Errorf("topic %q is not of the form %s/<group>/<gateway>/telemetry", topic, uplink.TopicPrefix)
	}
	if _, err := uplink.TopicsFor(parts[0], parts[1]); err != nil {
		return "", err
	}
	return parts[0] + "/" + parts[1], nil
}

// DecodeTelemetry appends to dst the readings of a telemetry payload of
// source, single or batched as uplink.ParseMessages reads it. Every numeric
// value of a message is one reading keyed by the message's epoch and seq
// and the field name. Strings, booleans and nulls are skipped. So are numbers that
// ParseFixed rejects, such as 1e21, which skipped counts. It returns dst and
// an error when the payload is malformed, or a device or field name has
// U+0000 or is longer than MaxNameBytes.
func DecodeTelemetry(dst []Reading, source string, payload []byte) (rs []Reading, skipped int, err error) {
	start := len(dst)
	rs, ok := decodeFast(dst, source, payload)
	if !ok {
		if rs, skipped, err = decodeSlow(dst, source, payload); err != nil {
			return rs, 0, err
		}
	}
	for _, r := range rs[start:] {
		if len(r.Device) > MaxNameBytes || len(r.Field) > MaxNameBytes {
			return dst[:start], 0, fmt.Errorf("telemetry seq %d of %s: device %.40q or field %.40q is longer than %d bytes; shorten it",
				r.Seq, source, r.Device, r.Field, MaxNameBytes)
		}
	}
	return rs, skipped, nil
}

// MaxNameBytes bounds the device and field names of a reading. PostgreSQL
// cannot index a name of more than about 8 kB, which would fail every commit.
const MaxNameBytes = 256

// decodeSlow decodes with uplink.ParseMessages and encoding/json. It is the
// reference that decodeFast agrees with.
func decodeSlow(dst []Reading, source string, payload []byte) ([]Reading, int, error) {
	start := len(dst)
	msgs, err := uplink.ParseMessages(payload)
	if err != nil {
		return dst, 0, err
	}
	skipped := 0
	for _, m := range msgs {
		var t telemetry
		if err := json.Unmarshal(m.Data, &t); err != nil {
			return dst[:start], 0, fmt.Errorf("telemetry seq %d of %s: %w", m.Seq, source, err)
		}
		if t.Device == "" {
			return dst[:start], 0, fmt.Errorf("telemetry seq %d of %s: device is missing; the gateway must name the device", m.Seq, source)
		}
		// PostgreSQL cannot store U+0000 in text, so such a name would fail
		// every commit of the batch it is in. The fast path takes no escapes.
		if strings.IndexByte(t.Device, 0) >= 0 {
			return dst[:start], 0, fmt.Errorf("telemetry seq %d of %s: device %q has the character U+0000; remove it", m.Seq, source, t.Device)
		}
		if m.Seq > 1<<63-1 {
			return dst[:start], 0, fmt.Errorf("telemetry seq %d of %s is invalid: above 2^63-1", m.Seq, source)
		}
		epoch, err := uplink.ParseEpoch(m.Epoch)
		if err != nil {
			return dst[:start], 0, fmt.Errorf("telemetry seq %d of %s: %w", m.Seq, source, err)
		}
		ts := t.TimeMillis
		if ts == 0 {
			ts = m.TimeMillis
		}
		for field, raw := range t.Values {
			if len(raw) == 0 || raw[0] == '"' || raw[0] == 'n' || raw[0] == 't' || raw[0] == 'f' {
				continue
			}
			if raw[0] == '{' || raw[0] == '[' {
				return dst[:start], 0, fmt.Errorf("telemetry seq %d of %s, field %q: value is an object or array; send a number, string, boolean or null", m.Seq, source, field)
			}
			v, scale, err := ParseFixed(raw)
			if err != nil {
				skipped++
				continue
			}
			if strings.IndexByte(field, 0) >= 0 {
				return dst[:start], 0, fmt.Errorf("telemetry seq %d of %s: field %q has the character U+0000; remove it", m.Seq, source, field)
			}
			dst = append(dst, Reading{Source: source, Epoch: epoch, Seq: int64(m.Seq), Device: t.Device,
				Field: field, TimeMillis: ts, Value: v, Scale: scale})
		}
	}
	return dst, skipped, nil
}

// nulEscape returns the offset of the first escape \u0000 in the strings
// of a JSON payload, or -1. Escapes occur only in strings of valid JSON.
func nulEscape(p []byte) int {
	for i := 0; i < len(p); i++ {
		if p[i] != '\\' {
			continue
		}
		if bytes.HasPrefix(p[i+1:], []byte("u0000")) {
			return i
		}
		i++ // the escaped character, which may be a backslash
	}
	return -1
}

var errNumber = errors.New("not a decimal number of at most 18 digits and 9 decimals")

// ParseFixed reads a JSON number without exponent, such as -123.45, as the
// integer -12345 with scale 2. It uses no floating point.
func ParseFixed(b []byte) (value int64, scale uint8, err error) {
	i := 0
	neg := false
	if i < len(b) && b[i] == '-' {
		neg = true
		i++
	}
	if i+1 < len(b) && b[i] == '0' && b[i+1] >= '0' && b[i+1] <= '9' {
		return 0, 0, fmt.Errorf("%q: %w", b, errNumber) // JSON has no leading zeros
	}
	digits, dot := 0, false
	var v int64
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 18 {
				return 0, 0, fmt.Errorf("%q: %w", b, errNumber)
			}
			v = v*10 + int64(c-'0')
			if v != 0 || dot {
				digits++
			}
			if dot {
				scale++
			}
		case c == '.' && !dot && i > 0 && b[i-1] >= '0' && b[i-1] <= '9':
			dot = true
		default:
			return 0, 0, fmt.Errorf("%q: %w", b, errNumber)
		}
	}
	if i == 0 || (neg && len(b) == 1) || b[len(b)-1] == '.' || scale > MaxScale {
		return 0, 0, fmt.Errorf("%q: %w", b, errNumber)
	}
	if neg {
		v = -v
	}
	return v, scale, nil
}
