package stations_test

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/shuxiang/shuxiang/apps/county/internal/stations"
	"github.com/shuxiang/shuxiang/iot/centre"
	"github.com/shuxiang/shuxiang/iot/szy206"
)

// FuzzSZY206Report converts every frame that the SZY 206 decoder accepts and
// checks that the readings belong to the station and carry the observation
// time.
func FuzzSZY206Report(f *testing.F) {
	for _, s := range []string{
		"681A68B35303810D00C00059000000826110000001106000004508090A3516",
		"681568B34406070001C0AAAAAAAAAA004040000000000101E516",
		"681568B40102030405C05545040020700030151412052600AD16",
	} {
		b, _ := hex.DecodeString(s)
		f.Add(b, false)
	}
	arrival := time.Date(2026, 7, 9, 8, 47, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, frame []byte, slt427 bool) {
		opts := szy206.Options{}
		if slt427 {
			opts.Variant = szy206.SLT427()
		}
		var m szy206.Message
		if err := szy206.NewDecoder(opts).Decode(frame, &m); err != nil {
			return
		}
		e := &centre.Event{Kind: centre.Message, Station: m.Header.Address.String(), Time: arrival, SZY206: &m}
		rep := stations.Convert(e, nil)
		for _, r := range rep.Readings {
			if r.Source != "szy206/"+e.Station || r.Device != e.Station || r.Seq != rep.Observed.UnixMilli() ||
				r.TimeMillis != r.Seq || r.Field == "" || strings.Contains(r.Field, " ") {
				t.Fatalf("reading %+v of report observed at %s", r, rep.Observed)
			}
		}
		if d := rep.Observed.Sub(arrival); d.Abs() > stations.MaxLabelSkew {
			t.Fatalf("observed %s is %s from the arrival", rep.Observed, d)
		}
	})
}
