package centre_test

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/dlt645"
	"github.com/shuxiang/shuxiang/iot/dlt645/dlt645test"
	"github.com/shuxiang/shuxiang/iot/sl651"
)

// A centre station that prints the water levels its stations report.
func Example() {
	got := make(chan string, 1)
	srv, err := centre.New(centre.Config{
		Handler: centre.HandlerFunc(func(_ context.Context, e *centre.Event) {
			if e.Kind != centre.Message || e.SL651 == nil {
				return
			}
			if z, ok := e.SL651.Element(sl651.WaterLevel); ok {
				got <- fmt.Sprintf("station %s: water level %s m", e.Station, z.Value)
			}
		}),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	go srv.Serve(context.Background(), ln)
	defer srv.Close()

	// A station reports through its DTU.
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	conn.Write(report())
	fmt.Println(<-got)
	// Output: station 0012345678: water level 12.345 m
}

// report returns a timed report of station 0012345678.
func report() []byte {
	a := sl651.Address{0x00, 0x12, 0x34, 0x56, 0x78}
	at := time.Date(2026, 7, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	m := sl651.Message{
		Header: sl651.Header{Direction: sl651.Up, Center: 1, Station: a,
			Function: sl651.TimedReport, End: sl651.ETX},
		Serial: 1, SendTime: at, Station: a, StationType: sl651.River, ObservedAt: at,
		Elements: []sl651.Element{{ID: sl651.WaterLevel, Value: sl651.NewValue(12345, 3),
			ObservedAt: at}},
	}
	b, _ := m.AppendFrame(nil, sl651.Options{})
	return b
}

// Reading a meter's forward active energy through a DTU that registers
// with an 11-digit id and then forwards DL/T 645 frames to its meter.
func ExampleServer_Send() {
	online := make(chan string, 1)
	srv, err := centre.New(centre.Config{
		Protocol:     centre.DLT645,
		Registration: centre.Registration{Length: 11},
		Handler: centre.HandlerFunc(func(_ context.Context, e *centre.Event) {
			if e.Kind == centre.Online {
				online <- e.Station
			}
		}),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go srv.Serve(ctx, ln)

	// The DTU dials in, registers and passes requests to a simulated meter.
	meter := dlt645test.NewMeter(dlt645.Address{0x01}, nil)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	conn.Write([]byte("13800000001"))
	go meter.Serve(ctx, conn)
	station := <-online

	req := dlt645.AppendReadRequest(nil, meter.Address(), dlt645.DIForwardActiveEnergy)
	e, err := srv.Send(ctx, station, req)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(station, e.DLT645.DI == dlt645.DIForwardActiveEnergy)
	// Output: 13800000001 true
}
