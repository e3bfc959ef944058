// Package dlt645test provides a simulated DL/T 645-2007 meter for tests and
// demonstrations. It replies to requests over any connection, a net.Conn or an
// in-memory pipe, and can be made to misbehave as real links do.
package dlt645test

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/frame"
)

// Faults make a [Meter] misbehave. The zero value is a meter that works.
type Faults struct {
	// BadChecksum corrupts the checksum of every reply.
	BadChecksum bool
	// Split writes each reply in pieces of this many bytes, with Gap between
	// them. Zero writes each reply at once.
	Split int
	// Gap is the pause between the pieces of a split reply.
	Gap time.Duration
	// Delay is the pause before each reply.
	Delay time.Duration
	// Garbage is written before each reply.
	Garbage []byte
	// Abnormal, when not zero, makes every read get an abnormal reply
	// carrying these error status bits.
	Abnormal dlt645.ErrorStatus
	// Silent drops every request without a reply.
	Silent bool
}

// Meter is a simulated electricity meter. It replies to read requests for the
// items it holds (by default energy, voltages, currents, power, power factor,
// frequency, the cover counters and its clock), read-address requests and
// broadcast time syncs, and replies "no requested data" to other reads. A
// Meter is safe for concurrent use; one Meter may serve several connections.
type Meter struct {
	address dlt645.Address
	now     func() time.Time

	mu       sync.Mutex
	items    map[dlt645.DI]dlt645.Item
	faults   Faults
	offset   time.Duration // clock offset set by broadcast time sync
	requests int
}

// NewMeter returns a meter at address a with default readings. now is the
// meter's time source; nil means time.Now.
func NewMeter(a dlt645.Address, now func() time.Time) *Meter {
	if now == nil {
		now = time.Now
	}
	m := &Meter{address: a, now: now, items: make(map[dlt645.DI]dlt645.Item)}
	kwh := func(n int64) dlt645.Value { return dlt645.Value{Int: n, Scale: 2, Unit: dlt645.UnitKWh} }
	volts := func(n int64) dlt645.Value { return dlt645.Value{Int: n, Scale: 1, Unit: dlt645.UnitV} }
	amps := func(n int64) dlt645.Value { return dlt645.Value{Int: n, Scale: 3, Unit: dlt645.UnitA} }
	defaults := []struct {
		di     dlt645.DI
		values []dlt645.Value
	}{
		{dlt645.DIForwardActiveEnergy, []dlt645.Value{kwh(1234567)}},
		{dlt645.DIVoltageA, []dlt645.Value{volts(2201)}},
		{dlt645.DIVoltages, []dlt645.Value{volts(2201), volts(2198), volts(2210)}},
		{dlt645.DICurrentA, []dlt645.Value{amps(15250)}},
		{dlt645.DICurrents, []dlt645.Value{amps(15250), amps(14800), amps(-120)}},
		{dlt645.DIActivePower, []dlt645.Value{{Int: 98765, Scale: 4, Unit: dlt645.UnitKW}}},
		{dlt645.DIPowerFactor, []dlt645.Value{{Int: 962, Scale: 3}}},
		{dlt645.DIFrequency, []dlt645.Value{{Int: 4998, Scale: 2, Unit: dlt645.UnitHz}}},
		{dlt645.DIMeterCoverOpenCount, []dlt645.Value{{Int: 0}}},
		{dlt645.DITerminalCoverCount, []dlt645.Value{{Int: 1}}},
	}
	for _, d := range defaults {
		var it dlt645.Item
		_ = it.SetValues(d.di, d.values...) // fewer than MaxValues, so no error
		m.items[d.di] = it
	}
	return m
}

// Address returns the meter's address.
func (m *Meter) Address() dlt645.Address { return m.address }

// Set sets the values the meter returns for di.
func (m *Meter) Set(di dlt645.DI, values ...dlt645.Value) error {
	var it dlt645.Item
	if err := it.SetValues(di, values...); err != nil {
		return err
	}
	// Encode once so that a bad value fails here rather than in a reply.
	if _, err := dlt645.AppendReadReply(nil, m.address, &it, false); err != nil {
		return err
	}
	m.mu.Lock()
	m.items[di] = it
	m.mu.Unlock()
	return nil
}

// SetFaults sets how the meter misbehaves from the next request on.
func (m *Meter) SetFaults(f Faults) {
	m.mu.Lock()
	m.faults = f
	m.mu.Unlock()
}

// Requests returns the number of requests addressed to the meter so far.
func (m *Meter) Requests() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests
}

// Clock returns the meter's time: now plus the offset that the last
// broadcast time sync set.
func (m *Meter) Clock() time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.now().Add(m.offset)
}

// Serve replies to requests read from conn until conn fails or ctx ends. It
// returns nil at io.EOF or when ctx ends, else the read or write error. If
// conn has SetReadDeadline, ending ctx interrupts a blocked read; otherwise
// close conn to stop Serve.
func (m *Meter) Serve(ctx context.Context, conn io.ReadWriter) error {
	if d, ok := conn.(interface{ SetReadDeadline(time.Time) error }); ok {
		stop := context.AfterFunc(ctx, func() { _ = d.SetReadDeadline(time.Unix(1, 0)) })
		defer stop()
	}
	s := frame.NewStream(dlt645.Protocol{}, 0)
	var req dlt645.Message
	var out []byte
	for {
		fr, err := s.ReadFrame(conn)
		if ctx.Err() != nil || errors.Is(err, io.EOF) || errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		if req.UnmarshalBinary(fr) != nil || req.Control.Reply() {
			continue
		}
		var faults Faults
		out, faults = m.reply(out[:0], &req)
		if len(out) == 0 {
			continue
		}
		if err := write(ctx, conn, out, faults); err != nil {
			return err
		}
	}
}

// ServeListener accepts connections from l and serves each until ctx ends,
// then closes l and waits for the connections to finish.
func (m *Meter) ServeListener(ctx context.Context, l net.Listener) error {
	var wg sync.WaitGroup
	stop := context.AfterFunc(ctx, func() { _ = l.Close() })
	defer stop()
	for {
		conn, err := l.Accept()
		if err != nil {
			wg.Wait()
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		wg.Go(func() {
			defer conn.Close()
			_ = m.Serve(ctx, conn)
		})
	}
}
