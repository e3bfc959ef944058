package modbussim_test

import (
	"encoding/binary"
	"fmt"
	"io"
	"log"
	"net"

	"github.com/shuxiang/shuxiang/iot/modbus"
	"github.com/shuxiang/shuxiang/iot/modbus/modbussim"
)

// A soil-moisture probe whose register 0 holds the volumetric water content
// in 0.1 % steps, computed when it is read, served over Modbus TCP.
func ExampleServer() {
	moisture := modbussim.Func(func(fc modbus.FunctionCode, addr uint16) uint16 {
		return 284 + addr // 28.4 %, then made-up values for higher addresses
	})
	sim := modbussim.New(modbussim.TCP, &modbussim.Device{Unit: 1, Registers: moisture})
	if err := sim.Listen("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer sim.Close()

	c, err := net.Dial("tcp", sim.Addr())
	if err != nil {
		log.Fatal(err)
	}
	defer c.Close()
	// Transaction 1, protocol 0, length 6, unit 1, FC 3, address 0, 1 register.
	c.Write([]byte{0, 1, 0, 0, 0, 6, 1, 3, 0, 0, 0, 1})
	reply := make([]byte, 11)
	if _, err := io.ReadFull(c, reply); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("% X\n", reply)
	fmt.Println("moisture", binary.BigEndian.Uint16(reply[9:]))
	// Output:
	// 00 01 00 00 00 05 01 03 02 01 1C
	// moisture 284
}
