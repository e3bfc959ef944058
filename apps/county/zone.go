package main

import (
	"flag"
	"fmt"
	"strings"
	"time"
	_ "time/tzdata" // time zones on machines without a zoneinfo database

	"github.com/shuxiang/shuxiang/water/metering"
)

// defaultZone is the time zone of -zone when neither the flag nor
// SHUXIANG_ZONE sets one: China Standard Time, UTC+8.
const defaultZone = "Asia/Shanghai"

// countyZone is the county's time zone, in which the server counts calendar
// days: the metering rollups and the daily totals, the alarm rules' plan
// years and months, the statistics and exports, and the times of the public
// lookup page.
type countyZone struct {
	loc   *time.Location
	table *metering.Zone // loc as the metering shard's table of offsets
}

// name returns the IANA name of the zone, such as "Asia/Urumqi".
func (z countyZone) name() string { return z.loc.String() }

// registerZone adds -zone to fs, with its default from the environment.
func (f *storageFlags) registerZone(fs *flag.FlagSet) {
	fs.StringVar(&f.zone, "zone", envOr("SHUXIANG_ZONE", defaultZone),
		"IANA `name` of the county's time zone, in which reports count days, such as Asia/Shanghai (UTC+8) or Asia/Urumqi (UTC+6) (env SHUXIANG_ZONE)")
}

// loadZone returns the zone that -zone names; empty means defaultZone.
func loadZone(name string) (countyZone, error) {
	if name == "" {
		name = defaultZone
	}
	// time.LoadLocation takes "Local" for the machine's zone, which would
	// make the days of a report depend on the machine that serves it.
	if strings.EqualFold(name, "Local") {
		return countyZone{}, fmt.Errorf("-zone %q names the machine's zone; want an IANA name such as Asia/Shanghai (UTC+8) or Asia/Urumqi (UTC+6)", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return countyZone{}, fmt.Errorf("-zone %q is not a known time zone (%v); want an IANA name such as Asia/Shanghai (UTC+8) or Asia/Urumqi (UTC+6)", name, err)
	}
	table, err := metering.NewZone(loc)
	if err != nil {
		return countyZone{}, fmt.Errorf("-zone %q: %w", name, err)
	}
	return countyZone{loc: loc, table: table}, nil
}
