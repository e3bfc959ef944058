package client

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

// The tests here delay a reply by lateDelay, which is shorter than the
// transporter's Timeout, so a read that returns a context error was cut
// short by its context and not by the timeout.
const (
	lateDelay   = 300 * time.Millisecond
	portTimeout = 600 * time.Millisecond
	stopAfter   = 50 * time.Millisecond
)

// rig is a client for unit 1 of a simulated device that holds testTable.
type rig struct {
	client *Client
	sim    *modbussim.Server
	port   *Port // nil for Modbus TCP
	// discarded returns the count of late replies (TCP) or bytes (RTU)
	// that the transporter discarded.
	discarded func() uint64
}

// rigs returns one rig per transport: Modbus TCP, RTU over TCP, RTU
// through a DTU that dialled a DTUServer, and RTU on a serial port.
func rigs() []struct {
	name string
	new  func(t *testing.T) rig
} {
	return []struct {
		name string
		new  func(t *testing.T) rig
	}{
		{"tcp", tcpRig},
		{"rtu over tcp", rtuRig},
		{"dtu server", dtuRig},
		{"serial", serialRig},
	}
}

func tcpRig(t *testing.T) rig {
	sim := startSim(t, modbussim.TCP, &modbussim.Device{Unit: 1, Registers: testTable()})
	tr := &TCPTransporter{Address: sim.Addr(), Timeout: slowTimeout}
	t.Cleanup(func() { tr.Close() })
	return rig{client: NewTCP(tr, 1), sim: sim, discarded: tr.Stale}
}

func rtuRig(t *testing.T) rig {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := DialRTU(sim.Addr())
	p.Timeout = portTimeout
	t.Cleanup(func() { p.Close() })
	return rig{client: NewRTU(p, 1, 0), sim: sim, port: p, discarded: func() uint64 { return p.Stats().Flushed }}
}

func serialRig(t *testing.T) rig {
	sim := startSim(t, modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	p := OpenSerial(SerialConfig{Device: serialBus(t, sim), BaudRate: 19200})
	p.Timeout = portTimeout
	t.Cleanup(func() { p.Close() })
	return rig{client: NewRTU(p, 1, 0), sim: sim, port: p, discarded: func() uint64 { return p.Stats().Flushed }}
}

func dtuRig(t *testing.T) rig {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	srv := &DTUServer{Timeout: portTimeout}
	go srv.Serve(ln)
	sim := modbussim.New(modbussim.RTU, &modbussim.Device{Unit: 1, Registers: testTable()})
	t.Cleanup(func() { sim.Close() })
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { sim.DialDTU(ctx, ln.Addr().String(), modbussim.DTU{Registration: []byte("DTU-7")}) })
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
	p := srv.Port("DTU-7")
	for p.Stats().Opens == 0 {
		if ctx.Err() != nil {
			t.Fatal("DTU did not register")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return rig{client: NewRTU(p, 1, 0), sim: sim, port: p, discarded: func() uint64 { return p.Stats().Flushed }}
}

// TestLateReplyAfterStop ends a read's context while the device is still
// working on the reply, and checks that the next read gets its own reply
// and not the late one, whose register 0 has the same length as register 10.
func TestLateReplyAfterStop(t *testing.T) {
	stops := []struct {
		name string
		ctx  func(parent context.Context) (context.Context, context.CancelFunc)
		want error
	}{
		{"cancelled", func(parent context.Context) (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(parent)
			time.AfterFunc(stopAfter, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"deadline before timeout", func(parent context.Context) (context.Context, context.CancelFunc) {
			return context.WithTimeout(parent, stopAfter)
		}, context.DeadlineExceeded},
	}
	for _, r := range rigs() {
		for _, stop := range stops {
			t.Run(r.name+"/"+stop.name, func(t *testing.T) {
				rg := r.new(t)
				rg.sim.Inject(modbussim.Fault{Delay: lateDelay})
				ctx, cancel := stop.ctx(t.Context())
				defer cancel()
				_, err := rg.client.Read(ctx, modbus.ReadHoldingRegisters, 0, 1)
				if !errors.Is(err, stop.want) {
					t.Fatalf("read with a stopped context: err = %v, want %v", err, stop.want)
				}
				var re *RequestError
				if !errors.As(err, &re) || re.Address != 0 {
					t.Errorf("err = %v, want a *RequestError for address 0", err)
				}

				data, err := rg.client.Read(t.Context(), modbus.ReadHoldingRegisters, 10, 1)
				if err != nil {
					t.Fatalf("next read: %v", err)
				}
				if got := register(data); got != 1010 {
					t.Errorf("next read: register 10 = %d, want 1010", got)
				}
				if got := rg.discarded(); got == 0 {
					t.Error("discarded = 0, want the late reply discarded")
				}
				if rg.port != nil {
					if got := rg.port.Stats().Abandoned; got != 1 {
						t.Errorf("abandoned = %d, want 1", got)
					}
					if got := rg.port.Stats().Timeouts; got != 0 {
						t.Errorf("timeouts = %d, want 0", got)
					}
				}
			})
		}
	}
}

func TestCancelledBeforeSend(t *testing.T) {
	for _, r := range rigs() {
		t.Run(r.name, func(t *testing.T) {
			rg := r.new(t)
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			if _, err := rg.client.Read(ctx, modbus.ReadHoldingRegisters, 0, 1); !errors.Is(err, context.Canceled) {
				t.Errorf("read: err = %v, want context.Canceled", err)
			}
			if err := rg.client.WriteRegister(ctx, 3, 77); !errors.Is(err, context.Canceled) {
				t.Errorf("write: err = %v, want context.Canceled", err)
			}
			if got := rg.sim.Requests(); got != 0 {
				t.Errorf("simulator got %d requests, want 0", got)
			}
		})
	}
}

// TestBusWaitStopped stops a request that waits for the bus while another
// unit's request holds it.
func TestBusWaitStopped(t *testing.T) {
	rg := rtuRig(t)
	rg.sim.Inject(modbussim.Fault{Delay: lateDelay})
	var wg sync.WaitGroup
	var firstErr error
	wg.Go(func() { _, firstErr = rg.client.Read(context.Background(), modbus.ReadHoldingRegisters, 0, 1) })
	for rg.sim.Requests() == 0 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(t.Context(), stopAfter)
	defer cancel()
	_, err := NewRTU(rg.port, 2, 0).Read(ctx, modbus.ReadHoldingRegisters, 0, 1)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("waiting read: err = %v, want context.DeadlineExceeded", err)
	}
	if err != nil && !strings.Contains(err.Error(), "waiting for the bus") {
		t.Errorf("waiting read: err = %v, want it to say it was waiting for the bus", err)
	}
	wg.Wait()
	if firstErr != nil {
		t.Errorf("first read: %v", firstErr)
	}
	if got := rg.sim.Requests(); got != 1 {
		t.Errorf("simulator got %d requests, want 1", got)
	}
}

// TestReadPlanStopped checks that ReadPlan sends no block once its context
// has ended, and counts none as a request.
func TestReadPlanStopped(t *testing.T) {
	rg := tcpRig(t)
	hr := modbus.ReadHoldingRegisters
	p, err := NewPlan([]Field{{hr, 0, 1}, {hr, 100, 1}}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	res, st := rg.client.ReadPlan(ctx, p)
	if st.Requests != 0 || st.Failed != 0 {
		t.Errorf("stats = %+v, want no requests", st)
	}
	for i, r := range res {
		if !errors.Is(r.Err, context.Canceled) {
			t.Errorf("field %d: err = %v, want context.Canceled", i, r.Err)
		}
	}
}
