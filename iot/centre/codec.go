package centre

import (
	"time"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/frame"
	"github.com/shuxiang/shuxiang/iot/sl651"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// codec adapts one protocol package to the server. Implementations are
// stateless and shared by all connections.
type codec interface {
	protocol() Protocol
	finders() []frame.Protocol
	// decode decodes frame b, which the event owns, into e's message
	// field and returns the station address the frame carries.
	decode(b []byte, e *Event) (address string, err error)
	// heartbeat reports whether e is a keep-alive that is not handed on.
	heartbeat(e *Event) bool
	// confirm appends to dst the frame that confirms e, if e needs one.
	confirm(dst []byte, e *Event, now time.Time) ([]byte, error)
	// matches reports whether uplink e is the reply to request req.
	matches(req, e *Event) bool
}

// newCodecs returns the codecs of every protocol, in detection order.
func newCodecs(c *Config) []codec {
	return []codec{
		&sl651Codec{dec: sl651.NewDecoder(c.SL651), opts: c.SL651},
		&szy206Codec{dec: szy206.NewDecoder(c.SZY206), opts: c.SZY206},
		dlt645Codec{},
		cjt188Codec{},
	}
}

type sl651Codec struct {
	dec  *sl651.Decoder
	opts sl651.Options
}

func (*sl651Codec) protocol() Protocol { return SL651 }

func (*sl651Codec) finders() []frame.Protocol {
	return []frame.Protocol{sl651.Protocol{}, sl651.ASCIIProtocol{}}
}

func (c *sl651Codec) decode(b []byte, e *Event) (string, error) {
	m := new(sl651.Message)
	if err := c.dec.Decode(b, m); err != nil {
		return "", err
	}
	e.SL651 = m
	return m.Header.Station.String(), nil
}

func (*sl651Codec) heartbeat(e *Event) bool {
	return e.SL651.Header.Function == sl651.KeepAlive
}

func (c *sl651Codec) confirm(dst []byte, e *Event, now time.Time) ([]byte, error) {
	m := e.SL651
	if m.Header.Direction != sl651.Up || !sl651.NeedsAck(m.Header.Function) {
		return dst, nil
	}
	ack := sl651.Ack(m, now, sl651.EOT)
	if m.Header.ASCII {
		return ack.AppendASCIIFrame(dst, c.opts)
	}
	return ack.AppendFrame(dst, c.opts)
}

// matches pairs an uplink with a downlink command by station, function code
// and, when the command carries one, serial number.
func (*sl651Codec) matches(req, e *Event) bool {
	q, m := req.SL651, e.SL651
	if m.Header.Direction != sl651.Up || m.Header.Station != q.Header.Station ||
		m.Header.Function != q.Header.Function {
		return false
	}
	return q.Serial == 0 || m.Serial == q.Serial
}

type szy206Codec struct {
	dec  *szy206.Decoder
	opts szy206.Options
}

func (*szy206Codec) protocol() Protocol { return SZY206 }

func (*szy206Codec) finders() []frame.Protocol { return []frame.Protocol{szy206.Protocol{}} }

func (c *szy206Codec) decode(b []byte, e *Event) (string, error) {
	m := new(szy206.Message)
	if err := c.dec.Decode(b, m); err != nil {
		return "", err
	}
	e.SZY206 = m
	return m.Header.Address.String(), nil
}

func (*szy206Codec) heartbeat(e *Event) bool {
	return e.SZY206.Header.AFN == szy206.LinkCheck
}

// confirm replies to a link check with a downlink of the same AFN and link
// state.
func (c *szy206Codec) confirm(dst []byte, e *Event, _ time.Time) ([]byte, error) {
	m := e.SZY206
	if !m.Up() || m.Header.AFN != szy206.LinkCheck {
		return dst, nil
	}
	reply := szy206.Message{
		Header: szy206.Header{
			Control: szy206.NewControl(false, false, 0, szy206.Command),
			Address: m.Header.Address,
			AFN:     szy206.LinkCheck,
		},
		Link: m.Link,
	}
	return reply.AppendFrame(dst, c.opts)
}

// matches pairs an uplink with a downlink command by address and AFN.
func (*szy206Codec) matches(req, e *Event) bool {
	q, m := req.SZY206, e.SZY206
	return m.Up() && m.Header.Address == q.Header.Address && m.Header.AFN == q.Header.AFN
}

type dlt645Codec struct{}

func (dlt645Codec) protocol() Protocol { return DLT645 }

func (dlt645Codec) finders() []frame.Protocol { return []frame.Protocol{dlt645.Protocol{}} }

func (dlt645Codec) decode(b []byte, e *Event) (string, error) {
	m := new(dlt645.Message)
	if err := m.UnmarshalBinary(b); err != nil {
		return "", err
	}
	e.DLT645 = m
	return m.Address.String(), nil
}

func (dlt645Codec) heartbeat(*Event) bool { return false }

func (dlt645Codec) confirm(dst []byte, _ *Event, _ time.Time) ([]byte, error) {
	return dst, nil
}

// matches pairs a meter's reply with a request by address (the request's
// may have wildcard digits), function and, for reads, data identifier.
// An abnormal reply carries no identifier and matches by function alone.
func (dlt645Codec) matches(req, e *Event) bool {
	q, m := req.DLT645, e.DLT645
	if !m.Control.Reply() || !q.Address.Matches(m.Address) ||
		m.Control.Function() != q.Control.Function() {
		return false
	}
	return m.Control.Abnormal() || m.DI == q.DI
}

type cjt188Codec struct{}

func (cjt188Codec) protocol() Protocol { return CJT188 }

func (cjt188Codec) finders() []frame.Protocol { return []frame.Protocol{cjt188.Protocol{}} }

func (cjt188Codec) decode(b []byte, e *Event) (string, error) {
	m := new(cjt188.Message)
	if err := m.UnmarshalBinary(b); err != nil {
		return "", err
	}
	e.CJT188 = m
	return m.Address.String(), nil
}

func (cjt188Codec) heartbeat(*Event) bool { return false }

func (cjt188Codec) confirm(dst []byte, _ *Event, _ time.Time) ([]byte, error) {
	return dst, nil
}

// matches pairs a meter's reply with a request by address and the sequence
// number SER that the meter echoes.
func (cjt188Codec) matches(req, e *Event) bool {
	q, m := req.CJT188, e.CJT188
	return m.Control.Reply() && q.Address.Matches(m.Address) && m.Seq == q.Seq
}
