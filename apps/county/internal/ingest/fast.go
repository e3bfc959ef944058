package ingest

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/shuxiang/shuxiang/iot/uplink"
)

// decodeFast is the fast path of DecodeTelemetry: a scanner for the payloads
// iot/uplink and the gateway write, without reflection and with one
// allocation per field name. It returns ok false for anything it does not
// read exactly as uplink.ParseMessages and encoding/json would: escapes and
// non-ASCII bytes in names, keys that differ from the known ones only in
// case, duplicate keys, nulls, wrong types and malformed numbers. The caller
// then takes the slow path, which gives the same readings or the error.
func decodeFast(dst []Reading, source string, p []byte) ([]Reading, bool) {
	if !json.Valid(p) {
		return dst, false
	}
	start := len(dst)
	sc := scanner{b: p}
	var top envelope
	if !sc.envelope(&top, true) || !sc.end() {
		return dst[:start], false
	}
	if top.items == nil {
		if top.seq == 0 || !top.hasData {
			return dst[:start], false
		}
		var ok bool
		if dst, ok = telemetryFast(dst, source, &top, top.data); !ok {
			return dst[:start], false
		}
		return dst, true
	}
	if len(top.items) == 0 {
		return dst[:start], false
	}
	for _, it := range top.items {
		var m envelope
		is := scanner{b: it}
		if !is.envelope(&m, false) || m.seq == 0 || !m.hasData {
			return dst[:start], false
		}
		var ok bool
		if dst, ok = telemetryFast(dst, source, &m, m.data); !ok {
			return dst[:start], false
		}
	}
	return dst, true
}

// envelope is a message or a batch as the scanner read it.
type envelope struct {
	seq     uint64
	epoch   uint64
	ts      int64
	data    []byte
	hasData bool
	items   [][]byte // nil when there is no "items" key
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) ws() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\t' || s.b[s.i] == '\n' || s.b[s.i] == '\r') {
		s.i++
	}
}

func (s *scanner) end() bool { s.ws(); return s.i == len(s.b) }

// peek returns the next byte after white space, or 0 at the end.
func (s *scanner) peek() byte {
	s.ws()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// expect consumes c after white space.
func (s *scanner) expect(c byte) bool {
	if s.peek() != c {
		return false
	}
	s.i++
	return true
}

// name reads a string of printable ASCII without escapes.
func (s *scanner) name() ([]byte, bool) {
	if !s.expect('"') {
		return nil, false
	}
	j := s.i
	for ; j < len(s.b) && s.b[j] != '"'; j++ {
		if c := s.b[j]; c == '\\' || c < 0x20 || c >= 0x80 {
			return nil, false
		}
	}
	if j == len(s.b) {
		return nil, false
	}
	v := s.b[s.i:j]
	s.i = j + 1
	return v, true
}

// value skips one JSON value, which json.Valid has checked, and returns it.
func (s *scanner) value() []byte {
	s.ws()
	j := s.i
	if s.i >= len(s.b) {
		return nil
	}
	switch s.b[s.i] {
	case '"':
		s.str()
	case '{', '[':
		depth := 0
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case '"':
				s.str()
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			s.i++
			if depth == 0 {
				break
			}
		}
	default:
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return s.b[j:s.i]
			}
			s.i++
		}
	}
	return s.b[j:s.i]
}

// str skips the string that starts at s.i.
func (s *scanner) str() {
	s.i++
	for s.i < len(s.b) && s.b[s.i] != '"' {
		if s.b[s.i] == '\\' {
			s.i++
		}
		s.i++
	}
	s.i++
}

// known reports whether k is one of keys, and false with bad true when it
// equals one only up to case, which encoding/json would match too.
func known(k []byte, keys ...string) (idx int, bad bool) {
	for i, key := range keys {
		if string(k) == key {
			return i, false
		}
		if bytes.EqualFold(k, []byte(key)) {
			return -1, true
		}
	}
	return -1, false
}

// envelope reads a message object, or with batch a batch object too.
func (s *scanner) envelope(e *envelope, batch bool) bool {
	if !s.expect('{') {
		return false
	}
	var seen [6]bool
	if s.expect('}') {
		return true
	}
	for {
		k, ok := s.name()
		if !ok || !s.expect(':') {
			return false
		}
		keys := []string{"seq", "ts", "hist", "data", "epoch", "items"}
		if !batch {
			keys = keys[:5]
		}
		idx, bad := known(k, keys...)
		if bad || (idx >= 0 && seen[idx]) {
			return false
		}
		v := s.value()
		if idx >= 0 {
			seen[idx] = true
		}
		switch idx {
		case 0:
			if e.seq, ok = parseUint(v); !ok {
				return false
			}
		case 1:
			if e.ts, ok = parseInt(v); !ok {
				return false
			}
		case 2:
			if string(v) != "true" && string(v) != "false" {
				return false
			}
		case 3:
			if len(v) == 0 || v[0] == 'n' {
				return false
			}
			e.data, e.hasData = v, true
		case 4:
			if e.epoch, ok = parseEpoch(v); !ok {
				return false
			}
		case 5:
			if len(v) == 0 || v[0] != '[' {
				return false
			}
			e.items = [][]byte{}
			is := scanner{b: v}
			is.i = 1
			if !is.expect(']') {
				for {
					it := is.value()
					if len(it) == 0 || it[0] != '{' {
						return false
					}
					e.items = append(e.items, it)
					if is.expect(']') {
						break
					}
					if !is.expect(',') {
						return false
					}
				}
			}
		}
		if s.expect('}') {
			return true
		}
		if !s.expect(',') {
			return false
		}
	}
}

// parseEpoch reads a JSON string of 16 lowercase hexadecimal digits, not all
// zero, as uplink.ParseEpoch does.
func parseEpoch(v []byte) (uint64, bool) {
	if len(v) != 2+uplink.EpochLen || v[0] != '"' || v[len(v)-1] != '"' {
		return 0, false
	}
	var n uint64
	for _, c := range v[1 : len(v)-1] {
		switch {
		case c >= '0' && c <= '9':
			n = n<<4 | uint64(c-'0')
		case c >= 'a' && c <= 'f':
			n = n<<4 | uint64(c-'a'+10)
		default:
			return 0, false
		}
	}
	return n, n != 0
}

func parseUint(v []byte) (uint64, bool) {
	if len(v) == 0 || len(v) > 19 || (len(v) > 1 && v[0] == '0') {
		return 0, false
	}
	for _, c := range v {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(string(v), 10, 64)
	return n, err == nil
}

func parseInt(v []byte) (int64, bool) {
	u := v
	if len(u) > 0 && u[0] == '-' {
		u = u[1:]
	}
	if _, ok := parseUint(u); !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}

// telemetryFast appends the readings of one telemetry body, of the message m.
func telemetryFast(dst []Reading, source string, m *envelope, data []byte) ([]Reading, bool) {
	seq, msgTS := m.seq, m.ts
	if seq > 1<<63-1 || len(data) == 0 || data[0] != '{' {
		return dst, false
	}
	s := scanner{b: data}
	s.i = 1
	var (
		device    []byte
		ts        int64
		values    []byte
		seen      [3]bool
		hasValues bool
		done      bool
		fields    [][]byte
	)
	if s.expect('}') {
		done = true
	}
	for !done {
		k, ok := s.name()
		if !ok || !s.expect(':') {
			return dst, false
		}
		idx, bad := known(k, "device", "ts", "values")
		if bad || (idx >= 0 && seen[idx]) {
			return dst, false
		}
		if idx >= 0 {
			seen[idx] = true
		}
		switch idx {
		case 0:
			if device, ok = s.name(); !ok {
				return dst, false
			}
		case 1:
			if ts, ok = parseInt(s.value()); !ok {
				return dst, false
			}
		case 2:
			values = s.value()
			if len(values) == 0 || values[0] != '{' {
				return dst, false
			}
			hasValues = true
		default:
			s.value()
		}
		if s.expect('}') {
			break
		}
		if !s.expect(',') {
			return dst, false
		}
	}
	if len(device) == 0 {
		return dst, false
	}
	if ts == 0 {
		ts = msgTS
	}
	if !hasValues {
		return dst, true
	}
	dev := string(device)
	vs := scanner{b: values}
	vs.i = 1
	if vs.expect('}') {
		return dst, true
	}
	for {
		k, ok := vs.name()
		if !ok || !vs.expect(':') {
			return dst, false
		}
		for _, f := range fields {
			if string(f) == string(k) {
				return dst, false // a duplicate field: encoding/json keeps the last
			}
		}
		fields = append(fields, k)
		v := vs.value()
		if len(v) == 0 {
			return dst, false
		}
		switch v[0] {
		case '"', 't', 'f', 'n':
			// not a number: skipped
		case '{', '[':
			return dst, false
		default:
			x, scale, err := ParseFixed(v)
			if err != nil {
				return dst, false
			}
			dst = append(dst, Reading{Source: source, Epoch: m.epoch, Seq: int64(seq), Device: dev,
				Field: string(k), TimeMillis: ts, Value: x, Scale: scale})
		}
		if vs.expect('}') {
			return dst, true
		}
		if !vs.expect(',') {
			return dst, false
		}
	}
}
