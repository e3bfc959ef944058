package server

import (
	"errors"
	"net/http"

	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// waterStatsOutput is the body of GET /api/v1/stats/water: the water drawn
// in one month by the townships of a county or the villages of a township,
// with the division's own total.
type waterStatsOutput struct {
	Zone     string `json:"zone"`
	Month    string `json:"month"`
	From     string `json:"from"`
	Through  string `json:"through"`
	Partial  bool   `json:"partial"`
	Division string `json:"division"`
	By       string `json:"by"`
	// Total is the division's own row; nil when no well lies in it.
	Total *waterRow  `json:"total"`
	Rows  []waterRow `json:"rows"`
}

// waterRow is one group's water with its changes. Records 0 means no well of
// the group reported, which is not the same as 0 m³ drawn.
type waterRow struct {
	Code    string      `json:"code"`
	Name    string      `json:"name"`
	Volume  string      `json:"volume_m3"`
	Records int         `json:"records"`
	YoY     changeValue `json:"yoy"`
	MoM     changeValue `json:"mom"`
}

// changeValue is a water.Change. Percent is nil unless Status is "defined":
// a base of 0 m³, a missing base or a missing current value has no
// percentage, never 0% or an infinite one.
type changeValue struct {
	Status      string  `json:"status"`
	Percent     *string `json:"percent"`
	Base        string  `json:"base_m3"`
	BaseFrom    string  `json:"base_from,omitempty"`
	BaseThrough string  `json:"base_through,omitempty"`
}

func changeJSON(c water.Change) changeValue {
	out := changeValue{Status: c.Status.String(), Base: volumeText(c.Base)}
	if !c.BasePeriod.Start.IsZero() {
		out.BaseFrom, out.BaseThrough = c.BasePeriod.Start.String(), c.BasePeriod.End.String()
	}
	if v, ok := c.Value(); ok {
		text := v.StringFixed(water.PercentPlaces)
		out.Percent = &text
	}
	return out
}

// reportLevels maps a division level to the report level of its own row.
var reportLevels = map[land.DivisionLevel]water.Level{
	land.DivisionCounty:   water.LevelCounty,
	land.DivisionTownship: water.LevelTownship,
	land.DivisionVillage:  water.LevelVillage,
}

func (s *Server) waterStats(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read water statistics")
		return
	}
	if fe := checkQuery(r, "division", "month", "by"); fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := statsDivision(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	by, fe := byQuery(r, div)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	today := s.today()
	month, fe := monthQuery(r, today)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	through := month.AddDate(0, 1, -1)
	if through.After(today) {
		through = today
	}

	key := statsKey{route: "water", division: div, query: by.String() + "/" + month.String() + "/" + through.String()}
	s.serveStats(w, r, key, func() (any, error) {
		return s.loadWaterStats(r, div, by, month, through)
	})
}

// byQuery reads the by query parameter: township or village. The default is
// township for a county or wider division and village below it. Townships
// need a division above the township level.
func byQuery(r *http.Request, div land.DivisionCode) (water.Level, *fieldError) {
	v := r.URL.Query().Get("by")
	switch v {
	case "":
		if div.Level() <= land.DivisionCounty {
			return water.LevelTownship, nil
		}
		return water.LevelVillage, nil
	case "township":
		if div.Level() >= land.DivisionTownship {
			return 0, badQuery("by", "by township needs a county division, and %s is a %v; use by=village", div, div.Level())
		}
		return water.LevelTownship, nil
	case "village":
		return water.LevelVillage, nil
	}
	return 0, badQuery("by", "by %q is invalid, want township or village", v)
}

func (s *Server) loadWaterStats(r *http.Request, div land.DivisionCode, by water.Level, month, through land.Date) (*waterStatsOutput, error) {
	ctx := r.Context()
	// The index reaches back to the same month a year earlier for the
	// year-on-year base; the month before is within that span.
	ix, _, err := s.reportIndex(ctx, div, month.AddDate(-1, 0, 0), through)
	if err != nil {
		return nil, err
	}
	names, err := s.divisionNames(r, div)
	if err != nil {
		return nil, err
	}
	q := water.ReportQuery{Level: by, Within: div, Granularity: water.Monthly, From: month, Through: through}
	rep, err := ix.Report(q)
	if err != nil {
		return nil, err
	}
	out := &waterStatsOutput{Zone: rep.Zone, Month: monthText(month), From: month.String(),
		Through: through.String(), Division: string(div), By: by.String(),
		Rows: make([]waterRow, 0, len(rep.Rows))}
	out.Partial = through != month.AddDate(0, 1, -1)
	for _, row := range rep.Rows {
		out.Rows = append(out.Rows, waterRowJSON(row, names))
	}

	level, ok := reportLevels[div.Level()]
	if !ok {
		return out, nil
	}
	q.Level, q.Code, q.Within = level, string(div), ""
	total, err := ix.Report(q)
	if errors.Is(err, water.ErrNotFound) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	if len(total.Rows) > 0 {
		row := waterRowJSON(total.Rows[0], names)
		out.Total = &row
	}
	return out, nil
}

func waterRowJSON(row water.ReportRow, names map[land.DivisionCode]string) waterRow {
	return waterRow{Code: row.Code, Name: names[land.DivisionCode(row.Code)],
		Volume: volumeText(row.Volume), Records: row.Records,
		YoY: changeJSON(row.YoY), MoM: changeJSON(row.MoM)}
}

// divisionNames returns the names of the divisions within div.
func (s *Server) divisionNames(r *http.Request, div land.DivisionCode) (map[land.DivisionCode]string, error) {
	ds, err := s.cfg.County.Divisions(r.Context(), div)
	if err != nil {
		return nil, err
	}
	names := make(map[land.DivisionCode]string, len(ds))
	for _, d := range ds {
		names[d.Code] = d.Name
	}
	return names, nil
}
