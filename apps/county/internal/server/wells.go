package server

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shuxiang/shuxiang/apps/county/internal/alarms"
	"github.com/shuxiang/shuxiang/apps/county/internal/auth"
	"github.com/shuxiang/shuxiang/internal/sqlstore"
	"github.com/shuxiang/shuxiang/land"
	"github.com/shuxiang/shuxiang/water"
)

// wellOutput is a well as the API returns it; decimals are strings with the
// places of the register.
type wellOutput struct {
	Code          string        `json:"code"`
	Kind          string        `json:"kind"`
	Name          string        `json:"name"`
	Lon           float64       `json:"lon"`
	Lat           float64       `json:"lat"`
	Division      string        `json:"division"`
	District      string        `json:"district,omitempty"`
	Source        string        `json:"source"`
	Use           string        `json:"use"`
	Plots         []string      `json:"plots"`
	IrrigatedArea string        `json:"irrigated_area_mu"`
	Meters        []meterOutput `json:"meters"`
	Version       int64         `json:"version"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

type meterOutput struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

func wellJSON(w *water.WellRecord) wellOutput {
	out := wellOutput{
		Code: string(w.Code), Kind: fmt.Sprint(w.Kind), Name: w.Name, Lon: w.Location.Lon, Lat: w.Location.Lat,
		Division: string(w.Division), District: string(w.District), Source: fmt.Sprint(w.Source), Use: fmt.Sprint(w.Use),
		Plots: make([]string, 0, len(w.Plots)), IrrigatedArea: sqlstore.DecimalText(w.IrrigatedArea),
		Meters: make([]meterOutput, 0, len(w.Meters)), Version: w.Version, UpdatedAt: w.UpdatedAt,
	}
	for _, p := range w.Plots {
		out.Plots = append(out.Plots, string(p))
	}
	for _, m := range w.Meters {
		out.Meters = append(out.Meters, meterOutput{Kind: fmt.Sprint(m.Kind), ID: string(m.ID)})
	}
	return out
}

func (s *Server) listWells(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read wells")
		return
	}
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := divisionQuery(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	wells, next, err := s.cfg.Water.Wells(r.Context(), water.WellFilter{Division: div, Page: pg})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[wellOutput]{Items: make([]wellOutput, 0, len(wells)), Next: next}
	for _, wl := range wells {
		out.Items = append(out.Items, wellJSON(wl))
	}
	writeJSON(w, r, http.StatusOK, out)
}

// scopedWell returns the well of the path's code when it lies in p's scope,
// and writes 404 otherwise.
func (s *Server) scopedWell(w http.ResponseWriter, r *http.Request, p auth.Principal) (*water.WellRecord, bool) {
	code, err := water.ParseWellCode(r.PathValue("code"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "code")
		return nil, false
	}
	wl, err := s.cfg.Water.Well(r.Context(), code)
	if errors.Is(err, water.ErrNotFound) || err == nil && !p.InScope(wl.Division) {
		wellNotFound(w, code, p)
		return nil, false
	}
	if err != nil {
		s.internal(w, r, err)
		return nil, false
	}
	return wl, true
}

func (s *Server) getWell(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read wells")
		return
	}
	wl, ok := s.scopedWell(w, r, p)
	if !ok {
		return
	}
	writeJSON(w, r, http.StatusOK, wellJSON(wl))
}

type dailyOutput struct {
	Day      string `json:"day"`
	Volume   string `json:"volume_m3"`
	Energy   string `json:"energy_kwh"`
	Readings int64  `json:"readings"`
}

type seriesOutput struct {
	Well  string        `json:"well"`
	Zone  string        `json:"zone"`
	Total string        `json:"total_m3"`
	Days  []dailyOutput `json:"days"`
}

// maxSeriesDays bounds the span of one daily series request.
const maxSeriesDays = 3660

func (s *Server) wellDaily(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read wells")
		return
	}
	q := r.URL.Query()
	var from, to land.Date
	for _, d := range []struct {
		name string
		dst  *land.Date
	}{{"from", &from}, {"to", &to}} {
		v := q.Get(d.name)
		if v == "" {
			continue
		}
		day, err := land.ParseDate(v)
		if err != nil {
			writeFieldError(w, badQuery(d.name, "%s %q is invalid, want a day as YYYY-MM-DD", d.name, v))
			return
		}
		*d.dst = day
	}

	if !from.IsZero() && !to.IsZero() {
		if to.Before(from) {
			writeFieldError(w, badQuery("to", "to %s is before from %s", to, from))
			return
		}
		if to.Time().Sub(from.Time()) > maxSeriesDays*24*time.Hour {
			writeFieldError(w, badQuery("to", "the range is longer than %d days; ask for less", maxSeriesDays))
			return
		}
	}

	code, err := water.ParseWellCode(r.PathValue("code"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "invalid_path", err.Error(), "code")
		return
	}
	key := seriesKey{well: code, from: from, to: to}
	now := time.Now()
	e, ok := s.series.get(key, now)
	if !ok {
		generation := s.series.current()
		e, err = s.loadSeries(r, key, generation)
		if errors.Is(err, water.ErrNotFound) {
			wellNotFound(w, code, p)
			return
		}
		if err != nil {
			s.internal(w, r, err)
			return
		}
		s.series.put(key, e, now)
	}
	if !p.InScope(e.division) {
		wellNotFound(w, code, p)
		return
	}
	e.write(w, r)
}

// loadSeries reads the well and its daily totals and encodes the response,
// tagged with the cache generation read before.
func (s *Server) loadSeries(r *http.Request, key seriesKey, generation uint64) (*cachedBody, error) {
	wl, err := s.cfg.Water.Well(r.Context(), key.well)
	if err != nil {
		return nil, err
	}
	days, err := s.cfg.County.DailySeries(r.Context(), string(wl.Code), key.from, key.to)
	if err != nil {
		return nil, err
	}
	out := seriesOutput{Well: string(wl.Code), Zone: s.cfg.County.DailyZone(), Days: make([]dailyOutput, 0, len(days))}
	var sum decimal.Decimal
	for _, d := range days {
		sum = sum.Add(d.Volume)
		out.Days = append(out.Days, dailyOutput{Day: d.Day.String(), Volume: sqlstore.DecimalText(d.Volume),
			Energy: sqlstore.DecimalText(d.Energy), Readings: d.Readings})
	}
	out.Total = sqlstore.DecimalText(sum)
	body, etag, err := encodeBody(out)
	if err != nil {
		return nil, err
	}
	return newCachedBody(wl.Division, body, etag, generation), nil
}

func wellNotFound(w http.ResponseWriter, code water.WellCode, p auth.Principal) {
	writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("well %s is not found in division %s", code, p.Division), "code")
}

func (s *Server) listAlarms(w http.ResponseWriter, r *http.Request, p auth.Principal) {
	if !p.CanRead(auth.AreaWater) {
		forbidden(w, p, "read alarms")
		return
	}
	pg, fe := pageQuery(r)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	div, fe := divisionQuery(r, p)
	if fe != nil {
		writeFieldError(w, fe)
		return
	}
	f := water.AlarmFilter{Page: pg}
	q := r.URL.Query()
	if v := q.Get("well"); v != "" {
		code, err := water.ParseWellCode(v)
		if err != nil {
			writeFieldError(w, badQuery("well", "%v", err))
			return
		}
		f.Well = code
	}
	if v := q.Get("status"); v != "" {
		st, err := water.ParseAlarmStatus(v)
		if err != nil {
			writeFieldError(w, badQuery("status", "%v", err))
			return
		}
		f.Status = st
	}

	// Alarms name their well, and the well's division decides the scope, which
	// the store cannot filter on.
	divisions := map[water.WellCode]land.DivisionCode{}
	inScope := func(code water.WellCode) (bool, error) {
		d, ok := divisions[code]
		if !ok {
			wl, err := s.cfg.Water.Well(r.Context(), code)
			switch {
			case errors.Is(err, water.ErrNotFound):
			case err != nil:
				return false, err
			default:
				d = wl.Division
			}
			divisions[code] = d
		}
		if div == "" {
			return true, nil
		}
		return d != "" && div.Contains(d), nil
	}
	fetch := func(after string, limit int) ([]*water.AlarmRecord, string, error) {
		f.Page = land.Page{Limit: limit, After: after}
		return s.cfg.Water.Alarms(r.Context(), f)
	}
	keep := func(a *water.AlarmRecord) (bool, error) { return inScope(a.Well) }
	found, next, err := collect(pg.Limit, pg.After, fetch, keep)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := page[alarms.WaterOutput]{Items: make([]alarms.WaterOutput, 0, len(found)), Next: next}
	for _, a := range found {
		out.Items = append(out.Items, alarms.WaterJSON(a, string(divisions[a.Well])))
	}
	writeJSON(w, r, http.StatusOK, out)
}
