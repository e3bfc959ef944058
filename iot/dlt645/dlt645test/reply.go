package dlt645test

import (
	"context"
	"io"
	"time"

	"github.com/shuxiang/shuxiang/iot/dlt645"
)

// reply appends the meter's reply to req, if any, and returns the faults to
// apply when writing it.
func (m *Meter) reply(out []byte, req *dlt645.Message) ([]byte, Faults) {
	m.mu.Lock()
	defer m.mu.Unlock()
	f := req.Control.Function()
	switch {
	case f == dlt645.FuncBroadcastTime && req.Address.IsBroadcast():
		m.requests++
		m.offset = req.Item.Clock.Time(m.now().Location()).Sub(m.now())
		return out, Faults{}
	case !req.Address.Matches(m.address) || req.Address.IsBroadcast():
		return out, Faults{}
	}

	m.requests++
	faults := m.faults
	if faults.Silent {
		return out, faults
	}

	out = append(out, faults.Garbage...)
	out = dlt645.AppendPreamble(out, 2)
	start := len(out)
	switch {
	case faults.Abnormal != 0 && f == dlt645.FuncRead:
		out = dlt645.AppendAbnormalReply(out, m.address, f, faults.Abnormal)
	case f == dlt645.FuncRead:
		out = m.readReply(out, req.DI)
	case f == dlt645.FuncReadAddress:
		out = dlt645.AppendAddressReply(out, m.address)
	default:
		out = dlt645.AppendAbnormalReply(out, m.address, f, dlt645.StatusOther)
	}

	if faults.BadChecksum && len(out) > start+2 {
		out[len(out)-2]++
	}
	return out, faults
}

// readReply appends the reply to a read of di; m.mu is held.
func (m *Meter) readReply(out []byte, di dlt645.DI) []byte {
	it, ok := m.items[di]
	clock := dlt645.ClockOf(m.now().Add(m.offset))
	switch di {
	case dlt645.DIDate:
		it, ok = dlt645.Item{DI: di, Kind: dlt645.KindDate, Clock: clock}, true
		it.Clock.Hour, it.Clock.Minute, it.Clock.Second = 0, 0, 0
	case dlt645.DITime:
		it, ok = dlt645.Item{DI: di, Kind: dlt645.KindTime,
			Clock: dlt645.Clock{Hour: clock.Hour, Minute: clock.Minute, Second: clock.Second}}, true
	case dlt645.DIAddress:
		it, ok = dlt645.Item{DI: di, Kind: dlt645.KindAddress, Address: m.address}, true
	}
	if !ok {
		return dlt645.AppendAbnormalReply(out, m.address, dlt645.FuncRead, dlt645.StatusNoData)
	}
	b, err := dlt645.AppendReadReply(out, m.address, &it, false)
	if err != nil {
		return dlt645.AppendAbnormalReply(out, m.address, dlt645.FuncRead, dlt645.StatusOther)
	}
	return b
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
