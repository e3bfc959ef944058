package demo_test

import (
	"context"
	"fmt"

	"github.com/shuxiang/shuxiang/apps/county/internal/demo"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// Generate the default demo county, load it into memory stores and list the devices the
// demo simulates.
func ExampleGenerate() {
	c, err := demo.Generate(1, demo.Size{})
	if err != nil {
		fmt.Println(err)
		return
	}
	ls, ws := land.NewMemoryStore(nil), water.NewMemoryStore(nil)
	if err := c.Load(context.Background(), ls, ws); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Code, c.Name)
	fmt.Println("townships:", len(c.Townships), "villages:", len(c.Villages), "plots:", len(c.Plots))
	fmt.Println("first plot:", c.Plots[0].Code, c.Plots[0].Village)
	fmt.Println("wells:", len(c.Wells), "plans:", len(c.Plans), "canals:", len(c.Canals), "gates:", len(c.Gates))

	d := c.Devices()
	fmt.Println("devices:", len(d.Wells), "wells,", len(d.Stations), "SL 651 stations,", len(d.Modbus), "Modbus units")
	fmt.Println("first station:", d.Stations[0].Address, d.Stations[0].Point)
	// Output:
	// 654229 青杨县
	// townships: 3 villages: 12 plots: 720
	// first plot: 6542291012010100001 654229101201
	// wells: 43 plans: 86 canals: 16 gates: 16
	// devices: 43 wells, 19 SL 651 stations, 36 Modbus units
	// first station: 6542290001 654229-DM0101-P1
}
