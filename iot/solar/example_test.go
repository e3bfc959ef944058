package solar_test

import (
	"fmt"
	"time"

	"github.com/shuxiang/shuxiang/iot/solar"
)

func ExampleCompute() {
	urumqi := solar.Place{Lon: 87.6168, Lat: 43.8256}
	for _, zone := range []string{"Asia/Shanghai", "Asia/Urumqi"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			fmt.Println(err)
			return
		}
		day, err := solar.Compute(solar.Date{Year: 2026, Month: time.June, Day: 21}, urumqi, loc)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(zone, day.Sunrise.Format("2006-01-02 15:04"), day.Sunset.Format("15:04"))
	}

	svalbard := solar.Place{Lon: 15.6267, Lat: 78.2232}
	day, err := solar.Compute(solar.Date{Year: 2026, Month: time.December, Day: 21}, svalbard, time.UTC)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("Longyearbyen:", day.Sun)
	// Output:
	// Asia/Shanghai 2026-06-21 06:27 21:55
	// Asia/Urumqi 2026-06-21 04:27 19:55
	// Longyearbyen: always below
}
