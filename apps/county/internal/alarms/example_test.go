package alarms_test

import (
	"fmt"
	"log"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
)

// A rule set that watches the soil probes' moisture, as -alarm-rules or PUT
// /api/v1/alarm-rules take it.
func ExampleParseRules() {
	groups, err := alarms.ParseRules([]byte(`[
	  {"field": "soil_moisture", "devices": ["SM-*"], "scale": 1,
	   "rules": [{"id": "soil_dry", "kind": "low", "severity": "warning", "set": 12.0, "clear": 15.0, "delay": "10m"}]}
	]`))
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range groups {
		fmt.Println(g.Field, g.Devices, g.Rules[0].ID, g.Rules[0].Kind, g.Rules[0].Set)
	}
	// Output: soil_moisture [SM-*] soil_dry low 12.0
}
