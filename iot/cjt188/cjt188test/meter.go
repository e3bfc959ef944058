// Package cjt188test provides a simulated CJ/T 188-2004 household meter for
// tests and demonstrations. It replies to requests over any connection and can
// be made to misbehave as real links do.
package cjt188test

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/shuxiang/shuxiang/iot/cjt188"
	"github.com/shuxiang/shuxiang/iot/frame"
)

// Faults make a [Meter] misbehave. The zero value is a meter that works.
type Faults struct {
	BadChecksum bool          // corrupt the checksum of every reply
	Split       int           // write replies in pieces of this many bytes
	Gap         time.Duration // pause between the pieces of a split reply
	Delay       time.Duration // pause before each reply
	Garbage     []byte        // bytes written before each reply
	Abnormal    bool          // send an abnormal reply to every request
	Silent      bool          // never reply
}

// Meter is a simulated water, gas or heat meter. It replies to metering-data
// reads, read-address requests and valve control, and sends an abnormal reply
// to other requests. A Meter is safe for concurrent use.
type Meter struct {
	meterType cjt188.MeterType
	address   cjt188.Address
	now       func() time.Time

	mu       sync.Mutex
	reading  cjt188.Reading
	status   cjt188.Status
	faults   Faults
	requests int
}

// NewMeter returns a meter of type t at address a whose accumulated flow is
// 1234.56 m³ with an open valve. now is its clock; nil means time.Now.
func NewMeter(t cjt188.MeterType, a cjt188.Address, now func() time.Time) *Meter {
	if now == nil {
		now = time.Now
	}
	m := &Meter{meterType: t, address: a, now: now}
	m.reading.Flow = cjt188.Value{Int: 123456, Scale: 2, Unit: cjt188.UnitM3}
	m.reading.SettlementFlow = cjt188.Value{Int: 120000, Scale: 2, Unit: cjt188.UnitM3}
	if t.IsHeat() {
		m.reading.SettlementFlow = cjt188.Value{}
		m.reading.Heat = cjt188.Value{Int: 4567, Scale: 2, Unit: cjt188.UnitKWh}
		m.reading.SettlementHeat = cjt188.Value{Int: 4000, Scale: 2, Unit: cjt188.UnitKWh}
		m.reading.Power = cjt188.Value{Int: 350, Scale: 2, Unit: cjt188.UnitKW}
		m.reading.FlowRate = cjt188.Value{Int: 12500, Scale: 4, Unit: cjt188.UnitM3PerH}
		m.reading.SupplyTemp = cjt188.Value{Int: 5520, Scale: 2, Unit: cjt188.UnitCelsius}
		m.reading.ReturnTemp = cjt188.Value{Int: 4010, Scale: 2, Unit: cjt188.UnitCelsius}
		m.reading.WorkingTime = cjt188.Value{Int: 8760, Unit: cjt188.UnitHour}
	}
	return m
}

// SetFlow sets the accumulated flow the meter reports.
func (m *Meter) SetFlow(v cjt188.Value) {
	m.mu.Lock()
	m.reading.Flow = v
	m.mu.Unlock()
}

// SetStatus sets the status word, such as a low battery or a vendor's
// magnetic-attack bit. Valve commands change its valve bits.
func (m *Meter) SetStatus(s cjt188.Status) {
	m.mu.Lock()
	m.status = s
	m.mu.Unlock()
}

// Status returns the status word.
func (m *Meter) Status() cjt188.Status {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.status
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

// Serve replies to requests read from conn until conn fails or ctx ends, and
// returns nil at io.EOF or when ctx ends. If conn has SetReadDeadline, ending
// ctx interrupts a blocked read; otherwise close conn to stop Serve.
func (m *Meter) Serve(ctx context.Context, conn io.ReadWriter) error {
	if d, ok := conn.(interface{ SetReadDeadline(time.Time) error }); ok {
		stop := context.AfterFunc(ctx, func() { _ = d.SetReadDeadline(time.Unix(1, 0)) })
		defer stop()
	}
	s := frame.NewStream(cjt188.Protocol{}, 0)
	var req cjt188.Message
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
		if out, faults = m.reply(out[:0], &req); len(out) == 0 {
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
