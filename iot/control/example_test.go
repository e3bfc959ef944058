package control_test

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/iot/control"
	"github.com/shuxiang/shuxiang/iot/solar"
)

func Example() {
	zone, err := time.LoadLocation("Asia/Urumqi")
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := control.New(control.Config{
		Place:    solar.Place{Lon: 87.6168, Lat: 43.8256},
		Zone:     zone,
		Vents:    []string{"roof-vent"},
		Blankets: []control.BlanketConfig{{Target: "blanket", MaxRunTime: 4 * time.Minute}},
		Schedule: control.Schedule{UpOffset: 30 * time.Minute, DownOffset: -30 * time.Minute},
		Climate: control.Climate{
			Min: 180, Max: 280, Deadband: 20,
			MinOpen: 5 * time.Minute, MinClosed: 5 * time.Minute,
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}

	// 05:00 on 21 June, Xinjiang time: after sunrise + 30 min, warm inside, rolled down.
	now := time.Date(2026, time.June, 21, 5, 0, 0, 0, zone)
	out := c.Step(now, control.Inputs{
		Weather: control.Weather{
			RainValid: true, WindValid: true, Wind: 30,
			LightValid: true, Light: 8000,
		},
		Inside: 290, InsideValid: true,
		Blankets: []control.BlanketFeedback{{Target: "blanket", LowerLimit: true}},
	})
	for _, cmd := range out.Commands {
		fmt.Println(cmd.ID, cmd.Target, cmd.Action, "("+cmd.Cause.String()+")")
	}

	// An operator command replayed by the broker as a retained message is rejected.
	r := c.Submit(now, control.Command{
		ID: "app-17", Target: "roof-vent", Action: control.Close,
		Issued: now, Expires: now.Add(time.Minute), Retained: true,
	})
	fmt.Println(r.ID, r.Status, r.Reason)
	// Output:
	// auto-1 roof-vent open (temperature)
	// auto-2 blanket roll up (schedule)
	// app-17 rejected retained message
}
