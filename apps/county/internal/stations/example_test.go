package stations_test

import (
	"encoding/hex"
	"fmt"
	"log"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// An SZY 206-2016 self-report of flow and accumulated water, as the centre
// station hands it on, converted to readings and the alarm word's bits.
func ExampleConvert() {
	frame, _ := hex.DecodeString("681A68B35303810D00C00059000000826110000001106000004508090A3516")
	m, err := szy206.Decode(frame)
	if err != nil {
		log.Fatal(err)
	}
	cst := time.FixedZone("CST", 8*3600)
	e := &centre.Event{Kind: centre.Message, Station: m.Header.Address.String(), Protocol: centre.SZY206,
		Time: time.Date(2026, 7, 9, 8, 46, 0, 0, cst), SZY206: m}
	rep := stations.Convert(e, cst)
	fmt.Println(rep.Station, rep.Observed.Format("15:04"))
	for _, r := range rep.Readings {
		fmt.Println(r.Source, r.Field, r.Value, r.Scale)
	}
	fmt.Println(rep.Alarms)
	// Output:
	// 530381/13 08:45
	// szy206/530381/13 flow 5900 3
	// szy206/530381/13 water_total 106182 0
	// szy206/530381/13 alarm_word 4097 0
	// szy206/530381/13 status_word 96 0
	// [ac_power_lost remaining_water_low]
}
