package cjt188test

import (
	"context"
	"io"
	"time"

	"github.com/shuxiang/shuxiang/iot/cjt188"
)

// reply appends the meter's reply to req, if any, and returns the faults to
// apply when writing it.
func (m *Meter) reply(out []byte, req *cjt188.Message) ([]byte, Faults) {
	m.mu.Lock()
	defer m.mu.Unlock()
	typeOK := req.Type == cjt188.TypeAny || req.Type == m.meterType
	if !typeOK || !req.Address.Matches(m.address) {
		return out, Faults{}
	}

	m.requests++
	faults := m.faults
	if faults.Silent {
		return out, faults
	}

	out = append(out, faults.Garbage...)
	out = cjt188.AppendPreamble(out, 2)
	start := len(out)
	f := req.Control.Function()
	switch {
	case faults.Abnormal:
		out = cjt188.AppendAbnormalReply(out, m.meterType, m.address, f, req.Seq, m.status)
	case f == cjt188.FuncRead && req.DI == cjt188.DIReading:
		out = m.readingReply(out, req.Seq)
	case f == cjt188.FuncReadAddress:
		out = cjt188.AppendAddressReply(out, m.meterType, m.address, req.Seq)
	case f == cjt188.FuncWrite && req.DI == cjt188.DIValve:
		out = m.valveReply(out, req)
	default:
		out = cjt188.AppendAbnormalReply(out, m.meterType, m.address, f, req.Seq, m.status)
	}

	if faults.BadChecksum && len(out) > start+2 {
		out[len(out)-2]++
	}
	return out, faults
}

// readingReply appends the metering data; m.mu is held.
func (m *Meter) readingReply(out []byte, seq uint8) []byte {
	r := m.reading
	r.Time = cjt188.ClockOf(m.now())
	b, err := cjt188.AppendReadingReply(out, m.meterType, m.address, seq, &r, m.status)
	if err != nil {
		return cjt188.AppendAbnormalReply(out, m.meterType, m.address, cjt188.FuncRead, seq, m.status)
	}
	return b
}

// valveReply applies a valve command and appends the write reply; m.mu is
// held.
func (m *Meter) valveReply(out []byte, req *cjt188.Message) []byte {
	switch req.Valve {
	case cjt188.ValveCommandOpen:
		m.status = m.status&^cjt188.StatusValveMask | cjt188.Status(cjt188.ValveOpen)
	case cjt188.ValveCommandClose:
		m.status = m.status&^cjt188.StatusValveMask | cjt188.Status(cjt188.ValveClosed)
	default:
		return cjt188.AppendAbnormalReply(out, m.meterType, m.address, cjt188.FuncWrite, req.Seq, m.status)
	}
	return cjt188.AppendWriteReply(out, m.meterType, m.address, cjt188.DIValve, req.Seq, m.status)
}

// write sends b, in pieces and after a delay as faults set.
func write(ctx context.Context, w io.Writer, b []byte, faults Faults) error {
	if !sleep(ctx, faults.Delay) {
		return nil
	}
	size := faults.Split
	if size <= 0 {
		size = len(b)
	}
	for len(b) > 0 {
		n := min(size, len(b))
		if _, err := w.Write(b[:n]); err != nil {
			return err
		}
		b = b[n:]
		if len(b) > 0 && !sleep(ctx, faults.Gap) {
			return nil
		}
	}
	return nil
}

// sleep waits d and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
