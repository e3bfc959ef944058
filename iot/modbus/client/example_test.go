package client_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/client"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

// A weather station's fields, read in as few requests as the protocol
// allows, from a simulated station on loopback.
func ExampleClient_ReadPlan() {
	var table modbussim.Table
	// 23.5 °C, 61.2 %RH, 1013 hPa and 3.4 m/s wind, with unused registers
	// between them that the station still serves. A device that
	// rejects reads of unused registers needs a MaxGap of 0.
	table.SetHolding(0, 235, 612, 0, 1013, 0, 0, 0, 0, 34)
	sim := modbussim.New(modbussim.TCP, &modbussim.Device{Unit: 1, Registers: &table})
	if err := sim.Listen("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer sim.Close()

	c := client.NewTCP(&client.TCPTransporter{Address: sim.Addr()}, 1)
	fields := []client.Field{
		{Function: modbus.ReadHoldingRegisters, Address: 0, Count: 1},
		{Function: modbus.ReadHoldingRegisters, Address: 1, Count: 1},
		{Function: modbus.ReadHoldingRegisters, Address: 3, Count: 1},
		{Function: modbus.ReadHoldingRegisters, Address: 8, Count: 1},
	}
	plan, err := client.NewPlan(fields, client.Limits{MaxGap: 4})
	if err != nil {
		log.Fatal(err)
	}
	// The context bounds the whole plan. Its deadline ends the wait for a
	// reply when it comes before the transporter's Timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	results, stats := c.ReadPlan(ctx, plan)
	for i, r := range results {
		fmt.Printf("register %d: %d\n", fields[i].Address, int(r.Data[0])<<8|int(r.Data[1]))
	}
	fmt.Printf("%d request, %d saved\n", stats.Requests, plan.Saved())
	// Output:
	// register 0: 235
	// register 1: 612
	// register 3: 1013
	// register 8: 34
	// 1 request, 3 saved
}

// A setpoint written to a simulated controller and read back, each request
// bounded by the context's deadline as well as the transporter's Timeout.
func ExampleClient_Read() {
	var table modbussim.Table
	table.SetHolding(40, 0)
	sim := modbussim.New(modbussim.TCP, &modbussim.Device{Unit: 1, Registers: &table})
	if err := sim.Listen("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer sim.Close()

	tr := &client.TCPTransporter{Address: sim.Addr(), Timeout: time.Second}
	defer tr.Close()
	c := client.NewTCP(tr, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := c.WriteRegister(ctx, 40, 215); err != nil {
		log.Fatal(err)
	}
	data, err := c.Read(ctx, modbus.ReadHoldingRegisters, 40, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("setpoint", int(data[0])<<8|int(data[1]))
	// Output:
	// setpoint 215
}
