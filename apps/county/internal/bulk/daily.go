package bulk

import (
	"context"
	"io"
	"strconv"

	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// DailyColumns returns the columns of the daily totals CSV that ExportDaily
// writes.
func DailyColumns() []Column {
	return []Column{
		{"well", true, "well code"},
		{"day", true, "calendar day, YYYY-MM-DD, in the county's time zone"},
		{"volume_m3", true, "water drawn that day in m³"},
		{"energy_kwh", true, "electricity the pump used that day in kWh, 0 when not metered"},
		{"readings", true, "number of meter readings the totals came from"},
	}
}

// ExportDaily writes the daily water totals of the wells within division
// (every well when division is empty) from day from to day to, both included,
// as CSV in the layout of [DailyColumns], by well and day. A zero from or to
// leaves that end open. It returns the number of rows written.
func ExportDaily(ctx context.Context, s Stores, w io.Writer, division land.DivisionCode, from, to land.Date) (int, error) {
	cw, err := newCSVWriter(w, DailyColumns())
	if err != nil {
		return 0, err
	}
	n := 0
	err = eachWell(ctx, s.Water, division, func(wl *water.WellRecord) error {
		days, err := s.County.DailySeries(ctx, string(wl.Code), from, to)
		if err != nil {
			return err
		}
		for _, d := range days {
			n++
			err := cw.write(map[string]string{
				"well": d.Well, "day": d.Day.String(), "volume_m3": sqlstore.DecimalText(d.Volume),
				"energy_kwh": sqlstore.DecimalText(d.Energy), "readings": strconv.FormatInt(d.Readings, 10),
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return n, err
	}
	return n, cw.flush()
}
